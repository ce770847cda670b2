"""``Store``: the one place SQL lives. The same interface over SQLite and PostgreSQL.

    from eventwire.store import Store
    with Store("eventwire.db") as store:          # or "postgresql://user@host/db"
        store.add_record(record)                  # one article, one transaction
        store.events(actor="ISR", date_from="2021-05-10", limit=50)

Writes: an article and all its items go in one transaction, keyed by the
article id, so ingesting the same article again adds nothing and a process
killed mid-way leaves no half article. Reads return plain dicts (JSON columns
decoded), ready for an API; every list method takes ``limit`` and ``offset``
and has a ``count_*`` twin with the same filters.

Reads at a glance:
    articles / count_articles / article / record / iter_records / items(article_id)
    events / count_events           filters: actor, source_actor, target_actor, dyad, country, cameo,
                                    quad_class, plover_type, acled_event_type, date_from, date_to, bbox, ...
    merged_events / count_merged_events / merged_event(id) (with mentions) / mentions(ids)
    quotes (speaker, actor) / casualties (kind, dates) / actors / actor_summary / places / times
    stories / story(id) (with articles) / story_of(article_id)
    events_per_day / fatalities_per_day / top_dyads      (overview aggregates)
Timelines and escalation series are computed in ``eventwire.corpus`` from these.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sqlalchemy import and_, create_engine, delete, event, func, insert, inspect, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from ..errors import EventwireError
from ..records import ArticleRecord
from . import schema
from .schema import ITEM_TABLES

log = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///eventwire.db"
_IN_CHUNK = 500  # ids per IN (...) query


class StoreError(EventwireError):
    """The database cannot be opened or used."""

    code = "E010"


# ------------------------------------------------------------------ URLs


def normalize_url(url: str | Path | None) -> str:
    """A SQLAlchemy URL from what a user types: a file path, sqlite:///..., postgresql://..."""
    if url is None or str(url).strip() == "":
        return DEFAULT_URL
    text = str(url).strip()
    if text.startswith("postgres://"):
        text = "postgresql://" + text[len("postgres://"):]
    if text.startswith("postgresql://"):
        return "postgresql+psycopg://" + text[len("postgresql://"):]
    if "://" in text:
        return text
    return "sqlite:///" + text  # a plain file path


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across a killed process in WAL mode
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def migrations_dir() -> Path:
    return Path(str(resources.files("eventwire.store") / "migrations"))


# ------------------------------------------------------------------ records <-> rows


def flatten(data: dict, prefix: str = "") -> dict:
    """Nested objects become ``parent_child`` keys; lists are left out (they have their own tables)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "_"))
        elif not isinstance(value, list):
            flat[name] = value
    return flat


_FULL_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def event_day(event_date: str | None, article_date: str | None) -> str | None:
    """The calendar day an event is filed under: its own date when it is a full day, else the article's."""
    if event_date and _FULL_DAY.match(event_date[:10]) and (len(event_date) == 10 or event_date[10] == "T"):
        return event_date[:10]
    return article_date


_COLUMN_NAMES: dict[str, list[str]] = {}


def _rows_for(table, items: Sequence[dict], article_id: str, extra=None) -> list[dict]:
    """Rows of an item table from the items' JSON dumps."""
    names = _COLUMN_NAMES.get(table.name)
    if names is None:
        names = _COLUMN_NAMES[table.name] = [c for c in table.c.keys() if c not in ("id", "article_id", "idx", "data")]
    rows = []
    for position, data in enumerate(items):
        flat = flatten(data)
        row = {name: flat.get(name) for name in names}
        row.update(article_id=article_id, idx=position, data=data)
        if extra:
            extra(row, data)
        rows.append(row)
    return rows


