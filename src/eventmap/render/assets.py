"""The JavaScript/CSS a self-contained (``--offline``) map inlines: obtained from the npm registry, cached.

Each package is declared as data: pinned name and version, the npm ``dist.integrity`` (sha512) of
its tarball, and the files the page needs. :func:`ensure_assets` downloads a missing tarball with
the standard library, verifies the integrity before reading it, extracts only the listed files
(regular files, exact names: no links, no path tricks) into ``cache_dir()/assets/<name>-<version>/``
and reuses that folder afterwards. Nothing is copied into the repository.

Pre-fetch (e.g. before the browser tests, or before going to an air-gapped machine)::

    python -m eventmap.render          (or: python -m eventmap.render --check)
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..errors import EventmapError
from ..paths import cache_dir

REGISTRY = "https://registry.npmjs.org"
FETCH_COMMAND = "python -m eventmap.render"
MAX_TARBALL_BYTES = 20 * 1024 * 1024
_STAMP = ".integrity"


class AssetError(EventmapError, RuntimeError):
    """The JavaScript/CSS of an offline map cannot be obtained from the npm registry or the cache."""


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm package and the files of it a page uses (paths inside the tarball's ``package/``)."""

    name: str
    version: str
    integrity: str
    js: tuple[str, ...] = ()
    css: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()  # files the CSS refers to (images), inlined as data: URIs

    @property
    def files(self) -> tuple[str, ...]:
        return self.js + self.css + self.extra

    @property
    def folder_name(self) -> str:
        return f"{self.name.replace('/', '__')}-{self.version}"

    def tarball_url(self, registry: str = REGISTRY) -> str:
        base = self.name.rsplit("/", 1)[-1]
        return f"{registry.rstrip('/')}/{self.name}/-/{base}-{self.version}.tgz"

    def cdn_url(self, path: str) -> str:
        """Where the same file is served for online pages."""
        return f"https://cdn.jsdelivr.net/npm/{self.name}@{self.version}/{path}"


LEAFLET = NpmPackage(
    "leaflet", "1.9.4",
    "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    js=("dist/leaflet.js",), css=("dist/leaflet.css",),
    extra=("dist/images/layers.png", "dist/images/layers-2x.png", "dist/images/marker-icon.png",
           "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"),
)
MARKERCLUSTER = NpmPackage(
    "leaflet.markercluster", "1.5.3",
    "sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
    js=("dist/leaflet.markercluster.js",), css=("dist/MarkerCluster.css", "dist/MarkerCluster.Default.css"),
)
SUPERCLUSTER = NpmPackage(
    "supercluster", "8.0.1",
    "sha512-IiOea5kJ9iqzD2t7QJq/cREyLHTtSmUT6gQsweojg9WH2sYJqZK9SswTu6jrscO6D1G5v5vYZ9ru/eq85lXeZQ==",
    js=("dist/supercluster.min.js",),  # bundles its one dependency, kdbush
)
# In page order: Leaflet first, then its plugins.
PACKAGES: tuple[NpmPackage, ...] = (LEAFLET, SUPERCLUSTER)


def assets_dir() -> Path:
    """``cache_dir()/assets`` (follows ``EVENTMAP_CACHE_DIR``)."""
    return cache_dir() / "assets"


def registry_url() -> str:
    """The npm registry to fetch from: ``EVENTMAP_NPM_REGISTRY`` (a mirror) or the public one."""
    return os.environ.get("EVENTMAP_NPM_REGISTRY") or REGISTRY


def package_dir(pkg: NpmPackage, root: Path | None = None) -> Path:
    return Path(root or assets_dir()) / pkg.folder_name


def is_cached(pkg: NpmPackage, root: Path | None = None) -> bool:
    """True when every file of ``pkg`` is in the cache, extracted from a tarball of the pinned integrity."""
    folder = package_dir(pkg, root)
    stamp = folder / _STAMP
    try:
        if stamp.read_text(encoding="ascii").strip() != pkg.integrity:
            return False
    except OSError:
        return False
    return all((folder / f).is_file() for f in pkg.files)


def _hint(pkg: NpmPackage, root: Path | None) -> str:
    return (f"run `{FETCH_COMMAND}` on a machine that reaches the npm registry (set EVENTMAP_NPM_REGISTRY "
            f"for a mirror) and copy {Path(root or assets_dir())} here")


