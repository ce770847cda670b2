"""Human-readable renderings of records (the CLI's ``--format table``)."""

from __future__ import annotations

from .records import ArticleRecord

SNIPPET = 70


def snippet(text: str, start: int, end: int, width: int = SNIPPET) -> str:
    """The evidence in its context, the evidence itself in [brackets], on one line."""
    pad = max(0, (width - (end - start)) // 2)
    left = text[max(0, start - pad):start]
    right = text[end:end + pad]
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def _section(title: str, rows: list[str]) -> list[str]:
    lines = [f"{title} ({len(rows)})"]
    lines += [f"  {row}" for row in rows] if rows else ["  -"]
    return lines + [""]


def _actor_label(actor) -> str:
    if actor is None:
        return "-"
    return f"{actor.name} [{actor.code or '?'}]"


def format_table(record: ArticleRecord) -> str:
    text = record.text
    head = f"article {record.id}  date {record.date or 'unknown'}"
    if record.title:
        head += f"  {record.title!r}"
    lines = [head, "=" * len(head)]
    if record.error:
        return "\n".join(lines + [f"ERROR: {record.error}", ""])
    lines += [f"warning: {w}" for w in record.warnings]
    lines += _section(
        "ACTORS",
        [
            f"{a.code or '?':<10} {a.name:<28} {a.kind:<12} {len(a.mentions)} mention(s)  e.g. {snippet(text, a.start, a.end, 40)}"
            for a in record.actors
        ],
    )
    lines += _section(
        "EVENTS",
        [
            f"{e.cameo:<5} q{e.quad_class or '?'} g{e.goldstein if e.goldstein is not None else '?':<5} "
            f"{_actor_label(e.source)} -> {_actor_label(e.target)}  "
            f"{e.plover_type or '-'}"
            + (f" / {e.acled_sub_event_type}" if e.acled_sub_event_type else "")
            + f"  {e.date or ''}"
            + (f" @{e.place.name}" if e.place and e.place.name else "")
            + (f"  ({e.modality})" if e.modality != "asserted" else "")
            + f"\n      {snippet(text, e.evidence.start, e.evidence.end)}"
            for e in record.events
        ],
    )
    lines += _section(
        "QUOTES",
        [
            f"{q.kind:<8} {q.speaker_name or (q.speaker.text if q.speaker else '?')}"
            + (f" [{q.speaker_actor.code}]" if q.speaker_actor and q.speaker_actor.code else "")
            + (f" for {q.on_behalf_of}" if q.on_behalf_of else "")
            + f": {snippet(text, q.content.start, q.content.end, 90)}"
            for q in record.quotes
        ],
    )
    lines += _section(
        "CASUALTIES",
        [
            f"{c.kind:<8} {(c.qualifier + ' ') if c.qualifier else ''}{c.count} {c.victims or ''}"
            + (f" (subset of #{c.subset_of})" if c.subset_of is not None else "")
            + (" (cumulative)" if c.cumulative else "")
            + f"\n      {snippet(text, c.evidence.start, c.evidence.end)}"
            for c in record.casualties
        ],
    )
    if record.fatalities is not None:
        lines.insert(-1, f"  fatalities (conservative): {record.fatalities}")
    lines += _section(
        "TIMES",
        [f"{t.type:<8} {t.value:<16} {snippet(text, t.start, t.end, 50)}" for t in record.times],
    )
    lines += _section(
        "PLACES",
        [
            f"{(p.name or '?'):<22} {p.country or '-':<4} "
            + (f"{p.lat:.2f},{p.lon:.2f}" if p.lat is not None and p.lon is not None else "-")
            + f"  {snippet(text, p.start, p.end, 50)}"
            for p in record.places
        ],
    )
    return "\n".join(lines)
