"""The compiled build (setup.py, mypyc) never runs code other than the source in the checkout."""
import hashlib
import importlib.machinery
import importlib.util
import json
import sys

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


def test_a_source_edited_after_the_build_runs_from_source(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTMAP_PURE_PYTHON", raising=False)
    pkg = _package(tmp_path, {"a": "X = 2\n", "b": "Y = 1\n"}, {"pkg.a": _digest("X = 1\n"), "pkg.b": _digest("Y = 1\n")})
    assert _compiled.from_source(pkg, ("pkg.a", "pkg.b")) == {"pkg.a"}


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
