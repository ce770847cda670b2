"""Actors: codes for people, bodies, countries and groups, on real sentences and the seed."""

from __future__ import annotations

import pytest

from eventwire import Pipeline
from eventwire.dictionaries import ActorLexicon, load_tabari


@pytest.fixture(scope="module")
def actors_only(nlp):
    return Pipeline(nlp=nlp, extractors=["actors"])


def codes_by_name(record) -> dict[str, str | None]:
    return {a.name: a.code for a in record.actors}


def actor_named(record, name):
    matches = [a for a in record.actors if a.name == name]
    assert matches, f"no actor {name!r}; have {[a.name for a in record.actors]}"
    return matches[0]


@pytest.mark.parametrize(
    "text,name,code",
    [
        ("Egyptian President Hosni Farouk met the delegation in Cairo on Monday.", "Hosni Farouk", "EGYGOV"),
        ("Turkish troops shelled positions held by Kurdish fighters near the border.", "Turkish military", "TURMIL"),
        ("The Kremlin rejected the proposal on Tuesday, officials said.", "Kremlin", "RUSGOV"),
        ("Hezbollah fired rockets into northern Israel overnight.", "Hezbollah", "LBNREB"),
        ("Nigerian police arrested twelve suspects after the attack.", "Nigerian police", "NGACOP"),
        ("The UN Security Council will meet on Friday to discuss the crisis.", "UN Security Council", "IGOUNO"),
        ("Iranian Foreign Minister Dariush Kamali told reporters that talks would resume.", "Dariush Kamali", "IRNGOV"),
        ("Washington imposed new sanctions on the company.", "United States government", "USAGOV"),
    ],
)
def test_actors_codes_phrases(actors_only, text, name, code):
    record = actors_only.extract(text, date="2024-01-10")
    assert actor_named(record, name).code == code


def test_actors_metonym_as_place_is_not_an_actor(actors_only):
    record = actors_only.extract("The talks were held in Washington last week between the two delegations.", date="2024-01-10")
    assert "United States government" not in codes_by_name(record)


def test_actors_surname_and_pronoun_link_to_first_mention(actors_only):
    text = (
        "Kenyan Interior Minister Joseph Otieno said police would investigate. "
        "Otieno added that he had ordered more patrols in Nairobi."
    )
    record = actors_only.extract(text, date="2024-01-10")
    person = actor_named(record, "Joseph Otieno")
    assert person.code == "KENGOV"
    assert [m.text for m in person.mentions] == ["Kenyan Interior Minister Joseph Otieno", "Otieno", "he"]
    for mention in person.mentions:
        assert text[mention.start:mention.end] == mention.text


def test_actors_spokesman_speaks_for_the_leader_named_before(actors_only):
    text = (
        "NATO Secretary-General Lars Holm called for calm. "
        "Spokesman Peter Lund said the alliance was watching closely."
    )
    record = actors_only.extract(text, date="2024-01-10")
    assert actor_named(record, "Peter Lund").code == "IGOWSTNAT"


def test_actors_seed_codes(seed_record):
    codes = codes_by_name(seed_record)
    assert codes["Antonio Guterres"].startswith("IGOUNO")
    assert codes["Stephane Dujarric"].startswith("IGOUNO")
    for name in ("Joe Biden", "Jen Psaki", "White House", "Antony Blinken", "Ned Price", "State Department"):
        assert codes[name] == "USAGOV", name
    assert codes["Benjamin Netanyahu"] == "ISRGOV"
    assert codes["Ashkenazi"] == "ISRGOV"
    security = [a for a in seed_record.actors if any("Israeli security forces" == m.text for m in a.mentions)]
    assert security and security[0].code in ("ISRCOP", "ISRMIL")
    for name in ("Hamas", "Islamic Jihad"):
        actor = actor_named(seed_record, name)
        assert actor.code.startswith("PSE") and actor.sector == "REB"
    palestinians = [a for a in seed_record.actors if any(m.text == "Palestinians" for m in a.mentions)]
    assert palestinians and palestinians[0].code == "PSE"


