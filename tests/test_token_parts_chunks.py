"""text.token_parts scans the character codes for runs of letters and digits: the parts and
offsets must be the token pattern's split and its running lengths (token_parts_reference)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.text import _TOKEN_SPLIT, token_parts, token_parts_reference


@pytest.mark.parametrize("text", ["", " ", "a", " a", "a ", "a a a", "a  a", "aa a aa", "x\txa xb\n\nxa",
                                  "said. said. said", "(AP) (AP)", "\u2003a\u2003a", "a\u00a0a a", "— a —",
                                  "Shusha-Shusha Shusha", " \n x y\tz ", "Şuşa’s “Xankəndi”", "a_b __ _",
                                  "٣٤ Ⅻ ½ x²", "\U0001d400\U0001d401 \ud800a", "ΟΔΟΣ Σ", " é ", "  "])
def test_the_parts_are_the_token_pattern_s_split(text):
    parts = _TOKEN_SPLIT.split(text)
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    assert token_parts_reference(text) == (parts, offsets)
    assert token_parts.__wrapped__(text) == (parts, offsets)


BITS = st.sampled_from(["a", "Z", "09", " ", "  ", "\n", "\t", ".", ",", "-", "_", "’", "“", "é", "Ş", "ə", "\u00a0",
                        "\u2003", "½", "٣", "Ⅻ", "²", "\U0001d400", "Σ", "(AP)", "said.", "x"])


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(BITS, max_size=40).map("".join), st.text(max_size=40)))
def test_the_scan_equals_the_split(text):
    assert token_parts.__wrapped__(text) == token_parts_reference(text)
