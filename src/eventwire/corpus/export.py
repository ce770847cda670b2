"""Exports of the event database in formats analysts already load.

- ``jsonl``: one full ArticleRecord per line (the records as stored).
- ``csv`` / ``parquet``: one row per event mention, flat columns.
- ``gdelt``: the GDELT 2.0 event table (61 tab-separated columns, no header), one row per merged event.
- ``plover``: PLOVER JSON (one JSON object per line), one per merged event.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import IO

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")

EVENT_COLUMNS = [
    "id", "article_id", "idx", "day", "date", "cameo", "cameo_root", "quad_class", "goldstein", "plover_type", "plover_mode",
    "acled_event_type", "acled_sub_event_type", "source_name", "source_code", "source_country", "target_name", "target_code",
    "target_country", "place_name", "place_country", "place_lat", "place_lon", "modality", "negated", "confidence",
    "evidence_start", "evidence_end", "evidence_text", "article_source", "article_title", "article_url",
]

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{c}" for c in _ACTOR] + [f"Actor2{c}" for c in _ACTOR]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{c}" for c in _GEO] + [f"Actor2Geo_{c}" for c in _GEO] + [f"ActionGeo_{c}" for c in _GEO]
    + ["DATEADDED", "SOURCEURL"]
)
assert len(GDELT_COLUMNS) == 61


def _fraction_date(day: dt.date) -> float:
    return round(day.year + (day.timetuple().tm_yday - 1) / 365.0, 4)


def gdelt_row(merged: dict, url: str | None = None, added: str | None = None) -> list:
    """One merged event as a GDELT 2.0 event-table row (country codes are ISO3 / CAMEO, not FIPS)."""
    day = dt.date.fromisoformat(merged["day"])
    row: dict = {c: "" for c in GDELT_COLUMNS}
    row.update(GlobalEventID=merged["id"], Day=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=day.year,
               FractionDate=_fraction_date(day))
    for number, side in ((1, "source"), (2, "target")):
        code = merged.get(f"{side}_code") or ""
        row[f"Actor{number}Code"] = code
        row[f"Actor{number}Name"] = (merged.get(f"{side}_name") or "").upper()
        row[f"Actor{number}CountryCode"] = merged.get(f"{side}_country") or code[:3]
        sector = merged.get(f"{side}_sector")
        if sector:
            row[f"Actor{number}Type1Code"] = sector
    cameo = merged.get("cameo") or ""
    has_place = merged.get("place_lat") is not None
    row.update(IsRootEvent=1, EventCode=cameo, EventBaseCode=cameo[:3], EventRootCode=cameo[:2],
               QuadClass=merged.get("quad_class") or "", GoldsteinScale=merged.get("goldstein") if merged.get("goldstein") is not None else "",
               NumMentions=merged.get("num_mentions", 1), NumSources=merged.get("num_sources", 1),
               NumArticles=merged.get("num_articles", 1), AvgTone="")
    if merged.get("place_name") or merged.get("place_country"):
        row.update(ActionGeo_Type=4 if merged.get("place_name") else 1, ActionGeo_FullName=merged.get("place_name") or "",
                   ActionGeo_CountryCode=merged.get("place_country") or "",
                   ActionGeo_Lat=merged["place_lat"] if has_place else "", ActionGeo_Long=merged["place_lon"] if has_place else "")
    row["DATEADDED"] = added or dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    row["SOURCEURL"] = url or ""
    return [row[c] for c in GDELT_COLUMNS]


def plover_record(merged: dict, mentions: list[dict] | None = None) -> dict:
    """One merged event in PLOVER JSON field names."""
    def entity(side):
        if not (merged.get(f"{side}_code") or merged.get(f"{side}_name")):
            return []
        code = merged.get(f"{side}_code") or ""
        return [{"code": merged.get(f"{side}_country") or code[:3] or None, "sector": code[3:6] or merged.get(f"{side}_sector"),
                 "entity_text": merged.get(f"{side}_text") or merged.get(f"{side}_name")}]

    mentions = mentions or []
    record = {
        "id": f"eventwire-{merged['id']}",
        "has_event": True,
        "date": merged["day"],
        "enddate": merged.get("last_day") if merged.get("last_day") != merged["day"] else None,
        "actor": entity("source"),
        "recipient": entity("target"),
        "event": [merged["plover_type"]] if merged.get("plover_type") else [],
        "event_text": [m["evidence_text"] for m in mentions if m.get("evidence_text")][:5]
                      or ([merged["evidence_text"]] if merged.get("evidence_text") else []),
        "quad_code": merged.get("quad_class"),
        "event_scale": merged.get("goldstein"),
        "event_loc": {
            "extracted_place": merged.get("place_name"), "resolved_place": merged.get("place_name"),
            "lat": merged.get("place_lat"), "lon": merged.get("place_lon"), "country_code": merged.get("place_country"),
        } if merged.get("place_name") or merged.get("place_country") else None,
        "size": {"dead": merged.get("killed"), "injured": merged.get("injured")},
        "cite_info": [{"url": m.get("url"), "title": m.get("title"), "publication": m.get("source")} for m in mentions],
        "coder": "eventwire",
        "coded_date": dt.date.today().isoformat(),
        "comment": f"CAMEO {merged.get('cameo')}; {merged.get('num_mentions')} mentions in {merged.get('num_articles')} articles "
                   f"from {merged.get('num_sources')} sources; confidence {merged.get('confidence')}",
    }
    return record


def export(store, fmt: str, out: str | Path | IO[str] | None, **filters) -> int:
    """Write the store in ``fmt`` to a path (or a text stream for text formats); returns the rows written."""
    from . import ensure_analyzed

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet needs an output file (-o FILE.parquet)")
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = store.events(limit=None, **filters)
        table = pa.Table.from_pylist([{c: r.get(c) for c in EVENT_COLUMNS} for r in rows])
        pq.write_table(table, str(out))
        return len(rows)
    stream, close = (open(out, "w", encoding="utf-8", newline="") , True) if isinstance(out, (str, Path)) else (out, False)
    try:
        if fmt == "jsonl":
            n = 0
            for record in store.iter_records():
                stream.write(record.model_dump_json() + "\n")
                n += 1
            return n
        if fmt == "csv":
            rows = store.events(limit=None, **filters)
            writer = csv.DictWriter(stream, fieldnames=EVENT_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
            return len(rows)
        ensure_analyzed(store)
        merged = store.merged_events(limit=None, **filters)
        mentions = store.mentions([m["id"] for m in merged])
        if fmt == "gdelt":
            writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
            for row in merged:
                first_url = next((m.get("url") for m in mentions[row["id"]] if m.get("url")), None)
                writer.writerow(gdelt_row(row, first_url))
            return len(merged)
        for row in merged:
            stream.write(json.dumps(plover_record(row, mentions[row["id"]]), ensure_ascii=False) + "\n")
        return len(merged)
    finally:
        if close:
            stream.close()
