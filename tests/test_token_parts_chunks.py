"""text.token_parts places each white-space chunk right after the one before when the next
character begins it, else by a search: both give the token pattern's split and offsets."""
import pytest

from eventmap.text import _TOKEN_SPLIT, token_parts


@pytest.mark.parametrize("text", ["", " ", "a", " a", "a ", "a a a", "a  a", "aa a aa", "x\txa xb\n\nxa",
                                  "said. said. said", "(AP) (AP)", "\u2003a\u2003a", "a\u00a0a a", "— a —",
                                  "Shusha-Shusha Shusha", " \n x y\tz "])
def test_chunks_found_at_the_next_character_or_by_search(text):
    parts = _TOKEN_SPLIT.split(text)
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    assert token_parts.__wrapped__(text) == (parts, offsets)
