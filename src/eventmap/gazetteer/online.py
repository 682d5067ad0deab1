"""An optional online geocoder for names no local source knows: geopy behind a cache and a rate limit.

Off by default and never needed offline. ``OnlineGeocoder`` wraps any geopy geocoder
(Nominatim by default, or GeoNames' web service) with geopy's ``RateLimiter`` (the provider's
limit: one request a second for the public Nominatim) and a persistent SQLite cache, so a name
is asked once and a rerun asks nothing. Answers become :class:`~eventmap.model.Place` records
with ``source`` naming the provider.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from ..errors import ConfigurationError, GazetteerError
from ..model import Place
from ..paths import cache_dir


class OnlineGeocoder:
    """Look a name up with a geopy geocoder, cached on disk and rate-limited.

    Parameters
    ----------
    geocoder:
        A geopy geocoder instance; default ``Nominatim(user_agent=...)``.
    min_delay_seconds:
        The provider's rate limit (geopy ``RateLimiter``).
    cache:
        The SQLite cache file (default: ``online-geocoder.sqlite`` in the cache folder).
    """

    def __init__(self, geocoder=None, *, min_delay_seconds: float = 1.0, cache: str | Path | None = None,
                 user_agent: str = "eventmap (offline-first conflict mapper)"):
        from geopy.extra.rate_limiter import RateLimiter

        if geocoder is None:
            from geopy.geocoders import Nominatim
            geocoder = Nominatim(user_agent=user_agent, timeout=10)
        if min_delay_seconds < 0:
            raise ConfigurationError(f"min_delay_seconds must be >= 0, got {min_delay_seconds!r}")
        self.geocoder = geocoder
        self.provider = type(geocoder).__name__
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=2,
                                    error_wait_seconds=2.0, swallow_exceptions=False)
        path = Path(cache) if cache else cache_dir() / "online-geocoder.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path)
        self.con.execute("CREATE TABLE IF NOT EXISTS answers (provider TEXT, query TEXT, answer TEXT, at REAL, "
                         "PRIMARY KEY (provider, query))")

    def lookup(self, name: str, country_codes: list[str] | None = None) -> Place | None:
        """The provider's best answer for ``name`` (within ``country_codes`` when given), or None."""
        from geopy.exc import GeopyError

        query = json.dumps([name, sorted(country_codes or [])])
        row = self.con.execute("SELECT answer FROM answers WHERE provider=? AND query=?",
                               (self.provider, query)).fetchone()
        if row is not None:
            return _place(json.loads(row[0]), self.provider)
        kwargs = {"exactly_one": True}
        if country_codes and self.provider == "Nominatim":
            kwargs["country_codes"] = [c.lower() for c in country_codes]
        try:
            loc = self._geocode(name, **kwargs)
        except GeopyError as exc:
            raise GazetteerError(f"online geocoder {self.provider} failed for {name!r}: {exc}") from exc
        answer = None if loc is None else {"name": loc.address.split(",")[0], "lat": loc.latitude,
                                           "lon": loc.longitude, "raw": _small(loc.raw)}
        with self.con:
            self.con.execute("INSERT OR REPLACE INTO answers VALUES (?,?,?,?)",
                             (self.provider, query, json.dumps(answer), time.time()))
        return _place(answer, self.provider)


def _small(raw) -> dict:
    if not isinstance(raw, dict):
        return {}
    return {k: raw[k] for k in ("place_id", "osm_type", "osm_id", "type", "class", "geonameId", "countryCode")
            if k in raw}


def _place(answer: dict | None, provider: str) -> Place | None:
    if not answer:
        return None
    raw = answer.get("raw") or {}
    ident = raw.get("osm_id") or raw.get("geonameId") or raw.get("place_id") or f"{answer['lat']},{answer['lon']}"
    kind = raw.get("osm_type") or "id"
    return Place(place_id=f"{provider.lower()}:{kind}/{ident}", name=answer["name"],
                 country_code=(raw.get("countryCode") or "").upper(), lat=float(answer["lat"]),
                 lon=float(answer["lon"]), feature_class="P", feature_code="PPL",
                 source=f"online geocoder {provider}")
