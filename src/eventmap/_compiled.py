"""Which stages run compiled, and the guard that keeps a stale build from running.

setup.py compiles ``COMPILED`` (the stages, ``MODULES``, and the store) with mypyc when it can,
and writes the SHA-256 of each source it compiled to ``RECORD`` beside them. A compiled module
is found before its ``.py`` by Python's import system, so a checkout edited after ``pip install
-e .`` would run the old code; :func:`install` therefore imports every listed module from source as soon as one source
no longer matches the build (or when ``EVENTMAP_PURE_PYTHON=1``). All or none: the modules are
compiled as one group, and a compiled module imports the others of its group natively, past
the import system, so a stale module left compiled would load the old build of the edited one.
:func:`status` says which ran compiled (the benchmarks print it).

This file is imported by setup.py before the package exists: standard library only.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
import os
import sys
from pathlib import Path

MODULES = (
    "eventmap.text",
    "eventmap.geoparse.recognise",
    "eventmap.geoparse.resolve",
    "eventmap.events.lexicon",
    "eventmap.events.actors",
    "eventmap.events.dates",
    "eventmap.events.claims",
    "eventmap.events.extract",
)
# Every module setup.py compiles: the stages, and the store, which encodes and writes every
# event and mention of every report (not a stage: no stage imports it).
COMPILED = MODULES + ("eventmap.store",)
RECORD = "_compiled.json"
_PACKAGE = Path(__file__).resolve().parent


class SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the listed modules' ``.py`` files ahead of any compiled extension beside them."""

    def __init__(self, names: set[str]):
        self.names = names

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.names:
            return None
        leaf = fullname.rpartition(".")[2] + ".py"
        for entry in path or ():
            source = os.path.join(entry, leaf)
            if os.path.isfile(source):
                return importlib.util.spec_from_file_location(fullname, source)
        return None


def from_source(package: Path = _PACKAGE, modules: tuple[str, ...] = COMPILED,
                built: dict[str, str] | None = None) -> set[str]:
    """The modules that must run from source: none when every source matches the build
    (``built``: the record, read from ``package`` when not given); every one otherwise, or
    when pure Python is asked for, or no build was recorded."""
    if os.environ.get("EVENTMAP_PURE_PYTHON", "") not in ("", "0"):
        return set(modules)
    if built is None:
        try:
            built = json.loads((package / RECORD).read_text())
        except (OSError, ValueError):
            return set(modules)
    for name in modules:
        source = package.parent / (name.replace(".", "/") + ".py")
        try:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            continue  # installed without sources: only the compiled module exists
        if built.get(name) != digest:
            return set(modules)
    return set()


def install() -> None:
    """Put the source-first finder in place (once), before any listed module is imported."""
    if any(isinstance(f, SourceFirst) for f in sys.meta_path):
        return
    names = from_source()
    if names:
        sys.meta_path.insert(0, SourceFirst(names))


def status() -> dict[str, bool]:
    """For each compiled module that has been imported: does it run compiled?"""
    out = {}
    for name in COMPILED:
        mod = sys.modules.get(name)
        if mod is not None:
            out[name] = not str(getattr(mod, "__file__", "")).endswith(".py")
    return out
