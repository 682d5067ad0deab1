from html.parser import HTMLParser

import pytest

from eventmap.errors import ConfigurationError, InputError
from eventmap.render import map_file, read_geojson, render_map
from eventmap.render.tiles import base_layers

from .conftest import make_event


class _Refs(HTMLParser):
    """Every URL the browser would load: src of any element, href of <link>, url()/@import in <style>."""

    def __init__(self):
        super().__init__()
        self.urls, self._style = [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            import re
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def remote_refs(html: str) -> list[str]:
    p = _Refs()
    p.feed(html)
    return [u for u in p.urls if not u.startswith("data:")]


def test_an_offline_page_references_no_remote_url(fake_assets):
    html = render_map([make_event()], offline=True, assets_root=fake_assets).get_root().render()
    assert remote_refs(html) == []
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn.com",
                 "tile.openstreetmap.org", "arcgisonline.com"):
        assert host not in html
    assert "/* leaflet dist/leaflet.js */" in html and "data:image/png;base64," in html


def test_an_online_page_does_load_from_cdns():
    html = render_map([make_event()]).get_root().render()
    assert any(u.startswith("https://") for u in remote_refs(html))


def test_offline_tiles_are_none_or_the_users_own(fake_assets):
    html = render_map([make_event()], offline=True, tiles="http://tiles.local/{z}/{x}/{y}.png",
                      assets_root=fake_assets).get_root().render()
    assert "http://tiles.local/{z}/{x}/{y}.png" in html
    with pytest.raises(ConfigurationError, match="offline"):
        render_map([make_event()], offline=True, tiles="OpenStreetMap.Mapnik", assets_root=fake_assets)


def test_tiles_by_xyzservices_name_and_bad_names():
    assert [t.layer_name for t in base_layers("OpenTopoMap")] == ["OpenTopoMap"]
    assert base_layers("none") == [] and base_layers(None, offline=True) == []
    with pytest.raises(ConfigurationError, match="unknown tiles"):
        base_layers("NoSuchProvider.Anywhere")


def test_a_map_from_an_exported_geojson_file(tmp_path, fake_assets):
    from eventmap.export import write_geojson

    src = write_geojson([make_event(notes="From the file.")], tmp_path / "events.geojson")
    out = map_file(src, tmp_path / "map.html", offline=True, assets_root=fake_assets)
    assert "From the file." in out.read_text()
    (tmp_path / "bad.geojson").write_text('{"type": "Feature"}')
    with pytest.raises(InputError, match="FeatureCollection"):
        read_geojson(tmp_path / "bad.geojson")
    with pytest.raises(InputError, match="cannot read"):
        read_geojson(tmp_path / "missing.geojson")
