"""What every extractor is: a small class that finds items in a parsed Doc.

An extractor reads the spaCy ``Doc`` and the results of the extractors that ran
before it (on the ``ArticleRecord``), and returns a list of records for the one
field it ``assigns``. Finding is kept apart from writing: ``find`` never touches
the record, ``__call__`` stores what ``find`` returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..records import Actor, ArticleRecord, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan


class Extractor:
    name: ClassVar[str]
    assigns: ClassVar[str]  # the ArticleRecord field this extractor fills

    def initialize(self, nlp) -> None:
        """Called once with the pipeline's spaCy ``Language`` (e.g. to build matchers)."""

    def find(self, doc: "Doc", record: ArticleRecord) -> list:
        raise NotImplementedError

    def __call__(self, doc: "Doc", record: ArticleRecord) -> None:
        setattr(record, self.assigns, self.find(doc, record))


def doc_text(doc) -> str:
    """The Doc's text, read once: spaCy rebuilds ``Doc.text`` from its tokens on every access."""
    text = doc.user_data.get("eventwire_text")
    if text is None:
        text = doc.user_data["eventwire_text"] = doc.text
    return text


def span_of(doc_or_span, start_char: int | None = None, end_char: int | None = None) -> Span:
    """A record Span from a spaCy Span/Token, or from character offsets into a Doc."""
    if start_char is None:
        item = doc_or_span
        if hasattr(item, "idx") and not hasattr(item, "start_char"):  # a Token
            return Span(start=item.idx, end=item.idx + len(item.text), text=item.text)
        return Span(start=item.start_char, end=item.end_char, text=item.text)
    return Span(start=start_char, end=end_char, text=doc_text(doc_or_span)[start_char:end_char])


def actor_at(record: ArticleRecord, start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping the character range [start, end), if any.

    Prefers the mention that covers the most of the range, so "Israeli Prime
    Minister Benjamin Netanyahu" maps to Netanyahu rather than to Israel.
    """
    best, best_overlap = None, 0
    for actor in record.actors:
        for mention in actor.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > best_overlap:
                best, best_overlap = actor, overlap
    return best
