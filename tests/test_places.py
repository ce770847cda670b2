"""Places: toponyms found in our own sentences, resolved against the gazetteer, and the geo scorers."""

from __future__ import annotations

import pytest

from eventwire.bench.geo import MISS_KM, Toponym, accuracy_stats, error_km, overlap_match, prf
from eventwire.extract.places import PlaceExtractor, governing_place
from eventwire.gazetteer import distance_km, get_gazetteer, normalize
from eventwire.records import ArticleRecord


@pytest.fixture(scope="module")
def places(pipeline):
    return pipeline.get_extractor("places") or PlaceExtractor()


def extract_places(nlp, places, text):
    doc = nlp(text)
    record = ArticleRecord(id="t", text=text, date="2024-03-14")
    record.places = places.find(doc, record)
    return doc, record


def near(place, lat, lon, km):
    return place is not None and place.lat is not None and distance_km(place.lat, place.lon, lat, lon) <= km


# ------------------------------------------------------------------ gazetteer


@pytest.mark.parametrize(
    "name, key",
    [("Bogotá", "bogota"), ("U.S.", "us"), ("St. Louis", "saint louis"), ("the Gaza Strip", "gaza strip"),
     ("Rif Dimashq", "rif dimashq"), ("Nuevo León", "nuevo leon"), ("Khyber-Pakhtunkhwa", "khyber pakhtunkhwa")],
)
def test_gazetteer_normalize_keys(name, key):
    assert normalize(name) == key


def test_gazetteer_is_built_once_per_process():
    assert get_gazetteer() is get_gazetteer()


@pytest.mark.parametrize(
    "name, kind, iso3",
    [("Tame", "city", "COL"), ("Arauca", "admin1", "COL"), ("Gaza Strip", "admin1", "PSE"), ("Kyiv", "city", "UKR"),
     ("Donbas", "region", "UKR"), ("Texas", "admin1", "USA"), ("Venezuela", "country", "VEN"), ("Africa", "continent", None)],
)
def test_gazetteer_lookup_has_entry(name, kind, iso3):
    assert any(m.entry.kind == kind and m.entry.country == iso3 for m in get_gazetteer().lookup(name))


def test_gazetteer_countries_have_geonames_ids_and_points():
    israel = get_gazetteer().countries["ISR"]
    assert israel.geonameid == 294640 and israel.lat is not None


# ------------------------------------------------------------------ finding and resolving in text


@pytest.mark.parametrize(
    "text, toponym, iso3, lat, lon, km",
    [
        ("Rockets were fired at Ashkelon in southern Israel on Tuesday.", "Ashkelon", "ISR", 31.67, 34.57, 20),
        ("Rockets were fired at Ashkelon in southern Israel on Tuesday.", "southern Israel", "ISR", 31.5, 34.9, 300),
        ("Troops were sent to the Gaza Strip after the attack.", "Gaza Strip", "PSE", 31.45, 34.40, 30),
        ("Floods swept through villages near Tame, Arauca, officials said.", "Tame", "COL", 6.46, -71.74, 20),
        ("The mayor of Paris, Texas, said the storm damaged dozens of homes.", "Paris", "USA", 33.66, -95.56, 50),
        ("European ministers met in Paris to discuss the crisis.", "Paris", "FRA", 48.86, 2.35, 30),
        ("Washington imposed new sanctions on Moscow on Friday.", "Washington", "USA", 38.90, -77.04, 30),
        ("Washington imposed new sanctions on Moscow on Friday.", "Moscow", "RUS", 55.75, 37.62, 30),
        ("Protesters gathered outside parliament in Nairobi on Monday.", "Nairobi", "KEN", -1.29, 36.82, 30),
        ("Shelling intensified in the Donbas region of eastern Ukraine.", "Donbas region", "UKR", 48.0, 38.0, 200),
        ("Protesters marched through Tbilisi, the capital of Georgia, on Sunday.", "Georgia", "GEO", 42.0, 43.5, 300),
        ("The governor of Georgia signed the bill in Atlanta on Monday.", "Georgia", "USA", 32.7, -83.4, 250),
        ("KABUL — A suicide bomber struck a checkpoint on the edge of the city.", "KABUL", "AFG", 34.53, 69.17, 30),
        ("Militants attacked a base in Borno State, the army said.", "Borno State", "NGA", 11.5, 13.0, 250),
    ],
)
def test_places_resolve_in_sentences(nlp, places, text, toponym, iso3, lat, lon, km):
    _, record = extract_places(nlp, places, text)
    found = [p for p in record.places if p.text == toponym]
    assert found, [p.text for p in record.places]
    assert found[0].country == iso3
    assert near(found[0], lat, lon, km), found[0]
    assert text[found[0].start:found[0].end] == toponym


@pytest.mark.parametrize(
    "text, toponym, feature_class",
    [
        ("Fighting spread across Syria and into Lebanon.", "Syria", "country"),
        ("Police reinforcements arrived in Arauca province on Tuesday.", "Arauca province", "region"),
        ("Aid convoys reached Goma late on Sunday.", "Goma", "city"),
    ],
)
def test_places_feature_class(nlp, places, text, toponym, feature_class):
    _, record = extract_places(nlp, places, text)
    assert [p.feature_class for p in record.places if p.text == toponym] == [feature_class]


