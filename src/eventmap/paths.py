"""Where eventmap finds its bundled data and keeps its caches."""
from __future__ import annotations

import os
from pathlib import Path

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
    """Read ``data/lexicon/<name>.toml`` (cached by the callers)."""
    import tomllib

    from .errors import InputError

    path = data_dir() / "lexicon" / f"{name}.toml"
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError("lexicon file missing (is EVENTMAP_DATA_DIR right?)", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path=str(path)) from None


def default_store() -> Path:
    """The event store used when none is named: ``EVENTMAP_STORE``, else the platform data folder."""
    import os

    from platformdirs import user_data_dir

    env = os.environ.get("EVENTMAP_STORE")
    return Path(env) if env else Path(user_data_dir("eventmap")) / "store.sqlite"
