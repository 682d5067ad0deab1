"""Property tests: any input gives documents or one InputError; any text gives events whose spans
point into it (or no events) - never another exception."""
import json
import re
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.errors import InputError
from eventmap.model import Document
from eventmap.pipeline import process_document
from eventmap.sources import read_documents, read_path

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = st.sampled_from([
    "On", "November", "9", "9th", "February", "30", ",", ".", "2020", "yesterday", "last", "week", "Armenian",
    "Azerbaijani", "forces", "units", "shelled", "attacked", "captured", "clashed", "with", "near", "village",
    "of", "Shusha", "Karintak", "Karin-Tak", "Martuni", "Tartar", "region", "killed", "5", "five", "civilians",
    "according", "to", "the", "ministry", "said", "hasn't", "been", "not", "These", "include", "there", "our",
    "enemy", "\"", "“", "”", "'", "(", ")", ";", "but", "\n", "\n\n", "- ", "Mr.", "U.S.", "drone", "artillery",
    "=cmd", "<script>", "&amp;", "\u202e", "\u0301", "\ufeff", "\x00", "\r", "Şuşa", "Шуша", "🙂",
])
REPORTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join),
                    st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=60).map("".join))


_FOLDER = tempfile.TemporaryDirectory(prefix="eventmap-prop-")  # one folder, removed at exit


def _write(data: bytes, suffix: str) -> Path:
    path = Path(_FOLDER.name) / f"r{suffix}"
    for old in Path(_FOLDER.name).iterdir():  # no stale sidecar or other file from the last example
        old.unlink()
    path.write_bytes(data)
    return path


def _read_all(path: Path):
    errors = []
    docs = list(read_documents([path], on_error=errors.append))
    assert all(isinstance(e, InputError) and str(e).startswith(str(path)) and "\n" not in str(e) for e in errors)
    return docs, errors


@FAST
@given(st.binary(max_size=600))
def test_any_bytes_as_a_text_report_give_a_document_or_one_error(data):
    path = _write(data, ".txt")
    try:
        docs = list(read_path(path))
    except InputError as err:
        assert str(err).startswith(str(path))
        return
    (doc,) = docs
    doc.text.encode("utf-8")


@FAST
@given(st.text(max_size=400))
def test_any_text_report_keeps_its_offsets(text):
    path = _write(text.encode("utf-8", "surrogatepass"), ".txt")
    try:
        (doc,) = read_path(path)
    except InputError:
        return
    decoded = text.encode("utf-8", "surrogatepass").decode("utf-8-sig", errors="replace")
    assert len(doc.text) == len(decoded)


@FAST
@given(st.lists(st.one_of(st.text(max_size=60).map(lambda t: json.dumps({"text": t})),
                          st.text(max_size=60), st.binary(max_size=40).map(lambda b: b.decode("latin-1"))),
                max_size=8))
def test_any_jsonl_lines_give_one_document_or_one_error_per_record(lines):
    data = b"".join(ln.encode("utf-8", "surrogatepass").replace(b"\n", b" ") + b"\n" for ln in lines)
    path = _write(data, ".jsonl")
    docs, errors = _read_all(path)
    raw = data.split(b"\n")[:-1]
    records = sum(1 for k, ln in enumerate(raw) if ln.decode("utf-8-sig" if k == 0 else "utf-8", "replace").strip())
    assert len(docs) + len(errors) == max(records, 1)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<title>", "</title>",
     "Troops shelled Shusha.", "&amp;", "&#xD800;", "<!--", "-->", "<![CDATA[", "]]>", "<meta charset='x'>"]),
    max_size=40).map("".join)))
def test_any_html_gives_a_document_or_one_error(page):
    docs, errors = _read_all(_write(page.encode("utf-8", "surrogatepass"), ".html"))
    assert len(docs) + len(errors) >= 1


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(
    ["<rss>", "<channel>", "<item>", "</item>", "<title>", "</title>", "<description>", "</description>",
     "Shelling of Shusha.", "&lt;p&gt;", "&#xD800;", "&#0;", "<pubDate>", "</pubDate>", "Sun, 30 Feb 2020",
     "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "<content type='html'>", "</content>"]),
    max_size=40).map("".join)))
def test_any_feed_gives_documents_or_errors(feed):
    _read_all(_write(feed.encode("utf-8", "surrogatepass"), ".rss"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(REPORTS, st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))))
def test_any_text_gives_events_whose_spans_point_into_it(small_gazetteer, text, published):
    doc = Document(id="d", text=text, published=published)
    mentions, events = process_document(doc, small_gazetteer)
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    for e in events:
        assert 0 <= e.sentence_start <= e.sentence_end <= len(text)
        assert e.notes == text[e.sentence_start:e.sentence_end]
        assert e.latitude is None or -90 <= e.latitude <= 90
        assert e.longitude is None or -180 <= e.longitude <= 180
        assert e.fatalities is None or e.fatalities >= 0


