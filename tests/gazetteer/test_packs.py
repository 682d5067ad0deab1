import pytest

from eventmap.errors import InputError
from eventmap.gazetteer.packs import read_pack
from eventmap.paths import default_packs
from tests.conftest import PACK_HEADER


def _pack(tmp_path, *rows, header=PACK_HEADER):
    path = tmp_path / "p.tsv"
    path.write_text("# a comment\n" + header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_pack_row_becomes_a_record_with_its_names_and_source(tmp_path):
    path = _pack(tmp_path, "eventmap:karintak\tKarintak\tKarin-Tak,Daşaltı\t39.74\t46.74\tP\tPPL\tAZ\tShusha\t\t\tosm:node/1")
    (rec,) = read_pack(path)
    assert rec.place_id == "eventmap:karintak"
    assert rec.names == ["Karin-Tak", "Daşaltı"]
    assert rec.admin1_ref == "name:Shusha"
    assert "osm:node/1" in rec.source


def test_a_row_without_a_source_is_refused_with_file_and_line(tmp_path):
    path = _pack(tmp_path, "eventmap:x\tX\t\t1\t2\tP\tPPL\tAZ\t\t\t\t")
    with pytest.raises(InputError, match=r"p\.tsv:3: empty source"):
        list(read_pack(path))


def test_a_non_numeric_latitude_is_refused(tmp_path):
    path = _pack(tmp_path, "eventmap:x\tX\t\tnorth\t2\tP\tPPL\tAZ\t\t\t\ts")
    with pytest.raises(InputError, match=r"p\.tsv:3: latitude 'north' is not a number"):
        list(read_pack(path))


def test_an_out_of_range_longitude_is_refused(tmp_path):
    path = _pack(tmp_path, "eventmap:x\tX\t\t1\t200\tP\tPPL\tAZ\t\t\t\ts")
    with pytest.raises(InputError, match="out of range"):
        list(read_pack(path))


def test_a_row_with_missing_fields_is_refused(tmp_path):
    path = _pack(tmp_path, "eventmap:x\tX\t1\t2")
    with pytest.raises(InputError, match=r"p\.tsv:3: 4 fields where the header has 12"):
        list(read_pack(path))


def test_a_header_without_required_columns_is_refused(tmp_path):
    path = _pack(tmp_path, header="place_id\tname\n")
    with pytest.raises(InputError, match="header lacks column"):
        list(read_pack(path))


def test_shipped_packs_name_a_source_for_every_row():
    packs = default_packs()
    assert packs, "data/gazetteer holds at least one pack"
    for pack in packs:
        records = list(read_pack(pack))
        assert records
        assert all(":" in r.source for r in records)


@pytest.mark.parametrize("name", ["Shusha", "Shushi", "Karin-Tak", "Karintak", "Martuni", "Khojavend", "Martakert",
                                  "Aghdara", "Tagavard", "Terter", "Tartar", "Ulu Garabey", "Metshen", "Zarisli",
                                  "Zarysly", "Lachin", "Berdzor", "Stepanakert", "Khankendi"])
def test_the_karabakh_pack_knows_every_spelling_the_seed_report_uses(name):
    from eventmap.gazetteer.fold import fold

    pack = next(p for p in default_packs() if p.name == "nagorno-karabakh.tsv")
    keys = {fold(n) for r in read_pack(pack) for n in [r.name, *r.names]}
    assert fold(name) in keys
