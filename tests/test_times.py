"""Time expressions: extents, TimeML types and values against the article date."""

from __future__ import annotations

import pytest

from eventwire.bench.time import Timex, match_pairs, parse_tml, prf, score_doc
from eventwire.extract.times import (
    TimeExtractor,
    duration_value,
    governing_time,
    parse_anchor,
    value_precision,
)
from eventwire.records import ArticleRecord, Time


@pytest.fixture(scope="module")
def times():
    return TimeExtractor()


def run_times(nlp, extractor, text, date):
    record = ArticleRecord(id="t", text=text, date=date)
    record.times = extractor.find(nlp(text), record)
    return record


def find_time(record, text):
    for t in record.times:
        if t.text == text:
            return t
    raise AssertionError(f"{text!r} not found in {[t.text for t in record.times]}")


# 2024-03-14 is a Thursday; 2021-05-12 a Wednesday.
CASES = [
    ("Police said the attack happened on Monday.", "2024-03-14", "Monday", "DATE", "2024-03-11"),
    ("The minister will travel to Geneva on Monday.", "2024-03-14", "Monday", "DATE", "2024-03-18"),
    ("The talks resumed on Thursday in Doha.", "2024-03-14", "Thursday", "DATE", "2024-03-14"),
    ("Rebels attacked the convoy today, officials said.", "2024-03-14", "today", "DATE", "2024-03-14"),
    ("Two soldiers were killed yesterday near the border.", "2024-03-14", "yesterday", "DATE", "2024-03-13"),
    ("The vote is expected tomorrow.", "2024-03-14", "tomorrow", "DATE", "2024-03-15"),
    ("The prime minister spoke this morning.", "2024-03-14", "this morning", "TIME", "2024-03-14TMO"),
    ("Shelling continued late into Tuesday night.", "2024-03-14", "Tuesday night", "TIME", "2024-03-12TNI"),
    ("The ceasefire was signed on May 10, 2021 in Cairo.", "2024-03-14", "May 10, 2021", "DATE", "2021-05-10"),
    ("The ceasefire was signed on 10 May 2021 in Cairo.", "2024-03-14", "10 May 2021", "DATE", "2021-05-10"),
    ("Protests began on Feb. 3 and spread quickly.", "2024-03-14", "Feb. 3", "DATE", "2024-02-03"),
    ("Elections are due to be held in November.", "2024-03-14", "November", "DATE", "2024-11"),
    ("The company said profits fell last week.", "2024-03-14", "last week", "DATE", "2024-W10"),
    ("Aid deliveries doubled this week.", "2024-03-14", "this week", "DATE", "2024-W11"),
    ("Fighting intensified last month.", "2024-03-14", "last month", "DATE", "2024-02"),
    ("The group was founded last year.", "2024-03-14", "last year", "DATE", "2023"),
    ("The economy shrank earlier this year, the bank said.", "2024-03-14", "earlier this year", "DATE", "2024"),
    ("The conflict began in the 1990s.", "2024-03-14", "the 1990s", "DATE", "199"),
    ("The treaty was signed in 1994.", "2024-03-14", "1994", "DATE", "1994"),
    ("The rebels fought for three days.", "2024-03-14", "three days", "DURATION", "P3D"),
    ("The meeting lasted two hours.", "2024-03-14", "two hours", "DURATION", "PT2H"),
    ("Negotiators met for 18 months.", "2024-03-14", "18 months", "DURATION", "P18M"),
    ("The president is briefed daily on the crisis.", "2024-03-14", "daily", "SET", "P1D"),
    ("Patrols are sent every week.", "2024-03-14", "every week", "SET", "P1W"),
    ("The bridge was destroyed two years ago.", "2024-03-14", "two years ago", "DATE", "2022"),
    ("The strike began three days ago.", "2024-03-14", "three days ago", "DATE", "2024-03-11"),
    ("Sales rose in the third quarter.", "2024-03-14", "the third quarter", "DATE", "2023-Q3"),
    ("Inflation is falling now, the governor said.", "2024-03-14", "now", "DATE", "PRESENT_REF"),
    ("The curfew starts at 10 p.m. on Friday.", "2024-03-14", "10 p.m. on Friday", "TIME", "2024-03-15T22:00"),
    ("The army withdrew last spring.", "2024-03-14", "last spring", "DATE", "2023-SP"),
    ("Crowds gathered over the weekend.", "2024-03-14", "the weekend", "DATE", "2024-W10-WE"),
    ("He arrived at 10:30 a.m. local time on March 3.", "2024-03-14", "10:30 a.m. local time on March 3", "TIME",
     "2024-03-03T10:30"),
    ("The strike happened at 0300 GMT on Tuesday.", "2024-03-14", "0300 GMT on Tuesday", "TIME", "2024-03-12T03:00"),
    ("The project will cost $500 million a year.", "2024-03-14", "a year", "SET", "P1Y"),
    ("The siege lasted a year and a half.", "2024-03-14", "a year and a half", "DURATION", "P18M"),
    ("The attack came three days later.", "2024-03-14", "three days", "DURATION", "P3D"),
    ("The army struck again a day after the vote.", "2024-03-14", "a day", "DURATION", "P1D"),
    ("The bank was founded in the nineties.", "2024-03-14", "the nineties", "DATE", "199"),
    ("Pilgrims have visited since the 12th century.", "2024-03-14", "the 12th century", "DATE", "11"),
    ("The court ruled on Monday, Oct. 26, that the law stood.", "2021-03-01", "Monday, Oct. 26", "DATE", "2020-10-26"),
    ("Net income rose 4% for the year, the company said.", "2024-03-14", "the year", "DATE", "2024"),
    ("Wednesday's ruling angered the rebels.", "2024-03-14", "Wednesday", "DATE", "2024-03-13"),
    ("The border reopened in 2019. Later that year the talks failed.", "2024-03-14", "Later that year", "DATE", "2019"),
]


