"""Self-contained pages: Leaflet and its plugins inlined from the npm cache, no remote reference.

A folium page loads Leaflet, jQuery, Bootstrap and fonts from public CDNs. :func:`make_offline`
drops those links from the map (and its elements) and puts one :class:`InlineAssets` element in the
page header instead: the cached JS in ``<script>`` and the CSS in ``<style>``, the images the CSS
names as ``data:`` URIs. The page then works from ``file://`` with the network off.
"""
from __future__ import annotations

import base64
import re
from collections import OrderedDict
from pathlib import Path, PurePosixPath

import folium
from branca.element import Figure, MacroElement

from .layer import RawHTML, script_tag
from .assets import PACKAGES, NpmPackage, ensure_assets, read_asset

_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".jpg": "image/jpeg"}




def _inline_css(pkg: NpmPackage, path: str, css: str, root: Path | None) -> str:
    base = PurePosixPath(path).parent

    def repl(m: re.Match) -> str:
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#")):
            return m.group(0)
        target = f"{base}/{ref.split('?')[0].split('#')[0]}"
        # normalise "dist/./images/x.png" without touching the file system
        parts: list[str] = []
        for part in target.split("/"):
            if part == "..":
                parts and parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        target = "/".join(parts)
        if target not in pkg.files:
            return "url(data:,)"  # never a remote or missing reference
        mime = _MIME.get(PurePosixPath(target).suffix, "application/octet-stream")
        data = base64.b64encode(read_asset(pkg, target, root)).decode("ascii")
        return f"url(data:{mime};base64,{data})"

    return _CSS_URL.sub(repl, css).replace("</", "<\\/")


def inline_html(packages: tuple[NpmPackage, ...] = PACKAGES, root: Path | None = None,
                download: bool = True) -> str:
    """The ``<style>`` and ``<script>`` elements of ``packages``, from the cache (fetched if missing)."""
    ensure_assets(packages, root=root, download=download)
    parts = []
    for pkg in packages:
        for path in pkg.css:
            css = read_asset(pkg, path, root).decode("utf-8")
            parts.append(f"<style>/* {pkg.name} {pkg.version} {path} */\n{_inline_css(pkg, path, css, root)}</style>")
    for pkg in packages:
        for path in pkg.js:
            parts.append(script_tag(f"/* {pkg.name} {pkg.version} {path} */\n" + read_asset(pkg, path, root).decode("utf-8")))
    return "\n".join(parts)


class InlineAssets(MacroElement):
    """Puts the inlined Leaflet (and plugins) first in the page header."""

    def __init__(self, html: str):
        super().__init__()
        self._name = "InlineAssets"
        self.html = html

    def render(self, **kwargs):
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.header.add_child(RawHTML(self.html), name="eventmap_inline_assets")
        super().render(**kwargs)


def _strip_links(element) -> None:
    if hasattr(element, "default_js"):
        element.default_js = []  # instance attributes: folium's class-level lists stay untouched
        element.default_css = []
    for child in element._children.values():
        _strip_links(child)


def make_offline(fmap: folium.Map, *, root: Path | None = None, download: bool = True) -> folium.Map:
    """Make ``fmap`` self-contained: no CDN link, Leaflet and plugins inlined from the asset cache."""
    _strip_links(fmap)
    assets = InlineAssets(inline_html(root=root, download=download))
    # first child of the map, so its header entry precedes every other element's
    fmap._children = OrderedDict([(assets.get_name(), assets), *fmap._children.items()])
    assets._parent = fmap
    return fmap
