"""Import standard GeoNames dumps (``XX.txt``, ``XX.zip``, ``allCountries.zip``).

The dump is read as a stream (never extracted to disk), validated row by row, and converted to a
gzip-compressed pack in the cache's ``imports/`` folder, so it survives index rebuilds. Zip
members are checked: a member whose name leaves the archive (``../x``, an absolute path) is
refused, and reading stops with an error when a member inflates past ``MAX_RATIO`` times its
compressed size (a decompression bomb).
"""
from __future__ import annotations

import gzip
import io
import os
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from ..errors import InputError
from .packs import COLUMNS, parse_coordinate
from .records import Record

N_COLUMNS = 19
MAX_RATIO = 200
_DIVISION_LEVEL = {"ADM1": 1, "ADM2": 2}


def _safe_member(name: str) -> bool:
    p = PurePosixPath(name.replace("\\", "/"))
    return not p.is_absolute() and ".." not in p.parts and not name.startswith("/")


class _CappedReader(io.RawIOBase):
    """Raise once more than ``limit`` bytes have been read from ``raw``."""

    def __init__(self, raw: IO[bytes], limit: int, where: str):
        self.raw, self.limit, self.where, self.count = raw, limit, where, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        data = self.raw.read(len(b))
        self.count += len(data)
        if self.count > self.limit:
            raise InputError(f"zip member inflates past {MAX_RATIO}x its compressed size "
                             "(a decompression bomb?); refusing it", path=self.where)
        b[: len(data)] = data
        return len(data)


def _line_streams(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """(name, binary stream) per dump in ``path``; lines are decoded one by one by the caller, so
    a bad byte is reported on its own line (a text wrapper decodes ahead, in 8 KB chunks)."""
    where = str(path)
    try:
        with open(path, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=where) from None
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()]
            for m in members:
                if not _safe_member(m.filename):
                    raise InputError(f"zip member {m.filename!r} points outside the archive; refusing it",
                                     path=where)
            data = [m for m in members if m.filename.endswith(".txt")
                    and not os.path.basename(m.filename).lower().startswith(("readme", "iso-languagecodes"))]
            if not data:
                raise InputError("zip holds no GeoNames .txt dump", path=where)
            for m in data:
                limit = max(MAX_RATIO * max(m.compress_size, 1), 1 << 20)
                try:
                    member = zf.open(m)
                except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
                    raise InputError(f"cannot open zip member {m.filename!r} ({exc})", path=where) from None
                yield f"{where}!{m.filename}", io.BufferedReader(_CappedReader(member, limit, f"{where}!{m.filename}"))
    elif magic == b"PK\x03\x04":
        raise InputError("is a damaged zip archive (no central directory; truncated?)", path=where)
    else:
        with open(path, "rb") as fh:
            yield where, fh


def read_dump(path: str | Path) -> Iterator[Record]:
    """Yield the places of a GeoNames dump; a malformed row raises :class:`InputError` (file, line)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    rows = 0
    for where, fh in _line_streams(path):
        lineno = 0
        try:
            for lineno, raw in enumerate(fh, start=1):
                try:
                    line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8").rstrip("\r\n")
                except UnicodeDecodeError as exc:
                    raise InputError(f"is not UTF-8 text (invalid byte at column {exc.start + 1})",
                                     path=where, line=lineno) from None
                if not line or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if len(cells) < N_COLUMNS:
                    raise InputError(f"{len(cells)} columns where a GeoNames dump has {N_COLUMNS}",
                                     path=where, line=lineno)
                gid = cells[0]
                if not gid.isdigit():
                    raise InputError(f"geonameid {gid!r} is not a number", path=where, line=lineno)
                lat = parse_coordinate(cells[4], "latitude", where, lineno)
                lon = parse_coordinate(cells[5], "longitude", where, lineno)
                fclass, fcode, cc = cells[6], cells[7], cells[8].upper()
                try:
                    population = int(cells[14]) if cells[14] else 0
                except ValueError:
                    raise InputError(f"population {cells[14]!r} is not a number", path=where, line=lineno) from None
                a1, a2 = cells[10], cells[11]
                level = _DIVISION_LEVEL.get(fcode, -1 if fcode.startswith("PCL") else 0)
                code = None
                if level == 1 and a1:
                    code = f"{cc}.{a1}"
                elif level == 2 and a1 and a2:
                    code = f"{cc}.{a1}.{a2}"
                rows += 1
                names = [n for n in cells[3].split(",") if n] + ([cells[2]] if cells[2] != cells[1] else [])
                yield Record(
                    place_id=f"geonames:{gid}", name=cells[1], lat=lat, lon=lon, country_code=cc,
                    feature_class=fclass or "P", feature_code=fcode or "PPL", population=population,
                    names=names,
                    admin1_ref=f"code:{cc}.{a1}" if a1 and level != 1 else None,
                    admin2_ref=f"code:{cc}.{a1}.{a2}" if a1 and a2 and level not in (1, 2) else None,
                    admin_code=code, source=f"geonames:{gid} ({path.name})", level=level,
                )
        except (zlib.error, zipfile.BadZipFile, EOFError) as exc:  # corrupt deflate data, bad CRC, truncated
            raise InputError(f"damaged zip member after line {lineno} ({exc})", path=where) from None
    if not rows:
        raise InputError("holds no GeoNames rows (empty dump?)", path=str(path))


def write_pack(records: Iterator[Record], dest: Path) -> int:
    """Write records as a gzip pack (atomically); return how many were written."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        n = _write_rows(records, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _write_rows(records: Iterator[Record], tmp: Path) -> int:
    n = 0
    with gzip.open(tmp, "wt", encoding="utf-8", newline="") as out:
        out.write("# imported GeoNames dump (CC BY 4.0, geonames.org)\n")
        out.write("\t".join(COLUMNS + ("code",)) + "\n")
        for r in records:
            admin1 = (r.admin1_ref or "").removeprefix("code:")
            admin2 = (r.admin2_ref or "").removeprefix("code:")
            names = ",".join(n.replace("\t", " ").replace(",", " ") for n in r.names)
            out.write("\t".join([
                r.place_id, r.name.replace("\t", " "), names, repr(r.lat), repr(r.lon), r.feature_class,
                r.feature_code, r.country_code, admin1, admin2, str(r.population),
                r.source.replace("\t", " "), r.admin_code or "",
            ]) + "\n")
            n += 1
    return n
