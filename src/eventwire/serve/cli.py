"""``eventwire serve``: run the API and dashboard with uvicorn."""

from __future__ import annotations

import click

from ..errors import EventwireError


@click.command()
@click.option("--db", "db_url", default=None, envvar="EVENTWIRE_DB", show_envvar=True,
              help="Database: a SQLite file (default eventwire.db) or postgresql://user@host/db.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="EVENTWIRE_TOKEN", default=None,
              help="Allow POST /api/ingest with this bearer token (otherwise the server is read-only).")
@click.option("--model", default=None, help="spaCy model for /extract and ingest (loaded on first use).")
@click.option("--embeddings/--no-embeddings", default=True, show_default=True,
              help="Group ingested articles into stories with sentence embeddings (else bag of words).")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Keep answers per URL until the data changes.")
@click.option("--workers", default=1, show_default=True, help="uvicorn worker processes.")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db_url, host, port, token, model, embeddings, cache, workers, log_level):
    """Serve the REST API (/api/, docs at /docs) and the dashboard over the database."""
    import os
    from pathlib import Path

    import uvicorn

    from ..store.store import normalize_url
    from .app import create_app

    url = normalize_url(db_url)
    if url.startswith("sqlite:///") and not token and not Path(url[len("sqlite:///"):]).exists():
        raise click.ClickException(f"no database at {url[len('sqlite:///'):]} (create one with `eventwire ingest PATH --db ...`)")

    if workers > 1:  # uvicorn needs an import string to start several workers: pass the settings by environment
        os.environ.update({"EVENTWIRE_SERVE_DB": db_url or "", "EVENTWIRE_SERVE_TOKEN": token or "",
                           "EVENTWIRE_SERVE_MODEL": model or "", "EVENTWIRE_SERVE_EMBEDDINGS": "1" if embeddings else "0",
                           "EVENTWIRE_SERVE_CACHE": "1" if cache else "0"})
        uvicorn.run("eventwire.serve.cli:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level)
        return
    try:
        app = create_app(db_url, token=token, model=model, story_embeddings=embeddings, cache=cache)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"eventwire serving {app.state.serve.store!r} on http://{host}:{port}/ "
               f"({'ingest with token' if app.state.serve.ingest_enabled else 'read-only'})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def app_from_env():
    import os

    from .app import create_app

    return create_app(os.environ.get("EVENTWIRE_SERVE_DB") or None, token=os.environ.get("EVENTWIRE_SERVE_TOKEN") or None,
                      model=os.environ.get("EVENTWIRE_SERVE_MODEL") or None,
                      story_embeddings=os.environ.get("EVENTWIRE_SERVE_EMBEDDINGS", "1") == "1",
                      cache=os.environ.get("EVENTWIRE_SERVE_CACHE", "1") == "1")
