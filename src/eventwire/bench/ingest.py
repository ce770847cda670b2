"""Benchmark "ingest": generated articles into SQLite and PostgreSQL, 1 and 2 workers.

The articles are generated here from sentence templates (varied countries,
towns, people, numbers, outlets and days), so the benchmark needs no data
files. It measures articles/s and rows/s end to end (read, extract, write),
the peak memory of the main and worker processes, and that ingesting the same
articles a second time adds 0 rows. PostgreSQL runs on a temporary server
started for the run (``initdb`` + ``pg_ctl``); it is skipped when the server
binaries are absent.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import tempfile
from pathlib import Path

from .report import BenchResult, markdown_table

log = logging.getLogger(__name__)

DEFAULT_ARTICLES = 2000

# (country name, demonym, towns)
_COUNTRIES = [
    ("India", "Indian", ["Poonch", "Uri", "Rajouri", "Kupwara"]),
    ("Pakistan", "Pakistani", ["Kotli", "Muzaffarabad", "Rawalakot"]),
    ("Armenia", "Armenian", ["Jermuk", "Goris", "Kapan"]),
    ("Azerbaijan", "Azerbaijani", ["Lachin", "Kalbajar", "Shusha"]),
    ("Ethiopia", "Ethiopian", ["Gondar", "Humera", "Metema"]),
    ("Sudan", "Sudanese", ["Gedaref", "Kassala", "Doka"]),
    ("Colombia", "Colombian", ["Arauca", "Cucuta", "Tibu"]),
    ("Venezuela", "Venezuelan", ["San Cristobal", "Guasdualito", "Maracaibo"]),
    ("Thailand", "Thai", ["Surin", "Sisaket", "Buriram"]),
    ("Cambodia", "Cambodian", ["Siem Reap", "Battambang", "Anlong Veng"]),
    ("Kenya", "Kenyan", ["Mandera", "Garissa", "Lamu"]),
    ("Somalia", "Somali", ["Kismayo", "Baidoa", "Beledweyne"]),
]
_FIRST = ["Amal", "Ravi", "Lena", "Omar", "Sofia", "Tomas", "Nadia", "Karim", "Elena", "Jonas", "Mira", "Diego", "Aisha", "Felix"]
_LAST = ["Haddad", "Sharma", "Novak", "Mendez", "Okafor", "Larsen", "Qureshi", "Ivanova", "Santos", "Kaya", "Moreau", "Tanaka"]
_OUTLETS = ["Northern Wire", "Meridian Daily", "Capital Dispatch", "Valley Observer", "Harbor Herald", "Coastal Times",
            "Evening Ledger", "Frontier Bulletin"]
_ROLES = ["Defence Minister", "Foreign Minister", "army spokesman", "Interior Minister", "police chief"]
_NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "12", "15", "21"]

_CONFLICT = [
    "{a_dem} troops shelled {b_dem} army posts near {town} on {weekday}, killing {n} soldiers, officials said.",
    "{a_dem} forces attacked a {b_dem} border post near {town} on {weekday}, killing {n} people and wounding {m}.",
    "At least {n} people were killed when {a_dem} jets bombed positions near {town} on {weekday}, {b_dem} officials said.",
    "{a_dem} police arrested {n} {b_dem} nationals near {town} on {weekday}, accusing them of smuggling.",
    "Gunmen ambushed a {b_dem} convoy near {town} on {weekday}, killing {n} soldiers, the {b_dem} army said.",
]
_VERBAL = [
    "{a_country} accused {b_country} of violating the border agreement.",
    "{a_dem} {role} {person} condemned the attack and said {a_country} would respond.",
    "{b_country} rejected the accusations and summoned the {a_dem} ambassador.",
    "\"We will defend our people,\" {a_dem} {role} {person} told reporters in {capital_town}.",
]
_COOP = [
    "{a_country} and {b_country} agreed on {weekday} to hold talks on the disputed border.",
    "{a_dem} {role} {person} met {b_dem} officials in {town} to discuss trade and security.",
    "{a_country} and {b_country} signed an agreement to reopen the crossing near {town}.",
    "The United Nations urged {a_country} and {b_country} to show restraint and return to talks.",
]
_FILLER = [
    "Residents said shops in {town} stayed closed.",
    "Aid groups sent food and blankets to families in {town}.",
    "Schools near {town} reopened after a week.",
    "Traders in {town} said the crossing had been shut for days.",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate_articles(n: int, seed: int = 7, start: str = "2025-06-01", days: int = 60) -> list[dict]:
    """``n`` short varied wire reports as dicts (id, date, source, title, url, text)."""
    rng = random.Random(seed)
    first_day = dt.date.fromisoformat(start)
    pairs = [(_COUNTRIES[i], _COUNTRIES[i + 1]) for i in range(0, len(_COUNTRIES), 2)]
    articles = []
    for number in range(n):
        (a_country, a_dem, a_towns), (b_country, b_dem, b_towns) = rng.choice(pairs)
        if rng.random() < 0.5:
            (a_country, a_dem, a_towns), (b_country, b_dem, b_towns) = (b_country, b_dem, b_towns), (a_country, a_dem, a_towns)
        day = first_day + dt.timedelta(days=rng.randrange(days))
        slots = {
            "a_country": a_country, "b_country": b_country, "a_dem": a_dem, "b_dem": b_dem,
            "town": rng.choice(a_towns + b_towns), "capital_town": rng.choice(a_towns),
            "weekday": _WEEKDAYS[day.weekday()], "n": rng.choice(_NUMBERS), "m": rng.choice(_NUMBERS),
            "role": rng.choice(_ROLES), "person": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        }
        kind = rng.random()
        lead_pool = _CONFLICT if kind < 0.55 else _COOP
        sentences = [rng.choice(lead_pool), rng.choice(_VERBAL), rng.choice(_VERBAL + _COOP), rng.choice(_FILLER)]
        if rng.random() < 0.5:
            sentences.insert(2, rng.choice(_CONFLICT + _FILLER))
        text = " ".join(s.format(**slots) for s in sentences)
        text = text[0].upper() + text[1:]
        outlet = rng.choice(_OUTLETS)
        articles.append({
            "id": f"gen-{seed}-{number:05d}",
            "date": day.isoformat(),
            "source": outlet,
            "title": text.split(",")[0][:80],
            "url": f"https://{outlet.split()[0].lower()}.example.org/{day.isoformat()}/{number}",
            "text": text,
        })
    return articles


def write_jsonl(articles: list[dict], path: str | Path) -> Path:
    import json

    path = Path(path)
    with path.open("w", encoding="utf-8") as stream:
        for article in articles:
            stream.write(json.dumps(article) + "\n")
    return path


def _run_once(articles, url, pipeline, workers):
    from ..article import Article
    from ..scale.local import ingest
    from ..store import Store

    with Store(url) as store:
        items = [Article(**a) for a in articles]
        first = ingest(items, store, pipeline=pipeline, workers=workers)
        rows_after = sum(store.counts().values())
        second = ingest([Article(**a) for a in articles], store, pipeline=pipeline, workers=workers)
        rows_again = sum(store.counts().values())
    return first, rows_again - rows_after, second


PLAN = (("SQLite", 1), ("SQLite", 2), ("PostgreSQL", 2))  # (database, workers): kept under ~5 minutes on 2 cores


def run(data_dir=None, limit=None, plan=PLAN, postgres: bool = True) -> BenchResult:
    """``limit``: number of generated articles (default 2,000). ``data_dir`` is unused (the data are generated)."""
    from ..pipeline import Pipeline

    n = int(limit or DEFAULT_ARTICLES)
    articles = generate_articles(n)
    load_before = os.getloadavg()[0]
    pipeline = Pipeline()
    targets: list[tuple[str, object]] = [("SQLite", None)]
    server = None
    if postgres:
        from ..store.pgserver import PostgresUnavailable, create_database, find_bindir, temporary_postgres

        if find_bindir() is not None:
            server = temporary_postgres(fast=False)
            try:
                targets.append(("PostgreSQL", server.__enter__()))
            except PostgresUnavailable as exc:
                log.warning("PostgreSQL skipped: %s", exc.message)
                server = None
    rows, figures = [], {}
    try:
        with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
            for name, server_url in targets:
                for n_workers in [w for db, w in plan if db == name]:
                    if server_url is None:
                        url = os.path.join(tmp, f"bench-{n_workers}.db")
                    else:
                        url = create_database(server_url)
                    first, added_again, second = _run_once(articles, url, pipeline, n_workers)
                    peak_worker = first.peak_worker_rss_mb if n_workers > 1 else first.peak_rss_mb
                    rows.append([name, n_workers, first.extracted, first.stored, first.rows, round(first.seconds, 1),
                                 round(first.articles_per_s, 1), round(first.rows_per_s, 1), round(peak_worker),
                                 added_again, round(second.seconds, 2)])
                    figures[f"{name.lower()}_{n_workers}w_articles_per_s"] = first.articles_per_s
                    figures[f"{name.lower()}_{n_workers}w_rows_per_s"] = first.rows_per_s
                    figures[f"{name.lower()}_{n_workers}w_second_ingest_rows"] = added_again
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    headers = ["database", "workers", "articles", "stored", "rows", "seconds", "articles/s", "rows/s",
               "peak MB per worker", "rows added by 2nd ingest", "2nd ingest s"]
    markdown = "\n".join([
        f"### ingest: {n:,} generated articles, read → extract (all extractors) → store",
        "",
        markdown_table(headers, rows),
        "",
        "Target: a second ingest of the same articles adds 0 rows (ids are checked before extraction, so it is quick). "
        "No published anchor: GDELT and ICEWS do not publish ingest throughput. Peak memory: the main process "
        "with 1 worker, the largest worker process with 2. PostgreSQL: a local server with default durability "
        "(fsync on); one transaction per article on both databases.",
        f"Machine load (1-minute load average) at start {load_before:.1f}, at end {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores: with other work on the cores, 2 workers can be slower than 1.",
    ])
    return BenchResult(task="ingest", markdown=markdown, figures=figures)
