from datetime import date

import pytest

from eventmap.events import extract_events
from eventmap.geoparse import geoparse
from eventmap.model import Document


@pytest.fixture
def extract(small_gazetteer):
    def run(text, published=date(2020, 11, 10)):
        doc = Document(id="t", text=text, published=published)
        return extract_events(doc, geoparse(text, small_gazetteer), small_gazetteer)
    return run


def test_a_clash_near_a_village_is_a_battle_at_that_village(extract):
    (e,) = extract("On November 9, Armenian forces clashed with an Azerbaijani unit near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.event_date == date(2020, 11, 9) and e.place_id == "eventmap:karintak" and e.geo_precision == 2
    assert e.actor1 == "Military Forces of Armenia" and e.actor2 == "Military Forces of Azerbaijan"


def test_a_drone_strike_is_remote_violence_by_air(extract):
    (e,) = extract("On November 9, Azerbaijani drones struck a column near Martakert.")
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")


def test_killed_by_artillery_is_shelling(extract):
    (e,) = extract("On November 9, two soldiers were killed by Azerbaijani artillery near Karintak.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_a_base_pounded_is_shelled(extract):
    (e,) = extract("On November 9, Azerbaijani forces pounded positions in Martakert.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_mortar_fire_is_shelling(extract):
    (e,) = extract("On November 8, a mortar crew fired at positions in Mets Shen.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_every_place_in_a_list_gets_its_own_event(extract):
    evs = extract("On November 9, the army repelled attacks in the directions of Martuni, Martakert and Shusha.")
    assert sorted(e.location for e in evs) == ["Martakert", "Martuni", "Shusha"]


def test_a_sentence_without_a_date_takes_the_date_of_its_context(extract):
    evs = extract("On November 7, fighting resumed.\n\nHeavy clashes were reported near Shusha.")
    assert evs[-1].event_date == date(2020, 11, 7) and evs[-1].date_method == "context"


def test_without_any_date_the_publication_date_is_used(extract):
    (e,) = extract("Heavy clashes were reported near Shusha.")
    assert e.event_date == date(2020, 11, 10) and e.date_method == "published"


def test_according_to_names_the_claimant(extract):
    (e,) = extract("Fighting continued near Shusha, according to the MoD of Armenia.")
    assert e.claimed_by == "Armenian MoD" and e.claim_status == "claimed"
    assert e.actor1 is None  # the source is not an actor


def test_fighting_whose_end_is_demanded_is_not_the_event(extract):
    (e,) = extract("On November 9, protesters gathered in Shusha to demand an end to the fighting.")
    assert (e.event_type, e.sub_event_type) == ("Protests", "Peaceful protest")


def test_what_will_or_could_happen_is_no_event(extract):
    assert extract("On November 9, officials warned that Azerbaijani forces will attack Shusha.") == []
    assert extract("Azerbaijani drones could have struck Martakert on November 9.") == []


def test_civilians_killed_by_an_armed_group_is_violence_against_civilians(extract):
    (e,) = extract("On November 9, two teachers were killed by gunmen in Martakert.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_an_armed_group_shooting_civilians_is_violence_against_civilians(extract):
    (e,) = extract("On November 9, Azerbaijani soldiers shot three shepherds near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_soldiers_killed_are_a_battle_even_when_civilians_are_named(extract):
    (e,) = extract("On November 9, two soldiers and a civilian were killed in an attack near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


def test_a_clash_that_kills_civilians_stays_a_battle(extract):
    (e,) = extract("On November 9, Armenian and Azerbaijani forces clashed near Karintak, killing two civilians.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


def test_police_of_no_named_country_are_the_police_of_the_country_of_the_place(extract):
    (e,) = extract("On November 9, police arrested two men in Shusha.")
    assert e.actor1 == "Police Forces of Azerbaijan"


def test_police_an_attack_happens_to_are_the_second_actor(extract):
    (e,) = extract("On November 9, two policemen were killed near Karintak.")
    assert (e.actor1, e.actor2) == (None, "Police Forces of Azerbaijan")


def test_police_who_only_report_an_event_are_not_its_actor(extract):
    (e,) = extract("On November 9, Armenian forces shelled Shusha, the police said.")
    assert "Police Forces of Azerbaijan" not in (e.actor1, e.actor2)


def test_what_a_thing_says_is_nobody_s_claim(extract):
    (e,) = extract("On November 9, protesters holding signs that said 'no war' gathered in Shusha.")
    assert e.claimed_by is None


def test_a_speaker_introduced_by_who_is_named_without_it():
    from eventmap.events.claims import attribution_in

    text = "Residents who said they saw the strike fled the town."
    assert attribution_in(text, 0, len(text)) == "Residents"


def test_combatants_abducted_are_a_battle_not_violence_against_civilians(extract):
    (e,) = extract("On November 9, two soldiers were abducted near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")


def test_civilians_abducted_are_violence_against_civilians(extract):
    (e,) = extract("On November 9, two shepherds were abducted near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Abduction/forced disappearance")


def test_a_bomb_going_off_in_its_carriers_hands_is_disrupted_weapons_use(extract):
    (e,) = extract("On November 9, a bomb carried by militants detonated prematurely near Karintak.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_a_video_released_is_no_event_but_prisoners_released_are(extract):
    assert extract("On November 9, a video was released showing the ruins of Shusha.") == []
    (e,) = extract("On November 9, prisoners were released in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Other")


def test_what_was_reported_is_not_who_reported_it(extract):
    (e,) = extract("On November 9, heavy fighting was reported near Shusha.")
    assert e.claimed_by is None


def test_a_passive_report_names_its_source_after_by(extract):
    (e,) = extract("On November 9, clashes near Shusha were reported by local residents.")
    assert e.claimed_by == "local residents"


def test_an_auxiliary_before_the_speech_verb_is_not_part_of_the_speaker(extract):
    (e,) = extract("The army has said that Azerbaijani forces shelled Shusha on November 9.")
    assert e.claimed_by == "army"


def test_the_conjunction_opening_a_clause_is_not_part_of_the_speaker(extract):
    (e,) = extract("While local officials said Azerbaijani forces shelled Shusha on November 9, the town held.")
    assert e.claimed_by == "local officials"


def test_who_answers_a_claim_later_in_the_sentence_does_not_make_it(extract):
    (e,) = extract("Azerbaijani forces reportedly captured Shusha, but local officials said the town "
                   "had not been captured.")
    assert e.claimed_by is None and e.claim_status == "disputed"


def test_as_reported_names_no_speaker(extract):
    (e,) = extract("As reported on November 9, Azerbaijani forces shelled Shusha.")
    assert e.claimed_by is None


def test_a_hedged_claim_takes_the_source_named_next(extract):
    evs = extract("Armenian forces reportedly attacked near Karintak. The losses were heavy, "
                  "according to the MoD of Armenia.")
    assert evs[0].claimed_by == "Armenian MoD"


def test_a_capture_the_report_contradicts_is_disputed(extract):
    evs = extract("“Today our army has captured the city of Shusha,” he said.\n\n"
                  "Shusha hasn't been captured, local officials said.")
    capture = next(e for e in evs if e.sub_event_type == "Government regains territory")
    assert capture.claim_status == "disputed"


@pytest.mark.parametrize("title, status", [("Shusha Has Not Been Captured", "disputed"), (None, "claimed")])
def test_a_headline_that_denies_a_capture_disputes_the_capture_in_the_body(small_gazetteer, title, status):
    text = "“Today our army has captured the city of Shusha,” he said."
    doc = Document(id="t", text=text, title=title, published=date(2020, 11, 10))
    (e,) = extract_events(doc, geoparse(text, small_gazetteer), small_gazetteer)
    assert e.place_id == "eventmap:shusha" and e.claim_status == status


def test_a_headline_place_the_body_does_not_name_is_resolved_in_the_headline(small_gazetteer):
    from eventmap.events.extract import _Extractor

    doc = Document(id="t", text="Fighting went on.", title="Martakert Has Not Been Captured")
    assert _Extractor(doc, [], small_gazetteer).disputed_places == {"eventmap:martakert"}


def test_no_progress_marks_the_battle_disputed(extract):
    (e,) = extract("On November 8, Azerbaijan pushed Shusha, but was unable to make any progress.")
    assert e.claim_status == "disputed" and e.actor1 == "Military Forces of Azerbaijan"


def test_fatalities_only_when_a_number_is_stated(extract):
    (e,) = extract("Shelling hit Shusha; three civilians were killed.")
    assert e.fatalities == 3
    (e,) = extract("Shelling hit Shusha and civilians were killed.")
    assert e.fatalities is None


def test_first_person_statements_are_claimed_by_the_side_opposing_the_enemy(extract):
    evs = extract("The war between Azerbaijani and Armenian forces went on.\n\n"
                  "On November 9, our units destroyed Armenian tanks near Karintak.")
    assert evs[-1].claimed_by == "Azerbaijani MoD"


def test_an_attempt_is_not_the_event(extract):
    (e,) = extract("Our drones destroyed a column which attempted to attack near Martakert.")
    assert e.sub_event_type == "Air/drone strike"


def test_every_event_quotes_its_sentence(extract):
    text = "On November 9, Armenian forces clashed with Azerbaijani units near Karintak."
    (e,) = extract(text)
    assert e.notes == text and text[e.sentence_start:e.sentence_end] == text


def test_event_ids_are_stable(extract):
    text = "On November 9, Armenian forces clashed with Azerbaijani units near Karintak."
    assert extract(text)[0].event_id == extract(text)[0].event_id


def test_places_listed_after_a_cue_share_its_precision(extract):
    evs = extract("On November 9, the army repelled attacks in the directions of Martuni, Martakert and Shusha.")
    assert {e.geo_precision for e in evs} == {2}


def test_last_night_is_a_range_ending_on_publication(extract):
    (e,) = extract("Shelling hit Shusha last night.")
    assert (e.event_date, e.event_date_end, e.date_method) == (date(2020, 11, 9), date(2020, 11, 10), "relative")


def test_a_denial_in_the_next_sentence_marks_the_claim_denied(extract):
    evs = extract("On November 8, Azerbaijani drones struck a convoy near Karintak, the Armenian MoD said. "
                  "Azerbaijan denied the report.")
    assert evs[0].claim_status == "denied"


def test_a_death_toll_in_the_next_sentence_is_the_events(extract):
    evs = extract("Artillery shelled the outskirts of Shusha overnight. Two civilians were killed in the shelling.")
    assert evs[0].fatalities == 2


def test_a_place_named_only_by_its_division_falls_back_to_the_division(extract):
    (e,) = extract("On November 8, artillery shelled the village of Nowhereville, Tartar District.")
    assert e.location == "Nowhereville" and e.place_name == "Tartar District" and e.geo_precision >= 2


def test_words_are_lower_cased_as_python_does_also_in_the_compiled_build():
    """A final capital sigma lower-cases to "ς" in Python (mypyc's own lower-casing gives "σ"):
    the event stage's words are Python's either way."""
    from eventmap.events.lexicon import all_words

    text = "ΟΔΟΣ ΑΣ near Karin-Tak"
    assert [w for w, _, _ in all_words(text)[0]] == [w.lower() for w in ["ΟΔΟΣ", "ΑΣ", "near", "Karin-Tak"]]
    assert all_words(text)[0][0][0] == "οδος"


def test_an_event_s_fields_are_those_its_extractor_names():
    # the extractor builds events positionally, in the order of Event's fields
    from dataclasses import fields

    from eventmap.model import Event

    assert [f.name for f in fields(Event)] == [
        "event_id", "event_date", "event_type", "sub_event_type", "location", "place_name", "place_id",
        "country_code", "admin1", "latitude", "longitude", "geo_precision", "notes", "document_id",
        "event_date_end", "time_precision", "date_method", "actor1", "actor2", "claimed_by", "claim_status",
        "fatalities", "source", "source_url", "published", "confidence", "sentence_start", "sentence_end"]


def test_districts_listed_before_their_province_each_get_an_event_and_the_province_none(tmp_path):
    from eventmap.gazetteer import Gazetteer
    from tests.conftest import PACK_HEADER

    pack = tmp_path / "af.tsv"
    pack.write_text(PACK_HEADER + "".join("\t".join(r) + "\n" for r in [
        ("t:af", "Afghanistan", "", "33.0", "66.0", "A", "PCLI", "AF", "", "", "37000000", "test"),
        ("t:uruzgan", "Uruzgan", "Urozgan", "32.9", "66.1", "A", "ADM1", "AF", "", "", "400000", "test"),
        ("t:chora", "Chora", "", "32.9", "65.9", "A", "ADM2", "AF", "Uruzgan", "", "60000", "test"),
        ("t:tarinkot", "Tarinkot", "", "32.63", "65.88", "A", "ADM2", "AF", "Uruzgan", "", "100000", "test"),
    ]), encoding="utf-8")
    g = Gazetteer(tmp_path / "af.sqlite", packs=[pack], base=False, imports=False, progress=False)
    text = "On 17 March, Afghan forces killed 8 Taliban militants in Chora and Tarinkot districts, Urozgan."
    evs = extract_events(Document(id="t", text=text, published=date(2020, 3, 18)), geoparse(text, g), g)
    assert sorted(e.place_id for e in evs) == ["t:chora", "t:tarinkot"]


def test_a_side_named_right_after_a_one_sided_trigger_is_its_target_not_its_author(extract):
    (e,) = extract("On November 9, a roadside bomb hit Armenian soldiers near Shusha.")
    assert (e.actor1, e.actor2) == (None, "Military Forces of Armenia")


def test_a_side_named_after_a_mutual_trigger_is_a_party_to_it(extract):
    (e,) = extract("On November 9, heavy fighting with Azerbaijani forces was reported near Shusha.")
    assert e.actor1 == "Military Forces of Azerbaijan"


def test_the_country_an_event_happens_in_is_not_its_author(extract):
    (e,) = extract("In Azerbaijan, a roadside bomb exploded near Shusha on November 9.")
    assert e.actor1 is None


def test_civilians_killed_in_a_participle_clause_make_an_attack_violence_against_civilians(extract):
    (e,) = extract("On November 9, gunmen attacked a bus near Shusha, killing 12 civilians.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_a_capture_claim_the_other_side_says_failed_is_disputed(extract):
    (e,) = extract("Azerbaijan claimed its forces had taken the town of Shusha. Armenia said the town "
                   "remained under its control.")
    assert e.sub_event_type == "Government regains territory" and e.claim_status == "disputed"


def test_security_forces_named_by_no_country_are_the_military_of_the_country_it_happens_in(extract):
    (e,) = extract("On November 9, security forces raided a house in Shusha.")
    assert e.actor1 == "Military Forces of Azerbaijan"


def test_a_named_armed_group_is_an_actor_under_its_canonical_name(extract):
    (e,) = extract("On November 9, Houthi rebels attacked a checkpoint near Shusha.")
    assert e.actor1 == "Houthis"


def test_seizing_goods_is_no_change_of_territory(extract):
    assert extract("On November 9, the army seized 2 tonnes of cocaine near Shusha.") == []


def test_a_community_leader_shot_dead_is_violence_against_civilians(extract):
    (e,) = extract("On November 9, a community leader was shot dead by gunmen in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")


def test_the_side_named_before_a_passive_verb_is_its_target_and_the_one_after_its_author(extract):
    (e,) = extract("On November 9, two Armenian soldiers were killed following an attack by Taliban "
                   "militants near Shusha.")
    assert (e.actor1, e.actor2) == ("Taliban", "Military Forces of Armenia")


def test_unnamed_forces_on_both_sides_of_a_clash_are_both_actors(extract):
    (e,) = extract("On November 9, government troops clashed with police officers near Shusha.")
    assert (e.actor1, e.actor2) == ("Military Forces of Azerbaijan", "Police Forces of Azerbaijan")


def test_police_firing_tear_gas_at_protesters_is_a_protest_with_intervention(extract):
    (e,) = extract("On November 9, police fired tear gas at protesters in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Protests", "Protest with intervention")
    assert (e.actor1, e.actor2) == ("Protesters (Azerbaijan)", "Police Forces of Azerbaijan")


def test_protesters_shot_dead_by_police_is_excessive_force(extract):
    (e,) = extract("On November 9, police fired live ammunition at protesters in Shusha, killing three.")
    assert e.sub_event_type == "Excessive force against protesters"


def test_rioters_clashing_with_police_are_a_violent_demonstration(extract):
    (e,) = extract("On November 9, rioters looted shops and clashed with police in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Riots", "Violent demonstration")
    assert e.actor1 == "Rioters (Azerbaijan)"


def test_a_mob_killing_someone_is_mob_violence(extract):
    (e,) = extract("On November 9, a mob killed a man accused of theft in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Riots", "Mob violence")


def test_a_division_is_no_event_place_beside_a_place_inside_it(extract):
    (e,) = extract("On November 9, in the Tartar District, gunmen abducted 3 passengers near Mets Shen.")
    assert e.place_id == "eventmap:metsshen"


def test_a_name_no_place_was_found_for_is_no_event_place_beside_one_that_was(extract):
    (e,) = extract("On November 9, Azerbaijani forces shelled the village of Zorgon near Shusha.")
    assert e.place_id == "eventmap:shusha"


def test_a_capture_the_other_side_denies_is_disputed(extract):
    evs = extract("On November 9, Azerbaijani forces captured Shusha. Armenia denied that Shusha had fallen.")
    (e,) = [e for e in evs if e.sub_event_type == "Government regains territory"]
    assert e.claim_status == "disputed"


def test_a_wire_datelines_place_and_day_are_neither_where_nor_when_it_happened(extract):
    (e,) = extract("SHUSHA, November 9 (Wire) - Azerbaijani forces shelled Martakert on Sunday.")
    assert e.place_id == "eventmap:martakert" and e.event_date == date(2020, 11, 8)


def test_drones_shot_down_are_disrupted_weapons_use(extract):
    (e,) = extract("On November 9, Armenian air defences shot down 3 drones near Martakert.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_occupied_before_a_place_describes_it_and_is_no_capture(extract):
    (e,) = extract("On November 9, Azerbaijani forces attacked positions in the occupied town of Martakert.")
    assert e.sub_event_type == "Armed clash"


def test_a_landmark_after_a_place_locates_it_and_is_no_second_scene(extract):
    (e,) = extract("On November 9, gunmen torched houses in the village of Karintak, near Shusha.")
    assert e.place_id == "eventmap:karintak"


def test_where_rockets_came_from_is_not_where_they_struck(extract):
    (e,) = extract("On November 9, rockets were fired from Martakert towards Shusha.")
    assert e.place_id == "eventmap:shusha"


def test_a_bomb_defused_is_disrupted_weapons_use_not_an_explosion(extract):
    (e,) = extract("On November 9, police defused a bomb near a mosque in Shusha.")
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_residents_blocking_a_road_protest(extract):
    (e,) = extract("On November 9, residents of Shusha blocked the road to demand the release of detained relatives.")
    assert (e.event_type, e.sub_event_type) == ("Protests", "Peaceful protest")


def test_a_general_strike_is_a_protest_not_an_air_strike(extract):
    (e,) = extract("On November 9, workers in Shusha held a general strike.")
    assert e.event_type == "Protests"
