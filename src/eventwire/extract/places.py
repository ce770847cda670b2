"""Places: find toponyms and resolve them against the gazetteer.

Finding: spaCy's GPE, LOC and FAC entities, widened to a direction word before
them ("southern Israel") and a place-kind word after them ("Arauca province").
Proper-noun runs that spaCy left untagged are added when they are the exact
name of a country, region or sizeable city.

Resolving (:meth:`PlaceExtractor.resolve_spans`): each toponym's candidates come
from dict lookups in :mod:`eventwire.gazetteer` (its text, then without "the",
direction words or a place-kind suffix, then as a demonym). Candidates are
scored in two rounds:

1. a prior: countries and continents first, then regions and cities by
   population; an alternate spelling costs a little, a kind the text rules
   out ("Arauca province" is not a city) a lot;
2. the article's context: the countries and first-level regions that the
   article's other toponyms (weighted by how likely each reading is) and its
   actors point to, and "X, Y" patterns ("Tame, Arauca", "Paris, Texas") where
   Y contains X.

Every Place carries a ``reason`` naming what decided it.

For the events extractor, :func:`governing_place` picks the place an event
happened at: the toponym of the trigger's sentence attached to it by "in",
"at", "near"... (see its docstring).
"""

from __future__ import annotations

import json
import importlib.resources
import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ..gazetteer import ADMIN1, ADMIN2, CITY, CONTINENT, COUNTRY, OTHER, REGION, Entry, Gazetteer, get_gazetteer, normalize
from ..records import ArticleRecord, Place
from .base import Extractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

LABELS = ("GPE", "LOC", "FAC")

# prior scores in log10-population units: what a place of its kind "weighs" before context
_KIND_PRIOR = {COUNTRY: 8.0, CONTINENT: 8.2, REGION: 7.0, OTHER: 7.0, ADMIN2: 4.6}
_ALTERNATE_NAME = 1.2  # cost of matching an alternate spelling rather than the place's own name
_WRONG_KIND = 3.0  # cost of a kind the text rules out ("Arauca province" as a city)
_COUNTRY_CONTEXT = 3.0  # bonus x share of the article's evidence pointing to the candidate's country
_REGION_CONTEXT = 2.5  # bonus x share pointing to the candidate's first-level region
_CONTAINER = 5.0  # "X, Y" where Y contains the candidate
_ACTOR_WEIGHT = 0.5  # evidence one actor's country adds
_CAPITAL = 1.0  # a national capital weighs as if ten times its size
_MAX_CANDIDATES = 40
_ALTERNATE_MIN_POPULATION = 5_000  # smaller towns are found by their own name only
_INNER = 1.0  # cost of reading "Dubai World Cup" as Dubai
_INNER_MIN_POPULATION = 50_000  # ... and only when the inner name is a sizeable city
_CITY_OVER_REGION = 100_000  # a city this large beats its same-named region

_KIND_OF = {"city": {CITY}, "region": {ADMIN1, REGION}, "admin2": {ADMIN2}, "country": {COUNTRY}, "any": None}


