"""GeoNames dumps and gazetteer packs that are broken or hostile: one error naming file and line."""
import gzip
import io
import zipfile

import pytest

from eventmap.errors import InputError
from eventmap.gazetteer.dump import read_dump
from eventmap.gazetteer.packs import read_pack
from tests.conftest import PACK_HEADER


def _row(gid, name, lat, lon, pop="300"):
    return "\t".join([str(gid), name, name, "", lat, lon, "P", "PPL", "AZ", "", "57", "", "", "", pop, "", "800",
                      "Asia/Baku", "2020-01-01"]) + "\n"


GOOD = _row(900001, "Testkend", "40.25", "46.80") + _row(900002, "Otherkend", "40.30", "46.70")


def _dump(tmp_path, data, name="AZ.txt"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _zip(tmp_path, members, name="AZ.zip", compression=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return _dump(tmp_path, buf.getvalue(), name)


@pytest.mark.parametrize("lat, lon, problem", [
    ("90.5", "46", "latitude '90.5' is out of range (-90..90)"),
    ("40", "-180.01", "longitude '-180.01' is out of range (-180..180)"),
    ("nan", "46", "latitude 'nan' is out of range (-90..90)"),
    ("40", "inf", "longitude 'inf' is out of range (-180..180)"),
    ("40", "", "longitude '' is not a number"),
    ("40,25", "46", "latitude '40,25' is not a number"),
])
def test_a_dump_row_with_bad_coordinates_names_file_and_line(tmp_path, lat, lon, problem):
    path = _dump(tmp_path, GOOD + _row(5, "X", lat, lon))
    with pytest.raises(InputError) as err:
        list(read_dump(path))
    assert str(err.value) == f"{path}:3: {problem}"


def test_a_dump_row_with_a_non_numeric_population_names_file_and_line(tmp_path):
    path = _dump(tmp_path, _row(5, "X", "40", "46", pop="many"))
    with pytest.raises(InputError, match=r"AZ\.txt:1: population 'many' is not a number"):
        list(read_dump(path))


def test_invalid_utf8_deep_in_a_dump_names_its_own_line(tmp_path):
    # the text wrapper decoded 8 KB ahead and blamed an earlier line
    data = (GOOD * 300).encode() + _row(7, "Caf\xe9", "1", "2").encode("latin-1") + GOOD.encode()
    path = _dump(tmp_path, data)
    with pytest.raises(InputError, match=r"AZ\.txt:601: is not UTF-8 text"):
        list(read_dump(path))


def test_a_bom_before_the_first_row_is_accepted(tmp_path):
    assert [r.name for r in read_dump(_dump(tmp_path, "\ufeff" + GOOD))] == ["Testkend", "Otherkend"]


def test_an_empty_dump_is_an_error(tmp_path):
    path = _dump(tmp_path, "# only a comment\n\n")
    with pytest.raises(InputError, match=r"AZ\.txt: holds no GeoNames rows"):
        list(read_dump(path))


def test_a_binary_dump_is_an_error_naming_the_line(tmp_path):
    path = _dump(tmp_path, b"\x89PNG\r\n\x1a\n\xff\xfe" + bytes(range(256)))
    with pytest.raises(InputError, match=r"AZ\.txt:1: is not UTF-8 text"):
        list(read_dump(path))


def test_a_truncated_zip_is_named_as_a_damaged_archive(tmp_path):
    path = _zip(tmp_path, {"AZ.txt": GOOD * 50})
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(InputError, match=r"AZ\.zip: is a damaged zip archive"):
        list(read_dump(path))


def test_corrupt_compressed_data_in_a_zip_member_is_an_error(tmp_path):
    path = _zip(tmp_path, {"AZ.txt": GOOD * 50})
    data = bytearray(path.read_bytes())
    start = 30 + len("AZ.txt") + 4  # inside the first member's deflate stream
    data[start:start + 40] = bytes(b ^ 0x55 for b in data[start:start + 40])
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"AZ\.zip!AZ\.txt: damaged zip member"):
        list(read_dump(path))


@pytest.mark.parametrize("member", ["/etc/AZ.txt", "..\\..\\AZ.txt", "data/../../AZ.txt"])
def test_zip_members_that_leave_the_archive_in_other_spellings_are_refused(tmp_path, member):
    path = _zip(tmp_path, {member: GOOD})
    with pytest.raises(InputError, match="points outside the archive"):
        list(read_dump(path))


def test_a_bomb_hidden_after_good_rows_is_refused_and_names_the_member(tmp_path):
    path = _zip(tmp_path, {"AZ.txt": GOOD + "#" + "0" * (30 * 1024 * 1024) + "\n"})
    with pytest.raises(InputError, match=r"AZ\.zip!AZ\.txt: zip member inflates past 200x"):
        list(read_dump(path))


# -- packs ---------------------------------------------------------------------------------------------------

def _pack(tmp_path, text, name="p.tsv"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    return path


PACK_ROW = "eventmap:x\tX\t\t40\t46\tP\tPPL\tAZ\t\t\t{pop}\tosm:node/1\n"


def test_a_corrupt_gzip_pack_is_an_error_not_a_zlib_crash(tmp_path):
    path = _pack(tmp_path, PACK_HEADER + PACK_ROW.format(pop="1") * 200, name="p.tsv.gz")
    data = bytearray(path.read_bytes())
    data[20:50] = b"\x00" * 30
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"p\.tsv\.gz: cannot read gazetteer pack"):
        list(read_pack(path))


def test_an_empty_pack_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"p\.tsv: is empty: no header line"):
        list(read_pack(_pack(tmp_path, "# comment only\n")))


def test_an_infinite_population_is_an_error_not_an_overflow(tmp_path):
    path = _pack(tmp_path, PACK_HEADER + PACK_ROW.format(pop="1e999"))
    with pytest.raises(InputError, match=r"p\.tsv:2: population '1e999' is not a number"):
        list(read_pack(path))


@pytest.mark.parametrize("lat", ["nan", "-inf", "1e309"])
def test_non_finite_pack_coordinates_are_out_of_range(tmp_path, lat):
    path = _pack(tmp_path, PACK_HEADER + PACK_ROW.format(pop="").replace("\t40\t", f"\t{lat}\t"))
    with pytest.raises(InputError, match=r"p\.tsv:2: latitude .* is out of range"):
        list(read_pack(path))


def test_a_binary_pack_is_an_error(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_bytes(b"\xff\xfe\x00\x01" * 64)
    with pytest.raises(InputError, match=r"p\.tsv: cannot read gazetteer pack"):
        list(read_pack(path))
