"""Event coding: codebooks, patterns, roles, modality, quotes, ACLED types, benchmark scorers."""

from __future__ import annotations

import pytest

from eventwire.bench import events as bench
from eventwire.codes import acled_rules, codebook, quad_of
from eventwire.extract.event_patterns import PatternBook
from eventwire.extract.events import EventExtractor
from eventwire.records import ArticleRecord

# ---------------------------------------------------------------------- codebooks


@pytest.mark.parametrize(
    "code, goldstein, quad, plover",
    [
        ("195", -10.0, 4, ("ASSAULT", "aerial")),
        ("1384", -7.0, 3, ("THREATEN", "violence")),
        ("0256", -0.3, 1, ("REQUEST", "yield")),
        ("057", 8.0, 1, ("SUPPORT", None)),
        ("173", -5.0, 4, ("COERCE", "arrest")),
        ("041", 1.0, 1, ("CONSULT", "phone")),
    ],
)
def test_codes_codebook_entries(code, goldstein, quad, plover):
    entry = codebook().get(code)
    assert entry.goldstein == goldstein
    assert entry.quad_class == quad == quad_of(code)
    assert codebook().plover_of(code) == plover


def test_codes_statements_have_no_plover_type_and_unknown_codes_fall_back_to_parent():
    assert codebook().plover_of("010") == (None, None)
    assert codebook().get("1957").code == "195"  # not in the codebook: its parent answers
    assert quad_of("") is None and quad_of("xx") is None


@pytest.mark.parametrize(
    "code, words, expected",
    [
        ("195", "warplane bomb village", "Air/drone strike"),
        ("194", "artillery shell town", "Shelling/artillery/missile attack"),
        ("190", "troop clash rebel", "Armed clash"),
        ("175", "police tear gas protester disperse", "Protest with intervention"),
        ("141", "teacher march ministry", "Peaceful protest"),
        ("1831", "suicide bomber market", "Suicide bomb"),
        ("173", "police arrest suspect", "Arrests"),
        ("181", "gunman abduct worker", "Abduction/forced disappearance"),
    ],
)
def test_codes_acled_rules_classify(code, words, expected):
    lemmas = words.split()
    result = acled_rules().classify(code, frozenset(lemmas), " " + " ".join(lemmas) + " ")
    assert result is not None and result[1] == expected


def test_codes_acled_has_the_official_types():
    rules = acled_rules()
    assert len(set(rules.types)) == 25
    assert set(rules.types.values()) == {
        "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
        "Strategic developments",
    }


# ---------------------------------------------------------------------- patterns as data


@pytest.mark.parametrize(
    "frame, nested, expected",
    [("appeal", "087", "0256"), ("demand", "0841", "1053"), ("intent", "073", "0333"),
     ("reject", "046", "125"), ("threaten", "163", "1312"), ("appeal", "99", None)],
)
def test_event_patterns_frame_refinement(frame, nested, expected):
    assert PatternBook.default().refine(frame, nested) == expected


