"""Running the pipeline over many articles: local processes (``local``) or a Ray cluster (``ray_runner``)."""

from .local import IngestReport, ingest

__all__ = ["IngestReport", "ingest", "ingest_ray"]


def ingest_ray(*args, **kwargs):
    """Ray Data ingest (imports Ray only when used)."""
    from .ray_runner import ingest_ray as run

    return run(*args, **kwargs)
