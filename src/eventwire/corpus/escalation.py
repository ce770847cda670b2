"""Escalation: daily series per dyad and per country, and a flag when a day departs from its baseline.

Each real-world event counts once (merged events). A day's ``score`` is the
conflict intensity: the sum of the negative Goldstein scores of its events
(as a positive number) plus their fatalities (the conservative figures), each
event weighted by its confidence, so a claim from one outlet counts less than
an event reported by five. A day is
flagged when its score exceeds the mean of the previous ``baseline_days`` by
``threshold`` standard deviations (at least ``min_std``) and is at least
``min_score`` (and the day has at least ``min_history`` days before it): one verbal spat on a quiet week is not an escalation, a day of
shelling is.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field


@dataclass
class EscalationOptions:
    baseline_days: int = 7
    threshold: float = 2.0
    min_std: float = 2.0
    min_score: float = 8.0
    min_history: int = 3  # days of baseline needed before a day can be flagged


@dataclass
class DayPoint:
    day: str
    quad: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    events: int = 0
    goldstein: float = 0.0
    fatalities: int = 0
    score: float = 0.0
    baseline: float = 0.0
    flag: bool = False

    def as_dict(self) -> dict:
        return {
            "day": self.day, "events": self.events, "verbal_cooperation": self.quad[1], "material_cooperation": self.quad[2],
            "verbal_conflict": self.quad[3], "material_conflict": self.quad[4], "goldstein": round(self.goldstein, 2),
            "fatalities": self.fatalities, "score": round(self.score, 2), "baseline": round(self.baseline, 2), "flag": self.flag,
        }


def _side(row: dict, side: str) -> str | None:
    return row.get(f"{side}_country") or (row.get(f"{side}_code") or "")[:3] or None


def dyad_key(row: dict) -> str | None:
    a, b = _side(row, "source"), _side(row, "target")
    if not a or not b or a == b:
        return None
    return "-".join(sorted((a, b)))


def countries_of(row: dict) -> set[str]:
    return {c for c in (row.get("place_country"), _side(row, "source"), _side(row, "target")) if c}


def _days(first: str, last: str) -> list[str]:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def series_from_rows(rows: list[dict], key_of, options: EscalationOptions | None = None,
                     first: str | None = None, last: str | None = None) -> dict[str, list[DayPoint]]:
    """Merged-event rows -> {key: one DayPoint per calendar day from ``first`` to ``last``}."""
    options = options or EscalationOptions()
    rows = [r for r in rows if r.get("day")]
    if not rows:
        return {}
    first = first or min(r["day"] for r in rows)
    last = last or max(r["day"] for r in rows)
    calendar = _days(first, last)
    out: dict[str, dict[str, DayPoint]] = {}
    for row in rows:
        if not first <= row["day"] <= last:
            continue
        for key in key_of(row):
            points = out.setdefault(key, {d: DayPoint(d) for d in calendar})
            point = points[row["day"]]
            point.events += 1
            if row.get("quad_class") in point.quad:
                point.quad[row["quad_class"]] += 1
            goldstein = row.get("goldstein") or 0.0
            point.goldstein += goldstein
            point.fatalities += row.get("killed") or 0
            weight = row.get("confidence") if row.get("confidence") is not None else 1.0
            point.score += weight * (max(0.0, -goldstein) + (row.get("killed") or 0))
    result = {}
    for key, points in out.items():
        ordered = [points[d] for d in calendar]
        flag_points(ordered, options)
        result[key] = ordered
    return result


def flag_points(points: list[DayPoint], options: EscalationOptions) -> None:
    for n, point in enumerate(points):
        window = [p.score for p in points[max(0, n - options.baseline_days):n]]
        mean = statistics.fmean(window) if window else 0.0
        spread = max(statistics.pstdev(window) if len(window) > 1 else 0.0, options.min_std)
        point.baseline = mean
        point.flag = (len(window) >= options.min_history and point.score >= options.min_score
                      and point.score > mean + options.threshold * spread)


def daily_series(store, *, by: str = "dyad", country: str | None = None, dyad: tuple[str, str] | None = None,
                 date_from: str | None = None, date_to: str | None = None,
                 options: EscalationOptions | None = None) -> dict[str, list[DayPoint]]:
    """Daily series from the store's merged events, keyed by dyad ("IND-PAK") or country ("PAK")."""
    from . import ensure_analyzed

    ensure_analyzed(store)
    filters = {"date_from": date_from, "date_to": date_to}
    if country:
        filters["country"] = country
    if dyad:
        filters["dyad"] = dyad
    rows = store.merged_events(limit=None, **filters)
    if by == "country":
        wanted = country.upper() if country else None
        key_of = lambda row: sorted(c for c in countries_of(row) if wanted is None or c == wanted)  # noqa: E731
    else:
        key_of = lambda row: [k for k in [dyad_key(row)] if k]  # noqa: E731
    return series_from_rows(rows, key_of, options, date_from, date_to)