def test_event_patterns_user_file_extends_the_lexicon(nlp, tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_text("kind,lemma,prep,objects,code,frame,target,sector,note\nverb,snub,,,1246,,dobj,,\n")
    extractor = EventExtractor(patterns=[str(extra)])
    text = "Moldova snubbed Romania on Tuesday."
    record = ArticleRecord(id="t", text=text, date="2024-03-14")
    events = extractor.find(nlp(text), record)
    assert [e.cameo for e in events] == ["1246"]
    assert events[0].trigger.text == "snubbed"


# ---------------------------------------------------------------------- coding sentences

CODING = [
    ("Russian forces shelled the Ukrainian city of Kharkiv on Monday.", "RUS", "UKR", "194"),
    ("China condemned the new US sanctions on Tuesday.", "CHN", "USA", "111"),
    ("Turkey threatened to impose sanctions on Sweden.", "TUR", "SWE", "1312"),
    ("Japan will provide humanitarian aid to the Philippines.", "JPN", "PHL", "0333"),
    ("Germany urged Iran to release the detained journalists.", "DEU", "IRN", "0253"),
    ("Israeli warplanes struck targets in Syria overnight.", "ISR", "SYR", "19"),
    ("The Indian foreign minister met his Chinese counterpart in Moscow on Friday.", "IND", "CHN", "04"),
    ("Iran rejected a proposal for direct talks with the United States.", "IRN", "USA", "12"),
    ("Pakistani police arrested 12 suspected militants near the Afghan border.", "PAK", None, "173"),
    ("Ethiopia accused Eritrea of shelling border villages.", "ETH", "ERI", "112"),
]


@pytest.mark.parametrize("text, source, target, code", CODING)
def test_events_code_sentences(pipeline, text, source, target, code):
    record = pipeline.extract(text, date="2024-03-14")
    main = record.events[0]
    assert main.cameo.startswith(code)
    assert main.source is not None and main.source.code.startswith(source)
    if target is not None:
        assert main.target is not None and main.target.code.startswith(target)
    assert record.text[main.trigger.start : main.trigger.end] == main.trigger.text
    assert main.date is not None and main.date.startswith("2024-03") and main.date_precision == "day"


def test_events_compound_actors_give_one_event_each(pipeline):
    record = pipeline.extract("The United States and Egypt condemned the attack on the embassy.")
    sources = {e.source.code for e in record.events if e.cameo == "111"}
    assert {"USA", "EGY"} <= {code[:3] for code in sources}
    record = pipeline.extract("France and Germany signed a defence agreement in Paris.")
    pairs = {(e.source.code[:3], e.target.code[:3]) for e in record.events if e.cameo == "057" and e.target}
    assert pairs == {("FRA", "DEU"), ("DEU", "FRA")}


@pytest.mark.parametrize(
    "text, modality, negated",
    [
        ("Russia did not attack Ukraine on Sunday.", "negated", True),
        ("Moscow denied that its troops had shelled the town.", "denied", False),
        ("The Ethiopian army could launch an offensive against the rebels.", "hypothetical", False),
        ("Serbia shelled the town on Monday.", "asserted", False),
    ],
)
def test_events_modality(pipeline, text, modality, negated):
    record = pipeline.extract(text)
    violent = [e for e in record.events if e.cameo[:2] in ("18", "19")]
    assert violent and violent[0].modality == modality and violent[0].negated is negated


def test_events_conditional_future_is_a_threat(pipeline):
    record = pipeline.extract("Iran will retaliate against Israel if it attacks its nuclear sites.")
    threat = record.events[0]
    assert threat.cameo.startswith("13") and threat.source.code.startswith("IRN")
    assert any(e.modality == "conditional" for e in record.events[1:])


@pytest.mark.parametrize(
    "text, sub_event",
    [
        ("Israeli warplanes bombed a camp in southern Lebanon on Tuesday.", "Air/drone strike"),
        ("Kenyan police fired tear gas to disperse hundreds of protesters in Nairobi.", "Protest with intervention"),
        ("Hundreds of teachers staged a peaceful sit-in outside the education ministry in Lagos.", "Peaceful protest"),
        ("Rebels abducted six aid workers in South Sudan.", "Abduction/forced disappearance"),
        ("A suicide bomber killed 12 people at a market in Baghdad.", "Suicide bomb"),
        ("Soldiers clashed with Shabaab fighters near Kismayo on Friday.", "Armed clash"),
        ("Residents marched against evictions in Kibera. Police dispersed them with tear gas.", "Protest with intervention"),
        ("On 22 November, a landmine exploded under a bus near Kidal.", "Remote explosive/landmine/IED"),
        ("Protesters stormed the parliament building and set it on fire.", "Violent demonstration"),
        ("The army shot down two drones over the border region on Sunday.", "Disrupted weapons use"),
        ("Government troops recaptured the town of Mopti from the militants.", "Government regains territory"),
    ],
)
def test_events_acled_sub_event_of_first_event(pipeline, text, sub_event):
    assert pipeline.extract(text).events[0].acled_sub_event_type == sub_event


def test_events_bad_input_does_not_raise(pipeline):
    record = pipeline.extract('He said " they will ( attack , if , unless " 12 12 12 ...')
    assert record.error is None


# ---------------------------------------------------------------------- the seed article


def _find(record, code_prefix, trigger=None, source=None):
    for event in record.events:
        if not event.cameo.startswith(code_prefix):
            continue
        if trigger and trigger not in event.trigger.text:
            continue
        if source and not (event.source and (event.source.code or "").startswith(source)):
            continue
        return event
    return None


def _evidence_ok(record, event):
    assert record.text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert record.text[event.trigger.start : event.trigger.end] == event.trigger.text
    assert event.evidence.start <= event.trigger.start < event.trigger.end <= event.evidence.end


def test_events_seed_israeli_airstrikes_on_gaza(seed_record):
    strike = _find(seed_record, "19", "airstrikes", "ISR")
    assert strike is not None and strike.target.code.startswith("PSE")
    assert strike.plover_type == "ASSAULT" and strike.acled_sub_event_type == "Air/drone strike"
    assert strike.acled_event_type == "Explosions/Remote violence"
    assert "Israeli airstrikes in Gaza" in strike.evidence.text
    _evidence_ok(seed_record, strike)


def test_events_seed_rockets_from_gaza(seed_record):
    rockets = _find(seed_record, "19", "launched", "PSE")
    assert rockets is not None and rockets.target.code.startswith("ISR")
    assert "rockets launched from Gaza" in rockets.evidence.text
    _evidence_ok(seed_record, rockets)


def test_events_seed_un_appeal_for_restraint(seed_record):
    appeal = _find(seed_record, "02", "exercise", "IGOUNO")
    assert appeal is not None and appeal.cameo == "0256"
    assert appeal.target.code.startswith("ISR")
    assert appeal.claimed_by == "Stephane Dujarric"
    _evidence_ok(seed_record, appeal)


def test_events_seed_statement_on_behalf_of_the_un_chief(seed_record):
    concern = _find(seed_record, "012", "concerned", "IGOUNO")
    assert concern is not None
    assert concern.claimed_by == "Stephane Dujarric" and concern.channel == "Stephane Dujarric"
    _evidence_ok(seed_record, concern)


def test_events_seed_us_condemns_hamas_rockets(seed_record):
    condemn = _find(seed_record, "11", "condemn", "USA")
    assert condemn is not None and condemn.cameo in ("111", "112")
    assert condemn.target.code == "PSEREB"
    _evidence_ok(seed_record, condemn)


def test_events_seed_netanyahu_threat(seed_record):
    threat = _find(seed_record, "13", "pay", "ISRGOV")
    assert threat is not None and threat.target.code == "PSEREB"
    assert threat.plover_type == "THREATEN" and threat.modality == "asserted"
    _evidence_ok(seed_record, threat)


def test_events_seed_blinken_speaks_to_ashkenazi(seed_record):
    call = _find(seed_record, "04", "spoke", "USAGOV")
    assert call is not None and call.target.code == "ISRGOV"
    assert call.plover_type == "CONSULT"
    _evidence_ok(seed_record, call)


def test_events_seed_question_is_not_asserted(seed_record):
    asked = _find(seed_record, "11", "condemned", "IGOUNO")
    assert asked is not None and asked.modality != "asserted"


# ---------------------------------------------------------------------- our example


def test_events_example_air_strike_on_rebel_camp(example_record):
    bombing = _find(example_record, "19", "bombed", "COLMIL")
    assert bombing is not None and bombing.target.code == "COLREB"
    assert bombing.acled_sub_event_type == "Air/drone strike"
    _evidence_ok(example_record, bombing)


def test_events_example_rebel_ambush(example_record):
    ambush = _find(example_record, "19", "ambushed")
    assert ambush is not None and ambush.acled_sub_event_type == "Armed clash"
    assert ambush.source is None or ambush.source.code == "COLREB"


def test_events_example_venezuela_condemns_the_strikes(example_record):
    condemn = _find(example_record, "11", "condemned", "VEN")
    assert condemn is not None and condemn.target.code.startswith("COL")


def test_events_example_washington_supports_colombia(example_record):
    support = _find(example_record, "05", "supports", "USA")
    assert support is not None and support.target.code.startswith("COL")
    assert support.claimed_by == "Daniel Harper"


def test_events_example_un_urges_parties(example_record):
    urge = _find(example_record, "02", "urges", "IGOUNO")
    assert urge is not None


def test_events_example_president_meets_commanders(example_record):
    meeting = _find(example_record, "04", "met", "COLGOV")
    assert meeting is not None and meeting.plover_type == "CONSULT"


def test_events_example_rebels_vow_to_retaliate(example_record):
    vow = _find(example_record, "13", "vowed", "COLREB")
    assert vow is not None


# ---------------------------------------------------------------------- benchmark scorers


@pytest.mark.parametrize(
    "code, label",
    [(None, 0), ("010", 0), ("0256", 0), ("036", 1), ("057", 1), ("073", 2), ("0871", 2), ("112", 3),
     ("163", 3), ("141", 4), ("195", 4)],
)
def test_bench_events_cameo_class(code, label):
    assert bench.cameo_class(code) == label


def test_bench_events_scores():
    assert bench.accuracy([1, 2, 3], [1, 2, 0]) == pytest.approx(2 / 3)
    assert bench.macro_f1([0, 0, 1, 1], [0, 0, 1, 1]) == 1.0
    assert bench.macro_f1([0, 0, 1, 1], [0, 1, 1, 1], [0, 1]) == pytest.approx((2 / 3 + 0.8) / 2)
    assert bench.codings_found([("A", "B", "190"), ("A", "C", "111")], {("A", "B", "190")}) == 1
    assert bench.plover_label("DEMAND") == "REQUEST" and bench.plover_label("AGREE") == "AGREE"
    assert bench.top_confusions(["a", "a", "b"], ["b", "b", "b"]) == [("a", "b", 2)]


def test_bench_events_country_match():
    from eventwire.records import Actor

    actor = Actor(text="Romania", name="Romania", code="ROM", country="ROU", start=0, end=7)
    assert bench.country_match(actor, {"ROU"}) and bench.country_match(actor, {"ROM", "POL"})
    assert not bench.country_match(actor, {"HUN"}) and not bench.country_match(None, {"HUN"})


def test_bench_events_petrarch_loader(tmp_path):
    xml = tmp_path / "t.xml"
    xml.write_text(
        '<Sentences><!-- a comment --><Sentence date="19950103" id="X-1" category="DEMO">\n'
        '<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="042"></EventCoding>\n'
        '<EventCoding noevents = "True"></EventCoding>\n'
        "<Text>\nAaa visited  Bbb &amp; left.\n</Text></Sentence></Sentences>"
    )
    (item,) = bench.load_petrarch(xml)
    assert item["codings"] == [("AAA", "BBB", "042")]
    assert item["text"] == "Aaa visited Bbb & left." and item["date"] == "1995-01-03"


def test_bench_events_fixes_mojibake():
    assert bench.fix_mojibake("Moscow\u201a\u00c4\u00f4s") == "Moscow\u2019s"
    assert bench.fix_mojibake("plain") == "plain"
