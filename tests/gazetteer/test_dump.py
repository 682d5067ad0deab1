import zipfile

import pytest

from eventmap.errors import InputError
from eventmap.gazetteer import Gazetteer
from eventmap.gazetteer.dump import read_dump


def _row(gid, name, lat, lon, fclass="P", fcode="PPL", cc="AZ", a1="57", pop="300", alt=""):
    cells = [str(gid), name, name, alt, lat, lon, fclass, fcode, cc, "", a1, "", "", "", pop, "", "800",
             "Asia/Baku", "2020-01-01"]
    return "\t".join(cells) + "\n"


DUMP = (_row(409420, "Tartar District", "40.33", "46.90", "A", "ADM1", a1="57", pop="100000")
        + _row(900001, "Testkend", "40.25", "46.80", alt="Test Kend,Тесткенд"))


def test_a_geonames_dump_imports_and_its_places_resolve(tmp_path):
    dump = tmp_path / "AZ.txt"
    dump.write_text(DUMP, encoding="utf-8")
    g = Gazetteer(tmp_path / "g.sqlite", packs=[], base=False)
    assert g.import_dump(dump) == 2
    (place,) = g.lookup("Test Kend")
    assert place.place_id == "geonames:900001"
    assert place.admin1 == "Tartar District"


def test_a_zipped_dump_imports(tmp_path):
    dump = tmp_path / "AZ.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("AZ.txt", DUMP)
        zf.writestr("readme.txt", "not data")
    g = Gazetteer(tmp_path / "g.sqlite", packs=[], base=False)
    assert g.import_dump(dump) == 2


def test_a_dump_with_missing_columns_names_file_and_line(tmp_path):
    dump = tmp_path / "AZ.txt"
    dump.write_text(DUMP + "1\tBroken\t40\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"AZ\.txt:3: 3 columns where a GeoNames dump has 19"):
        list(read_dump(dump))


def test_a_dump_with_non_numeric_coordinates_names_file_and_line(tmp_path):
    dump = tmp_path / "AZ.txt"
    dump.write_text(_row(5, "X", "forty", "46"), encoding="utf-8")
    with pytest.raises(InputError, match=r"AZ\.txt:1: latitude 'forty' is not a number"):
        list(read_dump(dump))


def test_a_failed_import_leaves_the_index_as_it_was(tmp_path):
    good = tmp_path / "AZ.txt"
    good.write_text(DUMP, encoding="utf-8")
    g = Gazetteer(tmp_path / "g.sqlite", packs=[], base=False)
    g.import_dump(good)
    bad = tmp_path / "AM.txt"
    bad.write_text("1\tBroken\n", encoding="utf-8")
    with pytest.raises(InputError):
        g.import_dump(bad)
    assert g.lookup("Testkend")
    assert not (tmp_path / "imports" / "AM.tsv.gz").exists()


def test_a_zip_member_that_leaves_the_archive_is_refused(tmp_path):
    dump = tmp_path / "evil.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("../../x.txt", DUMP)
    with pytest.raises(InputError, match="outside the archive"):
        list(read_dump(dump))


def test_a_decompression_bomb_is_refused(tmp_path):
    dump = tmp_path / "bomb.zip"
    with zipfile.ZipFile(dump, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("AZ.txt", DUMP + "#" + " " * (50 * 1024 * 1024) + "\n")
    with pytest.raises(InputError, match="decompression bomb"):
        list(read_dump(dump))
