"""Plain-text and HTML reports that are empty, binary, wrongly encoded, huge or hostile.

Each case writes its own input; every failure must be one InputError line naming the file.
"""
import time

import pytest

from eventmap.errors import InputError
from eventmap.sources import read_path
from eventmap.sources import read as read_mod
from eventmap.sources.boilerplate import clean, is_boilerplate
from eventmap.text import sentences


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_a_whitespace_only_file_is_empty(tmp_path):
    path = _write(tmp_path, "blank.txt", "  \n\t\n   \n")
    with pytest.raises(InputError, match=r"blank\.txt: is empty"):
        list(read_path(path))


def test_front_matter_without_a_body_is_empty(tmp_path):
    path = _write(tmp_path, "fm.txt", "---\ntitle: Only metadata\n---\n")
    with pytest.raises(InputError, match=r"fm\.txt: is empty"):
        list(read_path(path))


def test_an_empty_html_page_is_an_error(tmp_path):
    path = _write(tmp_path, "e.html", "")
    with pytest.raises(InputError, match=r"e\.html: is empty"):
        list(read_path(path))


def test_a_binary_html_file_is_an_error_naming_it(tmp_path):
    path = _write(tmp_path, "b.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match=r"b\.html: is a binary file"):
        list(read_path(path))


def test_a_legacy_encoded_file_is_refused_as_not_utf8(tmp_path):
    text = "Les forces ont bombardé la ville près de Choucha à l'aube, réfugiés évacués. " * 20
    path = _write(tmp_path, "cp1252.txt", text.encode("cp1252"))
    with pytest.raises(InputError, match=r"cp1252\.txt: is not UTF-8 text \(invalid byte at offset \d+\)"):
        list(read_path(path))


def test_mixed_encodings_keep_the_utf8_text_and_mark_the_bad_bytes(tmp_path):
    good = "Armenian forces shelled Shusha on November 9. " * 10
    data = good.encode() + "café".encode("latin-1") + " Şuşa.\n".encode()
    path = _write(tmp_path, "mixed.txt", data)
    (doc,) = read_path(path)
    assert doc.text.startswith(good)
    assert "caf\ufffd Şuşa." in doc.text
    assert len(doc.text) == len(data.decode("utf-8", errors="replace"))


def test_utf16_with_a_bom_is_read(tmp_path):
    path = _write(tmp_path, "u16.txt", "Troops entered Şuşa.\n".encode("utf-16"))
    (doc,) = read_path(path)
    assert doc.text.strip() == "Troops entered Şuşa."


def test_a_file_that_only_starts_like_utf16_is_refused(tmp_path):
    path = _write(tmp_path, "u16.txt", b"\xff\xfe" + b"\x00\xd8" * 4)  # lone surrogates
    with pytest.raises(InputError, match=r"u16\.txt: starts like UTF-16 text but is not valid UTF-16"):
        list(read_path(path))


def test_a_50_mb_single_line_report_is_refused_quickly_with_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    line = b"Armenian forces shelled Shusha and Karintak on November 9 while 12 were killed, "
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    t0 = time.monotonic()
    with pytest.raises(InputError, match=r"huge\.txt: report text is \d+ characters, over the 1000000-character "
                                         r"limit for one report; split it"):
        list(read_path(path))
    assert time.monotonic() - t0 < 10


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = _write(tmp_path, "big.txt", "x" * 2048)
    monkeypatch.setattr(read_mod.Path, "read_bytes", lambda self: pytest.fail("read despite the limit"))
    with pytest.raises(InputError, match=r"big\.txt: file is 2048 bytes, over the 1024-byte limit"):
        read_mod._read_bytes(path, 1024)


def test_an_html_page_over_its_limit_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, "big.html", "<p>" + "x" * (read_mod.MAX_HTML_BYTES + 1) + "</p>")
    with pytest.raises(InputError, match=r"big\.html: file is \d+ bytes, over the \d+-byte limit"):
        list(read_path(path))