@pytest.mark.parametrize("text, date, expression, ttype, value", CASES)
def test_times_normalizes_sentences(nlp, times, text, date, expression, ttype, value):
    found = find_time(run_times(nlp, times, text, date), expression)
    assert (found.type, found.value) == (ttype, value)
    assert text[found.start:found.end] == found.text
    assert found.anchor == date


UNDATED = [
    ("Police said the attack happened on Monday.", "Monday", "XXXX-WXX-1"),
    ("Two soldiers were killed yesterday.", "yesterday", "XXXX-XX-XX"),
    ("The ceasefire was signed on May 10, 2021.", "May 10, 2021", "2021-05-10"),
    ("The group was founded last year.", "last year", "XXXX"),
]


@pytest.mark.parametrize("text, expression, value", UNDATED)
def test_times_unresolved_without_article_date(nlp, times, text, expression, value):
    found = find_time(run_times(nlp, times, text, None), expression)
    assert found.value == value
    assert found.anchor is None


@pytest.mark.parametrize("text, timezone", [
    ("He spoke this morning (NZT) to reporters.", "NZT"),
    ("The deadline passed at 5 p.m. GMT on Monday.", "GMT"),
    ("Shooting broke out on Sunday (local time) in the capital.", "local"),
])
def test_times_records_timezone(nlp, times, text, timezone):
    record = run_times(nlp, times, text, "2024-03-14")
    assert [t.timezone for t in record.times if t.timezone] == [timezone]


