"""Small charts drawn server-side as inline SVG (no JavaScript library, nothing fetched)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

QUAD_COLORS = {1: "#7fb3d5", 2: "#2874a6", 3: "#f0a030", 4: "#c0392b"}
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return value


def bar_chart(days: list[str], stacks: dict[str, list[float]], colors: dict[str, str], *, title: str,
              flags: set[str] = frozenset(), width: int = 760, height: int = 220, css_class: str = "chart") -> Markup:
    """Stacked bars, one per day; ``stacks`` maps a series label to one value per day."""
    left, right, top, bottom = 34, 8, 22, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(series[i] for series in stacks.values()) for i in range(len(days))]
    peak = _nice_max(max(totals, default=0))
    n = max(1, len(days))
    slot = plot_w / n
    bar = max(2.0, slot * 0.72)
    out = [f'<svg class="{escape(css_class)}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
           f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{y + 3:.1f}" class="axis" text-anchor="end">{peak * frac:g}</text>')
    for i, day in enumerate(days):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_h
        parts = []
        for label, series in stacks.items():
            value = series[i]
            if not value:
                continue
            h = plot_h * value / peak
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[label]}">'
                         f'<title>{escape(day)}: {value:g} {escape(label)}</title></rect>')
        out.append(f'<g class="bar" data-day="{escape(day)}">' + "".join(parts) + "</g>")
        if day in flags:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{base - 3:.1f}" class="flag" text-anchor="middle">'
                       f'▼<title>{escape(day)}: escalation flag</title></text>')
        if n <= 16 or i % max(1, n // 12) == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 12}" class="axis" text-anchor="end" '
                       f'transform="rotate(-45 {x + bar / 2:.1f} {top + plot_h + 12})">{escape(day[5:])}</text>')
    legend_x = left
    for label, color in colors.items():
        if label not in stacks:
            continue
        out.append(f'<rect x="{legend_x}" y="5" width="9" height="9" fill="{color}"/>'
                   f'<text x="{legend_x + 13}" y="13" class="legend">{escape(label)}</text>')
        legend_x += 22 + 5.4 * len(label)
    out.append("</svg>")
    return Markup("".join(out))


def quad_chart(days: list[str], per_day: dict[str, dict[int, int]], flags: set[str] = frozenset()) -> Markup:
    stacks = {QUAD_LABELS[q]: [per_day.get(d, {}).get(q, 0) for d in days] for q in (1, 2, 3, 4)}
    colors = {QUAD_LABELS[q]: QUAD_COLORS[q] for q in (1, 2, 3, 4)}
    return bar_chart(days, stacks, colors, title="Events per day by quad class", flags=flags, css_class="chart quad-chart")


def fatality_chart(days: list[str], killed: dict[str, int], injured: dict[str, int] | None = None) -> Markup:
    stacks = {"killed": [killed.get(d, 0) for d in days]}
    colors = {"killed": "#7b241c"}
    if injured is not None:
        stacks["injured"] = [injured.get(d, 0) for d in days]
        colors["injured"] = "#e59866"
    return bar_chart(days, stacks, colors, title="Casualties per day", height=180, css_class="chart fatality-chart")