def _load_words() -> dict:
    text = importlib.resources.files("eventwire.ontology").joinpath("place_words.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class Mention:
    """One toponym in the text, with its lookup variants and its candidates."""

    start: int
    end: int
    text: str
    candidates: list[tuple[Entry, float, str]] = field(default_factory=list)  # entry, prior, how it matched
    container: str | None = None  # the Y of "X, Y"
    wanted: set | None = None  # the kinds of place the words around it ask for
    probs: list[float] = field(default_factory=list)


# ------------------------------------------------------------------ pure helpers


def prior(entry: Entry, exact: bool, wanted: set | None) -> float:
    """The context-free score of a candidate (log10-population units)."""
    if entry.kind == CITY:
        score = math.log10(entry.population + 10) + (_CAPITAL if entry.capital else 0.0)
    elif entry.kind == ADMIN1:
        score = max(5.0, math.log10(entry.population + 10) - 0.3)
    else:
        score = _KIND_PRIOR.get(entry.kind, 5.0)
    if not exact:
        score -= _ALTERNATE_NAME
    if wanted is not None and entry.kind not in wanted:
        score -= _WRONG_KIND
    return score


def softmax10(scores: Sequence[float]) -> list[float]:
    """Probabilities proportional to 10**score (scores are log10 units)."""
    if not scores:
        return []
    top = max(scores)
    weights = [10 ** (s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def contains(container: Entry, entry: Entry) -> bool:
    """Whether ``container`` (a country or first-level region) contains ``entry``."""
    if container is entry or entry.country is None:
        return False
    if container.kind == COUNTRY:
        return entry.country == container.country and entry.kind != COUNTRY
    if container.kind == ADMIN1:
        return entry.country == container.country and entry.admin1 == container.admin1 and entry.kind in (CITY, ADMIN2)
    return False


def _minus(total: dict, part: dict) -> dict:
    """``total`` with one mention's own contribution taken out."""
    return {key: value - part.get(key, 0.0) for key, value in total.items()}


class PlaceExtractor(Extractor):
    """Toponyms in the article, resolved to gazetteer places."""

    name = "places"
    assigns = "places"

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        labels: Sequence[str] = LABELS,
        min_untagged_population: int = 100_000,
        demonyms: bool = True,
    ):
        self.gazetteer = gazetteer or get_gazetteer()
        self.demonyms = demonyms  # country adjectives ("Israeli") as places of their country
        self.labels = set(labels)
        self.min_untagged_population = min_untagged_population
        words = _load_words()
        self.directions = {normalize(w) for w in words["directions"]}
        self.suffixes = {normalize(w): kind for w, kind in words["suffixes"].items()}
        self.prefixes = {normalize(w): kind for w, kind in words["prefixes"].items()}
        self.speech_verbs = set(words.get("speech_verbs", ()))
        self.region_demonyms = {normalize(k): v for k, v in words.get("demonyms", {}).items()}
        self.location_preps = set(words["location_prepositions"])
        self.origin_preps = set(words["origin_prepositions"])

    # ------------------------------------------------------------ finding

    def find(self, doc: "Doc", record: ArticleRecord) -> list[Place]:
        spans = self.find_spans(doc)
        places = self._resolve(doc, spans, record)
        return [place for place in places if place is not None]

    def find_spans(self, doc: "Doc") -> list[tuple[int, int]]:
        """Character spans of the toponyms in a Doc, in text order."""
        spans = []
        covered = set()
        for ent in doc.ents:
            covered.update(range(ent.start, ent.end))
            if ent.label_ in self.labels:
                spans.append(self._widen(doc, ent.start, ent.end))
            elif ent.label_ == "NORP" and self.demonyms and self.gazetteer.demonym(ent.text) is not None:
                spans.append((ent.start_char, ent.end_char))  # "Sudanese" officials: the country, as corpora mark it
            elif ent.label_ in ("ORG", "PERSON"):  # the small model's usual slips on places
                min_population = self.min_untagged_population if ent.label_ == "ORG" else None  # "Bush" is a person
                spans += [self._widen(doc, a, b) for a, b in self._mislabelled(doc, ent.start, ent.end, min_population)]
        spans += self._untagged(doc, covered)
        spans.sort()
        return spans

    def _widen(self, doc: "Doc", start: int, end: int) -> tuple[int, int]:
        """Token range -> character span, without "the", with a direction word before and a kind word after."""
        if doc[start].lower_ == "the" and end - start > 1:
            start += 1
        if start > 0 and doc[start - 1].lower_ in self.directions and doc[start - 1].is_lower:
            start -= 1
        if end < len(doc) and doc[end].lower_ in self.suffixes and doc[end].is_lower:
            end += 1
        return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)

    def _known(self, text: str, min_population: int | None) -> bool:
        """The exact own name of a country, region or city of at least ``min_population`` (None: no city)."""
        for match in self.gazetteer.lookup_key(normalize(text)):
            entry = match.entry
            if match.exact and (entry.kind in (COUNTRY, ADMIN1, CONTINENT, REGION) or (
                    entry.kind == CITY and min_population is not None and entry.population >= min_population)):
                return True
        return False

    def _mislabelled(self, doc: "Doc", start: int, end: int, min_population: int | None) -> list[tuple[int, int]]:
        """Places inside an ORG/PERSON entity: the whole of it ("Arauca"), or both sides of "X in Y"."""
        if doc[start].lower_ == "the":
            start += 1
        if start >= end:
            return []
        last = doc[end - 1]
        if last.dep_ == "nsubj" and last.head.lemma_ in self.speech_verbs:
            return []  # "Tyler said": a speaker, not a place
        ins = [i for i in range(start, end) if doc[i].lower_ == "in"]
        if len(ins) == 1 and start < ins[0] < end - 1:
            left, right = (start, ins[0]), (ins[0] + 1, end)
            if self._known(doc[left[0]:left[1]].text, 1000) and self._known(doc[right[0]:right[1]].text, 1000):
                return [left, right]
            return []
        if self._known(doc[start:end].text, min_population):
            return [(start, end)]
        return []

    def _untagged(self, doc: "Doc", covered: set[int]) -> list[tuple[int, int]]:
        """Outside any entity: proper-noun runs naming a well-known place, and datelines ("BOGOTA —")."""
        found = []
        i = 0
        while i < len(doc):
            token = doc[i]
            if i in covered or not (token.is_title or token.is_upper) or not token.is_alpha:
                i += 1
                continue
            dateline = token.is_upper and (i == 0 or "\n" in doc[i - 1].whitespace_ + doc[i - 1].text)
            j = i
            while j < len(doc) and j not in covered and doc[j].is_alpha and (
                (dateline and doc[j].is_upper) or (not dateline and doc[j].pos_ == "PROPN" and doc[j].is_title)
            ):
                j += 1
            if j == i:
                i += 1
                continue
            if dateline:
                follows = doc[j].text if j < len(doc) else ""
                if follows in ("—", "–", "-", "--", ",", "(") and self._known(doc[i:j].text.title(), 1000):
                    found.append((doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)))
            elif self._known(doc[i:j].text, self.min_untagged_population):
                found.append((doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)))
            i = j
        return found

    # ------------------------------------------------------------ resolving

    def resolve_spans(self, doc: "Doc", spans: list[tuple[int, int]], record: ArticleRecord | None = None) -> list[Place | None]:
        """Resolve given toponym spans (character offsets into ``doc.text``), same order; None when unknown."""
        return self._resolve(doc, spans, record)

    def _resolve(self, doc: "Doc", spans: Sequence[tuple[int, int]], record: ArticleRecord | None) -> list[Place | None]:
        text = doc.text
        mentions = [self._mention(doc, text, start, end) for start, end in spans]
        self._attach_containers(text, mentions)
        actor_weights: dict[str, float] = {}
        for actor in (record.actors if record is not None else ()):
            if actor.country:
                actor_weights[actor.country] = actor_weights.get(actor.country, 0.0) + _ACTOR_WEIGHT
        # round 1: priors only; rounds 2 and 3: the article's evidence, each mention's own share left out
        for mention in mentions:
            mention.probs = softmax10([score for _, score, _ in mention.candidates])
        scores: list[list[float]] = [[] for _ in mentions]
        for _ in range(2):
            (per_country, total_c), (per_region, total_r) = self._evidence(mentions, actor_weights)
            scores = [
                self._context_scores(m, _minus(total_c, per_country[i]), _minus(total_r, per_region[i]))
                for i, m in enumerate(mentions)
            ]
            for mention, row in zip(mentions, scores):
                mention.probs = softmax10(row)
        places: list[Place | None] = []
        for mention, row in zip(mentions, scores):
            if not mention.candidates:
                places.append(None)
                continue
            best = max(range(len(row)), key=row.__getitem__)
            entry, base, how = mention.candidates[best]
            places.append(self._place(mention, entry, base, row[best], how))
        return places

    def _mention(self, doc: "Doc", text: str, start: int, end: int) -> Mention:
        mention = Mention(start, end, text[start:end])
        raw = mention.text.strip()
        if raw.endswith(("'s", "’s")):
            raw = raw[:-2]
        wanted = self._prefix_kind(text, start)
        head, _, tail = raw.partition(",")
        if tail.strip():  # "Paris, Texas" inside one span
            raw, mention.container = head, tail.strip()
        words = normalize(raw).split()
        variants: list[tuple[str, set | None, str]] = [(" ".join(words), wanted, "name")]
        # a direction word is dropped when written as a modifier ("southern Israel"); capitalized, it may be
        # part of the name ("Western Cape", "North West"), so only a country may then remain
        capitalized = raw[:1].isupper()
        while words and words[0] in self.directions:
            words = words[1:]
            variants.append((" ".join(words), {COUNTRY} if capitalized else wanted, "name without direction"))
        if len(words) > 1 and words[-1] in self.suffixes:
            suffix_kind = _KIND_OF.get(self.suffixes[words[-1]])
            variants.append((" ".join(words[:-1]), suffix_kind if wanted is None else wanted, f"name without '{words[-1]}'"))
        for key, kinds, how in variants:
            if not key:
                continue
            matches = self.gazetteer.lookup_key(key)
            if matches:
                matches = sorted(matches, key=lambda m: -m.entry.population)[:_MAX_CANDIDATES]
                matches = [m for m in matches if m.entry.lat is not None and (
                    m.exact or m.entry.kind != CITY or m.entry.population >= _ALTERNATE_MIN_POPULATION)]
                if kinds == {COUNTRY} and how == "name without direction":
                    matches = [m for m in matches if m.entry.kind == COUNTRY]
                mention.candidates = [(m.entry, prior(m.entry, m.exact, kinds), how if m.exact else f"{how} (alternate)")
                                      for m in matches]
                if mention.candidates:
                    mention.wanted = kinds
                    break
        metonym = self._metonym(raw)
        if metonym:
            mention.candidates = metonym + mention.candidates
        demonym = self._demonym(raw)
        if demonym and not any(entry.kind == COUNTRY for entry, _, _ in mention.candidates):
            mention.candidates = demonym + mention.candidates  # "Canadian" is Canada, not Canadian, Texas
        if not mention.candidates:
            mention.candidates = self._inner(normalize(raw).split())
        self._prefer_cities_over_their_regions(mention)
        return mention

    def _inner(self, words: list[str]) -> list[tuple[Entry, float, str]]:
        """The longest run of words inside an unknown name that is a place's own name ("Kabul airport")."""
        for size in range(len(words) - 1, 0, -1):
            for first in range(len(words) - size + 1):
                key = " ".join(words[first:first + size])
                if key in self.directions or key in self.suffixes:
                    continue
                matches = [m for m in self.gazetteer.lookup_key(key) if m.exact and m.entry.lat is not None
                           and (m.entry.kind in (ADMIN1, COUNTRY, REGION)
                                or (m.entry.kind == CITY and m.entry.population >= _INNER_MIN_POPULATION))]
                if matches:
                    matches.sort(key=lambda m: -m.entry.population)
                    how = f"inner name '{key}'"
                    return [(m.entry, prior(m.entry, True, None) - _INNER, how) for m in matches[:_MAX_CANDIDATES]]
        return []

    @staticmethod
    def _prefer_cities_over_their_regions(mention: Mention) -> None:
        """A sizeable city named like its own first-level region outweighs it ("New York", "Baghdad").

        The city takes the higher of the two scores (and full context, even when
        the name is only its alternate spelling, as "New York" is for New York
        City); the region drops just below it.
        """
        if mention.wanted is not None:
            return
        regions = {(e.country, e.admin1): score for e, score, _ in mention.candidates if e.kind == ADMIN1}
        cities = {}
        for e, score, _ in mention.candidates:
            key = (e.country, e.admin1)
            if e.kind == CITY and e.population >= _CITY_OVER_REGION and key in regions:
                cities[key] = max(cities.get(key, score), score, regions[key])
        if not cities:
            return
        updated = []
        for e, score, how in mention.candidates:
            key = (e.country, e.admin1)
            if key in cities and e.kind == ADMIN1:
                score = min(score, cities[key] - 0.1)
            elif key in cities and e.kind == CITY and e.population >= _CITY_OVER_REGION:
                score, how = cities[key], how.replace(" (alternate)", "")
            updated.append((e, score, how))
        mention.candidates = updated

    def _metonym(self, text: str) -> list[tuple[Entry, float, str]]:
        """'the White House', 'the Kremlin': a seat of government read as its country's capital."""
        key = normalize(text)
        capital = self.gazetteer.metonyms.get(key)
        if capital is None or any(m.exact and (m.entry.kind != CITY or m.entry.population >= 100_000)
                                  for m in self.gazetteer.lookup_key(key)):
            return []  # "Cape Town" and "Washington" are places in their own right
        return [(capital, _KIND_PRIOR[REGION] + 0.5, "metonym of the capital")]

    def _demonym(self, text: str) -> list[tuple[Entry, float, str]]:
        """'Russian' -> Russia, 'European' -> Europe: a demonym read as its place."""
        country = self.gazetteer.demonym(text)
        if country is not None and country.lat is not None:
            return [(country, _KIND_PRIOR[COUNTRY], "demonym")]
        name = self.region_demonyms.get(normalize(text))
        if name:
            entries = [m.entry for m in self.gazetteer.lookup(name) if m.exact and m.entry.kind != CITY and m.entry.lat is not None]
            return [(entry, prior(entry, True, None), "demonym") for entry in entries[:1]]
        return []

    def _prefix_kind(self, text: str, start: int) -> set | None:
        """'the city of X', 'the state of X': the kind of place the words before a span ask for."""
        before = normalize(text[max(0, start - 24):start]).split()
        for size in (2, 1):
            if len(before) >= size:
                kind = self.prefixes.get(" ".join(before[-size:]))
                if kind:
                    return _KIND_OF.get(kind)
        return None

    def _attach_containers(self, text: str, mentions: list[Mention]) -> None:
        """Mark "X, Y" where Y is the next toponym right after a comma."""
        for first, second in zip(mentions, mentions[1:]):
            gap = text[first.end:second.start]
            if first.container is None and gap.strip() == "," and len(gap) <= 3:
                first.container = second.text

    def _evidence(self, mentions: list[Mention], actor_weights: dict[str, float]):
        """Country and region evidence per mention and in total (with actors).

        Each distinct name counts once (its mentions' readings averaged), and a
        mention's own share is that of its name, so five "Paris" never vote
        for each other.
        """
        groups: dict[str, list[int]] = {}
        for i, mention in enumerate(mentions):
            groups.setdefault(normalize(mention.text), []).append(i)
        per_country: list[dict] = [{} for _ in mentions]
        per_region: list[dict] = [{} for _ in mentions]
        total_c: dict[str, float] = dict(actor_weights)
        total_r: dict[tuple, float] = {}
        for members in groups.values():
            countries: dict[str, float] = {}
            regions: dict[tuple, float] = {}
            share = 1.0 / len(members)
            for i in members:
                mention = mentions[i]
                for (entry, _, _), p in zip(mention.candidates, mention.probs):
                    if entry.country:
                        countries[entry.country] = countries.get(entry.country, 0.0) + p * share
                        if entry.admin1 and entry.kind in (CITY, ADMIN1, ADMIN2):
                            key = (entry.country, entry.admin1)
                            regions[key] = regions.get(key, 0.0) + p * share
            for i in members:
                per_country[i], per_region[i] = countries, regions
            for key, value in countries.items():
                total_c[key] = total_c.get(key, 0.0) + value
            for key, value in regions.items():
                total_r[key] = total_r.get(key, 0.0) + value
        return (per_country, total_c), (per_region, total_r)

    def _context_scores(self, mention: Mention, countries: dict, regions: dict) -> list[float]:
        """Prior plus context for each candidate of one mention."""
        country_total = max(sum(countries.values()), 1.0)
        region_total = max(sum(regions.values()), 1.0)
        containers = self._containers(mention.container) if mention.container else []
        row = []
        for entry, base, how in mention.candidates:
            score = base
            weight = 0.5 if how.endswith("(alternate)") else 1.0  # an alternate spelling takes half the context
            if entry.country and entry.kind != CONTINENT:
                score += weight * _COUNTRY_CONTEXT * countries.get(entry.country, 0.0) / country_total
                if entry.admin1 and entry.kind in (CITY, ADMIN1, ADMIN2):
                    score += weight * _REGION_CONTEXT * regions.get((entry.country, entry.admin1), 0.0) / region_total
            if any(contains(container, entry) for container in containers):
                score += _CONTAINER
            row.append(score)
        return row

    def _containers(self, text: str) -> list[Entry]:
        entries = [m.entry for m in self.gazetteer.lookup(text) if m.entry.kind in (COUNTRY, ADMIN1)]
        country = self.gazetteer.demonym(text)
        if country is not None:
            entries.append(country)
        return entries

    def _place(self, mention: Mention, entry: Entry, base: float, score: float, how: str) -> Place:
        reason = f"{how}; {entry.kind}"
        if score - base > 0.5:
            reason += f"; context +{score - base:.1f}"
        return Place(
            start=mention.start,
            end=mention.end,
            text=mention.text,
            name=entry.name,
            geonameid=entry.geonameid,
            lat=entry.lat,
            lon=entry.lon,
            country=entry.country,
            feature_class=entry.feature_class,
            reason=reason,
        )


