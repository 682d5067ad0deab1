"""The geoparse stage: recognise place mentions in a text and resolve them to gazetteer places."""
from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Mention
from .recognise import Recognition, recognise
from .resolve import resolve


def geoparse(text: str, gazetteer: Gazetteer, *, online=None, ner: bool = True) -> list[Mention]:
    """Every place mention of ``text``, resolved; offsets index ``text`` exactly as given.

    ``online``: an optional :class:`eventmap.gazetteer.online.OnlineGeocoder` asked (through its
    cache and rate limit) for the mentions no local source could resolve.
    ``ner``: add the place entities of a spaCy English model when one is installed
    (:mod:`eventmap.geoparse.ner`; nothing happens without spaCy).
    """
    from dataclasses import replace

    from ..text import dateline
    from .ner import ner_spans

    extra = ner_spans(text) if ner else None
    mentions = resolve(recognise(text, gazetteer, extra), gazetteer, text)
    place_start, place_end, _ = dateline(text)
    if place_end:
        # (the dateline's place is where the reporter files from: a mention, not a scene)
        mentions = [replace(m, role="dateline") if place_start <= m.start and m.end <= place_end
                    and m.role == "literal" else m for m in mentions]
    if online is not None:
        mentions = _ask_online(mentions, online)
    return mentions


def _ask_online(mentions: list[Mention], online) -> list[Mention]:
    from collections import Counter
    from dataclasses import replace

    from ..model import Candidate

    countries = Counter(m.place.country_code for m in mentions if m.place and m.place.country_code)
    focus = [cc for cc, _ in countries.most_common(2)]
    out = []
    for m in mentions:
        if m.place is None:
            place = online.lookup(m.surface, focus or None)
            if place is not None:
                m = replace(m, place=place, candidates=(Candidate(place, 0.5),), score=0.5)
        out.append(m)
    return out


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
        "role": m.role,
    }


__all__.append("mention_record")


def resolve_spans(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Mention]:
    """Resolve given toponym spans (gold spans) in context; one Mention per span, in order.

    The document's own recognition still supplies the country evidence and the cues; the spans
    replace the recognised mentions, so resolution alone is measured.
    """
    from ..gazetteer.fold import fold_keys
    from ..gazetteer.gazetteer import _chunks
    from .recognise import RawMention

    rec = recognise(text, gazetteer)
    by_span = {(m.start, m.end): m for m in rec.mentions}
    keys = {k for s, e in spans for k in fold_keys(text[s:e])}
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(keys)):
        q = f"SELECT key, key_id FROM keys WHERE key IN ({','.join('?' * len(chunk))})"
        found.update(gazetteer.con.execute(q, chunk).fetchall())
    from ..gazetteer.fold import fold
    from ..gazetteer.gazetteer import country_display_name, key_ids_for
    from .recognise import abbreviation_target

    demonyms = gazetteer.demonyms()
    raws = []
    for s, e in spans:
        known = by_span.get((s, e))
        # an abbreviation written with its period ("Ill.", "S.C.") is that division, whatever
        # else its letters spell
        target = abbreviation_target(text[s:e])
        kids = () if target else tuple(found[k] for k in fold_keys(text[s:e]) if k in found)
        if not kids:
            # a span the gold calls a toponym: an abbreviation ("La.") or a demonym ("Egyptian")
            name = target[1] if target else None
            if name is None and fold(text[s:e]) in demonyms:
                name = country_display_name(gazetteer, demonyms[fold(text[s:e])])
            if name:
                kids = tuple(key_ids_for(gazetteer, [fold(name)]).values())
        if known is not None:
            raws.append(RawMention(s, e, text[s:e], known.sentence, kids or known.key_ids, known.precision,
                                   known.kind, known.cue, role=known.role, country=known.country))
        else:
            division = target is not None and len(target[0]) == 2 and target[1] != "United States"
            raws.append(RawMention(s, e, text[s:e], 0, kids, kind="region" if division else None))
    order = sorted(range(len(raws)), key=lambda i: raws[i].start)
    resolved = resolve(Recognition([raws[i] for i in order], rec.countries, rec.sentence_spans), gazetteer, text)
    out: list[Mention | None] = [None] * len(raws)
    for i, m in zip(order, resolved):
        out[i] = m
    return out  # type: ignore[return-value]


__all__.append("resolve_spans")
