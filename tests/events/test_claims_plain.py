"""The claim functions find what their plain forms find: a sentence's words scanned one by one,
every cue matcher asked about every span."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.events.claims import (_BEFORE_VERB, _CONTRAST, _OPENERS, _ORG, _WHO, _may_name_org, attribution_in,
                                    attribution_start, hedged_without_source, passive_at, sentence_status)
from eventmap.events.lexicon import event_lexicon, words

FAST = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BITS = st.sampled_from([
    "said", "Said", "says", "told", "reported", "claimed", "denied", "was", "were", "as", "by", "has", "also", "that",
    "who", "but", "While", "and", "the", "The", "officials", "Hovhannisyan", "MoD", "Ministry", "according to",
    "according", "to", "citing", "per", "reportedly", "allegedly", "not captured", "unable to", "false", "denies",
    "widely", "well-said", "said-so", "x", " ", "  ", "\n", ",", ".", ";", ":", "“", "”", '"', "(", "İ", "ı", "é", "’"])
SPANS = (st.lists(BITS, max_size=30).map(" ".join), st.integers(0, 60), st.integers(0, 600))


def plain_attribution_start(text, start, end):
    lex = event_lexicon()
    ws = words(text, start, end)
    for i, _, _, _ in lex.according.find(text, start, end):
        return ws[i][1]
    if ws and ws[-1][0] in lex.verbs:
        comma = text.rfind(",", start, ws[-1][1])
        if comma > start and len(words(text, comma, ws[-1][1])) <= 8:
            return comma
    return None


def plain_attribution_in(text, start, end):
    lex = event_lexicon()
    ws = words(text, start, end)
    for _, j, _, _ in lex.according.find(text, start, end):
        m = _WHO.match(text, ws[j][2], end)
        if m:
            return m.group("who")
    for k, (w, s, _) in enumerate(ws):
        if w in lex.verbs and k > 0:
            if ws[k - 1][0] == "as" or passive_at(ws, 0, k):
                if k + 1 < len(ws) and ws[k + 1][0] == "by":
                    m = _WHO.match(text, ws[k + 1][2], end)
                    if m:
                        return m.group("who")
                continue
            before = text[start:s].rstrip()
            cut = max(before.rfind(c) for c in ",;:“”\"(")
            subject = before[cut + 1:].split()
            while subject and subject[-1].lower() in _BEFORE_VERB:
                subject.pop()
            if subject and subject[-1].lower() in ("that", "which"):
                continue
            if subject and subject[-1].lower() == "who":
                subject.pop()
            if cut >= 0 and subject and subject[0].lower() in _CONTRAST:
                continue
            while subject and subject[0].lower() in _OPENERS:
                del subject[0]
            if subject and len(subject) <= 8:
                return " ".join(subject)
    return None


def plain_hedged_without_source(text, start, end):
    ws = words(text, start, end)
    adverbs = {"reportedly", "allegedly", "purportedly", "presumably", "supposedly"}
    return any(w in adverbs for w, _, _ in ws) and not any(w in event_lexicon().verbs for w, _, _ in ws)


def plain_sentence_status(text, start, end, in_quote, clause=None):
    lex = event_lexicon()
    cs, ce = clause if clause else (start, end)
    if lex.denials.any(text, cs, ce):
        return "denied"
    if lex.disputes.any(text, cs, ce):
        return "disputed"
    if in_quote or lex.hedges.any(text, start, end):
        return "claimed"
    return "reported"


@FAST
@given(*SPANS)
def test_attributions_are_those_of_the_plain_scans(text, start, end):
    end = max(start, min(end, len(text)))
    assert attribution_in(text, start, end) == plain_attribution_in(text, start, end)
    assert attribution_start(text, start, end) == plain_attribution_start(text, start, end)
    assert hedged_without_source(text, start, end) == plain_hedged_without_source(text, start, end)


@FAST
@given(*SPANS, st.booleans(), st.integers(0, 600))
def test_the_status_is_that_of_the_plain_cue_scans(text, start, end, in_quote, cut):
    end = max(start, min(end, len(text)))
    clause = (min(cut, end), end)
    for c in (None, clause):
        assert sentence_status(text, start, end, in_quote, c) == plain_sentence_status(text, start, end, in_quote, c)


@FAST
@given(st.lists(st.sampled_from(["MoD", "Mo", "D", "Ministry", "of", "Defence", "Defense", "Foreign", "Affairs",
                                 "General", "Staff", "Presidential", "Administration", "government", "Government",
                                 "Armenian", "the", " ", "  ", "x"]), max_size=8).map("".join))
def test_an_organisation_is_named_only_by_a_phrase_holding_one_of_its_names(phrase):
    if _ORG.search(phrase):
        assert _may_name_org(phrase)


def test_examples_of_attributions():
    texts = ["Fighting was reported in X, according to the regional governor's office.",
             "While officials said the town fell, the MoD denied it.", "The town fell, the Armenian MoD said",
             "Signs that said no entry stood by. Officials who said so left.", "It was reported by the army.",
             "X captured Y, but local officials said it had not been captured.", "Shells reportedly fell.",
             "As reported by Reuters, shells fell.", "Hovhannisyan also said, citing sources, that it was false.",
             "It fell, a b c d e f g said", "It fell, a b c d e f g h said", "It fell, a b c d e f g h i said",
             "It fell, one two-three four said. It was said by", "He said it was said by them"]
    for text in texts:
        for start in range(0, len(text), 3):
            for end in range(start, len(text) + 1):
                assert attribution_in(text, start, end) == plain_attribution_in(text, start, end), (text, start, end)
                assert attribution_start(text, start, end) == plain_attribution_start(text, start, end)
                assert hedged_without_source(text, start, end) == plain_hedged_without_source(text, start, end)
                assert sentence_status(text, start, end, False) == plain_sentence_status(text, start, end, False)


def test_forgetting_the_last_text_changes_no_answer():
    from eventmap.events.claims import forget_last_text

    text = "The town fell, according to the regional governor's office. Officials said it was false."
    first = [attribution_in(text, 0, 59), attribution_in(text, 60, len(text)), sentence_status(text, 60, len(text), False)]
    forget_last_text()
    assert [attribution_in(text, 0, 59), attribution_in(text, 60, len(text)), sentence_status(text, 60, len(text), False)] \
        == first == ["regional governor's office", "Officials", "disputed"]
