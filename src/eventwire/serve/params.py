"""Query parameters of the API and the pages: parsed, checked, turned into ``Store`` filters.

Every value reaches the database as a bound parameter (the Store builds
SQLAlchemy expressions); here we only make sure it has the right shape, so a
bad value gets a 422 that says what is wrong instead of an empty list.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from fastapi import HTTPException, Query

PAGE_DEFAULT = 50
PAGE_MAX = 500  # a larger `limit` is capped to this
DOWNLOAD_MAX = 10_000  # rows in one CSV/JSON download

_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_COUNTRY = re.compile(r"^[A-Za-z]{3}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_WORD = re.compile(r"^[A-Za-z][A-Za-z _/&()'-]{0,63}$")


class BadParameter(HTTPException):
    """A 422 naming the parameter and what was expected."""

    def __init__(self, name: str, value, expected: str):
        shown = value if len(str(value)) <= 80 else str(value)[:77] + "..."
        super().__init__(422, detail=[{"param": name, "value": shown, "message": f"{name}: expected {expected}"}])


def actor_value(name: str, value: str | None) -> str | None:
    """An actor: a CAMEO code (prefix), an ISO3 country or a name (letters, spaces, dots, hyphens)."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if len(value) > 80 or not re.match(r"^[\w .'&()-]+$", value, re.UNICODE):
        raise BadParameter(name, value, "an actor code (ISR, PAKMIL), an ISO3 country or a name")
    return value


def country_value(value: str | None, name: str = "country") -> str | None:
    if value is None or value.strip() == "":
        return None
    if not _COUNTRY.match(value.strip()):
        raise BadParameter(name, value, "an ISO 3166 alpha-3 country code such as PAK")
    return value.strip().upper()


def cameo_value(value: str | None) -> list[str] | None:
    """``cameo=19`` or ``cameo=190,195``: CAMEO codes or prefixes of 2 to 4 digits."""
    if value is None or value.strip() == "":
        return None
    codes = [c.strip() for c in value.split(",") if c.strip()]
    if not codes or len(codes) > 20 or not all(_CAMEO.match(c) for c in codes):
        raise BadParameter("cameo", value, "CAMEO codes or prefixes of 2-4 digits, comma-separated (e.g. 19 or 190,195)")
    return codes


def quad_value(value: str | None) -> list[int] | None:
    """``quad_class=4`` or ``quad_class=3,4``."""
    if value is None or value.strip() == "":
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if not parts or not all(p in {"1", "2", "3", "4"} for p in parts):
        raise BadParameter("quad_class", value, "1-4 (1 verbal cooperation ... 4 material conflict), comma-separated")
    return sorted({int(p) for p in parts})


def word_value(name: str, value: str | None, expected: str) -> str | None:
    if value is None or value.strip() == "":
        return None
    if not _WORD.match(value.strip()):
        raise BadParameter(name, value, expected)
    return value.strip()


def bbox_value(value: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees."""
    if value is None or value.strip() == "":
        return None
    try:
        west, south, east, north = (float(p) for p in value.split(","))
    except ValueError:
        raise BadParameter("bbox", value, "west,south,east,north in degrees (e.g. 73,32,76,35)") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90) or west > east:
        raise BadParameter("bbox", value, "west<=east in -180..180 and south<=north in -90..90")
    return west, south, east, north


def dyad_value(value: str | None) -> tuple[str, str] | None:
    """``dyad=IND,PAK`` (either direction)."""
    if value is None or value.strip() == "":
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise BadParameter("dyad", value, "two actors separated by a comma (e.g. IND,PAK)")
    return actor_value("dyad", parts[0]), actor_value("dyad", parts[1])


def date_range(date_from: dt.date | None, date_to: dt.date | None) -> dict:
    if date_from and date_to and date_from > date_to:
        raise BadParameter("date_from", date_from.isoformat(), "a day on or before date_to")
    return {"date_from": date_from.isoformat() if date_from else None, "date_to": date_to.isoformat() if date_to else None}


def clean(filters: dict) -> dict:
    return {k: v for k, v in filters.items() if v is not None}


# ------------------------------------------------------------------ FastAPI dependencies


@dataclass
class Paging:
    limit: int
    offset: int
    capped: bool
    fmt: str  # json | csv | ndjson


def paging(
    limit: int | None = Query(None, ge=1, description=f"Rows per page (default {PAGE_DEFAULT}; at most {PAGE_MAX}, "
                                                     f"or {DOWNLOAD_MAX} for a CSV/NDJSON download)."),
    offset: int = Query(0, ge=0, le=10_000_000, description="Rows to skip."),
    format: str = Query("json", pattern="^(json|csv|ndjson)$", description="json (a page), csv or ndjson (a download)."),
) -> Paging:
    cap = DOWNLOAD_MAX if format in ("csv", "ndjson") else PAGE_MAX
    wanted = limit if limit is not None else (cap if format != "json" else PAGE_DEFAULT)
    return Paging(limit=min(wanted, cap), offset=offset, capped=wanted > cap, fmt=format)


def event_filters(
    actor: str | None = Query(None, description="Actor on either side: CAMEO code or prefix (ISR, PAKMIL), ISO3 country or name."),
    source_actor: str | None = Query(None, description="Actor that did it."),
    target_actor: str | None = Query(None, description="Actor it was done to."),
    dyad: str | None = Query(None, description="Two actors, either direction: IND,PAK."),
    country: str | None = Query(None, description="ISO3 country of the place or of either actor."),
    cameo: str | None = Query(None, description="CAMEO code or prefix, comma-separated: 19 or 190,195."),
    quad_class: str | None = Query(None, description="Quad class 1-4, comma-separated."),
    plover_type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT."),
    acled_event_type: str | None = Query(None, description="ACLED event type, e.g. Explosions/Remote violence."),
    date_from: dt.date | None = Query(None, description="First day, YYYY-MM-DD."),
    date_to: dt.date | None = Query(None, description="Last day, YYYY-MM-DD."),
    bbox: str | None = Query(None, description="Bounding box west,south,east,north in degrees."),
) -> dict:
    return clean({
        "actor": actor_value("actor", actor),
        "source_actor": actor_value("source_actor", source_actor),
        "target_actor": actor_value("target_actor", target_actor),
        "dyad": dyad_value(dyad),
        "country": country_value(country),
        "cameo": cameo_value(cameo),
        "quad_class": quad_value(quad_class),
        "plover_type": word_value("plover_type", plover_type, "a PLOVER type such as ASSAULT or PROTEST"),
        "acled_event_type": word_value("acled_event_type", acled_event_type, "an ACLED event type such as Battles"),
        "bbox": bbox_value(bbox),
        **date_range(date_from, date_to),
    })
