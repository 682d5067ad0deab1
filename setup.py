"""Build: eventmap's hot stages compiled to C extensions with mypyc, or plain Python.

The project's metadata is in pyproject.toml; this file only adds the compiled modules. mypyc
(part of mypy, the compiler behind black's and mypy's own wheels) turns the type-annotated
modules listed in ``eventmap._compiled.COMPILED`` into C extensions: the same source, the same
behaviour, 15-35 % less time per report in the benchmarks. Whenever it cannot (no C compiler,
``EVENTMAP_COMPILE=0``, a type error), the build warns and installs the pure-Python package.

Each build records the SHA-256 of the sources it compiled (``eventmap/_compiled.json``); at
import, a module whose source no longer matches its build runs from source (see
``eventmap._compiled``), so an edited editable checkout never runs stale compiled code.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src" / "eventmap"))
from _compiled import COMPILED, RECORD  # noqa: E402  (the list lives with the package that checks it)

sys.path.pop(0)


FAILURE = ROOT / "src" / "eventmap" / "_compiled_failure.txt"


def _source(module: str) -> Path:
    return ROOT / "src" / (module.replace(".", "/") + ".py")


def _warn(message: str) -> None:
    print(f"eventmap build: {message}; installing pure Python (the same behaviour, slower)", file=sys.stderr)


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python instead of failing the install, and records
    which sources the extensions were compiled from."""

    def run(self) -> None:
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # a missing compiler surfaces as several distutils error types
            _warn(f"compiling failed ({exc})")
            return
        record = {m: hashlib.sha256(_source(m).read_bytes()).hexdigest() for m in COMPILED}
        if self.inplace:
            target = Path(self.get_finalized_command("build_py").get_package_dir("eventmap"))
        else:
            target = Path(self.build_lib) / "eventmap"
        target.mkdir(parents=True, exist_ok=True)
        (target / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


_BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def extensions() -> list:
    if os.environ.get("EVENTMAP_COMPILE", "1") == "0" or not _BUILDS & set(sys.argv[1:]):
        return []   # (metadata-only runs, such as egg_info, need no type check)
    FAILURE.unlink(missing_ok=True)
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        return []
    old = os.getcwd()
    os.chdir(ROOT)  # mypy reads its settings from pyproject.toml here
    try:
        return mypycify([str(_source(m).relative_to(ROOT)) for m in COMPILED], opt_level="3", debug_level="0",
                        group_name="eventmap")
    except (Exception, SystemExit) as exc:  # mypy reports type errors by exiting
        why = exc if isinstance(exc, Exception) else "type errors above"
        _warn(f"mypyc could not compile the hot stages ({why})")
        # (kept for the tests, which fail on it: a type error silently costs the compiled speed)
        FAILURE.write_text(f"mypyc could not compile the hot stages ({why}); "
                           "`python setup.py build_ext --inplace` shows the errors\n")
        return []
    finally:
        os.chdir(old)


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
