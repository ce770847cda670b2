"""Speed: articles/s of the full pipeline vs. bare spaCy on the same texts, in one run.

The figure is the ratio (ours / bare spaCy): absolute times on shared machines
are noise, a ratio measured side by side is not. Each side runs ``rounds``
times, alternating, and the best time of each is kept.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..article import Article, parse_seed
from .report import BenchResult, markdown_table, shared_dir

TARGET = 0.75  # the issues' floor for the full pipeline


def load_texts(data_dir: str | Path | None = None, limit: int | None = None) -> tuple[list[Article], str]:
    """News texts to time on: PolNeAR dev articles and the casualty paragraphs, else our examples."""
    articles: list[Article] = []
    source = ""
    if data_dir:
        folder = Path(data_dir)
        for path in sorted(folder.rglob("*.txt")):
            date, text = parse_seed(path.read_text(encoding="utf-8", errors="replace"))
            articles.append(Article(text=text, date=date or "2020-01-01"))
        source = str(folder)
    else:
        shared = shared_dir()
        if shared is not None:
            # every other PolNeAR article (long political news) and all casualty paragraphs (short wire items)
            for path in sorted((shared / "bench/quotes/polnear/dev/text").glob("*.txt"))[::2]:
                articles.append(Article(text=path.read_text(encoding="utf-8"), date="2016-10-01"))
            with open(shared / "bench/casualties/dev.jsonl", encoding="utf-8") as stream:
                for line in stream:
                    row = json.loads(line)
                    articles.append(Article(text=row["text"], date=row["date"]))
            source = "every other PolNeAR dev article + the casualty dev paragraphs (../shared/bench)"
        else:
            root = Path(__file__).resolve().parents[3] / "examples"
            for path in sorted(root.rglob("*.txt")):
                date, text = parse_seed(path.read_text(encoding="utf-8"))
                articles.append(Article(text=text, date=date))
            source = "examples/ (../shared absent)"
    if limit:
        articles = articles[:limit]
    return articles, source


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _ray_row(articles, texts, words, nlp, rounds: int):
    """All extractors on Ray Data (2 actors, each loading the model once) vs bare spaCy in 2 processes.

    Ray's own start (``ray.init``) is left out; each timed run includes starting the
    actors and loading the model in them, as an ingest run does.
    """
    try:
        import ray
    except ImportError:
        return None
    from ..scale.ray_runner import FIELDS, RecordMaker

    rows = [{name: getattr(a, name) or "" for name in FIELDS} for a in articles]
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    ray.data.DataContext.get_current().enable_progress_bars = False

    def on_ray():
        dataset = ray.data.from_items(rows).map_batches(
            RecordMaker, batch_size=32, concurrency=2, batch_format="numpy"
        )
        errors = [row["error"] for row in dataset.iter_rows() if row["error"]]
        assert not errors, errors[:3]

    def bare():
        for _ in nlp.pipe(texts, batch_size=32, n_process=2):
            pass

    try:
        bare_best = min(_time(bare) for _ in range(rounds))
        ray_best = min(_time(on_ray) for _ in range(rounds))
    finally:
        if started_here:
            ray.shutdown()
    ratio = round(bare_best / ray_best, 3)
    return ["all extractors, Ray Data", "2 actors", f"{len(texts) / bare_best:.1f}", f"{len(texts) / ray_best:.1f}",
            f"{words / ray_best:,.0f}", ratio, "(reported; includes actor start-up)"]


def run(data_dir=None, limit=None, rounds: int = 2, processes=(1, 2)) -> BenchResult:
    from ..extract import REGISTRY
    from ..pipeline import Pipeline

    articles, source = load_texts(data_dir, limit)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    full = Pipeline()
    nlp = full.nlp
    configurations = [("actors only", Pipeline(nlp=nlp, extractors=["actors"])), ("all extractors", full)]
    rows, figures = [], {}
    for n in processes:
        def bare():
            for _ in nlp.pipe(texts, batch_size=32, n_process=n):
                pass

        timings = {"bare": []}
        for _ in range(rounds):
            timings["bare"].append(_time(bare))
            for label, pipe in configurations:
                def ours(pipe=pipe):
                    for record in pipe.extract_many(articles, n_process=n, batch_size=32):
                        assert record.error is None, record.error

                timings.setdefault(label, []).append(_time(ours))
        bare_best = min(timings["bare"])
        for label, _ in configurations:
            best = min(timings[label])
            ratio = bare_best / best
            key = "actors" if label == "actors only" else "all"
            figures[f"ratio_{key}_{n}proc"] = round(ratio, 3)
            target = "≥ 0.85 (foundation)" if key == "actors" else f"≥ {TARGET}"
            rows.append([
                label, n, f"{len(texts) / bare_best:.1f}", f"{len(texts) / best:.1f}",
                f"{words / best:,.0f}", f"**{ratio:.2f}**", target,
            ])
    ray_row = _ray_row(articles, texts, words, nlp, rounds)
    if ray_row:
        figures["ratio_ray_2actors"] = ray_row[-2]
        rows.append(ray_row[:-2] + [f"**{ray_row[-2]:.2f}**", ray_row[-1]])
    extractors = ", ".join(e.name for e in full.extractors)
    markdown = "\n".join([
        "## Speed: full pipeline vs. bare spaCy",
        "",
        f"`eventwire bench speed` — {len(texts)} articles, {words:,} words ({source}); model "
        f"`{full.model}`; all extractors = {extractors}. Best of {rounds} alternating rounds per side; "
        "the bare side is `nlp.pipe` of the same model on the same texts in the same run.",
        "",
        markdown_table(
            ["pipeline", "processes", "bare nlp.pipe articles/s", "extract_many articles/s", "our words/s",
             "ratio ours/bare", "target"],
            rows,
        ),
    ])
    return BenchResult("speed", markdown, figures)
