"""End-to-end throughput on one core: sources -> geoparse -> events -> store.

Run from the repo root:  python benchmarks/pipeline_throughput.py [N]   (default 500 reports of ~4 KB)
Target (DESIGN.md, issue 4): >= 200 reports/s per core. Printed beside a baseline measured in the
same run on the same files: reading them (the sources stage alone).

Also printed:
* ``stage_ms_per_report``: where a report's time goes once the process is warm (each report
  through the stages in turn with the per-text caches emptied, each stage's fastest of three
  passes);
* ``seed_report``: the same pipeline over a real ~4 KB war report, the seed in
  ../shared/seed (when present), repeated with a distinct last line each time so that nothing
  cached for one copy serves the next. The synthetic reports are denser than real reporting
  (about 41 events in 4 KB, against the seed's 16), so the two figures bracket the target.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build, forget_texts, reports  # noqa: E402

from eventmap.events import extract_events  # noqa: E402
from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.geoparse import geoparse  # noqa: E402
from eventmap.pipeline import ingest, pipeline_version  # noqa: E402
from eventmap.sources import read_documents  # noqa: E402
from eventmap.store import Store  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"


def stage_ms(docs, g: Gazetteer, tmp: Path, rounds: int = 3) -> dict[str, float]:
    """Milliseconds per report in each stage, warm: every report goes through the stages in
    turn, as in the pipeline (with the per-text caches emptied first, as for a new report), and
    each stage of each report keeps its fastest of ``rounds`` passes."""
    version = pipeline_version(g)
    best = {name: [float("inf")] * len(docs) for name in ("geoparse", "events", "store")}
    with Store(tmp / "stages.sqlite") as store, store.batch():
        for _ in range(rounds):
            for k, d in enumerate(docs):
                forget_texts()
                t0 = time.perf_counter()
                mentions = geoparse(d.text, g)
                t1 = time.perf_counter()
                events = extract_events(d, mentions, g)
                t2 = time.perf_counter()
                store.ingest(d, mentions, events, version)
                t3 = time.perf_counter()
                for name, spent in (("geoparse", t1 - t0), ("events", t2 - t1), ("store", t3 - t2)):
                    best[name][k] = min(best[name][k], spent)
    return {name: round(1000 * sum(v) / len(docs), 2) for name, v in best.items()}


def seed_report(g: Gazetteer, tmp: Path, copies: int = 200) -> dict | None:
    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not files:
        return None
    seed = next(iter(read_documents(files[:1], date(2020, 11, 10))))
    docs = [replace(seed, id=f"seed{k}", text=f"{seed.text}\n\nCopy {k}.") for k in range(copies)]
    ingest(docs[:5], g, Store(), progress=False)   # (the process is warm by now; this warms the seed's names)
    t = time.perf_counter()
    with Store(tmp / "seed.sqlite") as store:
        done = ingest(docs, g, store, progress=False)
        events = store.count_events()
    return {"kb": round(len(seed.text) / 1000, 2), "events_per_report": round(events / done, 1),
            "end_to_end_reports_per_s": round(done / (time.perf_counter() - t), 1)}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    g = Gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        for k, text in enumerate(reports(g, n)):
            (folder / f"r{k:05d}.txt").write_text(text)
        t = time.perf_counter()
        docs = list(read_documents([folder]))
        read_s = time.perf_counter() - t
        t = time.perf_counter()
        with Store(Path(tmp) / "store.sqlite") as store:
            done = ingest(read_documents([folder]), g, store, progress=False)
            events = store.count_events()
        total_s = time.perf_counter() - t
        stages = stage_ms(docs[:300], g, Path(tmp))
        seed = seed_report(g, Path(tmp))
    print(json.dumps({"reports": done, "events": events, "events_per_report": round(events / done, 1),
                      "read_only_reports_per_s": round(len(docs) / read_s, 1),
                      "end_to_end_reports_per_s": round(done / total_s, 1),
                      "stage_ms_per_report": stages, "seed_report": seed or "skipped: ../shared/seed absent",
                      "target": ">= 200 reports/s per core", "build": build()}, indent=1))


if __name__ == "__main__":
    main()
