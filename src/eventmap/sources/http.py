"""Feeds over HTTP: conditional requests, timeouts, retries with back-off, a size cap.

``fetch`` returns the body, or ``None`` when the server says the feed has not changed (304 to
our ``If-None-Match`` / ``If-Modified-Since``). The validators of the last good answer are kept
by the caller (the job's store) and passed back in. Every failure is one
:class:`~eventmap.errors.InputError` naming the URL.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from .. import __version__
from ..errors import InputError

MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = f"eventmap/{__version__} (+offline-first conflict mapper)"


@dataclass
class Fetched:
    body: bytes | None          # None: not modified since the validators given
    etag: str | None
    last_modified: str | None


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 20.0,
          retries: int = 2, backoff: float = 1.0, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url`` (http/https only) with conditional headers; retry 5xx and timeouts with back-off."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputError("only http:// and https:// feed URLs are fetched", path=url)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    last_error = "no answer"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise InputError(f"feed is {int(length)} bytes, over the {max_bytes}-byte limit", path=url)
                body = resp.read(max_bytes + 1)
                if len(body) > max_bytes:
                    raise InputError(f"feed is over the {max_bytes}-byte limit", path=url)
                if length and length.isdigit() and len(body) < int(length):
                    raise InputError(f"truncated answer ({len(body)} of {length} bytes)", path=url)
                return Fetched(body, resp.headers.get("ETag"), resp.headers.get("Last-Modified"))
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched(None, etag, last_modified)
            last_error = f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500:
                break
        except InputError:
            raise
        except (TimeoutError, OSError) as exc:  # URLError, timeouts, resets, IncompleteRead
            last_error = f"{exc.__class__.__name__}: {getattr(exc, 'reason', exc)}"
        except Exception as exc:  # http.client.IncompleteRead and other protocol errors
            last_error = f"{exc.__class__.__name__}: {exc}"
    raise InputError(f"cannot fetch the feed ({last_error}; {retries + 1} attempts)", path=url)
