"""The REST API under ``/api/`` plus ``POST /extract``.

Every list answers ``{"total", "offset", "limit", "count", "capped", "next", "items"}``;
``?format=csv`` or ``?format=ndjson`` downloads the same filtered list (up
to ``DOWNLOAD_MAX`` rows per request; page on with ``offset``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from ..errors import EventwireError
from .params import (
    Paging,
    actor_value,
    bbox_value,
    cameo_value,
    clean,
    country_value,
    date_range,
    dyad_value,
    event_filters,
    paging,
    quad_value,
    word_value,
)

log = logging.getLogger(__name__)
router = APIRouter()

_ID = r"^[\w.:-]{1,64}$"


def state(request: Request):
    return request.app.state.serve


# ------------------------------------------------------------------ responses


def _plain(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "data"}


def _cell(value):
    if isinstance(value, (dict, list, tuple, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False, default=str)
    return "" if value is None else value


def csv_text(rows: list[dict]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(columns))
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue()


def download(name: str, rows: list[dict], fmt: str) -> Response:
    if fmt == "csv":
        body, media = csv_text(rows), "text/csv; charset=utf-8"
    else:
        body = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
        media = "application/x-ndjson"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


def listing(request: Request, name: str, rows: list[dict], total: int, page: Paging, **extra):
    rows = [_plain(r) for r in rows]
    if page.fmt != "json":
        return download(name, rows, page.fmt)
    nxt = None
    if page.offset + len(rows) < total and rows:
        nxt = str(request.url.include_query_params(offset=page.offset + len(rows), limit=page.limit))
    return {"total": total, "offset": page.offset, "limit": page.limit, "count": len(rows), "capped": page.capped,
            "next": nxt, **extra, "items": rows}


def _frozen(answer) -> tuple:
    """An answer as (status, body bytes, media type, headers): serialized once (json.dumps, not FastAPI's encoder)."""
    if isinstance(answer, Response):
        headers = {k: v for k, v in answer.headers.items() if k.lower() not in ("content-length", "content-type")}
        return answer.status_code, bytes(answer.body), answer.media_type, headers
    body = json.dumps(answer, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")
    return 200, body, "application/json", {}


def cached(request: Request, compute) -> Response:
    """The answer for this exact URL, computed and serialized once per data version."""
    serve = state(request)
    status, body, media, headers = serve.cached(str(request.url.path) + "?" + str(request.url.query),
                                                lambda: _frozen(compute()))
    return Response(body, status_code=status, media_type=media, headers=headers)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# ------------------------------------------------------------------ articles


@router.get("/api/articles", tags=["articles"], summary="Articles, newest first (without their text)")
def api_articles(request: Request, page: Paging = Depends(paging),
                 source: str | None = Query(None, max_length=200, description="Outlet name, exactly."),
                 q: str | None = Query(None, max_length=200, description="Words in the title or text."),
                 story_id: int | None = Query(None, ge=0, description="Only this story's articles."),
                 date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    store = state(request).store
    filters = clean({"source": source, "q": q, "story_id": story_id, **date_range(date_from, date_to)})

    def compute():
        rows = store.articles(limit=page.limit, offset=page.offset, **filters)
        return listing(request, "articles", rows, store.count_articles(**filters), page)
    return cached(request, compute)


@router.get("/api/articles/{article_id}", tags=["articles"], summary="One article: its text and everything extracted")
def api_article(request: Request, article_id: str = Path(..., pattern=_ID)):
    record = state(request).store.record(article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    out = record.model_dump(mode="json")
    out["story_id"] = state(request).store.story_of(article_id)
    return out


# ------------------------------------------------------------------ events


@router.get("/api/events", tags=["events"], summary="Event mentions (one per sentence that reports one), filtered")
def api_events(request: Request, page: Paging = Depends(paging), filters: dict = Depends(event_filters),
               article_id: str | None = Query(None, pattern=_ID), source: str | None = Query(None, max_length=200,
                                                                                             description="Outlet name.")):
    store = state(request).store
    filters = clean({**filters, "article_id": article_id, "source": source})

    def compute():
        from .queries import events_page

        rows = events_page(store, limit=page.limit, offset=page.offset, **filters)
        return listing(request, "events", rows, store.count_events(**filters), page)
    return cached(request, compute)


def merged_filters(
    actor: str | None = Query(None, description="Actor on either side: code or prefix, ISO3 country or name."),
    dyad: str | None = Query(None, description="Two actors, either direction: IND,PAK."),
    country: str | None = Query(None, description="ISO3 country of the place or of either actor."),
    cameo: str | None = Query(None, description="CAMEO code or prefix (one)."),
    quad_class: str | None = Query(None, description="Quad class 1-4, comma-separated."),
    date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None),
    bbox: str | None = Query(None, description="west,south,east,north in degrees."),
    min_sources: int | None = Query(None, ge=1, le=1000, description="Reported by at least this many outlets."),
    story_id: int | None = Query(None, ge=0),
) -> dict:
    codes = cameo_value(cameo)
    if codes and len(codes) > 1:
        from .params import BadParameter

        raise BadParameter("cameo", cameo, "one CAMEO code or prefix for merged events")
    return clean({"actor": actor_value("actor", actor), "dyad": dyad_value(dyad), "country": country_value(country),
                  "cameo": codes[0] if codes else None, "quad_class": quad_value(quad_class), "bbox": bbox_value(bbox),
                  "min_sources": min_sources, "story_id": story_id, **date_range(date_from, date_to)})


@router.get("/api/merged-events", tags=["events"],
            summary="Merged events: one real-world event across sentences, articles and outlets, with its mentions")
def api_merged(request: Request, page: Paging = Depends(paging), filters: dict = Depends(merged_filters),
               mentions: bool = Query(True, description="Include each event's mentions (articles and evidence)."),
               order: str = Query("day", pattern="^(day|support)$")):
    store = state(request).store

    def compute():
        rows = store.merged_events(limit=page.limit, offset=page.offset, order=order, **filters)
        if mentions and rows and page.fmt == "json":
            found = store.mentions([r["id"] for r in rows])
            for row in rows:
                row["mentions"] = found.get(row["id"], [])
        return listing(request, "merged-events", rows, store.count_merged_events(**filters), page)
    return cached(request, compute)


@router.get("/api/merged-events/{merged_id}", tags=["events"], summary="One merged event with its mentions")
def api_merged_one(request: Request, merged_id: int = Path(..., ge=0)):
    row = state(request).store.merged_event(merged_id)
    if row is None:
        raise HTTPException(404, f"no merged event {merged_id}")
    return row


# ------------------------------------------------------------------ quotes, casualties, actors


@router.get("/api/quotes", tags=["statements"], summary="Quotes and reported statements, by speaker or actor")
def api_quotes(request: Request, page: Paging = Depends(paging),
               speaker: str | None = Query(None, max_length=80, description="Part of the speaker's name."),
               actor: str | None = Query(None, description="Speaker's actor code, country or name."),
               kind: str | None = Query(None, pattern="^(direct|indirect|mixed)$"),
               article_id: str | None = Query(None, pattern=_ID),
               date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    store = state(request).store
    filters = clean({"speaker": speaker.strip() if speaker and speaker.strip() else None, "actor": actor_value("actor", actor),
                     "kind": kind, "article_id": article_id, **date_range(date_from, date_to)})

    def compute():
        rows = store.quotes(limit=page.limit, offset=page.offset, **filters)
        return listing(request, "quotes", rows, store.count_quotes(**filters), page)
    return cached(request, compute)


@router.get("/api/casualties", tags=["casualties"], summary="Casualty figures as reported, with their evidence")
def api_casualties(request: Request, page: Paging = Depends(paging),
                   kind: str | None = Query(None, pattern="^(killed|injured)$"),
                   min_count: int | None = Query(None, ge=0, le=10_000_000),
                   article_id: str | None = Query(None, pattern=_ID),
                   date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    store = state(request).store
    filters = clean({"kind": kind, "min_count": min_count, "article_id": article_id, **date_range(date_from, date_to)})

    def compute():
        rows = store.casualties(limit=page.limit, offset=page.offset, **filters)
        return listing(request, "casualties", rows, store.count_casualties(**filters), page)
    return cached(request, compute)


@router.get("/api/actors", tags=["actors"], summary="Distinct actors, most mentioned first")
def api_actors(request: Request, page: Paging = Depends(paging)):
    store = state(request).store

    def compute():
        rows = store.actor_summary(limit=page.limit + page.offset + 1 if page.limit else None, offset=0)
        total = len(rows) if len(rows) <= page.limit + page.offset else page.offset + page.limit + 1
        return listing(request, "actors", rows[page.offset:page.offset + page.limit], total, page)
    return cached(request, compute)


# ------------------------------------------------------------------ stories, timeline, escalation


@router.get("/api/stories", tags=["stories"], summary="Stories (groups of articles on one situation), largest first")
def api_stories(request: Request, page: Paging = Depends(paging),
                date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    store = state(request).store
    filters = clean(date_range(date_from, date_to))

    def compute():
        rows = store.stories(limit=page.limit, offset=page.offset, **filters)
        return listing(request, "stories", rows, store.count_stories(), page)
    return cached(request, compute)


@router.get("/api/stories/{story_id}", tags=["stories"], summary="One story: its articles and dated timeline")
def api_story(request: Request, story_id: int = Path(..., ge=0)):
    from ..corpus import timeline

    store = state(request).store
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id}")
    story["timeline"] = [d.as_dict() for d in timeline(store, story_id=story_id)]
    return story


@router.get("/api/timeline", tags=["stories"],
            summary="Dated timeline: per day, merged events best supported first, with their sources")
def api_timeline(request: Request, page: Paging = Depends(paging),
                 actor: list[str] = Query([], description="One actor (either side), or twice for a dyad."),
                 country: str | None = Query(None), story_id: int | None = Query(None, ge=0),
                 min_sources: int | None = Query(None, ge=1, le=1000), quad_class: str | None = Query(None),
                 date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    from ..corpus import timeline

    if len(actor) > 2:
        from .params import BadParameter

        raise BadParameter("actor", ",".join(actor), "one actor, or two for a dyad")
    actors = [a for a in (actor_value("actor", a) for a in actor) if a]
    filters = clean({"country": country_value(country), "story_id": story_id, "min_sources": min_sources,
                     "quad_class": quad_value(quad_class), **date_range(date_from, date_to)})
    store = state(request).store

    def compute():
        days = timeline(store, actors=actors, **filters)
        if page.fmt != "json":
            rows = [{"day": d.day, **_plain(ev)} for d in days for ev in d.events]
            return download("timeline", rows[page.offset:page.offset + page.limit], page.fmt)
        shown = days[page.offset:page.offset + page.limit]
        return listing(request, "timeline", [d.as_dict() for d in shown], len(days), page)
    return cached(request, compute)


@router.get("/api/escalation", tags=["stories"],
            summary="Daily escalation series per dyad or country: events by quad class, Goldstein, fatalities, flags")
def api_escalation(request: Request, page: Paging = Depends(paging),
                   by: str = Query("dyad", pattern="^(dyad|country)$"), country: str | None = Query(None),
                   dyad: str | None = Query(None, description="Two actors: IND,PAK."),
                   flagged_only: bool = Query(False, description="Only the flagged days of each series."),
                   date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    from ..corpus.escalation import daily_series

    filters = clean({"country": country_value(country), "dyad": dyad_value(dyad), **date_range(date_from, date_to)})
    if filters.get("country") and by == "dyad" and not filters.get("dyad"):
        by = "country"
    store = state(request).store

    def compute():
        series = daily_series(store, by=by, **filters)
        keys = sorted(series, key=lambda k: (-sum(p.score for p in series[k]), k))
        items = []
        for key in keys:
            points = [p.as_dict() for p in series[key] if p.flag or not flagged_only]
            items.append({"key": key, "flags": [p.day for p in series[key] if p.flag], "days": points})
        if page.fmt != "json":
            rows = [{"key": it["key"], **p} for it in items for p in it["days"]]
            return download("escalation", rows[page.offset:page.offset + page.limit], page.fmt)
        return listing(request, "escalation", items[page.offset:page.offset + page.limit], len(items), page, by=by)
    return cached(request, compute)


# ------------------------------------------------------------------ extraction and ingest


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"request body too large ({int(declared):,} bytes; the limit is {limit:,})")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"request body too large (over {limit:,} bytes)")
    return body


def _article_fields(body: bytes, content_type: str, query_date: str | None) -> list[dict]:
    """The article(s) in a request body: JSON (one object, a list, or {"articles": [...]}) or plain text."""
    if "json" in content_type:
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise HTTPException(400, f"body is not valid JSON: {exc}") from None
        if isinstance(data, dict) and isinstance(data.get("articles"), list):
            data = data["articles"]
        items = data if isinstance(data, list) else [data]
        if not all(isinstance(i, dict) for i in items):
            raise HTTPException(422, "expected an article object {\"text\": ..., \"date\": ...} or a list of them")
    elif content_type.startswith("text/plain") or not content_type:
        try:
            items = [{"text": body.decode("utf-8")}]
        except UnicodeDecodeError:
            raise HTTPException(400, "body is not UTF-8 text") from None
    elif content_type.startswith("application/x-www-form-urlencoded"):
        from urllib.parse import parse_qs

        form = parse_qs(body.decode("utf-8", "replace"))
        items = [{k: v[0] for k, v in form.items()}]
    else:
        raise HTTPException(415, f"unsupported content type {content_type!r}: send JSON or text/plain")
    for item in items:
        if query_date and not item.get("date"):
            item["date"] = query_date
        text = item.get("text")
        if not isinstance(text, str):
            raise HTTPException(422, "article has no \"text\" string")
        for key in ("date", "title", "url", "source", "id"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise HTTPException(422, f"article field {key!r} must be a string")
    return items


@router.post("/extract", tags=["extract"], summary="Code a pasted article without storing it",
             description="Body: JSON {\"text\", \"date\" (YYYY-MM-DD), \"title\"?} or text/plain with ?date=. "
                         "Answers the ArticleRecord as JSON, or with ?view=html the highlighted article as an HTML fragment.")
async def extract(request: Request, date: str | None = Query(None, max_length=32),
                  view: str = Query("json", pattern="^(json|html)$")):
    from starlette.concurrency import run_in_threadpool

    serve = state(request)
    body = await _read_body(request, max(serve.max_extract_chars * 4 + 4096, 4096))
    items = _article_fields(body, request.headers.get("content-type", "").lower(), date)
    if len(items) != 1:
        raise HTTPException(422, "send one article to /extract")
    item = items[0]
    if len(item["text"]) > serve.max_extract_chars:
        raise HTTPException(413, f"article too long ({len(item['text']):,} characters; the limit is {serve.max_extract_chars:,})")
    meta = {k: item[k] for k in ("title", "url", "source") if item.get(k)}
    try:
        record = await run_in_threadpool(serve.extract, item["text"], item.get("date") or None, **meta)
    except EventwireError as exc:
        raise HTTPException(422, exc.message) from None
    if view == "html":
        from .pages import render_highlight

        return Response(render_highlight(request, record.text, record.model_dump(mode="json")), media_type="text/html")
    return JSONResponse(record.model_dump(mode="json"))


@router.post("/api/ingest", tags=["extract"], summary="Extract and store articles (only with the server's token)",
             description="Enabled when the server was started with --token. Send Authorization: Bearer TOKEN and "
                         "a JSON article, a list of them, or {\"articles\": [...]} (at most 100).")
async def ingest(request: Request, authorization: str | None = Header(None),
                 x_eventwire_token: str | None = Header(None)):
    from starlette.concurrency import run_in_threadpool

    serve = state(request)
    if not serve.ingest_enabled:
        raise HTTPException(403, "ingest is disabled: this server is read-only (start it with --token to allow ingest)")
    given = x_eventwire_token
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not serve.token_ok(given):
        raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    body = await _read_body(request, 20 * 1024 * 1024)
    items = _article_fields(body, request.headers.get("content-type", "application/json").lower(), None)
    if len(items) > 100:
        raise HTTPException(413, f"too many articles in one request ({len(items)}; the limit is 100)")
    return await run_in_threadpool(_ingest_items, serve, items)


def _ingest_items(serve, items: list[dict]) -> dict:
    from ..corpus import analyze
    from ..corpus.stories import StoryOptions

    stored, skipped, errors, ids = 0, 0, [], []
    with serve._write_lock:
        for n, item in enumerate(items):
            meta = {k: item[k] for k in ("title", "url", "source", "id") if item.get(k)}
            try:
                record = serve.extract(item["text"], item.get("date") or None, **meta)
            except EventwireError as exc:
                errors.append({"index": n, "error": exc.message})
                continue
            ids.append(record.id)
            if serve.store.add_record(record):
                stored += 1
            else:
                skipped += 1
        if stored:
            analyze(serve.store, stories=StoryOptions(embeddings=serve.story_embeddings))
    serve.invalidate()
    return {"stored": stored, "already_stored": skipped, "errors": errors, "ids": ids}
