"""Ingest with Ray Data: the same extractor code, spread over a Ray cluster (or local cores).

``Ray Data`` runs ``RecordMaker`` with ``map_batches`` on a pool of actors:
each actor loads the spaCy pipeline once, then codes batch after batch. The
driver (this process) writes the records to the database, one transaction per
article, and can also write the records as Parquet shards.

On a laptop ``ray.init()`` starts a local Ray. To use a cluster, start it
(``ray start --head`` on one machine, ``ray start --address HEAD:6379`` on the
others, each with eventwire and its model installed) and pass
``--ray-address auto`` on the head node or ``--ray-address ray://HEAD:10001``
from elsewhere (or set ``RAY_ADDRESS``). The database URL must then be one
the driver can reach (PostgreSQL for many writers; SQLite is fine for one).
"""

from __future__ import annotations

import logging
import resource
import time
from typing import Iterable

from ..article import Article, ReadError
from .local import ErrorHook, IngestReport, peak_rss_mb, plan, store_records

log = logging.getLogger(__name__)

FIELDS = ("id", "text", "date", "title", "url", "source")


class RecordMaker:
    """A Ray Data callable class: the pipeline is built once per actor, then called per batch."""

    def __init__(self, model: str | None = None, config: dict | None = None):
        from ..pipeline import DEFAULT_MODEL, Pipeline

        self.pipeline = Pipeline(model or DEFAULT_MODEL, config=config)

    def __call__(self, batch: dict) -> dict:
        n = len(batch["id"])
        articles = []
        for i in range(n):
            fields = {name: _plain(batch[name][i]) for name in FIELDS}
            articles.append(Article(**fields))
        records = list(self.pipeline.extract_many(articles, batch_size=max(1, n)))
        return {
            "id": [r.id for r in records],
            "date": [r.date or "" for r in records],
            "error": [r.error or "" for r in records],
            "record": [r.model_dump_json() for r in records],
            "rss_mb": [peak_rss_mb()] * len(records),
        }


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float):  # NaN from an all-missing column
        return None
    return value or None


def ingest_ray(items: Iterable[Article | ReadError], store, *, workers: int = 2, batch_size: int = 16,
               model: str | None = None, address: str | None = None, parquet_dir: str | None = None,
               progress: bool = False, on_error: ErrorHook | None = None) -> IngestReport:
    """Like ``scale.local.ingest``, with extraction on ``workers`` Ray actors."""
    import ray

    from ..records import ArticleRecord

    started = time.perf_counter()
    report = IngestReport()
    todo = plan(items, store, report, on_error)
    if todo:
        if not ray.is_initialized():
            options = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=max(1, workers), **options)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = progress
        rows = [{name: getattr(a, name) or "" for name in FIELDS} for a in todo]
        dataset = ray.data.from_items(rows).map_batches(
            RecordMaker,
            fn_constructor_kwargs={"model": model},
            batch_size=batch_size,
            concurrency=max(1, workers),
            batch_format="numpy",
        )
        if parquet_dir:
            dataset = dataset.materialize()
            dataset.drop_columns(["rss_mb"]).write_parquet(parquet_dir)
        origins = {a.id: a.origin or a.id for a in todo}
        worker_peak = 0.0

        def records():
            nonlocal worker_peak
            for row in dataset.iter_rows():
                worker_peak = max(worker_peak, float(row["rss_mb"]))
                yield ArticleRecord.model_validate_json(row["record"])

        store_records(records(), store, report, origins, on_error)
        report.peak_worker_rss_mb = worker_peak
    report.seconds = time.perf_counter() - started
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return report
