from eventmap.geoparse import geoparse, recognise


def _surfaces(text, g):
    return [m.surface for m in geoparse(text, g)]


def test_a_hyphenated_village_name_is_found_with_its_span(small_gazetteer):
    text = "Fighting was reported near the village of Karin-Tak on Monday."
    (m,) = geoparse(text, small_gazetteer)
    assert text[m.start:m.end] == m.surface == "Karin-Tak"
    assert m.place.place_id == "eventmap:karintak"


def test_a_near_cue_makes_the_precision_two(small_gazetteer):
    (m,) = geoparse("Troops gathered near Martakert.", small_gazetteer)
    assert m.geo_precision == 2


def test_demonyms_are_country_evidence_and_demonym_mentions_never_literal_places(small_gazetteer):
    rec = recognise("Azerbaijani and Armenian units exchanged fire.", small_gazetteer)
    assert [(m.surface, m.role) for m in rec.mentions] == [("Azerbaijani", "demonym"), ("Armenian", "demonym")]
    assert rec.countries["AZ"] == 1 and rec.countries["AM"] == 1


def test_a_demonym_resolves_to_its_country_and_is_no_event_place(small_gazetteer):
    from eventmap.events import extract_events
    from eventmap.model import Document

    text = "Armenian artillery shelled Shusha overnight."
    mentions = geoparse(text, small_gazetteer)
    demonym = next(m for m in mentions if m.role == "demonym")
    assert demonym.place.place_id == "eventmap:am" and demonym.geo_precision == 3
    assert {e.place_id for e in extract_events(Document("d", text), mentions, small_gazetteer)} == {"eventmap:shusha"}


def test_a_country_name_inside_an_organisation_is_an_associative_mention(small_gazetteer):
    (m,) = geoparse("The Azerbaijan Army said it held the line.", small_gazetteer)
    assert (m.surface, m.role) == ("Azerbaijan", "associative")


def test_a_place_inside_an_organisation_name_is_never_where_an_event_happened(small_gazetteer):
    from eventmap.events import extract_events
    from eventmap.model import Document

    text = "The Shusha Police Department said an artillery strike hit a school overnight."
    mentions = geoparse(text, small_gazetteer)
    assert [(m.surface, m.role) for m in mentions] == [("Shusha", "associative")]
    assert all(e.place_id is None or e.location != "Shusha"
               for e in extract_events(Document("d", text), mentions, small_gazetteer))


def test_a_name_before_a_surname_is_not_an_organisation(small_gazetteer):
    assert _surfaces("Martuni Petrosyan arrived there early in the morning with his brother.", small_gazetteer) == []


def test_a_common_word_that_is_a_place_name_is_not_a_mention(small_gazetteer):
    assert _surfaces("A new Video was posted online.", small_gazetteer) == []


def test_a_name_after_a_title_is_a_person(small_gazetteer):
    assert _surfaces("He met President Martuni yesterday.", small_gazetteer) == []


def test_an_unknown_name_after_a_settlement_cue_is_kept_unresolved(small_gazetteer):
    (m,) = geoparse("Shells fell on the village of Nowhereville overnight.", small_gazetteer)
    assert m.surface == "Nowhereville" and m.place is None


def test_a_region_cue_prefers_the_division(small_gazetteer):
    (m,) = geoparse("Shelling continued in the Tartar region.", small_gazetteer)
    assert m.place.feature_code == "ADM1" and m.geo_precision == 3


def test_nearby_places_pull_an_ambiguous_name_to_their_country(small_gazetteer):
    ms = geoparse("Clashes near Shusha, Karintak and Martuni continued.", small_gazetteer)
    martuni = next(m for m in ms if m.surface == "Martuni")
    assert martuni.place.place_id == "eventmap:martuni-nk"
    assert martuni.runner_up.place.place_id == "eventmap:martuni-am"


def test_the_hierarchy_qualifier_is_used(small_gazetteer):
    ms = geoparse("A crew fired from Mets Shen settlement of the Tartar region.", small_gazetteer)
    assert ms[0].place.place_id == "eventmap:metsshen"


def test_spans_from_another_recogniser_are_added_where_the_gazetteer_found_nothing(small_gazetteer):
    text = "Fighting reached Nowherevale and Karintak."
    rec = recognise(text, small_gazetteer, extra_spans=[(17, 28), (33, 41)])
    assert [m.surface for m in rec.mentions] == ["Nowherevale", "Karintak"]
    assert rec.mentions[0].key_ids == () and rec.mentions[1].cue != "ner"


def test_ner_spans_keep_only_place_entities():
    from types import SimpleNamespace

    from eventmap.geoparse.ner import ner_spans

    ents = [SimpleNamespace(start_char=0, end_char=4, label_="GPE"),
            SimpleNamespace(start_char=5, end_char=9, label_="PERSON")]
    fake_nlp = lambda text: SimpleNamespace(ents=ents)  # noqa: E731
    assert ner_spans("Baku Aliy", model=fake_nlp) == [(0, 4)]


