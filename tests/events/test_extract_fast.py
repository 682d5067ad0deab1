"""The faster forms in events.extract find what the plain regex searches they replace find."""
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.events.extract import (_BY, _CLAUSE_BREAK, _ascii_case, _by_after, _clause_breaks, _fatal_hints,
                                     _fatal_starts, _fatalities, _hinted)

_TOKENS = ["12", "3", "123456", "twenty", "Twenty", "one", "ones", "someone", "killed", "KILLED", "killing", "kill",
           "were", "soldiers", "civilians", "died", "dead", "death", "toll", "rose", "to", "by", "By", "the", "by-",
           "nearby", "but", "But", "BUT", "attributed", "rebuttal", "while", "İ", "ı", "ſ", "K", "5th", "ex-5",
           "_5", "x", ",", ";", ".", "-", "\n", "  ", "’s"]
texts = st.lists(st.sampled_from(_TOKENS), max_size=16).map(" ".join)


def deaths(text: str, start: int, end: int) -> int | None:
    """As the extractor asks: the text's stems found once, the pattern tried at token starts."""
    odd = any(c in text for c in "İıſ")
    if not _hinted(_fatal_hints(text, odd), start, end):
        return None
    return _fatalities(text[start:end], _fatal_starts(text, start, end, odd), True)


def test_deaths_are_summed_from_a_sentence():
    text = "Troops advanced. Twelve soldiers were killed and 3 civilians died, the death toll rising to 15."
    start = text.index("Twelve")
    assert deaths(text, start, len(text)) == _fatalities(text[start:]) == 30
    assert deaths(text, 0, start) is None
    assert deaths("5 were dead", 0, len("5 were dead")) == 5     # (a stem that ends the span)
    assert deaths("Dağlıq: 5 soldiers were kılled", 8, 30) == 5   # (IGNORECASE reads "ı" as "i")
    assert deaths("ſix were KİLLED", 0, 15) == 6


def test_ascii_case_lower_cases_as_ignorecase_matches_ascii_letters_and_keeps_offsets():
    assert _ascii_case("KİLLED ſix Dağlıq \u212a") == "killed six dağliq k"


@settings(max_examples=500, deadline=None)
@given(texts, st.data())
def test_fatalities_tried_at_token_starts_find_what_a_full_search_finds(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert deaths(text, start, end) == _fatalities(text[start:end])


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_by_is_found_where_a_search_finds_it(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    found, expected = _by_after(text, start, end), _BY.search(text, start, end)
    assert (found and (found.span(), found.group(1))) == (expected and (expected.span(), expected.group(1)))


@settings(max_examples=500, deadline=None)
@given(texts)
def test_clause_breaks_are_where_the_pattern_finds_them(seg):
    assert _clause_breaks(seg) == [m.start() for m in _CLAUSE_BREAK.finditer(seg)]


def test_a_sentence_breaks_at_but_after_white_space_and_at_a_semicolon():
    seg = "Troops advanced,  but were pushed back; the attack was attributed to rebels  BUT  denied."
    assert _clause_breaks(seg) == [seg.index(","), seg.index(";"), seg.index("  BUT")]


def test_a_but_after_white_space_that_opens_the_sentence_breaks_where_the_space_begins():
    assert _clause_breaks("  but the town held") == [m.start() for m in _CLAUSE_BREAK.finditer("  but the town held")] == [0]
