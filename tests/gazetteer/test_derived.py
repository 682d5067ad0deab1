"""Values computed from the index alone and kept in files beside it (country names, each
country's keys for fuzzy matching): what a new process reads is what the queries give, and a
file that is corrupt, foreign or of another index is made again, never trusted."""
from __future__ import annotations

import marshal

import pytest

from eventmap.gazetteer import Gazetteer
from eventmap.gazetteer.gazetteer import (
    _country_names,
    country_display_name,
    country_names,
    fuzzy_key_ids,
)

DISTINCT_KEYS = ("SELECT DISTINCT k.key, k.key_id FROM places p JOIN names n ON n.place_rowid = p.rowid "
                 "JOIN keys k ON k.key_id = n.key_id WHERE p.country_code = ? AND k.latin = 1")


def reopened(g: Gazetteer) -> Gazetteer:
    """The same index opened as a new process opens it (nothing remembered in memory)."""
    return Gazetteer(g.path, packs=g.packs, base=g.base, imports=g.imports, progress=False)


def distinct_keys(g: Gazetteer, cc: str) -> tuple[list[str], list[int]]:
    rows = g.con.execute(DISTINCT_KEYS, (cc,)).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def test_country_names_read_back_are_those_of_the_query(small_gazetteer):
    expected = _country_names(small_gazetteer)
    assert country_names(small_gazetteer) == expected[0]
    assert (small_gazetteer.path.parent / "g-countries.marshal").exists()
    g = reopened(small_gazetteer)
    assert country_names(g) == expected[0] == {"azerbaijan": "AZ", "republicofazerbaijan": "AZ", "armenia": "AM"}
    assert country_display_name(g, "AZ") == "Azerbaijan" and country_display_name(g, "XX") == "XX"
    assert g._country_display == expected[1]


def test_a_country_s_fuzzy_keys_read_back_are_those_of_the_distinct_query(small_gazetteer):
    found = fuzzy_key_ids(small_gazetteer, "Shushaa", ["AZ", "AM"])
    assert found and fuzzy_key_ids(reopened(small_gazetteer), "Shushaa", ["AZ", "AM"]) == found
    assert (small_gazetteer.path.parent / "g-fuzzy" / "AZ.marshal").exists()
    g = reopened(small_gazetteer)
    fuzzy_key_ids(g, "Karintakk", ["AZ", "AM"])
    for cc in ("AZ", "AM"):
        assert g._fuzzy_cache[cc] == distinct_keys(g, cc)


def test_the_full_index_s_fuzzy_keys_read_back_are_those_of_the_distinct_query(full_gazetteer):
    g = reopened(full_gazetteer)
    fuzzy_key_ids(g, "Urozgan", ["AF", "AZ"])
    for cc in ("AF", "AZ"):
        assert (g.path.parent / f"{g.path.stem}-fuzzy" / f"{cc}.marshal").exists()
        assert g._fuzzy_cache[cc] == distinct_keys(g, cc)


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe not marshal", marshal.dumps(({"forged": "ZZ"}, {})), marshal.dumps([1, 2]),
], ids=["empty", "garbage", "bare value", "foreign"])
def test_a_corrupt_or_foreign_file_is_made_again(small_gazetteer, content):
    expected = _country_names(small_gazetteer)
    path = small_gazetteer.path.parent / "g-countries.marshal"
    path.write_bytes(content)
    fuzzy = small_gazetteer.path.parent / "g-fuzzy"
    fuzzy.mkdir()
    (fuzzy / "AZ.marshal").write_bytes(content)
    g = reopened(small_gazetteer)
    assert country_names(g) == expected[0]
    assert fuzzy_key_ids(g, "Shushaa", ["AZ"]) and g._fuzzy_cache["AZ"] == distinct_keys(g, "AZ")
    assert path.read_bytes() != content and (fuzzy / "AZ.marshal").read_bytes() != content


def test_a_file_of_another_index_is_not_trusted(tmp_path, small_pack):
    g = Gazetteer(tmp_path / "g.sqlite", packs=[small_pack], base=False, imports=False, progress=False)
    assert "georgia" not in country_names(g)
    fuzzy_key_ids(g, "Tbilisy", ["GE"])
    assert g._fuzzy_cache["GE"] == ([], [])
    small_pack.write_text(small_pack.read_text() + "eventmap:ge\tGeorgia\tSakartvelo\t42\t43.5\tA\tPCLI\tGE\t\t\t3700000\ttest\n"
                          "eventmap:tbilisi\tTbilisi\t\t41.7\t44.8\tP\tPPLC\tGE\t\t\t1100000\ttest\n")
    rebuilt = reopened(g)   # (the pack changed: the index is rebuilt)
    assert rebuilt.index_key() != g.index_key()
    assert country_names(rebuilt)["georgia"] == "GE"
    assert fuzzy_key_ids(rebuilt, "Tbilisy", ["GE"])
    assert rebuilt._fuzzy_cache["GE"] == distinct_keys(rebuilt, "GE") != ([], [])


def test_a_file_that_cannot_be_written_leaves_the_values_computed(small_gazetteer):
    (small_gazetteer.path.parent / "g-countries.marshal").mkdir()   # (in the way of the file)
    (small_gazetteer.path.parent / "g-fuzzy").write_text("")        # (in the way of the folder)
    g = reopened(small_gazetteer)
    assert country_names(g) == _country_names(g)[0]
    assert fuzzy_key_ids(g, "Shushaa", ["AZ"]) and g._fuzzy_cache["AZ"] == distinct_keys(g, "AZ")


def test_only_country_codes_name_files(small_gazetteer):
    fuzzy_key_ids(small_gazetteer, "Shushaa", ["", "../AZ", "az"])
    assert not (small_gazetteer.path.parent / "g-fuzzy").exists()
