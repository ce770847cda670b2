"""Ingest: bad inputs skipped, idempotent re-runs, kill -9 and resume (SQLite and PostgreSQL), workers, Ray, CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.article import read_articles
from eventwire.bench.ingest import generate_articles, write_jsonl
from eventwire.scale.local import ingest
from eventwire.store import Store

N_SMALL = 30
ITEM_TABLES = ("articles", "actors", "events", "quotes", "casualties", "places", "times")


@pytest.fixture(scope="session")
def pg_url_factory():
    from eventwire.store.pgserver import PostgresUnavailable, create_database, find_bindir, temporary_postgres

    if find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    try:
        with temporary_postgres() as server:
            yield lambda: create_database(server)
    except PostgresUnavailable as exc:
        pytest.skip(f"cannot start PostgreSQL: {exc.message}")


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory):
    """30 generated articles as JSONL."""
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    return write_jsonl(generate_articles(N_SMALL, seed=11), path)


@pytest.fixture(scope="session")
def reference_counts(pipeline, small_corpus, tmp_path_factory):
    """Rows per table after one clean ingest of the small corpus."""
    with Store(str(tmp_path_factory.mktemp("ref") / "ref.db")) as store:
        report = ingest(read_articles([str(small_corpus)]), store, pipeline=pipeline)
        assert report.stored == N_SMALL and not report.errors
        return {name: n for name, n in store.counts().items() if name in ITEM_TABLES}


def table_counts(store) -> dict[str, int]:
    return {name: n for name, n in store.counts().items() if name in ITEM_TABLES}


def assert_whole_articles(store) -> None:
    """Every stored article has all its events (no half article)."""
    for article in store.articles(limit=None):
        assert store.count_events(article_id=article["id"]) == article["n_events"], article["id"]


# ------------------------------------------------------------------ bad inputs, idempotency


@pytest.fixture()
def messy_dir(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    good = [
        ("2025-09-05_poonch.txt", "date 2025-09-05\nPakistani troops shelled Indian army posts near Poonch on Friday, killing four civilians, Indian officials said."),
        ("kotli.txt", "date 2025-09-06\nIndian artillery struck Pakistani army posts near Kotli on Saturday, Pakistani officials said."),
    ]
    for name, text in good:
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00" * 50)
    (folder / "huge.txt").write_bytes(b"word " * 4_000_000)  # 20 MB
    lines = [
        json.dumps({"id": "j1", "date": "2025-09-07", "source": "Wire", "text": "Indian jets bombed Pakistani army positions near Muzaffarabad on Sunday, officials said."}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "j2", "date": "2025-13-45", "text": "India and Pakistan agreed to a ceasefire on Thursday, officials said."}),
        json.dumps({"id": "j3", "date": "2025-09-11", "source": "Wire", "text": "India and Pakistan agreed to a ceasefire on Thursday, both governments said."}),
    ]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_ingest_skips_bad_inputs_and_stores_the_rest(pipeline, messy_dir, tmp_path):
    reported = []
    with Store(str(tmp_path / "m.db")) as store:
        report = ingest(read_articles([str(messy_dir)]), store, pipeline=pipeline,
                        on_error=lambda origin, message: reported.append((Path(origin.split(":")[0]).name, message)))
        assert report.stored == 4
        assert store.known_ids(["j1", "j3"]) == {"j1", "j3"}
        names = {name for name, _ in reported}
        assert {"empty.txt", "binary.txt", "huge.txt", "batch.jsonl"} <= names
        assert len(reported) == len(report.errors) == 5  # empty, binary, huge, broken line, bad date
        assert any("date" in message for _, message in reported)


def test_ingest_second_run_adds_nothing(pipeline, small_corpus, reference_counts, tmp_path):
    with Store(str(tmp_path / "i.db")) as store:
        first = ingest(read_articles([str(small_corpus)]), store, pipeline=pipeline)
        before = table_counts(store)
        second = ingest(read_articles([str(small_corpus)]), store, pipeline=pipeline)
        assert before == reference_counts
        assert table_counts(store) == before
        assert (first.stored, second.stored, second.extracted, second.rows) == (N_SMALL, 0, 0, 0)
        assert second.already_stored == N_SMALL


def test_ingest_two_workers_match_one(pipeline, small_corpus, reference_counts, tmp_path):
    with Store(str(tmp_path / "w.db")) as store:
        report = ingest(read_articles([str(small_corpus)]), store, pipeline=pipeline, workers=2, batch_size=8)
        assert report.stored == N_SMALL and report.peak_worker_rss_mb > 0
        assert table_counts(store) == reference_counts


# ------------------------------------------------------------------ kill -9 and resume


def _kill_mid_ingest(corpus: Path, url: str) -> int:
    """Start `eventwire ingest` in a subprocess, SIGKILL it once some (not all) articles are stored."""
    command = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", url, "--batch-size", "2",
               "--no-analyze", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=str(corpus.parent))
    stored = 0
    try:
        with Store(url) as store:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and process.poll() is None:
                stored = store.count_articles()
                if stored >= 2:
                    break
                time.sleep(0.02)
        assert process.poll() is None, f"ingest ended before it could be killed: {process.stderr.read().decode()[-500:]}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return stored


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_ingest_kill9_then_resume_loses_and_duplicates_nothing(backend, request, pipeline, small_corpus, reference_counts, tmp_path):
    url = str(tmp_path / "k.db") if backend == "sqlite" else request.getfixturevalue("pg_url_factory")()
    Store(url).close()  # create the schema before the race
    _kill_mid_ingest(small_corpus, url)
    with Store(url) as store:
        partial = store.count_articles()
        assert 0 < partial < N_SMALL
        assert_whole_articles(store)
        report = ingest(read_articles([str(small_corpus)]), store, pipeline=pipeline)
        assert report.already_stored == partial and report.stored == N_SMALL - partial
        assert table_counts(store) == reference_counts
        assert_whole_articles(store)


# ------------------------------------------------------------------ Ray


@pytest.mark.slow
def test_ingest_ray_engine_matches_local(small_corpus, reference_counts, tmp_path):
    ray = pytest.importorskip("ray")
    from eventwire.scale.ray_runner import ingest_ray

    few = tmp_path / "few.jsonl"
    few.write_text("".join(small_corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:6]), encoding="utf-8")
    try:
        with Store(str(tmp_path / "r.db")) as store:
            report = ingest_ray(read_articles([str(few)]), store, workers=1, batch_size=3, parquet_dir=str(tmp_path / "shards"))
            assert report.stored == 6 and not report.errors
            assert report.peak_worker_rss_mb > 0
            assert_whole_articles(store)
            again = ingest_ray(read_articles([str(few)]), store, workers=1)
            assert again.stored == 0 and again.already_stored == 6
        import pyarrow.parquet as pq

        shards = list((tmp_path / "shards").glob("*.parquet"))
        assert shards and sum(pq.read_metadata(s).num_rows for s in shards) == 6
    finally:
        ray.shutdown()


# ------------------------------------------------------------------ the CLI (the README's main command)


def test_ingest_cli_then_timeline_and_escalation(tmp_path, monkeypatch):
    from eventwire.cli import main

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "wire"
    folder.mkdir()
    lines = [
        {"id": "w1", "date": "2025-09-05", "source": "Northern Wire", "title": "Shelling near Poonch",
         "text": "Pakistani troops shelled Indian army posts near Poonch on Friday, killing four civilians, Indian officials said."},
        {"id": "w2", "date": "2025-09-05", "source": "Meridian Daily", "title": "Six dead near Poonch",
         "text": "Pakistani forces shelled Indian army posts near Poonch on Friday, killing six people, local officials said."},
    ]
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(folder), "--no-progress", "--no-embeddings"])
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "2 new article(s)" in result.stderr
    assert (tmp_path / "eventwire.db").exists()  # the default database
    again = runner.invoke(main, ["ingest", str(folder), "--no-progress", "--no-analyze"])
    assert "0 new article(s)" in again.stderr and "2 already stored" in again.stderr
    timeline = runner.invoke(main, ["timeline"])
    assert timeline.exit_code == 0 and timeline.stdout.startswith("2025-09-05")
    escalation = runner.invoke(main, ["escalation", "--country", "IND", "--format", "json", "--plot", "esc.png"])
    assert escalation.exit_code == 0 and (tmp_path / "esc.png").exists()
    exported = runner.invoke(main, ["export", "--format", "gdelt"])
    assert exported.exit_code == 0 and all(len(line.split("\t")) == 61 for line in exported.stdout.splitlines())
    assert runner.invoke(main, ["export", "--format", "parquet"]).exit_code != 0  # needs -o
    stories = runner.invoke(main, ["stories"])
    assert stories.exit_code == 0 and "articles" in stories.stdout


def test_ingest_bench_generator_is_varied_and_stable():
    first = generate_articles(200, seed=3)
    assert first == generate_articles(200, seed=3)
    assert len({a["id"] for a in first}) == 200
    assert len({a["text"] for a in first}) >= 190
    assert len({a["source"] for a in first}) >= 6 and len({a["date"] for a in first}) >= 40
    openings = {a["text"].split(" ")[0] for a in first}
    assert len(openings) >= 8  # different actors and sentence templates lead
