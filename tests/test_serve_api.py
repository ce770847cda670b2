"""The REST API over HTTP against a real ``eventwire serve`` process on the demo corpus, plus small unit tests."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

import test_serve_support as support
from eventwire.serve.params import PAGE_MAX

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def served(pipeline, tmp_path_factory):
    info = support.served(pipeline, tmp_path_factory)
    yield info
    support.stop_server()


@pytest.fixture(scope="session")
def api(served):
    with httpx.Client(base_url=served["base"], timeout=60) as client:
        yield client


# ------------------------------------------------------------------ lists and filters


@pytest.mark.parametrize("path", ["/api/articles", "/api/events", "/api/merged-events", "/api/quotes", "/api/casualties",
                                  "/api/actors", "/api/stories", "/api/timeline", "/api/escalation"])
def test_serve_api_list_endpoints_answer_pages(api, path):
    body = api.get(path, params={"limit": 3}).json()
    assert body["total"] > 0, path
    assert 0 < body["count"] == len(body["items"]) <= 3
    assert body["limit"] == 3 and body["offset"] == 0
    if body["total"] > 3:
        assert "offset=3" in body["next"]


def _actor_in(row, value):
    sides = [(row.get(f"{s}_code") or "", row.get(f"{s}_country") or "", (row.get(f"{s}_name") or "").lower())
             for s in ("source", "target")]
    return any(code.startswith(value) or country == value or name == value.lower() for code, country, name in sides)


@pytest.mark.parametrize("params, check", [
    ({"actor": "IND"}, lambda r: _actor_in(r, "IND")),
    ({"actor": "PAK"}, lambda r: _actor_in(r, "PAK")),
    ({"source_actor": "IND"}, lambda r: (r["source_code"] or "").startswith("IND") or r["source_country"] == "IND"),
    ({"target_actor": "PAK"}, lambda r: (r["target_code"] or "").startswith("PAK") or r["target_country"] == "PAK"),
    ({"dyad": "IND,PAK"}, lambda r: _actor_in(r, "IND") and _actor_in(r, "PAK")),
    ({"quad_class": "4"}, lambda r: r["quad_class"] == 4),
    ({"quad_class": "1,2"}, lambda r: r["quad_class"] in (1, 2)),
    ({"cameo": "19"}, lambda r: r["cameo"].startswith("19")),
    ({"cameo": "190,195"}, lambda r: r["cameo"][:3] in ("190", "195")),
    ({"date_from": "2025-09-06", "date_to": "2025-09-08"}, lambda r: "2025-09-06" <= r["day"] <= "2025-09-08"),
    ({"country": "PAK"}, lambda r: "PAK" in (r["place_country"], r["source_country"], r["target_country"])),
])
def test_serve_api_events_filters_hold(api, params, check):
    body = api.get("/api/events", params={**params, "limit": PAGE_MAX}).json()
    assert body["total"] > 0, f"no events for {params}"
    assert all(check(row) for row in body["items"]), params
    assert body["total"] < api.get("/api/events", params={"limit": 1}).json()["total"] or "country" in params


@pytest.mark.parametrize("field", ["plover_type", "acled_event_type"])
def test_serve_api_events_filter_by_typology(api, field):
    rows = api.get("/api/events", params={"limit": PAGE_MAX}).json()["items"]
    value = next(r[field] for r in rows if r[field])
    body = api.get("/api/events", params={field: value, "limit": PAGE_MAX}).json()
    assert body["total"] > 0 and all(r[field].lower() == value.lower() for r in body["items"])


def test_serve_api_bbox_filters_merged_events(api):
    world = api.get("/api/merged-events", params={"bbox": "-180,-90,180,90", "limit": PAGE_MAX}).json()
    box = api.get("/api/merged-events", params={"bbox": "60,20,80,40", "limit": PAGE_MAX}).json()
    assert box["total"] <= world["total"]
    assert all(60 <= r["place_lon"] <= 80 and 20 <= r["place_lat"] <= 40 for r in box["items"])


def test_serve_api_paging_walks_the_whole_list_once(api):
    total = api.get("/api/events", params={"limit": 1}).json()["total"]
    seen, url = [], "/api/events?limit=40"
    while url:
        body = api.get(url).json()
        seen += [r["id"] for r in body["items"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == total


def test_serve_api_oversized_page_is_capped(api):
    body = api.get("/api/events", params={"limit": 10 ** 6}).json()
    assert body["limit"] == PAGE_MAX and body["capped"] is True
    assert body["count"] == min(body["total"], PAGE_MAX)


@pytest.mark.parametrize("path, name", [
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=ten", "limit"),
    ("/api/events?offset=-1", "offset"),
    ("/api/events?date_from=2025-13-40", "date_from"),
    ("/api/events?date_from=2025-09-10&date_to=2025-09-01", "date_from"),
    ("/api/events?quad_class=7", "quad_class"),
    ("/api/events?cameo=1x", "cameo"),
    ("/api/events?country=Pakistan", "country"),
    ("/api/events?bbox=1,2,3", "bbox"),
    ("/api/events?bbox=10,0,5,1", "bbox"),
    ("/api/events?dyad=IND", "dyad"),
    ("/api/events?format=xml", "format"),
    ("/api/merged-events?min_sources=0", "min_sources"),
    ("/api/quotes?kind=shouted", "kind"),
    ("/api/casualties?kind=missing", "kind"),
    ("/api/escalation?by=planet", "by"),
    ("/api/timeline?actor=IND&actor=PAK&actor=CHN", "actor"),
    ("/api/stories/abc", "story_id"),
])
def test_serve_api_invalid_parameters_get_422_naming_them(api, path, name):
    response = api.get(path)
    assert response.status_code == 422, path
    body = response.json()
    assert name in body["error"] and body["detail"][0]["param"] == name


INJECTIONS = ["' OR '1'='1", "IND'; DROP TABLE events; --", "%", "_", "\" OR 1=1 --", "1) UNION SELECT * FROM articles --"]


@pytest.mark.parametrize("param", ["actor", "source_actor", "target_actor", "country", "cameo", "quad_class", "plover_type",
                                   "acled_event_type", "bbox", "dyad", "date_from", "article_id", "source"])
def test_serve_api_injection_in_every_event_filter_is_harmless(api, served, param):
    before = api.get("/api/events", params={"limit": 1}).json()["total"]
    for payload in INJECTIONS:
        response = api.get("/api/events", params={param: payload})
        assert response.status_code in (200, 422), (param, payload, response.text[:200])
        if response.status_code == 200:
            assert response.json()["total"] == 0, (param, payload)
    assert api.get("/api/events", params={"limit": 1}).json()["total"] == before


@pytest.mark.parametrize("path, param", [("/api/quotes", "speaker"), ("/api/quotes", "actor"), ("/api/articles", "q"),
                                         ("/api/articles", "source"), ("/api/merged-events", "actor"), ("/api/timeline", "actor")])
def test_serve_api_injection_in_other_filters_is_harmless(api, path, param):
    for payload in INJECTIONS:
        response = api.get(path, params={param: payload})
        assert response.status_code in (200, 422), (path, param, payload)
        if response.status_code == 200:
            assert response.json()["total"] == 0, (path, param, payload)


def test_serve_api_csv_download_matches_the_filtered_list(api):
    response = api.get("/api/events", params={"actor": "IND", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total = api.get("/api/events", params={"actor": "IND", "limit": 1}).json()["total"]
    assert len(rows) == total and all(_actor_in({k: v or None for k, v in r.items()}, "IND") for r in rows)
    ndjson = api.get("/api/quotes", params={"format": "ndjson"}).text.splitlines()
    assert len(ndjson) == api.get("/api/quotes", params={"limit": 1}).json()["total"]


def test_serve_api_merged_events_carry_mentions_from_several_outlets(api):
    body = api.get("/api/merged-events", params={"min_sources": 2, "limit": 20}).json()
    assert body["total"] > 0
    for row in body["items"]:
        outlets = {m["source"] for m in row["mentions"]}
        assert len(outlets) >= 2 and row["num_sources"] == len(set(row["sources"]))
        assert all(m["evidence_text"] for m in row["mentions"])
    one = api.get(f"/api/merged-events/{body['items'][0]['id']}").json()
    assert len(one["mentions"]) == len(body["items"][0]["mentions"])


def test_serve_api_quotes_by_speaker(api):
    body = api.get("/api/quotes", params={"speaker": "Aziz"}).json()
    assert body["total"] > 0
    assert all("aziz" in ((q["speaker_name"] or "") + (q["speaker_text"] or "")).lower() for q in body["items"])


def test_serve_api_casualties_min_count(api):
    body = api.get("/api/casualties", params={"kind": "killed", "min_count": 5, "limit": PAGE_MAX}).json()
    assert body["total"] > 0 and all(c["kind"] == "killed" and c["count"] >= 5 for c in body["items"])


def test_serve_api_timeline_is_dated_and_ordered(api):
    body = api.get("/api/timeline", params={"actor": ["IND", "PAK"], "limit": PAGE_MAX}).json()
    days = [d["day"] for d in body["items"]]
    assert days == sorted(days) and len(days) >= 5
    for day in body["items"]:
        support_order = [(e["num_sources"], e["num_mentions"]) for e in day["events"]]
        assert support_order == sorted(support_order, reverse=True)


def test_serve_api_story_has_articles_and_timeline(api):
    story = api.get("/api/stories", params={"limit": 1}).json()["items"][0]
    body = api.get(f"/api/stories/{story['id']}").json()
    assert len(body["articles"]) == story["num_articles"] and body["timeline"]
    assert api.get("/api/stories/999999").status_code == 404


def test_serve_api_escalation_flags_fire_on_conflict_days(api):
    body = api.get("/api/escalation", params={"dyad": "IND,PAK", "date_from": "2025-09-01"}).json()
    series = body["items"][0]
    assert series["key"] == "IND-PAK" and series["flags"]
    flagged = {p["day"]: p for p in series["days"] if p["flag"]}
    assert all(p["material_conflict"] + p["fatalities"] > 0 for p in flagged.values())


def test_serve_api_article_record_round_trips(api, served):
    article_id = next(iter(served["records"]))
    body = api.get(f"/api/articles/{article_id}").json()
    assert body["id"] == article_id and body["text"] == served["records"][article_id].text
    assert len(body["events"]) == len(served["records"][article_id].events)
    assert api.get("/api/articles/nope").status_code == 404


def test_serve_api_openapi_and_offline_docs(api):
    spec = api.get("/openapi.json").json()
    for path in ("/api/events", "/api/merged-events", "/api/timeline", "/api/escalation", "/extract", "/api/ingest"):
        assert path in spec["paths"]
    docs = api.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert api.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize("path", ["/overview.json", "/articles.json", "/stories.json", "/map.json", "/actors.json",
                                  "/actors/IND.json"])
def test_serve_pages_have_json_twins(api, path):
    response = api.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    html = api.get(path[:-5] or "/", headers={"accept": "text/html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")


# ------------------------------------------------------------------ extract and ingest

ARTICLE = ("Rebels fired rockets at an army base near Kismayo on Tuesday, killing four soldiers, "
           "a military spokesman said. \"We will respond,\" General Abdi Farah told reporters.")


def test_serve_extract_codes_without_storing(api):
    before = api.get("/api/articles", params={"limit": 1}).json()["total"]
    response = api.post("/extract", json={"text": ARTICLE, "date": "2025-10-07", "title": "Rocket attack"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["date"] == "2025-10-07" and record["text"] == ARTICLE
    assert any(c["kind"] == "killed" and c["count"] == 4 for c in record["casualties"])
    assert any("We will respond" in q["content"]["text"] and "Farah" in (q["speaker_name"] or "") for q in record["quotes"])
    html = api.post("/extract?view=html", content=ARTICLE, headers={"content-type": "text/plain"})
    assert 'class="seg' in html.text and "k-casualty" in html.text
    assert api.get("/api/articles", params={"limit": 1}).json()["total"] == before


@pytest.mark.parametrize("kwargs, status, words", [
    ({"json": {"text": "   "}}, 422, "empty"),
    ({"json": {"text": ARTICLE, "date": "last Tuesday"}}, 422, "YYYY-MM-DD"),
    ({"json": {"text": ARTICLE * 1000}}, 413, "limit"),
    ({"json": {"title": "no text"}}, 422, "text"),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400, "JSON"),
    ({"content": b"x", "headers": {"content-type": "image/png"}}, 415, "content type"),
    ({"json": [{"text": ARTICLE}, {"text": ARTICLE}]}, 422, "one article"),
])
def test_serve_extract_rejects_bad_requests_clearly(api, kwargs, status, words):
    response = api.post("/extract", **kwargs)
    assert response.status_code == status, response.text
    assert words.lower() in response.json()["error"].lower()


def test_serve_ingest_needs_the_token_and_is_idempotent(api):
    # dated inside the demo corpus's fortnight, so the dashboard's default window stays the same for the browser tests
    article = {"text": ARTICLE, "date": "2025-09-10", "title": "Rocket attack near Kismayo", "source": "Test Wire"}
    assert api.post("/api/ingest", json=article).status_code == 401
    assert api.post("/api/ingest", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    before = api.get("/api/articles", params={"limit": 1}).json()["total"]
    first = api.post("/api/ingest", json=article, headers={"Authorization": f"Bearer {support.TOKEN}"})
    assert first.status_code == 200 and first.json()["stored"] == 1, first.text
    again = api.post("/api/ingest", json={"articles": [article]}, headers={"Authorization": f"Bearer {support.TOKEN}"}).json()
    assert again["stored"] == 0 and again["already_stored"] == 1
    assert api.get("/api/articles", params={"limit": 1}).json()["total"] == before + 1
    stored = api.get("/api/articles", params={"source": "Test Wire"}).json()["items"]
    assert [a["id"] for a in stored] == first.json()["ids"]


def test_serve_read_only_app_refuses_ingest(served):
    from fastapi.testclient import TestClient

    from eventwire.serve import create_app

    client = TestClient(create_app(str(served["db"])))
    response = client.post("/api/ingest", json={"text": ARTICLE}, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    assert client.get("/api/events", params={"limit": 1}).status_code == 200


# ------------------------------------------------------------------ small pure parts


def test_serve_highlight_segments_cut_at_every_boundary():
    from eventwire.serve.highlight import segments

    text = "Army shelled Poonch on Monday."
    spans = [(0, 4, "ac0", "actor"), (5, 12, "ev0", "event"), (0, 30, "ev0s", "evidence"), (13, 19, "pl0", "place"),
             (23, 29, "ti0", "time")]
    got = [(s.text, sorted(s.ids)) for s in segments(text, spans)]
    assert "".join(t for t, _ in got) == text
    assert got[0] == ("Army", ["ac0", "ev0s"]) and ("shelled", ["ev0", "ev0s"]) in got
    assert ("Poonch", ["ev0s", "pl0"]) in got and ("Monday", ["ev0s", "ti0"]) in got and got[-1] == (".", ["ev0s"])


def test_serve_highlight_ignores_spans_out_of_range():
    from eventwire.serve.highlight import segments

    got = segments("short", [(3, 99, "a", "actor"), (50, 60, "b", "place"), (4, 2, "c", "time")])
    assert [(s.text, s.ids) for s in got] == [("sho", []), ("rt", ["a"])]


@pytest.mark.parametrize("value, expected", [("IND", "IND"), ("Kamran Aziz", "Kamran Aziz"), ("", None), (None, None)])
def test_serve_params_actor_values(value, expected):
    from eventwire.serve.params import actor_value

    assert actor_value("actor", value) == expected


def test_serve_worldmap_outline_is_bundled_and_simplify_keeps_ends():
    from eventwire.serve.worldmap import project, simplify, world

    shapes = world()
    isos = {c["iso3"] for c in shapes["countries"]}
    assert {"IND", "PAK", "COL", "ISR"} <= isos and len(isos) > 150
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert simplify(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    assert project(0, 0) == (180, 90) and project(-180, 90) == (0, 0)


@pytest.mark.parametrize("values, q, expected", [([], 50, 0.0), ([0.1], 99, 0.1), ([0.1, 0.2, 0.3, 0.4], 50, 0.2),
                                                  ([0.1, 0.2, 0.3, 0.4], 99, 0.4), ([i / 100 for i in range(1, 101)], 99, 0.99)])
def test_serve_bench_percentile_nearest_rank(values, q, expected):
    from eventwire.bench.serve import percentile

    assert percentile(values, q) == pytest.approx(expected)


def test_serve_bench_summarize_counts_errors_and_rate():
    from eventwire.bench.serve import summarize

    s = summarize([0.010, 0.020, 0.030], errors=1, seconds=2.0)
    assert s["requests"] == 4 and s["errors"] == 1 and s["rps"] == pytest.approx(2.0)
    assert s["p50"] == pytest.approx(20.0) and s["max"] == pytest.approx(30.0)


def test_serve_pages_render_on_an_empty_database(tmp_path):
    from fastapi.testclient import TestClient

    from eventwire.serve import create_app

    client = TestClient(create_app(str(tmp_path / "empty.db")))
    for path in ("/", "/articles", "/stories", "/map", "/actors", "/actors/IND", "/extract", "/overview.json",
                 "/api/events", "/api/timeline", "/api/escalation", "/api/merged-events"):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 200, path
    missing = client.get("/articles/nope", headers={"accept": "text/html"})
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html") and "nope" in missing.text
    assert client.get("/api/articles/nope").json()["status"] == 404


def test_serve_cli_refuses_a_missing_database(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code != 0 and "no database" in result.output