def _with_rows(tmp_path, rows):
    from eventmap.gazetteer import Gazetteer
    from tests.conftest import PACK_HEADER

    pack = tmp_path / "pack.tsv"
    pack.write_text(PACK_HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return Gazetteer(tmp_path / "g.sqlite", packs=[pack], base=False, imports=False, progress=False)


def test_a_distinct_major_place_is_found_even_when_its_name_is_a_frequent_word(tmp_path):
    g = _with_rows(tmp_path, [("t:ca", "California", "", "36.8", "-119.9", "A", "ADM1", "US", "", "", "39000000", "test")])
    assert _surfaces("He grew up in California before the war.", g) == ["California"]


def test_a_generic_division_name_that_is_a_frequent_word_needs_a_cue(tmp_path):
    g = _with_rows(tmp_path, [
        ("t:north-cm", "North", "", "8.5", "13.9", "A", "ADM1", "CM", "", "", "2400000", "test"),
        ("t:north-lk", "North", "", "9.3", "80.4", "A", "ADM1", "LK", "", "", "1000000", "test"),
    ])
    assert _surfaces("They moved North after the war.", g) == []


def test_a_major_place_opening_a_sentence_is_a_mention(tmp_path):
    g = _with_rows(tmp_path, [("t:paris", "Paris", "", "48.86", "2.35", "P", "PPLC", "FR", "", "", "2100000", "test")])
    assert _surfaces("The fire was out by noon. Paris firefighters said nobody was hurt.", g) == ["Paris"]


def test_an_english_as_between_two_names_does_not_join_them(tmp_path):
    g = _with_rows(tmp_path, [("t:dublin", "Dublin", "", "53.35", "-6.26", "P", "PPLC", "IE", "", "", "1000000", "test")])
    assert _surfaces("They appointed Terry Foegler as Dublin's city manager.", g) == ["Dublin"]


def test_a_function_word_is_never_a_place_even_before_a_place_cue(tmp_path):
    g = _with_rows(tmp_path, [("t:the", "Teresina", "The", "-5.09", "-42.8", "P", "PPLA", "BR", "", "", "800000", "test")])
    assert _surfaces("The city will have to prioritise its spending.", g) == []


def test_an_abbreviated_title_is_not_a_place(tmp_path):
    g = _with_rows(tmp_path, [("t:gov", "Gov", "", "10.0", "10.0", "P", "PPL", "XX", "", "", "2000", "test")])
    assert _surfaces("They met Gov. Sanford after the vote in the capital.", g) == []


def test_a_direction_alone_is_not_a_place(tmp_path):
    g = _with_rows(tmp_path, [("t:east", "East", "", "4.0", "14.0", "A", "ADM1", "CM", "", "", "800000", "test")])
    assert _surfaces("Storms moved East overnight, and the East Region was spared.", g) == ["East"]


def test_a_weekday_before_a_place_does_not_make_it_a_surname(tmp_path):
    g = _with_rows(tmp_path, [("t:alex", "Alexandria", "", "45.88", "-95.38", "P", "PPL", "US", "", "", "13000", "test")])
    (m,) = geoparse("Around 7:35 p.m. Sunday Alexandria Police went to the warehouse.", g)
    assert (m.surface, m.role) == ("Alexandria", "associative")


def test_a_street_the_gazetteer_lacks_is_a_street_mention_and_no_event_place(small_gazetteer):
    from eventmap.events import extract_events
    from eventmap.model import Document

    text = "Azerbaijani artillery shelled positions on Pushkin Avenue in Shusha overnight."
    mentions = geoparse(text, small_gazetteer)
    assert [(m.surface, m.role, m.place) for m in mentions if m.role == "street"] == [("Pushkin Avenue", "street", None)]
    assert {e.place_id for e in extract_events(Document("d", text), mentions, small_gazetteer)} == {"eventmap:shusha"}


def test_the_name_after_a_district_and_a_comma_is_the_division_that_holds_it(small_gazetteer):
    text = "Azerbaijani artillery shelled Qaraqol of Yeni Kend district, Tertter."
    found = {m.surface: m for m in geoparse(text, small_gazetteer)}
    assert found["Tertter"].place.place_id == "eventmap:tartar-district"   # (spelled almost as "Terter")
    assert found["Yeni Kend"].place.place_id == "eventmap:tartar-district"  # within it, not known itself


def test_a_name_after_a_district_and_a_comma_that_goes_on_into_its_clause_is_its_subject(small_gazetteer):
    text = "While the shelling hit Yeni Kend district, Tertter said nothing."
    assert "Tertter" not in _surfaces(text, small_gazetteer)


def test_a_name_after_a_first_name_and_an_initial_is_a_surname(small_gazetteer):
    assert "Shusha" not in _surfaces("Reporters spoke to Anna K. Shusha in the capital.", small_gazetteer)


def test_a_name_followed_by_an_age_is_a_person(small_gazetteer):
    assert "Shusha" not in _surfaces("Anna Shusha, 24, of Baku was among the wounded.", small_gazetteer)
    assert "Martakert" not in _surfaces("Their children, Martakert, 6, and Nor, 4, were unhurt.", small_gazetteer)


def test_a_name_joined_to_another_by_an_ampersand_is_a_firm(small_gazetteer):
    assert "Martakert" not in _surfaces("The council paid Martakert & Sons for the repairs.", small_gazetteer)


def test_a_speech_verb_past_a_comma_does_not_make_a_place_a_person(full_gazetteer):
    assert "Ohio" in _surfaces("The judge in north-central Ohio, says the court has paper.", full_gazetteer)
