"""Read report files into Documents: plain text, HTML, JSON Lines, and folders of them.

* ``.txt`` / ``.md``: optional ``---`` front matter (``title:``, ``url:``, ``publisher:``,
  ``published:``) or a sidecar ``<file>.json`` with the same keys; a first line that reads as
  a headline becomes the title.
* ``.html`` / ``.htm``: main text, title, date and URL extracted by trafilatura.
* ``.rss`` / ``.atom`` / ``.xml``: one report per feed entry (feedparser).
* ``.jsonl``: one report per line: ``id``, ``text`` and optional ``title``, ``url``,
  ``publisher``, ``published``. ``document_id`` is the ``id`` when given, else a content hash.

Text is cleaned of boilerplate by blanking (offsets keep pointing at the input text).
A bad file or record raises :class:`InputError` naming it, or, with ``on_error``, is reported
to that callback and skipped while the rest is read.

Limits (hostile input must cost bounded time and memory): a file over ``MAX_BYTES`` (an HTML
page over ``MAX_HTML_BYTES``) is refused before it is parsed, and so is a report whose text is
over ``MAX_REPORT_CHARS`` characters (split such a document into reports).
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import Document, content_id
from .boilerplate import _blank, clean, guess_title

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
MAX_BYTES = 64 * 1024 * 1024
# HTML extraction runs at a few MB/s at best; no news page comes near this.
MAX_HTML_BYTES = 8 * 1024 * 1024
# About 150,000 words: far longer than any report, and still well under a minute of extraction.
MAX_REPORT_CHARS = 1_000_000
_MAX_DATE_CHARS = 100
_META_KEYS = ("title", "url", "publisher", "source", "published", "date", "language")
_SURROGATE = re.compile("[\ud800-\udfff]")
ErrorHandler = Callable[[InputError], None]


def parse_date(value, *, where: str | None = None, line: int | None = None) -> date | None:
    """An ISO date (or datetime, or a date in words) as a ``date``; None for empty values."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) > _MAX_DATE_CHARS:
        raise InputError(f"cannot read the date {text[:40]!r}... ({len(text)} characters; use YYYY-MM-DD)",
                         path=where, line=line)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False},
                              languages=["en"])
    if parsed is None:
        raise InputError(f"cannot read the date {text!r} (use YYYY-MM-DD)", path=where, line=line)
    return parsed.date()


def _read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"file is {size} bytes, over the {limit}-byte limit for one report", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is a binary file, not a text report", path=str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("starts like UTF-16 text but is not valid UTF-16", path=str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Mixed or legacy encodings: keep what is UTF-8 and replace the rest, visibly.
        text = data.decode("utf-8-sig", errors="replace")
        if text.count("\ufffd") > max(16, len(text) // 20):
            raise InputError(f"is not UTF-8 text (invalid byte at offset {exc.start})", path=str(path)) from None
        return text


def _front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise InputError("front matter opened with '---' is never closed", path=str(path), line=1)
    meta = {}
    for lineno, line in enumerate(text[3:end].splitlines(), start=1):
        if not line.strip():
            continue
        if ":" not in line:
            raise InputError(f"front matter line {line.strip()!r} is not 'key: value'", path=str(path), line=lineno)
        k, v = line.split(":", 1)
        meta[k.strip().lower()] = v.strip().strip("\"'")
    body_start = text.find("\n", end + 4)
    cut = body_start + 1 if body_start >= 0 else len(text)
    # blank the front matter instead of cutting it, so offsets still index the file's text
    return meta, _blank(text[:cut]) + text[cut:]


def scrub(s: str) -> str:
    """``s`` with lone surrogates (JSON "\\ud800", "&#xD800;") replaced by U+FFFD, length kept.

    Python lets them into a str, but no output can encode them (UTF-8 refuses them).
    """
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s


def check_length(text: str, where: str, line: int | None = None) -> None:
    """Refuse a report over :data:`MAX_REPORT_CHARS` (extraction time grows with its length)."""
    if len(text) > MAX_REPORT_CHARS:
        raise InputError(f"report text is {len(text)} characters, over the {MAX_REPORT_CHARS}-character "
                         "limit for one report; split it", path=where, line=line)


def _document(text: str, meta: dict, path: Path, published: date | None, where: str, line: int | None = None,
              doc_id: str | None = None) -> Document:
    check_length(text, where, line)
    for key in _META_KEYS:
        value = meta.get(key)
        if value is not None and not isinstance(value, (str, date)):
            raise InputError(f"'{key}' must be a string, not {type(value).__name__}", path=where, line=line)
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, (str, int))):
        raise InputError(f"'id' must be a string or an integer, not {type(doc_id).__name__}", path=where, line=line)
    text = scrub(text)
    meta = {k: scrub(v) if isinstance(v, str) else v for k, v in meta.items()}
    title = meta.get("title") or None
    if title is None:
        title = guess_title(text)
    cleaned = clean(text, title)
    return Document(
        id=scrub(str(doc_id)) if doc_id else content_id(text), text=cleaned, title=title,
        url=meta.get("url") or None, publisher=meta.get("publisher") or meta.get("source") or None,
        published=parse_date(meta.get("published") or meta.get("date"), where=where, line=line) or published,
        language=meta.get("language") or "en", path=str(path),
    )


