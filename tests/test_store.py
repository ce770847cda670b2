"""The Store on SQLite and on a real PostgreSQL (started by a fixture): writes, idempotency, reads, filters."""

from __future__ import annotations

import pytest

from eventwire.records import Actor, ArticleRecord, Casualty, Event, Place, Quote, Span, Time
from eventwire.store import Store, normalize_url
from eventwire.store.store import event_day, flatten


@pytest.fixture(scope="session")
def pg_server():
    from eventwire.store.pgserver import PostgresUnavailable, find_bindir, temporary_postgres

    if find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    try:
        with temporary_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(f"cannot start PostgreSQL: {exc.message}")


@pytest.fixture(scope="session")
def pg_store(pg_server):
    from eventwire.store.pgserver import create_database

    with Store(create_database(pg_server)) as opened:
        yield opened


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    if request.param == "sqlite":
        with Store(str(tmp_path / "test.db")) as opened:
            yield opened
        return
    opened = request.getfixturevalue("pg_store")
    opened.clear()  # one database for the session, emptied before each test
    yield opened


def _actor(text, name, code, start, country=None, kind="country"):
    return Actor(text=text, name=name, code=code, country=country or code[:3], kind=kind, start=start,
                 end=start + len(text), mentions=[Span(start=start, end=start + len(text), text=text)])


def make_record(article_id="a1", source="Northern Wire", date="2025-09-05", killed=4, cameo="195", place="Poonch"):
    text = (f"Pakistani troops shelled Indian army posts near {place} on Friday, killing {killed} civilians, "
            f"Indian officials said. \"This was an unprovoked attack,\" Colonel Arvind Mehra said.")
    pak = _actor("Pakistani troops", "Pakistan", "PAKMIL", 0, kind="group")
    ind = _actor("Indian army", "India", "INDMIL", 33, kind="group")
    sentence_end = text.index("said.") + 5
    return ArticleRecord(
        id=article_id, title="Shelling near " + place, source=source, date=date, url=f"https://x.example/{article_id}", text=text,
        actors=[pak, ind],
        events=[Event(cameo=cameo, quad_class=4, goldstein=-10.0, plover_type="ASSAULT", acled_event_type="Explosions/Remote violence",
                      source=pak, target=ind, date=date, date_precision="day",
                      place=Place(start=text.index(place), end=text.index(place) + len(place), text=place, name=place,
                                  lat=33.77, lon=74.09, country="IND", feature_class="city"),
                      trigger=Span(start=17, end=24, text="shelled"), evidence=Span(start=0, end=sentence_end, text=text[:sentence_end]),
                      confidence=0.9)],
        quotes=[Quote(kind="direct", speaker=Span(start=text.index("Colonel"), end=len(text) - 6, text="Colonel Arvind Mehra"),
                      speaker_name="Arvind Mehra", content=Span(start=sentence_end + 2, end=sentence_end + 31, text="This was an unprovoked attack"))],
        casualties=[Casualty(kind="killed", count=killed, victims="civilians", event=0,
                             evidence=Span(start=text.index("killing"), end=text.index("civilians") + 9, text="killing"))],
        times=[Time(start=text.index("Friday"), end=text.index("Friday") + 6, text="Friday", type="DATE", value=date)],
        places=[Place(start=text.index(place), end=text.index(place) + len(place), text=place, name=place, country="IND")],
        fatalities=killed,
    )


