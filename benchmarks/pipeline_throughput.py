"""End-to-end throughput on one core: sources -> geoparse -> events -> store.

Run from the repo root:  python benchmarks/pipeline_throughput.py [N]   (default 500 reports of ~4 KB)
Target (DESIGN.md, issue 4): >= 200 reports/s per core. Printed beside a baseline measured in the
same run on the same files: reading them (the sources stage alone).
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build, reports  # noqa: E402

from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.pipeline import ingest  # noqa: E402
from eventmap.sources import read_documents  # noqa: E402
from eventmap.store import Store  # noqa: E402


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
    print(json.dumps({"reports": done, "events": events, "read_only_reports_per_s": round(len(docs) / read_s, 1),
                      "end_to_end_reports_per_s": round(done / total_s, 1),
                      "target": ">= 200 reports/s per core", "build": build()}, indent=1))


if __name__ == "__main__":
    main()
