"""Fixtures of the render tests: events, a fake asset cache (no network), the real one, Chromium."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from eventmap.model import Event
from eventmap.render import assets

CHROMIUM = os.environ.get("EVENTMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (offline pages)")


def make_event(**kw) -> Event:
    base = dict(event_id="e1", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                location="Karin-Tak", place_name="Karintak", place_id="eventmap:karintak", country_code="AZ",
                admin1=None, latitude=39.74, longitude=46.74, geo_precision=2, notes="A plain sentence.",
                document_id="d1", source="Example News", source_url="https://example.org/a")
    base.update(kw)
    return Event(**base)


@pytest.fixture
def fake_assets(tmp_path) -> Path:
    """A complete asset cache with stand-in files (for tests that only read the HTML)."""
    root = tmp_path / "assets"
    for pkg in assets.PACKAGES:
        folder = root / pkg.folder_name
        for f in pkg.files:
            (folder / f).parent.mkdir(parents=True, exist_ok=True)
            body = b"\x89PNG fake" if f.endswith(".png") else f"/* {pkg.name} {f} */".encode()
            if f.endswith(".css"):
                body += b" .x { background: url(images/layers.png); }"
            (folder / f).write_bytes(body)
        (folder / ".integrity").write_text(pkg.integrity + "\n")
    return root


@pytest.fixture(scope="session")
def real_assets() -> Path:
    """The pre-fetched cache (``python -m eventmap.render.assets``); skips the test when absent."""
    root = assets.assets_dir()
    missing = [p.name for p in assets.PACKAGES if not assets.is_cached(p, root)]
    if missing:
        pytest.skip(f"offline map assets not cached in {root} ({', '.join(missing)}): "
                    f"run `{assets.FETCH_COMMAND}` first")
    return root


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set EVENTMAP_CHROMIUM)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()
