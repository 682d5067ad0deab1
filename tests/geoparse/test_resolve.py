"""Resolution: which place a name means, from the rest of the document."""
from eventmap.gazetteer import Gazetteer
from eventmap.geoparse import geoparse, resolve_spans
from tests.conftest import PACK_HEADER


def _gazetteer(tmp_path, rows) -> Gazetteer:
    pack = tmp_path / "pack.tsv"
    pack.write_text(PACK_HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return Gazetteer(tmp_path / "g.sqlite", packs=[pack], base=False, imports=False, progress=False)


def _chosen(text, g):
    return {m.surface: m.place.place_id for m in geoparse(text, g) if m.place}


COUNTRIES = [
    ("t:us", "United States", "", "39.8", "-98.6", "A", "PCLI", "US", "", "", "300000000", "test"),
    ("t:eg", "Egypt", "", "27.0", "30.0", "A", "PCLI", "EG", "", "", "90000000", "test"),
    ("t:gr", "Greece", "", "39.0", "22.0", "A", "PCLI", "GR", "", "", "10000000", "test"),
]


def test_a_name_repeated_does_not_outvote_the_country_the_rest_of_the_report_names(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:alex-eg", "Alexandria", "", "31.2", "29.92", "P", "PPLA", "EG", "", "", "3800000", "test"),
        ("t:alex-us", "Alexandria", "", "38.8", "-77.05", "P", "PPL", "US", "", "", "150000", "test"),
    ])
    text = ("Alexandria officials met on Monday. Alexandria police closed a road. Alexandria schools "
            "reopened. Alexandria residents voted. Alexandria council agreed. Alexandria firefighters "
            "were busy. The United States grant pays for it, said a United States official.")
    assert _chosen(text, g)["Alexandria"] == "t:alex-us"


def test_a_town_and_its_county_find_each_other_when_each_alone_would_pick_another(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:athens-gr", "Athens", "", "37.98", "23.73", "P", "PPLC", "GR", "", "", "664000", "test"),
        ("t:athens-ga", "Athens", "", "33.96", "-83.38", "P", "PPL", "US", "", "", "115000", "test"),
        ("t:athens-tx", "Athens", "", "32.20", "-95.85", "P", "PPL", "US", "", "", "12000", "test"),
        ("t:henderson-nc", "Henderson County", "", "35.34", "-82.48", "A", "ADM2", "US", "", "", "115000", "test"),
        ("t:henderson-tx", "Henderson County", "", "32.21", "-95.85", "A", "ADM2", "US", "", "", "80000", "test"),
    ])
    chosen = _chosen("The fair opened in Athens on Friday, and Henderson County officials praised it.", g)
    assert chosen == {"Athens": "t:athens-tx", "Henderson County": "t:henderson-tx"}


def test_an_abbreviation_given_as_a_span_names_its_division_not_a_place_spelled_alike(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:il", "Illinois", "", "40.0", "-89.2", "A", "ADM1", "US", "", "", "12800000", "test"),
        ("t:ill", "Ill", "", "48.5", "7.7", "P", "PPL", "FR", "", "", "900", "test"),
        ("t:springfield", "Springfield", "", "39.8", "-89.64", "P", "PPLA", "US", "Illinois", "", "114000", "test"),
    ])
    text = "The meeting was held in Springfield, Ill., on Tuesday."
    at = text.index("Ill.")
    (m,) = resolve_spans(text, [(at, at + 4)], g)
    assert m.place.place_id == "t:il"


def test_a_country_name_means_the_country_not_a_town_that_has_it_only_as_another_name(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:goodyear", "Goodyear", "Egypt", "33.4", "-112.4", "P", "PPL", "US", "", "", "65000", "test"),
        ("t:phoenix", "Phoenix", "", "33.45", "-112.07", "P", "PPLA", "US", "", "", "1600000", "test"),
        ("t:tempe", "Tempe", "", "33.41", "-111.94", "P", "PPL", "US", "", "", "180000", "test"),
    ])
    text = "Phoenix and Tempe students raised money for a school in Egypt this spring."
    assert _chosen(text, g)["Egypt"] == "t:eg"


