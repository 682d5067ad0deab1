"""A run over many documents: bad ones are skipped and listed, the others processed, exit code 1."""
import json

import pytest
from click.testing import CliRunner

from eventmap.cli import main
from eventmap.pipeline import map_reports
from eventmap.sources import read_documents

GOOD = "On November 9, Armenian forces clashed with Azerbaijani units near Karintak.\n"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b_empty.txt").write_text("")
    (folder / "c_binary.html").write_bytes(b"\x00\x01\x02\x03" * 64)
    (folder / "d_feed.rss").write_text("this is not a feed")
    (folder / "e_records.jsonl").write_bytes(json.dumps({"id": "j1", "text": GOOD}).encode() + b"\n{broken\n"
                                             + b'{"id": "j3", "text": "caf\xe9"}\n'
                                             + json.dumps({"id": "j4", "text": GOOD}).encode() + b"\n")
    (folder / "f_latin1.txt").write_bytes(("Réfugiés évacués près de la ligne, à l'aube. " * 20).encode("latin-1"))
    return folder


def test_every_bad_document_is_listed_and_every_good_one_read(reports):
    errors = []
    docs = list(read_documents([reports], on_error=errors.append))
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["a_good.txt", "e_records.jsonl", "e_records.jsonl"]
    assert [d.id for d in docs[1:]] == ["j1", "j4"]
    named = [str(e).split(": ", 1)[0].rsplit("/", 1)[-1] for e in errors]
    assert named == ["b_empty.txt", "c_binary.html", "d_feed.rss", "e_records.jsonl:2", "e_records.jsonl:3",
                     "f_latin1.txt"]
    assert all("\n" not in str(e) for e in errors)


def test_map_reports_skips_bad_documents_and_maps_the_rest(reports, tmp_path, small_gazetteer):
    result = map_reports([reports], tmp_path / "out", gazetteer=small_gazetteer)
    assert result.documents == 3 and len(result.errors) == 6
    assert (tmp_path / "out" / "events.geojson").exists() and (tmp_path / "out" / "map.html").exists()
    assert result.events


def test_the_cli_lists_skipped_documents_and_exits_partial(reports, tmp_path, full_cache, full_gazetteer, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(full_cache))
    result = CliRunner().invoke(main, ["map", str(reports), "--published", "2020-11-10", "--out", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    skipped = [ln for ln in result.output.splitlines() if "skipped" in ln]
    for name in ("b_empty.txt", "c_binary.html", "d_feed.rss", "e_records.jsonl:2", "e_records.jsonl:3", "f_latin1.txt"):
        assert any(name in ln for ln in skipped), name
    assert json.loads((tmp_path / "o" / "events.geojson").read_text())["features"]
