"""The optional online fallback, against a Nominatim-like server started on 127.0.0.1."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventmap.gazetteer.online import OnlineGeocoder
from eventmap.geoparse import geoparse


@pytest.fixture
def nominatim():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = json.dumps([{"place_id": 7, "osm_type": "node", "osm_id": 42, "lat": "40.1", "lon": "46.5",
                                "display_name": "Nowhereville, Somewhere", "class": "place", "type": "village"}])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _geocoder(domain, tmp_path):
    from geopy.geocoders import Nominatim

    return OnlineGeocoder(Nominatim(user_agent="eventmap-tests", domain=domain, scheme="http"),
                          min_delay_seconds=0, cache=tmp_path / "online.sqlite")


def test_an_unknown_name_is_asked_once_then_answered_from_the_cache(nominatim, tmp_path):
    domain, hits = nominatim
    g = _geocoder(domain, tmp_path)
    first = g.lookup("Nowhereville")
    again = _geocoder(domain, tmp_path).lookup("Nowhereville")
    assert (first.lat, first.lon) == (40.1, 46.5) == (again.lat, again.lon)
    assert first.place_id == "nominatim:node/42" and len(hits) == 1


def test_geoparse_asks_online_only_for_unresolved_mentions(nominatim, tmp_path, small_gazetteer):
    domain, hits = nominatim
    ms = geoparse("Shells fell on the village of Nowhereville and on Karintak.", small_gazetteer,
                  online=_geocoder(domain, tmp_path))
    by = {m.surface: m for m in ms}
    assert by["Nowhereville"].place.source == "online geocoder Nominatim"
    assert by["Karintak"].place.place_id == "eventmap:karintak"
    assert len(hits) == 1
