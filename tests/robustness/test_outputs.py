"""Hostile report text reaches every output as inert data: CSV cells, GeoJSON and the map page."""
import csv
import json
from datetime import date

import pytest

from eventmap.export import _safe_cell, write_csv, write_geojson
from eventmap.model import Document, Event
from eventmap.pipeline import process_document
from eventmap.render import render_map, save_map

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _event(**kw):
    base = dict(event_id="e1", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                location="Karin-Tak", place_name="Karintak", place_id="eventmap:karintak", country_code="AZ",
                admin1="Shusha", latitude=39.742917, longitude=-46.7438238, geo_precision=2,
                notes="A sentence.", document_id="d1")
    base.update(kw)
    return Event(**base)


@pytest.mark.parametrize("payload", ["=1+2", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1",
                                     '=HYPERLINK("http://evil","click")'])
def test_every_formula_start_is_neutralised_in_csv(tmp_path, payload):
    path = write_csv([_event(notes=payload, location=payload, actor1=payload)], tmp_path / "e.csv")
    with path.open(newline="") as fh:
        (row,) = csv.DictReader(fh)
    for col in ("notes", "location", "actor1"):
        assert row[col] == "'" + payload


def test_numbers_stay_numbers_in_csv(tmp_path):
    # a negative longitude is data, not a formula: prefixing it broke numeric columns
    path = write_csv([_event(latitude=-12.5, longitude=-46.7438238, fatalities=3)], tmp_path / "e.csv")
    with path.open(newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-12.5", "-46.7438238", "3")
    assert _safe_cell(-1) == "-1" and _safe_cell("-1") == "'-1" and _safe_cell(None) == ""


def test_a_cell_with_newlines_and_quotes_stays_one_cell(tmp_path):
    nasty = 'line one\n"=cmd"\r\nline, three'
    path = write_csv([_event(notes=nasty)], tmp_path / "e.csv")
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["notes"] == nasty


def test_hostile_report_text_flows_through_the_pipeline_into_inert_outputs(tmp_path, small_gazetteer):
    text = f"On November 9, Armenian forces shelled Shusha {HOSTILE} and =cmd|' /C calc'!A0 near Karintak.\n"
    doc = Document(id="<b>d</b>", text=text, title=HOSTILE, url="javascript:alert(1)", publisher=HOSTILE,
                   published=date(2020, 11, 10))
    _, events = process_document(doc, small_gazetteer)
    assert events and all(HOSTILE in e.notes for e in events)
    data = json.loads(write_geojson(events, tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert data["features"][0]["properties"]["notes"] == events[0].notes  # JSON keeps it as a plain string
    html = save_map(render_map(events, title=HOSTILE), tmp_path / "map.html").read_text(encoding="utf-8")
    for raw in ("<script>alert", "<img src=x", "<b>d</b>"):
        assert raw not in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("field", ["notes", "location", "place_name", "actor1", "source", "claimed_by", "admin1"])
def test_markup_in_any_event_field_is_escaped_in_the_map_page(tmp_path, field):
    ev = _event(**{field: f"</script>{HOSTILE}"})
    html = save_map(render_map([ev], title="t"), tmp_path / "map.html").read_text(encoding="utf-8")
    assert "</script><script>alert" not in html and "<img src=x" not in html


def test_a_bare_carriage_return_cannot_start_a_new_csv_row(tmp_path):
    # unquoted, "x\r=cmd" reads as two rows, the second starting with a live formula
    path = write_csv([_event(notes="x\r=cmd|' /C calc'!A0")], tmp_path / "e.csv")
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["notes"] == "x\r=cmd|' /C calc'!A0"
    assert b'"x\r=cmd' in path.read_bytes() and b"\r\n" not in path.read_bytes()  # quoted; rows end in \n
