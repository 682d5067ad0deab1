"""Scheduled regeneration: ``eventmap run JOB.toml``.

A job names its sources (folders, files, globs, feed URLs), extra gazetteer packs and outputs.
A run is

* **checked first**: every key of the job file is validated before any work, errors name the
  key ("job.toml: outputs[1].format: unknown format 'svg'; choose one of ...");
* **locked**: a second run of the same job exits at once (exit code 3); the lock is an OS file
  lock, released by the kernel when a process dies, so a stale lock never blocks;
* **incremental**: a document already processed with the same content by the same pipeline
  (extraction rules, lexicons and gazetteer) is not processed again; a pipeline change
  re-processes everything and the summary says so; documents gone from file sources are removed;
* **atomic and idempotent**: every output is written to a temporary file and renamed into
  place, so a crash (even ``kill -9``) leaves the previous outputs intact, and the same inputs
  give byte-identical GeoJSON, CSV and map HTML.

Exit codes: 0 ok, 1 partial (some sources or documents failed and are listed), 2 job file
error, 3 another run holds the lock, 4 an output could not be written.
"""
from __future__ import annotations

import fcntl
import glob as globmod
import json
import os
import sys
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from .errors import ConfigurationError, EventmapError, InputError

OUTPUT_FORMATS = ("geojson", "csv", "geoparquet", "gpkg", "html")
EXIT_OK, EXIT_PARTIAL, EXIT_CONFIG, EXIT_LOCKED, EXIT_OUTPUT = 0, 1, 2, 3, 4


class JobLocked(EventmapError, RuntimeError):
    """Another run of the same job holds its lock."""

    exit_code = EXIT_LOCKED


@dataclass
class Source:
    kind: str          # "path" | "glob" | "feed"
    value: str
    key: str           # where it is in the job file, for messages


@dataclass
class Output:
    format: str
    path: Path
    title: str | None = None
    merged: bool = True
    partition_by: str | None = None
    options: dict = field(default_factory=dict)


@dataclass
class Job:
    path: Path
    name: str
    store: Path
    sources: list[Source]
    outputs: list[Output]
    packs: list[Path]
    published: date | None = None
    feed_timeout: float = 20.0
    feed_max_bytes: int = 20 * 1024 * 1024
    feed_retries: int = 2
    feed_backoff: float = 1.0

    @property
    def folder(self) -> Path:
        return self.path.parent


def _err(path: Path, key: str, problem: str) -> ConfigurationError:
    return ConfigurationError(f"{path}: {key}: {problem}")


def _inside_or_explicit(job_path: Path, raw: str, key: str) -> Path:
    """Resolve ``raw`` against the job's folder; refuse a path that leaves it through a symlink.

    A path written with ``..`` or as an absolute path is the author's explicit choice; a path that
    looks inside the folder but resolves outside it (a symlink) is refused.
    """
    folder = job_path.parent.resolve()
    p = Path(raw).expanduser()
    lexical = p if p.is_absolute() else folder / p
    if not p.is_absolute() and ".." not in Path(raw).parts:
        real = lexical.resolve()
        if real != folder and folder not in real.parents:
            raise _err(job_path, key, f"{raw!r} leads outside the job's folder through a symlink ({real}); "
                                      "write the real path if that is intended")
    return lexical


def _tables(path: Path, raw: dict, name: str, hint: str) -> list[tuple[str, dict]]:
    """The ``[[name]]`` tables of a job file with their keys ("sources[0]"); at least one."""
    items = raw.get(name)
    if not isinstance(items, list) or not items:
        raise _err(path, name, f"at least one [[{name}]] table is needed ({hint})")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise _err(path, f"{name}[{i}]", "must be a table")
    return [(f"{name}[{i}]", item) for i, item in enumerate(items)]


