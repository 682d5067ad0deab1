"""Scheduled regeneration: `eventmap run JOB.toml` (incremental, atomic, locked, feeds, Dask)."""
import fcntl
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from eventmap.cli import main
from eventmap.errors import ConfigurationError
from eventmap.jobs import JobLocked, load_job, run_job

REPORT = "On November {d}, Armenian forces clashed with Azerbaijani units near Karintak, the MoD of Armenia said.\n"


@pytest.fixture
def job(tmp_path, full_cache, full_gazetteer, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(full_cache))
    (tmp_path / "reports").mkdir()
    for d in (7, 8):
        (tmp_path / "reports" / f"r{d}.txt").write_text(REPORT.format(d=d))
    path = tmp_path / "job.toml"
    path.write_text(textwrap.dedent("""
        [job]
        name = "t"
        published = "2020-11-10"
        [[sources]]
        path = "reports"
        [[outputs]]
        format = "geojson"
        path = "out/events.geojson"
        [[outputs]]
        format = "csv"
        path = "out/events.csv"
    """))
    return path


def _write_job(tmp_path, body):
    path = tmp_path / "job.toml"
    path.write_text(textwrap.dedent(body))
    return path


def test_a_job_writes_its_outputs_and_a_summary(job):
    s = run_job(job)
    assert s.exit_code == 0 and s.documents["new"] == 2 and s.events["added"] == 2
    assert json.loads((job.parent / "out" / "events.geojson").read_text())["features"]


def test_a_rerun_with_nothing_changed_processes_nothing_and_writes_identical_bytes(job):
    run_job(job)
    first = (job.parent / "out" / "events.geojson").read_bytes(), (job.parent / "out" / "events.csv").read_bytes()
    s = run_job(job)
    assert s.documents["unchanged"] == 2 and s.documents["new"] == s.documents["changed"] == 0
    assert s.events == {"added": 0, "removed": 0, "changed": 0, "total": 2}
    assert first == ((job.parent / "out" / "events.geojson").read_bytes(), (job.parent / "out" / "events.csv").read_bytes())


def test_a_changed_report_is_reprocessed_and_a_deleted_one_removed(job):
    run_job(job)
    (job.parent / "reports" / "r7.txt").write_text(REPORT.format(d=6))
    (job.parent / "reports" / "r8.txt").unlink()
    s = run_job(job)
    assert s.documents["changed"] == 1 and s.documents["removed"] == 1 and s.documents["new"] == 0
    assert s.events["total"] == 1


def test_a_job_file_error_names_the_key(tmp_path):
    path = _write_job(tmp_path, """
        [[sources]]
        path = "reports"
        [[outputs]]
        format = "svg"
        path = "x.svg"
    """)
    with pytest.raises(ConfigurationError, match=r"outputs\[0\]\.format: unknown format 'svg'"):
        load_job(path)


def test_a_job_without_sources_is_refused(tmp_path):
    path = _write_job(tmp_path, """
        [[outputs]]
        format = "csv"
        path = "x.csv"
    """)
    with pytest.raises(ConfigurationError, match=r"sources: at least one"):
        load_job(path)


def test_the_cli_exits_2_on_a_job_file_error(tmp_path):
    path = _write_job(tmp_path, "[job]\nname = 'x'\nbogus = 1\n")
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 2 and "job.bogus" in result.output


def test_a_source_leaving_the_job_folder_through_a_symlink_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    (jobdir / "reports").symlink_to(outside)
    path = jobdir / "job.toml"
    path.write_text('[[sources]]\npath = "reports"\n[[outputs]]\nformat = "csv"\npath = "x.csv"\n')
    with pytest.raises(ConfigurationError, match=r"sources\[0\]\.path: 'reports' leads outside the job's folder"):
        load_job(path)