_ARTICLE_COLUMNS = ("id", "title", "url", "source", "date", "text", "schema_version", "fatalities", "warnings")


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    """An event database at ``url`` (default: ``eventwire.db`` in the current folder)."""

    def __init__(self, url: str | Path | None = None, *, migrate: bool = True, echo: bool = False):
        self.url = normalize_url(url)
        try:
            self.engine: Engine = create_engine(self.url, echo=echo)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open database {self.url!r}: {exc}") from None
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._article_insert = self._insert_ignore(schema.articles)
        self._item_inserts = {field: insert(table) for field, table in ITEM_TABLES.items()}
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ schema

    def _alembic_config(self, connection: Connection):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        config.attributes["connection"] = connection
        return config

    def migrate(self, revision: str = "head", *, create_all: bool = True) -> None:
        """Bring the schema to ``revision`` (Alembic).

        A new database gets the head schema created directly and stamped
        (unless ``create_all`` is False, which replays every migration).
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        try:
            with self.engine.begin() as connection:
                config = self._alembic_config(connection)
                if revision == "head":
                    current = MigrationContext.configure(connection).get_current_revision()
                    if current == ScriptDirectory.from_config(config).get_current_head():
                        return
                    if create_all and current is None and not inspect(connection).has_table("articles"):
                        # a new database: create the head schema at once and record it (Alembic's create_all + stamp)
                        schema.metadata.create_all(connection)
                        command.stamp(config, "head")
                        return
                command.upgrade(config, revision)
        except EventwireError:
            raise
        except Exception as exc:
            raise StoreError(f"cannot open or migrate database {self!r}: {type(exc).__name__}: {exc}") from exc

    def schema_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    # ------------------------------------------------------------ writing

    def _insert_ignore(self, table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:  # pragma: no cover - other databases are not supported
            return None
        return dialect_insert(table).on_conflict_do_nothing(index_elements=["id"]).returning(table.c.id)

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are already stored."""
        ids = [i for i in dict.fromkeys(ids) if i]
        found: set[str] = set()
        with self.engine.connect() as connection:
            for start in range(0, len(ids), _IN_CHUNK):
                chunk = ids[start:start + _IN_CHUNK]
                found.update(connection.execute(select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))).scalars())
        return found

    def add_record(self, record: ArticleRecord) -> int:
        """Store one article and everything extracted from it, in one transaction.

        Returns the number of rows written: 0 when the article was already
        stored (nothing is changed) or is an error record.
        """
        if record.error or not record.id:
            return 0
        try:
            with self.engine.begin() as connection:
                return self._write_record(connection, record)
        except (DataError, IntegrityError) as exc:
            raise StoreError(f"article {record.id} not stored: {type(exc.orig).__name__}: {exc.orig}") from exc

    def add_records(self, records: Iterable[ArticleRecord]) -> int:
        """Each article in its own transaction; returns the rows written."""
        return sum(self.add_record(record) for record in records)

    def _write_record(self, connection: Connection, record: ArticleRecord) -> int:
        dump = record.model_dump(mode="json")
        article = {name: dump.get(name) for name in _ARTICLE_COLUMNS}
        article["n_events"] = len(record.events)
        skip = set(_ARTICLE_COLUMNS) | set(ITEM_TABLES) | {"error"}
        article["data"] = {k: v for k, v in dump.items() if k not in skip}
        article["ingested_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        statement = self._article_insert
        if statement is None:
            if connection.execute(select(schema.articles.c.id).where(schema.articles.c.id == record.id)).first():
                return 0
            statement = insert(schema.articles)
        result = connection.execute(statement, article)
        if result.returns_rows and result.first() is None:
            return 0  # already stored (by this run or another process)
        written = 1
        article_date = record.date
        for field, table in ITEM_TABLES.items():
            items = dump.get(field)
            if not items:
                continue
            extra = None
            if field == "events":
                def extra(row, data):
                    row["cameo_root"] = (data.get("cameo") or "")[:2] or None
                    row["day"] = event_day(data.get("date"), article_date)
            elif field == "casualties":
                def extra(row, data):
                    row["day"] = article_date
            rows = _rows_for(table, items, record.id, extra)
            connection.execute(self._item_inserts[field], rows)
            written += len(rows)
        return written

    def delete_article(self, article_id: str) -> bool:
        with self.engine.begin() as connection:
            for table in ITEM_TABLES.values():
                connection.execute(delete(table).where(table.c.article_id == article_id))
            connection.execute(delete(schema.story_articles).where(schema.story_articles.c.article_id == article_id))
            return connection.execute(delete(schema.articles).where(schema.articles.c.id == article_id)).rowcount > 0

    def clear(self) -> None:
        """Delete every row (the schema stays)."""
        with self.engine.begin() as connection:
            for table in reversed(schema.metadata.sorted_tables):
                connection.execute(delete(table))

    def replace_corpus(self, merged: list[dict], mentions: list[tuple[int, int]],
                       stories: list[dict] | None = None, story_articles: list[tuple[int, str]] | None = None) -> None:
        """Replace the corpus-analysis tables (merged events, stories) in one transaction."""
        with self.engine.begin() as connection:
            connection.execute(delete(schema.merged_mentions))
            connection.execute(delete(schema.merged_events))
            if stories is not None:
                connection.execute(delete(schema.story_articles))
                connection.execute(delete(schema.stories))
                if stories:
                    connection.execute(insert(schema.stories), stories)
                if story_articles:
                    connection.execute(insert(schema.story_articles),
                                       [{"story_id": s, "article_id": a} for s, a in story_articles])
            if merged:
                names = set(schema.merged_events.c.keys())
                connection.execute(insert(schema.merged_events), [{k: m.get(k) for k in names} for m in merged])
            if mentions:
                connection.execute(insert(schema.merged_mentions), [{"merged_id": m, "event_id": e} for m, e in mentions])

    # ------------------------------------------------------------ reading: helpers

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def _all(self, statement) -> list[dict]:
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(statement)]

    def _count(self, table, where) -> int:
        statement = select(func.count()).select_from(table)
        if where is not None:
            statement = statement.where(where)
        with self.engine.connect() as connection:
            return int(connection.execute(statement).scalar_one())

    @staticmethod
    def _page(statement, limit: int | None, offset: int | None):
        if limit is not None:
            statement = statement.limit(max(0, int(limit)))
        if offset:
            statement = statement.offset(max(0, int(offset)))
        return statement

    @staticmethod
    def _actor_clause(table, prefix: str, value: str):
        """An actor given as a CAMEO code or prefix (ISR, ISRGOV), an ISO3 country, or a name."""
        value = value.strip()
        code, country, name = (table.c[f"{prefix}_{part}"] for part in ("code", "country", "name"))
        return or_(
            code.like(_escape_like(value.upper()) + "%", escape="\\"),
            country == value.upper(),
            func.lower(name) == value.lower(),
        )

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: self._count(table, None) for name, table in schema.metadata.tables.items()}

    # ------------------------------------------------------------ articles

    def _article_where(self, *, source=None, date_from=None, date_to=None, story_id=None, q=None, ids=None):
        t = schema.articles
        clauses = []
        if source:
            clauses.append(t.c.source == source)
        if date_from:
            clauses.append(t.c.date >= date_from)
        if date_to:
            clauses.append(t.c.date <= date_to)
        if q:
            pattern = "%" + _escape_like(q.lower()) + "%"
            clauses.append(or_(func.lower(t.c.title).like(pattern, escape="\\"), func.lower(t.c.text).like(pattern, escape="\\")))
        if story_id is not None:
            clauses.append(t.c.id.in_(select(schema.story_articles.c.article_id).where(schema.story_articles.c.story_id == story_id)))
        if ids is not None:
            clauses.append(t.c.id.in_(list(ids)))
        return and_(*clauses) if clauses else None

    def articles(self, *, source: str | None = None, date_from: str | None = None, date_to: str | None = None,
                 story_id: int | None = None, q: str | None = None, with_text: bool = False,
                 limit: int | None = 50, offset: int = 0) -> list[dict]:
        """Articles (without their text unless ``with_text``), newest first."""
        t = schema.articles
        columns = [c for c in t.c if with_text or c.name != "text"]
        statement = select(*columns)
        where = self._article_where(source=source, date_from=date_from, date_to=date_to, story_id=story_id, q=q)
        if where is not None:
            statement = statement.where(where)
        statement = statement.order_by(t.c.date.desc(), t.c.id)
        return self._all(self._page(statement, limit, offset))

    def count_articles(self, **filters) -> int:
        filters.pop("with_text", None)
        return self._count(schema.articles, self._article_where(**filters))

    def article(self, article_id: str) -> dict | None:
        rows = self._all(select(schema.articles).where(schema.articles.c.id == article_id))
        return rows[0] if rows else None

    def article_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.execute(select(schema.articles.c.id).order_by(schema.articles.c.id)).scalars())

    def record(self, article_id: str) -> ArticleRecord | None:
        """The full ArticleRecord as it was stored."""
        records = self._records([article_id])
        return records[0] if records else None

    def iter_records(self, batch_size: int = 200) -> Iterator[ArticleRecord]:
        """Every stored record, ordered by date then id."""
        t = schema.articles
        with self.engine.connect() as connection:
            ids = list(connection.execute(select(t.c.id).order_by(t.c.date, t.c.id)).scalars())
        for start in range(0, len(ids), batch_size):
            yield from self._records(ids[start:start + batch_size])

    def _records(self, ids: list[str]) -> list[ArticleRecord]:
        if not ids:
            return []
        with self.engine.connect() as connection:
            articles = {row.id: dict(row._mapping) for row in connection.execute(select(schema.articles).where(schema.articles.c.id.in_(ids)))}
            items: dict[str, dict[str, list]] = {i: {f: [] for f in ITEM_TABLES} for i in articles}
            for field, table in ITEM_TABLES.items():
                statement = select(table.c.article_id, table.c.data).where(table.c.article_id.in_(ids)).order_by(table.c.article_id, table.c.idx)
                for article_id, data in connection.execute(statement):
                    items[article_id][field].append(data)
        records = []
        for article_id in ids:
            if article_id not in articles:
                continue
            row = articles[article_id]
            fields = dict(row.get("data") or {})
            fields.update({name: row[name] for name in _ARTICLE_COLUMNS})
            fields["warnings"] = fields.get("warnings") or []
            fields.update(items[article_id])
            records.append(ArticleRecord.model_validate(fields))
        return records

    # ------------------------------------------------------------ events

    def _dyad_place_time_clauses(self, t, *, actor, dyad, country, cameo, quad_class, date_from, date_to, bbox) -> list:
        """Filters shared by event mentions and merged events (both tables have these columns)."""
        clauses = []
        if actor:
            clauses.append(or_(self._actor_clause(t, "source", actor), self._actor_clause(t, "target", actor)))
        if dyad:
            a, b = dyad
            clauses.append(or_(
                and_(self._actor_clause(t, "source", a), self._actor_clause(t, "target", b)),
                and_(self._actor_clause(t, "source", b), self._actor_clause(t, "target", a)),
            ))
        if country:
            c = country.upper()
            clauses.append(or_(t.c.place_country == c, t.c.source_country == c, t.c.target_country == c))
        if cameo:
            codes = [cameo] if isinstance(cameo, str) else list(cameo)
            clauses.append(or_(*(t.c.cameo.like(_escape_like(code) + "%", escape="\\") for code in codes)))
        if quad_class:
            quads = [quad_class] if isinstance(quad_class, int) else [int(q) for q in quad_class]
            clauses.append(t.c.quad_class.in_(quads))
        if date_from:
            clauses.append(t.c.day >= date_from)
        if date_to:
            clauses.append(t.c.day <= date_to)
        if bbox:
            west, south, east, north = (float(v) for v in bbox)
            clauses.append(and_(t.c.place_lat >= south, t.c.place_lat <= north, t.c.place_lon >= west, t.c.place_lon <= east))
        return clauses

    def _event_where(self, *, article_id=None, actor=None, source_actor=None, target_actor=None, dyad=None,
                     country=None, cameo=None, quad_class=None, plover_type=None, acled_event_type=None,
                     date_from=None, date_to=None, bbox=None, modality=None, source=None, ids=None, table=None):
        t = schema.events if table is None else table
        clauses = self._dyad_place_time_clauses(t, actor=actor, dyad=dyad, country=country, cameo=cameo,
                                                quad_class=quad_class, date_from=date_from, date_to=date_to, bbox=bbox)
        if article_id:
            clauses.append(t.c.article_id == article_id)
        if source_actor:
            clauses.append(self._actor_clause(t, "source", source_actor))
        if target_actor:
            clauses.append(self._actor_clause(t, "target", target_actor))
        if plover_type:
            clauses.append(func.upper(t.c.plover_type) == plover_type.upper())
        if acled_event_type:
            clauses.append(func.lower(t.c.acled_event_type) == acled_event_type.lower())
        if modality:
            clauses.append(t.c.modality == modality)
        if source:
            clauses.append(t.c.article_id.in_(select(schema.articles.c.id).where(schema.articles.c.source == source)))
        if ids is not None:
            clauses.append(t.c.id.in_(list(ids)))
        return and_(*clauses) if clauses else None

    def events(self, *, limit: int | None = 50, offset: int = 0, with_article: bool = True, **filters) -> list[dict]:
        """Events (one row per mention in an article), filtered.

        Filters: article_id, actor (either side), source_actor, target_actor,
        dyad=(A, B) (either direction), country (place or either actor),
        cameo (code or prefix, or a list), quad_class (int or list),
        plover_type, acled_event_type, date_from/date_to (ISO days, inclusive),
        bbox=(west, south, east, north), modality, source (outlet).
        With ``with_article`` each row has the article's date, source, title and url.
        """
        t, a = schema.events, schema.articles
        if with_article:
            statement = select(t, a.c.date.label("article_date"), a.c.source.label("article_source"),
                               a.c.title.label("article_title"), a.c.url.label("article_url")).join(a, a.c.id == t.c.article_id)
        else:
            statement = select(t)
        where = self._event_where(**filters)
        if where is not None:
            statement = statement.where(where)
        statement = statement.order_by(t.c.day, t.c.article_id, t.c.idx)
        return self._all(self._page(statement, limit, offset))

    def count_events(self, **filters) -> int:
        return self._count(schema.events, self._event_where(**filters))

    # ------------------------------------------------------------ other items

    def _items(self, table, clauses, limit, offset, order=None):
        a = schema.articles
        statement = select(table, a.c.date.label("article_date"), a.c.source.label("article_source"),
                           a.c.title.label("article_title")).join(a, a.c.id == table.c.article_id)
        if clauses:
            statement = statement.where(and_(*clauses))
        statement = statement.order_by(*(order or [a.c.date, table.c.article_id, table.c.idx]))
        return self._all(self._page(statement, limit, offset))

    def _quote_clauses(self, *, article_id=None, speaker=None, actor=None, date_from=None, date_to=None, kind=None):
        t, a = schema.quotes, schema.articles
        clauses = []
        if article_id:
            clauses.append(t.c.article_id == article_id)
        if speaker:
            pattern = "%" + _escape_like(speaker.lower()) + "%"
            clauses.append(or_(func.lower(t.c.speaker_name).like(pattern, escape="\\"),
                               func.lower(t.c.speaker_text).like(pattern, escape="\\")))
        if actor:
            clauses.append(or_(self._actor_clause(t, "speaker_actor", actor),
                               func.upper(t.c.on_behalf_of) == actor.upper()))
        if kind:
            clauses.append(t.c.kind == kind)
        if date_from:
            clauses.append(t.c.article_id.in_(select(a.c.id).where(a.c.date >= date_from)))
        if date_to:
            clauses.append(t.c.article_id.in_(select(a.c.id).where(a.c.date <= date_to)))
        return clauses

    def quotes(self, *, limit: int | None = 50, offset: int = 0, **filters) -> list[dict]:
        """Quotes; filters: article_id, speaker (part of the name), actor (code/country/name), kind, date_from, date_to."""
        return self._items(schema.quotes, self._quote_clauses(**filters), limit, offset)

    def count_quotes(self, **filters) -> int:
        clauses = self._quote_clauses(**filters)
        return self._count(schema.quotes, and_(*clauses) if clauses else None)

    def _casualty_clauses(self, *, article_id=None, kind=None, date_from=None, date_to=None, min_count=None):
        t = schema.casualties
        clauses = []
        if article_id:
            clauses.append(t.c.article_id == article_id)
        if kind:
            clauses.append(t.c.kind == kind)
        if date_from:
            clauses.append(t.c.day >= date_from)
        if date_to:
            clauses.append(t.c.day <= date_to)
        if min_count is not None:
            clauses.append(t.c.count >= int(min_count))
        return clauses

    def casualties(self, *, limit: int | None = 50, offset: int = 0, **filters) -> list[dict]:
        """Casualty reports; filters: article_id, kind (killed/injured), date_from, date_to, min_count."""
        return self._items(schema.casualties, self._casualty_clauses(**filters), limit, offset)

    def count_casualties(self, **filters) -> int:
        clauses = self._casualty_clauses(**filters)
        return self._count(schema.casualties, and_(*clauses) if clauses else None)

    def actors(self, *, article_id: str | None = None, code: str | None = None, name: str | None = None,
               country: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict]:
        t = schema.actors
        clauses = []
        if article_id:
            clauses.append(t.c.article_id == article_id)
        if code:
            clauses.append(t.c.code.like(_escape_like(code.upper()) + "%", escape="\\"))
        if name:
            clauses.append(func.lower(t.c.name) == name.lower())
        if country:
            clauses.append(t.c.country == country.upper())
        return self._items(t, clauses, limit, offset)

    def actor_summary(self, *, limit: int | None = 50, offset: int = 0) -> list[dict]:
        """Distinct actors (by code and name) with how many articles mention them, most mentioned first."""
        t = schema.actors
        n = func.count(func.distinct(t.c.article_id)).label("articles")
        statement = (select(t.c.code, t.c.name, t.c.country, t.c.kind, n)
                     .group_by(t.c.code, t.c.name, t.c.country, t.c.kind).order_by(n.desc(), t.c.name))
        return self._all(self._page(statement, limit, offset))

    def places(self, *, article_id: str | None = None, country: str | None = None,
               limit: int | None = 50, offset: int = 0) -> list[dict]:
        t = schema.places
        clauses = []
        if article_id:
            clauses.append(t.c.article_id == article_id)
        if country:
            clauses.append(t.c.country == country.upper())
        return self._items(t, clauses, limit, offset)

    def times(self, *, article_id: str | None = None, limit: int | None = 50, offset: int = 0) -> list[dict]:
        t = schema.times
        return self._items(t, [t.c.article_id == article_id] if article_id else [], limit, offset)

    def items(self, article_id: str) -> dict[str, list[dict]]:
        """Everything extracted from one article, by kind, in record order (for highlighting)."""
        out = {}
        with self.engine.connect() as connection:
            for field, table in ITEM_TABLES.items():
                statement = select(table).where(table.c.article_id == article_id).order_by(table.c.idx)
                out[field] = [dict(row._mapping) for row in connection.execute(statement)]
        return out

    # ------------------------------------------------------------ merged events

    def _merged_where(self, *, actor=None, dyad=None, country=None, cameo=None, quad_class=None, date_from=None,
                      date_to=None, bbox=None, min_sources=None, story_id=None, ids=None):
        t = schema.merged_events
        clauses = self._dyad_place_time_clauses(t, actor=actor, dyad=dyad, country=country, cameo=cameo,
                                                quad_class=quad_class, date_from=date_from, date_to=date_to, bbox=bbox)
        if min_sources:
            clauses.append(t.c.num_sources >= int(min_sources))
        if story_id is not None:
            clauses.append(t.c.story_id == story_id)
        if ids is not None:
            clauses.append(t.c.id.in_(list(ids)))
        return and_(*clauses) if clauses else None

    def merged_events(self, *, limit: int | None = 50, offset: int = 0, order: str = "day", **filters) -> list[dict]:
        """Merged (cross-source) events. Filters as ``events`` plus min_sources, story_id.

        ``order``: "day" (by day, best supported first within a day) or "support".
        """
        t = schema.merged_events
        statement = select(t)
        where = self._merged_where(**filters)
        if where is not None:
            statement = statement.where(where)
        support = [t.c.num_sources.desc(), t.c.num_mentions.desc(), t.c.confidence.desc(), t.c.id]
        statement = statement.order_by(*([t.c.day] + support if order == "day" else support))
        return self._all(self._page(statement, limit, offset))

    def count_merged_events(self, **filters) -> int:
        return self._count(schema.merged_events, self._merged_where(**filters))

    def merged_event(self, merged_id: int) -> dict | None:
        """One merged event with its ``mentions``: the event rows with their article's source, title, url."""
        rows = self._all(select(schema.merged_events).where(schema.merged_events.c.id == merged_id))
        if not rows:
            return None
        merged = rows[0]
        merged["mentions"] = self.mentions([merged_id])[merged_id]
        return merged

    def mentions(self, merged_ids: Sequence[int]) -> dict[int, list[dict]]:
        """The mentions of several merged events at once."""
        e, a, m = schema.events, schema.articles, schema.merged_mentions
        out: dict[int, list[dict]] = {i: [] for i in merged_ids}
        ids = list(merged_ids)
        for start in range(0, len(ids), _IN_CHUNK):
            statement = (
                select(m.c.merged_id, e.c.id, e.c.article_id, e.c.idx, e.c.cameo, e.c.day, e.c.evidence_start, e.c.evidence_end,
                       e.c.evidence_text, e.c.confidence, a.c.source, a.c.title, a.c.url, a.c.date)
                .join(e, e.c.id == m.c.event_id).join(a, a.c.id == e.c.article_id)
                .where(m.c.merged_id.in_(ids[start:start + _IN_CHUNK])).order_by(a.c.date, a.c.source, e.c.id)
            )
            for row in self._all(statement):
                out[row.pop("merged_id")].append(row)
        return out

    # ------------------------------------------------------------ aggregates (for overviews)

    def events_per_day(self, *, merged: bool = True, **filters) -> list[dict]:
        """[{day, quad_class, events}] counting merged events (or, with ``merged=False``, every mention)."""
        if merged:
            t, where = schema.merged_events, self._merged_where(**filters)
        else:
            t, where = schema.events, self._event_where(**filters)
        n = func.count().label("events")
        statement = select(t.c.day, t.c.quad_class, n).group_by(t.c.day, t.c.quad_class).order_by(t.c.day, t.c.quad_class)
        if where is not None:
            statement = statement.where(where)
        return self._all(statement)

    def fatalities_per_day(self, **filters) -> list[dict]:
        """[{day, killed, injured}] from the merged events' conservative figures."""
        t = schema.merged_events
        statement = (select(t.c.day, func.coalesce(func.sum(t.c.killed), 0).label("killed"),
                            func.coalesce(func.sum(t.c.injured), 0).label("injured"))
                     .group_by(t.c.day).order_by(t.c.day))
        where = self._merged_where(**filters)
        if where is not None:
            statement = statement.where(where)
        return self._all(statement)

    def top_dyads(self, *, limit: int | None = 10, **filters) -> list[dict]:
        """[{source, target, events, mentions}] the most active (source -> target) country-level dyads."""
        t = schema.merged_events
        source = func.coalesce(t.c.source_country, func.substr(t.c.source_code, 1, 3)).label("source")
        target = func.coalesce(t.c.target_country, func.substr(t.c.target_code, 1, 3)).label("target")
        n = func.count().label("events")
        statement = (select(source, target, n, func.sum(t.c.num_mentions).label("mentions"))
                     .where(source.isnot(None), target.isnot(None))
                     .group_by(source, target).order_by(n.desc(), source, target))
        where = self._merged_where(**filters)
        if where is not None:
            statement = statement.where(where)
        return self._all(self._page(statement, limit, 0))

    # ------------------------------------------------------------ stories

    def stories(self, *, limit: int | None = 50, offset: int = 0, date_from: str | None = None,
                date_to: str | None = None) -> list[dict]:
        """Stories, the largest first."""
        t = schema.stories
        statement = select(t)
        if date_from:
            statement = statement.where(t.c.last_day >= date_from)
        if date_to:
            statement = statement.where(t.c.first_day <= date_to)
        statement = statement.order_by(t.c.num_articles.desc(), t.c.first_day, t.c.id)
        return self._all(self._page(statement, limit, offset))

    def count_stories(self) -> int:
        return self._count(schema.stories, None)

    def story(self, story_id: int) -> dict | None:
        """One story with its ``articles`` (oldest first)."""
        rows = self._all(select(schema.stories).where(schema.stories.c.id == story_id))
        if not rows:
            return None
        story = rows[0]
        a = schema.articles
        story["articles"] = self._all(
            select(a.c.id, a.c.title, a.c.source, a.c.date, a.c.url, a.c.fatalities)
            .where(self._article_where(story_id=story_id)).order_by(a.c.date, a.c.source, a.c.id)
        )
        return story

    def story_of(self, article_id: str) -> int | None:
        t = schema.story_articles
        with self.engine.connect() as connection:
            return connection.execute(select(t.c.story_id).where(t.c.article_id == article_id)).scalar()

    # ------------------------------------------------------------ inputs for corpus analysis

    def event_rows(self, **filters) -> list[dict]:
        """All matching events with the columns the corpus analysis needs (no JSON)."""
        t, a = schema.events, schema.articles
        columns = [c for c in t.c if c.name != "data"]
        statement = select(*columns, a.c.date.label("article_date"), a.c.source.label("article_source")).join(a, a.c.id == t.c.article_id)
        where = self._event_where(**filters)
        if where is not None:
            statement = statement.where(where)
        return self._all(statement.order_by(t.c.day, t.c.article_id, t.c.idx))

    def casualty_rows(self) -> list[dict]:
        t, a = schema.casualties, schema.articles
        columns = [c for c in t.c if c.name != "data"]
        statement = select(*columns, a.c.source.label("article_source")).join(a, a.c.id == t.c.article_id)
        return self._all(statement.order_by(t.c.article_id, t.c.idx))

    def story_inputs(self) -> list[dict]:
        """Per article: id, date, source, title, the opening of the text, and its actor and place names."""
        a = schema.articles
        rows = self._all(select(a.c.id, a.c.date, a.c.source, a.c.title, func.substr(a.c.text, 1, 600).label("lead"))
                         .order_by(a.c.date, a.c.id))
        entities: dict[str, set] = {row["id"]: set() for row in rows}
        with self.engine.connect() as connection:
            for table, columns in ((schema.actors, ("code", "name")), (schema.places, ("name", "country"))):
                for row in connection.execute(select(table.c.article_id, *(table.c[c] for c in columns))):
                    bag = entities.get(row[0])
                    if bag is not None:
                        bag.update(str(v).lower() for v in row[1:] if v)
        for row in rows:
            row["entities"] = entities[row["id"]]
        return rows
