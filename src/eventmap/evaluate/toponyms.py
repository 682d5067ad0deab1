"""Evaluate toponym recognition and resolution on annotated XML corpora.

Shapes detected (all of the form ``<articles><article>…``):

* LGL / TR-News: ``<text>`` and ``<toponyms><toponym><start/><end/><phrase/><gaztag><lat/><lon/>``;
* GeoVirus: ``<text>`` and ``<locations><location><start/><end/><name/><lat/><lon/>``;
* GeoWebNews-like: ``<toponym>`` elements with ``<type>`` and coordinates at any depth.

Known defects are tolerated: offsets one or a few characters off, or a phrase found nearby,
are realigned (and counted); spans that cannot be found are dropped (and counted).

Two protocols, each beside a population-prior baseline computed in the same call:
gold spans supplied (resolution only) and end to end (recognition + resolution).
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..gazetteer import Gazetteer
from ..geoparse import geoparse, resolve_spans
from .baseline import population_for_name
from .metrics import MAX_ERROR_KM, km, summary


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass
class Article:
    id: str
    text: str
    toponyms: list[Gold] = field(default_factory=list)


@dataclass
class Corpus:
    name: str
    shape: str
    articles: list[Article]
    realigned: int = 0
    dropped: int = 0


def _num(el, *names) -> float | None:
    for n in names:
        found = el.find(f".//{n}")
        if found is not None and (found.text or "").strip():
            try:
                return float(found.text)
            except ValueError:
                return None
    return None


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    if text[start:end] == phrase:
        return start, end
    for d in (1, -1, 2, -2, 3, -3):
        s = start + d
        if 0 <= s and text[s:s + len(phrase)] == phrase:
            return s, s + len(phrase)
    window_start = max(0, start - 60)
    at = text.find(phrase, window_start, start + len(phrase) + 60)
    if at >= 0:
        return at, at + len(phrase)
    return None


def read_corpus(path: str | Path) -> Corpus:
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"not a readable XML corpus ({exc})", path=str(path)) from None
    articles = root.findall(".//article")
    if not articles:
        raise InputError("no <article> elements: not an LGL/TR-News/GeoVirus/GeoWebNews corpus", path=str(path))
    shape = "lgl" if root.find(".//toponym/gaztag") is not None else \
        "geovirus" if root.find(".//locations/location") is not None else "geowebnews"
    corpus = Corpus(path.name, shape, [])
    for k, art in enumerate(articles):
        text_el = art.find("text")
        text = "".join(text_el.itertext()) if text_el is not None else ""
        a = Article(art.get("docid") or art.get("id") or str(k), text)
        for t in art.findall(".//toponym") + art.findall(".//location"):
            try:
                start, end = int(t.findtext("start")), int(t.findtext("end"))
            except (TypeError, ValueError):
                corpus.dropped += 1
                continue
            phrase = (t.findtext("phrase") or t.findtext("name") or text[start:end]).strip()
            span = _realign(text, start, end, phrase)
            if span is None:
                corpus.dropped += 1
                continue
            if span != (start, end):
                corpus.realigned += 1
            lat, lon = _num(t, "lat", "latitude"), _num(t, "lon", "longitude")
            a.toponyms.append(Gold(span[0], span[1], phrase, lat, lon))
        corpus.articles.append(a)
    return corpus


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_toponyms(path: str | Path, gazetteer: Gazetteer, limit: int | None = None) -> dict:
    t0 = time.perf_counter()
    corpus = read_corpus(path)
    articles = corpus.articles[:limit] if limit else corpus.articles
    gold_err, base_err, e2e_err = [], [], []
    tp = n_pred = n_gold = 0
    for a in articles:
        located = [g for g in a.toponyms if g.lat is not None]
        # gold spans supplied
        if located:
            resolved = resolve_spans(a.text, [(g.start, g.end) for g in located], gazetteer)
            for g, m in zip(located, resolved):
                gold_err.append(km(g.lat, g.lon, m.place.lat, m.place.lon) if m.place else MAX_ERROR_KM)
                b = population_for_name(g.phrase, gazetteer)
                base_err.append(km(g.lat, g.lon, b.lat, b.lon) if b else MAX_ERROR_KM)
        # end to end
        predicted = geoparse(a.text, gazetteer)
        n_pred += len(predicted)
        n_gold += len(a.toponyms)
        spans = [(m.start, m.end) for m in predicted]
        tp += sum(any(_overlaps((g.start, g.end), s) for s in spans) for g in a.toponyms)
        for g in located:
            m = next((m for m in predicted if _overlaps((g.start, g.end), (m.start, m.end)) and m.place), None)
            e2e_err.append(km(g.lat, g.lon, m.place.lat, m.place.lon) if m else MAX_ERROR_KM)
    precision = sum(any(_overlaps((m_s, m_e), (g.start, g.end)) for g in a.toponyms)
                    for a in articles for (m_s, m_e) in [(m.start, m.end) for m in geoparse(a.text, gazetteer)])
    precision = precision / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "corpus": corpus.name, "shape": corpus.shape, "documents": len(articles),
        "realigned_spans": corpus.realigned, "dropped_spans": corpus.dropped,
        "gold_spans": summary(gold_err),
        "end_to_end": {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                       "acc161": summary(e2e_err)["acc161"]},
        "baseline": summary(base_err),
        "seconds": round(time.perf_counter() - t0, 1),
    }
