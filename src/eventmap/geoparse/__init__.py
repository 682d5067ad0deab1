"""The geoparse stage: recognise place mentions in a text and resolve them to gazetteer places."""
from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Mention
from .recognise import Recognition, recognise
from .resolve import resolve


def geoparse(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention of ``text``, resolved; offsets index ``text`` exactly as given."""
    return resolve(recognise(text, gazetteer), gazetteer, text)


__all__ = ["Recognition", "geoparse", "recognise", "resolve"]


def mention_record(document_id: str, m: Mention) -> dict:
    """One mention as a flat, JSON-ready record (``eventmap geoparse`` output)."""
    p = m.place
    ru = m.runner_up
    return {
        "document_id": document_id, "start": m.start, "end": m.end, "surface": m.surface,
        "place_id": p.place_id if p else None, "name": p.name if p else None,
        "country_code": p.country_code if p else None, "admin1": p.admin1 if p else None,
        "feature_code": p.feature_code if p else None, "latitude": p.lat if p else None,
        "longitude": p.lon if p else None, "geo_precision": m.geo_precision, "score": round(m.score, 4),
        "runner_up": {"place_id": ru.place.place_id, "score": ru.score} if ru else None,
    }


__all__.append("mention_record")
