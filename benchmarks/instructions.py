"""Instructions per report, counted by valgrind's callgrind: a figure a noisy machine cannot move.

Run from the repo root:
    python benchmarks/instructions.py [--stage all|geoparse|events|store] [--baseline SRC]

Counts the instructions of one stage (or the whole pipeline) over 30 synthetic reports and 20
copies of the seed report (../shared/seed, when present), after a warm-up on others, so only
steady per-report work is counted. ``--baseline SRC`` counts the same with another checkout's
``src`` directory first on the path (e.g. a ``git worktree`` of an older commit, built with
``python setup.py build_ext --inplace``) and prints the ratio. Timings on shared machines drift
by 10-20 %; instruction counts repeat to a few parts in a thousand, so this is the A/B test for
a change, and ``pipeline_throughput.py`` the wall-clock figure. Needs valgrind.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE.parents[1] / "shared" / "seed"


def workload(stage: str) -> None:
    """The counted part runs inside functools.reduce, which callgrind is told to count."""
    import functools
    from dataclasses import replace
    from datetime import date

    sys.path.insert(0, str(HERE))
    from corpus import forget_texts, reports

    from eventmap.events import extract_events
    from eventmap.gazetteer import Gazetteer
    from eventmap.geoparse import geoparse
    from eventmap.model import Document
    from eventmap.pipeline import fewer_collections, pipeline_version
    from eventmap.sources import read_documents
    from eventmap.store import Store

    g = Gazetteer()
    docs = [Document(f"d{k}", t, published=date(2020, 5, 1)) for k, t in enumerate(reports(g, 60))]
    seeds = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if seeds:
        seed = next(iter(read_documents(seeds[:1], date(2020, 11, 10))))
        docs += [replace(seed, id=f"s{k}", text=f"{seed.text}\n\nCopy {k}.") for k in range(40)]
    warm, work = docs[:30] + docs[60:80], docs[30:60] + docs[80:]
    version = pipeline_version(g)
    store = Store()
    for d in warm:
        m = geoparse(d.text, g)
        store.ingest(d, m, extract_events(d, m, g), version)
    parsed = [(d, geoparse(d.text, g)) for d in work] if stage in ("events", "store") else []
    extracted = [(d, m, extract_events(d, m, g)) for d, m in parsed] if stage == "store" else []
    forget_texts()

    def one(_, d):
        m = geoparse(d.text, g)
        store.ingest(d, m, extract_events(d, m, g), version)

    # (as ingest runs them: inside a store batch, with the garbage collector's passes spaced out)
    with store.batch(), fewer_collections():
        if stage == "geoparse":
            functools.reduce(lambda _, d: geoparse(d.text, g), work, None)
        elif stage == "events":
            functools.reduce(lambda _, dm: extract_events(dm[0], dm[1], g), parsed, None)
        elif stage == "store":
            functools.reduce(lambda _, x: store.ingest(x[0], x[1], x[2], version), extracted, None)
        else:
            functools.reduce(one, work, None)
    print(json.dumps({"reports": len(work)}))


def count(stage: str, src: str | None) -> tuple[int, int]:
    """(instructions, reports) of the workload, with ``src`` first on the path when given."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(src).resolve()), env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
             f"--callgrind-out-file={out}", sys.executable, __file__, "--run", stage],
            env=env, capture_output=True, text=True)
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise SystemExit(f"benchmarks/instructions.py: the counted run failed ({src or 'this checkout'}): {last}")
        total = re.search(r"Collected : (\d+)", run.stderr)
        reports = json.loads(run.stdout.strip().splitlines()[-1])["reports"]
    if total is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{run.stderr[-2000:]}")
    return int(total.group(1)), reports


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stage", choices=("all", "geoparse", "events", "store"), default="all")
    ap.add_argument("--baseline", metavar="SRC", help="another checkout's src directory, counted the same way")
    ap.add_argument("--run", metavar="STAGE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        workload(args.run)
        return
    if args.baseline and not (Path(args.baseline) / "eventmap").is_dir():
        raise SystemExit(f"benchmarks/instructions.py: {args.baseline}: not a checkout's src directory "
                         "(no eventmap package in it)")
    if shutil.which("valgrind") is None:
        raise SystemExit("benchmarks/instructions.py: valgrind is not installed (Debian: apt install valgrind)")
    import eventmap.pipeline  # noqa: F401  (loads the stages, so that build() can tell how they run)
    from corpus import build

    ir, n = count(args.stage, None)
    result = {"stage": args.stage, "reports": n, "instructions_per_report": round(ir / n)}
    if args.baseline:
        base, _ = count(args.stage, args.baseline)
        result["baseline_instructions_per_report"] = round(base / n)
        result["ratio_to_baseline"] = round(ir / base, 4)
    result["build"] = build()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
