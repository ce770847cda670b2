"""Casualties: every report of people killed or injured, with counts, victims and breakdowns.

Reads the dependency parse, one pass over the tokens. A *trigger* (a kill/injure
verb, "dead", a death noun, a toll noun) points at its victims through the parse
(the passive subject of "were killed", the object of "killing", the subject of
"died", the "of" object of "the deaths of", the head noun of "the 105 Lebanese
killed"), and the victim phrase gives the count ("28", "twenty-eight", "a dozen",
"dozens" -> 12, "a policeman" -> 1, "no one" -> 0) and the qualifier ("at
least"). Breakdowns ("including 10 children and a woman", "16 of the dead")
become reports with ``subset_of``; cues in the figure's clause ("so far", "since",
"bringing the toll to") mark running tolls as ``cumulative``. Threatened, feared
and denied deaths are no reports. The same figure repeated is one report.

The word lists live in ``ontology/casualty_*.json|csv``; pass ``lexicon=`` (a
dict merged over the packaged lexicon) to extend them.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from spacy.strings import get_string_id

from ..records import ArticleRecord, Casualty, Span
from .base import Extractor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

_PACKAGE = "eventwire.ontology"
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")
_PERIOD_DATE = re.compile(
    r"^(?:the\s+)?(?:(?:first|last|past)\s+)?(?:\d{4}|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)(?:\s+\d{4})?$",
    re.IGNORECASE,
)
_PERIOD_YEAR = re.compile(r"^(?:the\s+)?(?:year\s+)?(1[5-9]|20)\d\d$")
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
_PRONOUNS = {"he", "she", "it", "they", "them", "him", "her", "we", "us", "you", "i", "me", "this", "these", "those", "what"}
_SUBJECTS = ("nsubj", "nsubjpass")
_SKIP_WORDS = {"at", "least", "more", "than", "some", "about", "over", "nearly", "almost", "up", "to", "all", "another", "other", "'s"}
_ONE_PERSON = {"he", "she", "his", "her"}
_REFLEXIVE = {"himself", "herself", "themselves"}
_REPORTING = {"say", "report", "tell", "claim", "announce", "estimate", "state", "add", "confirm", "believe", "think", "allege"}
_CLIMB_DEPS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "oprd", "acomp", "conj", "attr", "pcomp", "agent"}


def _load_json(name: str) -> dict:
    return json.loads(resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8"))


def _load_victims() -> dict[str, str]:
    text = resources.files(_PACKAGE).joinpath("casualty_victims.csv").read_text(encoding="utf-8")
    return {row["lemma"].strip().lower(): row["class"].strip() for row in csv.DictReader(text.splitlines())}


def _merge(base: dict, extra: dict | None) -> dict:
    """Shallow-merge a user lexicon over ours: dicts are updated, lists extended."""
    if not extra:
        return base
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


@dataclass
class _Report:
    """A report while it is being built (a Casualty before indices are known)."""

    kind: str
    count: int
    qualifier: str | None
    victims: str | None
    key: str  # what the victims are, for telling two reports of one person apart
    start: int
    end: int
    head: "Token"  # the clause head: where cumulative cues are looked for
    trigger: "Token | None" = None
    parent: "_Report | None" = None
    cumulative: bool | None = None  # None: decide from cues
    cause: str | None = None
    perpetrator: str | None = None


@dataclass
class _Count:
    value: int
    qualifier: str | None
    start: int  # token index where the counted phrase begins (qualifier included)
    end: int  # token index after it ends
    victims: str | None
    key: str
    head: "Token"  # the victim noun (or the number when there is no noun)


class CasualtyExtractor(Extractor):
    """People killed or injured: counts, qualifiers, victims, breakdowns, running tolls."""

    name = "casualties"
    assigns = "casualties"

    def __init__(self, *, lexicon: dict | None = None, numbers: dict | None = None, cumulative: dict | None = None):
        lex = _merge(_load_json("casualty_lexicon.json"), lexicon)
        num = _merge(_load_json("casualty_numbers.json"), numbers)
        cum = _merge(_load_json("casualty_cumulative.json"), cumulative)
        strip = lambda d: {k: v for k, v in d.items() if not k.startswith("_")}  # noqa: E731
        self.verbs: dict[str, str] = strip(lex["verbs"])
        self.intransitive = set(lex["intransitive"])
        self.nouns: dict[str, str] = strip(lex["nouns"])
        self.noun_needs_number = set(lex["noun_needs_number"])
        self.zero_both = set(lex["zero_both"])
        self.noun_skip_heads = set(lex["noun_skip_heads"])
        self.noun_skip_governors = set(lex["noun_skip_governors"])
        self.adjectives: dict[str, str] = strip(lex["adjectives"])
        self.lose_life = {k: set(v) for k, v in lex["lose_life"].items()}
        self.suffer_verbs = set(lex["suffer_verbs"])
        self.injury_nouns = set(lex["injury_nouns"])
        self.body_parts = set(lex["body_parts"])
        self.tolls: dict[str, str | None] = strip(lex["tolls"])
        self.toll_cumulative_verbs = set(lex["toll_cumulative_verbs"])
        self.number_verbs = set(lex.get("number_cumulative_verbs", []))
        self.resultative = set(lex["resultative_verbs"])
        self.agentive = set(lex.get("agentive_resultative", []))
        self.hedges = set(lex["hedges"])
        self.hedge_nouns = set(lex.get("hedge_nouns", []))
        self.unrealised = set(lex.get("unrealised", []))
        self.modals = set(lex["modals"])
        self.zero_words = set(lex["zero_words"])
        self.relative = set(lex["relative_pronouns"])
        self.self_kill: dict[str, list[str]] = lex.get("self_kill", {})
        self.reflexive_one = set(lex["reflexive_one"])
        self.including = set(lex["including"])
        self.subset_nouns: dict[str, str | None] = lex["subset_nouns"]
        self.cause_nouns = set(lex["cause_nouns"])

        self.units: dict[str, int] = num["units"]
        self.multipliers: dict[str, int] = num["multipliers"]
        self.vague: dict[str, int] = num["vague_plurals"]
        self.quantity_preps = {q.split()[0] for q in strip(num["qualifiers"]) if " " not in q}
        self.fractions: dict[str, float] = num.get("fractions", {})
        self.qualifiers: list[tuple[list[str], str]] = sorted(
            ((phrase.split(), value) for phrase, value in strip(num["qualifiers"]).items()),
            key=lambda item: -len(item[0]),
        )
        self.number_words = {w for w in self.units if " " not in w and w not in {"a", "an", "single", "lone", "both"}}
        self.number_words |= set(self.multipliers) - {"m", "bn"}
        self.number_words |= set(self.vague)

        self.cum_phrases: dict[str, list[list[str]]] = {}
        for phrase in cum["phrases"]:
            words = phrase.lower().split()
            self.cum_phrases.setdefault(words[0], []).append(words)
        self.period_phrases: dict[str, list[list[str]]] = {}
        for phrase in cum.get("period_phrases", []):
            words = phrase.lower().split()
            self.period_phrases.setdefault(words[0], []).append(words)
        self.single_event_nouns = set(cum.get("single_event_nouns", []))
        self.cum_words = set(cum["words"])
        self.cum_since = bool(cum.get("since", True))
        self.since_short = set(cum.get("since_short", []))
        self.period_preps = set(cum["bare_period_preps"])
        self.plural_incidents = set(cum["plural_incidents"])
        self.long_causes = set(cum["long_causes"])
        self.long_cause_min = int(cum.get("long_cause_min_count", 2))
        self.number_of = set(cum["number_of"])

        victims = _load_victims()
        if lexicon and "victims" in lexicon:
            victims.update({k.lower(): v for k, v in lexicon["victims"].items()})
        self.persons = {w for w, c in victims.items() if c == "person"}
        self.nonpersons = {w for w, c in victims.items() if c == "nonperson"}
        self.triggers = set(self.verbs) | set(self.nouns) | set(self.adjectives) | set(self.tolls) | set(self.lose_life)
        self.triggers |= set(self.subset_nouns) | self.injury_nouns | {"injured", "wounded"} | set(self.self_kill)
        self._trigger_ids = {get_string_id(word) for word in self.triggers}

    # ------------------------------------------------------------------ writing

    def __call__(self, doc: "Doc", record: ArticleRecord) -> None:
        casualties = self.find(doc, record)
        record.casualties = casualties
        headline = [c for c in casualties if c.kind == "killed" and c.subset_of is None and not c.cumulative]
        sentences = [(s.start_char, s.end_char) for s in doc.sents] if len(headline) > 1 else None
        record.fatalities = self.fatalities(casualties, sentences)

    @staticmethod
    def fatalities(casualties: list[Casualty], sentences: list[tuple[int, int]] | None = None) -> int | None:
        """ACLED-style conservative figure: the lowest credible headline 'killed' figure.

        Running tolls and breakdowns are left out. Groups listed in one sentence
        with no total ("two soldiers and five policemen were killed", "the bomber
        blew himself up, killing 25") add up to one figure; different figures in
        different sentences, or for the same victims (other sources, later
        updates), give the lowest.
        None when no death is reported; 0 for an explicit "no one was killed".
        """
        headline = [c for c in casualties if c.kind == "killed" and c.subset_of is None and not c.cumulative]
        if not headline:
            return None
        groups: dict[int, dict[str, int]] = {}
        for report in headline:
            key = report.evidence.start
            if sentences:
                key = next((n for n, (start, end) in enumerate(sentences) if start <= report.evidence.start < end), key)
            victims = (report.victims or "people").lower()
            group = groups.setdefault(key, {})
            group[victims] = min(group.get(victims, report.count), report.count)  # two figures for the same people
        return min(sum(group.values()) for group in groups.values())

    # ------------------------------------------------------------------ finding

    def find(self, doc: "Doc", record: ArticleRecord) -> list[Casualty]:
        reports: list[_Report] = []
        try:
            hits = self._trigger_positions(doc)
            if hits:
                position = 0
                for sent in doc.sents:
                    found: list[_Report] = []
                    while position < len(hits) and hits[position] < sent.end:
                        self._from_token(doc[hits[position]], found, reports)
                        position += 1
                    self._mark_cumulative(found)
                    reports.extend(found)
                    if position >= len(hits):
                        break
        except Exception:  # odd text must never sink the article
            log.exception("casualty extraction failed")
        return self._to_records(self._dedupe(reports), doc, record)

    def _trigger_positions(self, doc: "Doc") -> list[int]:
        """Token indices whose lemma or lowercase form is a trigger word (integer set lookups, no strings)."""
        ids = self._trigger_ids
        return [tok.i for tok in doc if tok.lemma in ids or tok.lower in ids]

    # ---------------------------------------------------------------- triggers

    def _from_token(self, tok: "Token", found: list[_Report], earlier: list[_Report]) -> None:
        lemma = tok.lemma_.lower()
        lower = tok.lower_
        if lemma in self.subset_nouns or lower in self.subset_nouns:
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and self._is_number(tok.head.head):
                self._subset_of_victims(tok, found, earlier)
                return
            if tok.dep_ == "pobj" and tok.head.lower_ == "among" and tok.head.head.lemma_ == "be":
                verb = tok.head.head  # "six policemen were among the dead", "among the dead were three children"
                members = [c for c in verb.children if c.dep_ in ("nsubj", "attr") and c.i != tok.head.i]
                self._among(tok, verb, members, found, earlier)
                return
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in self.including:
                verb = tok.head  # "the dead included five foreigners", "the 28 dead included 10 children"
                if any(c.dep_ == "nummod" for c in tok.children) and lemma in self.nouns:
                    self._noun(tok, self.nouns[lemma], found)
                self._among(tok, verb, [c for c in verb.children if c.dep_ == "dobj"], found, earlier)
                return
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            if lemma in self.verbs:
                self._verb(tok, tok, self.verbs[lemma], found, earlier)
            elif lemma in self.lose_life:
                self._lose_life(tok, found)
            elif lemma in self.self_kill:
                self._self_kill(tok, found)
            elif lower in self.adjectives and tok.dep_ in ("amod", "oprd", "acomp", "xcomp"):
                self._adjective(tok, self.adjectives[lower], found)
            return
        if tok.pos_ == "ADJ" and (lower in self.adjectives or lemma in self.adjectives):
            self._adjective(tok, self.adjectives.get(lower) or self.adjectives[lemma], found)
            return
        if tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            if lemma in self.tolls or lower in self.tolls:
                self._toll(tok, found)
            elif lemma in self.nouns:
                self._noun(tok, self.nouns[lemma], found)

    # verbs: "were killed", "killing 3", "died", "the 105 Lebanese killed by ..."
    def _verb(self, verb: "Token", trigger: "Token", kind: str, found: list[_Report], earlier: list | None = None) -> None:
        if self._hedged(verb) or any(c.dep_ == "neg" for c in verb.children):
            return
        if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            return  # a bare infinitive ("a plot to kill three judges") reports no death
        victims = self._victims_of(verb)
        if not victims:
            return
        first = victims[0]
        if first.lower_ == "those" and first.dep_ == "pobj" and first.head.lower_ == "among":
            be = first.head.head  # "among those killed were two journalists"
            if be.lemma_ == "be":
                members = [c for c in be.children if c.dep_ in ("nsubj", "attr") and c.i != first.head.i]
                self._among(first, be, members, found, earlier or [], kind=kind)
            return
        cause, perp = self._cause(verb)
        self._report_group(kind, victims[0], verb, trigger, found, cause, perp, more=victims[1:])

    def _victims_of(self, verb: "Token") -> list:
        """The victim phrase heads of a kill/injure verb (several when it has several subjects)."""
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        subjects = [c for c in children if c.dep_ in _SUBJECTS]
        subj = subjects[0] if subjects else None
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        obj = next((c for c in children if c.dep_ == "dobj"), None)
        has_have = any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
        victim = None
        if verb.dep_ == "amod":
            head = verb.head
            if any(c.dep_ == "nummod" for c in head.children) or self._is_number(head):
                victim = head  # "three wounded soldiers", "injured scores of others" (misparsed)
        elif (lemma in self.intransitive or passive) and subj is not None:
            if subj.lower_ in self.relative and verb.dep_ == "relcl":
                return [verb.head]  # "Puskas, who died ..."
            return subjects if passive else [subj]
        elif obj is not None and lemma not in self.intransitive:
            victim = obj
        elif verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN" and subj is None:
            victim = verb.head
        elif subj is not None and verb.tag_ == "VBN" and not has_have:
            victim = subj
        elif subj is None and verb.tag_ == "VBN" and verb.head.lemma_ == "be" and verb.dep_ in ("acomp", "attr"):
            victim = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)  # "was slain"
        if victim is None and subj is None and obj is None and verb.dep_ in ("conj", "pcomp", "xcomp"):
            head = verb.head if verb.dep_ != "pcomp" else verb.head.head
            head_children = list(head.children)
            if passive or verb.dep_ == "pcomp" or lemma in self.intransitive or any(
                c.dep_ in ("nsubjpass", "auxpass") for c in head_children
            ):
                victim = next((c for c in head_children if c.dep_ in _SUBJECTS), None)
        if victim is None and obj is None and lemma not in self.intransitive and not passive:
            for prep in children:  # "wounding over 100" parsed as a preposition
                if prep.dep_ == "prep" and prep.lower_ in self.quantity_preps:
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is not None and (self._is_number(pobj) or any(c.dep_ == "nummod" for c in pobj.children)):
                        victim = pobj
                        break
        if victim is None and obj is None and lemma not in self.intransitive and not passive:
            for conj in verb.children:  # "killing and wounding 30"
                if conj.dep_ == "conj" and conj.lemma_.lower() in self.verbs:
                    victim = next((c for c in conj.children if c.dep_ == "dobj"), None)
                    if victim is not None:
                        break
        if victim is None:
            return []
        if victim.lower_ == "themselves" and subj is not None:
            victim = subj  # "the gunmen killed themselves"
        if victim.lower_ in self.relative and verb.dep_ == "relcl":
            victim = verb.head
        return [victim]

    def _self_kill(self, verb: "Token", found: list[_Report]) -> None:
        """'the bomber blew himself up' -> killed 1; 'three bombers blew themselves up' -> killed 3."""
        particles = self.self_kill[verb.lemma_.lower()]
        children = list(verb.children)
        if particles and not any(c.dep_ == "prt" and c.lower_ in particles for c in children):
            return
        if not any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in children):
            return
        if self._hedged(verb) or any(c.dep_ == "neg" for c in children):
            return
        subj = next((c for c in children if c.dep_ in _SUBJECTS), None)
        if subj is not None and subj.lower_ in self.relative and verb.dep_ == "relcl":
            subj = verb.head
        if subj is not None:
            self._report_group("killed", subj, verb, verb, found)

    def _lose_life(self, verb: "Token", found: list[_Report]) -> None:
        lemma = verb.lemma_.lower()
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None:
            return
        if lemma == "lose" and obj.lemma_.lower() in self.persons and any(c.dep_ == "nummod" for c in obj.children):
            if not self._hedged(verb) and not any(c.dep_ == "neg" for c in verb.children):
                self._report_group("killed", obj, verb, verb, found)  # "the army lost four men"
            return
        if obj.lemma_.lower() not in self.lose_life[lemma]:
            return
        if self._hedged(verb) or any(c.dep_ == "neg" for c in verb.children):
            return
        if lemma == "lose":
            victim = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            if victim is not None and victim.lower_ in self.relative and verb.dep_ == "relcl":
                victim = verb.head
            if victim is not None:
                self._report_group("killed", victim, verb, obj, found)
        else:  # "the attack claimed 20 lives", "claimed the lives of seven workers"
            of = self._of_object(obj)
            self._report_group("killed", of if of is not None else obj, verb, obj, found)

    # "shot dead two Palestinians", "left 11 miners dead", "were found dead", "20 people injured"
    def _adjective(self, adj: "Token", kind: str, found: list[_Report]) -> None:
        if any(c.dep_ == "nummod" for c in adj.children):
            self._noun(adj, kind, found)
            return
        victim = None
        head = adj.head
        if adj.dep_ == "amod":
            before = adj.doc[adj.i - 1] if adj.i > 0 else None
            if adj.i > head.i and (any(c.dep_ == "nummod" for c in head.children) or self._is_number(head)):
                victim = head  # "2 million Japanese war dead", "Two dead in car crash"
            elif before is not None and before.lemma_.lower() in self.resultative and before.pos_ == "VERB":
                victim, head = head, before
            elif head.dep_ == "dobj" and head.head.lemma_.lower() in self.resultative:
                victim, head = head, head.head
            else:
                return
        elif adj.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "conj", "attr"):
            subj = next((c for c in adj.children if c.dep_ in _SUBJECTS), None)
            if subj is not None:
                victim = subj
            else:
                victim = next((c for c in head.children if c.dep_ == "dobj"), None)
                if victim is None:
                    victim = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
                if victim is not None and victim.lower_ in self.relative and head.dep_ == "relcl":
                    victim = head.head
        elif adj.pos_ in ("NOUN", "PROPN"):
            self._noun(adj, kind, found)
            return
        if victim is None or victim.i == adj.i:
            return
        if self._hedged(head) or self._hedged(adj) or any(c.dep_ == "neg" for c in head.children):
            return
        cause, perp = self._cause(head)
        self._report_group(kind, victim, head, adj, found, cause, perp)

    # "the deaths of 117 people", "two murders", "Arafat's death", "no injuries", "trampled to death"
    def _noun(self, noun: "Token", kind: str, found: list[_Report]) -> None:
        lemma = noun.lemma_.lower()
        if noun.dep_ == "compound" or noun.head.lemma_.lower() in self.noun_skip_heads and noun.dep_ in ("compound", "amod"):
            return
        if any(c.dep_ == "compound" and c.lemma_.lower() in self.body_parts for c in noun.children):
            return
        if any(c.dep_ in ("amod", "compound") and c.lower_ in self.unrealised for c in noun.children):
            return  # "attempted murders", "a foiled assassination"
        governor = noun.head.head if noun.dep_ == "pobj" else noun.head
        if noun.dep_ == "pobj" and governor.lemma_.lower() in self.noun_skip_governors:
            return
        if lemma == "death" and noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.pos_ == "VERB":
            verb = noun.head.head  # "trampled to death", "stabbed to death"
            if verb.lemma_.lower() not in self.hedges:
                self._verb(verb, noun, "killed", found)
            return
        verb = self._governing_verb(noun)
        if self._hedged(noun, direct=True):
            return
        first = noun
        while first.dep_ == "conj" and first.head != first:
            first = first.head
        if any(c.dep_ == "det" and c.lower_ in self.zero_words for c in list(noun.children) + list(first.children)):
            kinds = ["killed", "injured"] if lemma in self.zero_both else [kind]
            for k in kinds:
                found.append(self._make(k, _Count(0, None, noun.i, noun.i + 1, "people", "zero", noun), verb or noun, noun))
            return
        if any(c.dep_ == "neg" for c in (verb.children if verb is not None else ())):
            return
        counted = None
        if any(c.dep_ == "nummod" and self._is_number(c) for c in noun.children):
            counted = noun
        elif first.dep_ == "pobj" and first.head.lower_ == "of" and self._is_number(first.head.head):
            counted = first.head.head  # "thousands of tortures, abductions and deaths"
        if counted is not None:
            count = self._count(counted)
            if count is not None:
                if counted is noun:
                    of = self._of_object(noun)
                    if of is not None and of.lemma_.lower() not in self.nonpersons:
                        count.victims, count.key = self._victim_text(of), of.lemma_.lower()
                    elif lemma in ("body", "corpse", "dead", "fatality", "casualty", "death", "murder", "killing"):
                        count.victims, count.key = "people", "people"
                self._append(kind, count, verb or noun, noun, found)
                self._subsets(kind, found[-1] if found else None, [noun], found)
            return
        if lemma in self.injury_nouns:
            self._suffered(noun, kind, found)
            return
        if lemma in self.noun_needs_number:
            of = self._of_object(noun)
            poss = next((c for c in noun.children if c.dep_ == "poss"), None)
            if of is None and poss is not None and lemma in ("body", "corpse") and (
                poss.ent_type_ == "PERSON" or poss.lemma_.lower() in self.persons
            ):
                of = poss  # "the man's body was found" (not "the UN's highest judicial body")
            if of is not None:
                self._report_group(kind, of, verb or noun, noun, found)
            return
        of = self._of_object(noun)
        if of is not None:
            before = len(found)
            self._report_group(kind, of, verb or noun, noun, found)
            if len(found) == before:  # "the murder of Lebanese ex-premier Rafiq Hariri" (misparsed)
                doc = noun.doc
                for i in range(of.i, min(of.i + 6, noun.sent.end)):
                    if doc[i].ent_type_ == "PERSON":
                        ent = self._entity(doc[i])
                        name = doc[ent[0]:ent[1]].text
                        found.append(self._make(kind, _Count(1, None, ent[0], ent[1], name, name.lower(), doc[i]), verb or noun, noun))
                        break
            return
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is not None and (poss.lower_ not in _PRONOUNS or poss.lower_ in _ONE_PERSON):
            self._report_group(kind, poss, verb or noun, noun, found)

    def _suffered(self, noun: "Token", kind: str, found: list[_Report]) -> None:
        """'The second man suffered serious injuries', 'two survivors are in hospital because of injuries'."""
        if noun.tag_ != "NNS" and not any(c.lower_ in ("serious", "severe", "critical", "minor", "multiple") for c in noun.children):
            return
        verb = self._governing_verb(noun)
        if verb is None or verb.lemma_.lower() not in self.suffer_verbs:
            return
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is None or subj.ent_type_ == "PERSON" or subj.lower_ in _PRONOUNS:
            return
        if self._hedged(verb):
            return
        self._report_group(kind, subj, verb, noun, found)

    # "the death toll rose to 68", "the number of miners killed ... to 28"
    def _toll(self, toll: "Token", found: list[_Report]) -> None:
        lemma = toll.lemma_.lower() if toll.lemma_.lower() in self.tolls else toll.lower_
        kind = self.tolls.get(lemma)
        victims = "people"
        acl = None
        for child in toll.children:
            if child.dep_ in ("compound", "amod", "nmod"):
                c_lemma = child.lemma_.lower()
                if c_lemma in self.nouns or c_lemma in self.adjectives or c_lemma in ("death", "casualty", "injury"):
                    kind = "injured" if c_lemma in ("injury",) else "killed"
        of = self._of_object(toll)
        if of is not None:
            if self._is_number(of) and kind is not None:
                value = self._count(of)
                if value is not None:
                    self._append(kind, value, toll, toll, found, cumulative=None)
                return
            for verb in list(of.children) + list(toll.children):
                if verb.dep_ in ("acl", "relcl", "amod") and verb.lemma_.lower() in self.verbs:
                    kind = self.verbs[verb.lemma_.lower()]
                    victims = self._victim_text(of)
                    acl = verb
            if of.lemma_.lower() in self.nouns:
                kind = self.nouns[of.lemma_.lower()]
        if kind is None:
            return
        governor = toll.head if toll.dep_ in ("nsubj", "nsubjpass", "dobj") else None
        if governor is None or self._hedged(governor):
            return
        number = None
        for holder in [governor] + ([acl] if acl is not None else []):
            for child in holder.children:
                if child.dep_ == "prep" and child.lower_ in ("to", "at"):
                    number = next((c for c in child.children if c.dep_ == "pobj" and self._is_number(c)), None)
                elif child.dep_ in ("attr", "dobj") and child.i != toll.i and self._is_number(child):
                    number = child
                if number is not None:
                    break
        if number is None:  # a misparse: the first "to <number>" after the toll in its sentence
            doc = toll.doc
            for i in range(toll.i + 1, min(toll.i + 12, toll.sent.end - 1)):
                if doc[i].lower_ in ("to", "at") and self._is_number(doc[i + 1]):
                    number = doc[i + 1]
                    break
        if number is None:
            return
        count = self._count(number)
        if count is None:
            return
        count.victims, count.key = victims, victims
        count.start = min(count.start, toll.left_edge.i)
        verbs = self.toll_cumulative_verbs | (self.number_verbs if lemma in self.number_of else set())
        cumulative = True if governor.lemma_.lower() in verbs else None
        self._append(kind, count, governor, toll, found, cumulative=cumulative)

    # "at least 16 of the dead were militants"
    def _subset_of_victims(self, noun: "Token", found: list[_Report], earlier: list[_Report]) -> None:
        kind = self.subset_nouns.get(noun.lower_) or self.subset_nouns.get(noun.lemma_.lower())
        if kind is None:
            return
        number = noun.head.head
        if number.head.lemma_.lower() in self.verbs or number.head.lemma_.lower() in self.lose_life:
            return  # "two of the wounded later died": the verb makes its own report
        count = self._count(number, follow_of=False)
        if count is None:
            return
        count.victims, count.key = "people", noun.lower_
        governor = number.head
        if number.dep_ in _SUBJECTS and governor.lemma_ == "be":
            attr = next((c for c in governor.children if c.dep_ == "attr"), None)
            if attr is not None:
                count.victims, count.key = self._victim_text(attr), attr.lemma_.lower()
        count.end = max(count.end, noun.i + 1)
        parent = None
        for report in reversed(earlier + found):
            if report.kind == kind and report.parent is None and report.count > count.value:
                parent = report
                break
        report = self._make(kind, count, governor, noun)
        report.parent = parent
        if parent is not None:
            report.cumulative = parent.cumulative
        found.append(report)

    def _among(self, noun, verb, members, found, earlier, kind: str | None = None) -> None:
        kind = kind or self.subset_nouns.get(noun.lower_) or self.subset_nouns.get(noun.lemma_.lower())
        if kind is None or self._hedged(verb):
            return
        for member in members:
            for part in [member] + [c for c in member.conjuncts if c.i > member.i]:
                count = self._count(part)
                if count is None:
                    continue
                parent = next(
                    (r for r in reversed(earlier + found) if r.kind == kind and r.parent is None and r.count > count.value),
                    None,
                )
                report = self._make(kind, count, verb, noun)
                report.parent = parent
                found.append(report)

    # ---------------------------------------------------------------- victims and counts

    def _report_group(self, kind, victim, head, trigger, found, cause=None, perp=None, more=()) -> None:
        """One report per coordinated victim group; a leading total with a comma-set breakdown keeps its parts as subsets."""
        if victim.lower_ in _PRONOUNS or victim.lemma_.lower() in _PRONOUNS:
            if kind == "killed" and victim.lower_ in _ONE_PERSON:
                # "He died later in hospital": one death, merged with any other single death of the article
                count = _Count(1, None, victim.i, victim.i + 1, victim.text, "*", victim)
                self._append(kind, count, head, trigger, found, cause=cause, perpetrator=perp)
            return
        group = [victim] + [c for c in victim.conjuncts if c.i > victim.i]
        for extra in more:
            group += [extra] + [c for c in extra.conjuncts if c.i > extra.i]
        counts = []
        for noun in group:
            count = self._count(noun)
            if count is not None:
                counts.append((noun, count))
        if not counts:
            return
        breakdown = (
            len(counts) >= 3
            and counts[0][0] is victim
            and counts[0][1].value == sum(c.value for _, c in counts[1:])
            and victim.i + 1 < len(victim.doc)
            and victim.doc[counts[0][1].end].text in (",", "—", "-", "(")
        )
        parent = None
        for position, (noun, count) in enumerate(counts):
            report = self._append(kind, count, head, trigger, found, cause=cause, perpetrator=perp)
            if breakdown and position > 0:
                report.parent = parent
            elif position == 0:
                parent = report
            self._subsets(kind, report, [noun, head, trigger] if position == 0 else [noun], found)

    def _subsets(self, kind: str, parent: _Report | None, anchors: list, found: list[_Report]) -> None:
        """Breakdowns under a figure: 'including 10 children and a woman', appositives, 'three of them'."""
        if parent is None or not anchors:
            return
        doc = anchors[0].doc
        parts, used = [], set()
        for anchor in anchors:
            for child in anchor.children:
                if child.dep_ == "prep" and (child.lower_ in self.including or child.lemma_.lower() in self.including):
                    parts += self._pobj_group(child)
        last = max(a.i for a in anchors)
        if not parts:  # ", including a child" attached elsewhere by the parser
            for i in range(last + 1, min(last + 4, len(doc))):
                tok = doc[i]
                if tok.lower_ in self.including and tok.dep_ == "prep":
                    parts += self._pobj_group(tok)
                    break
                if tok.is_sent_start or (tok.pos_ in ("VERB", "NOUN") and tok.i != last + 1):
                    break
        appositives = []
        for child in anchors[0].children:
            if child.dep_ == "appos":
                appositives += [child] + [c for c in child.conjuncts if c.i > child.i]
        for noun in parts:
            count = self._count(noun)
            if count is not None and count.value <= parent.count:
                report = self._append(kind, count, noun, noun, found)
                report.parent = parent
                used.add(noun.i)
        if appositives and parent.count > 1:
            counts = [self._count(n) for n in appositives]
            if all(c is not None for c in counts) and sum(c.value for c in counts) <= parent.count:
                for noun, count in zip(appositives, counts):
                    report = self._append(kind, count, noun, noun, found)
                    report.parent = parent
                    used.add(noun.i)
        # "12 passengers, three of them critically", "six people, two of whom were children"
        for i in range(last + 1, min(last + 8, len(doc))):
            tok = doc[i]
            if tok.is_sent_start:
                break
            if i in used or not self._is_number(tok) or tok.dep_ == "nummod":
                continue
            of = self._of_object(tok)
            if of is None or of.lower_ not in ("them", "whom", "those"):
                continue
            if tok.dep_ in _SUBJECTS and (tok.head.lemma_.lower() in self.verbs or tok.head.lemma_.lower() in self.adjectives):
                continue  # "two of whom later died" is a report of its own
            count = self._count(tok)
            if count is None or count.value >= parent.count:
                continue
            if tok.dep_ in _SUBJECTS and tok.head.lemma_ == "be":
                attr = next((c for c in tok.head.children if c.dep_ == "attr"), None)
                if attr is not None:
                    count.victims, count.key = self._victim_text(attr), attr.lemma_.lower()
            report = self._append(kind, count, tok, tok, found)
            report.parent = parent

    @staticmethod
    def _pobj_group(prep: "Token") -> list:
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        return [] if pobj is None else [pobj] + [c for c in pobj.conjuncts if c.i > pobj.i]

    def _count(self, noun: "Token", follow_of: bool = True) -> _Count | None:
        """The number of people a victim phrase names, or None when it names no number."""
        lemma = noun.lemma_.lower()
        lower = noun.lower_
        if lemma in self.nonpersons or lower in self.nonpersons:
            return None
        if noun.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "ORDINAL"):
            return None
        children = list(noun.children)
        if lemma == "total" and not any(c.dep_ == "nummod" for c in children):
            of = self._of_object(noun)  # "a total of 35 people"
            return self._count(of) if of is not None and of.lemma_ != "total" else None
        if lower in ("one", "each") and noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].lower_ in ("another", "other"):
            return None  # "killing one another"
        if lower in self.zero_words or any(c.dep_ == "det" and c.lower_ in self.zero_words for c in children):
            return _Count(0, None, noun.left_edge.i, noun.i + 1, "people", "zero", noun)
        if self._is_number(noun):
            start, end = self._number_run(noun)
            value = self._value(noun.doc[start:end])
            if value is None:
                return None
            victims, key, head = "people", "people", noun
            of = self._of_object(noun) if follow_of else None
            last = end
            if of is not None:
                if self._is_number(of) and of.lower_ in self.vague or of.lower_ in self.multipliers:
                    value *= self._value(of.doc[of.i:of.i + 1]) or 1  # "hundreds of thousands"
                    of = self._of_object(of)
                if of is not None:
                    if of.lemma_.lower() in self.nonpersons:
                        return None
                    victims, key, head, last = self._victim_text(of), of.lemma_.lower(), of, of.i + 1
            elif any(c.dep_ == "amod" and c.lower_ == "others" for c in children) or lower == "others":
                victims, key = "others", "others"
            qualifier, qstart = self._qualifier(noun.doc, start)
            return _Count(int(value), qualifier, qstart, max(last, end), victims, key, head)
        nummod = next((c for c in children if c.dep_ == "nummod" and (self._is_number(c) or c.lower_ in self.units)), None)
        if nummod is not None and noun.pos_ == "ADJ" and lemma not in self.adjectives and lemma not in self.persons:
            return None  # "some 3.5 million homeless"
        if nummod is not None:
            start, end = self._number_run(nummod)
            value = self._value(noun.doc[start:end])
            if value is None:
                return None
            qualifier, qstart = self._qualifier(noun.doc, start)
            return _Count(int(value), qualifier, qstart, noun.i + 1, self._victim_text(noun), lemma, noun)
        lead = noun.doc[noun.left_edge.i]
        if lead.i != noun.i and lead.dep_ in ("compound", "amod", "nmod") and self._is_number(lead) and lead.lower_ != "one":
            start, end = self._number_run(lead)  # "Four Task Force Baghdad soldiers" (a capital misread as a name)
            value = self._value(noun.doc[start:end])
            if value is not None:
                return _Count(int(value), None, start, noun.i + 1, self._victim_text(noun), lemma, noun)
        if any(c.lower_ == "both" and c.dep_ in ("det", "predet", "preconj") for c in children) and lemma not in self.nonpersons:
            return _Count(2, None, noun.left_edge.i, noun.i + 1, self._victim_text(noun), lemma, noun)
        if lemma == "old" and any(c.lower_ in ("year", "month") for c in children):
            return _Count(1, None, noun.left_edge.i, noun.i + 1, noun.doc[noun.left_edge.i:noun.i + 1].text, "old", noun)
        if lower in self.reflexive_one or (lower == "another" and noun.dep_ in ("dobj", "nsubj", "nsubjpass")):
            return _Count(1, None, noun.i, noun.i + 1, lower, lower, noun)
        if self._is_name(noun):
            ent = self._entity(noun)
            return _Count(1, None, ent[0], ent[1], noun.doc[ent[0]:ent[1]].text, noun.doc[ent[0]:ent[1]].text.lower(), noun)
        if noun.tag_ in ("NN", "NNP", "JJ") and (lemma in self.persons or noun.ent_type_ == "NORP"):
            if lemma in ("police", "staff", "family", "crew", "troop", "other", "others", "people"):
                return None
            det = any(c.dep_ in ("det", "poss") for c in children)
            if det or noun.ent_type_ == "NORP":
                return _Count(1, None, noun.left_edge.i, noun.i + 1, self._victim_text(noun), lemma, noun)
        return None

    def _is_name(self, tok: "Token") -> bool:
        """A single named person ('Sheikh Mujib', 'Puskas'); the small model often labels such names ORG."""
        if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
            return True
        if tok.ent_type_ in ("PERSON", "ORG", "") and tok.text[:1].isupper() and tok.i > tok.sent.start:
            if tok.tag_ == "NNP" or (tok.tag_ == "NNS" and tok.ent_type_ in ("PERSON", "ORG")):
                lemma = tok.lemma_.lower()
                return lemma not in self.persons and lemma not in self.nonpersons and tok.lower_ not in self.persons
        if tok.ent_type_ in ("PERSON", "ORG") and tok.i == tok.sent.start and tok.tag_ in ("NNP", "NNS"):
            return tok.lemma_.lower() not in self.persons and tok.lower_ not in self.nonpersons
        return False

    def _is_number(self, tok: "Token") -> bool:
        lower = tok.lower_.replace(",", "")
        if tok.ent_type_ in ("MONEY", "PERCENT", "ORDINAL"):
            return False
        if tok.ent_type_ == "DATE" and (_YEAR.match(lower) or tok.dep_ == "npadvmod" or tok.head.ent_type_ == "DATE"):
            return False
        if tok.ent_type_ == "DATE" and tok.i > 0 and tok.doc[tok.i - 1].ent_type_ == "DATE" and not tok.doc[tok.i - 1].like_num:
            return False  # "the Oct. 23 killing"
        if _DIGITS.match(lower):
            return True
        if lower in self.number_words:
            return True
        return tok.like_num and tok.pos_ == "NUM"

    def _number_run(self, tok: "Token") -> tuple[int, int]:
        """Token range of the number phrase around ``tok`` ('twenty-eight', '2 million', 'a dozen')."""
        doc = tok.doc
        start = tok.i
        while start > 0:
            prev = doc[start - 1]
            p = prev.lower_.replace(",", "")
            if _DIGITS.match(p) or p in self.number_words or p in self.multipliers:
                start -= 1
            elif p == "-" and start >= 2 and (doc[start - 2].lower_ in self.number_words or _DIGITS.match(doc[start - 2].lower_)):
                start -= 1
            elif p == "of" and start >= 2 and doc[start - 2].lower_ in self.vague and doc[start].lower_ in self.vague:
                start -= 1
            elif p in ("a", "an") and doc[start].lower_ in self.multipliers:
                start -= 1
                if start > 0 and doc[start - 1].lower_ in self.fractions:
                    start -= 1  # "half a dozen"
                break
            elif p == "and" and start >= 2 and doc[start - 2].lower_ in ("hundred", "thousand"):
                start -= 1
            else:
                break
        end = tok.i + 1
        while end < len(doc):
            nxt = doc[end].lower_.replace(",", "")
            if nxt in self.multipliers or (nxt == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in self.units):
                end += 1
            elif nxt == "and" and doc[end - 1].lower_ in ("hundred", "thousand") and end + 1 < len(doc) and (
                doc[end + 1].lower_ in self.number_words or _DIGITS.match(doc[end + 1].lower_)
            ):
                end += 2
            elif end > tok.i and doc[end - 1].lower_ == "-" and nxt in self.units:
                end += 1
            else:
                break
        return start, end

    def _value(self, span) -> float | None:
        total, current, seen, factor = 0.0, 0.0, False, 1.0
        for tok in span:
            word = tok.lower_.replace(",", "")
            if word in ("-", "and", "of", "a", "an") and (word not in ("a", "an") or factor != 1.0 or seen):
                continue
            if word in self.fractions:
                factor *= self.fractions[word]
                continue
            if _DIGITS.match(word):
                current += float(word)
                seen = True
            elif word in self.vague:
                current = (current or 1) * self.vague[word]
                seen = True
            elif word in self.multipliers and (seen or current):
                current *= self.multipliers[word]
                if self.multipliers[word] >= 1000:
                    total, current = total + current, 0.0
            elif word in self.multipliers:
                current = float(self.multipliers[word])
                seen = True
            elif word in self.units:
                current += self.units[word]
                seen = True
            else:
                return None
        return (total + current) * factor if seen else None

    def _qualifier(self, doc, start: int) -> tuple[str | None, int]:
        words = [doc[i].lower_ for i in range(max(0, start - 3), start)]
        for phrase, value in self.qualifiers:
            n = len(phrase)
            if n <= len(words) and words[-n:] == phrase:
                return value, start - n
        return None, start

    def _victim_text(self, noun: "Token") -> str:
        """The victim noun with its modifiers, numbers and determiners left out ('US soldiers', '15-year-old boy')."""
        doc = noun.doc
        if noun.ent_type_ == "PERSON":
            start, end = self._entity(noun)
            return doc[start:end].text
        left = noun.left_edge.i
        while left < noun.i:
            tok = doc[left]
            if tok.dep_ in ("det", "poss", "predet", "case", "punct", "quantmod", "advmod", "cc") or tok.lower_ in _SKIP_WORDS:
                left += 1
            elif tok.head.i == noun.i and tok.dep_ == "nummod" or (self._is_number(tok) and tok.head.dep_ == "nummod"):
                left += 1
            elif self._is_number(tok) and doc[left + 1].lower_ != "-":
                left += 1
            else:
                break
        return doc[left:noun.i + 1].text

    @staticmethod
    def _entity(tok: "Token") -> tuple[int, int]:
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.start, ent.end
        return tok.i, tok.i + 1

    @staticmethod
    def _of_object(tok: "Token") -> "Token | None":
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None

    @staticmethod
    def _governing_verb(tok: "Token") -> "Token | None":
        cur, steps = tok, 0
        while cur.head is not cur and steps < 6:
            cur = cur.head
            steps += 1
            if cur.pos_ in ("VERB", "AUX"):
                return cur
        return None

    def _hedged(self, tok: "Token", direct: bool = False) -> bool:
        """Threatened, feared, denied, planned or modal ('could kill') deaths are no reports.

        ``direct``: for death nouns, a hedge verb counts only when the noun is its
        own object or subject ('denied the killing', not 'denied any role in the killing').
        """
        cur, steps = tok, 0
        while steps < 6:
            for child in cur.children:
                if child.dep_ == "aux" and child.lower_ in self.modals:
                    return True
            if cur is not tok and cur.pos_ == "NOUN" and cur.lemma_.lower() in self.hedge_nouns:
                return True  # "a plan to kill", "threats to kill"
            if cur is not tok and cur.lemma_.lower() in self.hedges and cur.pos_ in ("VERB", "AUX"):
                if not direct or (tok.head is cur and tok.dep_ in ("dobj", "nsubj", "nsubjpass")):
                    return True
            if cur.dep_ in ("pcomp", "pobj") and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "AUX"):
                break  # "sentenced to death for killing two policemen": the killing itself is asserted
            if cur.dep_ in _CLIMB_DEPS and cur.head is not cur:
                cur = cur.head
                steps += 1
            else:
                break
        return False

    def _cause(self, verb: "Token") -> tuple[str | None, str | None]:
        """Cause and perpetrator when stated: 'killed by Israeli fire', 'a car bomb killed ...'."""
        agent = None
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                agent = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ == "nsubj" and verb.lemma_.lower() not in self.intransitive and (
                verb.lemma_.lower() in self.verbs or verb.lemma_.lower() in self.agentive
            ):
                agent = child
            elif child.dep_ == "prep" and child.lower_ in ("in", "from") and agent is None:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.lemma_.lower() in self.cause_nouns:
                    return self._victim_text(pobj), None
        if agent is None or agent.lower_ in self.relative or agent.lower_ in _PRONOUNS:
            return None, None
        text = self._victim_text(agent)
        if agent.lemma_.lower() in self.cause_nouns:
            perp = next((c.text for c in agent.children if c.ent_type_ in ("NORP", "GPE", "ORG")), None)
            return text, perp
        if agent.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or agent.lemma_.lower() in self.persons:
            return None, text
        return text, None

    # ---------------------------------------------------------------- assembling

    def _make(self, kind: str, count: _Count, head: "Token", trigger: "Token", **extra) -> _Report:
        doc = head.doc
        first = min(count.start, trigger.i)
        last = max(count.end, trigger.i + 1)
        if last - first > 40:  # a far trigger: keep the evidence to the figure itself
            first, last = count.start, count.end
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
        return _Report(kind, count.value, count.qualifier, count.victims, count.key, start, end, head, trigger, **extra)

    def _append(self, kind, count, head, trigger, found, *, cumulative=None, cause=None, perpetrator=None) -> _Report:
        report = self._make(kind, count, head, trigger, cumulative=cumulative, cause=cause, perpetrator=perpetrator)
        found.append(report)
        return report

    def _mark_cumulative(self, found: list[_Report]) -> None:
        """Running or overall tolls: cues in the figure's own clause."""
        heads = {id(report): self._scope_head(report) for report in found}
        for report in found:
            if report.parent is not None or report.cumulative is not None:
                continue
            if report.count <= 1:
                report.cumulative = False
                continue
            head = heads[id(report)]
            tokens = list(head.subtree)
            scope = {t.i for t in tokens}
            for other in found:
                oh = heads[id(other)]
                if oh.i != head.i and oh.i in scope and not (oh.left_edge.i <= head.i <= oh.right_edge.i):
                    scope -= {t.i for t in oh.subtree}
            anchor = head
            while anchor.dep_ == "ccomp" and anchor.head.lemma_.lower() in _REPORTING:
                anchor = anchor.head  # "a campaign in which prosecutors said that 180,000 were killed"
            if anchor.dep_ == "relcl":
                scope.add(anchor.head.i)  # "two mine accidents that left 21 miners dead"
            if head.dep_ == "conj":  # modifiers shared with the first conjunct: "since 2003"
                for child in head.head.children:
                    if child.dep_ in ("prep", "npadvmod", "advmod") and child.i < head.i:
                        scope |= {t.i for t in child.subtree}
            extra = [head.doc[i] for i in scope if i < tokens[0].i or i > tokens[-1].i]
            scope_tokens = [t for t in tokens if t.i in scope] + extra
            report.cumulative = self._has_cue(head.doc, head, scope_tokens, report, anchor)
        for report in found:
            if report.parent is not None:
                report.cumulative = bool(report.parent.cumulative)
            elif report.cumulative is None:
                report.cumulative = False

    def _since_short(self, since: "Token") -> bool:
        """'since sundown Monday' spans one episode, not a running toll ('since 2003')."""
        span = since.head.subtree if since.dep_ == "mark" else since.subtree
        return any(t.lower_ in self.since_short for t in span)

    @staticmethod
    def _scope_head(report: _Report) -> "Token":
        head, trigger = report.head, report.trigger
        if trigger is not None and trigger.pos_ == "NOUN" and trigger.dep_ in _SUBJECTS:
            return trigger  # "the deaths of six soldiers raised the toll to 93": the subject is its own scope
        while head.dep_ == "xcomp" and head.head is not head:
            head = head.head
        if head.dep_ == "advcl" and head.tag_ == "VBG" and head.lemma_ in ("kill", "injure", "wound", "leave"):
            head = head.head  # "violence erupted in four towns, injuring 20"
        return head

    def _has_cue(self, doc, head: "Token", scope: list, report: _Report, anchor: "Token | None" = None) -> bool:
        anchor = anchor if anchor is not None else head
        trigger = report.trigger
        single = trigger is not None and trigger.lemma_.lower() in self.single_event_nouns and trigger.tag_ == "NN"
        for tok in scope:
            i = tok.i
            lower = tok.lower_
            if lower in self.cum_words:
                return True
            if self.cum_since and lower == "since" and not self._since_short(tok):
                return True
            for words in self.cum_phrases.get(lower, ()):
                if i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                    return True
            if not single:
                for words in self.period_phrases.get(lower, ()):
                    if i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                        last = doc[i + len(words) - 1]  # "killed 60 people last year", not "the third accident this year"
                        governor = last.head.head if last.head.dep_ == "prep" else last.head
                        if governor.i in (head.i, anchor.i) or (trigger is not None and governor.i == trigger.i):
                            return True
                if tok.dep_ == "prep" and lower in self.period_preps and tok.head.i == head.i:
                    pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                    if pobj is not None and pobj.ent_type_ == "DATE":
                        phrase = doc[pobj.left_edge.i:pobj.i + 1].text
                        if lower != "in" and (_PERIOD_YEAR.match(phrase) or _PERIOD_DATE.match(phrase)):
                            return True
            lemma = tok.lemma_.lower()
            if lemma in self.plural_incidents and tok.tag_ == "NNS":
                for child in tok.children:
                    if child.dep_ == "nummod" and self._is_number(child):
                        value = self._value(doc[child.i:child.i + 1])
                        if value is not None and value > 1:
                            return True
                    if child.lower_ in ("separate", "several", "multiple", "different"):
                        return True
            if lemma in self.long_causes and report.count >= self.long_cause_min:
                perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
                linked = (tok.dep_ == "pobj" and tok.head.head.i == head.i and tok.head.lower_ == "of")
                linked = linked or (anchor.dep_ == "relcl" and anchor.head.i == i)
                if perfect or linked:
                    return True
        return False

    def _dedupe(self, reports: list[_Report]) -> list[_Report]:
        """The same figure repeated is one report (two singulars only when they name the same victim)."""
        kept: list[_Report] = []
        for report in reports:
            twin = None
            for other in kept:
                if other.kind != report.kind or other.count != report.count:
                    continue
                if (other.parent is None) != (report.parent is None) and report.count > 0:
                    if report.key != other.key:
                        continue
                if report.count == 1 and report.key != other.key and "*" not in (report.key, other.key):
                    continue
                if report.start < other.end and other.start < report.end and report.key != other.key and report.count > 1:
                    continue
                twin = other
                break
            if twin is None:
                kept.append(report)
                continue
            if twin.qualifier is None and report.qualifier is not None:
                twin.qualifier = report.qualifier
            twin.cause = twin.cause or report.cause
            twin.perpetrator = twin.perpetrator or report.perpetrator
            for sub in reports:
                if sub.parent is report:
                    sub.parent = twin
        return kept

    def _to_records(self, reports: list[_Report], doc, record: ArticleRecord) -> list[Casualty]:
        index = {id(r): n for n, r in enumerate(reports)}
        size = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
        text = record.text if record.text and len(record.text) == size else doc.text
        out = []
        for report in reports:
            evidence = Span(start=report.start, end=report.end, text=text[report.start:report.end])
            out.append(
                Casualty(
                    kind=report.kind,
                    count=report.count,
                    qualifier=report.qualifier,
                    victims=report.victims,
                    subset_of=index.get(id(report.parent)) if report.parent is not None else None,
                    cumulative=bool(report.cumulative),
                    cause=report.cause,
                    perpetrator=report.perpetrator,
                    event=self._event_index(record, doc, report),
                    evidence=evidence,
                )
            )
        return out

    @staticmethod
    def _event_index(record: ArticleRecord, doc, report: _Report) -> int | None:
        if not record.events:
            return None
        sent = report.head.sent
        best, best_distance = None, None
        for n, event in enumerate(record.events):
            span = event.trigger or event.evidence
            if span.end <= sent.start_char or span.start >= sent.end_char:
                continue
            distance = abs(span.start - report.start)
            if best_distance is None or distance < best_distance:
                best, best_distance = n, distance
        return best
