"""The command line, end to end (CliRunner), on the full gazetteer where a test needs it."""
import json

import pytest
from click.testing import CliRunner

from eventmap import __version__
from eventmap.cli import main


@pytest.fixture
def run(full_cache, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(full_cache))

    def invoke(*args):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return invoke


def _commands(group, prefix=()):
    import click
    for name, cmd in group.commands.items():
        yield prefix + (name,)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", list(_commands(main)))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output or "Commands:" in result.output


def test_lookup_shushi_lists_shusha_in_azerbaijan_first(run, full_gazetteer):
    result = run("gazetteer", "lookup", "Shushi")
    assert result.exit_code == 0
    first = result.output.splitlines()[1].split("\t")
    assert first[1] == "Shusha" and first[2] == "AZ"


def test_a_bad_import_file_gives_one_line_naming_file_and_line(run, full_gazetteer, tmp_path):
    bad = tmp_path / "XX.txt"
    bad.write_text("1\tBroken\trow\n")
    result = CliRunner().invoke(main, ["gazetteer", "import", str(bad)])
    assert result.exit_code == 2
    lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 1 and f"{bad}:1:" in lines[0]


def test_map_writes_geojson_and_html(run, full_gazetteer, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("On November 9, Armenian forces clashed with Azerbaijani units near Karintak.\n")
    result = run("map", str(report), "--published", "2020-11-10", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "events.geojson").read_text())
    assert data["type"] == "FeatureCollection" and data["features"]
    assert (tmp_path / "out" / "map.html").read_text().count("Karintak") >= 1


def test_map_of_a_missing_file_fails_with_its_name(run, tmp_path):
    result = CliRunner().invoke(main, ["map", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "nope.txt" in result.output


def test_map_rejects_a_bad_published_date(run, tmp_path):
    result = CliRunner().invoke(main, ["map", "x.txt", "--published", "10/11/2020"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_geoparse_prints_mentions_as_json_lines(run, full_gazetteer, tmp_path):
    report = tmp_path / "r.txt"
    text = "Shelling hit Stepanakert and Shusha overnight.\n"
    report.write_text(text)
    result = run("geoparse", str(report))
    rows = [json.loads(l) for l in result.output.splitlines()]
    assert [r["surface"] for r in rows] == ["Stepanakert", "Shusha"]
    assert all(text[r["start"]:r["end"]] == r["surface"] for r in rows)


def test_ingest_then_export_every_format(run, full_gazetteer, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("On November 9, Armenian forces clashed with Azerbaijani units near Karintak.\n")
    store = str(tmp_path / "s.sqlite")
    assert run("ingest", str(report), "--published", "2020-11-10", "--store", store).exit_code == 0
    for name in ("e.geojson", "e.csv", "e.parquet", "e.gpkg"):
        result = run("export", "--store", store, "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0


def test_export_from_a_missing_store_says_so(run, tmp_path):
    result = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "none.sqlite"), "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "no such store" in result.output