def test_a_long_single_line_under_the_limit_is_read_cleaned_and_geoparsed(tmp_path, small_gazetteer):
    from eventmap.geoparse import geoparse

    text = "Armenian forces shelled Shusha and Karintak on November 9 while 12 were killed, " * 2500  # 200 kB
    path = _write(tmp_path, "long.txt", text)
    t0 = time.monotonic()
    (doc,) = read_path(path)
    mentions = geoparse(doc.text, small_gazetteer)
    assert len(doc.text) == len(text) and len(mentions) >= 5000
    assert time.monotonic() - t0 < 30


def test_a_long_line_of_numbers_is_not_a_regex_trap():
    # The money/number pattern used to backtrack for minutes on a line like this.
    t0 = time.monotonic()
    assert not is_boilerplate("1 " * 100_000 + "x")
    assert is_boilerplate("2,500 $ " + "1 " * 100_000)
    assert clean("10 20 30 " * 10_000 + "then Shusha") .endswith("then Shusha")
    assert time.monotonic() - t0 < 5


def test_a_run_of_abbreviations_is_split_in_linear_time():
    text = "Mr. " * 50_000 + "Aliyev spoke. Troops advanced."
    t0 = time.monotonic()
    spans = sentences(text)
    assert time.monotonic() - t0 < 5
    assert [text[s:e] for s, e in spans][-1] == "Troops advanced."


def test_deeply_nested_html_gives_an_error_or_text_never_a_crash(tmp_path):
    page = ("<html><body>" + "<div><span>" * 50_000 + "<p>Troops clashed near Shusha in heavy fighting.</p>"
            + "</span></div>" * 50_000 + "</body></html>")
    path = _write(tmp_path, "deep.html", page)
    t0 = time.monotonic()
    try:
        docs = list(read_path(path))
        assert all("Shusha" in d.text for d in docs)
    except InputError as err:
        assert str(err).startswith(f"{path}: ")
    assert time.monotonic() - t0 < 20


def test_unclosed_tags_and_script_in_html_do_not_leak_into_the_text(tmp_path):
    body = "<p>" + "Troops clashed near the village of Karintak on the ninth of November. " * 5 + "</p>"
    page = (f"<html><head><title>Report</title><script>alert(1)</script></head><body><article>{body}"
            "<script>document.write('x')</script><div><b><i>")
    path = _write(tmp_path, "p.html", page)
    (doc,) = read_path(path)
    assert "Karintak" in doc.text and "alert" not in doc.text and "document.write" not in doc.text


def test_february_30_in_front_matter_names_the_file(tmp_path):
    path = _write(tmp_path, "r.txt", "---\npublished: February 30, 2021\n---\nTroops advanced.\n")
    with pytest.raises(InputError, match=r"r\.txt: cannot read the date 'February 30, 2021'"):
        list(read_path(path))


def test_an_absurdly_long_date_is_refused_without_parsing_it(tmp_path):
    path = _write(tmp_path, "r.txt", "---\npublished: " + "9 " * 50_000 + "\n---\nTroops advanced.\n")
    t0 = time.monotonic()
    with pytest.raises(InputError, match=r"r\.txt: cannot read the date"):
        list(read_path(path))
    assert time.monotonic() - t0 < 2


def test_a_deeply_nested_sidecar_is_an_error_naming_it(tmp_path):
    path = _write(tmp_path, "r.txt", "Troops advanced.\n")
    _write(tmp_path, "r.txt.json", "[" * 200_000 + "]" * 200_000)
    with pytest.raises(InputError, match=r"r\.txt\.json: sidecar metadata is nested too deeply"):
        list(read_path(path))


def test_a_sidecar_field_of_the_wrong_type_is_an_error(tmp_path):
    path = _write(tmp_path, "r.txt", "Troops advanced.\n")
    _write(tmp_path, "r.txt.json", '{"title": {"x": 1}}')
    with pytest.raises(InputError, match=r"r\.txt: 'title' must be a string, not dict"):
        list(read_path(path))
