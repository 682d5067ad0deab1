"""One exception hierarchy for eventmap.

Every error is an :class:`EventmapError` and also the matching built-in, so callers can catch
either. Messages are one line, name the file (and line or record) and say what to do.
"""
from __future__ import annotations


class EventmapError(Exception):
    """Base class of every error eventmap raises on purpose."""

    exit_code = 1


class InputError(EventmapError, ValueError):
    """An input file or record cannot be read: names the file, the line or record, and the problem."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")


class GazetteerError(EventmapError, RuntimeError):
    """The gazetteer index cannot be built, opened or queried."""


class ConfigurationError(EventmapError, ValueError):
    """A parameter, option or job setting has a value eventmap cannot use."""

    exit_code = 2


class ExportError(EventmapError, OSError):
    """An output cannot be written."""


def unknown_choice(kind: str, value: object, choices) -> ConfigurationError:
    """Build the standard error for a value outside a fixed set of choices."""
    listed = ", ".join(repr(c) for c in sorted(choices))
    return ConfigurationError(f"unknown {kind} {value!r}; choose one of: {listed}")