def test_a_hamlet_named_like_a_foreign_capital_needs_more_than_the_country_focus(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:ru", "Russia", "", "60.0", "100.0", "A", "PCLI", "RU", "", "", "144000000", "test"),
        ("t:moscow-ru", "Moscow", "", "55.75", "37.62", "P", "PPLC", "RU", "", "", "10400000", "test"),
        ("t:moscow-pa", "Moscow", "", "41.34", "-75.52", "P", "PPL", "US", "", "", "2000", "test"),
        ("t:tampa", "Tampa", "", "27.95", "-82.46", "P", "PPL", "US", "", "", "390000", "test"),
        ("t:orlando", "Orlando", "", "28.54", "-81.38", "P", "PPL", "US", "", "", "300000", "test"),
    ])
    text = "The Tampa and Orlando choirs will tour Moscow next summer."
    assert _chosen(text, g)["Moscow"] == "t:moscow-ru"


def test_a_named_region_resolves_at_region_precision_and_does_not_swallow_its_towns(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:sd", "Sudan", "", "15.0", "30.0", "A", "PCLI", "SD", "", "", "40000000", "test"),
        ("t:darfur", "Darfur", "", "13.5", "24.0", "L", "RGN", "SD", "", "", "", "test"),
        ("t:geneina", "Geneina", "El Geneina", "13.45", "22.45", "P", "PPLA", "SD", "", "", "160000", "test"),
    ])
    by_surface = {m.surface: m for m in geoparse("Shelling was reported in Geneina, Darfur, on Sunday.", g)}
    assert by_surface["Darfur"].place.place_id == "t:darfur" and by_surface["Darfur"].geo_precision == 3
    assert by_surface["Geneina"].place.place_id == "t:geneina" and by_surface["Geneina"].geo_precision == 1


def test_a_town_whose_own_name_is_written_comes_before_one_known_by_it_as_another_name(tmp_path):
    g = _gazetteer(tmp_path, COUNTRIES + [
        ("t:youngstown", "Youngstown", "", "41.1", "-80.65", "P", "PPL", "US", "", "", "60000", "test"),
        ("t:gilead", "Mount Gilead", "Youngstown", "40.55", "-82.83", "P", "PPL", "US", "", "", "3600", "test"),
        ("t:mansfield", "Mansfield", "", "40.76", "-82.52", "P", "PPL", "US", "", "", "47000", "test"),
    ])
    assert _chosen("Crews from Mansfield and Youngstown worked through the night.", g)["Youngstown"] == "t:youngstown"


def test_an_unknown_place_in_an_unknown_district_of_a_known_one_is_placed_in_the_known_one(small_gazetteer):
    from eventmap.geoparse import geoparse

    text = "Azerbaijani artillery shelled the Qaraqol area of Yeni Kend district, Tertter."
    found = {m.surface: m for m in geoparse(text, small_gazetteer)}
    assert found["Qaraqol"].place.place_id == "eventmap:tartar-district"
    assert found["Qaraqol"].geo_precision == 3     # (only the division two levels up is known)


UKRAINE = [
    ("t:ua", "Ukraine", "", "49.0", "32.0", "A", "PCLI", "UA", "", "", "44000000", "test"),
    ("t:kharkiv-obl", "Kharkivska oblast", "Kharkiv,Kharkiv Oblast", "49.68", "36.51", "A", "ADM1", "UA", "", "", "2600000", "test"),
    ("t:kharkiv", "Kharkiv", "", "49.99", "36.23", "P", "PPLA", "UA", "Kharkivska oblast", "", "1400000", "test"),
    ("t:donetsk-obl", "Donetska oblast", "Donetsk,Donetsk Oblast", "48.01", "37.74", "A", "ADM1", "UA", "", "", "4100000", "test"),
]


def test_a_bare_name_a_division_shares_with_its_own_town_means_the_town(tmp_path):
    g = _gazetteer(tmp_path, [
        ("t:mm", "Myanmar", "", "21.0", "96.0", "A", "PCLI", "MM", "", "", "54000000", "test"),
        ("t:yangon-region", "Yangon", "", "16.9", "96.1", "A", "ADM1", "MM", "", "", "8600000", "test"),
        ("t:yangon", "Yangon", "", "16.8", "96.16", "P", "PPL", "MM", "Yangon", "", "4500000", "test"),
    ])
    assert _chosen("Police in Yangon arrested 15 students on Friday.", g)["Yangon"] == "t:yangon"


def test_the_same_name_with_a_region_cue_means_the_division(tmp_path):
    g = _gazetteer(tmp_path, UKRAINE)
    assert _chosen("Shelling went on in the Kharkiv region.", g)["Kharkiv"] == "t:kharkiv-obl"


