"""Geoparse throughput on one core: recognition + resolution of ~4 KB reports, index built.

Run from the repo root:  python benchmarks/geoparse_throughput.py [N]
Targets (DESIGN.md / issue 3): >= 200 reports/s per core; loading the built index <= 0.5 s.
Printed beside a baseline measured in the same run on the same reports: the population-only
geoparser (capitalised n-grams looked up in the same index, most populous place wins), i.e. the
cost of the lookups alone, without eventmap's context rules and resolution.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import best_rate as rate, build, reports  # noqa: E402

from eventmap.events import extract_events  # noqa: E402
from eventmap.evaluate.baseline import population_baseline  # noqa: E402
from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.geoparse import geoparse  # noqa: E402
from eventmap.model import Document  # noqa: E402


def main() -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    Gazetteer()  # make sure the index is built before timing the load
    t = time.perf_counter()
    g = Gazetteer()
    g.lookup("Shusha")
    load_s = time.perf_counter() - t
    docs = reports(g, n)
    for d in docs[:20]:  # warm caches the way a long-running job has them
        geoparse(d, g)
    geo = rate(lambda d: geoparse(d, g), docs)
    e2e = rate(lambda d: extract_events(Document("b", d), geoparse(d, g), g), docs)
    base = rate(lambda d: population_baseline(d, g), docs)
    kb = sum(len(d) for d in docs) / len(docs) / 1000
    print(json.dumps({
        "reports": n, "mean_kb": round(kb, 2), "index_load_s": round(load_s, 3),
        "geoparse_reports_per_s": round(geo, 1), "geoparse_plus_events_reports_per_s": round(e2e, 1),
        "baseline_population_geoparser_reports_per_s": round(base, 1),
        "geoparse_vs_baseline": round(geo / base, 2), "target": ">= 200 reports/s, load <= 0.5 s", "build": build(),
    }, indent=1))


if __name__ == "__main__":
    main()
