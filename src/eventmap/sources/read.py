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
"""
from __future__ import annotations

import json
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


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size} bytes, over the {MAX_BYTES}-byte limit for one report", path=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=str(path)) from None


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is a binary file, not a text report", path=str(path))
    for enc in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Mixed or legacy encodings: keep what is UTF-8 and replace the rest, visibly.
        text = data.decode("utf-8", errors="replace")
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


def _document(text: str, meta: dict, path: Path, published: date | None, where: str, line: int | None = None,
              doc_id: str | None = None) -> Document:
    title = meta.get("title") or None
    if title is None:
        title = guess_title(text)
    cleaned = clean(text, title)
    return Document(
        id=str(doc_id) if doc_id else content_id(text), text=cleaned, title=title,
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

    raw = _decode(_read_bytes(path), path)
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
    where = str(path)
    try:
        fh = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=where) from None
    with fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError:
                err = InputError("is not UTF-8 text", path=where, line=lineno + 1)
                if on_error is None:
                    raise err from None
                on_error(err)
                return
            if not line:
                break
            lineno += 1
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict):
                    raise InputError("record is not a JSON object", path=where, line=lineno)
                text = rec.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise InputError("record has no 'text'", path=where, line=lineno)
                meta = {k: rec.get(k) for k in ("title", "url", "publisher", "published", "language")}
                yield _document(text, meta, path, published, where, lineno, doc_id=rec.get("id"))
            except ValueError as exc:
                err = exc if isinstance(exc, InputError) else InputError(f"not valid JSON ({exc.msg})", path=where, line=lineno)
                if on_error is None:
                    raise err from None
                on_error(err)


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
