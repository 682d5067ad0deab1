"""Fuzz the readers and the event extractor with random and mutated reports, for a bounded time.

    python benchmarks/fuzz_extract.py --seconds 600                  # full gazetteer (EVENTMAP_CACHE_DIR)
    python benchmarks/fuzz_extract.py --seconds 60 --small --seed 3  # tiny pack-only gazetteer, fast

Each input is a synthetic report (benchmarks/corpus.py), a hand-written seed, or random Unicode,
mutated at the character, token and byte level (impossible dates, quotes, bidi and zero-width
characters, lone surrogates, markup, huge words, repeated punctuation, splices of two reports).
It runs through ``process_document`` and its invariants are checked: every mention and event
span points into the text, ``notes`` is the quoted sentence, coordinates are in range. Every
``--readers-every``-th input is also written as .txt/.jsonl/.html/.rss and read back, where the
only allowed failure is an InputError. An input over ``--timeout`` seconds counts as a hang.

Crashes are saved to ``--crashes`` (one JSON file each: the input and the traceback) and the run
ends with one line ``fuzz: N inputs tried in S s (R/s): C crashes, H hangs``; exit code 1 if any.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eventmap.errors import InputError  # noqa: E402
from eventmap.model import Document  # noqa: E402
from eventmap.pipeline import process_document  # noqa: E402
from eventmap.sources import read_documents  # noqa: E402

SEEDS = [
    "On November 9th, the Armenian forces reportedly struck an Azerbaijani group near the village of Karin-Tak.",
    "Artillery shelled Shusha overnight, the Ministry of Defence said. \"We repelled the attack,\" a spokesman "
    "said. Azerbaijan denied that Shusha had been captured.",
    "---\ntitle: Clashes\npublished: 2020-11-10\n---\nHeavy fighting was reported in the directions of Martuni, "
    "Martakert and Tagavard.\n\nThese include positions near Khojavend. 5 civilians were killed.",
    "Between 9-10 November and on February 30, 2021, drones hit Tartar and Terter, according to local police.\n"
    "- Shelling near Ulu Garabey\n- Protest in Stepanakert yesterday",
    "Mr. Aliyev said U.S. troops were not involved. Gen. Smith, Col. Jones et al. visited Lachin (Berdzor) on "
    "Oct. 12.",
]
TOKENS = [
    "February 30", "30 February", "2021-02-30", "9-10 November", "31 April", "yesterday", "last week",
    "three days ago", "Sunday night", "November 9, 2020", "killed", "12 were killed", "death toll rose to 99999",
    "shelled", "captured", "hasn't been captured", "according to", "said", "\"", "“", "”", "«", "»", "'", "’",
    "(", ")", "[", "]", ";", ",", ".", "...", "!?", "\n", "\n\n", "\r\n", "\r", "\t", "- ", "• ", "Mr.", "U.S.",
    "e.g.", "Shusha", "Şuşa", "Шуша", "Karin-Tak", "Martuni", "Tartar", "Azerbaijani", "Armenian", "our units",
    "the enemy", "These include", "there", "that firing point", "<script>alert(1)</script>", "=cmd|'/C calc'!A0",
    "&amp;", "&#xD800;", "\u202e", "\u200b", "\u2028", "\u0301", "\ufeff", "\x00", "\ud800", "\udfff", "🙂",
    "ﷺ", "İ", "ß", "ǅ", "Ⅻ", "٣", "〇", "$", "€", "2,500 $", "1e999", "-", "–", "—",
]
POOLS = [
    (0x20, 0x7E), (0x00, 0x1F), (0xA0, 0x24F), (0x300, 0x36F), (0x400, 0x4FF), (0x590, 0x6FF),
    (0x2000, 0x206F), (0x4E00, 0x4FFF), (0xD800, 0xDFFF), (0xFFF0, 0xFFFF), (0x1F300, 0x1F64F), (0x10000, 0x10FFFF),
]


def random_text(rng: random.Random, n: int) -> str:
    out = []
    while len(out) < n:
        lo, hi = rng.choice(POOLS)
        out.extend(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 12)))
    return "".join(out[:n])


def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(11)
        k = rng.randint(0, len(text))
        if op == 0:
            text = text[:k] + rng.choice(TOKENS) + text[k:]
        elif op == 1:
            text = text[:k] + random_text(rng, rng.randint(1, 40)) + text[k:]
        elif op == 2 and text:
            j = rng.randint(k, min(len(text), k + 200))
            text = text[:k] + text[j:]
        elif op == 3 and text:
            j = rng.randint(k, min(len(text), k + 300))
            text = text[:k] + text[k:j] * rng.randint(2, 30) + text[j:]
        elif op == 4:
            other = rng.choice(pool)
            text = text[:k] + other[rng.randint(0, len(other)):]
        elif op == 5:
            data = bytearray(text.encode("utf-8", "surrogatepass"))
            for _ in range(rng.randint(1, 8)):
                if data:
                    data[rng.randrange(len(data))] = rng.randrange(256)
            text = data.decode("utf-8", "replace")
        elif op == 6:
            text = text.replace(" ", rng.choice(["\n", "  ", "\t", "\u00a0", "", " . "]), rng.randint(1, 50))
        elif op == 7:
            text = text.upper() if rng.random() < 0.5 else text.lower()
        elif op == 8:
            text = text[:k] + rng.choice("a1.-\"'(, \n") * rng.randint(100, 20000) + text[k:]
        elif op == 9:
            text = " ".join(rng.sample(TOKENS, rng.randint(2, 30))) + " " + text
        else:
            text = text[:k]
    return text[:200_000]


def check(doc: Document, gazetteer) -> int:
    """Run the pipeline on ``doc`` and assert its invariants; return the number of events."""
    text = doc.text
    mentions, events = process_document(doc, gazetteer)
    for m in mentions:
        assert text[m.start:m.end] == m.surface, ("mention span", m)
    for e in events:
        assert 0 <= e.sentence_start <= e.sentence_end <= len(text), ("event span", e)
        assert e.notes == text[e.sentence_start:e.sentence_end], ("notes", e)
        assert e.latitude is None or -90 <= e.latitude <= 90, ("latitude", e)
        assert e.longitude is None or -180 <= e.longitude <= 180, ("longitude", e)
        assert e.fatalities is None or e.fatalities >= 0, ("fatalities", e)
    return len(events)


def through_readers(text: str, folder: Path, k: int, gazetteer) -> None:
    """Write ``text`` as each report format and read it back: only InputError may come out."""
    data = text.encode("utf-8", "surrogatepass")
    files = {
        ".txt": data,
        ".jsonl": json.dumps({"id": k, "text": text[:5000]}).encode() + b"\n" + data[:2000] + b"\n",
        ".html": b"<html><head><title>" + data[:80] + b"</title></head><body><article><p>" + data
                 + b"</p></article></body></html>",
        ".rss": b"<rss><channel><item><title>" + data[:80] + b"</title><description>" + data
                + b"</description></item></channel></rss>",
    }
    for suffix, body in files.items():
        path = folder / f"in{suffix}"
        path.write_bytes(body)
        errors: list[InputError] = []
        for doc in read_documents([path], on_error=errors.append):
            doc.text.encode("utf-8")  # outputs must be able to encode what the readers give
            if suffix == ".txt":
                check(doc, gazetteer)
        for err in errors:
            assert isinstance(err, InputError) and "\n" not in str(err), ("error", err)


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang("input took longer than the timeout")


def run(gazetteer, seconds: float, seed: int = 0, crashes: Path | None = None, readers_every: int = 25,
        timeout: float = 30.0, log=print) -> dict:
    """Fuzz for ``seconds``; return counts (inputs, crashes, hangs, slowest)."""
    from corpus import reports

    rng = random.Random(seed)
    pool = SEEDS + reports(gazetteer, 40, seed=seed)
    folder = Path(tempfile.mkdtemp(prefix="eventmap-fuzz-"))
    stats = {"inputs": 0, "reader_inputs": 0, "events": 0, "crashes": 0, "hangs": 0, "slowest": 0.0, "kinds": {}}
    use_alarm = hasattr(signal, "SIGALRM") and timeout > 0
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _alarm)
    start = last_log = time.monotonic()
    try:
        while time.monotonic() - start < seconds:
            k = stats["inputs"]
            r = rng.random()
            if r < 0.1:
                text = random_text(rng, rng.randint(0, 3000))
            elif r < 0.15:
                text = rng.choice(pool)
            else:
                text = mutate(rng, rng.choice(pool), pool)
            published = None if rng.random() < 0.2 else date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
            doc = Document(id=f"f{k}", text=text, published=published)
            t0 = time.monotonic()
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                stats["events"] += check(doc, gazetteer)
                if readers_every and k % readers_every == 0:
                    stats["reader_inputs"] += 1
                    through_readers(text, folder, k, gazetteer)
            except Exception as exc:  # noqa: BLE001 - every escape is a finding
                hang = isinstance(exc, Hang)
                stats["hangs" if hang else "crashes"] += 1
                tb = traceback.format_exc()
                where = traceback.extract_tb(exc.__traceback__)[-1]
                kind = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
                stats["kinds"][kind] = stats["kinds"].get(kind, 0) + 1
                if stats["kinds"][kind] <= 3:
                    log(f"fuzz: {'HANG' if hang else 'CRASH'} {kind} on input {k} ({len(text)} chars)")
                if crashes is not None:
                    crashes.mkdir(parents=True, exist_ok=True)
                    (crashes / f"crash-{seed}-{k}.json").write_text(json.dumps(
                        {"kind": kind, "published": str(published), "text": text, "traceback": tb},
                        ensure_ascii=True, indent=1))
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            stats["slowest"] = max(stats["slowest"], time.monotonic() - t0)
            stats["inputs"] += 1
            if time.monotonic() - last_log > 60:
                last_log = time.monotonic()
                log(f"fuzz: {stats['inputs']} inputs, {stats['crashes']} crashes, {stats['hangs']} hangs, "
                    f"{last_log - start:.0f} s")
    finally:
        if use_alarm:
            signal.signal(signal.SIGALRM, old)
        shutil.rmtree(folder, ignore_errors=True)
    stats["seconds"] = time.monotonic() - start
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=600.0, help="how long to run (default 600)")
    ap.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    ap.add_argument("--small", action="store_true", help="use a tiny pack-only gazetteer instead of the full one")
    ap.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="folder for crashing inputs")
    ap.add_argument("--readers-every", type=int, default=25, help="also run every Nth input through the readers")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before one input counts as a hang")
    args = ap.parse_args(argv)
    from eventmap.gazetteer import Gazetteer

    if args.small:
        folder = Path(tempfile.mkdtemp(prefix="eventmap-fuzz-g-"))
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.conftest import SMALL_PACK

        (folder / "small.tsv").write_text(SMALL_PACK, encoding="utf-8")
        g = Gazetteer(folder / "g.sqlite", packs=[folder / "small.tsv"], base=False, imports=False, progress=False)
    else:
        g = Gazetteer(progress=False)
    print(f"fuzz: seed {args.seed}, {'small' if args.small else 'full'} gazetteer, {args.seconds:g} s", flush=True)
    s = run(g, args.seconds, args.seed, args.crashes, args.readers_every, args.timeout,
            log=lambda m: print(m, flush=True))
    for kind, n in sorted(s["kinds"].items()):
        print(f"fuzz:   {n} x {kind}")
    print(f"fuzz: {s['inputs']} inputs tried in {s['seconds']:.0f} s ({s['inputs'] / max(s['seconds'], 1e-9):.0f}/s; "
          f"{s['reader_inputs']} also through the readers; {s['events']} events): {s['crashes']} crashes, "
          f"{s['hangs']} hangs, slowest input {s['slowest']:.2f} s", flush=True)
    return 1 if s["crashes"] or s["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
