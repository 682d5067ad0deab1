"""The record every gazetteer source yields before it is indexed."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Record:
    """One place as a source describes it.

    ``admin1_ref``/``admin2_ref`` name the division the place lies in: a place_id of a division
    record (``"geonames:147163"``), or ``"name:<text>"`` when a source gives only its name, or
    ``"code:AZ.55"`` for a GeoNames admin code; the builder resolves them to rows.
    """

    place_id: str
    name: str
    lat: float
    lon: float
    country_code: str = ""
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    names: list[str] = field(default_factory=list)
    admin1_ref: str | None = None
    admin2_ref: str | None = None
    admin_code: str | None = None  # the GeoNames code of a division record itself ("AZ.55")
    source: str = ""
    level: int = 0  # 0 a place, 1/2 an administrative division, -1 a country
    demonyms: list[str] = field(default_factory=list)  # countries: "Azerbaijani"
