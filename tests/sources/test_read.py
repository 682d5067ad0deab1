import json
from datetime import date

import pytest

from eventmap.errors import InputError
from eventmap.sources import read_documents, read_path


def test_boilerplate_is_blanked_without_moving_offsets(tmp_path):
    raw = "Big Headline Here\n\nClick to see full-size image\n\n2,500 $\n\nTroops advanced near Shusha.\n"
    path = tmp_path / "r.txt"
    path.write_text(raw, encoding="utf-8")
    (doc,) = read_path(path)
    assert len(doc.text) == len(raw)
    assert "Click" not in doc.text and "2,500" not in doc.text
    assert doc.text.index("Troops") == raw.index("Troops")
    assert doc.title == "Big Headline Here"


def test_a_repeated_title_is_removed_from_the_body(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Shusha Holds Out\n\nShusha Holds Out\n\nText of the report.\n", encoding="utf-8")
    (doc,) = read_path(path)
    assert "Shusha Holds Out" not in doc.text


def test_front_matter_gives_metadata(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("---\ntitle: T\nurl: https://example.org/a\npublished: 2020-11-10\n---\nBody text.\n")
    (doc,) = read_path(path)
    assert (doc.title, doc.url, doc.published) == ("T", "https://example.org/a", date(2020, 11, 10))
    assert doc.text.strip() == "Body text."


def test_a_sidecar_json_gives_metadata(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Body text of the report.\n")
    (tmp_path / "r.txt.json").write_text(json.dumps({"publisher": "Desk", "published": "2020-11-09"}))
    (doc,) = read_path(path)
    assert doc.publisher == "Desk" and doc.published == date(2020, 11, 9)


def test_jsonl_ids_become_document_ids(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "One."}) + "\n" + json.dumps({"text": "Two."}) + "\n")
    docs = list(read_path(path))
    assert docs[0].id == "a1" and len(docs[1].id) == 16


def test_a_broken_jsonl_line_is_named_and_skipped(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "One."}) + "\n{broken\n" + json.dumps({"id": "b", "text": "Two."}) + "\n")
    errors = []
    docs = list(read_documents([path], on_error=errors.append))
    assert [d.id for d in docs] == ["a", "b"]
    assert len(errors) == 1 and "r.jsonl:2:" in str(errors[0])


def test_an_empty_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    with pytest.raises(InputError, match=r"empty\.txt: is empty"):
        list(read_path(path))


def test_a_binary_file_is_an_error_naming_it(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match=r"b\.txt: is a binary file"):
        list(read_path(path))


def test_an_html_page_yields_its_main_text_and_title(tmp_path):
    body = "<p>" + "Troops clashed near the village of Karintak on the ninth of November. " * 5 + "</p>"
    path = tmp_path / "p.html"
    path.write_text(f"<html><head><title>Report title</title></head><body><article>{body}</article></body></html>")
    (doc,) = read_path(path)
    assert "Karintak" in doc.text and doc.title == "Report title"
