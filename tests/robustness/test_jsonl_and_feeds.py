"""JSON Lines and RSS/Atom input that is broken or hostile: one error per bad record, naming it."""
import json
import time
from datetime import date

import pytest

from eventmap.errors import InputError
from eventmap.sources import read as read_mod
from eventmap.sources import read_documents, read_path


def _jsonl(tmp_path, *lines, name="r.jsonl"):
    path = tmp_path / name
    path.write_bytes(b"".join((ln if isinstance(ln, bytes) else ln.encode()) + b"\n" for ln in lines))
    return path


def _rec(**kw):
    return json.dumps(kw)


def _read(path):
    errors = []
    docs = list(read_documents([path], on_error=errors.append))
    return docs, [str(e) for e in errors]


def test_invalid_utf8_on_one_line_skips_only_that_line_and_names_it(tmp_path):
    path = _jsonl(tmp_path, _rec(id="a", text="One."), b'{"id": "b", "text": "caf\xe9"}', _rec(id="c", text="Three."))
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["a", "c"]
    assert errors == [f"{path}:2: is not UTF-8 text (invalid byte at column 25)"]


def test_a_broken_line_deep_in_a_large_file_is_named_by_its_own_line(tmp_path):
    lines = [_rec(id=str(k), text="Report text " + "x" * 200) for k in range(500)]
    lines[321] = b'{"id": "bad", "text": "\xff\xfe"}'
    docs, errors = _read(_jsonl(tmp_path, *lines))
    assert len(docs) == 499 and len(errors) == 1 and ".jsonl:322: is not UTF-8" in errors[0]


@pytest.mark.parametrize("record, problem", [
    ({"id": "x", "text": "T.", "title": 123}, "'title' must be a string, not int"),
    ({"id": "x", "text": "T.", "url": ["https://a"]}, "'url' must be a string, not list"),
    ({"id": "x", "text": "T.", "published": 2020}, "'published' must be a string, not int"),
    ({"id": {"a": 1}, "text": "T."}, "'id' must be a string or an integer, not dict"),
    ({"id": "x", "text": ["T."]}, "record has no 'text'"),
    ({"id": "x", "text": "T.", "published": "February 30, 2021"}, "cannot read the date 'February 30, 2021'"),
    (["not", "an", "object"], "record is not a JSON object"),
])
def test_a_record_with_a_bad_field_is_skipped_and_named(tmp_path, record, problem):
    path = _jsonl(tmp_path, _rec(id="a", text="One."), json.dumps(record), _rec(id="b", text="Two."))
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["a", "b"]
    assert errors == [f"{path}:2: {problem} (use YYYY-MM-DD)" if "date" in problem else f"{path}:2: {problem}"]


def test_a_deeply_nested_record_is_an_error_not_a_recursion_crash(tmp_path):
    path = _jsonl(tmp_path, _rec(id="a", text="One."), "[" * 200_000 + "]" * 200_000)
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["a"] and errors == [f"{path}:2: record is nested too deeply"]


def test_lone_surrogates_are_replaced_so_outputs_can_be_written(tmp_path):
    path = _jsonl(tmp_path, '{"id": "a\\udfff", "title": "T \\udc00", "text": "Shelling \\ud800 near Shusha."}')
    (doc,) = read_path(path)
    assert doc.text == "Shelling \ufffd near Shusha." and doc.title == "T \ufffd" and doc.id == "a\ufffd"
    doc.text.encode("utf-8")  # would raise on a surrogate


def test_an_empty_jsonl_file_is_an_error(tmp_path):
    path = _jsonl(tmp_path, "", "  ")
    with pytest.raises(InputError, match=r"r\.jsonl: is empty"):
        list(read_path(path))


def test_a_bom_before_the_first_record_is_accepted(tmp_path):
    path = _jsonl(tmp_path, "\ufeff" + _rec(id="a", text="One."))
    assert [d.id for d in read_path(path)] == ["a"]


