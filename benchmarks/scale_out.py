"""Scale-out: the same corpus through the local engine (one process) and Dask (2 workers).

Run from the repo root:  python benchmarks/scale_out.py [N]   (default 2,000 reports)
Prints both times and the speed-up, and asserts that both engines give identical event sets.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import reports  # noqa: E402

from eventmap.engine import run  # noqa: E402
from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.model import Document  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    g = Gazetteer()
    docs = [Document(id=f"d{k}", text=t) for k, t in enumerate(reports(g, n, size=3000))]
    t = time.perf_counter()
    local = [e for _, _, evs in run(docs, g, "local") for e in evs]
    t_local = time.perf_counter() - t
    t = time.perf_counter()
    dask = [e for _, _, evs in run(docs, g, "dask", workers=2) for e in evs]
    t_dask = time.perf_counter() - t
    same = sorted(e.event_id for e in local) == sorted(e.event_id for e in dask) and \
        sorted(map(repr, local)) == sorted(map(repr, dask))
    assert same, "the Dask engine gave different events"
    print(json.dumps({"reports": n, "events": len(local), "local_1_process_s": round(t_local, 2),
                      "dask_2_workers_s": round(t_dask, 2), "speed_up": round(t_local / t_dask, 2),
                      "identical_events": same, "note": "includes starting the local cluster"}, indent=1))


if __name__ == "__main__":
    main()
