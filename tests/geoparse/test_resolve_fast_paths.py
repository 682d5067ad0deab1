"""Resolution's shortcuts give what the plain forms they skip give.

Each plain form is written here as the definition (the qualifier pattern tried on every gap);
hypothesis draws inputs, including tricky ones (non-ASCII letters and spaces, upper case, empty
gaps).
"""
from __future__ import annotations

import importlib

from hypothesis import given, settings
from hypothesis import strategies as st

R = importlib.import_module("eventmap.geoparse.resolve")


TOKENS = [",", "(", ")", " ", "  ", "\n", "\u00a0", "\u2003", "of", "OF", "Of", "in", "IN", "the", "THE", "The",
          "district", "Districts", "province", "region", "rayon", "and", "near", "area", "(Jalga)", "(x)",
          "İn", "ın", "ﬀ", "ſ", "é", "’s", "'s", "village", "town", "e", "f", "n", "tHe"]


def _plain(text: str, a_end: int, b_start: int) -> bool:
    return b_start - a_end <= 60 and bool(R._QUALIFIER_GAP.match(text[a_end:b_start]))


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8), st.text(max_size=3))
def test_qualifies_is_the_pattern(tokens, extra):
    for gap in ("".join(tokens), "".join(tokens) + extra, extra + "".join(tokens)):
        text = "Kabul" + gap + "Balkh"
        assert R._qualifies(text, 5, 5 + len(gap)) == _plain(text, 5, 5 + len(gap))


def test_qualifies_on_written_gaps():
    for gap in [", ", " (", " district, ", " settlement of the ", " area of ", " in ", " IN THE ", "", " ", " and ",
                ") district, ", " (Jalga) district, ", " of\u00a0", " in the\n", " near ", ",", " OF ", " ın ",
                " İn ", " province of the  "]:
        text = "Kabul" + gap + "Balkh"
        assert R._qualifies(text, 5, 5 + len(gap)) == _plain(text, 5, 5 + len(gap)), gap
