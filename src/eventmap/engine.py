"""Where the per-document stages run: in this process, or on a Dask (distributed) cluster.

Per-document work (geoparse + events) is independent, so ``run`` maps the same function over
documents either locally or with ``distributed`` (a ``LocalCluster`` by default, or the
scheduler at ``scheduler``), and returns results in document order: the two engines give
identical results. Workers open the gazetteer index by path, so it must be readable at the same
path on every worker (a shared file system, or the same machine).
"""
from __future__ import annotations

from typing import Iterable, Iterator

from .errors import unknown_choice
from .gazetteer import Gazetteer
from .model import Document, Event, Mention

ENGINES = ("local", "dask")
BATCH = 64


def _process_batch(docs: list[Document], gazetteer: Gazetteer) -> list[tuple[list[Mention], list[Event]]]:
    from .pipeline import process_document

    return [process_document(d, gazetteer) for d in docs]


def run(documents: Iterable[Document], gazetteer: Gazetteer, engine: str = "local", scheduler: str | None = None,
        workers: int = 2) -> Iterator[tuple[Document, list[Mention], list[Event]]]:
    """Yield (document, mentions, events) for each document, in input order."""
    if engine not in ENGINES:
        raise unknown_choice("engine", engine, ENGINES)
    if engine == "local":
        for doc in documents:
            mentions, events = _process_batch([doc], gazetteer)[0]
            yield doc, mentions, events
        return
    yield from _run_dask(list(documents), gazetteer, scheduler, workers)


def _run_dask(docs: list[Document], gazetteer: Gazetteer, scheduler: str | None, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise unknown_choice("engine (dask is not installed)", "dask", ["local"]) from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        batches = [docs[i:i + BATCH] for i in range(0, len(docs), BATCH)]
        g = client.scatter(gazetteer, broadcast=True)
        futures = [client.submit(_process_batch, b, g, pure=False) for b in batches]
        for batch, fut in zip(batches, futures):
            for doc, (mentions, events) in zip(batch, fut.result()):
                yield doc, mentions, events
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
