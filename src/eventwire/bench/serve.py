"""``eventwire bench serve``: load on the API - 50 concurrent clients for 30 s on loopback.

The demo corpus (examples/demo) is extracted into a temporary SQLite
database (or ``--data`` names an existing database file), ``eventwire serve``
is started on a free 127.0.0.1 port, and 50 clients, each sending its next
request as soon as the last one is answered, cycle through a fixed mix of
``/api/events`` (filters and pages) and ``/api/timeline`` URLs. Measured:
requests/s, latency p50/p90/p99/max and errors (any non-200 answer or
transport failure), once with the server's response cache (the default) and
once with ``--no-cache`` (every request reaches SQLite). Target: p99 < 500 ms
and no errors at 50 clients. ``--limit N`` shortens each run to N seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report import BenchResult, environment_line, markdown_table

log = logging.getLogger(__name__)

CLIENTS = 50
SECONDS = 30
TARGET_P99_MS = 500.0
SETTINGS = [(True, 1), (False, 1), (False, 2)]  # (response cache, uvicorn workers)

URLS = [
    "/api/events",
    "/api/events?actor=IND",
    "/api/events?actor=PAK&quad_class=4",
    "/api/events?dyad=IND,PAK&limit=100",
    "/api/events?cameo=19",
    "/api/events?quad_class=3,4&date_from=2025-09-05&date_to=2025-09-12",
    "/api/events?country=PAK&offset=20&limit=20",
    "/api/events?plover_type=ASSAULT",
    "/api/events?limit=200",
    "/api/timeline",
    "/api/timeline?actor=IND&actor=PAK",
    "/api/timeline?actor=PAK&min_sources=2",
    "/api/timeline?date_from=2025-09-05&date_to=2025-09-12",
]


# ------------------------------------------------------------------ pure helpers


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of sorted values, nearest rank; 0.0 for no values."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def summarize(latencies: list[float], errors: int, seconds: float) -> dict:
    """Requests/s and latency percentiles (ms) of one run."""
    values = sorted(latencies)
    done = len(values) + errors
    return {
        "requests": done, "errors": errors, "rps": done / seconds if seconds > 0 else 0.0,
        "p50": percentile(values, 50) * 1000, "p90": percentile(values, 90) * 1000,
        "p99": percentile(values, 99) * 1000, "max": (values[-1] * 1000) if values else 0.0,
    }


# ------------------------------------------------------------------ the load


async def _get(reader, writer, host: str, path: str) -> int:
    """One GET on a kept-alive HTTP/1.1 connection; returns the status (the body is read and dropped)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), None)
    if length is None:
        raise ConnectionError("answer without Content-Length")
    await reader.readexactly(length)
    return status