# ------------------------------------------------------------------ the place of an event


def _loc_words() -> tuple[set, set]:
    words = _load_words()
    return set(words["location_prepositions"]), set(words["origin_prepositions"])


_LOC_PREPS, _ORIGIN_PREPS = _loc_words()
_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "agent", "poss"}


def _attachment(token):
    """Climb from a place's head word to the word that attaches it to the clause.

    Goes through compounds and appositions, and through "of" ("the town of
    Tame" attaches where "town" does).
    """
    for _ in range(6):
        if token.dep_ in ("compound", "amod", "conj", "appos", "nmod") and token.head is not token:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head is not token.head:
            token = token.head.head
        else:
            break
    return token


def governing_place(record: ArticleRecord, doc: "Doc", start_char: int, end_char: int) -> Place | None:
    """The place that governs an event whose trigger is at ``[start_char, end_char)``, or None.

    Looks only at ``record.places`` in the trigger's sentence. Ranks them:

    0. attached to the trigger by a location preposition ("killed *in* Gaza",
       "strikes *on* Gaza", "ambushed a patrol *near* Saravena" via the object);
    1. attached by a location preposition to a word inside the trigger's phrase
       or to the trigger's own head;
    2. attached by a location preposition elsewhere in the sentence;
    3. attached by an origin preposition ("rockets *from* Gaza");
    4. anything else that is not an argument of the trigger (a subject or
       object place like "Venezuela condemned..." is an actor, never chosen).

    Ties go to the place nearest the trigger. Returns a copy of the Place.
    """
    if not record.places:
        return None
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    trigger = span.root
    sentence = trigger.sent
    phrase = set(t.i for t in trigger.subtree)
    best, best_key = None, None
    for place in record.places:
        if place.lat is None or place.start < sentence.start_char or place.end > sentence.end_char:
            continue
        if place.reason.startswith("demonym"):
            continue  # "Israeli strikes" says whose strikes, not where
        pspan = doc.char_span(place.start, place.end, alignment_mode="expand")
        if pspan is None or len(pspan) == 0:
            continue
        token = _attachment(pspan.root)
        rank = 4
        if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent", "dative"):
            prep, host = token.head, token.head.head
            word = prep.lower_
            if word in _LOC_PREPS:
                if host.i == trigger.i:
                    rank = 0
                elif host.i in phrase or host.i == trigger.head.i:
                    rank = 1
                else:
                    rank = 2
            elif word in _ORIGIN_PREPS:
                rank = 3
        elif token.dep_ in _ARGUMENT_DEPS and token.head.i == trigger.i:
            continue
        distance = min(abs(place.start - end_char), abs(start_char - place.end))
        key = (rank, distance)
        if best_key is None or key < best_key:
            best, best_key = place, key
    return best.model_copy() if best is not None else None
