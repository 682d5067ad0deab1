"""RSS and Atom feeds (feedparser): one Document per entry."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError
from ..model import Document, content_id
from .boilerplate import clean
from .read import _read_bytes, check_length, scrub

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_BLOCK = re.compile(r"(?i)<\s*(?:/p|br\s*/?|/div|/li|/h[1-6])\s*>")


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's summary or content), paragraphs kept."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    marked = _BLOCK.sub("\n\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", marked)
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=timezone.utc).date()
    return None


def parse_feed(data: bytes | str, where: str, published: date | None = None,
               on_error: Callable[[InputError], None] | None = None) -> Iterator[Document]:
    """Documents from the bytes of an RSS/Atom feed; ``where`` names it in errors."""
    import feedparser

    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # feedparser's loose parser raises on some hostile input (e.g. "&#xD800;")
        raise InputError(f"cannot parse the feed ({exc.__class__.__name__})", path=where) from None
    if not parsed.entries:
        problem = getattr(parsed, "bozo_exception", None)
        raise InputError(f"not an RSS/Atom feed with entries ({problem or 'no entries'})", path=where)
    publisher = scrub(parsed.feed.get("title") or "") or None
    for k, entry in enumerate(parsed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = " ".join(c.get("value") or "" for c in entry.content)
        # feedparser can hand back None for a tag it opened and never closed
        body = body or entry.get("summary") or entry.get("description") or ""
        text = html_to_text(body)
        title = html_to_text(entry.get("title") or "") or None
        if not text:
            err = InputError(f"entry {k} has no text", path=where)
            if on_error is None:
                raise err
            on_error(err)
            continue
        full = scrub(f"{title}\n\n{text}" if title else text)
        title = scrub(title) if title else None
        try:
            check_length(full, f"{where}: entry {k}")
        except InputError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        yield Document(
            id=scrub(str(entry.get("id") or entry.get("link") or content_id(full))[:200]),
            text=clean(full), title=title, url=scrub(entry.get("link") or "") or None, publisher=publisher,
            published=_entry_date(entry) or published, path=where,
        )


def read_feed(path: Path, published: date | None = None,
              on_error: Callable[[InputError], None] | None = None) -> Iterator[Document]:
    data = _read_bytes(path)
    yield from parse_feed(data, str(path), published, on_error)
