"""The boilerplate patterns joined into one alternation match exactly the lines one of them
matches on its own (is_boilerplate asks the joined one)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.sources.boilerplate import _joined, _patterns, clean, is_boilerplate

_WORDS = ["click", "here", "to", "see", "view", "full-size", "full size", "image", "photo", "like", "this",
          "content", "article", "support", "donate", "us", "our", "work", "share", "on", "facebook", "telegram",
          "subscribe", "sign up", "now", "newsletter", "follow", "read", "more", "also", "related", "stories",
          "advertisement", "credit", "source", ":", "all rights reserved", "©", "(c)", "tags", "loading",
          "...", "previous", "next", "post", "comments", "(12)", "leave a", "reply", "skip", "main",
          "Armenian", "forces", "shelled", "Dārayyā", ".", "!", "?", "CLICK", "Photo:", "İ", "ſ", "K"]
_line = st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join) | st.text(max_size=30)


@settings(max_examples=600, deadline=None)
@given(_line)
def test_the_joined_patterns_match_a_line_when_one_pattern_does(line):
    joined = _joined()
    assert joined is not None
    assert (joined.fullmatch(line) is not None) == any(p.fullmatch(line) for p in _patterns())


def test_every_shipped_pattern_still_finds_its_lines():
    for line in ["Click here to see full-size image.", "Do you like this article?", "Follow us on Telegram",
                 "Photo: AP", "© 2020 Agency", "Comments (3)", "Skip to main content", "Read more: x",
                 "Subscribe now to our newsletter!", "Share this article on Facebook:"]:
        assert is_boilerplate(line), line
    lines = ["Title here", "Click to see full size photo", "Armenian forces shelled Dārayyā.", "Advertisement"]
    kept = [" " * len(lines[0]), " " * len(lines[1]), lines[2], " " * len(lines[3])]
    assert clean("\n".join(lines) + "\n", "Title here") == "\n".join(kept) + "\n"
