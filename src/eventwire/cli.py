"""The command line: a thin click layer over the Python API."""

from __future__ import annotations

import importlib
import json
import logging
import sys

import click

from . import __version__
from .errors import EventwireError

log = logging.getLogger("eventwire")


def _setup_logging(verbose: int) -> None:
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@click.group()
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More log output (repeat for debug).")
def main(verbose: int) -> None:
    """eventwire: dated news articles in, structured source-linked event data out."""
    _setup_logging(verbose)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="table", show_default=True,
              help="json: one pretty JSON document per article; jsonl: one line each; table: for reading.")
@click.option("--date", help="Article date YYYY-MM-DD for inputs that carry none.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary in PETRARCH/TABARI format (repeatable).")
@click.option("--model", default=None, help="spaCy model package or path (default: en_core_web_sm).")
@click.option("--workers", default=1, show_default=True, help="Worker processes.")
def extract(paths, fmt, date, actor_files, model, workers):
    """Code the articles in PATHS (files, directories, globs, or - for stdin).

    A single bad file is an error (exit 1); in a batch, bad articles are
    reported on stderr and skipped.
    """
    from .article import read_articles
    from .output import format_table
    from .pipeline import DEFAULT_MODEL, Pipeline

    try:
        items = list(read_articles(paths, date=date))
        pipe = Pipeline(model or DEFAULT_MODEL, actor_dictionaries=actor_files)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from None
    failures = 0
    records = []
    stream = pipe.extract_many(items, n_process=workers)
    if len(items) > 1 and sys.stderr.isatty():  # progress for batches, never in pipes or logs
        from tqdm import tqdm

        stream = tqdm(stream, total=len(items), unit="article", file=sys.stderr)
    for record in stream:
        if record.error:
            failures += 1
            origin = next((w[len("origin: "):] for w in record.warnings if w.startswith("origin: ")), record.id)
            click.echo(f"error: {origin}: {record.error}", err=True)
            continue
        records.append(record)
        if fmt == "jsonl":
            click.echo(record.model_dump_json())
        elif fmt == "table":
            click.echo(format_table(record))
    if fmt == "json":
        dumped = [r.model_dump(mode="json") for r in records]
        click.echo(json.dumps(dumped[0] if len(dumped) == 1 and len(items) == 1 else dumped, indent=2, ensure_ascii=False))
    if failures and not records:
        sys.exit(1)
    if failures:
        click.echo(f"{failures} of {len(items)} article(s) skipped", err=True)


@main.command()
def schema():
    """Print the JSON schema of an article record."""
    from .records import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.argument("task")
@click.option("--data", type=click.Path(exists=True), help="Benchmark data folder (default: ../shared/bench/...).")
@click.option("--limit", type=int, help="Use only the first N items (quick runs).")
@click.option("--write/--no-write", default=True, show_default=True, help="Write the results into BENCHMARKS.md.")
@click.option("--benchmarks-file", type=click.Path(dir_okay=False), help="Where to write (default: the checkout's BENCHMARKS.md).")
def bench(task, data, limit, write, benchmarks_file):
    """Run benchmark TASK and print its table beside the published anchors.

    Tasks: see eventwire.bench.TASKS (speed, events, quotes, time, geo, casualties, ingest, serve).
    """
    from .bench import TASKS
    from .bench.report import write_section

    if task not in TASKS:
        raise click.ClickException(f"unknown benchmark {task!r}; known: {', '.join(sorted(TASKS))}")
    module = importlib.import_module(f"eventwire.bench.{task}")
    try:
        result = module.run(data_dir=data, limit=limit)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(result.markdown)
    if write:
        path = write_section(task, result.markdown, benchmarks_file)
        click.echo(f"\nwritten to {path}", err=True)


from .cli_corpus import register  # noqa: E402  (ingest, timeline, escalation, stories, export)

register(main)

from .serve.cli import serve as _serve  # noqa: E402  (eventwire serve: REST API and dashboard)

main.add_command(_serve)

if __name__ == "__main__":
    main()
