"""eventwire: dated news articles in, structured source-linked event data out."""

from .article import Article, read_articles
from .errors import EventwireError
from .pipeline import Pipeline
from .records import Actor, ArticleRecord, Casualty, Event, Place, Quote, Span, Time

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ArticleRecord",
    "Casualty",
    "Event",
    "EventwireError",
    "Pipeline",
    "Place",
    "Quote",
    "Span",
    "Time",
    "read_articles",
]
