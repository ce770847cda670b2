"""Shared fixtures: the spaCy model and pipeline are loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.article import parse_seed
from eventwire.bench.report import shared_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-03-14_arauca_strikes.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared is not beside the checkout (benchmark and seed data live there)")
    return path


@pytest.fixture(scope="session")
def nlp():
    from eventwire.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from eventwire import Pipeline

    return Pipeline(nlp=nlp)


@pytest.fixture(scope="session")
def seed(shared):
    """(text, date) of the seed article."""
    path = next((shared / "seed").glob("*.txt"))
    date, text = parse_seed(path.read_text(encoding="utf-8"))
    return text, date


@pytest.fixture(scope="session")
def seed_record(pipeline, seed):
    text, date = seed
    return pipeline.extract(text, date=date)


@pytest.fixture(scope="session")
def example():
    """(text, date) of our own example article."""
    date, text = parse_seed(EXAMPLE.read_text(encoding="utf-8"))
    return text, date


@pytest.fixture(scope="session")
def example_record(pipeline, example):
    text, date = example
    return pipeline.extract(text, date=date)