@pytest.mark.parametrize(
    "given, expected",
    [
        (None, "sqlite:///eventwire.db"),
        ("my.db", "sqlite:///my.db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_store_normalize_url(given, expected):
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "event_date, article_date, expected",
    [("2025-09-04", "2025-09-05", "2025-09-04"), ("2025-09-04T10:00", "2025-09-05", "2025-09-04"),
     ("2025-W36", "2025-09-05", "2025-09-05"), ("P3D", "2025-09-05", "2025-09-05"), (None, "2025-09-05", "2025-09-05")],
)
def test_store_event_day(event_date, article_date, expected):
    assert event_day(event_date, article_date) == expected


def test_store_flatten_nested_items():
    flat = flatten({"cameo": "195", "source": {"code": "PAKMIL", "mentions": [{"start": 0}]}, "evidence": {"start": 3, "end": 9}})
    assert flat == {"cameo": "195", "source_code": "PAKMIL", "evidence_start": 3, "evidence_end": 9}


def test_store_roundtrip_record(store):
    record = make_record()
    written = store.add_record(record)
    assert written == 1 + 2 + 1 + 1 + 1 + 1 + 1  # article, 2 actors, event, quote, casualty, time, place
    assert store.record("a1") == record
    assert store.schema_revision() is not None


def test_store_add_is_idempotent(store):
    record = make_record()
    assert store.add_record(record) > 0
    before = store.counts()
    assert store.add_record(record) == 0
    assert store.add_record(make_record()) == 0
    assert store.counts() == before
    assert store.known_ids(["a1", "zz"]) == {"a1"}


def test_store_error_records_are_not_stored(store):
    assert store.add_record(ArticleRecord(id="bad", error="article is empty")) == 0
    assert store.count_articles() == 0


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, 2),
        ({"actor": "PAK"}, 2),
        ({"actor": "pakmil"}, 2),
        ({"source_actor": "IND"}, 0),
        ({"target_actor": "IND"}, 2),
        ({"dyad": ("IND", "PAK")}, 2),
        ({"actor": "Pakistan"}, 2),
        ({"country": "IND"}, 2),
        ({"country": "CHN"}, 0),
        ({"cameo": "19"}, 2),
        ({"cameo": "195"}, 1),
        ({"cameo": ["194", "195"]}, 2),
        ({"quad_class": 4}, 2),
        ({"quad_class": [1, 2]}, 0),
        ({"plover_type": "assault"}, 2),
        ({"acled_event_type": "explosions/remote violence"}, 2),
        ({"date_from": "2025-09-06"}, 1),
        ({"date_to": "2025-09-05"}, 1),
        ({"bbox": (70, 30, 80, 40)}, 2),
        ({"bbox": (0, 0, 10, 10)}, 0),
        ({"source": "Meridian Daily"}, 1),
        ({"actor": "PAK%' OR 1=1 --"}, 0),
        ({"article_id": "a2"}, 1),
    ],
)
def test_store_event_filters(store, filters, expected):
    store.add_record(make_record("a1"))
    store.add_record(make_record("a2", source="Meridian Daily", date="2025-09-06", killed=6, cameo="194"))
    assert store.count_events(**filters) == expected
    assert len(store.events(limit=None, **filters)) == expected


def test_store_event_rows_carry_article_and_evidence(store):
    store.add_record(make_record())
    row = store.events()[0]
    assert row["article_source"] == "Northern Wire" and row["article_url"].endswith("/a1")
    assert row["source_code"] == "PAKMIL" and row["target_code"] == "INDMIL"
    assert row["evidence_text"].startswith("Pakistani troops shelled")
    assert row["data"]["place"]["name"] == "Poonch"
    assert row["day"] == "2025-09-05" and row["cameo_root"] == "19"


def test_store_paging(store):
    for n in range(5):
        store.add_record(make_record(f"p{n}", date=f"2025-09-0{n + 1}"))
    first = store.events(limit=2, offset=0)
    second = store.events(limit=2, offset=2)
    assert [r["article_id"] for r in first] == ["p0", "p1"]
    assert [r["article_id"] for r in second] == ["p2", "p3"]
    assert len(store.articles(limit=3)) == 3 and store.count_articles() == 5
    assert "text" not in store.articles(limit=1)[0] and "text" in store.articles(limit=1, with_text=True)[0]


@pytest.mark.parametrize(
    "filters, expected",
    [({"speaker": "mehra"}, 1), ({"speaker": "Aziz"}, 0), ({"article_id": "a1"}, 1), ({"kind": "indirect"}, 0)],
)
def test_store_quote_filters(store, filters, expected):
    store.add_record(make_record())
    assert store.count_quotes(**filters) == expected
    assert len(store.quotes(**filters)) == expected


def test_store_casualties_and_items(store):
    store.add_record(make_record(killed=4))
    rows = store.casualties(kind="killed")
    assert [r["count"] for r in rows] == [4] and rows[0]["day"] == "2025-09-05"
    assert store.count_casualties(min_count=5) == 0
    items = store.items("a1")
    assert [a["code"] for a in items["actors"]] == ["PAKMIL", "INDMIL"]
    assert items["places"][0]["name"] == "Poonch" and items["times"][0]["value"] == "2025-09-05"
    assert store.actor_summary()[0]["articles"] == 1