def test_actors_seed_later_mentions_link(seed_record):
    guterres = actor_named(seed_record, "Antonio Guterres")
    assert "the UN chief" in [m.text for m in guterres.mentions]
    psaki = actor_named(seed_record, "Jen Psaki")
    assert [m.text.lower() for m in psaki.mentions].count("she") >= 2
    dujarric = actor_named(seed_record, "Stephane Dujarric")
    assert [m.text for m in dujarric.mentions].count("He") == 2


def test_actors_example_codes(example_record):
    codes = codes_by_name(example_record)
    assert codes["Laura Beltran"] == "COLGOV"
    assert codes["Ernesto Salcedo"] == "COLGOV"
    assert codes["Yolanda Rivas"] == "VENGOV"
    assert codes["Daniel Harper"] == "USAGOV"
    assert codes["Marta Ferreira"] == "IGOUNO"
    assert codes["Amina Osei"] == "IGOUNO"
    rebels = actor_named(example_record, "Frente Montana Libre")
    assert rebels.code == "COLREB"
    assert "rebels" in [m.text for m in rebels.mentions]
    aircraft = [a for a in example_record.actors if a.code == "COLMIL"]
    assert aircraft and aircraft[0].mentions[0].text == "Colombian military aircraft"


def test_actors_tabari_loader_reads_actors_synonyms_dates_and_agents(tmp_path):
    actors_file = tmp_path / "test.actors.txt"
    actors_file.write_text(
        "<!-- a comment\n over lines -->\n"
        "KINGDOM_OF_ELDORIA [ELD]\n"
        "MARA_VOSS_  # a person with dated roles\n"
        "+MINISTER_VOSS\n"
        "\t[ELDGOV 100101-151231]\n"
        "\t[ELDOPP >160101]\n"
    )
    agents_file = tmp_path / "test.agents.txt"
    agents_file.write_text("!PERSON! = MAN, WOMAN\nHARBOUR_MASTER [~GOV]\nFISHER!PERSON! [~AGR]\n")
    actors, _ = load_tabari(actors_file)
    assert [a.phrases for a in actors] == [["KINGDOM OF ELDORIA"], ["MARA VOSS", "MINISTER VOSS"]]
    voss = actors[1]
    assert voss.code_on("2012-06-01") == "ELDGOV" and voss.code_on("2020-01-01") == "ELDOPP"
    _, roles = load_tabari(agents_file)
    terms = {r.term: r.sector for r in roles}
    assert terms["harbour master"] == "GOV" and terms["fisherman"] == "AGR" and terms["fisherwoman"] == "AGR"


def test_actors_user_dictionary_codes_a_person_only_it_knows(nlp, tmp_path):
    path = tmp_path / "mine.actors.txt"
    path.write_text("TOMAS_ELRIDGE_\n+MR_ELRIDGE\n\t[GBRBUS]\n")
    pipe = Pipeline(nlp=nlp, extractors=["actors"], actor_dictionaries=[str(path)])
    record = pipe.extract("Shipping magnate Tomas Elridge said the port would reopen.", date="2024-01-10")
    assert actor_named(record, "Tomas Elridge").code == "GBRBUS"


@pytest.mark.slow
def test_actors_phoenix_dictionaries_load_and_code(nlp, shared):
    folder = shared / "bench/events/phoenix"
    files = sorted(str(p) for p in folder.glob("Phoenix.*.txt"))
    lexicon = ActorLexicon.builtin()
    for path in files:
        assert lexicon.add_tabari(path) > 0
    pipe = Pipeline(nlp=nlp, extractors=["actors"], actor_dictionaries=files)
    # a person our own lexicon has no entry for, coded only through the Phoenix dictionary
    record = pipe.extract("Ban Ki-moon said the talks in Geneva had made progress.", date="2010-05-01")
    ban = [a for a in record.actors if "Ban Ki-moon" in a.text]
    assert ban and ban[0].code == "IGOUNO"
    bare = Pipeline(nlp=nlp, extractors=["actors"]).extract("Ban Ki-moon said the talks in Geneva had made progress.", date="2010-05-01")
    assert not any(a.code == "IGOUNO" and "Ban" in a.text for a in bare.actors)