async def _load(base: str, urls: list[str], clients: int, seconds: float) -> dict:
    """``clients`` connections, each sending its next request when the last is answered, for ``seconds``.

    A minimal keep-alive HTTP/1.1 client on asyncio streams, so the load
    generator spends little of the machine's CPU the server needs.
    """
    host, port = base.split("//", 1)[1].split(":")
    latencies: dict[str, list[float]] = {u: [] for u in urls}
    errors: dict[str, int] = {u: 0 for u in urls}
    samples: list[str] = []
    cycle = itertools.cycle(urls)
    stop = time.perf_counter() + seconds

    async def worker():
        reader = writer = None
        while time.perf_counter() < stop:
            url = next(cycle)
            started = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, int(port))
                status = await asyncio.wait_for(_get(reader, writer, f"{host}:{port}", url), timeout=30)
                ok = status == 200
                if not ok and len(samples) < 5:
                    samples.append(f"{url}: HTTP {status}")
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError, ConnectionError) as exc:
                ok = False
                if len(samples) < 5:
                    samples.append(f"{url}: {type(exc).__name__}")
                if writer is not None:
                    writer.close()
                reader = writer = None
            if ok:
                latencies[url].append(time.perf_counter() - started)
            else:
                errors[url] += 1
        if writer is not None:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed, "samples": samples}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(db: Path, cache: bool, log_path: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    args = [sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--cache" if cache else "--no-cache", "--workers", str(workers)]
    proc = subprocess.Popen(args, stdout=open(log_path, "wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text(errors='replace')[-1000:]}")
        try:
            if httpx.get(base + "/api/events?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")


def build_demo_db(folder: Path) -> Path:
    """The demo corpus, extracted and analyzed, in a new SQLite file."""
    from ..article import read_articles
    from ..corpus import analyze
    from ..corpus.stories import StoryOptions
    from ..pipeline import Pipeline
    from ..store import Store

    demo = Path(__file__).resolve().parents[3] / "examples" / "demo"
    if not demo.is_dir():
        from ..errors import BadInput

        raise BadInput(f"the demo corpus is not at {demo}; pass --data FILE.db")
    db = folder / "bench-serve.db"
    items = [i for i in read_articles([str(demo)]) if not hasattr(i, "message")]
    with Store(db) as store:
        store.add_records(Pipeline().extract_many(items))
        analyze(store, stories=StoryOptions(embeddings=False))
    return db


def run(data_dir=None, limit=None, clients: int = CLIENTS, seconds: float | None = None) -> BenchResult:
    seconds = float(seconds or limit or SECONDS)
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-serve-") as tmp:
        folder = Path(tmp)
        db = Path(data_dir) if data_dir and Path(data_dir).is_file() else build_demo_db(folder)
        from ..store import Store

        with Store(db) as store:
            counts = store.counts()
        runs = {}
        for cache, workers in SETTINGS:
            proc, base = _start(db, cache, folder / f"server-{cache}-{workers}.log", workers)
            try:
                asyncio.run(_load(base, URLS, 5, 1.0))  # warm up (imports, first queries)
                runs[(cache, workers)] = asyncio.run(_load(base, URLS, clients, seconds))
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    return _report(runs, counts, clients, seconds)


def _report(runs: dict, counts: dict, clients: int, seconds: float) -> BenchResult:
    rows, figures = [], {}
    for (cache, workers), result in runs.items():
        label = ("cache on" if cache else "cache off") + f", {workers} worker{'s' if workers > 1 else ''}"
        label += " (default)" if cache and workers == 1 else ""
        for name, urls in (("events", [u for u in URLS if u.startswith("/api/events")]),
                           ("timeline", [u for u in URLS if u.startswith("/api/timeline")]),
                           ("all", URLS)):
            lat = [v for u in urls for v in result["latencies"][u]]
            err = sum(result["errors"][u] for u in urls)
            s = summarize(lat, err, result["elapsed"])
            rows.append([label, name, s["requests"], f"{s['rps']:.0f}", f"{s['p50']:.0f}", f"{s['p90']:.0f}",
                         f"{s['p99']:.0f}", f"{s['max']:.0f}", s["errors"],
                         "yes" if s["p99"] < TARGET_P99_MS and s["errors"] == 0 else "no"])
            figures[f"{'cache' if cache else 'nocache'}{workers}_{name}"] = s
    table = markdown_table(["server", "endpoints", "requests", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors",
                            f"p99 < {TARGET_P99_MS:.0f} ms, 0 errors"], rows)
    samples = [s for r in runs.values() for s in r["samples"]]
    lines = [
        f"{clients} concurrent clients for {seconds:.0f} s per server setting, on 127.0.0.1, against "
        f"`eventwire serve` (uvicorn) over SQLite: the demo corpus "
        f"({counts.get('articles', 0)} articles, {counts.get('events', 0)} event mentions, "
        f"{counts.get('merged_events', 0)} merged events). Each client sends its next request when the last is "
        f"answered; {len(URLS)} URLs in rotation ({sum(u.startswith('/api/events') for u in URLS)} event queries "
        f"with filters and pages, {sum(u.startswith('/api/timeline') for u in URLS)} timelines). "
        "The load generator (a minimal keep-alive HTTP/1.1 client on asyncio) runs on the same machine.",
        "",
        table,
        "",
        "Anchor: the target of the issue, p99 < 500 ms with no errors at 50 clients (no published figure for this API). "
        "With the cache on (the default), a repeated URL is answered from memory until the data changes (all 13 URLs "
        "repeat here, so nearly every request is a hit: the figure for a dashboard's repeated queries). With the cache "
        "off every request runs its SQL (count + page, or the timeline's merged events) and its JSON encoding; "
        "the 2-worker row splits that work over two processes. The machine's 2 cores are shared with other jobs.",
    ]
    if samples:
        lines += ["", "Errors seen: " + "; ".join(samples)]
    lines += ["", environment_line()]
    return BenchResult(task="serve", markdown="\n".join(lines), figures=figures)
