"""Map scale: 100,000 synthetic events with full popups, eventmap's map beside folium's default approach.

Run from the repo root:  python benchmarks/map_scale.py [N] [--baseline-events M] [--no-browser]
Targets (issue 5): eventmap's page <= 30 MB, written in <= 10 s, first render in headless Chromium
<= 3 s. Measured in the same run for comparison: the folium default (one ``folium.Marker`` with a
popup per event, in a ``MarkerCluster``). Both pages are opened with the network refused: eventmap's
offline page needs none; the folium page's Leaflet and markercluster CDN requests are answered from
eventmap's asset cache (``python -m eventmap.render``; jQuery, which folium's popups call, is fetched
into it the same way), its other CDN requests (Bootstrap, fonts, awesome-markers) refused.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventmap.model import Event
from eventmap.render import render_map, save_map
from eventmap.render.assets import (LEAFLET, MARKERCLUSTER, PACKAGES, NpmPackage, ensure_assets, is_cached,
                                    package_dir)

CHROMIUM = "/usr/bin/chromium"
# folium's marker popups call jQuery; served (like Leaflet and markercluster) in place of the CDN copy.
JQUERY = NpmPackage("jquery", "3.7.1",
                    "sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
                    js=("dist/jquery.min.js",))
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"),
         ("Strategic developments", "Change to group/activity")]
ACTORS = ["Military Forces of Azerbaijan", "Military Forces of Armenia", "Artsakh Defense Army", "Civilians", None]
WORDS = ("heavy fighting shelling reported village road near district artillery positions drone strike "
         "residents said officials confirmed claimed denied according to ministry sources overnight").split()


def synthetic_events(n: int, seed: int = 1) -> list[Event]:
    rnd = random.Random(seed)
    places = [(f"Place {k}", 38.5 + rnd.random() * 3, 44.5 + rnd.random() * 4) for k in range(3000)]
    start = date(2020, 1, 1)
    out = []
    for i in range(n):
        name, lat, lon = places[rnd.randrange(len(places))]
        t, sub = TYPES[rnd.randrange(len(TYPES))]
        d = start + timedelta(days=rnd.randrange(730))
        words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10, 18)))
        doc = f"doc{i // 8:06d}"
        out.append(Event(
            event_id=f"{i:016x}", event_date=d, event_type=t, sub_event_type=sub, location=name,
            place_name=name.upper(), place_id=f"geonames:{100000 + i % 3000}", country_code="AZ",
            admin1="Region " + str(i % 20), latitude=lat + rnd.gauss(0, 0.01), longitude=lon + rnd.gauss(0, 0.01),
            geo_precision=rnd.choice((1, 1, 1, 2, 3)), notes=f"On {d:%B %d}, {words} in {name} ({i}).",
            document_id=doc, actor1=rnd.choice(ACTORS), actor2=rnd.choice(ACTORS),
            claimed_by=rnd.choice(["Armenian MoD", "Azerbaijani MoD", None]),
            claim_status=rnd.choice(["reported", "claimed", "disputed", "denied"]),
            fatalities=rnd.choice([None, None, 0, 1, 3, 12]), source="Example Wire",
            source_url=f"https://news.example.org/{doc}", published=d + timedelta(days=1),
            confidence=round(rnd.random(), 2)))
    return out


def folium_default(events: list[Event], path: Path) -> None:
    """The folium-default map: a Marker with an HTML popup per event inside a MarkerCluster."""
    import html

    import folium
    from folium.plugins import MarkerCluster

    fmap = folium.Map(location=[40, 46], zoom_start=7)
    cluster = MarkerCluster().add_to(fmap)
    for e in events:
        p = e.properties()
        body = "<br>".join(f"<b>{k}</b>: {html.escape(str(v))}" for k, v in p.items() if v is not None)
        folium.Marker([e.latitude, e.longitude], popup=folium.Popup(body, max_width=380)).add_to(cluster)
    fmap.save(str(path))


def first_render(path: Path, selector: str, timeout_s: float, serve_cdn: bool = False) -> float | None:
    """Seconds from navigation to the first marker/cluster drawn (None on timeout), network refused."""
    from playwright.sync_api import TimeoutError as PWTimeout
    from playwright.sync_api import sync_playwright

    local = {"leaflet.js": (LEAFLET, "dist/leaflet.js"), "leaflet.css": (LEAFLET, "dist/leaflet.css"),
             "leaflet.markercluster.js": (MARKERCLUSTER, "dist/leaflet.markercluster.js"),
             "MarkerCluster.css": (MARKERCLUSTER, "dist/MarkerCluster.css"),
             "MarkerCluster.Default.css": (MARKERCLUSTER, "dist/MarkerCluster.Default.css"),
             "jquery-3.7.1.min.js": (JQUERY, "dist/jquery.min.js")}

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            return r.continue_()
        name = url.rsplit("/", 1)[-1]
        if serve_cdn and name in local:
            pkg, rel = local[name]
            ctype = "text/css" if name.endswith(".css") else "application/javascript"
            return r.fulfill(status=200, body=(package_dir(pkg) / rel).read_bytes(), content_type=ctype)
        return r.abort()

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                "--disable-dev-shm-usage"])
        try:
            ctx = b.new_context(viewport={"width": 1200, "height": 800})
            ctx.route("**/*", route)
            page = ctx.new_page()
            t = time.perf_counter()
            page.goto(path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
            try:
                page.wait_for_selector(selector, state="attached", timeout=timeout_s * 1000)
            except PWTimeout:
                return None
            return time.perf_counter() - t
        finally:
            b.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--baseline-events", type=int, default=None, help="events for the folium default (default: N)")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium first-render measurements")
    ap.add_argument("--out", default=None, help="folder for the two pages (default: a temporary one)")
    args = ap.parse_args()
    n_base = args.baseline_events or args.n
    browser = not args.no_browser and Path(CHROMIUM).exists()
    if browser and not all(is_cached(p) for p in PACKAGES):
        sys.exit("run `python -m eventmap.render` first (the offline page inlines the cached assets)")
    if browser:
        ensure_assets((MARKERCLUSTER, JQUERY))  # served to the folium page in place of its CDN
    out = Path(args.out or tempfile.mkdtemp(prefix="eventmap-map-scale-"))
    events = synthetic_events(max(args.n, n_base))

    t = time.perf_counter()
    ours = save_map(render_map(events[:args.n], title="map_scale", offline=True), out / "eventmap.html")
    t_ours = time.perf_counter() - t
    mb_ours = ours.stat().st_size / 1e6
    r_ours = first_render(ours, ".marker-cluster, .em-marker", 30) if browser else None

    t = time.perf_counter()
    base = out / "folium_default.html"
    folium_default(events[:n_base], base)
    t_base = time.perf_counter() - t
    mb_base = base.stat().st_size / 1e6
    r_base = first_render(base, ".marker-cluster, .leaflet-marker-icon", 120, serve_cdn=True) if browser else None

    def fmt(r):
        return "not measured" if not browser else ("> timeout" if r is None else f"{r:.2f} s")

    print(f"events: {args.n} (folium default: {n_base}); pages in {out}")
    print(f"eventmap (offline, data-driven): {mb_ours:6.1f} MB  written in {t_ours:6.2f} s  "
          f"first render {fmt(r_ours)}   targets: <= 30 MB, <= 10 s, <= 3 s")
    print(f"folium default (Marker+Popup each, MarkerCluster): {mb_base:6.1f} MB  written in {t_base:6.2f} s  "
          f"first render {fmt(r_base)}")
    ok = mb_ours <= 30 and t_ours <= 10 and (r_ours is not None and r_ours <= 3 if browser else True)
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