_EVENT_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@FAST
@given(st.one_of(REPORTS, st.lists(st.sampled_from(["a", "B", "-", "'", "’", "--", " ", "_", "İ", "ß", "9"]),
                                   max_size=30).map("".join)))
def test_the_event_stage_words_are_the_text_s_hyphenated_words_lower_cased(text):
    """lexicon.all_words joins the shared tokens (text.token_parts) across one hyphen or
    apostrophe; that must give what one regex over the text gives."""
    from eventmap.events.lexicon import all_words

    expected = tuple((m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _EVENT_WORD.finditer(text))
    positions: dict[str, list[int]] = {}
    for k, (w, _, _) in enumerate(expected):
        positions.setdefault(w, []).append(k)
    found, starts, found_positions = all_words(text)
    assert found == expected
    assert starts == [s for _, s, _ in expected]
    assert found_positions == positions and list(found_positions) == list(positions)


@FAST
@given(st.lists(st.integers(-5, 60)).map(sorted), st.integers(-10, 70), st.integers(0, 70))
def test_the_event_stage_bisection_is_the_library_s(values, x, lo):
    from bisect import bisect_left

    from eventmap.events.lexicon import _bisect_left

    assert _bisect_left(values, x) == bisect_left(values, x)
    lo = min(lo, len(values))
    assert _bisect_left(values, x, lo) == bisect_left(values, x, lo)


_TOKEN_SPLIT = re.compile(r"([^\W_]+)")
TOKEN_BITS = st.sampled_from(["a", "Bc", "9", "_", "-", "'", "’", ".", ",", "(", ")", "“", " ", "  ", "\n", "\t",
                              "\u00a0", "\u2003", "\x1c", "\x85", "\u0301", "İ", "ß", "٣", "²", "Ⅻ", "🙂", ""])


@FAST
@given(st.one_of(REPORTS, st.lists(TOKEN_BITS, max_size=40).map("".join)))
def test_the_shared_tokens_are_the_token_pattern_s_split(text):
    """text.token_parts cuts at white space and tests pieces with isalnum before it uses the
    pattern: the parts and offsets must be the pattern's split and its running lengths."""
    from eventmap.text import token_parts

    parts = _TOKEN_SPLIT.split(text)
    offsets = [0]
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    assert token_parts(text) == (parts, offsets)


def test_no_white_space_character_is_a_token_character():
    """(what token_parts relies on to cut at white space first)"""
    assert not [c for c in map(chr, range(0x110000)) if c.isspace() and c.isalnum()]


SENTENCE_BITS = st.sampled_from(["Mr", "U.S", "Oct", "a", "Word", "9", ".", "!", "?", "...", "\n", "\n\n", " ", "  ",
                                 "\"", "”", "’", ")", "]", "(", "“", "Шуша", "e.g", "-", "•", "\t"])


@FAST
@given(st.one_of(REPORTS, st.lists(SENTENCE_BITS, max_size=50).map("".join)), st.integers(0, 20), st.integers(0, 400))
def test_the_sentence_cuts_are_the_sentence_end_pattern_s_matches(text, start, end):
    """text._sentence_cuts matches the pattern by hand, only at the marks it finds with str.find:
    it must give the matches the pattern finds itself, and so the same sentences."""
    from eventmap.text import _SENT_END, _sentence_cuts

    start, end = min(start, len(text)), min(max(start, end), len(text))
    expected = [(m.start(), m.end(1), m.end()) for m in _SENT_END.finditer(text, start, end)]
    cuts = _sentence_cuts(text, start, end)
    assert list(zip(cuts[0::3], cuts[1::3], cuts[2::3])) == expected


DATE_BITS = st.sampled_from([
    "On", "November", "Nov.", "sept", "ſept", "MAY", "9", "9th", "30", "2020", "1999", "-", "–", "—", "to", "and",
    "through", "until", "of", "in", "early", "mid-", "_", "'", "’", "st", "nd", "th", "TH", "ſt", "İ", " ", "  ", "\n", ",", ".", "٣",
    "2020-11-09", "x"])


@FAST
@given(st.lists(DATE_BITS, max_size=25).map("".join), st.integers(0, 30))
def test_a_span_holding_a_date_pattern_s_match_holds_its_gate(text, start):
    """find_dates runs each explicit pattern only in spans where its gate (a part of the
    pattern) is found: the gate must be found wherever the pattern matches."""
    from eventmap.events.dates import _GATES, _PATTERNS

    for kind, pattern in _PATTERNS:
        if pattern.search(text, start):
            assert _GATES[kind].search(text, start), (kind, text[start:])


@FAST
@given(st.lists(DATE_BITS, max_size=25).map("".join))
def test_the_patterns_that_begin_with_a_month_match_only_at_an_explicit_hint(text):
    """find_dates tries the month-first patterns only at the text's explicit hints (word
    starts that begin like a month): that must find what a scan of the whole text finds."""
    from eventmap.events.dates import _AT_MONTH, _PATTERNS, _date_hints, _hints_are_exact, _matches_at

    hints, _ = _date_hints(text)
    if not _hints_are_exact(text):
        return   # (find_dates then scans the whole span)
    for kind, pattern in _PATTERNS:
        if kind in _AT_MONTH:
            assert [m.span() for m in _matches_at(pattern, text, hints, len(text))] == \
                [m.span() for m in pattern.finditer(text)], kind


@FAST
@given(st.lists(DATE_BITS, max_size=25).map("".join), st.integers(0, 30))
def test_the_patterns_that_begin_with_a_day_match_only_where_a_run_of_digits_starts_a_word(text, start):
    """find_dates tries the day-first patterns only where a word or a word's part begins with a
    digit after no word character: that must find what a scan of the span finds."""
    from eventmap.events.dates import _AT_DAY, _PATTERNS, _matches_at, _text_hints

    hints = _text_hints(text)
    if not hints.exact:
        return   # (find_dates then scans the whole span)
    starts = [a for a in hints.days if a >= start]
    for kind, pattern in _PATTERNS:
        if kind in _AT_DAY:
            assert [m.span() for m in _matches_at(pattern, text, starts, len(text))] == \
                [m.span() for m in pattern.finditer(text, start)], kind


TITLE_BITS = st.sampled_from(["President", "Presidential", "Minister", "Foreign", "Mr", "Mrs", "Gen", "General", "Ilham",
                              "Aliyev", "O'Neil", "Smith-Jones", "the", "of", ".", " ", "  ", "\n", ",", "president", "x"])


@FAST
@given(st.lists(TITLE_BITS, max_size=15).map("".join))
def test_a_sentence_introduces_somebody_by_title_only_if_it_holds_a_title_word(text):
    """Speakers.learn runs the titled-person pattern only on sentences where the title hint
    finds a title word: the pattern must never match elsewhere."""
    from eventmap.events.claims import _title_hint, _titled_person

    if _titled_person().search(text):
        assert _title_hint().search(text)


FATAL_BITS = st.sampled_from(["kill", "KILL", "Kill", "k", "K", "\u212a", "i", "I", "\u0130", "\u0131", "\u017f",
                              "s", "S", "lain", "dead", "DIED", "fatalit", "FATALIT", "lost their lives",
                              "lost  their lives", "martyr", "deaTH", " ", "Σ", "x"])


@FAST
@given(st.lists(FATAL_BITS, max_size=12).map("".join))
def test_the_fatality_hint_on_lower_cased_text_agrees_with_its_case_insensitive_regex(text):
    from eventmap.events.extract import _FATAL_HINT, _fatal_hint

    assert _fatal_hint(text) == (_FATAL_HINT.search(text) is not None)


def test_the_letters_that_fold_oddly_are_all_listed():
    """The event stage matches some case-insensitive patterns on lower-cased text, trusting
    lower() except for the letters that match an ASCII letter under re.I without lower-casing
    to it, or lower-case to more than one letter (text.CASE_ODD); every code point is checked."""
    import string
    import sys

    from eventmap.text import CASE_ODD

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    odd = {x for c in string.ascii_lowercase for x in re.findall(c, everything, re.I) if x.lower() != c}
    multi = {x for x in everything if len(x.lower()) != 1}
    assert odd | multi == set(CASE_ODD)


RELATIVE_BITS = st.sampled_from(["On", "on", "last", "LAST", "Monday", "monday", "ſunday", "night", "nıght", "this",
                                 "morning", "İ", "earlier", "today", "5", "two", "days", "ago", "week", "yesterday",
                                 " ", "  ", "\n", ",", "x", "Tonight", "overnight", "late", "early"])


@FAST
@given(st.lists(RELATIVE_BITS, max_size=20).map("".join))
def test_relative_dates_on_lower_cased_text_are_those_of_the_case_insensitive_pattern(text):
    from eventmap.events.dates import _RELATIVE, _RELATIVE_LOWERED
    from eventmap.text import CASE_ODD

    if any(c in text for c in CASE_ODD):
        return   # (find_dates then matches the text itself)
    assert [(m.span(), m.group("rel").lower()) for m in _RELATIVE_LOWERED.finditer(text.lower())] == \
        [(m.span(), m.group("rel").lower()) for m in _RELATIVE.finditer(text)]


CLAUSE_BITS = st.sampled_from(["but", "BUT", "Bu", "t", ",", ";", " ", "  ", "\n", "while", "Which", "who", "yet",
                               "though", "although", "x", "İ", "ſ"])


@FAST
@given(st.lists(CLAUSE_BITS, max_size=25).map("".join))
def test_clause_breaks_tried_where_they_can_begin_are_where_the_pattern_finds_them(text):
    from eventmap.events.extract import _CLAUSE_BREAK, _clause_breaks

    assert _clause_breaks(text) == [m.start() for m in _CLAUSE_BREAK.finditer(text)]
