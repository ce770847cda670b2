"""Casualties: counts, qualifiers, breakdowns, running tolls, zeros and non-reports."""

from __future__ import annotations

import pytest

from eventwire.bench.casualties import align, is_headline, match_counts, prf, score
from eventwire.extract.casualties import CasualtyExtractor
from eventwire.records import ArticleRecord, Casualty, Span


@pytest.fixture(scope="module")
def casualties():
    return CasualtyExtractor()


def run_casualties(nlp, extractor, text):
    record = ArticleRecord(id="t", text=text, date="2024-03-14")
    extractor(nlp(text), record)
    return record


def summary(record):
    """(kind, count, qualifier, subset_of, cumulative) per report."""
    return [(c.kind, c.count, c.qualifier, c.subset_of, c.cumulative) for c in record.casualties]


# Our own sentences. Each expected row: (kind, count, qualifier, subset_of, cumulative).
HEADLINES = [
    ("Seven people were killed when a bus plunged into a ravine on Sunday.", [("killed", 7, None, None, False)]),
    ("Twenty-eight miners died in the explosion, officials said.", [("killed", 28, None, None, False)]),
    (
        "A car bomb killed a dozen people and wounded 30 others in the market.",
        [("killed", 12, None, None, False), ("injured", 30, None, None, False)],
    ),
    (
        "A policeman was killed and two civilians were injured in the attack.",
        [("killed", 1, None, None, False), ("injured", 2, None, None, False)],
    ),
    ("Dozens of villagers were wounded in the clashes.", [("injured", 12, None, None, False)]),
    ("Hundreds of protesters were injured when police charged the crowd.", [("injured", 100, None, None, False)]),
    ("Some 400 people were injured.", [("injured", 400, "about", None, False)]),
    ("Nearly 50 people drowned when the ferry capsized.", [("killed", 50, "nearly", None, False)]),
    ("At least 1,200 people were hurt in the riots.", [("injured", 1200, "at least", None, False)]),
    ("Gunmen shot dead two policemen in the city.", [("killed", 2, None, None, False)]),
    (
        "The blast left 11 workers dead and 25 injured.",
        [("killed", 11, None, None, False), ("injured", 25, None, None, False)],
    ),
    ("The death toll from the earthquake rose to 312 on Wednesday.", [("killed", 312, None, None, False)]),
    (
        "Two soldiers and five policemen were killed in the ambush.",
        [("killed", 2, None, None, False), ("killed", 5, None, None, False)],
    ),
    (
        "One person died and four were hurt in the stampede.",
        [("killed", 1, None, None, False), ("injured", 4, None, None, False)],
    ),
    ("A 62-year-old woman was stabbed to death in her home.", [("killed", 1, None, None, False)]),
    (
        "An explosion at a fireworks factory killed 23 workers and injured scores of others.",
        [("killed", 23, None, None, False), ("injured", 20, None, None, False)],
    ),
    ("The retired general died on Tuesday at the age of 88.", [("killed", 1, None, None, False)]),
    ("The explosion claimed the lives of seven workers.", [("killed", 7, None, None, False)]),
    ("A total of 35 people were killed in the violence.", [("killed", 35, None, None, False)]),
    (
        "A suicide bomber blew himself up in a crowded market, killing 25 people.",
        [("killed", 1, None, None, False), ("killed", 25, None, None, False)],
    ),
    ("A policeman was shot in the head on Monday. He died later in hospital.", [("killed", 1, None, None, False)]),
    ("None of the passengers was hurt.", [("injured", 0, None, None, False)]),
    ("Half a dozen people were hurt.", [("injured", 6, None, None, False)]),
    ("Gunmen killed one hundred and twenty villagers.", [("killed", 120, None, None, False)]),
    ("Both pilots were killed when the helicopter crashed.", [("killed", 2, None, None, False)]),
    ("A 45-year-old was killed in the attack.", [("killed", 1, None, None, False)]),
    ("Police questioned two men over the Oct. 23 killing of the doctor.", [("killed", 1, None, None, False)]),
]

BREAKDOWNS = [
    (
        "The attack killed nine people, including four children and a pregnant woman.",
        [("killed", 9, None, None, False), ("killed", 4, None, 0, False), ("killed", 1, None, 0, False)],
    ),
    (
        "Fourteen people were killed in the raid. At least three of the dead were children.",
        [("killed", 14, None, None, False), ("killed", 3, "at least", 0, False)],
    ),
    (
        "Twenty people died in the attack. Among the dead were three children.",
        [("killed", 20, None, None, False), ("killed", 3, None, 0, False)],
    ),
    (
        "Some 30 people were killed, among them 12 women.",
        [("killed", 30, "about", None, False), ("killed", 12, None, 0, False)],
    ),
    (
        "The accident injured 12 passengers, three of them critically.",
        [("injured", 12, None, None, False), ("injured", 3, None, 0, False)],
    ),
    (
        "Twelve people died. Among those killed were two journalists.",
        [("killed", 12, None, None, False), ("killed", 2, None, 0, False)],
    ),
]