def test_a_second_run_while_one_holds_the_lock_exits_at_once(job):
    run_job(job)
    lock = job.parent / ".eventmap" / "t.sqlite.lock"
    with open(lock, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(JobLocked, match="already running"):
            run_job(job)
        result = CliRunner().invoke(main, ["run", str(job)])
        assert result.exit_code == 3
    assert run_job(job).exit_code == 0  # released: the next run proceeds


def test_kill_9_mid_run_leaves_the_outputs_intact_and_the_next_run_completes(job, full_cache):
    run_job(job)
    before = (job.parent / "out" / "events.geojson").read_bytes()
    for k in range(300):
        (job.parent / "reports" / f"bulk{k}.txt").write_text(REPORT.format(d=1 + k % 9) + f"Item {k}.\n")
    env = dict(os.environ, EVENTMAP_CACHE_DIR=str(full_cache))
    proc = subprocess.Popen([sys.executable, "-m", "eventmap", "run", str(job)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (job.parent / "out" / "events.geojson").read_bytes() == before or \
        json.loads((job.parent / "out" / "events.geojson").read_text())["type"] == "FeatureCollection"
    s = run_job(job)
    assert s.exit_code == 0 and s.documents["seen"] == 302
    assert json.loads((job.parent / "out" / "events.geojson").read_text())["features"]


class _FeedServer:
    def __init__(self, routes):
        self.routes, self.hits = routes, []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.hits.append((self.path, dict(self.headers)))
                outer.routes[self.path](self)

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()


RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item><guid>f1</guid>'
       b'<title>Clashes</title><pubDate>Mon, 09 Nov 2020 10:00:00 GMT</pubDate>'
       b'<description>Armenian forces clashed with Azerbaijani units near Karintak.</description></item></channel></rss>')


def _ok(h):
    if h.headers.get("If-None-Match") == '"v1"':
        h.send_response(304)
        h.end_headers()
        return
    h.send_response(200)
    h.send_header("ETag", '"v1"')
    h.send_header("Content-Length", str(len(RSS)))
    h.end_headers()
    h.wfile.write(RSS)


def _fail(h):
    h.send_response(500)
    h.end_headers()


def _slow(h):
    time.sleep(3)
    _ok(h)


def _truncated(h):
    h.send_response(200)
    h.send_header("Content-Length", str(len(RSS) + 500))
    h.end_headers()
    h.wfile.write(RSS[:100])


def _huge(h):
    h.send_response(200)
    h.end_headers()
    chunk = b"x" * (1 << 20)
    try:
        for _ in range(50):
            h.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.fixture
def feeds():
    server = _FeedServer({"/ok.rss": _ok, "/fail.rss": _fail, "/slow.rss": _slow, "/cut.rss": _truncated,
                          "/huge.rss": _huge})
    yield server
    server.close()


def _feed_job(tmp_path, base, *names):
    sources = "".join(f'[[sources]]\nfeed = "{base}/{n}"\n' for n in names)
    return _write_job(tmp_path, f"""
        [job]
        name = "f"
        [feeds]
        timeout = 1
        max_bytes = 1048576
        retries = 1
        backoff = 0.1
        {sources}
        [[outputs]]
        format = "geojson"
        path = "out.geojson"
    """.replace("\n        [[sources]]", "\n[[sources]]"))


def test_a_feed_is_fetched_then_asked_conditionally(tmp_path, feeds, full_cache, full_gazetteer, monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(full_cache))
    path = _feed_job(tmp_path, feeds.base, "ok.rss")
    assert run_job(path).documents["new"] == 1
    s = run_job(path)
    assert s.exit_code == 0 and s.documents["seen"] == 0 and s.events["total"] == 1
    assert feeds.hits[-1][1].get("If-None-Match") == '"v1"'


@pytest.mark.parametrize("bad", ["fail.rss", "slow.rss", "cut.rss", "huge.rss"])
def test_a_failing_feed_is_listed_while_the_others_are_processed(tmp_path, feeds, bad, full_cache, full_gazetteer,
                                                                  monkeypatch):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(full_cache))
    s = run_job(_feed_job(tmp_path, feeds.base, bad, "ok.rss"))
    assert s.exit_code == 1 and s.documents["new"] == 1
    assert len(s.errors) == 1 and bad in s.errors[0]


def test_the_dask_engine_gives_the_same_events_as_the_local_one(job, tmp_path):
    local = run_job(job)
    events_local = json.loads((job.parent / "out" / "events.geojson").read_text())
    (job.parent / ".eventmap" / "t.sqlite").unlink()
    dask = run_job(job, engine="dask", workers=2)
    assert dask.events["total"] == local.events["total"]
    assert json.loads((job.parent / "out" / "events.geojson").read_text()) == events_local


def test_the_map_page_is_byte_identical_across_runs(job):
    job.write_text(job.read_text() + '\n[[outputs]]\nformat = "html"\npath = "out/map.html"\n')
    run_job(job)
    first = (job.parent / "out" / "map.html").read_bytes()
    (job.parent / "out" / "map.html").unlink()
    run_job(job)
    assert (job.parent / "out" / "map.html").read_bytes() == first