def test_a_record_over_the_report_limit_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(read_mod, "MAX_REPORT_CHARS", 100)
    path = _jsonl(tmp_path, _rec(id="a", text="x" * 101), _rec(id="b", text="Short."))
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["b"] and "r.jsonl:1: report text is 101 characters" in errors[0]


# -- feeds -----------------------------------------------------------------------------------------------

def _feed(tmp_path, body, name="f.rss"):
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return path


def _rss(*items):
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>' + "".join(items)
            + "</channel></rss>")


def test_a_binary_feed_is_an_error_naming_it(tmp_path):
    path = _feed(tmp_path, bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"f\.rss: not an RSS/Atom feed"):
        list(read_path(path))


def test_an_html_page_saved_as_a_feed_is_an_error(tmp_path):
    path = _feed(tmp_path, "<html><body><p>Not a feed</p></body></html>", name="f.xml")
    with pytest.raises(InputError, match=r"f\.xml: not an RSS/Atom feed with entries"):
        list(read_path(path))


def test_a_surrogate_character_reference_is_an_error_not_a_crash(tmp_path):
    # feedparser's own loose parser raises UnicodeEncodeError on "&#xD800;"
    path = _feed(tmp_path, "<rss><channel><item><title>a &#xD800; b</title><description>x</description>"
                           "</item></channel></rss>")
    with pytest.raises(InputError, match=r"f\.rss: cannot parse the feed"):
        list(read_path(path))


def test_entity_expansion_is_not_performed(tmp_path):
    laughs = "".join(f'<!ENTITY l{k} "' + f"&l{k - 1};" * 10 + '">' for k in range(1, 9))
    body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]>'
            + _rss("<item><title>&l8;</title><description>Shelling of Shusha.</description></item>")[21:])
    path = _feed(tmp_path, body)
    t0 = time.monotonic()
    docs = list(read_documents([path], on_error=lambda e: None))
    assert time.monotonic() - t0 < 5
    assert all(len(d.text) < 10_000 and "lollol" not in d.text for d in docs)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
            "<rss><channel><item><title>t</title><description>Shelling &x; here.</description></item></channel></rss>")
    docs = list(read_documents([_feed(tmp_path, body)], on_error=lambda e: None))
    assert all("TOP-SECRET" not in d.text for d in docs)


def test_an_impossible_pubdate_falls_back_to_the_given_publication_date(tmp_path):
    path = _feed(tmp_path, _rss("<item><title>x</title><description>Shelling of Shusha.</description>"
                                "<pubDate>Sun, 30 Feb 2020 10:00:00 GMT</pubDate></item>"))
    (doc,) = read_path(path, published=date(2020, 3, 1))
    assert doc.published == date(2020, 3, 1)


def test_a_feed_entry_over_the_report_limit_is_skipped_and_the_rest_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(read_mod, "MAX_REPORT_CHARS", 200)
    path = _feed(tmp_path, _rss("<item><guid>big</guid><description>" + "x " * 200 + "</description></item>",
                                "<item><guid>ok</guid><description>Shelling of Shusha.</description></item>"))
    docs, errors = _read(path)
    assert [d.id for d in docs] == ["ok"]
    assert errors and errors[0].startswith(f"{path}: entry 1: report text is")


def test_script_in_a_feed_entry_does_not_reach_the_text(tmp_path):
    path = _feed(tmp_path, _rss("<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Clashes</title><description>"
                                "&lt;p&gt;Shelling of Shusha.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;"
                                "</description></item>"))
    (doc,) = read_path(path)
    assert "Shelling of Shusha." in doc.text and "<script" not in doc.text


@pytest.mark.parametrize("body", ["<entry<title</content<", "<rss><channel><item><title></item>",
                                  "<feed><entry><content type='html'><title>"])
def test_a_feed_with_tags_opened_and_never_closed_is_not_a_crash(tmp_path, body):
    # feedparser hands back None for such a title or content
    docs, errors = _read(_feed(tmp_path, body))
    assert len(docs) + len(errors) >= 1
