"""The ``eventmap`` command: parses arguments, calls the Python API, prints. Nothing else."""
from __future__ import annotations

import functools
import json
import os
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import EventmapError


def _fail(exc: EventmapError) -> None:
    click.echo(f"eventmap: error: {exc}", err=True)
    sys.exit(exc.exit_code)


def handles_errors(fn):
    """Turn eventmap's exceptions into a one-line message and the error's exit code."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EventmapError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("eventmap: interrupted", err=True)
            sys.exit(130)
    return wrapper


def _date(ctx, param, value) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _online(enabled: bool):
    if not enabled:
        return None
    from .gazetteer.online import OnlineGeocoder
    return OnlineGeocoder()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="eventmap")
@click.option("--cache-dir", type=click.Path(file_okay=False), envvar="EVENTMAP_CACHE_DIR",
              help="Where the built gazetteer index lives (default: the platform cache folder).")
def main(cache_dir):
    """Turn conflict reports into dated, typed, sourced event maps.

    \b
    Example:
      eventmap map examples/reports --out maps/
    """
    if cache_dir:
        os.environ["EVENTMAP_CACHE_DIR"] = cache_dir


@main.command("map")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--out", "out_dir", default="maps", show_default=True, type=click.Path(file_okay=False),
              help="Folder for events.geojson and map.html.")
@click.option("--title", default=None, help="Title shown in the map legend.")
@click.option("--store", "store_path", default=None, type=click.Path(dir_okay=False),
              help="Also keep documents, mentions and events in this SQLite store.")
@click.option("--online", is_flag=True,
              help="Ask Nominatim (cached, 1 request/s) for names no local source knows. Off by default.")
@click.option("--offline", is_flag=True, help="Self-contained page: no CDN; Leaflet inlined from the asset cache.")
@click.option("--tiles", default=None, help="none, a tile URL with {z}/{x}/{y}, or an xyzservices name.")
@click.option("--attribution", default=None, help="Attribution text of a --tiles URL.")
@handles_errors
def map_cmd(inputs, published, out_dir, title, store_path, online, offline, tiles, attribution):
    """Map reports: INPUT is a .txt/.html report, a .jsonl file of reports, a folder of them,
    an exported .geojson of events, or an event store (.sqlite).

    Writes OUT/events.geojson (RFC 7946) and OUT/map.html (Leaflet); from a .geojson, only the map.

    \b
    Example:
      eventmap map report.txt --published 2020-11-10 --out maps/
    """
    render = {k: v for k, v in dict(title=title, offline=offline, tiles=tiles, attribution=attribution).items()
              if v not in (None, False)}
    if all(str(p).lower().endswith((".geojson", ".sqlite", ".db")) for p in inputs):
        from .render import map_file, render_map, save_map
        from .store import Store

        for p in inputs:
            out = Path(out_dir) / (Path(p).stem + ".html" if len(inputs) > 1 else "map.html")
            if str(p).lower().endswith(".geojson"):
                click.echo(f"wrote {map_file(p, out, **render)}")
            else:
                if not Path(p).exists():
                    click.echo(f"eventmap: error: {p}: no such store", err=True)
                    sys.exit(2)
                with Store(p) as st:
                    events = st.merged_events()
                click.echo(f"wrote {save_map(render_map(events, **render), out)}")
        return
    from .gazetteer import Gazetteer
    from .pipeline import map_reports
    from .store import Store

    store = Store(store_path) if store_path else None
    result = map_reports(inputs, out_dir, published=published, gazetteer=Gazetteer(), store=store,
                         online=_online(online), **render)
    for err in result.errors:
        click.echo(f"eventmap: skipped: {err}", err=True)
    click.echo(f"{result.documents} documents, {len(result.events)} events")
    for p in result.outputs:
        click.echo(f"wrote {p}")
    if result.errors:
        sys.exit(1)


@main.command("run")
@click.argument("job_file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as one JSON object.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document stages run.")
@click.option("--scheduler", default=None, help="A Dask scheduler address (default: a local cluster).")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="Workers of the local Dask cluster.")
def run_cmd(job_file, as_json, engine, scheduler, workers):
    """Run a job: read its sources, process what changed, rewrite its outputs atomically.

    Exit codes: 0 ok, 1 partial (failed sources or documents are listed), 2 job file error,
    3 another run of the job holds its lock, 4 an output could not be written.

    \b
    Example:
      eventmap run examples/job.toml
    """
    from .errors import EventmapError
    from .jobs import run_job

    try:
        summary = run_job(job_file, engine=engine, scheduler=scheduler, workers=workers)
    except EventmapError as exc:
        if as_json:
            click.echo(json.dumps({"job": job_file, "error": str(exc), "exit_code": exc.exit_code}))
        else:
            click.echo(f"eventmap: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    if as_json:
        click.echo(json.dumps(summary.to_dict()))
    else:
        d, e = summary.documents, summary.events
        click.echo(f"{summary.job}: {d['seen']} documents seen: {d['new']} new, {d['changed']} changed, "
                   f"{d['unchanged']} unchanged, {d['reprocessed']} re-processed, {d['removed']} removed, "
                   f"{d['failed']} failed")
        click.echo(f"events: {e['added']} added, {e['removed']} removed, {e['changed']} changed, {e['total']} in all")
        if summary.note:
            click.echo(f"note: {summary.note}")
        for p in summary.outputs:
            click.echo(f"wrote {p}")
        for err in summary.errors:
            click.echo(f"failed: {err}", err=True)
        click.echo(f"done in {summary.seconds:.1f} s")
    sys.exit(summary.exit_code)


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--published", callback=_date, help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--store", "store_path", default=None, type=click.Path(dir_okay=False),
              help="The SQLite event store (default: EVENTMAP_STORE or the platform data folder).")
@handles_errors
def ingest_cmd(inputs, published, store_path):
    """Extract the events of reports into the event store (replacing earlier versions of a report).

    \b
    Example:
      eventmap ingest reports/ --store events.sqlite
    """
    from .gazetteer import Gazetteer
    from .paths import default_store
    from .pipeline import ingest
    from .sources import read_documents
    from .store import Store

    errors = []
    with Store(store_path or default_store()) as store:
        n = ingest(read_documents(inputs, published, on_error=errors.append), Gazetteer(), store)
        stats = store.stats()
    for err in errors:
        click.echo(f"eventmap: skipped: {err}", err=True)
    click.echo(f"{n} documents ingested; the store holds {stats['documents']} documents, {stats['events']} events")
    if errors:
        sys.exit(1)


@main.command("export")
@click.option("--store", "store_path", default=None, type=click.Path(dir_okay=False),
              help="The SQLite event store (default: EVENTMAP_STORE or the platform data folder).")
@click.option("--format", "fmt", type=click.Choice(["geojson", "geoparquet", "gpkg", "csv"]), default=None,
              help="Output format (default: from the --out suffix).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="The file to write.")
@click.option("--sentences", is_flag=True, help="One event per source sentence (do not merge reports of one event).")
@handles_errors
def export_cmd(store_path, fmt, out_path, sentences):
    """Export the store's events (GeoJSON, GeoParquet, GeoPackage or ACLED-style CSV).

    \b
    Example:
      eventmap export --store events.sqlite --format csv --out events.csv
    """
    from .export import export
    from .paths import default_store
    from .store import Store

    path = store_path or default_store()
    if not Path(path).exists():
        click.echo(f"eventmap: error: {path}: no such store (run 'eventmap ingest' first)", err=True)
        sys.exit(2)
    with Store(path) as store:
        events = store.events() if sentences else store.merged_events()
    export(events, out_path, fmt)
    click.echo(f"wrote {len(events)} events to {out_path}")


@main.command("geoparse")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--published", callback=_date, help="Publication date for inputs that carry none.")
@click.option("--out", "out_file", default=None, type=click.Path(dir_okay=False),
              help="Write JSON Lines here instead of standard output.")
@click.option("--online", is_flag=True,
              help="Ask Nominatim (cached, 1 request/s) for names no local source knows. Off by default.")
@handles_errors
def geoparse_cmd(inputs, published, out_file, online):
    """Every place mention of the inputs as JSON Lines (offsets into the document text).

    \b
    Example:
      eventmap geoparse report.txt --out mentions.jsonl
    """
    from .gazetteer import Gazetteer
    from .geoparse import geoparse, mention_record
    from .io import write_text
    from .sources import read_documents

    g = Gazetteer()
    lines = []
    errors = []
    geocoder = _online(online)
    from tqdm import tqdm

    docs = read_documents(inputs, published, on_error=errors.append)
    for doc in tqdm(docs, desc="documents", unit=" docs", disable=not sys.stderr.isatty(), file=sys.stderr,
                    leave=False):
        for m in geoparse(doc.text, g, online=geocoder):
            lines.append(json.dumps(mention_record(doc.id, m), ensure_ascii=False))
    for err in errors:
        click.echo(f"eventmap: skipped: {err}", err=True)
    text = "".join(line + "\n" for line in lines)
    if out_file:
        write_text(out_file, text)
        click.echo(f"wrote {len(lines)} mentions to {out_file}", err=True)
    else:
        click.echo(text, nl=False)
    if errors:
        sys.exit(1)


@main.command("evaluate")
@click.argument("corpus", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N documents or rows.")
@handles_errors
def evaluate_cmd(corpus, as_json, limit):
    """Score eventmap on annotated data, beside a population-only baseline run in the same call.

    CORPUS is an ACLED CSV export (each `notes` text becomes a document published on its
    event_date) or a toponym-annotated XML corpus (LGL, TR-News, GeoVirus, GeoWebNews shapes).

    \b
    Example:
      eventmap evaluate ../shared/eval/lgl/lgl.xml --json
    """
    from .evaluate import evaluate
    from .gazetteer import Gazetteer

    result = evaluate(corpus, Gazetteer(), limit=limit)
    if as_json:
        click.echo(json.dumps(result))
        return
    for key, value in result.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


@main.group()
def gazetteer():
    """Build, query and extend the gazetteer."""


@gazetteer.command("build")
@click.option("--force", is_flag=True, help="Rebuild even when no source changed.")
@handles_errors
def gazetteer_build(force):
    """Build the gazetteer index (done automatically on first use).

    \b
    Example:
      eventmap gazetteer build --force
    """
    import time

    from .gazetteer import Gazetteer

    t = time.perf_counter()
    g = Gazetteer(progress=None)
    built = g.ensure_built(force=force) if force else False
    stats = g.stats()
    click.echo(f"{g.path}: {stats['places']} places, {stats['keys']} name keys"
               + (f" (built in {time.perf_counter() - t:.1f} s)" if built or force else ""))


@gazetteer.command("lookup")
@click.argument("name")
@click.option("--country", default=None, help="Only places in this country (ISO code, e.g. AZ).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per candidate.")
@handles_errors
def gazetteer_lookup(name, country, limit, as_json):
    """List the places called NAME (any spelling that folds alike), most prominent first.

    \b
    Example:
      eventmap gazetteer lookup Shushi
    """
    from .gazetteer import Gazetteer

    places = Gazetteer().lookup(name, country=country, limit=limit)
    if not places:
        click.echo(f"no place called {name!r}", err=True)
        sys.exit(1)
    cols = ("place_id", "name", "country_code", "admin1", "lat", "lon", "feature_class", "feature_code",
            "population", "source")
    if as_json:
        for p in places:
            click.echo(json.dumps({c: getattr(p, c) for c in cols}, ensure_ascii=False))
        return
    click.echo("\t".join(cols))
    for p in places:
        click.echo("\t".join("" if getattr(p, c) is None else str(getattr(p, c)) for c in cols))


@gazetteer.command("import")
@click.argument("dump", type=click.Path())
@handles_errors
def gazetteer_import(dump):
    """Import a GeoNames dump (XX.txt, XX.zip or allCountries.zip) and rebuild the index.

    \b
    Example:
      eventmap gazetteer import AZ.zip
    """
    from .gazetteer import Gazetteer

    g = Gazetteer()
    n = g.import_dump(dump)
    click.echo(f"imported {n} places from {dump}; {g.stats()['places']} places in {g.path}")


@gazetteer.command("info")
@handles_errors
def gazetteer_info():
    """Show where the index is, what it holds and which packs it was built from.

    \b
    Example:
      eventmap gazetteer info
    """
    from .gazetteer import Gazetteer

    g = Gazetteer()
    stats = g.stats()
    click.echo(f"index: {g.path}")
    click.echo(f"places: {stats['places']}  name keys: {stats['keys']}")
    for p in g.packs:
        click.echo(f"pack: {p}")


if __name__ == "__main__":  # pragma: no cover
    main()
