"""Incremental regeneration: a job over N generated reports, first run vs reruns.

Run from the repo root:  python benchmarks/incremental.py [N]   (default 10,000)
Target (DESIGN.md / issue 6): a rerun with nothing changed costs <= 5 % of the first run.
Prints the first run, a rerun with nothing changed, and a rerun with 1 % of the reports changed,
each as seconds and as a ratio of the first run measured in the same process.
"""
from __future__ import annotations

import json
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import reports  # noqa: E402

from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.jobs import run_job  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    g = Gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "reports").mkdir()
        texts = reports(g, n, size=2000)
        for k, text in enumerate(texts):
            (root / "reports" / f"r{k:05d}.txt").write_text(text)
        job = root / "job.toml"
        job.write_text(textwrap.dedent("""
            [job]
            name = "bench"
            published = "2022-06-01"
            [[sources]]
            path = "reports"
            [[outputs]]
            format = "geojson"
            path = "out/events.geojson"
            [[outputs]]
            format = "csv"
            path = "out/events.csv"
        """))
        t = time.perf_counter()
        first = run_job(job, progress=False)
        t_first = time.perf_counter() - t
        t = time.perf_counter()
        same = run_job(job, progress=False)
        t_same = time.perf_counter() - t
        changed = max(1, n // 100)
        for k in range(changed):
            p = root / "reports" / f"r{k:05d}.txt"
            p.write_text(p.read_text() + "\nOn June 1, fighting resumed near the village of Karintak.\n")
        t = time.perf_counter()
        one_pct = run_job(job, progress=False)
        t_one = time.perf_counter() - t
    print(json.dumps({
        "reports": n, "first_run_s": round(t_first, 2), "events": first.events["total"],
        "rerun_unchanged_s": round(t_same, 2), "rerun_unchanged_ratio": round(t_same / t_first, 4),
        "rerun_unchanged_processed": same.documents["new"] + same.documents["changed"],
        "rerun_1pct_changed_s": round(t_one, 2), "rerun_1pct_ratio": round(t_one / t_first, 4),
        "rerun_1pct_processed": one_pct.documents["changed"] + one_pct.documents["new"],
        "target": "rerun unchanged <= 5 % of the first run",
    }, indent=1))


if __name__ == "__main__":
    main()
