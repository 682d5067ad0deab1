"""A fresh process's one-time costs, counted by callgrind: figures a noisy machine cannot move.

Run from the repo root:
    python benchmarks/first_reports.py [--reports 20] [--baseline SRC] [--fresh-cache] [--timings 3]

Every scheduled run (``eventmap run JOB.toml`` from cron) and every ``eventmap map`` is a new
process: before its first report it loads the command, the job runner, the pipeline and its
stages and opens the gazetteer, and its first reports pay for what a warm process has at hand
(the lexicons, the country names, the keys of the gazetteer's places, each name's first lookup).
``instructions.py`` counts a warm process and so leaves all of this out; this script counts it:

* ``import_and_open``: importing ``eventmap.cli``, ``eventmap.jobs`` and ``eventmap.pipeline``
  (with every stage) and opening the gazetteer (its fingerprint checked, its connection open);
* ``first_reports``: then the first ``--reports`` synthetic reports (benchmarks/corpus.py),
  written as files, through ``pipeline.ingest`` into a new SQLite store, as a run does: read,
  geoparsed, events extracted, stored, committed.

Each is counted in its own process under valgrind (callgrind, collecting only inside the one
``functools.reduce`` call that runs it, as instructions.py does). Beside the counts: the
wall-clock seconds of the same in processes run without valgrind, the least of ``--timings``
runs (these move with the machine's load; the counts repeat to a few parts in a thousand).

The processes run with a cache folder of their own (``EVENTMAP_CACHE_DIR``) that links to the
built gazetteer index and the word table of the real one (see LINKED), so the other cache files
eventmap writes for itself are found there only when a run made them: one run is made first,
uncounted, as every run after a job's first finds them (``--fresh-cache``: none made, the
first run after an install or an index rebuild). ``--baseline SRC`` counts the same with another
checkout's ``src`` directory first on the path and prints the ratios. Needs valgrind.
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
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHASES = ("import_and_open", "first_reports")


def _import_and_open():
    import eventmap.cli  # noqa: F401  (the command)
    import eventmap.jobs  # noqa: F401  (the job runner)
    import eventmap.pipeline  # noqa: F401  (every stage)
    from eventmap.gazetteer import Gazetteer

    g = Gazetteer(progress=False)
    g.con  # noqa: B018  (the connection, opened on first use)
    return g


def workload(phase: str, reports_dir: Path, timed: bool) -> None:
    """One phase in this (fresh) process; the counted part runs inside functools.reduce, which
    callgrind is told to count. Prints the phase's seconds (perf_counter) as JSON."""
    import functools

    if phase == "import_and_open":
        t = time.perf_counter()
        functools.reduce(lambda _, f: f(), [_import_and_open], None)
        spent = time.perf_counter() - t
        report = {"seconds": spent}
    else:
        g = _import_and_open()
        from eventmap.pipeline import ingest
        from eventmap.sources import read_documents
        from eventmap.store import Store

        paths = sorted(reports_dir.glob("*.txt"))
        marks: list[float] = []

        def marked(docs):
            for doc in docs:      # (the time each document is asked for: the previous one is done)
                marks.append(time.perf_counter())
                yield doc
            marks.append(time.perf_counter())

        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "first.sqlite")
            t = time.perf_counter()
            if timed:
                done = ingest(marked(read_documents(paths)), g, store, progress=False)
            else:
                done = functools.reduce(lambda _, f: f(), [
                    lambda: ingest(read_documents(paths), g, store, progress=False)], None)
            spent = time.perf_counter() - t
            store.close()
        report = {"seconds": spent, "reports": done,
                  "ms_per_report": [round(1000 * (b - a), 1) for a, b in zip(marks, marks[1:])]}
    print(json.dumps(report))


# What a private cache folder links to in the real one: the built gazetteer index and the dumps
# it was built from, the word table (built from wordfreq in seconds, once per installation) and
# the map assets. Every other file there is one eventmap writes for itself at run time.
LINKED = ("gazetteer.sqlite", "imports", "wordfreq-en.marshal", "assets")


def private_cache(real: Path, folder: Path) -> Path:
    """A new cache folder whose entries link to those of ``real`` named in LINKED."""
    folder.mkdir()
    for name in LINKED:
        if (real / name).exists():
            (folder / name).symlink_to(real / name)
    return folder