def test_store_delete_article(store):
    store.add_record(make_record())
    assert store.delete_article("a1")
    assert store.counts()["events"] == 0 and store.count_articles() == 0


def test_store_replace_corpus_and_read_merged(store):
    store.add_record(make_record("a1"))
    store.add_record(make_record("a2", source="Meridian Daily", killed=6))
    event_ids = [r["id"] for r in store.events(limit=None)]
    merged = [{"id": 1, "day": "2025-09-05", "cameo": "195", "cameo_root": "19", "quad_class": 4, "source_code": "PAKMIL",
               "source_country": "PAK", "target_code": "INDMIL", "target_country": "IND", "num_mentions": 2, "num_articles": 2,
               "num_sources": 2, "confidence": 0.8, "killed": 4, "killed_min": 4, "killed_max": 6, "sources": ["A", "B"]}]
    store.replace_corpus(merged, [(1, e) for e in event_ids],
                         [{"id": 1, "title": "t", "first_day": "2025-09-05", "last_day": "2025-09-05", "num_articles": 2,
                           "num_sources": 2, "keywords": ["pak"], "method": "bow"}], [(1, "a1"), (1, "a2")])
    got = store.merged_event(1)
    assert got["killed_max"] == 6 and got["sources"] == ["A", "B"]
    assert {m["source"] for m in got["mentions"]} == {"Northern Wire", "Meridian Daily"}
    assert store.count_merged_events(dyad=("IND", "PAK")) == 1 and store.count_merged_events(min_sources=3) == 0
    assert sorted(a["id"] for a in store.story(1)["articles"]) == ["a1", "a2"] and store.story_of("a2") == 1
    store.replace_corpus([], [], [], [])
    assert store.count_merged_events() == 0 and store.count_stories() == 0


def test_store_migrations_match_schema(tmp_path):
    """Running the Alembic migrations from scratch gives exactly the tables of schema.py."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from eventwire.store import schema

    store = Store(str(tmp_path / "m.db"), migrate=False)
    store.migrate("head", create_all=False)  # replay the migrations
    with store.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    assert diff == []
    assert set(store.counts()) == set(schema.metadata.tables)


def test_store_aggregates_for_overviews(store):
    store.add_record(make_record("a1"))
    store.add_record(make_record("a2", source="Meridian Daily", date="2025-09-06", cameo="042"))
    base = {"cameo_root": "19", "source_code": "PAKMIL", "source_country": "PAK", "target_code": "INDMIL", "num_mentions": 2}
    merged = [{**base, "id": 1, "day": "2025-09-05", "cameo": "195", "quad_class": 4, "killed": 4, "injured": 2},
              {**base, "id": 2, "day": "2025-09-05", "cameo": "190", "quad_class": 4, "killed": 1},
              {**base, "id": 3, "day": "2025-09-06", "cameo": "042", "quad_class": 1, "target_code": "IGOUNO", "num_mentions": 1}]
    store.replace_corpus(merged, [])
    assert store.events_per_day() == [{"day": "2025-09-05", "quad_class": 4, "events": 2}, {"day": "2025-09-06", "quad_class": 1, "events": 1}]
    assert store.events_per_day(merged=False, actor="PAK") == [{"day": "2025-09-05", "quad_class": 4, "events": 1},
                                                                {"day": "2025-09-06", "quad_class": 4, "events": 1}]
    assert store.fatalities_per_day() == [{"day": "2025-09-05", "killed": 5, "injured": 2}, {"day": "2025-09-06", "killed": 0, "injured": 0}]
    assert store.top_dyads() == [{"source": "PAK", "target": "IND", "events": 2, "mentions": 4},
                                 {"source": "PAK", "target": "IGO", "events": 1, "mentions": 1}]


def test_store_refused_article_raises_store_error_and_leaves_nothing(store):
    """A value the database refuses (an integer past PostgreSQL's range) rolls the whole article back."""
    from eventwire.store import StoreError

    record = make_record("big")
    record.casualties[0].count = 10**12
    if store.dialect == "sqlite":  # SQLite stores 64-bit integers
        assert store.add_record(record) > 0
        return
    with pytest.raises(StoreError):
        store.add_record(record)
    assert store.known_ids(["big"]) == set() and store.counts()["actors"] == 0
