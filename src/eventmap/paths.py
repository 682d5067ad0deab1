"""Where eventmap finds its bundled data and keeps its caches."""
from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir


def data_dir() -> Path:
    """The bundled data folder (``data/`` of the source tree); ``EVENTMAP_DATA_DIR`` overrides."""
    env = os.environ.get("EVENTMAP_DATA_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "data"


def cache_dir() -> Path:
    """The cache folder for built indexes; ``EVENTMAP_CACHE_DIR`` overrides the platform default."""
    env = os.environ.get("EVENTMAP_CACHE_DIR")
    path = Path(env) if env else Path(user_cache_dir("eventmap"))
    return path


def default_packs() -> list[Path]:
    """The regional gazetteer packs shipped in ``data/gazetteer/``."""
    folder = data_dir() / "gazetteer"
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


def read_lexicon(name: str) -> dict:
    """Read ``data/lexicon/<name>.toml`` (cached by the callers).

    A file is parsed once: what TOML gives is kept in the cache folder (``lexicon-<name>.marshal``)
    under the SHA-256 of the file's bytes, so an edit of the file (or another checkout's file of
    that name, or another Python) makes a new parse; a process then loads it in 0.1 ms where
    tomllib took 2-15 ms a file (0.04 s for the lexicons of a process's first report). Each call
    returns new objects, as a parse did.
    """
    import hashlib

    from .errors import InputError

    path = data_dir() / "lexicon" / f"{name}.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("lexicon file missing (is EVENTMAP_DATA_DIR right?)", path=str(path)) from None
    key = hashlib.sha256(raw).hexdigest()
    saved = cache_dir() / f"lexicon-{name}.marshal"
    lexicon = read_cache(saved, key)
    if isinstance(lexicon, dict):
        return lexicon
    import tomllib

    try:
        lexicon = tomllib.loads(raw.decode())   # (as tomllib.load reads a file)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path=str(path)) from None
    write_cache(saved, key, lexicon)
    return lexicon


# What a cache file written by write_cache depends on besides its key: marshal's format, which
# may change with the Python version.
_CACHE_FORMAT = f"eventmap cache 1; {sys.version}; marshal {marshal.version}"


def read_cache(path: Path, key: str) -> Any:
    """The value :func:`write_cache` kept in ``path`` under ``key``; None when the file is missing
    or unreadable, is no such file (corrupt, foreign, of another Python) or holds another key.
    The caller checks the value's shape before it trusts it."""
    try:
        saved = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if type(saved) is tuple and len(saved) == 3 and saved[0] == _CACHE_FORMAT and saved[1] == key:
        return saved[2]
    return None


def write_cache(path: Path, key: str, value: Any) -> None:
    """Keep ``value`` (of types marshal writes: str, int, float, tuple, list, dict...) in
    ``path`` under ``key``, atomically: written to a temporary file of this process renamed over
    the old one, so a reader finds the old file or the new one, never half of one. Nothing is
    kept when the value cannot be marshalled or the folder cannot be written (the caller
    computes the value again next time)."""
    try:
        data = marshal.dumps((_CACHE_FORMAT, key, value))
    except ValueError:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def default_store() -> Path:
    """The event store used when none is named: ``EVENTMAP_STORE``, else the platform data folder."""
    import os

    from platformdirs import user_data_dir

    env = os.environ.get("EVENTMAP_STORE")
    return Path(env) if env else Path(user_data_dir("eventmap")) / "store.sqlite"
