"""Shared by the serve tests: one demo database and one real server process per test session.

The database holds the demo corpus (examples/demo), our own example
article, and the seed article when ../shared is present. The server is
``python -m eventwire serve`` on a free loopback port, with an ingest token.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
EXAMPLE = ROOT / "examples" / "2024-03-14_arauca_strikes.txt"
TOKEN = "test-token-4f1c"

_STATE: dict = {}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_path() -> Path | None:
    from eventwire.bench.report import shared_dir

    shared = shared_dir()
    found = sorted((shared / "seed").glob("*.txt")) if shared and (shared / "seed").is_dir() else []
    return found[0] if found else None


def build_db(pipeline, folder: Path) -> dict:
    """Ingest the demo corpus (+ example, + seed when present) into a new SQLite file; returns facts about it."""
    from eventwire.article import read_articles
    from eventwire.corpus import analyze
    from eventwire.corpus.stories import StoryOptions
    from eventwire.store import Store

    db = folder / "serve-demo.db"
    paths = [str(DEMO), str(EXAMPLE)]
    seed = seed_path()
    if seed:
        paths.append(str(seed))
    items = [i for i in read_articles(paths) if not hasattr(i, "message")]
    with Store(db) as store:
        records = list(pipeline.extract_many(items))
        store.add_records(records)
        analyze(store, stories=StoryOptions(embeddings=False))
        counts = store.counts()
    seed_id = None
    if seed:
        from eventwire.article import article_id, parse_seed

        _date, text = parse_seed(seed.read_text(encoding="utf-8"))
        seed_id = next((r.id for r in records if r.text == text), None) or article_id(text)
    return {"db": db, "counts": counts, "seed_id": seed_id, "records": {r.id: r for r in records}}


def start_server(db: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(log_path, "wb")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
         "--token", TOKEN, "--no-embeddings", "--log-level", "warning"],
        stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"eventwire serve exited with {proc.returncode}: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/api/articles?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("eventwire serve did not answer within 60 s")


def stop_server() -> None:
    proc = _STATE.pop("proc", None)
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def served(pipeline, tmp_path_factory) -> dict:
    """The session's server: {"base", "db", "counts", "seed_id", "records"} (started on first use)."""
    if "info" not in _STATE:
        folder = tmp_path_factory.mktemp("serve")
        info = build_db(pipeline, folder)
        proc, base = start_server(info["db"], folder / "server.log")
        _STATE["proc"] = proc
        info["base"] = base
        info["folder"] = folder
        _STATE["info"] = info
        atexit.register(stop_server)
    return _STATE["info"]