def load_job(path: str | Path) -> Job:
    """Read and validate a job file; every problem names its key."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"{path}: no such job file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"{path}: not valid TOML ({exc})") from None
    known = {"job", "sources", "outputs", "gazetteer", "feeds"}
    for k in raw:
        if k not in known:
            raise _err(path, k, f"unknown section; expected one of: {', '.join(sorted(known))}")
    jobt = raw.get("job", {})
    if not isinstance(jobt, dict):
        raise _err(path, "job", "must be a table")
    for k in jobt:
        if k not in {"name", "store", "published"}:
            raise _err(path, f"job.{k}", "unknown key; expected name, store, published")
    name = str(jobt.get("name") or path.stem)
    if not name.replace("-", "").replace("_", "").isalnum():
        raise _err(path, "job.name", f"{name!r} must be letters, digits, '-' or '_'")
    published = None
    if "published" in jobt:
        try:
            published = date.fromisoformat(str(jobt["published"]))
        except ValueError:
            raise _err(path, "job.published", f"{jobt['published']!r} is not a YYYY-MM-DD date") from None
    store = _inside_or_explicit(path, str(jobt.get("store") or f".eventmap/{name}.sqlite"), "job.store")

    sources = []
    for key, s in _tables(path, raw, "sources", "path, glob or feed"):
        kinds = [k for k in ("path", "glob", "feed") if k in s]
        extra = [k for k in s if k not in ("path", "glob", "feed")]
        if len(kinds) != 1 or extra:
            raise _err(path, key, "needs exactly one of path, glob or feed" + (f" (unknown: {', '.join(extra)})" if extra else ""))
        kind = kinds[0]
        value = s[kind]
        if not isinstance(value, str) or not value:
            raise _err(path, f"{key}.{kind}", "must be a non-empty string")
        if kind == "path":
            _inside_or_explicit(path, value, f"{key}.path")
        if kind == "feed" and not value.lower().startswith(("http://", "https://")):
            _inside_or_explicit(path, value, f"{key}.feed")
        sources.append(Source(kind, value, f"{key}.{kind}"))

    outputs = []
    for key, o in _tables(path, raw, "outputs", "format and path"):
        fmt = o.get("format")
        if fmt not in OUTPUT_FORMATS:
            raise _err(path, f"{key}.format", f"unknown format {fmt!r}; choose one of: {', '.join(OUTPUT_FORMATS)}")
        if not isinstance(o.get("path"), str):
            raise _err(path, f"{key}.path", "a file path is needed")
        allowed = {"format", "path", "title", "merged", "partition_by", "offline", "tiles"}
        unknown = [k for k in o if k not in allowed]
        if unknown:
            raise _err(path, f"{key}.{unknown[0]}", f"unknown key; expected one of: {', '.join(sorted(allowed))}")
        if "partition_by" in o and (fmt != "geoparquet" or o["partition_by"] not in ("country_code", "year", "event_type")):
            raise _err(path, f"{key}.partition_by", "only for geoparquet: country_code, year or event_type")
        outputs.append(Output(fmt, _inside_or_explicit(path, o["path"], f"{key}.path"), o.get("title"),
                              bool(o.get("merged", True)), o.get("partition_by"),
                              {k: o[k] for k in ("offline", "tiles") if k in o}))

    gaz = raw.get("gazetteer", {})
    packs = []
    for i, p in enumerate(gaz.get("packs", []) if isinstance(gaz, dict) else []):
        pp = _inside_or_explicit(path, str(p), f"gazetteer.packs[{i}]")
        if not pp.exists():
            raise _err(path, f"gazetteer.packs[{i}]", f"no such file {str(pp)!r}")
        packs.append(pp)
    feeds = raw.get("feeds", {})
    if not isinstance(feeds, dict):
        raise _err(path, "feeds", "must be a table")
    limits = {"timeout": 20.0, "max_bytes": 20 * 1024 * 1024, "retries": 2, "backoff": 1.0}
    for k, v in feeds.items():
        if k not in limits:
            raise _err(path, f"feeds.{k}", f"unknown key; expected one of: {', '.join(limits)}")
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v < 0:
            raise _err(path, f"feeds.{k}", f"{v!r} must be a number >= 0")
        limits[k] = v
    return Job(path, name, store, sources, outputs, packs, published, float(limits["timeout"]),
               int(limits["max_bytes"]), int(limits["retries"]), float(limits["backoff"]))


@contextmanager
def job_lock(job: Job) -> Iterator[None]:
    """Hold the job's lock (an flock on a file beside the store) or raise :class:`JobLocked`."""
    lock_path = job.store.with_name(job.store.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise JobLocked(f"{job.path}: job {job.name!r} is already running (lock {lock_path} held by {holder}); "
                            "this run exits without doing anything") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()


@dataclass
class Summary:
    job: str
    documents: dict = field(default_factory=lambda: dict.fromkeys(
        ("seen", "new", "changed", "unchanged", "reprocessed", "removed", "failed"), 0))
    events: dict = field(default_factory=lambda: dict.fromkeys(("added", "removed", "changed", "total"), 0))
    outputs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    note: str | None = None
    seconds: float = 0.0
    exit_code: int = 0
    failed_paths: set = field(default_factory=set)

    def to_dict(self) -> dict:
        return {"job": self.job, "documents": self.documents, "events": self.events, "outputs": self.outputs,
                "errors": self.errors, "note": self.note, "seconds": round(self.seconds, 2),
                "exit_code": self.exit_code}


def _documents(job: Job, store, summary: Summary):
    """Documents of every source, in a stable order; a failing source or document is listed."""
    from .sources import read_documents
    from .sources.feeds import parse_feed
    from .sources.http import fetch

    def on_error(err):
        summary.errors.append(str(err))
        summary.documents["failed"] += 1
        if getattr(err, "path", None):
            summary.failed_paths.add(str(err.path))

    for src in job.sources:
        if src.kind == "path":
            p = _inside_or_explicit(job.path, src.value, src.key)
            if not p.exists():
                on_error(InputError("no such file or folder", path=str(p)))
                continue
            yield from read_documents([p], job.published, on_error=on_error)
        elif src.kind == "glob":
            pattern = src.value if Path(src.value).is_absolute() else str(job.folder / src.value)
            matches = sorted(globmod.glob(pattern, recursive=True))
            for m in matches:
                _inside_or_explicit(job.path, os.path.relpath(m, job.folder), src.key)
            yield from read_documents([Path(m) for m in matches if Path(m).is_file()], job.published, on_error=on_error)
        else:
            url = src.value
            if not url.lower().startswith(("http://", "https://")):
                yield from read_documents([_inside_or_explicit(job.path, url, src.key)], job.published, on_error=on_error)
                continue
            state_key = f"feed:{url}"
            state = json.loads(store.get_meta(state_key) or "{}")
            try:
                got = fetch(url, etag=state.get("etag"), last_modified=state.get("last_modified"),
                            timeout=job.feed_timeout, max_bytes=job.feed_max_bytes, retries=job.feed_retries,
                            backoff=job.feed_backoff)
            except InputError as err:
                on_error(err)
                continue
            if got.body is None:
                continue  # not modified: its documents are in the store already
            try:
                docs = list(parse_feed(got.body, url, job.published, on_error=on_error))
            except InputError as err:
                on_error(err)
                continue
            store.set_meta(state_key, json.dumps({"etag": got.etag, "last_modified": got.last_modified}))
            yield from docs


def run_job(path: str | Path, *, engine: str = "local", scheduler: str | None = None, workers: int = 2,
            progress: bool | None = None) -> Summary:
    """Run a job file once; see the module docstring. Raises on job-file errors and when locked."""
    from tqdm import tqdm

    from .engine import run as run_engine
    from .gazetteer import Gazetteer
    from .paths import default_packs
    from .pipeline import fewer_collections, pipeline_version
    from .store import Store

    t0 = time.perf_counter()
    job = load_job(path)
    summary = Summary(job.name)
    with job_lock(job):
        gazetteer = Gazetteer(packs=default_packs() + job.packs)
        version = pipeline_version(gazetteer)
        with Store(job.store) as store:
            known = store.document_versions()
            show = sys.stderr.isatty() if progress is None else progress
            todo = []
            new_paths: set[str] = set()
            seen_ids: set[str] = set()
            for doc in _documents(job, store, summary):
                if doc.id in seen_ids:
                    continue
                seen_ids.add(doc.id)
                summary.documents["seen"] += 1
                if store.seen(doc, version):
                    summary.documents["unchanged"] += 1
                    continue
                prev = known.get(doc.id)
                if prev is None:
                    summary.documents["new"] += 1
                    new_paths.add(doc.path or "")
                elif prev[0] == store.content_hash(doc):
                    summary.documents["reprocessed"] += 1
                else:
                    summary.documents["changed"] += 1
                todo.append(doc)
            # a file's old version, and documents of files gone from the sources, leave the map;
            # documents of feeds stay (a feed shows only its latest entries), and so do those of a
            # file that could not be read this time (nothing is lost to a passing error)
            leaving = [d for d, (_, origin) in known.items() if d not in seen_ids and origin
                       and not origin.startswith(("http://", "https://")) and origin not in summary.failed_paths]
            # what the documents to be (re)processed or removed had before, to report the difference
            touched = [d.id for d in todo] + leaving
            before = store.event_records(touched)
            bar = tqdm(total=len(todo), desc=f"{job.name}: processing", unit=" docs", disable=not show, file=sys.stderr)
            with store.batch(), fewer_collections():
                for doc, mentions, events in run_engine(todo, gazetteer, engine, scheduler, workers):
                    store.ingest(doc, mentions, events, version)
                    bar.update(1)
            bar.close()
            if not show and todo:
                print(f"{job.name}: processed {len(todo)} documents", file=sys.stderr)
            for doc_id in leaving:
                origin = known[doc_id][1]
                store.remove(doc_id)
                if origin in new_paths:  # the same file with new content: changed, not new + removed
                    summary.documents["changed"] += 1
                    summary.documents["new"] -= 1
                    new_paths.discard(origin)
                else:
                    summary.documents["removed"] += 1
            after = store.event_records(touched)
            summary.events.update(
                added=len(after.keys() - before.keys()), removed=len(before.keys() - after.keys()),
                changed=sum(1 for k in after.keys() & before.keys() if after[k] != before[k]),
                total=store.count_events())
            if summary.documents["reprocessed"]:
                summary.note = (f"{summary.documents['reprocessed']} unchanged documents were re-processed: "
                                "the gazetteer or the extraction rules changed")
            try:
                # nothing changed and every output is there: they would be rewritten byte for byte
                unchanged = not todo and not leaving and all(o.path.exists() for o in job.outputs)
                if not unchanged:
                    summary.outputs = [str(p) for p in write_outputs(job, store)]
            except OSError as exc:
                summary.errors.append(str(exc))
                summary.exit_code = EXIT_OUTPUT
    summary.seconds = time.perf_counter() - t0
    if not summary.exit_code and summary.errors:
        summary.exit_code = EXIT_PARTIAL
    return summary


def write_outputs(job: Job, store) -> list[Path]:
    from .export import export, write_partitioned_geoparquet
    from .render import render_map, save_map

    merged = store.merged_events()
    sentences = None
    written = []
    for out in job.outputs:
        events = merged
        if not out.merged:
            sentences = sentences if sentences is not None else store.events()
            events = sentences
        if out.format == "html":
            save_map(render_map(events, title=out.title or job.name, **out.options), out.path)
        elif out.partition_by:
            write_partitioned_geoparquet(events, out.path, out.partition_by)
        else:
            export(events, out.path, out.format)
        written.append(Path(os.path.normpath(out.path)))
    return written