def read_text(path: Path, published: date | None = None) -> Document:
    text = _decode(_read_bytes(path), path)
    meta, text = _front_matter(text, path)
    sidecar = path.with_suffix(path.suffix + ".json")
    if not sidecar.exists():
        sidecar = path.with_suffix(".json")
    if sidecar.exists() and sidecar != path:
        try:
            extra = json.loads(sidecar.read_text(encoding="utf-8"))
        except RecursionError:
            raise InputError("sidecar metadata is nested too deeply", path=str(sidecar)) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"sidecar metadata is not valid JSON ({exc})", path=str(sidecar)) from None
        if not isinstance(extra, dict):
            raise InputError("sidecar metadata must be a JSON object", path=str(sidecar))
        meta = {**{k.lower(): v for k, v in extra.items()}, **meta}
    if not text.strip():
        raise InputError("is empty", path=str(path))
    return _document(text, meta, path, published, str(path))


def read_html(path: Path, published: date | None = None) -> Document:
    import trafilatura

    raw = _decode(_read_bytes(path, MAX_HTML_BYTES), path)
    if not raw.strip():
        raise InputError("is empty", path=str(path))
    try:
        result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                             include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise InputError(f"cannot extract text from HTML ({exc.__class__.__name__})", path=str(path)) from None
    if result is None:
        raise InputError("no main text found in the HTML page", path=str(path))
    get = (lambda k: getattr(result, k, None)) if not isinstance(result, dict) else result.get
    text = get("text") or ""
    if not text.strip():
        raise InputError("no main text found in the HTML page", path=str(path))
    meta = {"title": get("title"), "url": get("url"), "published": get("date"), "publisher": get("sitename")}
    try:
        return _document(text, meta, path, published, str(path))
    except InputError:
        meta["published"] = None
        return _document(text, meta, path, published, str(path))


def read_jsonl(path: Path, published: date | None = None, on_error: ErrorHandler | None = None) -> Iterator[Document]:
    """One Document per line. Lines are split and decoded one by one (not in chunks), so a bad
    byte or a broken record is named by its own line and only that record is skipped."""
    where = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=where) from None

    def fail(err: InputError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    with fh:
        lineno = 0
        records = 0
        while True:
            try:
                raw = fh.readline(MAX_BYTES + 1)
            except OSError as exc:
                raise InputError(f"cannot read ({exc.strerror or exc})", path=where, line=lineno + 1) from None
            if not raw:
                break
            lineno += 1
            if len(raw) > MAX_BYTES and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line without holding it
                    raw = fh.readline(1 << 20)
                fail(InputError(f"line is over the {MAX_BYTES}-byte limit for one report", path=where, line=lineno))
                records += 1
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                fail(InputError(f"is not UTF-8 text (invalid byte at column {exc.start + 1})", path=where,
                                line=lineno))
                records += 1
                continue
            if not line.strip():
                continue
            records += 1
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise InputError("record is not a JSON object", path=where, line=lineno)
                text = rec.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise InputError("record has no 'text'", path=where, line=lineno)
                meta = {k: rec.get(k) for k in ("title", "url", "publisher", "published", "language")}
                doc = _document(text, meta, path, published, where, lineno, doc_id=rec.get("id"))
            except RecursionError:
                fail(InputError("record is nested too deeply", path=where, line=lineno))
                continue
            except ValueError as exc:
                fail(exc if isinstance(exc, InputError) else
                     InputError(f"not valid JSON ({getattr(exc, 'msg', exc)})", path=where, line=lineno))
                continue
            yield doc
        if not records:
            raise InputError("is empty (no JSON Lines records)", path=where)


def read_path(path: str | Path, published: date | None = None, on_error: ErrorHandler | None = None) -> Iterator[Document]:
    """Documents from one file (by its suffix) or every report file under a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        for f in files:
            yield from _guarded(f, published, on_error)
        return
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    yield from _guarded(path, published, on_error)


def _guarded(path: Path, published: date | None, on_error: ErrorHandler | None) -> Iterator[Document]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path, published, on_error)
        elif suffix in FEED_SUFFIXES:
            from .feeds import read_feed
            yield from read_feed(path, published, on_error)
        elif suffix in HTML_SUFFIXES:
            yield read_html(path, published)
        else:
            yield read_text(path, published)
    except InputError as err:
        if on_error is None:
            raise
        on_error(err)


def read_documents(inputs: Iterable[str | Path], published: date | None = None,
                   on_error: ErrorHandler | None = None) -> Iterator[Document]:
    """Documents from every input (files or folders), in order."""
    for p in inputs:
        yield from read_path(p, published, on_error)
