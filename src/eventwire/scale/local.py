"""Ingest on one machine: read, skip what is stored, extract in batches (1..N processes), store.

Only the main process writes to the database; worker processes (``workers > 1``)
parse and extract whole batches and send back small records. Each article is
written in its own transaction, so a run killed at any point resumes where it
stopped: stored ids are skipped before extraction.
"""

from __future__ import annotations

import logging
import resource
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..article import Article, ReadError
from ..store import StoreError

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    read: int = 0  # articles read (good ones)
    already_stored: int = 0  # skipped before extraction
    extracted: int = 0
    stored: int = 0  # new articles written
    rows: int = 0  # rows written (articles + items)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (origin, message)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # this process
    peak_worker_rss_mb: float = 0.0  # the largest worker process (0 without workers)

    @property
    def articles_per_s(self) -> float:
        return self.extracted / self.seconds if self.seconds else 0.0

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.stored} new article(s), {self.rows} rows; {self.already_stored} already stored; "
                f"{len(self.errors)} skipped with errors; {self.seconds:.1f}s ({self.articles_per_s:.1f} articles/s)")


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # kB on Linux


ErrorHook = Callable[[str, str], None]


def plan(items: Iterable[Article | ReadError], store, report: IngestReport, on_error: ErrorHook | None = None) -> list[Article]:
    """The articles still to extract: read errors reported, stored and repeated ids dropped."""
    articles: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            report.errors.append((item.origin, item.message))
            if on_error:
                on_error(item.origin, item.message)
            continue
        articles.append(item)
    report.read = len(articles)
    known = store.known_ids(a.id for a in articles)
    todo, seen = [], set()
    for article in articles:
        if article.id in known or article.id in seen:
            report.already_stored += 1
            continue
        seen.add(article.id)
        todo.append(article)
    return todo


def store_records(records, store, report: IngestReport, origins: dict[str, str], on_error: ErrorHook | None, bar=None) -> None:
    for record in records:
        report.extracted += 1
        if record.error:
            origin = origins.get(record.id) or record.id or "?"
            report.errors.append((origin, record.error))
            if on_error:
                on_error(origin, record.error)
        else:
            try:
                written = store.add_record(record)
            except StoreError as exc:  # this article's data were refused; the transaction was rolled back
                origin = origins.get(record.id) or record.id
                report.errors.append((origin, exc.message))
                if on_error:
                    on_error(origin, exc.message)
                written = 0
            report.rows += written
            report.stored += 1 if written else 0
        if bar is not None:
            bar.update(1)


def ingest(items: Iterable[Article | ReadError], store, *, pipeline=None, model: str | None = None, workers: int = 1,
           batch_size: int = 32, progress: bool = False, on_error: ErrorHook | None = None) -> IngestReport:
    """Extract and store ``items`` (from ``eventwire.article.read_articles``); returns what happened."""
    from tqdm import tqdm

    started = time.perf_counter()
    report = IngestReport()
    todo = plan(items, store, report, on_error)
    if todo:
        if pipeline is None:
            from ..pipeline import DEFAULT_MODEL, Pipeline

            pipeline = Pipeline(model or DEFAULT_MODEL)
        origins = {a.id: a.origin or a.id for a in todo}
        with tqdm(total=len(todo), unit="article", desc="ingest", disable=not progress, file=sys.stderr) as bar:
            records = pipeline.extract_many(todo, n_process=workers, batch_size=batch_size)
            store_records(records, store, report, origins, on_error, bar)
    report.seconds = time.perf_counter() - started
    report.peak_rss_mb = peak_rss_mb()
    report.peak_worker_rss_mb = peak_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else 0.0
    return report
