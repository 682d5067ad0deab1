"""Property tests: whatever the text, spans point at their surface and nothing raises."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventmap.geoparse import geoparse

WORDS = st.sampled_from(["Karintak", "Karin-Tak", "Shusha", "near", "the", "village", "of", "Martuni", "and",
                         "Video", "Tartar", "region", "Azerbaijani", ",", ".", "\n", "(", ")", "“", "”", "Şuşa"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_mention_spans_point_at_their_surface(small_gazetteer, text):
    for m in geoparse(text, small_gazetteer):
        assert text[m.start:m.end] == m.surface


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_unicode_text_geoparses_without_error(small_gazetteer, text):
    for m in geoparse(text, small_gazetteer):
        assert text[m.start:m.end] == m.surface
