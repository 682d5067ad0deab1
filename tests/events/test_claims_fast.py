"""The faster forms in events.claims find what the plain scans they replace find."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.claims import (_ORG_PERSON, Speakers, _OrgWords, _title_hint,
                                    _titled_person, _titles_are_plain)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TITLE_BITS = st.sampled_from(["President", "Presidential", "Minister", "Foreign", "Turkish", "Mr", "Mrs", "Gen",
                              "General", "Ilham", "Aliyev", "O'Neil", "Smith-Jones", "Vice-", "the", "of", ".", " ",
                              "  ", "\n", "\u2003", ",", "president", "x", "X", "_", "9", "é", "“", "Sgt.", "Deputy",
                              "Prime", "Representative", "MoD", "Ministry", "Defense", ", ", "'", "’", "-", "İ", "Mo", "D"])


def _old_titled(seg):
    return list(_titled_person().finditer(seg)) if _title_hint().search(seg) else []


def test_the_titles_are_a_capital_and_small_letters():
    assert _titles_are_plain()


def _new_titled(text, start, end):
    return Speakers(None)._titled_in(text, start, end)


@FAST
@given(st.lists(TITLE_BITS, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 400))
def test_titled_people_found_at_the_text_s_title_words_are_those_of_the_span_s_scan(text, start, end):
    end = max(start, min(end, len(text)))
    new = _new_titled(text, start, end)
    assert [(m.span(), m.groupdict()) for m in new] == [(m.span(), m.groupdict()) for m in _old_titled(text[start:end])]


@FAST
@given(st.lists(TITLE_BITS, max_size=30).map("".join), st.integers(0, 40), st.integers(0, 400))
def test_a_span_names_a_person_with_an_organisation_only_if_it_holds_mod_or_ministry(text, start, end):
    seg = text[start:end]
    orgs = _OrgWords(text)
    assert orgs.in_span(start, end) == ("MoD" in seg or "Ministry" in seg)
    if _ORG_PERSON.search(seg):
        assert orgs.comma_follows(text, start, end)
    if _ORG_PERSON.search(seg):
        assert orgs.in_span(start, end)


def test_examples_of_titled_people():
    for seg in ("Azerbaijani President Ilham Aliyev said", "The Turkish Foreign Minister Mevlut Cavusoglu was",
                "Vice-President Smith spoke", "Presidential Gen. Smith-Jones Jr", "x President  Yo", "Sgt. Pepper and"
                " Deputy Prime Minister Ali Baba"):
        for start in range(len(seg)):
            assert [m.span() for m in _new_titled(seg, start, len(seg))] == \
                [m.span() for m in _old_titled(seg[start:])], (seg, start)
        assert _old_titled(seg) or seg.startswith("Presidential")


def test_a_person_named_with_an_organisation_has_a_comma_near_its_word():
    for head in ("The MoD", "The Ministry", "The Ministry of Defence", "The Ministry of Defense", "Representative of MoD"):
        for n in range(0, 40):
            for filler in ("x" * n, (" of Armenia" * 4)[:n], "é" * n, "_" * n):
                for tail in (", Artsrun Hovhannisyan said", ",Artsrun Hovhannisyan", ". Artsrun Hovhannisyan", ", x"):
                    text = f"Said {head}{filler}{tail}."
                    orgs = _OrgWords(text)
                    for start in (0, 5):
                        if _ORG_PERSON.search(text[start:]):
                            assert orgs.comma_follows(text, start, len(text)), text
