"""The compiled build (setup.py, mypyc) never runs code other than the source in the checkout."""
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventmap import _compiled


def _package(tmp_path, sources: dict[str, str], record: dict[str, str] | None):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name, text in sources.items():
        (pkg / f"{name}.py").write_text(text)
    if record is not None:
        (pkg / _compiled.RECORD).write_text(json.dumps(record))
    return pkg


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_module_whose_source_matches_its_build_runs_compiled(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTMAP_PURE_PYTHON", raising=False)
    pkg = _package(tmp_path, {"a": "X = 1\n"}, {"pkg.a": _digest("X = 1\n")})
    assert _compiled.from_source(pkg, ("pkg.a",)) == set()


def test_one_source_edited_after_the_build_runs_the_whole_group_from_source(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTMAP_PURE_PYTHON", raising=False)
    pkg = _package(tmp_path, {"a": "X = 2\n", "b": "Y = 1\n"}, {"pkg.a": _digest("X = 1\n"), "pkg.b": _digest("Y = 1\n")})
    assert _compiled.from_source(pkg, ("pkg.a", "pkg.b")) == {"pkg.a", "pkg.b"}


def test_without_a_build_record_every_module_runs_from_source(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTMAP_PURE_PYTHON", raising=False)
    pkg = _package(tmp_path, {"a": "X = 1\n"}, None)
    assert _compiled.from_source(pkg, ("pkg.a",)) == {"pkg.a"}


def test_pure_python_can_be_asked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTMAP_PURE_PYTHON", "1")
    pkg = _package(tmp_path, {"a": "X = 1\n"}, {"pkg.a": _digest("X = 1\n")})
    assert _compiled.from_source(pkg, ("pkg.a",)) == {"pkg.a"}


def test_the_source_first_finder_prefers_the_py_file_to_an_extension_beside_it(tmp_path):
    pkg = _package(tmp_path, {"a": "WHERE = 'source'\n"}, None)
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    (pkg / f"a{suffix}").write_bytes(b"not a shared object")   # what the import system would try first
    spec = _compiled.SourceFirst({"pkg.a"}).find_spec("pkg.a", [str(pkg)])
    assert spec is not None and spec.origin == str(pkg / "a.py")
    assert _compiled.SourceFirst({"pkg.a"}).find_spec("pkg.other", [str(pkg)]) is None


def test_status_names_each_imported_stage_and_how_it_runs():
    import eventmap.geoparse  # noqa: F401  (imports text, recognise and resolve)

    status = _compiled.status()
    assert {"eventmap.text", "eventmap.geoparse.recognise", "eventmap.geoparse.resolve"} <= set(status)
    expected = not sys.modules["eventmap.text"].__file__.endswith(".py")
    assert status["eventmap.text"] is expected


_STALE = r"""
import importlib.util, json, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("compiled_guard", sys.argv[1])
guard = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guard)
package = Path(sys.argv[1]).parent
built = json.loads((package / guard.RECORD).read_text())
built["eventmap.text"] = "0" * 64          # as if text.py had been edited since the build
sys.meta_path.insert(0, guard.SourceFirst(guard.from_source(package, guard.MODULES, built)))
import eventmap.geoparse, eventmap.events  # noqa: E401  (compiled modules import the others natively)
print(json.dumps({name: sys.modules[name].__file__ for name in guard.MODULES}))
"""


def test_the_hot_stages_type_check_so_the_build_compiles_them():
    failure = Path(_compiled.__file__).parent / "_compiled_failure.txt"   # (written by setup.py)
    if failure.exists():
        pytest.fail(failure.read_text().strip())


def test_an_edited_source_is_not_shadowed_by_the_compiled_modules_that_import_it():
    if not (Path(_compiled.__file__).parent / _compiled.RECORD).exists():
        pytest.skip("no compiled build here (pip install -e . compiles the stages)")
    env = {k: v for k, v in os.environ.items() if k != "EVENTMAP_PURE_PYTHON"}
    done = subprocess.run([sys.executable, "-c", _STALE, _compiled.__file__], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    files = json.loads(done.stdout)
    assert all(path.endswith(".py") for path in files.values()), files


_RUN = r"""
import dataclasses, json, sys
sys.path.insert(0, sys.argv[3])
from corpus import reports
from eventmap import _compiled
from eventmap.gazetteer import Gazetteer
from eventmap.model import Document
from eventmap.pipeline import process_document
from eventmap.sources import read_documents

g = Gazetteer(sys.argv[1], progress=False)
docs = list(read_documents([sys.argv[2]])) + [Document(f"r{k}", t) for k, t in enumerate(reports(g, 30))]
out = []
for doc in docs:
    mentions, events = process_document(doc, g)
    out.append([[m.surface, m.start, m.end, m.role, m.place.place_id if m.place else None, m.score,
                 m.geo_precision] for m in mentions])
    out.append([dataclasses.asdict(e) for e in events])
print(json.dumps({"compiled": any(_compiled.status().values()), "out": out}, default=str))
"""


@pytest.mark.slow
def test_the_compiled_build_and_pure_python_find_the_same_places_and_events(full_gazetteer):
    if not (Path(_compiled.__file__).parent / _compiled.RECORD).exists():
        pytest.skip("no compiled build here (pip install -e . compiles the stages)")
    if os.environ.get("EVENTMAP_PURE_PYTHON", "") in ("", "0") and _compiled.from_source():
        pytest.skip("sources edited since the build: it runs pure Python (pip install -e . rebuilds)")
    repo = Path(__file__).resolve().parents[1]
    args = [sys.executable, "-c", _RUN, str(full_gazetteer.path), str(repo / "examples" / "reports"),
            str(repo / "benchmarks")]
    runs = {}
    for pure in ("0", "1"):
        env = {**os.environ, "EVENTMAP_PURE_PYTHON": pure}
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=True)
        runs[pure] = json.loads(done.stdout)
    assert runs["0"]["compiled"] and not runs["1"]["compiled"]
    assert runs["0"]["out"] == runs["1"]["out"]
    assert sum(len(x) for x in runs["0"]["out"][1::2]) > 100   # (events enough to mean something)
