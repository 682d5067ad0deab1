"""Name folding: the key under which a name is indexed and looked up.

``fold`` lower-cases, transliterates any script to ASCII (anyascii), and drops everything that
is not a letter or digit, so case, diacritics, hyphens, spaces and apostrophes do not matter:
``fold("Karin-Tak") == fold("Karin Tak") == fold("Karintak") == "karintak"``.

Romanisations differ between languages: Azerbaijani and Turkish write ``ş ç ğ`` where English
writes ``sh ch gh``. ``fold_keys`` returns every key a written name should be indexed under (the
plain fold plus the English digraph reading), so ``Şuşa`` is found when a text says ``Shusha``.
"""
from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Letters whose English romanisation is a digraph rather than the bare base letter.
_DIGRAPHS = str.maketrans({"ş": "sh", "Ş": "sh", "ș": "sh", "Ș": "sh", "ç": "ch", "Ç": "ch",
                           "ğ": "gh", "Ğ": "gh", "ž": "zh", "Ž": "zh", "š": "sh", "Š": "sh",
                           "č": "ch", "Č": "ch", "x": "kh", "X": "kh"})
_HAS_DIGRAPH_LETTER = re.compile("[şŞșȘçÇğĞžŽšŠčČ]")


def fold(name: str) -> str:
    """Fold a name to its index key: lower-case ASCII letters and digits only."""
    text = unicodedata.normalize("NFC", name)
    if not text.isascii():
        text = anyascii(text)
    return _NON_ALNUM.sub("", text.lower())


def fold_keys(name: str) -> tuple[str, ...]:
    """Every key a gazetteer name is indexed under: the plain fold, then the digraph reading.

    The digraph reading is only produced for names written with a letter that English renders
    as a digraph (``Şuşa`` -> ``shusha``, ``Xocavənd`` -> ``khocavend``).
    """
    plain = fold(name)
    keys = [plain] if plain else []
    if _HAS_DIGRAPH_LETTER.search(name):
        digraph = fold(unicodedata.normalize("NFC", name).translate(_DIGRAPHS))
        if digraph and digraph not in keys:
            keys.append(digraph)
    return tuple(keys)


def is_latin(name: str) -> bool:
    """True when the letters of ``name`` are Latin script (the names an English text can contain)."""
    for ch in name:
        if ch.isalpha() and not ch.isascii():
            if not unicodedata.name(ch, "").startswith("LATIN"):
                return False
    return True