def flagged_days(series: dict[str, list[DayPoint]]) -> list[tuple[str, str, DayPoint]]:
    """(key, day, point) for every flagged day, latest first."""
    flags = [(key, p.day, p) for key, points in series.items() for p in points if p.flag]
    return sorted(flags, key=lambda f: f[1], reverse=True)


def format_series(series: dict[str, list[DayPoint]], top: int = 5) -> str:
    keys = sorted(series, key=lambda k: -sum(p.score for p in series[k]))[:top]
    lines = []
    for key in keys:
        lines.append(f"== {key}")
        lines.append(f"{'day':<11} {'q1':>3} {'q2':>3} {'q3':>3} {'q4':>3} {'goldstein':>9} {'killed':>6} {'score':>6} {'base':>6}  flag")
        for p in series[key]:
            lines.append(f"{p.day:<11} {p.quad[1]:>3} {p.quad[2]:>3} {p.quad[3]:>3} {p.quad[4]:>3} {p.goldstein:>9.1f} "
                         f"{p.fatalities:>6} {p.score:>6.1f} {p.baseline:>6.1f}  {'ESCALATION' if p.flag else ''}")
    return "\n".join(lines) if lines else "(no events)"


def plot_series(series: dict[str, list[DayPoint]], path: str, top: int = 4) -> str:
    """Draw the busiest series to a PNG: events by quad class (bars), fatalities (line), flags (markers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = sorted(series, key=lambda k: -sum(p.score for p in series[k]))[:top] or []
    fig, axes = plt.subplots(max(1, len(keys)), 1, figsize=(10, 3 * max(1, len(keys))), squeeze=False)
    colors = {1: "#7fb3d5", 2: "#2874a6", 3: "#f5b041", 4: "#c0392b"}
    labels = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
    for ax, key in zip(axes[:, 0], keys):
        points = series[key]
        x = list(range(len(points)))
        bottom = [0] * len(points)
        for quad in (1, 2, 3, 4):
            values = [p.quad[quad] for p in points]
            ax.bar(x, values, bottom=bottom, color=colors[quad], label=labels[quad])
            bottom = [b + v for b, v in zip(bottom, values)]
        twin = ax.twinx()
        twin.plot(x, [p.fatalities for p in points], color="black", marker=".", label="fatalities")
        twin.set_ylabel("fatalities")
        flagged = [i for i, p in enumerate(points) if p.flag]
        ax.scatter(flagged, [bottom[i] + 0.3 for i in flagged], marker="v", color="red", s=60, label="escalation", zorder=3)
        ax.set_xticks(x)
        ax.set_xticklabels([p.day[5:] for p in points], rotation=90, fontsize=7)
        ax.set_ylabel("events")
        ax.set_title(key)
        ax.legend(loc="upper left", fontsize=7)
    if not keys:
        axes[0, 0].text(0.5, 0.5, "no events", ha="center")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
