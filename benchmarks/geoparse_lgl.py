"""Geoparse LGL on one core: articles per second, beside the population-only baseline.

Run from the repo root:  python benchmarks/geoparse_lgl.py
Skips cleanly (exit 0, a message) when ../shared/eval/lgl/lgl.xml is absent.
Target (DESIGN.md, issue 9): >= 200 articles/s with the gazetteer built.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import best_rate, build  # noqa: E402

from eventmap.evaluate.baseline import population_baseline  # noqa: E402
from eventmap.evaluate.toponyms import read_corpus  # noqa: E402
from eventmap.gazetteer import Gazetteer  # noqa: E402
from eventmap.geoparse import geoparse  # noqa: E402

LGL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "lgl" / "lgl.xml"


def main() -> None:
    if not LGL.exists():
        print(f"skipped: {LGL} is not present")
        return
    g = Gazetteer()
    texts = [a.text for a in read_corpus(LGL).articles]
    for x in texts[:50]:
        geoparse(x, g)
    ours = best_rate(lambda x: geoparse(x, g), texts)
    base = best_rate(lambda x: population_baseline(x, g), texts)
    print(json.dumps({"articles": len(texts), "mean_chars": round(sum(map(len, texts)) / len(texts)),
                      "eventmap_articles_per_s": round(ours, 1), "baseline_articles_per_s": round(base, 1),
                      "ratio": round(ours / base, 2), "target": ">= 200 articles/s", "build": build()}, indent=1))


if __name__ == "__main__":
    sys.exit(main())