@pytest.mark.parametrize(
    "text",
    ["The committee approved the budget after a long debate.", "Prices rose 3 percent in the third quarter."],
)
def test_places_none_in_placeless_sentences(nlp, places, text):
    _, record = extract_places(nlp, places, text)
    assert record.places == []


def test_places_odd_text_does_not_raise(nlp, places):
    _, record = extract_places(nlp, places, '"Unbalanced quote in ,, , Tame , , — —')
    assert all(p.start < p.end for p in record.places)


# ------------------------------------------------------------------ given spans


def test_places_resolve_places_given_spans(pipeline):
    text = "Clashes erupted near Springfield, Illinois, and Russian troops watched from the Blorfington Quay."
    spans = [(text.index("Springfield"), text.index("Springfield") + 11), (text.index("Illinois"), text.index("Illinois") + 8),
             (text.index("Russian"), text.index("Russian") + 7), (text.index("Blorfington"), text.index("Quay") + 4)]
    springfield, illinois, russian, unknown = pipeline.resolve_places(text, spans)
    assert near(springfield, 39.80, -89.64, 30) and springfield.country == "USA"
    assert illinois.feature_class == "region" and illinois.country == "USA"
    assert russian.country == "RUS" and russian.feature_class == "country"
    assert unknown is None


# ------------------------------------------------------------------ the place of an event


@pytest.mark.parametrize(
    "trigger, expected",
    [("killed", "Saravena"), ("met", "Bogota")],
)
def test_places_governing_place_by_preposition(nlp, places, trigger, expected):
    text = "Six soldiers were killed in an ambush near Saravena on Monday, while officials later met in Bogota."
    doc, record = extract_places(nlp, places, text)
    start = text.index(trigger)
    place = governing_place(record, doc, start, start + len(trigger))
    assert place is not None and place.text == expected


def test_places_governing_place_none_outside_sentence(nlp, places):
    text = "The talks collapsed on Monday. Delegates later returned to Geneva."
    doc, record = extract_places(nlp, places, text)
    assert governing_place(record, doc, text.index("collapsed"), text.index("collapsed") + 9) is None


# ------------------------------------------------------------------ seed and example


def test_places_seed_ashkelon_and_gaza(seed_record):
    ashkelon = [p for p in seed_record.places if p.text == "Ashkelon"]
    assert ashkelon and ashkelon[0].country == "ISR" and near(ashkelon[0], 31.67, 34.57, 20)
    gaza = [p for p in seed_record.places if "Gaza" in p.text]
    assert len(gaza) >= 5
    assert all(p.country == "PSE" and near(p, 31.45, 34.40, 30) for p in gaza)


@pytest.mark.parametrize(
    "toponym, iso3, feature_class, lat, lon, km",
    [
        ("Bogota", "COL", "city", 4.61, -74.08, 20),
        ("Tame", "COL", "city", 6.46, -71.74, 10),
        ("Saravena", "COL", "city", 6.95, -71.88, 20),
        ("Geneva", "CHE", "city", 46.20, 6.15, 20),
        ("Venezuela", "VEN", "country", 7.0, -66.0, 400),
    ],
)
def test_places_example_record(example_record, toponym, iso3, feature_class, lat, lon, km):
    found = [p for p in example_record.places if p.text == toponym]
    assert found, [p.text for p in example_record.places]
    assert all(p.country == iso3 and p.feature_class == feature_class and near(p, lat, lon, km) for p in found)


def test_places_example_arauca_is_the_region(example_record):
    arauca = [p for p in example_record.places if p.text.startswith("Arauca")]
    assert arauca and all(p.country == "COL" and p.feature_class == "region" for p in arauca)


# ------------------------------------------------------------------ bench scoring


def test_geo_overlap_match_is_one_to_one():
    assert overlap_match([(0, 5), (3, 8), (20, 25)], [(2, 6), (21, 30)]) == [(0, 0), (2, 1)]


def test_geo_accuracy_stats_and_misses():
    gold = Toponym(0, 4, "Tame", 6.46, -71.74)
    errors = [error_km(gold, 6.46, -71.74), error_km(gold, 6.46, -70.0), error_km(gold, None, None)]
    assert errors[2] == MISS_KM
    stats = accuracy_stats(errors)
    assert stats["n"] == 3 and stats["acc"] == pytest.approx(100 / 3)
    assert stats["median"] == pytest.approx(errors[1])


def test_geo_prf():
    assert prf(2, 4, 8) == pytest.approx((0.5, 0.25, 1 / 3))
    assert prf(0, 0, 3) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("spans", [[(0, 0)], [(5, 3)], [(500, 520)], [(-4, 2)]])
def test_places_resolve_places_odd_spans_give_none(pipeline, spans):
    assert pipeline.resolve_places("Troops entered Tame on Monday.", spans) == [None]


@pytest.mark.parametrize(
    "text, absent",
    [("Former president Bush spoke to reporters on Tuesday.", "Bush"),
     ("Tyler said the vote would be held next week.", "Tyler")],
)
def test_places_person_names_are_not_cities(nlp, places, text, absent):
    _, record = extract_places(nlp, places, text)
    assert absent not in [p.text for p in record.places]
