"""Actors: the per-document word lookups find_actors relies on."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.actors import _TextActors, find_actors, side_of_word
from eventmap.events.lexicon import all_words

# words that name a side written every way a text may write them (capitals, curly apostrophes, a
# capital S after the apostrophe, the Kelvin sign for a K), and words that name none
_WORDS = ["Armenian", "armenian", "ARMENIAN", "Armenia's", "Armenia’s", "Armenia'S", "ARMENIA’S",
          "Azerbaijani", "Azerbaijan", "azerbaijan's", "Azeri", "\u212aarabakh", "Karabakh", "Şuşa",
          "İstanbul", "Forces", "army", "the", "of", "said", "village", "Armenian-backed", "x'S"]


def _sides_word_by_word(text, gazetteer):
    """The definition: every capitalised word of the text, looked up as written."""
    out = []
    for k, (_, a, b) in enumerate(all_words(text)[0]):
        if text[a:a + 1].isupper():
            side = side_of_word(text[a:b], gazetteer)
            if side:
                out.append((k, side))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), max_size=30), st.sampled_from([" ", ", ", ". ", " (", "-"]))
def test_the_side_naming_words_of_a_text_are_those_found_word_by_word(small_gazetteer, chosen, gap):
    text = gap.join(chosen)
    found = _TextActors(text, small_gazetteer)
    assert list(zip(found.side_at, found.sides)) == _sides_word_by_word(text, small_gazetteer)


def test_a_demonym_before_a_force_noun_names_that_country_s_forces(small_gazetteer):
    text = "Yesterday the Armenian forces shelled the village."
    acts = find_actors(text, 0, len(text), small_gazetteer)
    assert [(text[a.start:a.end], a.side, a.kind) for a in acts] == [("Armenian forces", "AM", "military")]
