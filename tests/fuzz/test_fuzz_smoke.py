"""The fuzz script (benchmarks/fuzz_extract.py) runs, stops by itself and finds no crash in a few seconds."""
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _fuzz_module():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("fuzz_extract", BENCH / "fuzz_extract.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


def test_a_short_fuzz_run_finds_no_crash(small_gazetteer, tmp_path):
    fuzz = _fuzz_module()
    sys.path.insert(0, str(BENCH))
    try:
        stats = fuzz.run(small_gazetteer, seconds=2, seed=7, crashes=tmp_path / "crashes", readers_every=5,
                         timeout=30, log=lambda m: None)
    finally:
        sys.path.remove(str(BENCH))
    assert stats["inputs"] > 10 and stats["reader_inputs"] >= 2
    assert (stats["crashes"], stats["hangs"]) == (0, 0), stats["kinds"]


def test_the_mutator_produces_the_hostile_shapes():
    import random

    fuzz = _fuzz_module()
    rng = random.Random(1)
    out = [fuzz.mutate(rng, fuzz.SEEDS[0], fuzz.SEEDS) for _ in range(300)]
    assert any("February 30" in t for t in out) and any("\ud800" in t or "\udfff" in t for t in out)
    assert all(len(t) <= 200_000 for t in out)