def run_child(phase: str, src: str | None, reports_dir: Path, cache: Path, pycache: Path, *, valgrind: bool) -> dict:
    env = dict(os.environ, PYTHONHASHSEED="0", EVENTMAP_CACHE_DIR=str(cache), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(src).resolve()), env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, __file__, "--run", phase, "--reports-dir", str(reports_dir)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        if valgrind:
            cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=functools_reduce",
                   f"--callgrind-out-file={out}", *cmd]
        else:
            cmd.append("--timed")
        run = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"benchmarks/first_reports.py: the {phase} run failed ({src or 'this checkout'}): {last}")
    result = json.loads(run.stdout.strip().splitlines()[-1])
    if valgrind:
        total = re.search(r"Collected : (\d+)", run.stderr)
        if total is None:
            raise SystemExit(f"valgrind printed no instruction count:\n{run.stderr[-2000:]}")
        result["instructions"] = int(total.group(1))
    return result


def measure(src: str | None, reports_dir: Path, real_cache: Path, tmp: Path, fresh: bool, timings: int) -> dict:
    """Both phases' counts and their least wall-clock seconds over ``timings`` runs, each run a
    new process with a private cache folder: one folder prepared by an uncounted run for all
    of them, or (``fresh``) a new empty one for each.

    The modules' byte code is written by a first uncounted run (into a folder of its own,
    ``PYTHONPYCACHEPREFIX``, whatever PYTHONDONTWRITEBYTECODE says) and read by the others, as
    an installation has it: compiling eventmap's own modules from source is no cost of a run."""
    out: dict[str, dict] = {}
    pycache = Path(tempfile.mkdtemp(dir=tmp))

    def new_cache(prepare: bool) -> Path:
        cache = private_cache(real_cache, Path(tempfile.mkdtemp(dir=tmp)) / "cache")
        if prepare:
            run_child("first_reports", src, reports_dir, cache, pycache, valgrind=False)
        return cache

    prepared = new_cache(prepare=True)   # (and the byte code)
    shared = None if fresh else prepared
    for phase in PHASES:
        counted = run_child(phase, src, reports_dir, shared or new_cache(prepare=False), pycache, valgrind=True)
        timed = [run_child(phase, src, reports_dir, shared or new_cache(prepare=False), pycache, valgrind=False)
                 for _ in range(timings)]
        best = min(timed, key=lambda r: r["seconds"])
        figure = {"instructions": counted["instructions"], "seconds": round(best["seconds"], 3)}
        if phase == "first_reports":
            figure["reports"] = counted["reports"]
            figure["instructions_per_report"] = round(counted["instructions"] / counted["reports"])
            figure["ms_per_report"] = best["ms_per_report"]
        out[phase] = figure
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=20, help="how many first reports to count (default 20)")
    ap.add_argument("--baseline", metavar="SRC", help="another checkout's src directory, counted the same way")
    ap.add_argument("--fresh-cache", action="store_true",
                    help="count a run that finds none of the cache files eventmap writes for itself")
    ap.add_argument("--timings", type=int, default=3, help="wall-clock runs of each phase (the least is kept)")
    ap.add_argument("--run", choices=PHASES, help=argparse.SUPPRESS)
    ap.add_argument("--reports-dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--timed", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.timings < 1 or args.reports < 1:
        raise SystemExit("benchmarks/first_reports.py: --reports and --timings must be at least 1")
    if args.run:
        workload(args.run, args.reports_dir, args.timed)
        return
    if args.baseline and not (Path(args.baseline) / "eventmap").is_dir():
        raise SystemExit(f"benchmarks/first_reports.py: {args.baseline}: not a checkout's src directory "
                         "(no eventmap package in it)")
    if shutil.which("valgrind") is None:
        raise SystemExit("benchmarks/first_reports.py: valgrind is not installed (Debian: apt install valgrind)")
    import eventmap.pipeline  # noqa: F401  (loads the stages, so that build() can tell how they run)
    from corpus import build, reports

    from eventmap.gazetteer import Gazetteer
    from eventmap.paths import cache_dir

    g = Gazetteer()   # (built here when missing: the counted runs find it built)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "reports"
        folder.mkdir()
        for k, text in enumerate(reports(g, args.reports)):
            (folder / f"r{k:03d}.txt").write_text(text, encoding="utf-8")
        g.close()
        result: dict = {"reports": args.reports, "cache_files": "none (fresh)" if args.fresh_cache else "made by a run before"}
        result.update(measure(None, folder, cache_dir(), tmp, args.fresh_cache, args.timings))
        if args.baseline:
            base = measure(args.baseline, folder, cache_dir(), tmp, args.fresh_cache, args.timings)
            for phase in PHASES:
                result[phase]["baseline_instructions"] = base[phase]["instructions"]
                result[phase]["baseline_seconds"] = base[phase]["seconds"]
                result[phase]["ratio_to_baseline"] = round(result[phase]["instructions"] / base[phase]["instructions"], 4)
    result["build"] = build()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
