"""Dated timelines: one line per day, the best-supported merged events first, with their sources."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

PER_DAY = 3  # events shown on a day's line before "+N more"


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    """CAMEO code -> name, from the package's ontology (empty when absent)."""
    try:
        raw = (resources.files("eventwire.ontology") / "cameo.csv").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return {row["code"]: row["name"] for row in csv.DictReader(io.StringIO(raw)) if row.get("code")}


def describe(code: str | None) -> str:
    names = cameo_names()
    if not code:
        return "?"
    for length in (len(code), 3, 2):
        name = names.get(code[:length])
        if name:
            return name.lower()
    return f"CAMEO {code}"


@dataclass
class TimelineDay:
    day: str
    events: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"day": self.day, "events": self.events}


def timeline(store, *, actors: tuple[str, ...] | list[str] = (), story_id: int | None = None,
             country: str | None = None, date_from: str | None = None, date_to: str | None = None,
             min_sources: int | None = None, quad_class=None) -> list[TimelineDay]:
    """Merged events grouped by day (oldest first); within a day, best supported first.

    ``actors``: one actor (either side) or two (the dyad, either direction).
    """
    from . import ensure_analyzed

    ensure_analyzed(store)
    filters = dict(story_id=story_id, country=country, date_from=date_from, date_to=date_to,
                   min_sources=min_sources, quad_class=quad_class)
    actors = [a for a in actors if a]
    if len(actors) == 1:
        filters["actor"] = actors[0]
    elif len(actors) >= 2:
        filters["dyad"] = (actors[0], actors[1])
    rows = store.merged_events(limit=None, order="day", **filters)
    days: dict[str, TimelineDay] = {}
    for row in rows:
        row["description"] = describe(row.get("cameo"))
        days.setdefault(row["day"], TimelineDay(row["day"])).events.append(row)
    return [days[d] for d in sorted(days)]


def _who(row: dict, side: str) -> str:
    return row.get(f"{side}_code") or row.get(f"{side}_name") or "?"


def event_phrase(row: dict, with_sources: bool = True) -> str:
    text = f"{_who(row, 'source')} {row.get('description') or describe(row.get('cameo'))} {_who(row, 'target')}"
    text += f" [{row.get('cameo')}]"
    if row.get("place_name"):
        text += f" in {row['place_name']}"
    if row.get("killed") is not None:
        low, high = row.get("killed_min"), row.get("killed_max")
        text += f", {row['killed']} killed" + (f" (reports {low}-{high})" if low is not None and high != low else "")
    if row.get("injured") is not None:
        text += f", {row['injured']} injured"
    if with_sources:
        sources = row.get("sources") or []
        text += f" ({row.get('num_sources', len(sources))} source{'s' if row.get('num_sources') != 1 else ''}: {', '.join(sources)})"
    return text


def format_timeline(days: list[TimelineDay], per_day: int = PER_DAY) -> str:
    """One line per date."""
    lines = []
    for day in days:
        shown = day.events[:per_day]
        line = f"{day.day}  " + " | ".join(event_phrase(row) for row in shown)
        if len(day.events) > per_day:
            line += f" | +{len(day.events) - per_day} more"
        lines.append(line)
    return "\n".join(lines) if lines else "(no events)"
