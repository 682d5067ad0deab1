"""Actors: find_actors, which asks for the force nouns only in spans holding a word that names a
side and answers at once for spans holding no actor's phrase, against its plain form (every
matcher asked about every span holding a cue word, the mentions sorted)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.actors import (_KIND_NAME, ENEMY, OWN, ActorMention, _matchers, _text_actors,
                                    country_display_name, find_actors)
from eventmap.events.lexicon import _bisect_left, _span_of, text_words


def _plain_find_actors(text, start, end, gazetteer):
    """find_actors as it was written before the spans were told apart."""
    found = _text_actors(text, gazetteer)
    all_ws, word_starts, _ = text_words(text)
    lo, hi = _span_of(all_ws, word_starts, start, end)
    k = _bisect_left(found.cue_at, lo)
    if k == len(found.cue_at) or found.cue_at[k] >= hi:
        return []
    nouns, named, placeholders = _matchers()
    out = []
    taken = set()
    for i, j, _, (name, side, acronym) in named.find(text, start, end):
        if acronym and not text[all_ws[lo + i][1]:all_ws[lo + i][2]].isupper():
            continue
        out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2], name, side, "named"))
        taken.update(range(i, j + 1))
    for i, j, _, ph in placeholders.find(text, start, end):
        if taken.isdisjoint(range(i, j + 1)):
            out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2], ph, "", "own" if ph == OWN else "enemy"))
            taken.update(range(i, j + 1))
    noun_hits = {i: (j, "military" if kind == "state" else kind) for i, j, _, kind in nouns.find(text, start, end)}
    first = _bisect_left(found.side_at, lo)
    for n in range(first, _bisect_left(found.side_at, hi, first)):
        i = found.side_at[n] - lo
        if i in taken:
            continue
        side = found.sides[n]
        for k in (i + 1, i + 2):
            if k in noun_hits and k not in taken:
                j, kind = noun_hits[k]
                out.append(ActorMention(all_ws[lo + i][1], all_ws[lo + j][2],
                                        _KIND_NAME[kind].format(country_display_name(gazetteer, side)), side, kind))
                taken.update(range(i, j + 1))
                break
        else:
            back = i - 1 if i >= 1 and all_ws[lo + i - 1][0] == "of" else None
            if back is not None and back >= 1 and all_ws[lo + back - 1][0] == "the":
                back -= 1
            if back is not None:
                for k in range(max(0, back - 3), back):
                    if k in noun_hits and noun_hits[k][0] == back - 1 and k not in taken:
                        kind = noun_hits[k][1]
                        out.append(ActorMention(all_ws[lo + k][1], all_ws[lo + i][2],
                                                _KIND_NAME[kind].format(country_display_name(gazetteer, side)), side, kind))
                        taken.update(range(k, i + 1))
                        break
    out.sort(key=lambda a: a.start)
    return out


# named actors (an acronym among them, and a name holding one), placeholders, words naming a side
# every way a text may write them, force nouns, and words naming none
_WORDS = ["Taliban", "Taliban fighters", "ANA", "Ana", "Afghan National Army", "Afghan security forces",
          "Hamas", "Daesh", "our units", "our troops", "the enemy", "enemy", "the opponent",
          "Armenian", "armenian", "Armenia's", "Armenia’s", "ARMENIA’S", "Azerbaijani", "Azerbaijan",
          "Azeri", "\u212aarabakh", "Şuşa", "İstanbul", "Afghan", "forces", "armed forces", "army",
          "troops", "police", "police forces", "soldiers", "of", "the", "of the", "said", "heavy",
          "village", "Armenian-backed", "x'S", "’", ""]


def _sentences(text):
    """Spans of the text cut at its full stops (the last one running to its end)."""
    spans, a = [], 0
    for k, c in enumerate(text):
        if c == ".":
            spans.append((a, k + 1))
            a = k + 1
    spans.append((a, len(text)))
    return spans


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), max_size=30), st.lists(st.sampled_from([" ", ", ", ". ", " (", "-"]),
                                                                  min_size=1, max_size=4))
def test_find_actors_finds_what_its_plain_form_finds(small_gazetteer, chosen, gaps):
    text = "".join(w + gaps[k % len(gaps)] for k, w in enumerate(chosen))
    for start, end in _sentences(text) + [(0, len(text))]:
        got = find_actors(text, start, end, small_gazetteer)
        want = _plain_find_actors(text, start, end, small_gazetteer)
        assert got == want, (text, start, end)


def test_find_actors_of_tricky_texts(small_gazetteer):
    for text in ["", ".", "the", "The enemy shelled our units near the Armenian troops.",
                 "Troops of the Armenia’s army. ANA and Ana met Taliban fighters; Azeri side said.",
                 "Forces of Armenia, the police of the Azerbaijan and Şuşa’s troops."]:
        for start, end in _sentences(text) + [(0, len(text))]:
            assert find_actors(text, start, end, small_gazetteer) == _plain_find_actors(text, start, end,
                                                                                         small_gazetteer)
    text = "The enemy shelled our units near the Armenian troops."
    assert [a.name for a in find_actors(text, 0, len(text), small_gazetteer)][:2] == [ENEMY, OWN]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), max_size=20), st.integers(0, 200), st.integers(0, 200))
def test_find_actors_of_spans_cutting_words_finds_what_its_plain_form_finds(small_gazetteer, chosen, start, end):
    text = " ".join(chosen)
    start, end = min(start, len(text)), min(max(start, end), len(text))
    assert find_actors(text, start, end, small_gazetteer) == _plain_find_actors(text, start, end, small_gazetteer)
