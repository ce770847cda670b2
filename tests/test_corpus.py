"""Corpus analysis: merging, casualty reconciliation, stories, timelines, escalation, exports.

Unit tests run on small hand-made rows; the demo-corpus tests ingest
``examples/demo`` once per session into a temporary SQLite database.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventwire.corpus.escalation import DayPoint, EscalationOptions, flag_points, series_from_rows
from eventwire.corpus.export import GDELT_COLUMNS, gdelt_row, plover_record
from eventwire.corpus.merge import actor_key, confidence, merge_events, reconcile
from eventwire.corpus.stories import StoryOptions, bag_of_words, group_articles, jaccard

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
QUIET_DAYS = {"2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-10", "2025-09-11", "2025-09-13", "2025-09-14"}
FIGHTING_DAYS = {"2025-09-05", "2025-09-06", "2025-09-07", "2025-09-08"}


def row(id, article, source, day, cameo="194", src="PAKMIL", tgt="INDMIL", conf=1.0, place=None, date=None, quad=4, g=-10.0):
    return {"id": id, "article_id": article, "idx": 0, "article_source": source, "day": day, "date": day if date is None else date,
            "cameo": cameo, "quad_class": quad, "goldstein": g, "source_code": src, "source_country": (src or "")[:3] or None,
            "target_code": tgt, "target_country": (tgt or "")[:3] or None, "place_country": place, "confidence": conf,
            "modality": "asserted", "negated": False, "evidence_start": 0, "evidence_end": 100, "evidence_text": f"event {id}"}


# ------------------------------------------------------------------ merging


@pytest.mark.parametrize(
    "code, country, name, expected",
    [("PAKMIL", None, "Pakistani troops", "PAK"), ("INDGOV", "IND", "India", "IND"), (None, None, "Hamas", "hamas"), (None, None, None, "")],
)
def test_merge_actor_key(code, country, name, expected):
    assert actor_key(code, country, name) == expected


@pytest.mark.parametrize("per_source, expected", [([1.0], 0.6), ([1.0, 1.0], 0.84), ([0.5], 0.3), ([], 0.0)])
def test_merge_confidence_grows_with_sources(per_source, expected):
    assert confidence(per_source) == pytest.approx(expected)


@pytest.mark.parametrize(
    "figures, expected",
    [
        ([("A", "a1", 4), ("B", "b1", 6)], (4, 6, 4)),
        ([("A", "a1", 4), ("A", "a2", 7), ("B", "b1", 6)], (6, 7, 6)),  # an outlet's toll rises; its latest counts
        ([("A", "a1", 3), ("A", "a1", 5)], (5, 5, 5)),
        ([], (None, None, None)),
    ],
)
def test_merge_reconcile_casualties(figures, expected):
    assert reconcile(figures) == expected


def test_merge_same_day_same_dyad_across_outlets():
    rows = [row(1, "a1", "Wire A", "2025-09-05"), row(2, "b1", "Wire B", "2025-09-05", cameo="195"),
            row(3, "c1", "Wire C", "2025-09-05", tgt=None), row(4, "c1", "Wire C", "2025-09-06")]
    merged, mentions = merge_events(rows)
    first = merged[0]
    assert (first["day"], first["num_mentions"], first["num_articles"], first["num_sources"]) == ("2025-09-05", 3, 3, 3)
    assert first["target_code"] == "INDMIL" and first["sources"] == ["Wire A", "Wire B", "Wire C"]
    assert first["confidence"] > merged[1]["confidence"]
    assert sorted(e for m, e in mentions if m == first["id"]) == [1, 2, 3]
    assert merged[1]["day"] == "2025-09-06" and merged[1]["num_mentions"] == 1


@pytest.mark.parametrize(
    "second, expected_groups",
    [
        (dict(src="INDMIL", tgt="PAKMIL"), 2),  # the other direction is another event
        (dict(cameo="042"), 2),  # another CAMEO root
        (dict(place="PAK"), 2),  # another country
        (dict(day="2025-09-06", date=""), 1),  # dated only by its article, published the next day
        (dict(day="2025-09-06"), 2),  # its own date says the next day
    ],
)
def test_merge_keeps_different_events_apart(second, expected_groups):
    first = row(1, "a1", "Wire A", "2025-09-05", place="IND")
    other = row(2, "b1", "Wire B", **{"day": "2025-09-05", **second})
    merged, _ = merge_events([first, other])
    assert len(merged) == expected_groups


def test_merge_skips_negated_and_future_events():
    rows = [row(1, "a1", "A", "2025-09-05"), {**row(2, "b1", "B", "2025-09-05"), "modality": "future"},
            {**row(3, "c1", "C", "2025-09-05"), "negated": True}]
    merged, mentions = merge_events(rows)
    assert len(merged) == 1 and mentions == [(1, 1)]


def test_merge_links_casualties_to_events():
    rows = [row(1, "a1", "A", "2025-09-05"), row(2, "b1", "B", "2025-09-05")]
    reports = [
        {"article_id": "a1", "idx": 0, "kind": "killed", "count": 4, "event": 0, "subset_of": None, "cumulative": False, "evidence_start": 10},
        {"article_id": "b1", "idx": 0, "kind": "killed", "count": 6, "event": None, "subset_of": None, "cumulative": False, "evidence_start": 50},
        {"article_id": "b1", "idx": 1, "kind": "killed", "count": 2, "event": None, "subset_of": 0, "cumulative": False, "evidence_start": 60},
        {"article_id": "b1", "idx": 2, "kind": "killed", "count": 900, "event": None, "subset_of": None, "cumulative": True, "evidence_start": 70},
    ]
    merged, _ = merge_events(rows, reports)
    assert (merged[0]["killed_min"], merged[0]["killed_max"], merged[0]["killed"]) == (4, 6, 4)


# ------------------------------------------------------------------ escalation


def _points(scores):
    return [DayPoint(f"2025-09-{n + 1:02d}", score=s) for n, s in enumerate(scores)]


@pytest.mark.parametrize(
    "scores, flagged",
    [
        ([0, 0, 2, 0, 20, 0, 0], [4]),  # a day of shelling after a quiet week
        ([0, 3, 0, 3, 0, 3, 0], []),  # steady low-level friction
        ([10, 12, 11, 10, 12, 11, 13], []),  # high but steady
        ([0, 0, 0, 0, 0, 0, 6], []),  # below the minimum score
        ([0, 0, 0, 15, 40, 5, 0], [3, 4]),
        ([25, 0, 0, 0, 0, 0, 0], []),  # no baseline yet on the first days
    ],
)
def test_escalation_flags_departures_from_baseline(scores, flagged):
    points = _points(scores)
    flag_points(points, EscalationOptions())
    assert [i for i, p in enumerate(points) if p.flag] == flagged


def test_escalation_series_fills_days_and_counts_quads():
    rows = [{"day": "2025-09-01", "quad_class": 1, "goldstein": 3.0, "killed": None, "confidence": 1.0},
            {"day": "2025-09-03", "quad_class": 4, "goldstein": -10.0, "killed": 5, "confidence": 0.5}]
    series = series_from_rows(rows, lambda r: ["IND-PAK"])
    points = series["IND-PAK"]
    assert [p.day for p in points] == ["2025-09-01", "2025-09-02", "2025-09-03"]
    assert points[2].quad[4] == 1 and points[2].fatalities == 5 and points[2].score == pytest.approx(7.5)
    assert points[0].as_dict()["verbal_cooperation"] == 1


# ------------------------------------------------------------------ stories


def test_stories_bag_of_words_is_unit_length():
    vectors = bag_of_words(["Shelling near Poonch kills four", "Floods in Porto Alegre", ""])
    assert vectors.shape[0] == 3
    assert vectors[0] @ vectors[0] == pytest.approx(1.0, abs=1e-5)
    assert vectors[0] @ vectors[1] == pytest.approx(0.0, abs=1e-5)


@pytest.mark.parametrize("a, b, expected", [({"ind", "pak"}, {"ind", "pak"}, 1.0), ({"ind"}, {"bra"}, 0.0), (set(), {"x"}, 0.0)])
def test_stories_jaccard(a, b, expected):
    assert jaccard(a, b) == expected


def test_stories_group_by_text_entities_and_time():
    inputs = [
        {"id": "1", "title": "Shelling near Poonch kills four", "lead": "Pakistani troops shelled Indian posts near Poonch.", "date": "2025-09-05", "entities": {"ind", "pak", "poonch"}},
        {"id": "2", "title": "Deadly shelling in Poonch", "lead": "Pakistani forces shelled Indian villages near Poonch.", "date": "2025-09-06", "entities": {"ind", "pak", "poonch"}},
        {"id": "3", "title": "Floods swamp Porto Alegre", "lead": "Heavy rain flooded suburbs of Porto Alegre.", "date": "2025-09-05", "entities": {"bra", "porto alegre"}},
        {"id": "4", "title": "Shelling near Poonch kills four", "lead": "Pakistani troops shelled Indian posts near Poonch.", "date": "2025-11-05", "entities": {"ind", "pak", "poonch"}},
    ]
    groups, method = group_articles(inputs, StoryOptions(embeddings=False))
    assert method == "bow"
    assert sorted(sorted(g) for g in groups) == [[0, 1], [2], [3]]


# ------------------------------------------------------------------ exports


MERGED = {"id": 7, "day": "2025-09-05", "last_day": "2025-09-05", "cameo": "194", "quad_class": 4, "goldstein": -10.0,
          "source_code": "PAKMIL", "source_name": "Pakistan", "source_country": "PAK", "target_code": "INDMIL",
          "target_name": "India", "target_country": "IND", "place_name": "Poonch", "place_country": "IND",
          "place_lat": 33.77, "place_lon": 74.09, "num_mentions": 5, "num_articles": 4, "num_sources": 4,
          "killed": 4, "injured": 9, "plover_type": "ASSAULT", "evidence_text": "Pakistani troops shelled..."}


def test_export_gdelt_row_has_the_61_columns():
    values = dict(zip(GDELT_COLUMNS, gdelt_row(MERGED, "https://x.example/1", added="20250905120000")))
    assert len(GDELT_COLUMNS) == 61
    assert values["Day"] == "20250905" and values["MonthYear"] == "202509" and values["Year"] == 2025
    assert (values["Actor1Code"], values["Actor2CountryCode"]) == ("PAKMIL", "IND")
    assert (values["EventCode"], values["EventBaseCode"], values["EventRootCode"]) == ("194", "194", "19")
    assert (values["NumMentions"], values["NumSources"], values["NumArticles"]) == (5, 4, 4)
    assert values["ActionGeo_FullName"] == "Poonch" and values["ActionGeo_Lat"] == 33.77
    assert values["SOURCEURL"] == "https://x.example/1"


def test_export_plover_field_names():
    record = plover_record(MERGED, [{"source": "Wire A", "url": "u", "title": "t", "evidence_text": "e"}])
    for name in ("id", "date", "actor", "recipient", "event", "event_text", "quad_code", "event_scale", "event_loc", "cite_info"):
        assert name in record
    assert record["actor"][0]["code"] == "PAK" and record["actor"][0]["sector"] == "MIL"
    assert record["event"] == ["ASSAULT"] and record["size"] == {"dead": 4, "injured": 9}
    assert record["event_loc"]["country_code"] == "IND"


# ------------------------------------------------------------------ the demo corpus


@pytest.fixture(scope="session")
def demo_store(pipeline, tmp_path_factory):
    """examples/demo ingested once into a temporary SQLite database, analyzed (merged events, stories)."""
    from eventwire.article import read_articles
    from eventwire.corpus import analyze
    from eventwire.scale.local import ingest
    from eventwire.store import Store

    store = Store(str(tmp_path_factory.mktemp("demo") / "demo.db"))
    report = ingest(read_articles([str(DEMO)]), store, pipeline=pipeline)
    assert not report.errors
    analyze(store)
    yield store
    store.close()


def test_corpus_demo_is_big_enough():
    lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 30
    assert len({r["source"] for r in rows}) >= 4
    days = sorted(r["date"] for r in rows)
    assert days[0] <= "2025-09-01" and days[-1] >= "2025-09-14"


def test_corpus_demo_merged_events_have_several_outlets(demo_store):
    fighting = demo_store.merged_events(limit=None, quad_class=4, date_from="2025-09-05", date_to="2025-09-08", min_sources=3)
    assert fighting, "no material-conflict event reported by 3+ outlets during the fighting"
    best = max(fighting, key=lambda m: m["num_sources"])
    full = demo_store.merged_event(best["id"])
    assert len({m["source"] for m in full["mentions"]}) == best["num_sources"] >= 3
    assert best["num_mentions"] >= best["num_articles"] >= best["num_sources"]


def test_corpus_demo_dyad_timeline_reads_day_by_day(demo_store):
    from eventwire.corpus import format_timeline, timeline

    days = timeline(demo_store, actors=["IND", "PAK"])
    violent = {d.day for d in days if any(e["quad_class"] == 4 for e in d.events)}
    assert violent, "no material conflict between India and Pakistan on the timeline"
    assert violent <= FIGHTING_DAYS | {"2025-09-12"}  # the ceasefire-violation claim of the 12th may show
    assert "2025-09-05" in violent or "2025-09-06" in violent
    assert not violent & {"2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04"}
    assert [d.day for d in days] == sorted(d.day for d in days)
    for day in days:  # best supported first
        support = [e["num_sources"] for e in day.events]
        assert support == sorted(support, reverse=True)
    text = format_timeline(days)
    assert len(text.splitlines()) == len(days)
    assert "sources:" in text or "source:" in text


def test_corpus_demo_ceasefire_comes_after_fighting(demo_store):
    truce = [m for m in demo_store.merged_events(limit=None, cameo="087")]
    if not truce:
        pytest.skip("the events extractor codes no ceasefire (CAMEO 087) in the demo corpus yet")
    assert min(m["day"] for m in truce) >= "2025-09-09"


def test_corpus_demo_escalation_flags_the_fighting(demo_store):
    from eventwire.corpus.escalation import daily_series, flagged_days

    for by, country in (("dyad", None), ("country", "IND"), ("country", "PAK")):
        series = daily_series(demo_store, by=by, country=country)
        flags = {day for key, day, _ in flagged_days(series) if key in ("IND-PAK", "IND", "PAK")}
        assert flags, f"no escalation flagged ({by} {country})"
        assert flags <= FIGHTING_DAYS, f"flags on quiet days ({by} {country}): {sorted(flags - FIGHTING_DAYS)}"
        assert not flags & QUIET_DAYS


def test_corpus_demo_casualties_reconciled(demo_store):
    if demo_store.count_casualties() == 0:
        pytest.skip("the casualties extractor found nothing in the demo corpus")
    with_range = [m for m in demo_store.merged_events(limit=None, quad_class=4)
                  if m["killed"] is not None and m["killed_max"] > m["killed_min"]]
    assert with_range, "no merged event with differing casualty figures"
    for merged in with_range:
        assert merged["killed"] == merged["killed_min"] <= merged["killed_max"]


def test_corpus_demo_stories_separate_unrelated_news(demo_store):
    stories = demo_store.stories(limit=None)
    assert stories[0]["method"] in ("minilm", "bow")
    biggest = demo_store.story(stories[0]["id"])
    titles = " ".join(a["title"] for a in biggest["articles"])
    assert biggest["num_articles"] >= 15
    assert "Porto Alegre" not in titles and "Kenya" not in titles and "Namanga" not in titles
    flood = [s for s in stories if "flood" in (s["title"] or "").lower()]
    assert flood and flood[0]["id"] != biggest["id"]


def test_corpus_demo_exports(demo_store, tmp_path):
    from eventwire.corpus.export import EVENT_COLUMNS, export

    out = io.StringIO()
    n = export(demo_store, "gdelt", out)
    lines = out.getvalue().splitlines()
    assert n == len(lines) == demo_store.count_merged_events() > 0
    assert all(len(line.split("\t")) == 61 for line in lines)
    out = io.StringIO()
    assert export(demo_store, "plover", out, country="PAK") > 0
    assert all("event" in json.loads(line) for line in out.getvalue().splitlines())
    out = io.StringIO()
    assert export(demo_store, "csv", out, actor="IND") == demo_store.count_events(actor="IND")
    assert list(csv.reader(io.StringIO(out.getvalue())))[0] == EVENT_COLUMNS
    out = io.StringIO()
    assert export(demo_store, "jsonl", out) == demo_store.count_articles()
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    assert export(demo_store, "parquet", path) == demo_store.count_events()
    assert pq.read_table(path).num_rows == demo_store.count_events()


def test_corpus_demo_plot(demo_store, tmp_path):
    from eventwire.corpus.escalation import daily_series, plot_series

    path = plot_series(daily_series(demo_store), str(tmp_path / "escalation.png"))
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
