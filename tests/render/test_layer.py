import json
from datetime import date

import folium

from eventmap.export import to_geojson
from eventmap.render import render_map, save_map
from eventmap.render.layer import encode_events

from .conftest import make_event


def test_the_map_embeds_events_as_data_and_saves_atomically(tmp_path):
    fmap = render_map([make_event(notes="A plain sentence.")])
    assert isinstance(fmap, folium.Map)
    html = save_map(fmap, tmp_path / "m.html").read_text()
    assert "A plain sentence." in html
    assert not list(tmp_path.glob(".*.part*"))


def test_report_text_cannot_close_the_script_or_inject_markup(tmp_path):
    payload = "</script><img src=x onerror=alert(1)>"
    html = save_map(render_map([make_event(notes=payload, location=payload, event_type=payload,
                                           source_url="javascript:alert(1)")], title=payload),
                    tmp_path / "m.html").read_text()
    assert payload not in html
    assert "<img src=x" not in html


def test_a_map_can_be_made_from_an_exported_feature_collection():
    fc = json.loads(json.dumps(to_geojson([make_event()])))
    assert "eventmapLayer(" in render_map(fc).get_root().render()


def test_events_are_encoded_as_columns_with_repeated_values_once():
    evs = [make_event(event_id=f"e{i}", notes=f"sentence {i}", event_date=date(2020, 10, 1 + i % 20),
                      event_type="Battles" if i % 2 else "Protests") for i in range(40)]
    evs.append(make_event(event_id="nowhere", latitude=None, longitude=None))
    data = encode_events(to_geojson(evs))
    assert data["n"] == 40 and data["unmapped"] == 1
    assert sorted(data["cols"]["event_type"]["v"]) == ["Battles", "Protests"]
    assert "r" in data["cols"]["notes"] and data["cols"]["location"] == {"c": "Karin-Tak"}
    assert len(data["cols"]["event_id"]["r"]) == 40 and "event_date" not in data["cols"]
    assert data["range"] == [date(2020, 10, 1).toordinal() - date(1970, 1, 1).toordinal(),
                             date(2020, 10, 20).toordinal() - date(1970, 1, 1).toordinal()]
    assert data["bounds"] == [[39.74, 46.74], [39.74, 46.74]]


def test_an_event_of_a_type_of_its_own_still_gets_a_style():
    data = encode_events(to_geojson([make_event(event_type="Something else")]))
    assert data["cols"]["event_type"] == {"v": ["Something else"], "i": [0]}


def test_online_maps_offer_xyzservices_base_layers():
    html = render_map([make_event()]).get_root().render()
    assert "tile.openstreetmap.org" in html and "supercluster@8.0.1" in html
    html = render_map([make_event()], tiles="none").get_root().render()
    assert "L.tileLayer(" not in html