NOT_TIMES = [
    "A 6-year-old girl was among the wounded.",
    "More than 2000 people fled the town.",
    "The army may deploy more troops.",
    "Troops march on the capital.",
    "The score was 3:2 at half time.",
    "Funds hold a quarter of the market.",
    "Foreign Minister Jan Kavan signed the accord.",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_times_ignores_non_temporal_numbers_and_words(nlp, times, text):
    assert run_times(nlp, times, text, "2024-03-14").times == []


@pytest.mark.parametrize("text, date", [
    ("", "2024-03-14"),
    ("On Feb. 31 and on 13/45/2024 at 25:99 p.m. nothing happened.", "2024-03-14"),
    ("Since ((Monday]] \"unbalanced quote at 99 o'clock", "not-a-date"),
    ("The 2024-02-30 report, dated 0000-00-00, came 9999999999999999999 years ago.", None),
    ("Monday Monday Monday yesterday tomorrow 1990s '80s fiscal quarter.", "1900-01-01"),
])
def test_times_odd_input_never_raises(nlp, times, text, date):
    record = run_times(nlp, times, text, date)
    for t in record.times:
        assert text[t.start:t.end] == t.text


def test_times_helpers_are_pure():
    assert parse_anchor("2021-05-12T10:00") is not None and parse_anchor("garbage") is None
    assert duration_value(3, "D") == "P3D" and duration_value(2, "H") == "PT2H"
    assert duration_value(None, "Y") == "PXY" and duration_value(1.5, "H") == "PT1H30M"
    assert [value_precision(v) for v in ("2021-05-10", "2021-W18", "2021-05", "2021", "P3D")] == [
        "day", "week", "month", "year", "unknown"]


# --------------------------------------------------------------------------- governing_time


def test_times_governing_time_prefers_same_sentence(nlp, times):
    text = ("Officials said on Thursday that rebels attacked a village on Tuesday night. "
            "The army promised to respond.")
    record = run_times(nlp, times, text, "2024-03-14")
    doc = nlp(text)
    start = text.index("attacked")
    assert governing_time(record, doc, start, start + len("attacked")) == ("2024-03-12", "day")
    start = text.index("promised")
    assert governing_time(record, doc, start, start + len("promised")) == ("2024-03-14", "day")
    undated = ArticleRecord(id="u", text=text)
    assert governing_time(undated, doc, start, start + 3) == (None, "unknown")
    assert governing_time(record, doc, 10_000, 10_005) == ("2024-03-14", "day")


# --------------------------------------------------------------------------- seed and example


def test_times_seed_article(seed_record):
    values = {t.text.lower(): t for t in seed_record.times}
    monday = next(t for t in seed_record.times if "monday" in t.text.lower())
    assert monday.value.startswith("2021-05-10")
    assert monday.timezone == "local"
    assert values["today"].value == "2021-05-12"
    morning = values["this morning"]
    assert (morning.type, morning.value, morning.timezone) == ("TIME", "2021-05-12TMO", "NZT")
    assert values["daily"].type == "SET" and values["daily"].value == "P1D"


def test_times_example_article(example_record):
    by_text = {t.text: t for t in example_record.times}
    assert by_text["Tuesday night"].value.startswith("2024-03-12")
    assert by_text["Thursday"].value == "2024-03-14"
    assert by_text["Wednesday"].value == "2024-03-13"


# --------------------------------------------------------------------------- benchmark scoring


def test_times_bench_parse_tml_keeps_offsets():
    tml = ('<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">'
           '19980108</TIMEX3></DCT><TEXT>Prices &amp; rates fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">'
           'yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>.</TEXT></TimeML>')
    doc = parse_tml(tml)
    assert doc.dct == "1998-01-08"
    assert [(doc.text[t.start:t.end], t.value) for t in doc.timexes] == [("yesterday", "1998-01-07"),
                                                                        ("three days", "P3D")]


def test_times_bench_scoring_relaxed_and_value():
    gold = [Timex(0, 9, "yesterday", "DATE", "1998-01-07"), Timex(20, 30, "three days", "DURATION", "P3D")]
    system = [Time(start=0, end=9, text="yesterday", type="DATE", value="1998-01-07"),
              Time(start=16, end=30, text="the three days", type="DURATION", value="P4D"),
              Time(start=40, end=45, text="today", type="DATE", value="1998-01-08")]
    assert match_pairs([(0, 9), (20, 30)], [(0, 9), (16, 30), (40, 45)]) == [(1, 1), (0, 0)]
    score = score_doc(gold, system)
    assert (score.strict, score.relaxed, score.value_ok, score.type_ok) == (1, 2, 1, 2)
    figures = score.figures()
    assert figures["relaxed_f1"] == pytest.approx(prf(2, 3, 2)[2])
    assert figures["value_f1"] == pytest.approx(0.5 * figures["relaxed_f1"])
