"""Merging across sources: the same real-world event, told in several sentences and articles, becomes one.

Two event mentions are merged when they have the same dyad (source and target
at country level), the same CAMEO root, compatible places (same country, or
one of them without a place) and the same day; a mention that has no date of
its own (dated by its article) may also join an event up to ``window_days``
before. A mention missing one side joins the largest group whose known side
agrees (an outlet that wrote "shelling killed four" reports the same event as
one that named both armies). Like GDELT, a merged event counts its mentions, the
articles they come from and the distinct outlets (NumMentions, NumArticles,
NumSources). Casualty figures attached to its mentions are reconciled into a
range and a conservative value (the lowest figure any outlet gave, the ACLED
practice).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

SOURCE_WEIGHT = 0.6  # how much one independent outlet's report is worth (see ``confidence``)
NEARBY_CASUALTY_CHARS = 400  # an unlinked casualty figure attaches to a conflict event at most this far before it


@dataclass
class MergeOptions:
    window_days: int = 1
    modalities: tuple[str, ...] = ("asserted",)


def actor_key(code: str | None, country: str | None, name: str | None) -> str:
    """Country-level identity of an actor, so 'Pakistani troops' and 'Pakistan' merge."""
    if country:
        return country.upper()
    if code:
        return code[:3].upper()
    return (name or "").strip().lower()


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def confidence(per_source: list[float]) -> float:
    """Independent reports add up: 1 - prod(1 - w * c) over outlets (c = the outlet's best extraction confidence)."""
    remaining = 1.0
    for value in per_source:
        remaining *= 1.0 - SOURCE_WEIGHT * max(0.0, min(1.0, value))
    return round(1.0 - remaining, 3)


def reconcile(figures: list[tuple[str, str, int]]) -> tuple[int | None, int | None, int | None]:
    """(source, article, count) reports -> (min, max, conservative) over outlets.

    An article's figure is the largest it gives; an outlet's, the largest of
    its articles (tolls rise as reports come in); the conservative value is
    the lowest outlet figure.
    """
    if not figures:
        return None, None, None
    per_article: dict[tuple[str, str], int] = {}
    for source, article, count in figures:
        per_article[(source, article)] = max(count, per_article.get((source, article), 0))
    per_source: dict[str, int] = {}
    for (source, _), count in per_article.items():
        per_source[source] = max(count, per_source.get(source, 0))
    values = list(per_source.values())
    return min(values), max(values), min(values)


def _most_common(values, default=None):
    values = [v for v in values if v not in (None, "")]
    return Counter(values).most_common(1)[0][0] if values else default


def link_casualties(events: list[dict], casualties: list[dict]) -> dict[int, list[dict]]:
    """Event row id -> the casualty reports about it.

    A report names its event (``event`` = index in the article) when the
    extractor linked it; otherwise it goes to the event whose evidence holds it,
    else to the nearest material-conflict event shortly before it.
    """
    by_article: dict[str, list[dict]] = defaultdict(list)
    for row in events:
        by_article[row["article_id"]].append(row)
    linked: dict[int, list[dict]] = defaultdict(list)
    for report in casualties:
        if report.get("subset_of") is not None or report.get("cumulative") or report.get("count") is None:
            continue
        candidates = by_article.get(report["article_id"], [])
        target = None
        if report.get("event") is not None:
            target = next((e for e in candidates if e["idx"] == report["event"]), None)
        start = report.get("evidence_start") or 0
        if target is None:
            target = next((e for e in candidates
                           if (e.get("evidence_start") or 0) <= start < (e.get("evidence_end") or 0)), None)
        if target is None:
            before = [e for e in candidates if e.get("quad_class") == 4 and (e.get("evidence_end") or 0) <= start
                      and start - (e.get("evidence_end") or 0) <= NEARBY_CASUALTY_CHARS]
            target = max(before, key=lambda e: e.get("evidence_end") or 0, default=None)
        if target is not None:
            linked[target["id"]].append(report)
    return linked


def _same_event_day(anchor: dt.date, day: dt.date, row: dict, window_days: int) -> bool:
    """Same day; or, for a mention dated only by its article, up to ``window_days`` after the group's day
    (a report published the next morning about the day before)."""
    if day == anchor:
        return True
    own_date = (row.get("date") or "")[:10] == row.get("day")
    return not own_date and 0 < (day - anchor).days <= window_days


def _key(row: dict) -> tuple[str, str, str]:
    return (actor_key(row.get("source_code"), row.get("source_country"), row.get("source_name")),
            actor_key(row.get("target_code"), row.get("target_country"), row.get("target_name")),
            row["cameo"][:2])


def merge_events(events: list[dict], casualties: list[dict] = (), options: MergeOptions | None = None
                 ) -> tuple[list[dict], list[tuple[int, int]]]:
    """Event rows (``Store.event_rows()``) -> (merged events, (merged id, event id) mentions)."""
    options = options or MergeOptions()
    usable = [e for e in events if e.get("cameo") and (e.get("modality") or "asserted") in options.modalities
              and not e.get("negated") and _day(e.get("day")) is not None]
    usable.sort(key=lambda e: (e["day"], e["article_id"], e["idx"]))
    casualties_of = link_casualties(events, list(casualties))

    groups: list[dict] = []
    by_key: dict[tuple, list[dict]] = defaultdict(list)
    # mentions naming both sides first: they define the groups; mentions missing a side then join the
    # best matching group (same root, the known side agrees), or start their own
    keyed = [(_key(row), row) for row in usable]
    ordered = [kr for kr in keyed if kr[0][0] and kr[0][1]] + [kr for kr in keyed if not (kr[0][0] and kr[0][1])]
    for key, row in ordered:
        day = _day(row["day"])
        country = row.get("place_country")
        chosen = None
        candidates = by_key[key]
        if not (key[0] and key[1]):
            candidates = candidates + [g for k, gs in by_key.items() if k != key and k[2] == key[2]
                                       and (not key[0] or k[0] == key[0]) and (not key[1] or k[1] == key[1]) for g in gs]
        for group in sorted(candidates, key=lambda g: -len(g["rows"])):
            if not _same_event_day(group["first"], day, row, options.window_days):
                continue
            if country and group["countries"] and country not in group["countries"]:
                continue
            chosen = group
            break
        if chosen is None:
            chosen = {"rows": [], "first": day, "last": day, "countries": set()}
            by_key[key].append(chosen)
            groups.append(chosen)
        chosen["rows"].append(row)
        chosen["first"], chosen["last"] = min(chosen["first"], day), max(chosen["last"], day)
        if country:
            chosen["countries"].add(country)
    groups.sort(key=lambda g: (g["first"], min((r["article_id"], r["idx"]) for r in g["rows"])))

    merged, mentions = [], []
    for number, group in enumerate(groups, 1):
        merged.append(_summarize(number, group["rows"], casualties_of))
        mentions.extend((number, row["id"]) for row in group["rows"])
    return merged, mentions


def _summarize(number: int, rows: list[dict], casualties_of: dict[int, list[dict]]) -> dict:
    days = sorted(r["day"] for r in rows)
    day_counts = Counter(days)
    top = max(day_counts.values())
    day = min(d for d, n in day_counts.items() if n == top)
    cameo = _most_common(r["cameo"] for r in rows)
    same_code = [r for r in rows if r["cameo"] == cameo]
    goldsteins = [r["goldstein"] for r in same_code if r.get("goldstein") is not None]
    sources: dict[str, float] = {}
    for r in rows:
        outlet = r.get("article_source") or f"article {r['article_id']}"
        sources[outlet] = max(sources.get(outlet, 0.0), float(r.get("confidence") or 0.0))
    placed = [r for r in rows if r.get("place_name")]
    place_name = _most_common(r["place_name"] for r in placed)
    place_row = next((r for r in placed if r["place_name"] == place_name), None)
    merged = {
        "id": number,
        "day": day,
        "last_day": days[-1],
        "cameo": cameo,
        "cameo_root": cameo[:2],
        "quad_class": _most_common(r.get("quad_class") for r in same_code),
        "goldstein": round(sum(goldsteins) / len(goldsteins), 2) if goldsteins else None,
        "plover_type": _most_common(r.get("plover_type") for r in rows),
        "acled_event_type": _most_common(r.get("acled_event_type") for r in rows),
        "place_name": place_name,
        "place_country": _most_common(r.get("place_country") for r in rows),
        "place_lat": place_row.get("place_lat") if place_row else None,
        "place_lon": place_row.get("place_lon") if place_row else None,
        "num_mentions": len(rows),
        "num_articles": len({r["article_id"] for r in rows}),
        "num_sources": len(sources),
        "confidence": confidence(list(sources.values())),
        "sources": sorted(sources),
        "evidence_text": max(same_code, key=lambda r: r.get("confidence") or 0).get("evidence_text"),
    }
    for side in ("source", "target"):
        for part in ("text", "name", "code", "country", "sector", "kind"):
            merged[f"{side}_{part}"] = _most_common(r.get(f"{side}_{part}") for r in rows)
    for kind in ("killed", "injured"):
        figures = [(r.get("article_source") or r["article_id"], c["article_id"], int(c["count"]))
                   for r in rows for c in casualties_of.get(r["id"], []) if c.get("kind") == kind]
        low, high, conservative = reconcile(figures)
        merged[f"{kind}_min"], merged[f"{kind}_max"], merged[kind] = low, high, conservative
    return merged
