"""An article's text cut into segments, each marked with the extracted items whose evidence covers it.

Items overlap freely (an actor inside a quote inside an event's sentence), so
instead of nesting tags we sweep the span boundaries once: every stretch of
text between two boundaries becomes one segment carrying the ids of all the
spans over it. The page styles a segment by the kinds it carries and shows the
items' details on hover or click.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# kind -> what the legend calls it (the order is the legend's)
KINDS = {
    "event": "event trigger",
    "actor": "actor",
    "speaker": "quote speaker",
    "quote": "quote",
    "casualty": "casualty figure",
    "time": "date / time",
    "place": "place",
}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass
class Segment:
    text: str
    start: int
    ids: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "ids": self.ids, "kinds": self.kinds}


def _get(item: dict, key: str, default=None):
    """A field of a stored row or of a record item (nested objects flattened as ``a_b`` or kept as dicts)."""
    if key in item:
        return item[key]
    parts = key.split("_")
    for cut in range(1, len(parts)):
        sub = item.get("_".join(parts[:cut]))
        if isinstance(sub, dict):
            found = _get(sub, "_".join(parts[cut:]), None)
            if found is not None:
                return found
    return default


def _span(item: dict, prefix: str) -> tuple[int, int] | None:
    start, end = _get(item, f"{prefix}_start"), _get(item, f"{prefix}_end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        return start, end
    return None


def _who(item: dict, side: str) -> str:
    return _get(item, f"{side}_name") or _get(item, f"{side}_code") or "?"


def describe_items(items: dict[str, list[dict]]) -> tuple[list[tuple[int, int, str, str]], dict[str, dict]]:
    """(start, end, id, kind) spans and id -> details, from an article's items by kind.

    ``items`` is ``Store.items(article_id)`` or a record's ``model_dump()``
    (lists ``events``, ``actors``, ``quotes``, ``casualties``, ``times``, ``places``).
    """
    from ..corpus.timeline import describe

    spans: list[tuple[int, int, str, str]] = []
    details: dict[str, dict] = {}

    for n, ev in enumerate(items.get("events") or []):
        key = f"ev{n}"
        evidence = _span(ev, "evidence")
        trigger = _span(ev, "trigger") or evidence
        fields = {
            "CAMEO": f"{ev.get('cameo')} {describe(ev.get('cameo'))}",
            "quad class": QUAD_NAMES.get(ev.get("quad_class"), ev.get("quad_class")),
            "Goldstein": ev.get("goldstein"),
            "PLOVER": " / ".join(str(v) for v in (ev.get("plover_type"), ev.get("plover_mode")) if v),
            "ACLED": " / ".join(str(v) for v in (ev.get("acled_event_type"), ev.get("acled_sub_event_type")) if v),
            "source": _who(ev, "source"), "target": _who(ev, "target"),
            "date": ev.get("date"), "place": _get(ev, "place_name"), "modality": ev.get("modality"),
            "confidence": ev.get("confidence"),
        }
        details[key] = {"kind": "event", "label": f"{_who(ev, 'source')} → {describe(ev.get('cameo'))} → {_who(ev, 'target')}",
                        "fields": fields, "evidence": _get(ev, "evidence_text")}
        if trigger:
            spans.append((*trigger, key, "event"))
        if evidence:
            spans.append((*evidence, key + "s", "evidence"))

    for n, actor in enumerate(items.get("actors") or []):
        key = f"ac{n}"
        details[key] = {"kind": "actor", "label": actor.get("name") or actor.get("text"),
                        "fields": {"code": actor.get("code"), "country": actor.get("country"), "sector": actor.get("sector"),
                                   "kind": actor.get("kind"), "role": actor.get("role")}}
        mentions = (actor.get("data") or actor).get("mentions") or []
        found = [(m["start"], m["end"]) for m in mentions if isinstance(m, dict) and m.get("end", 0) > m.get("start", 0)]
        first = (actor.get("start"), actor.get("end"))
        if not found and isinstance(first[0], int) and isinstance(first[1], int) and first[1] > first[0]:
            found = [first]
        for start, end in found:
            spans.append((start, end, key, "actor"))

    for n, quote in enumerate(items.get("quotes") or []):
        key = f"qu{n}"
        speaker = _span(quote, "speaker")
        content = _span(quote, "content")
        cue = _span(quote, "cue")
        actor_code = _get(quote, "speaker_actor_code")
        details[key] = {"kind": "quote", "label": f"{quote.get('speaker_name') or _get(quote, 'speaker_text') or '?'} ({quote.get('kind')})",
                        "fields": {"speaker": quote.get("speaker_name") or _get(quote, "speaker_text"), "actor": actor_code,
                                   "on behalf of": quote.get("on_behalf_of"), "cue": quote.get("cue_lemma"),
                                   "kind": quote.get("kind")},
                        "evidence": _get(quote, "content_text")}
        if content:
            spans.append((*content, key, "quote"))
        if speaker:
            spans.append((*speaker, key + "s", "speaker"))
            details[key + "s"] = details[key]
        if cue:
            spans.append((*cue, key + "c", "cue"))
            details[key + "c"] = details[key]

    for n, cas in enumerate(items.get("casualties") or []):
        key = f"ca{n}"
        evidence = _span(cas, "evidence")
        details[key] = {"kind": "casualty", "label": f"{cas.get('qualifier') + ' ' if cas.get('qualifier') else ''}{cas.get('count')} {cas.get('kind')}",
                        "fields": {"victims": cas.get("victims"), "cause": cas.get("cause"), "perpetrator": cas.get("perpetrator"),
                                   "cumulative": cas.get("cumulative")}, "evidence": _get(cas, "evidence_text")}
        if evidence:
            spans.append((*evidence, key, "casualty"))

    for n, time in enumerate(items.get("times") or []):
        key = f"ti{n}"
        details[key] = {"kind": "time", "label": f"{time.get('text')} = {time.get('value')}",
                        "fields": {"type": time.get("type"), "value": time.get("value"), "anchor": time.get("anchor")}}
        if isinstance(time.get("start"), int) and isinstance(time.get("end"), int) and time["end"] > time["start"]:
            spans.append((time["start"], time["end"], key, "time"))

    for n, place in enumerate(items.get("places") or []):
        key = f"pl{n}"
        coords = f"{place['lat']:.2f}, {place['lon']:.2f}" if place.get("lat") is not None and place.get("lon") is not None else None
        details[key] = {"kind": "place", "label": place.get("name") or place.get("text"),
                        "fields": {"country": place.get("country"), "class": place.get("feature_class"), "lat, lon": coords,
                                   "geonames": place.get("geonameid")}}
        if isinstance(place.get("start"), int) and isinstance(place.get("end"), int) and place["end"] > place["start"]:
            spans.append((place["start"], place["end"], key, "place"))

    for info in details.values():
        info["fields"] = {k: v for k, v in info["fields"].items() if v not in (None, "", [])}
    return spans, details


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    size = len(text)
    clipped = [(max(0, s), min(size, e), key, kind) for s, e, key, kind in spans if s < size and e > 0 and e > s]
    cuts = sorted({0, size, *(s for s, _, _, _ in clipped), *(e for _, e, _, _ in clipped)})
    starts: dict[int, list] = {}
    for span in clipped:
        starts.setdefault(span[0], []).append(span)
    open_spans: list[tuple[int, int, str, str]] = []
    out = []
    for left, right in zip(cuts, cuts[1:]):
        open_spans = [s for s in open_spans if s[1] > left] + starts.get(left, [])
        if right <= left:
            continue
        ids = [key for _, _, key, _ in open_spans]
        kinds = sorted({kind for _, _, _, kind in open_spans})
        out.append(Segment(text[left:right], left, ids, kinds))
    return out


def highlight(text: str, items: dict[str, list[dict]]) -> dict:
    """What the article partial needs: segments, item details, and counts per kind."""
    spans, details = describe_items(items)
    counts = {kind: 0 for kind in KINDS}
    for key, info in details.items():
        if key[-1].isdigit():  # the item itself, not its speaker/cue alias
            counts[info["kind"]] = counts.get(info["kind"], 0) + 1
        elif key.endswith("s") and info["kind"] == "quote":
            counts["speaker"] += 1
    return {"segments": segments(text, spans), "details": details, "counts": counts, "kinds": KINDS}
