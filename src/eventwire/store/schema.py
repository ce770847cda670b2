"""The database schema: one table per kind of extracted item, plus the corpus tables.

Column names are the record's field names, flattened: nested objects are
joined with ``_`` (``source.code`` -> ``source_code``, ``evidence.start`` ->
``evidence_start``). Every item row also keeps the whole item as JSON in
``data``, so fields added to the records later are stored (and read back)
before any column exists for them. Changing this file means adding an Alembic
revision under ``migrations/versions/``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _span(prefix: str) -> list[Column]:
    return [Column(f"{prefix}_start", Integer), Column(f"{prefix}_end", Integer), Column(f"{prefix}_text", Text)]


def _actor(prefix: str) -> list[Column]:
    return [
        Column(f"{prefix}_text", Text),
        Column(f"{prefix}_name", Text),
        Column(f"{prefix}_code", Text, index=True),
        Column(f"{prefix}_country", Text, index=True),
        Column(f"{prefix}_sector", Text),
        Column(f"{prefix}_kind", Text),
    ]


def _item_columns() -> list[Column]:
    """What every item table starts with: its id, its article, its position in the record's list."""
    return [
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("idx", Integer, nullable=False),
    ]


articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text, index=True),
    Column("date", String(10), index=True),
    Column("text", Text, nullable=False),
    Column("schema_version", Text),
    Column("fatalities", Integer),
    Column("n_events", Integer),
    Column("warnings", JSON),
    Column("data", JSON),  # the record's other fields (and any list without a table of its own)
    Column("ingested_at", Text),
)

actors = Table(
    "actors",
    metadata,
    *_item_columns(),
    Column("text", Text),
    Column("name", Text, index=True),
    Column("code", Text, index=True),
    Column("country", Text, index=True),
    Column("sector", Text),
    Column("kind", Text),
    Column("role", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("reason", Text),
    Column("data", JSON),
)

events = Table(
    "events",
    metadata,
    *_item_columns(),
    Column("cameo", Text, index=True),
    Column("cameo_root", String(2), index=True),
    Column("quad_class", Integer, index=True),
    Column("goldstein", Float),
    Column("plover_type", Text, index=True),
    Column("plover_mode", Text),
    Column("acled_event_type", Text, index=True),
    Column("acled_sub_event_type", Text),
    *_actor("source"),
    *_actor("target"),
    Column("date", Text),
    Column("date_precision", Text),
    Column("day", String(10), index=True),  # the event's calendar day: its own date, else the article's
    Column("place_text", Text),
    Column("place_name", Text),
    Column("place_country", Text, index=True),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("place_geonameid", Integer),
    Column("negated", Boolean),
    Column("modality", Text),
    Column("claimed_by", Text),
    Column("channel", Text),
    *_span("trigger"),
    *_span("evidence"),
    Column("confidence", Float),
    Column("reason", Text),
    Column("data", JSON),
)

quotes = Table(
    "quotes",
    metadata,
    *_item_columns(),
    Column("kind", Text),
    *_span("speaker"),
    Column("speaker_name", Text, index=True),
    *_actor("speaker_actor"),
    Column("on_behalf_of", Text),
    *_span("cue"),
    Column("cue_lemma", Text),
    *_span("content"),
    Column("data", JSON),
)

casualties = Table(
    "casualties",
    metadata,
    *_item_columns(),
    Column("kind", Text, index=True),
    Column("count", Integer),
    Column("qualifier", Text),
    Column("victims", Text),
    Column("subset_of", Integer),
    Column("cumulative", Boolean),
    Column("cause", Text),
    Column("perpetrator", Text),
    Column("event", Integer),  # idx of the event of the same article
    *_span("evidence"),
    Column("day", String(10), index=True),
    Column("data", JSON),
)

places = Table(
    "places",
    metadata,
    *_item_columns(),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("name", Text, index=True),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", Text, index=True),
    Column("feature_class", Text),
    Column("reason", Text),
    Column("data", JSON),
)

times = Table(
    "times",
    metadata,
    *_item_columns(),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("type", Text),
    Column("value", Text, index=True),
    Column("timezone", Text),
    Column("anchor", Text),
    Column("data", JSON),
)

# ------------------------------------------------------------------ corpus analysis (rebuilt by `eventwire ingest`)

merged_events = Table(
    "merged_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", String(10), index=True),
    Column("last_day", String(10)),
    *_actor("source"),
    *_actor("target"),
    Column("cameo", Text, index=True),
    Column("cameo_root", String(2), index=True),
    Column("quad_class", Integer, index=True),
    Column("goldstein", Float),
    Column("plover_type", Text),
    Column("acled_event_type", Text),
    Column("place_name", Text),
    Column("place_country", Text, index=True),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("num_mentions", Integer),
    Column("num_articles", Integer),
    Column("num_sources", Integer),
    Column("confidence", Float),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("killed", Integer),  # the conservative figure
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("injured", Integer),
    Column("sources", JSON),
    Column("summary", Text),
    Column("evidence_text", Text),
    Column("story_id", Integer, index=True),
)

merged_mentions = Table(
    "merged_mentions",
    metadata,
    Column("merged_id", Integer, ForeignKey("merged_events.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_merged_mentions_event_id", "event_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text),
    Column("first_day", String(10), index=True),
    Column("last_day", String(10)),
    Column("num_articles", Integer),
    Column("num_sources", Integer),
    Column("keywords", JSON),
    Column("method", Text),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_story_articles_article_id", "article_id"),
)

# record list field -> its table (the order articles are written in)
ITEM_TABLES: dict[str, Table] = {
    "actors": actors,
    "events": events,
    "quotes": quotes,
    "casualties": casualties,
    "places": places,
    "times": times,
}
