"""The dashboard: server-rendered pages, each with a JSON twin (the same URL ending in ``.json``)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from .api import _ID, merged_filters, state
from .charts import QUAD_COLORS, QUAD_LABELS, fatality_chart, quad_chart
from .highlight import highlight
from .params import PAGE_MAX, actor_value, clean, date_range

router = APIRouter(include_in_schema=False)


def _render(request: Request, template: str, context: dict, status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    html = templates.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def _json(context: dict) -> JSONResponse:
    return JSONResponse({k: v for k, v in context.items() if not k.startswith("_")})


def render_highlight(request: Request, text: str, items: dict) -> str:
    """The highlighted-article partial (used by the article page and by POST /extract?view=html)."""
    marked = highlight(text, items)
    return request.app.state.templates.get_template("_highlight.html").render(request=request, text=text, **marked)


def _plain(rows):
    return [{k: v for k, v in r.items() if k != "data"} for r in rows]


# ------------------------------------------------------------------ overview


def overview_context(request: Request, date_from=None, date_to=None) -> dict:
    from ..corpus.escalation import daily_series, flagged_days
    from .queries import daily_counts, top_dyads

    serve = state(request)
    store = serve.store

    def compute():
        counts = store.counts()
        daily = daily_counts(store, date_from=date_from, date_to=date_to)
        flags = []
        if counts.get("merged_events"):
            series = daily_series(store, by="dyad", date_from=date_from, date_to=date_to)
            flags = [{"key": key, "day": day, "events": p.events, "fatalities": p.fatalities, "score": round(p.score, 1),
                      "baseline": round(p.baseline, 1)} for key, day, p in flagged_days(series)[:12]]
        return {
            "window": {"date_from": date_from, "date_to": date_to},
            "totals": {k: counts.get(k, 0) for k in ("articles", "events", "merged_events", "quotes", "casualties", "stories")},
            "daily": daily,
            "dyads": top_dyads(store, limit=10, date_from=date_from, date_to=date_to),
            "flags": flags,
            "latest_articles": store.articles(limit=8),
            "top_stories": store.stories(limit=6),
        }
    return serve.cached(("overview", date_from, date_to), compute)


def _day_filters(date_from: dt.date | None, date_to: dt.date | None) -> dict:
    return date_range(date_from, date_to)


def _window(request: Request, date_from: dt.date | None, date_to: dt.date | None) -> dict:
    """The days asked for; by default the last 30 days with events."""
    from .queries import recent_window

    days = _day_filters(date_from, date_to)
    if not days["date_from"] and not days["date_to"]:
        days["date_from"], days["date_to"] = recent_window(state(request).store)
    return days


@router.get("/overview.json")
def overview_json(request: Request, date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    return _json(overview_context(request, **_window(request, date_from, date_to)))


@router.get("/", response_class=HTMLResponse)
@router.get("/overview", response_class=HTMLResponse)
def overview(request: Request, date_from: dt.date | None = Query(None), date_to: dt.date | None = Query(None)):
    context = overview_context(request, **_window(request, date_from, date_to))
    daily = context["daily"]
    flag_days = {f["day"] for f in context["flags"]}
    charts = {
        "quad": quad_chart(daily["days"], daily["quad"], flag_days),
        "fatalities": fatality_chart(daily["days"], daily["killed"], daily["injured"]),
    }
    return _render(request, "overview.html", {**context, "charts": charts, "title": "Overview"})


# ------------------------------------------------------------------ articles


def articles_context(request: Request, q, source, offset, limit) -> dict:
    store = state(request).store
    filters = clean({"q": q, "source": source})
    return {"articles": store.articles(limit=limit, offset=offset, **filters), "total": store.count_articles(**filters),
            "offset": offset, "limit": limit, "q": q or "", "source": source or ""}


@router.get("/articles.json")
def articles_json(request: Request, q: str | None = Query(None, max_length=200), source: str | None = Query(None, max_length=200),
                  offset: int = Query(0, ge=0), limit: int = Query(50, ge=1)):
    return _json(articles_context(request, q, source, offset, min(limit, PAGE_MAX)))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, q: str | None = Query(None, max_length=200), source: str | None = Query(None, max_length=200),
             offset: int = Query(0, ge=0), limit: int = Query(50, ge=1)):
    context = articles_context(request, q, source, offset, min(limit, PAGE_MAX))
    return _render(request, "articles.html", {**context, "title": "Articles"})


def article_context(request: Request, article_id: str) -> dict:
    store = state(request).store
    article = store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    items = store.items(article_id)
    article.pop("data", None)
    return {"article": article, "items": {k: _plain(v) for k, v in items.items()}, "story_id": store.story_of(article_id),
            "_raw_items": items}


@router.get("/articles/{article_id}.json")
def article_json(request: Request, article_id: str = Path(..., pattern=_ID)):
    return _json(article_context(request, article_id))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str = Path(..., pattern=_ID)):
    context = article_context(request, article_id)
    text = context["article"]["text"]
    marked_html = render_highlight(request, text, context["_raw_items"])
    return _render(request, "article.html", {**context, "marked": marked_html, "title": context["article"].get("title") or article_id})


# ------------------------------------------------------------------ stories


def stories_context(request: Request, offset: int, limit: int) -> dict:
    store = state(request).store
    return {"stories": store.stories(limit=limit, offset=offset), "total": store.count_stories(), "offset": offset, "limit": limit}


@router.get("/stories.json")
def stories_json(request: Request, offset: int = Query(0, ge=0), limit: int = Query(50, ge=1)):
    return _json(stories_context(request, offset, min(limit, PAGE_MAX)))


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, offset: int = Query(0, ge=0), limit: int = Query(50, ge=1)):
    return _render(request, "stories.html", {**stories_context(request, offset, min(limit, PAGE_MAX)), "title": "Stories"})


def story_context(request: Request, story_id: int) -> dict:
    from ..corpus import timeline
    from .queries import reported_figures, story_casualties

    store = state(request).store
    story = store.story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id}")
    days = timeline(store, story_id=story_id)
    reports = story_casualties(store, story_id)
    return {"story": story, "timeline": [d.as_dict() for d in days], "casualty_reports": reports,
            "figures": reported_figures(reports)}


@router.get("/stories/{story_id}.json")
def story_json(request: Request, story_id: int = Path(..., ge=0)):
    return _json(story_context(request, story_id))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: int = Path(..., ge=0)):
    from .queries import calendar

    context = story_context(request, story_id)
    figures = context["figures"]
    chart = None
    if figures:
        days = calendar(min(figures), max(figures))
        killed = {d: figures.get(d, {}).get("killed", {}).get("max", 0) for d in days}
        injured = {d: figures.get(d, {}).get("injured", {}).get("max", 0) for d in days}
        chart = fatality_chart(days, killed, injured)
    return _render(request, "story.html", {**context, "chart": chart, "title": context["story"].get("title") or f"Story {story_id}"})


# ------------------------------------------------------------------ map


def map_context(request: Request, filters: dict) -> dict:
    from .queries import place_fallbacks

    store = state(request).store
    rows = store.merged_events(limit=5000, order="support", **filters)
    for row in rows:
        row["located_by"] = "event" if row.get("place_lat") is not None and row.get("place_lon") is not None else None
    fallback = place_fallbacks(store, [r["id"] for r in rows if not r["located_by"]])
    for row in rows:
        if not row["located_by"] and row["id"] in fallback:
            row.update(fallback[row["id"]])
    points = [r for r in rows if r.get("located_by")]
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [r["place_lon"], r["place_lat"]]},
        "properties": {k: r.get(k) for k in ("id", "day", "cameo", "quad_class", "goldstein", "source_code", "source_name",
                                             "target_code", "target_name", "place_name", "place_country", "num_sources",
                                             "num_mentions", "killed", "summary", "located_by")},
    } for r in points]
    return {"type": "FeatureCollection", "features": features, "unplaced": len(rows) - len(points), "filters": filters}


@router.get("/map.json")
def map_json(request: Request, filters: dict = Depends(merged_filters)):
    return _json(map_context(request, filters))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, filters: dict = Depends(merged_filters), world: bool = Query(False)):
    from .worldmap import project, world as outline

    context = map_context(request, filters)
    shapes = outline()
    # one circle per location: its size grows with the events there, its colour is their most severe quad class
    spots: dict[tuple, dict] = {}
    for feature in context["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        x, y = project(lon, lat)
        props = feature["properties"]
        spot = spots.setdefault((round(x, 2), round(y, 2)), {"x": round(x, 2), "y": round(y, 2), "events": [], "quad": 0,
                                                             "place": props.get("place_name") or "", "killed": 0})
        spot["events"].append(props)
        spot["quad"] = max(spot["quad"], props.get("quad_class") or 0)
        spot["killed"] += props.get("killed") or 0
    marks = []
    for spot in spots.values():
        n = len(spot["events"])
        marks.append({**spot, "n": n, "r": 0.9 + 0.7 * n ** 0.5, "color": QUAD_COLORS.get(spot["quad"], "#555"),
                      "events": sorted(spot["events"], key=lambda e: e.get("day") or "")})
    box = [0, 0, 360, 180]
    if marks and not world:
        xs, ys = [m["x"] for m in marks], [m["y"] for m in marks]
        width = max(24.0, (max(xs) - min(xs)) * 1.6)
        height = max(12.0, (max(ys) - min(ys)) * 1.6, width / 2.2)
        width = max(width, height * 2.2)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        box = [round(cx - width / 2, 2), round(cy - height / 2, 2), round(width, 2), round(height, 2)]
    scale = box[2] / 360
    listed = sorted((e for m in marks for e in m["events"]), key=lambda e: (e.get("day") or "", e.get("place_name") or ""))
    return _render(request, "map.html", {**context, "countries": shapes.get("countries", []), "marks": marks, "box": box,
                                         "listed": listed,
                                         "scale": scale, "world": world, "quad_labels": QUAD_LABELS,
                                         "quad_colors": QUAD_COLORS, "title": "Map"})


# ------------------------------------------------------------------ actors


def actors_context(request: Request, offset: int, limit: int) -> dict:
    store = state(request).store
    return {"actors": store.actor_summary(limit=limit, offset=offset), "offset": offset, "limit": limit}


@router.get("/actors.json")
def actors_json(request: Request, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1)):
    return _json(actors_context(request, offset, min(limit, PAGE_MAX)))


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, offset: int = Query(0, ge=0), limit: int = Query(100, ge=1)):
    return _render(request, "actors.html", {**actors_context(request, offset, min(limit, PAGE_MAX)), "title": "Actors"})


def actor_context(request: Request, actor: str) -> dict:
    from .queries import actor_matches, counterpart_summary

    actor = actor_value("actor", actor)
    if not actor:
        raise HTTPException(404, "no actor given")
    from ..corpus.timeline import describe

    store = state(request).store
    did = _plain(store.events(source_actor=actor, limit=200))
    done_to = _plain(store.events(target_actor=actor, limit=200))
    for row in did + done_to:
        row["description"] = describe(row.get("cameo"))
    said = {q["id"]: q for q in _plain(store.quotes(actor=actor, limit=100))}
    if not actor.isupper():  # a name: also the quotes whose speaker is called so
        said.update({q["id"]: q for q in _plain(store.quotes(speaker=actor, limit=100))})
    return {
        "actor": actor,
        "matches": actor_matches(store, actor),
        "did": did, "did_total": store.count_events(source_actor=actor),
        "done_to": done_to, "done_to_total": store.count_events(target_actor=actor),
        "said": sorted(said.values(), key=lambda q: (q.get("article_date") or "", q["id"])),
        "did_summary": counterpart_summary(did, "target"),
        "done_to_summary": counterpart_summary(done_to, "source"),
    }


@router.get("/actors/{actor}.json")
def actor_json(request: Request, actor: str):
    return _json(actor_context(request, actor))


@router.get("/actors/{actor}", response_class=HTMLResponse)
def actor_page(request: Request, actor: str):
    context = actor_context(request, actor)
    return _render(request, "actor.html", {**context, "title": f"Actor {context['actor']}"})


# ------------------------------------------------------------------ paste an article


@router.get("/extract", response_class=HTMLResponse)
def paste(request: Request):
    serve = state(request)
    return _render(request, "extract.html", {"title": "Code an article", "max_chars": serve.max_extract_chars,
                                             "today": dt.date.today().isoformat()})
