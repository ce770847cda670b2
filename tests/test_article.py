"""Readers: every input format, and bad input reported without losing the rest."""

from __future__ import annotations

import io
import json

import pytest

from eventwire.article import (
    Article,
    ReadError,
    article_id,
    check_text,
    html_to_text,
    normalize_date,
    parse_seed,
    read_articles,
    read_stdin,
)
from eventwire.errors import BadArticle, BadDate

STORY = "Police in the capital said two people were injured when protesters clashed with officers on Friday."


def test_article_seed_format_splits_date_and_text():
    date, text = parse_seed("date 2021-05-12\nRebels attacked a convoy.")
    assert date == "2021-05-12"
    assert text == "Rebels attacked a convoy."


def test_article_seed_format_on_one_line():
    date, text = parse_seed(" date 2021-05-12 UN officials met in Geneva.")
    assert (date, text) == ("2021-05-12", "UN officials met in Geneva.")


@pytest.mark.parametrize(
    "value,expected",
    [("2021-05-12", "2021-05-12"), ("2021-5-2", "2021-05-02"), ("20210512", "2021-05-12"), ("2021-05-12T10:00:00Z", "2021-05-12")],
)
def test_article_normalize_date_accepts(value, expected):
    assert normalize_date(value) == expected


@pytest.mark.parametrize("value", ["12/05/2021", "yesterday", "2021-13-40", "2021-02-30"])
def test_article_normalize_date_rejects(value):
    with pytest.raises(BadDate):
        normalize_date(value)


def test_article_id_is_stable_and_whitespace_blind():
    assert article_id(STORY) == article_id("  " + STORY.replace(" ", "  ") + "\n")
    assert article_id(STORY) != article_id(STORY, url="https://example.org/a")
    assert Article(text=STORY).id == article_id(STORY)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("abc\x00def" * 10, "binary"),
        ("Die Regierung hat am Montag neue Massnahmen gegen die Inflation angekuendigt, sagte ein Sprecher in Berlin heute.", "English"),
        ("x" * 600_000, "too large"),
        ("Москва заявила о новых мерах против инфляции в понедельник, сообщил представитель правительства.", "non-Latin"),
    ],
)
def test_article_check_text_rejects_bad_input(text, message):
    with pytest.raises(BadArticle, match=message):
        check_text(text)


def test_article_read_txt_date_from_name_and_flag(tmp_path):
    (tmp_path / "2024-02-01_report.txt").write_text(STORY)
    (tmp_path / "undated.txt").write_text(STORY + " Later, officials met.")
    items = list(read_articles([str(tmp_path)]))
    by_name = {a.origin.rsplit("/", 1)[-1]: a for a in items}
    assert by_name["2024-02-01_report.txt"].date == "2024-02-01"
    undated = by_name["undated.txt"]
    assert undated.date is None and any("date unknown" in w for w in undated.warnings)
    # --date wins over the name
    assert next(read_articles([str(tmp_path / "2024-02-01_report.txt")], date="2024-03-03")).date == "2024-03-03"


def test_article_read_jsonl_reports_broken_lines_and_keeps_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [
        json.dumps({"text": STORY, "date": "2024-01-02", "title": "Clashes", "url": "https://example.org/1", "source": "Wire"}),
        "{broken json",
        json.dumps({"text": "", "date": "2024-01-02"}),
        json.dumps({"text": STORY + " More.", "date": "not a date"}),
        json.dumps({"text": STORY + " Again.", "date": "2024-01-03", "id": "a-7"}),
    ]
    path.write_text("\n".join(rows) + "\n")
    items = list(read_articles([str(path)]))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, ReadError)]
    assert [a.title for a in good] == ["Clashes", None]
    assert good[0].source == "Wire" and good[1].id == "a-7"
    assert [b.origin.rsplit(":", 1)[-1] for b in bad] == ["2", "3", "4"]
    assert "broken JSON" in bad[0].message and "date" in bad[2].message


def test_article_read_csv(tmp_path):
    path = tmp_path / "batch.csv"
    path.write_text('id,date,title,text\n1,2024-01-02,First,"' + STORY + '"\n2,2024-01-03,Second,""\n')
    items = list(read_articles([str(path)]))
    assert isinstance(items[0], Article) and items[0].id == "1" and items[0].date == "2024-01-02"
    assert isinstance(items[1], ReadError)


def test_article_read_csv_without_text_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n")
    (item,) = read_articles([str(path)])
    assert isinstance(item, ReadError) and "text" in item.message


def test_article_read_html_strips_markup():
    title, text = html_to_text(
        "<html><head><title>Strike  report</title><script>var x=1;</script></head>"
        "<body><p>Two soldiers were killed &amp; three hurt.</p><div>Officials said so.</div></body></html>"
    )
    assert title == "Strike report"
    assert text == "Two soldiers were killed & three hurt.\n\nOfficials said so."


def test_article_binary_and_missing_files_are_errors(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    items = list(read_articles([str(tmp_path / "blob.txt"), str(tmp_path / "nope*.txt")]))
    assert all(isinstance(i, ReadError) for i in items)
    assert "binary" in items[0].message and "no such file" in items[1].message


def test_article_read_stdin_plain_and_jsonl():
    (article,) = read_stdin(date="2024-05-05", stream=io.StringIO(STORY))
    assert article.date == "2024-05-05" and article.text == STORY
    stream = io.StringIO(json.dumps({"text": STORY, "date": "2024-05-06"}) + "\n")
    (article,) = read_stdin(stream=stream)
    assert article.date == "2024-05-06"


@pytest.mark.parametrize(
    "text",
    [
        "Poll: Clinton leads Trump by 5 points in Florida among likely voters, survey finds Monday",
        "Gunmen kill 12 villagers in Zamfara; police confirm toll",
        "Israel's Netanyahu: Hamas will pay heavy price as Gaza toll rises to 28, including 10 children",
    ],
)
def test_article_check_text_accepts_headline_style_english(text):
    assert check_text(text) == text
