"""The pipeline: one article, many articles, errors that never sink a batch."""

from __future__ import annotations

import pytest

from eventwire import Article, Pipeline
from eventwire.article import ReadError
from eventwire.errors import BadArticle

STORIES = [
    ("Ethiopian troops recaptured the town of Dessie on Saturday, state media reported.", "2024-02-03"),
    ("Protesters in Dhaka demanded the resignation of the transport minister.", "2024-02-04"),
    ("Chilean President Ana Ruiz met union leaders in Santiago on Friday.", "2024-02-05"),
]


def test_pipeline_extract_returns_complete_record(pipeline):
    record = pipeline.extract(STORIES[0][0], date=STORIES[0][1], title="Dessie", source="Wire")
    dumped = record.model_dump(mode="json")
    for key in ("actors", "events", "quotes", "casualties", "times", "places"):
        assert isinstance(dumped[key], list)
    assert dumped["date"] == "2024-02-03" and dumped["source"] == "Wire" and dumped["error"] is None
    assert any(a["code"] == "ETHMIL" for a in dumped["actors"])


def test_pipeline_extract_raises_coded_error_on_bad_text(pipeline):
    with pytest.raises(BadArticle, match=r"\[E001\] article is empty"):
        pipeline.extract("   ")


@pytest.mark.parametrize("n_process", [1, 2])
def test_pipeline_extract_many_keeps_order_and_reports_bad_items(pipeline, n_process):
    items = [
        {"text": STORIES[0][0], "date": STORIES[0][1]},
        "",
        Article(text=STORIES[1][0], date=STORIES[1][1]),
        ReadError("feed.jsonl:4", "broken JSON line"),
        {"text": STORIES[2][0], "date": "not-a-date"},
        {"text": STORIES[2][0], "date": STORIES[2][1]},
    ]
    records = list(pipeline.extract_many(items, n_process=n_process, batch_size=2))
    assert len(records) == len(items)
    assert [r.error is None for r in records] == [True, False, True, False, False, True]
    assert records[1].error and "empty" in records[1].error
    assert records[3].error == "broken JSON line"
    assert [r.date for r in records if r.error is None] == ["2024-02-03", "2024-02-04", "2024-02-05"]
    single = pipeline.extract(STORIES[2][0], date=STORIES[2][1])
    assert records[5].model_dump() == single.model_dump()


def test_pipeline_unknown_extractor_is_a_clear_error(nlp):
    with pytest.raises(KeyError, match="unknown extractor 'sentiment'"):
        Pipeline(nlp=nlp, extractors=["actors", "sentiment"])


def test_pipeline_missing_model_is_a_clear_error():
    from eventwire.errors import ModelMissing

    with pytest.raises(ModelMissing, match="not installed"):
        Pipeline(model="no_such_model_pkg")