def verify_integrity(data: bytes, integrity: str) -> bool:
    """Check ``data`` against an npm/SRI integrity string (``sha512-<base64>``)."""
    algo, _, expected = integrity.partition("-")
    if algo not in ("sha512", "sha384", "sha256"):
        return False
    digest = base64.b64encode(hashlib.new(algo, data).digest()).decode("ascii")
    return digest == expected


def _download(url: str, timeout: float) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "eventmap", "Accept": "application/octet-stream"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (https registry or a mirror)
        data = resp.read(MAX_TARBALL_BYTES + 1)
    if len(data) > MAX_TARBALL_BYTES:
        raise ValueError(f"tarball larger than {MAX_TARBALL_BYTES} bytes")
    return data


def _extract(pkg: NpmPackage, data: bytes, dest: Path) -> None:
    """Extract exactly ``pkg.files`` (regular files named ``package/<file>``) into ``dest``."""
    wanted = {f"package/{f}": f for f in pkg.files}
    found: set[str] = set()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            rel = wanted.get(member.name)
            if rel is None or rel in found or not member.isreg():
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(fh.read())
            found.add(rel)
    missing = sorted(set(pkg.files) - found)
    if missing:
        raise ValueError(f"tarball lacks {', '.join(missing)}")


def fetch(pkg: NpmPackage, *, root: Path | None = None, registry: str | None = None,
          timeout: float = 60.0) -> Path:
    """Download, verify and extract ``pkg`` into the cache (replacing what was there); return its folder."""
    url = pkg.tarball_url(registry or registry_url())
    where = f"{pkg.name} {pkg.version}"
    try:
        data = _download(url, timeout)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = f"HTTP {exc.code} {exc.reason}" if isinstance(exc, urllib.error.HTTPError) \
            else getattr(exc, "reason", None) or exc
        raise AssetError(f"cannot download {where} from {url} ({reason}); {_hint(pkg, root)}") from None
    if not verify_integrity(data, pkg.integrity):
        raise AssetError(f"{url}: integrity mismatch (expected {pkg.integrity[:20]}...); "
                         f"not using it; {_hint(pkg, root)}")
    folder = package_dir(pkg, root)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{pkg.folder_name}.", dir=folder.parent))
        try:
            _extract(pkg, data, tmp)
            (tmp / _STAMP).write_text(pkg.integrity + "\n", encoding="ascii")
            if folder.exists():
                shutil.rmtree(folder)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except (OSError, ValueError, tarfile.TarError) as exc:
        raise AssetError(f"cannot unpack {where} into {folder} ({exc}); {_hint(pkg, root)}") from None
    return folder


def ensure_assets(packages: tuple[NpmPackage, ...] = PACKAGES, *, root: Path | None = None,
                  download: bool = True, registry: str | None = None) -> dict[str, Path]:
    """The cache folder of each package, fetching the missing ones (unless ``download=False``)."""
    out = {}
    for pkg in packages:
        if not is_cached(pkg, root):
            if not download:
                raise AssetError(f"{pkg.name} {pkg.version} is not in {Path(root or assets_dir())}; "
                                 f"{_hint(pkg, root)}")
            fetch(pkg, root=root, registry=registry)
        out[pkg.name] = package_dir(pkg, root)
    return out


def read_asset(pkg: NpmPackage, path: str, root: Path | None = None) -> bytes:
    """One cached file of ``pkg`` (after :func:`ensure_assets`)."""
    try:
        return (package_dir(pkg, root) / path).read_bytes()
    except OSError as exc:
        raise AssetError(f"cannot read {path} of {pkg.name} {pkg.version} ({exc.strerror or exc}); "
                         f"{_hint(pkg, root)}") from None


def main(argv: list[str] | None = None) -> int:
    """``python -m eventmap.render.assets [--check]``: fetch (or only check) the offline map assets."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m eventmap.render", description=main.__doc__)
    ap.add_argument("--check", action="store_true", help="only report whether the cache is complete")
    ap.add_argument("--registry", default=None, help=f"npm registry (default: $EVENTMAP_NPM_REGISTRY or {REGISTRY})")
    args = ap.parse_args(argv)
    try:
        if args.check:
            missing = [p for p in PACKAGES if not is_cached(p)]
            for p in PACKAGES:
                print(f"{p.name} {p.version}: {'missing' if p in missing else package_dir(p)}")
            return 1 if missing else 0
        for name, folder in ensure_assets(registry=args.registry).items():
            print(f"{name}: {folder}")
    except EventmapError as exc:
        print(f"eventmap: error: {exc}", file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
