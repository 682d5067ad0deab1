import sqlite3

from eventmap.gazetteer import Gazetteer


def test_lookup_finds_a_place_by_any_spelling(small_gazetteer):
    for spelling in ("Karin-Tak", "Karintak", "karin tak", "Daşaltı"):
        assert [p.place_id for p in small_gazetteer.lookup(spelling)] == ["eventmap:karintak"]


def test_lookup_lists_more_prominent_places_first(small_gazetteer):
    assert [p.country_code for p in small_gazetteer.lookup("Martuni")] == ["AM", "AZ"]


def test_a_division_named_in_admin1_is_linked_to_its_places(small_gazetteer):
    (place,) = small_gazetteer.lookup("Ulu Garabey")
    assert place.admin1 == "Tartar District"


def test_the_index_is_not_rebuilt_when_nothing_changed(tmp_path, small_pack):
    g = Gazetteer(tmp_path / "g.sqlite", packs=[small_pack], base=False, imports=False)
    assert g.ensure_built() is False


def test_the_index_is_rebuilt_when_a_pack_changes(tmp_path, small_pack):
    g = Gazetteer(tmp_path / "g.sqlite", packs=[small_pack], base=False, imports=False)
    small_pack.write_text(small_pack.read_text() + "eventmap:new\tNewplace\t\t1\t2\tP\tPPL\tAZ\t\t\t\ttest\n")
    assert g.ensure_built() is True
    assert g.lookup("Newplace")


def test_the_index_is_an_sqlite_file_with_a_fingerprint(small_gazetteer):
    con = sqlite3.connect(small_gazetteer.path)
    (fp,) = con.execute("SELECT v FROM meta WHERE k='fingerprint'").fetchone()
    assert fp == small_gazetteer.fingerprint()


def test_fuzzy_keys_of_a_country_are_those_of_a_distinct_query_in_its_order(full_gazetteer):
    """The per-country key list (whose order breaks ties between equal scores) drops duplicates
    in Python, first seen first: it must be the list SQLite's DISTINCT gave."""
    from eventmap.gazetteer.gazetteer import fuzzy_key_ids

    g = full_gazetteer
    for cc in ("AF", "AZ", "SY", "UA", "GB"):
        fuzzy_key_ids(g, "Urozgan", [cc])
        rows = g.con.execute(
            "SELECT DISTINCT k.key, k.key_id FROM places p JOIN names n ON n.place_rowid = p.rowid "
            "JOIN keys k ON k.key_id = n.key_id WHERE p.country_code = ? AND k.latin = 1", (cc,)).fetchall()
        assert g._fuzzy_cache[cc] == ([r[0] for r in rows], [r[1] for r in rows])
