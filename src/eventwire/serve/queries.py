"""Read queries the dashboard needs beyond ``Store``'s list methods: daily aggregates, dyads, profiles.

Built on ``Store.connect()`` and the schema tables with SQLAlchemy
expressions (bound parameters only); everything returns plain dicts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import and_, case, func, literal, select

from ..store import schema


def _country(table, side: str):
    """An actor side's country: its ISO3 column, else the first three letters of its code."""
    return func.coalesce(table.c[f"{side}_country"], func.substr(table.c[f"{side}_code"], 1, 3))


def _rows(store, statement) -> list[dict]:
    with store.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(statement)]


def calendar(first: str | None, last: str | None, max_days: int = 400) -> list[str]:
    """Every day from ``first`` to ``last`` (the last ``max_days`` of them at most)."""
    if not first or not last:
        return []
    try:
        start, end = dt.date.fromisoformat(first[:10]), dt.date.fromisoformat(last[:10])
    except ValueError:
        return []
    days = [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    return days[-max_days:]


def daily_counts(store, *, date_from=None, date_to=None, story_id=None) -> dict:
    """Per day, from merged events (each real-world event once): events by quad class, killed, injured."""
    t = schema.merged_events
    clauses = [t.c.day.isnot(None)]
    if date_from:
        clauses.append(t.c.day >= date_from)
    if date_to:
        clauses.append(t.c.day <= date_to)
    if story_id is not None:
        clauses.append(t.c.story_id == story_id)
    statement = (select(t.c.day, t.c.quad_class, func.count().label("n"),
                        func.sum(func.coalesce(t.c.killed, 0)).label("killed"),
                        func.sum(func.coalesce(t.c.injured, 0)).label("injured"))
                 .where(and_(*clauses)).group_by(t.c.day, t.c.quad_class).order_by(t.c.day))
    quads: dict[str, dict[int, int]] = defaultdict(dict)
    killed: Counter = Counter()
    injured: Counter = Counter()
    for row in _rows(store, statement):
        if row["quad_class"] in (1, 2, 3, 4):
            quads[row["day"]][row["quad_class"]] = int(row["n"])
        killed[row["day"]] += int(row["killed"] or 0)
        injured[row["day"]] += int(row["injured"] or 0)
    known = sorted(set(quads) | set(killed))
    days = calendar(known[0], known[-1]) if known else []
    return {
        "days": days,
        "quad": {d: quads.get(d, {}) for d in days},
        "killed": {d: killed.get(d, 0) for d in days},
        "injured": {d: injured.get(d, 0) for d in days},
    }


def top_dyads(store, *, limit: int = 10, date_from=None, date_to=None) -> list[dict]:
    """Most active country dyads (either direction) among merged events: events, conflict events, killed."""
    t = schema.merged_events
    a, b = _country(t, "source").label("a"), _country(t, "target").label("b")
    conflict = func.sum(case((t.c.quad_class >= 3, 1), else_=0)).label("conflict")
    clauses = [a.isnot(None), b.isnot(None)]
    if date_from:
        clauses.append(t.c.day >= date_from)
    if date_to:
        clauses.append(t.c.day <= date_to)
    statement = (select(a, b, func.count().label("events"), conflict,
                        func.sum(func.coalesce(t.c.killed, literal(0))).label("killed"),
                        func.max(t.c.day).label("last_day"))
                 .where(and_(*clauses)).group_by(a, b))
    merged: dict[tuple[str, str], dict] = {}
    for row in _rows(store, statement):
        if not row["a"] or not row["b"] or row["a"] == row["b"]:
            continue
        key = tuple(sorted((row["a"], row["b"])))
        slot = merged.setdefault(key, {"dyad": "-".join(key), "a": key[0], "b": key[1], "events": 0, "conflict": 0,
                                       "killed": 0, "last_day": None})
        slot["events"] += int(row["events"])
        slot["conflict"] += int(row["conflict"] or 0)
        slot["killed"] += int(row["killed"] or 0)
        slot["last_day"] = max(filter(None, [slot["last_day"], row["last_day"]]), default=None)
    return sorted(merged.values(), key=lambda d: (-d["events"], -d["killed"], d["dyad"]))[:limit]


def story_casualties(store, story_id: int) -> list[dict]:
    """Every casualty figure reported in a story's articles, oldest first, with its source."""
    c, a, sa = schema.casualties, schema.articles, schema.story_articles
    statement = (select(c.c.article_id, c.c.kind, c.c.count, c.c.qualifier, c.c.victims, c.c.cumulative, c.c.evidence_text,
                        c.c.day, a.c.source, a.c.title, a.c.date)
                 .join(a, a.c.id == c.c.article_id).join(sa, sa.c.article_id == c.c.article_id)
                 .where(sa.c.story_id == story_id).order_by(a.c.date, a.c.source, c.c.idx))
    return _rows(store, statement)


def reported_figures(rows: list[dict]) -> dict:
    """Per day and kind, the lowest and highest figure reported (sub-counts of a breakdown included)."""
    out: dict[str, dict[str, dict]] = {}
    for row in rows:
        day = row.get("day") or row.get("date")
        if not day or row.get("count") is None:
            continue
        slot = out.setdefault(day, {}).setdefault(row["kind"], {"min": row["count"], "max": row["count"], "reports": 0})
        slot["min"] = min(slot["min"], row["count"])
        slot["max"] = max(slot["max"], row["count"])
        slot["reports"] += 1
    return dict(sorted(out.items()))


def actor_matches(store, actor: str, limit: int = 10) -> list[dict]:
    """The distinct actors (name, code, country) an actor query matches, most mentioned first."""
    t = schema.actors
    value = actor.strip()
    like = value.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    clause = (t.c.code.like(like, escape="\\")) | (t.c.country == value.upper()) | (func.lower(t.c.name) == value.lower())
    n = func.count(func.distinct(t.c.article_id)).label("articles")
    statement = (select(t.c.name, t.c.code, t.c.country, t.c.kind, t.c.role, n).where(clause)
                 .group_by(t.c.name, t.c.code, t.c.country, t.c.kind, t.c.role).order_by(n.desc(), t.c.name).limit(limit))
    return _rows(store, statement)


def counterpart_summary(events: list[dict], side: str) -> list[dict]:
    """Events grouped by the other side and CAMEO root: who did what to whom, how often."""
    from ..corpus.timeline import describe

    counter: Counter = Counter()
    for ev in events:
        other = ev.get(f"{side}_name") or ev.get(f"{side}_code") or "?"
        counter[(other, ev.get(f"{side}_code"), (ev.get("cameo") or "")[:2])] += 1
    return [{"actor": who, "code": code, "cameo_root": root, "action": describe(root), "events": n}
            for (who, code, root), n in counter.most_common(20)]


def latest_days(store) -> tuple[str | None, str | None]:
    t = schema.articles
    with store.connect() as connection:
        row = connection.execute(select(func.min(t.c.date), func.max(t.c.date))).first()
    return (row[0], row[1]) if row else (None, None)


def data_version(store) -> tuple:
    """Something that changes whenever the data does (for response caching): row counts and the last ingest."""
    a, m = schema.articles, schema.merged_events
    with store.connect() as connection:
        articles = connection.execute(select(func.count(), func.max(a.c.ingested_at))).first()
        merged = connection.execute(select(func.count(), func.max(m.c.id))).first()
    return tuple(articles) + tuple(merged)


def place_fallbacks(store, merged_ids: list[int]) -> dict[int, dict]:
    """For merged events without a place of their own: a located place from one of their mentions.

    A place named inside the event's evidence sentence is preferred
    (``located_by="sentence"``); else the article's first located place below
    country level (``"article"``). Countries are used only when nothing finer is named.
    """
    if not merged_ids:
        return {}
    m, e, p = schema.merged_mentions, schema.events, schema.places
    out: dict[int, tuple] = {}
    for start in range(0, len(merged_ids), 500):
        chunk = merged_ids[start:start + 500]
        statement = (select(m.c.merged_id, e.c.evidence_start, e.c.evidence_end, p.c.start, p.c.lat, p.c.lon, p.c.name,
                            p.c.country, p.c.feature_class)
                     .join(e, e.c.id == m.c.event_id).join(p, p.c.article_id == e.c.article_id)
                     .where(m.c.merged_id.in_(chunk), p.c.lat.isnot(None), p.c.lon.isnot(None)))
        for row in _rows(store, statement):
            inside = row["evidence_start"] is not None and row["evidence_start"] <= row["start"] < (row["evidence_end"] or 0)
            rank = (0 if inside else 2) + (1 if row["feature_class"] == "country" else 0), row["start"]
            best = out.get(row["merged_id"])
            if best is None or rank < best[0]:
                out[row["merged_id"]] = (rank, row)
    return {mid: {"place_lat": row["lat"], "place_lon": row["lon"], "place_name": row["name"], "place_country": row["country"],
                  "located_by": "sentence" if rank[0] < 2 else "article"} for mid, (rank, row) in out.items()}


def recent_window(store, days: int = 30) -> tuple[str | None, str | None]:
    """The last ``days`` days that have merged events (the overview's default range)."""
    t = schema.merged_events
    with store.connect() as connection:
        last = connection.execute(select(func.max(t.c.day))).scalar()
    if not last:
        return None, None
    try:
        first = (dt.date.fromisoformat(last) - dt.timedelta(days=days - 1)).isoformat()
    except ValueError:
        return None, None
    return first, last


def events_page(store, *, limit: int, offset: int = 0, **filters) -> list[dict]:
    """``Store.events`` without the per-row JSON copy of the item (the API lists the columns): half the work per row.

    Uses the Store's own filter builder, so the filters mean exactly what they mean there.
    """
    e, a = schema.events, schema.articles
    columns = [c for c in e.c if c.name != "data"]
    statement = (select(*columns, a.c.date.label("article_date"), a.c.source.label("article_source"),
                        a.c.title.label("article_title"), a.c.url.label("article_url"))
                 .join(a, a.c.id == e.c.article_id))
    where = store._event_where(**filters)
    if where is not None:
        statement = statement.where(where)
    statement = statement.order_by(e.c.day, e.c.article_id, e.c.idx).limit(max(0, int(limit))).offset(max(0, int(offset)))
    return _rows(store, statement)
