"""Offline maps in Debian's Chromium (Playwright, no browser download, every network request refused).

Selected with ``-m browser``; skipped with the reason when Playwright, Chromium or the pre-fetched
assets (``python -m eventmap.render.assets``) are missing. Writes ``docs/map-example.png``.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventmap.export import to_geojson
from eventmap.render import render_map, save_map

from .conftest import make_event

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "map-example.png"
XSS = '<img src=x onerror="window.__xss=1">'


class Session:
    """One page with every console error, page error, dialog and non-file request recorded."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1100, "height": 720}, offline=True)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.errors.append("dialog: " + d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("[data-em-ready]", state="attached", timeout=15000)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def count(self) -> str:
        self.page.wait_for_selector("[data-em-ready]", state="attached", timeout=15000)
        return self.page.inner_text(".em-count")

    def drawn(self) -> int:
        """Events drawn in the view: cluster sizes plus single markers."""
        return self.page.evaluate("""() => {
            let n = document.querySelectorAll('.leaflet-marker-pane .em-marker').length;
            document.querySelectorAll('.leaflet-marker-pane .marker-cluster span')
                .forEach(s => { n += parseInt(s.textContent, 10); });
            return n; }""")

    def open_popup(self, i: int) -> str:
        """Zoom to event ``i``, click its marker (or its same-place cluster) as a user would: the popup text."""
        assert self.page.evaluate("(i) => window.eventmapState[0].reveal(i)", i)
        self.page.click("#em-target", force=True)
        self.page.wait_for_selector(".leaflet-popup-content .em-popup", timeout=5000)
        return self.page.inner_text(".leaflet-popup-content")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def example(full_gazetteer, real_assets, tmp_path_factory):
    """The README's example map (examples/reports), built offline."""
    from eventmap.pipeline import extract
    from eventmap.sources import read_documents

    events = extract(read_documents([REPO / "examples" / "reports"], None), full_gazetteer)
    assert events, "the example reports gave no events"
    path = save_map(render_map(events, title="eventmap example", offline=True, assets_root=real_assets),
                    tmp_path_factory.mktemp("example") / "map.html")
    feats = [f for f in to_geojson(events)["features"] if f["geometry"]]
    return path, feats


def test_the_example_map_works_offline(browser, example):
    path, feats = example
    n = len(feats)
    s = Session(browser, path)
    try:
        assert s.count().startswith(f"{n} of {n} events shown")
        assert s.drawn() == n  # the map opens on every event of the whole period
        legend = s.page.inner_text(".em-legend")
        for t in {f["properties"]["event_type"] for f in feats}:
            assert t in legend

        # the docs' picture: the whole example, a marker's popup open
        single = s.page.locator(".leaflet-marker-pane .em-marker")
        if single.count():
            single.first.click(force=True)
            s.page.wait_for_selector(".leaflet-popup-content .em-popup", timeout=5000)
            s.page.wait_for_timeout(500)  # the popup's fade-in
        s.page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size < 500_000

        # popup: the quoted source sentence, date, claim
        text = s.open_popup(0)
        p = feats[0]["properties"]
        assert p["notes"] in text and p["event_date"] in text and p["claim_status"] in text

        # time filter: from the middle of the period
        days = sorted({f["properties"]["event_date"] for f in feats})
        cut = days[len(days) // 2]
        expected = sum(1 for f in feats if (f["properties"]["event_date_end"] or f["properties"]["event_date"]) >= cut)
        s.page.fill(".em-from", cut)
        s.page.dispatch_event(".em-from", "change")
        assert s.count().startswith(f"{expected} of {n} events shown") and expected < n
        s.page.click(".em-reset")
        assert s.count().startswith(f"{n} of {n}")

        # layer toggle: hide one type
        t0 = feats[0]["properties"]["event_type"]
        k = sum(1 for f in feats if f["properties"]["event_type"] == t0)
        box = s.page.locator(".leaflet-control-layers-overlays label", has_text=t0).locator("input")
        box.uncheck()
        assert s.count().startswith(f"{n - k} of {n}")
        box.check()
        assert s.count().startswith(f"{n} of {n}")

        # search by place name
        s.page.fill(".em-query", p["location"][:4])
        s.page.wait_for_selector(".em-results button", timeout=3000)

        assert s.errors == [] and s.requests == []
    finally:
        s.close()


def test_report_html_and_javascript_links_run_nothing(browser, real_assets, tmp_path):
    ev = make_event(notes=f"Shelling reported. {XSS}", location=XSS, actor1=XSS, event_type=XSS,
                    source=XSS, source_url="javascript:window.__xss=1", claimed_by="<script>window.__xss=1</script>")
    path = save_map(render_map([ev, make_event(event_id="e2", latitude=40.0)], title=XSS, offline=True,
                               assets_root=real_assets), tmp_path / "xss.html")
    s = Session(browser, path)
    try:
        text = s.open_popup(0)
        assert XSS in text and "javascript:" not in s.page.inner_html(".leaflet-popup-content")
        s.page.fill(".em-query", "img")
        s.page.wait_for_selector(".em-results button", timeout=3000)
        s.page.click(".leaflet-control-layers-overlays label >> nth=0")
        s.page.wait_for_timeout(200)
        assert s.page.evaluate("() => window.__xss") is None
        assert s.page.locator("img[src='x']").count() == 0 and s.page.locator("a[href^='javascript']").count() == 0
        assert s.errors == [] and s.requests == []
    finally:
        s.close()


def test_many_events_cluster_and_filter_by_date(browser, real_assets, tmp_path):
    import random

    rnd = random.Random(5)
    events = [make_event(event_id=f"e{i}", event_date=date(2020, 1 + i % 12, 1 + i % 28),
                         latitude=rnd.uniform(38, 42), longitude=rnd.uniform(44, 49),
                         event_type=["Battles", "Protests", "Riots"][i % 3], notes=f"Sentence {i}.")
              for i in range(5000)]
    path = save_map(render_map(events, offline=True, assets_root=real_assets), tmp_path / "many.html")
    s = Session(browser, path)
    try:
        assert s.count().startswith("5000 of 5000")
        assert s.page.locator(".marker-cluster").count() > 0 and s.drawn() == 5000
        s.page.evaluate("() => window.eventmapState[0].setRange('2020-06-01', '2020-06-30')")
        expected = sum(1 for e in events if e.event_date.month == 6)
        assert s.count().startswith(f"{expected} of 5000")
        assert s.drawn() == expected
        assert s.errors == [] and s.requests == []
    finally:
        s.close()
