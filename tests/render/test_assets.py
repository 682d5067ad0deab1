"""The npm fetcher, against a registry stand-in on 127.0.0.1 serving a tarball built here."""
import base64
import hashlib
import io
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventmap.render import assets
from eventmap.render.assets import AssetError, NpmPackage, ensure_assets, fetch, is_cached


def _tarball(extra_members=()) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        def add(name, data=b"", kind=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type, info.size, info.linkname = kind, len(data) if kind == tarfile.REGTYPE else 0, link
            tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
        add("package/package.json", b"{}")
        add("package/dist/lib.js", b"window.lib = 1;")
        add("package/dist/lib.css", b".lib{}")
        for m in extra_members:
            add(*m)
    return buf.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry():
    """A one-file npm registry on 127.0.0.1; ``served`` records each request path."""
    state = {"body": b"", "served": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            state["served"].append(self.path)
            if self.path == "/lib/-/lib-1.0.0.tgz":
                self.send_response(200)
                self.send_header("Content-Length", str(len(state["body"])))
                self.end_headers()
                self.wfile.write(state["body"])
            else:
                self.send_error(404)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _pkg(integrity: str) -> NpmPackage:
    return NpmPackage("lib", "1.0.0", integrity, js=("dist/lib.js",), css=("dist/lib.css",))


def test_fetch_verifies_extracts_only_the_listed_files_and_reuses_the_cache(tmp_path, registry):
    body = _tarball(extra_members=[("package/../../evil.js", b"x"), ("package/dist/link.js", b"", tarfile.SYMTYPE,
                                                                       "/etc/passwd")])
    registry["body"] = body
    pkg = _pkg(_integrity(body))
    out = ensure_assets((pkg,), root=tmp_path, registry=registry["url"])
    folder = out["lib"]
    assert (folder / "dist/lib.js").read_bytes() == b"window.lib = 1;"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        ".integrity", "dist/lib.css", "dist/lib.js"]
    assert not (tmp_path.parent / "evil.js").exists()
    assert is_cached(pkg, tmp_path)
    ensure_assets((pkg,), root=tmp_path, registry=registry["url"])
    assert registry["served"] == ["/lib/-/lib-1.0.0.tgz"]  # the second call used the cache


def test_a_tarball_with_the_wrong_integrity_is_refused(tmp_path, registry):
    registry["body"] = _tarball()
    pkg = _pkg(_integrity(b"something else"))
    with pytest.raises(AssetError, match="integrity mismatch") as err:
        fetch(pkg, root=tmp_path, registry=registry["url"])
    assert "\n" not in str(err.value)
    assert not is_cached(pkg, tmp_path)


def test_an_unreachable_registry_says_how_to_fetch(tmp_path, registry):
    pkg = NpmPackage("nothere", "1.0.0", "sha512-x", js=("a.js",))
    with pytest.raises(AssetError) as err:
        ensure_assets((pkg,), root=tmp_path, registry=registry["url"])
    msg = str(err.value)
    assert "\n" not in msg and assets.FETCH_COMMAND in msg and "404" in msg
    with pytest.raises(AssetError, match="is not in"):
        ensure_assets((pkg,), root=tmp_path, download=False)


def test_the_pinned_packages_are_declared_as_data():
    names = {p.name: p for p in assets.PACKAGES}
    assert names["leaflet"].version == "1.9.4" and names["supercluster"].version == "8.0.1"
    assert all(p.integrity.startswith("sha512-") for p in assets.PACKAGES)
    assert names["leaflet"].tarball_url() == "https://registry.npmjs.org/leaflet/-/leaflet-1.9.4.tgz"


def test_the_prefetch_entry_point_reports_the_cache(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(tmp_path))
    assert assets.main(["--check"]) == 1
    assert "missing" in capsys.readouterr().out
