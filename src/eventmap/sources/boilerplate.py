"""Boilerplate removal that keeps offsets: removed lines are blanked out, not cut.

Scraped reports carry page furniture (donation widgets, "Click to see full-size image",
share/subscribe lines, a title repeated in the body). Each removed character is replaced by a
space (line breaks are kept), so the cleaned text has the same length as the input and every
offset found in it points at the same characters of the original.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import InputError
from ..paths import data_dir

# A line of numbers and money ("2,500 $", "10:30", "+5%"). Written so no character can be matched two
# ways: the old overlapping form backtracked for minutes on a long line of digits and spaces.
_MONEY_OR_NUMBER = re.compile(r"[\s\d.,:%+\-–]*(?:[$€£₽¥₴][\s\d.,%+\-–]*(?:[$€£₽¥₴]\s*)?)?")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, ...]:
    path = data_dir() / "lexicon" / "boilerplate.txt"
    pats = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            pats.append(re.compile(line.strip(), re.IGNORECASE))
        except re.error as exc:
            raise InputError(f"bad pattern ({exc})", path=str(path), line=lineno) from None
    return tuple(pats)


# A pattern whose meaning depends on its place among the others: a group referred to by number
# (the numbers shift once the patterns are joined) or by name, a conditional, global flags.
# Textual and cautious: a false alarm only keeps the patterns apart.
_NOT_JOINABLE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


@lru_cache(maxsize=1)
def _joined() -> re.Pattern | None:
    """The patterns as one alternation, ``(?:p1)|(?:p2)|...``: it matches a whole line when one
    of them does (the regex engine backtracks into every alternative before giving up), in one
    call instead of one per pattern. None when some pattern cannot be joined as it is."""
    pats = _patterns()
    if not pats or any(_NOT_JOINABLE.search(p.pattern) for p in pats):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in pats), re.IGNORECASE)
    except re.error:
        return None


def is_boilerplate(line: str) -> bool:
    """True for a line that is page furniture, not reporting."""
    s = line.strip().strip("\"'“”")
    if not s:
        return False
    if _MONEY_OR_NUMBER.fullmatch(s):
        return True
    joined = _joined()
    if joined is not None:
        return joined.fullmatch(s) is not None
    return any(p.fullmatch(s) for p in _patterns())


def _blank(s: str) -> str:
    return "".join(c if c == "\n" else " " for c in s)


def clean(text: str, title: str | None = None) -> str:
    """Blank out boilerplate lines, repeats of the title, and repeated short lines."""
    out = []
    seen: set[str] = set()
    title_key = " ".join(title.split()).lower() if title else None
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        key = " ".join(body.split()).lower()
        drop = False
        if key:
            if is_boilerplate(body):
                drop = True
            elif title_key and key == title_key:
                drop = True
            elif len(key) <= 200 and key in seen and not key.endswith((".", "!", "?", "”", "\"")):
                drop = True
            seen.add(key)
        out.append(_blank(line) if drop else line)
    return "".join(out)


def guess_title(text: str) -> str | None:
    """The first non-empty line when it reads as a headline (short, no closing punctuation)."""
    for line in text.splitlines():
        s = line.strip()
        if not s or is_boilerplate(s):
            continue
        if len(s) <= 160 and not s.endswith((".", "!", "?", ":", ";", ",")) and len(s.split()) >= 2:
            return s
        return None
    return None
