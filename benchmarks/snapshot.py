"""A fingerprint of what the pipeline outputs over a fixed corpus: the gate for speed work.

Run from the repo root:  python benchmarks/snapshot.py [--out FILE]

Geoparses and extracts events from a fixed mix of documents: the seed report, 200 synthetic
reports (benchmarks/corpus.py), the first 300 LGL articles and the first 400 ACLED notes
(../shared/eval, when present), and prints one hash of every mention (span, place, precision,
score) and every event (its stored JSON record), with the counts. A change meant only to make
the pipeline faster must leave the hash as it was; ``--out FILE`` writes the records one per
line, so that two runs can be compared with ``diff`` when the hash moves.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARED = HERE.parents[1] / "shared"

from corpus import build, reports  # noqa: E402

from eventmap.events import extract_events  # noqa: E402
from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.geoparse import geoparse  # noqa: E402
from eventmap.model import Document  # noqa: E402
from eventmap.sources import read_documents  # noqa: E402
from eventmap.store import _encode  # noqa: E402


def documents(g: Gazetteer) -> list[Document]:
    docs: list[Document] = []
    seeds = sorted((SHARED / "seed").glob("*.txt"))
    if seeds:
        docs += list(read_documents(seeds[:1], date(2020, 11, 10)))
    docs += [Document(f"synthetic{k}", t, published=date(2020, 5, 1)) for k, t in enumerate(reports(g, 200))]
    lgl = SHARED / "eval" / "lgl" / "lgl.xml"
    if lgl.exists():
        from eventmap.evaluate.toponyms import read_corpus

        docs += [Document(f"lgl{k}", a.text, published=date(2009, 6, 1))
                 for k, a in enumerate(read_corpus(lgl).articles[:300])]
    acled = SHARED / "eval" / "acled-afghanistan-2020-03" / "ACLED.csv"
    if acled.exists():
        from eventmap.evaluate.acled import _date, read_acled

        docs += [Document(f"acled{k}", r["notes"], published=_date(r["event_date"]))
                 for k, r in enumerate(read_acled(acled)[:400])]
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", help="write every record, one per line, to this file")
    args = ap.parse_args()
    g = Gazetteer()
    docs = documents(g)
    h = hashlib.sha256()
    lines: list[str] = []
    n_mentions = n_events = 0
    for d in docs:
        mentions = geoparse(d.text, g)
        events = extract_events(d, mentions, g)
        for m in mentions:
            p = m.place
            r = m.runner_up
            line = json.dumps([d.id, m.start, m.end, m.surface, m.sentence, m.kind, m.role, m.cue,
                               p.place_id if p else None, m.geo_precision, m.score,
                               r.place.place_id if r else None, len(m.candidates)], ensure_ascii=False)
            lines.append(line)
        for e in events:
            lines.append(_encode(e))
        n_mentions += len(mentions)
        n_events += len(events)
    for line in lines:
        h.update(line.encode())
        h.update(b"\n")
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({"documents": len(docs), "mentions": n_mentions, "events": n_events,
                      "snapshot": h.hexdigest()[:16], "build": build()}, indent=1))


if __name__ == "__main__":
    main()