def test_the_town_ranks_as_its_division_would_against_a_namesake_division_elsewhere(tmp_path):
    g = _gazetteer(tmp_path, [
        ("t:gaza-strip", "Gaza", "", "31.42", "34.37", "A", "ADM1", "PS", "", "", "1500000", "test"),
        ("t:gaza-city", "Gaza", "", "31.50", "34.47", "P", "PPL", "PS", "Gaza", "", "410000", "test"),
        ("t:gaza-mz", "Gaza", "", "-23.0", "33.0", "A", "ADM1", "MZ", "", "", "1400000", "test"),
    ])
    assert _chosen("Aid trucks waited at the crossing into Gaza on Tuesday.", g)["Gaza"] == "t:gaza-city"


AFGHAN_PROVINCES = [
    ("t:af", "Afghanistan", "", "33.0", "66.0", "A", "PCLI", "AF", "", "", "37000000", "test"),
    ("t:kandahar-prov", "Kandahar", "", "31.0", "65.7", "A", "ADM1", "AF", "", "", "1300000", "test"),
    ("t:kandahar", "Kandahar", "", "31.61", "65.71", "P", "PPLA", "AF", "Kandahar", "", "520000", "test"),
    ("t:zabul", "Zabul", "", "32.19", "67.19", "A", "ADM1", "AF", "", "", "300000", "test"),
    ("t:herat-prov", "Herat", "", "34.5", "62.0", "A", "ADM1", "AF", "", "", "1900000", "test"),
    ("t:herat", "Herat", "", "34.35", "62.2", "P", "PPLA", "AF", "Herat", "", "570000", "test"),
    ("t:farah", "Farah", "", "32.5", "62.5", "A", "ADM1", "AF", "", "", "500000", "test"),
    ("t:nimruz", "Nimruz", "", "30.5", "62.0", "A", "ADM1", "AF", "", "", "160000", "test"),
]


def test_a_plural_cue_after_a_list_qualifies_every_name_of_it(tmp_path):
    g = _gazetteer(tmp_path, AFGHAN_PROVINCES)
    chosen = _chosen("Commandos raided compounds in Kandahar and Zabul provinces.", g)
    assert chosen == {"Kandahar": "t:kandahar-prov", "Zabul": "t:zabul"}


def test_names_of_one_list_do_not_qualify_each_other(tmp_path):
    g = _gazetteer(tmp_path, AFGHAN_PROVINCES)
    chosen = _chosen("Clashes were reported in Herat, Farah and Nimruz provinces.", g)
    assert chosen == {"Herat": "t:herat-prov", "Farah": "t:farah", "Nimruz": "t:nimruz"}


SAHEL = [
    ("t:ml", "Mali", "", "18.0", "-2.0", "A", "PCLI", "ML", "", "", "19000000", "test"),
    ("t:mopti", "Mopti", "", "14.6", "-3.9", "A", "ADM1", "ML", "", "", "2000000", "test"),
    ("t:bonn", "Bonn", "Boni", "50.73", "7.10", "P", "PPL", "DE", "", "", "310000", "test"),
    ("t:bf", "Burkina Faso", "", "12.5", "-1.7", "A", "PCLI", "BF", "", "", "20000000", "test"),
    ("t:de", "Germany", "", "51.0", "10.0", "A", "PCLI", "DE", "", "", "83000000", "test"),
]


def test_a_town_of_another_country_is_not_a_name_the_text_places_in_a_country(tmp_path):
    g = _gazetteer(tmp_path, SAHEL)
    text = "Gunmen attacked the village of Boni, Mali, near Burkina Faso; Germany sent aid."
    assert "Boni" not in _chosen(text, g)


def test_a_division_after_a_countrys_possessive_qualifies_the_name_before_it(tmp_path):
    g = _gazetteer(tmp_path, SAHEL)
    chosen = _chosen("Gunmen attacked the village of Boni in Mali's Mopti region on Sunday.", g)
    assert chosen["Boni"] == "t:mopti"


def test_a_region_cue_on_a_name_only_a_town_bears_means_the_division_it_is_the_seat_of(tmp_path):
    g = _gazetteer(tmp_path, [
        ("t:ye", "Yemen", "", "15.5", "47.5", "A", "PCLI", "YE", "", "", "29000000", "test"),
        ("t:hudaydah-gov", "Al Hudaydah", "", "15.3", "43.0", "A", "ADM1", "YE", "", "", "2600000", "test"),
        ("t:hudaydah", "Al Hudaydah", "Hodeidah", "14.8", "42.95", "P", "PPLA", "YE", "Al Hudaydah", "", "730000", "test"),
    ])
    assert _chosen("A landmine killed three children in Hodeidah province, Yemen.", g)["Hodeidah"] == "t:hudaydah-gov"
