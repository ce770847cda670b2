"""The FastAPI application: ``create_app(db_url)`` gives the REST API, the dashboard and the docs.

    from eventwire.serve import create_app
    app = create_app("eventwire.db")              # read-only
    app = create_app("eventwire.db", token="s3cret")   # also POST /api/ingest with that token

Run it with ``eventwire serve`` (uvicorn). Everything the pages need is in
``templates/`` and ``static/``; the Swagger UI at ``/docs`` is served from
the installed ``swagger-ui-bundle`` package, so nothing is fetched from the
internet.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import EventwireError
from ..store import Store

log = logging.getLogger(__name__)

MAX_EXTRACT_CHARS = 100_000  # characters of a pasted article
MAX_BODY_BYTES = 1_000_000  # bytes of a request body (extract, ingest)
CACHE_SECONDS = 2.0  # how often the data version is re-read for the response cache


def package_path(name: str) -> Path:
    return Path(str(resources.files("eventwire.serve") / name))


class ServeState:
    """What the routes share: the store, the lazily loaded pipeline, the response cache."""

    def __init__(self, db_url: str, *, token: str | None, read_only: bool, model: str | None,
                 story_embeddings: bool, max_extract_chars: int, cache: bool = True):
        self.store = Store(db_url)
        self.cache_enabled = cache
        self.token = token
        self.read_only = read_only
        self.model = model
        self.story_embeddings = story_embeddings
        self.max_extract_chars = max_extract_chars
        self._pipeline = None
        self._pipeline_lock = threading.Lock()
        self._extract_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._cache: dict = {}
        self._cache_lock = threading.Lock()
        self._version = None
        self._version_checked = 0.0

    # --- the pipeline, loaded on the first /extract or ingest
    def pipeline(self):
        if self._pipeline is None:
            with self._pipeline_lock:
                if self._pipeline is None:
                    from ..pipeline import DEFAULT_MODEL, Pipeline

                    log.info("loading the extraction pipeline")
                    self._pipeline = Pipeline(self.model or DEFAULT_MODEL)
        return self._pipeline

    def extract(self, text: str, date: str | None, **meta):
        pipeline = self.pipeline()
        with self._extract_lock:  # one spaCy Doc at a time
            return pipeline.extract(text, date=date, **meta)

    # --- ingest
    @property
    def ingest_enabled(self) -> bool:
        return bool(self.token) and not self.read_only

    def token_ok(self, given: str | None) -> bool:
        return bool(self.token) and given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    # --- a small response cache, dropped whenever the data changes
    def data_version(self):
        now = time.monotonic()
        if self._version is None or now - self._version_checked > CACHE_SECONDS:
            from .queries import data_version

            version = data_version(self.store)
            with self._cache_lock:
                if version != self._version:
                    self._cache.clear()
                    self._version = version
                self._version_checked = now
        return self._version

    def cached(self, key, compute):
        if not self.cache_enabled:
            return compute()
        version = self.data_version()
        with self._cache_lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = compute()
        with self._cache_lock:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = (version, value)
        return value

    def peek(self, key):
        """A cached value for ``key`` at the current data version, or None (never computes)."""
        if not self.cache_enabled:
            return None
        version = self.data_version()
        with self._cache_lock:
            hit = self._cache.get(key)
        return hit[1] if hit is not None and hit[0] == version else None

    def keep(self, key, value, version):
        with self._cache_lock:
            if version != self._version:
                return  # the data changed while this answer was computed
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = (version, value)

    def invalidate(self):
        with self._cache_lock:
            self._cache.clear()
            self._version = None


class ResponseCache:
    """ASGI middleware: a GET under /api/ answered 200 is kept (status, headers, body) until the data changes.

    A repeated query is then answered before routing and validation; any
    other request passes through untouched.
    """

    def __init__(self, app, state: ServeState):
        self.app = app
        self.state = state

    async def __call__(self, scope, receive, send):
        state = self.state
        if (scope["type"] != "http" or scope["method"] != "GET" or not state.cache_enabled
                or not scope["path"].startswith("/api/")):
            await self.app(scope, receive, send)
            return
        key = ("http", scope["path"], scope.get("query_string", b""))
        hit = state.peek(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        version = state._version
        started: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    state.keep(key, (200, list(started.get("headers", [])), b"".join(chunks)), version)
            await send(message)

        await self.app(scope, receive, capture)


def _error_body(status: int, message: str, detail=None) -> dict:
    body = {"error": message, "status": status}
    if detail is not None:
        body["detail"] = detail
    return body


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path.endswith(".json") or path in ("/extract", "/openapi.json")) and \
        "text/html" in request.headers.get("accept", "")


def create_app(db_url: str | None = None, *, token: str | None = None, read_only: bool | None = None,
               model: str | None = None, story_embeddings: bool = True,
               max_extract_chars: int = MAX_EXTRACT_CHARS, cache: bool = True) -> FastAPI:
    """The API and dashboard over the database at ``db_url``.

    ``read_only`` (default: read-only unless a ``token`` is given): when
    False and a token is set, ``POST /api/ingest`` stores articles sent with
    ``Authorization: Bearer TOKEN``. ``POST /extract`` never stores anything.
    ``cache``: answers are kept per URL until the data changes (the data
    version is re-read at most every ``CACHE_SECONDS``; an ingest through
    this server drops the cache at once).
    """
    if read_only is None:
        read_only = not token
    state = ServeState(db_url, token=token, read_only=read_only, model=model, story_embeddings=story_embeddings,
                       max_extract_chars=max_extract_chars, cache=cache)
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Structured, source-linked event data from news articles: events (CAMEO/PLOVER/ACLED), actors, "
                    "quotes, casualties, merged cross-source events, stories, timelines and escalation series.",
        docs_url=None, redoc_url=None, lifespan=_lifespan,
    )
    app.state.serve = state
    app.add_middleware(ResponseCache, state=state)
    templates = Jinja2Templates(directory=str(package_path("templates")))
    templates.env.globals.update(version=__version__, ingest_enabled=state.ingest_enabled)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(package_path("static"))), name="static")
    _mount_docs(app)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        detail = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
            name = ".".join(loc) or "request"
            detail.append({"param": name, "message": f"{name}: {err.get('msg')}", "value": _shown(err.get("input"))})
        message = "invalid parameter: " + "; ".join(d["message"] for d in detail)
        return JSONResponse(_error_body(422, message, detail), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail
        if isinstance(detail, list) and detail and isinstance(detail[0], dict):
            message = "invalid parameter: " + "; ".join(d.get("message", "") for d in detail)
        else:
            message, detail = str(detail), None
        if _wants_html(request):
            html = templates.get_template("error.html").render(request=request, status=exc.status_code, message=message)
            return HTMLResponse(html, status_code=exc.status_code)
        return JSONResponse(_error_body(exc.status_code, message, detail), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(EventwireError)
    async def _eventwire_error(request: Request, exc: EventwireError):
        return JSONResponse(_error_body(422, exc.message), status_code=422)

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    return app


@asynccontextmanager
async def _lifespan(app: FastAPI):
    yield
    app.state.serve.store.close()


def _shown(value):
    if value is None or isinstance(value, (int, float, bool)):
        return value
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the installed swagger-ui-bundle (no CDN); a plain endpoint list without it."""
    from fastapi.openapi.docs import get_swagger_ui_html

    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - a dependency; the fallback keeps /docs useful
        swagger_ui_path = None
    if swagger_ui_path:
        app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs/openapi-3.0.json", include_in_schema=False)
    def openapi_for_swagger_ui():
        # the bundled Swagger UI (4.x) reads OpenAPI 3.0 documents; the spec itself is 3.1 at /openapi.json
        return {**app.openapi(), "openapi": "3.0.3"}

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request):
        if swagger_ui_path:
            return get_swagger_ui_html(openapi_url="/docs/openapi-3.0.json", title="eventwire API",
                                       swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                       swagger_css_url="/docs-assets/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
        spec = app.openapi()
        return request.app.state.templates.TemplateResponse(request, "docs.html", {"spec": spec})