CUMULATIVE = [
    ("The fighting has claimed more than 100 lives.", [("killed", 100, "more than", None, True)]),
    ("The epidemic has killed 5,000 people so far.", [("killed", 5000, None, None, True)]),
    ("Floods have killed more than 1,200 people across the region since June.", [("killed", 1200, "more than", None, True)]),
    ("The latest deaths bring the number of soldiers killed this year to 87.", [("killed", 87, None, None, True)]),
    ("Fighting in the region has left tens of thousands dead since 2012.", [("killed", 10000, None, None, True)]),
]

ZEROS = [
    ("No one was hurt in the blaze.", [("injured", 0, None, None, False)]),
    ("There were no casualties, police said.", [("killed", 0, None, None, False), ("injured", 0, None, None, False)]),
]

NOT_REPORTS = [
    "Officials fear that dozens may have died under the rubble.",
    "The rebels denied that any civilians had been killed.",
    "Several people were injured in the crush.",
    "Thousands of chickens died of bird flu on the farm.",
    "The minister threatened to kill 10 hostages if the army attacked.",
    "Two men will face murder charges over the shooting.",
    "Forty percent of deaths in the district are caused by malaria.",
    "The striker is out for six weeks with a knee injury.",
    "There have been more than a dozen attempted murders of clinic staff.",
    "Police foiled a plot to kill three judges.",
    "The ceasefire collapsed as both sides accused each other of killing one another's fighters.",
    "Three bills died in committee on Tuesday.",
]


@pytest.mark.parametrize("text,expected", HEADLINES + BREAKDOWNS + CUMULATIVE + ZEROS)
def test_casualties_reports_from_sentences(nlp, casualties, text, expected):
    assert summary(run_casualties(nlp, casualties, text)) == expected


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_casualties_no_report_for_threats_vague_and_animals(nlp, casualties, text):
    assert run_casualties(nlp, casualties, text).casualties == []


def test_casualties_repeated_figure_is_one_report(nlp, casualties):
    text = (
        "At least 16 people were killed in the blast on Monday. "
        "The 16 people killed were all farmers, a local official said."
    )
    record = run_casualties(nlp, casualties, text)
    assert summary(record) == [("killed", 16, "at least", None, False)]


def test_casualties_different_figures_from_sources_are_separate(nlp, casualties):
    text = "The army said 40 rebels were killed. The rebels said only six fighters died."
    record = run_casualties(nlp, casualties, text)
    assert sorted((c.kind, c.count, c.subset_of) for c in record.casualties) == [
        ("killed", 6, None),
        ("killed", 40, None),
    ]


def test_casualties_cause_and_perpetrator(nlp, casualties):
    record = run_casualties(nlp, casualties, "Two Palestinians were killed by Israeli fire near the fence.")
    (report,) = record.casualties
    assert (report.count, report.cause, report.perpetrator) == (2, "Israeli fire", "Israeli")
    record = run_casualties(nlp, casualties, "Israeli soldiers shot dead two Palestinians.")
    assert record.casualties[0].perpetrator == "Israeli soldiers"


def test_casualties_evidence_offsets_point_into_text(nlp, casualties):
    text = "In the north, rebels killed 12 villagers and wounded 30 others on Friday."
    record = run_casualties(nlp, casualties, text)
    assert [c.count for c in record.casualties] == [12, 30]
    for report in record.casualties:
        assert text[report.evidence.start:report.evidence.end] == report.evidence.text
        assert str(report.count) in report.evidence.text


def test_casualties_fatalities_is_lowest_headline_killed(nlp, casualties):
    text = (
        "Police said 12 people were killed in the attack, while hospital officials put the toll at 15. "
        "The conflict has killed more than 3,000 people since 2019."
    )
    record = run_casualties(nlp, casualties, text)
    assert record.fatalities == 12
    assert any(c.cumulative and c.count == 3000 for c in record.casualties)
    # groups listed in one sentence add up; the bomber counts beside his victims
    record = run_casualties(nlp, casualties, "A suicide bomber blew himself up in a market, killing 25 people.")
    assert record.fatalities == 26
    assert CasualtyExtractor.fatalities([]) is None


