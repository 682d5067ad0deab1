"""Evaluate against event-coded data with text: ACLED exports.

Each row's ``notes`` becomes a document published on its ``event_date``; the first event
eventmap extracts from it is compared with ACLED's coding (distance to ACLED's point, date,
event type). A population-only baseline runs in the same call: the most populous populated
place whose name appears capitalised in the notes.
"""
from __future__ import annotations

import csv
import statistics
from datetime import datetime
from pathlib import Path

from ..errors import InputError
from ..gazetteer import Gazetteer
from ..model import Document
from ..pipeline import process_document
from .baseline import population_baseline
from .metrics import km

REQUIRED = ("notes", "latitude", "longitude", "event_date", "event_type")


def read_acled(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"cannot read ACLED CSV ({exc})", path=str(path)) from None
    if not rows:
        raise InputError("no rows", path=str(path))
    missing = [c for c in REQUIRED if c not in rows[0]]
    if missing:
        raise InputError(f"not an ACLED export: missing column(s) {', '.join(missing)}", path=str(path), line=1)
    return rows


def _date(value: str):
    for fmt in ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _score(errors: list[float | None], n: int) -> dict:
    located = [e for e in errors if e is not None]
    return {
        "coverage": round(len(located) / n, 4) if n else 0.0,
        "acc25": round(sum(e <= 25 for e in located) / n, 4) if n else 0.0,
        "acc161": round(sum(e <= 161 for e in located) / n, 4) if n else 0.0,
        "median_km": round(statistics.median(located), 1) if located else None,
    }


def evaluate_acled(path: str | Path, gazetteer: Gazetteer, limit: int | None = None) -> dict:
    rows = read_acled(path)[:limit] if limit else read_acled(path)
    errors, base_errors = [], []
    date_ok = type_ok = n_events = 0
    for i, row in enumerate(rows, start=2):
        try:
            published = _date(row["event_date"])
            gold = (float(row["latitude"]), float(row["longitude"]))
        except ValueError:
            raise InputError(f"bad event_date or coordinates ({row['event_date']!r})", path=str(path), line=i) from None
        doc = Document(id=row.get("event_id_cnty") or str(i), text=row["notes"], published=published)
        _, events = process_document(doc, gazetteer)
        located = [e for e in events if e.latitude is not None]
        n_events += bool(events)
        if located:
            e = located[0]
            errors.append(km(gold[0], gold[1], e.latitude, e.longitude))
            date_ok += e.event_date == published
            type_ok += e.event_type == row["event_type"]
        else:
            errors.append(None)
        b = population_baseline(row["notes"], gazetteer)
        base_errors.append(km(gold[0], gold[1], b.lat, b.lon) if b else None)
    n = len(rows)
    out = {"corpus": Path(path).name, "kind": "acled", "rows": n, **_score(errors, n),
           "with_events": round(n_events / n, 4),
           "date_agreement": round(date_ok / n, 4), "type_agreement": round(type_ok / n, 4),
           "baseline": _score(base_errors, n)}
    return out
