"""Built-in evaluation against annotated data (``eventmap evaluate``)."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..gazetteer import Gazetteer


def evaluate(path: str | Path, gazetteer: Gazetteer, limit: int | None = None) -> dict:
    """Score eventmap on ``path``: an ACLED CSV export, or an annotated XML toponym corpus."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if path.suffix.lower() == ".csv":
        from .acled import evaluate_acled
        return evaluate_acled(path, gazetteer, limit)
    if path.suffix.lower() == ".xml":
        from .toponyms import evaluate_toponyms
        return evaluate_toponyms(path, gazetteer, limit)
    raise InputError("unknown corpus kind: expected an ACLED .csv or a toponym-annotated .xml", path=str(path))


__all__ = ["evaluate"]