def test_casualties_odd_text_never_raises(nlp, casualties):
    for text in ["killed", "“ 3 ( killed", "No", "— , including including 5 , ,"]:
        run_casualties(nlp, casualties, text)


def test_casualties_user_lexicon_extends_verbs(nlp):
    extractor = CasualtyExtractor(lexicon={"verbs": {"decapitate": "killed"}})
    record = run_casualties(nlp, extractor, "Militants decapitated three hostages on Sunday.")
    assert summary(record) == [("killed", 3, None, None, False)]


# ---------------------------------------------------------------- the seed and our example


def test_casualties_seed_headline_and_breakdowns(seed_record):
    reports = seed_record.casualties
    headline = [c for c in reports if c.subset_of is None and not c.cumulative and c.kind == "killed"]
    assert [(c.count, c.victims) for c in headline] == [(28, "Palestinians")]
    parent = reports.index(headline[0])
    subsets = {(c.kind, c.count, c.qualifier): c for c in reports if c.subset_of == parent}
    assert ("killed", 10, None) in subsets and subsets[("killed", 10, None)].victims == "children"
    assert ("killed", 1, None) in subsets and "woman" in subsets[("killed", 1, None)].victims
    assert ("killed", 16, "at least") in subsets and subsets[("killed", 16, "at least")].victims == "militants"
    assert headline[0].cause == "airstrikes"
    # "Israeli fatalities from rockets" gives no number: no report of it
    assert not any("fatalities" in c.evidence.text for c in reports)
    assert len(reports) == 4
    assert seed_record.fatalities == 28


def test_casualties_example_headline_subsets_and_denial(example_record):
    reports = example_record.casualties
    killed = [c for c in reports if c.kind == "killed" and c.subset_of is None]
    assert [(c.count, c.qualifier, c.cumulative) for c in killed] == [(14, "at least", False)]
    parent = reports.index(killed[0])
    subsets = sorted((c.count, c.victims) for c in reports if c.subset_of == parent)
    assert subsets == [(1, "local commander"), (3, "teenagers")]
    injured = [c for c in reports if c.kind == "injured"]
    assert [(c.count, c.victims, c.subset_of) for c in injured] == [(6, "soldiers", None)]
    # "The rebels denied that any minors had died" is no report
    assert len(reports) == 4
    assert example_record.fatalities == 14
    text = example_record.text
    for report in reports:
        assert text[report.evidence.start:report.evidence.end] == report.evidence.text


# ---------------------------------------------------------------- scoring


def _c(kind, count, subset_of=None, cumulative=False, qualifier=None):
    return Casualty(
        kind=kind, count=count, subset_of=subset_of, cumulative=cumulative, qualifier=qualifier,
        evidence=Span(start=0, end=1, text="x"),
    )


def test_casualties_bench_multiset_matching():
    gold = [{"kind": "killed", "count": 3}, {"kind": "killed", "count": 3}, {"kind": "injured", "count": 5}]
    predicted = [_c("killed", 3), _c("injured", 4)]
    assert match_counts(gold, predicted) == (1, 2, 3)
    assert prf(1, 2, 3) == pytest.approx((0.5, 1 / 3, 0.4))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_casualties_bench_headline_and_attribute_accuracy():
    items = [
        {
            "id": "a",
            "reports": [
                {"kind": "killed", "count": 9, "qualifier": "at least", "subset_of": None, "cumulative": False},
                {"kind": "killed", "count": 4, "qualifier": None, "subset_of": 0, "cumulative": False},
                {"kind": "killed", "count": 300, "qualifier": None, "subset_of": None, "cumulative": True},
            ],
        }
    ]
    predicted = [[_c("killed", 9), _c("killed", 4), _c("killed", 300)]]
    figures = score(items, predicted)
    assert figures["all"]["f1"] == 1.0
    # the predicted 4 and 300 count as headline reports: two false positives there
    assert (figures["headline"]["tp"], figures["headline"]["predicted"], figures["headline"]["gold"]) == (1, 3, 1)
    assert figures["accuracy"]["qualifier"] == pytest.approx(2 / 3)
    assert figures["accuracy"]["subset"] == pytest.approx(2 / 3)
    assert figures["accuracy"]["cumulative"] == pytest.approx(2 / 3)
    assert is_headline(items[0]["reports"][0]) and not is_headline(items[0]["reports"][2])
    assert [g["count"] for g, _ in align(items[0]["reports"], predicted[0])] == [9, 4, 300]
