"""Actors: who the article is about, with CAMEO-style codes.

Mentions come from four places, in this order of strength:

1. people (PERSON entities), coded by the title and affiliation the article gives
   them ("Israeli Prime Minister Benjamin Netanyahu" -> ISRGOV), else by the body
   they speak for, found earlier in the text ("The White House says President Joe
   Biden ..." -> USAGOV);
2. collective noun phrases with a role ("Israeli security forces" -> ISRMIL,
   "Gaza militants" -> PSEREB, "the rebels" -> the rebel group named earlier);
3. named bodies, countries, demonyms and metonyms from the lexicon ("Hamas",
   "the White House", "Israeli", "Washington");
4. later references linked to the first full mention: surnames ("Guterres"),
   role references ("the UN chief", "the spokesman") and he/she.

Lexicon data: ``eventwire/ontology/`` and user TABARI dictionaries (see
``eventwire.dictionaries``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher

from ..dictionaries import ActorEntry, ActorLexicon, Role
from ..records import Actor, ArticleRecord, Span
from .base import Extractor, doc_text

log = logging.getLogger(__name__)

SPOKESPERSON_TITLES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
FEMALE_WORDS = frozenset({"spokeswoman", "ms", "ms.", "mrs", "mrs.", "queen", "congresswoman", "chairwoman", "madam"})
MALE_WORDS = frozenset({"spokesman", "mr", "mr.", "king", "congressman", "chairman", "emir", "sheikh"})
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
LOCATIVE_PREPS = frozenset({"in", "at", "near", "from", "to", "into", "outside", "across", "throughout", "around", "towards", "toward"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
KNOWN_SECTORS = frozenset(
    "GOV MIL COP REB OPP IGO NGO CVL MED JUD BUS LEG PTY SPY REF HLH EDU LAB AGR ELI UAF IMG INS CRM REL".split()
)
UNKNOWN_ORG = "organization not in the lexicon"
SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "COP": "police", "REB": "militants", "OPP": "opposition",
    "CVL": "civilians", "MED": "media", "JUD": "judiciary", "LEG": "legislature", "BUS": "business",
    "REF": "refugees", "HLH": "health officials", "SPY": "intelligence", "PTY": "party", "GOVMED": "state media",
}
NATIONAL_SECTORS = frozenset({"GOV", "MIL", "COP"})  # "the government", "the army", "the police"
PRONOUN_WINDOW = 3  # sentences back in which he/she may find a person


def longest_matches(found: list[tuple[int, int, object]], length: int) -> list[tuple[int, int, object]]:
    """Non-overlapping (start, end, key) matches, longest first, ties to the smaller key; in text order."""
    taken = [False] * length
    kept = []
    for start, end, key in sorted(found, key=lambda m: (m[0] - m[1], m[2], m[0])):
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            kept.append((start, end, key))
    return sorted(kept)


@dataclass
class Mention:
    """One found mention, before mentions are grouped into Actors."""

    start: int  # token offsets
    end: int
    key: tuple  # identity: mentions with the same key are one actor
    kind: str
    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    leader: bool = False
    reason: str = ""
    named: bool = True  # a name (or linked reference), not a bare collective noun


@dataclass
class Person:
    """A person of this article, built up from its mentions."""

    name: str
    key: tuple
    first: int  # token index of the first full mention
    role: Role | None = None
    affiliation: ActorEntry | None = None
    affiliation_code: str | None = None
    country: str | None = None
    code: str | None = None
    gender: str | None = None
    dictionary_code: str | None = None  # from a user dictionary; the text's own title wins
    dictionary_reason: str = ""
    reason: str = ""
    mentions: list = field(default_factory=list)


class ActorExtractor(Extractor):
    name = "actors"
    assigns = "actors"

    def __init__(self, dictionaries=(), lexicon: ActorLexicon | None = None):
        self.lexicon = lexicon.copy() if lexicon is not None else ActorLexicon.builtin()
        for path in dictionaries:
            self.lexicon.add_tabari(path)
        self.entry_matcher = None
        self.role_matcher = None

    # ------------------------------------------------------------------ setup

    def initialize(self, nlp) -> None:
        """Compile the lexicon into phrase matchers with the pipeline's own tokenizer."""
        self.entry_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        seen: set[str] = set()
        for index, entry in enumerate(self.lexicon.actors):
            phrases = []
            for phrase in entry.phrases:
                lowered = phrase.lower()
                if lowered in seen or not lowered.strip():
                    continue  # the first entry (user dictionaries come first) owns a phrase
                seen.add(lowered)
                phrases.append(phrase.title() if phrase.isupper() else phrase)
            if phrases:
                self.entry_matcher.add(str(index), list(nlp.tokenizer.pipe(phrases)))
        self.role_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for term in self.lexicon.roles:
            self.role_matcher.add(term, list(nlp.tokenizer.pipe({term, term.title()})))

    # ------------------------------------------------------------------ finding

    def find(self, doc, record: ArticleRecord) -> list[Actor]:
        if self.entry_matcher is None:
            raise RuntimeError("ActorExtractor.initialize(nlp) was not called")
        date = record.date
        entries = self._entry_matches(doc)
        roles = self._role_matches(doc)
        claimed = [False] * len(doc)
        mentions: list[Mention] = []
        self._title_bodies = []  # bodies named inside a person's title, kept as actors too

        persons = self._persons(doc, entries, roles, claimed, date)
        self._link_surnames(doc, persons, claimed)
        mentions += self._groups(doc, entries, roles, claimed, date)
        mentions += self._named(doc, entries, claimed, date)
        mentions += [self._entry_mention(doc, s, e, body, date) for s, e, body in self._title_bodies]
        self._resolve_affiliations(doc, persons, mentions)
        self._link_role_references(doc, roles, persons, mentions, claimed)
        self._link_pronouns(doc, persons, claimed)
        for person in persons:
            for start, end, reason in person.mentions:
                mentions.append(
                    Mention(start, end, person.key, "person", person.name, person.code, person.country,
                            person.role.sector if person.role else None,
                            person.role.term if person.role else None, bool(person.role and person.role.leader),
                            person.reason or reason)
                )
        # organizations the lexicon does not know: code them from role words beside them ("X rebel group")
        for m in mentions:
            if m.kind == "organization" and m.code is None:
                m.code, m.country, m.sector = self._code_unknown_org(doc, m, mentions)
                if m.code:
                    m.reason = f"organization not in the lexicon, coded from the words around it"
        self._link_definite_groups(doc, mentions)
        return self._to_actors(doc, mentions)

    def _entry_matches(self, doc) -> dict[int, tuple[int, ActorEntry]]:
        """token start -> (token end, entry): longest first, then user dictionaries first."""
        found = [(start, end, int(doc.vocab.strings[m])) for m, start, end in self.entry_matcher(doc)]
        return {start: (end, self.lexicon.actors[index]) for start, end, index in longest_matches(found, len(doc))}

    def _role_matches(self, doc) -> dict[int, tuple[int, Role]]:
        """token start -> (token end, role): longest first, then leftmost."""
        found = [(start, end, doc.vocab.strings[m]) for m, start, end in self.role_matcher(doc)]
        return {start: (end, self.lexicon.roles[term]) for start, end, term in longest_matches(found, len(doc))}

    # ------------------------------------------------------------------ people

    def _context_span(self, doc, ent) -> tuple[int, int, list[tuple[int, int]]]:
        """Token range of the words before a name in its noun phrase, and appositive ranges."""
        root = ent.root
        left = root.left_edge.i
        sent_start = ent.sent.start
        left = max(left, sent_start)
        # don't let a mis-parse pull in a whole clause: stop at verbs and clause punctuation
        for i in range(ent.start - 1, left - 1, -1):
            token = doc[i]
            if token.pos_ in ("VERB", "AUX") or token.text in (",", ";", ":", "(", ")", '"', "“", "”") or token.dep_ == "cc":
                left = i + 1
                break
        appositives = []
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i:
                appositives.append((child.left_edge.i, child.right_edge.i + 1))
        return left, ent.start, appositives

    def _persons(self, doc, entries, roles, claimed, date) -> list[Person]:
        persons: dict[tuple, Person] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start, ent.end
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
                end -= 1
            while start < end and doc[start].pos_ in ("DET", "PUNCT"):
                start += 1
            if end <= start or any(claimed[start:end]):
                continue
            # a dictionary entry for this very name (user TABARI dictionaries hold people)
            entry = None
            for m_start, (m_end, candidate) in entries.items():
                if m_start <= start and m_end == end:
                    entry = candidate
                    break
            left, _, appositives = self._context_span(doc, ent)
            context = [(left, start)] + appositives
            role, affiliation, affiliation_code, country = self._role_and_affiliation(doc, context, entries, roles, date)
            name = doc[start:end].text
            key = ("person", name.lower())
            # a bare surname whose full name is already known is a later mention
            if end - start == 1:
                for other in persons.values():
                    if other.name.split()[-1].lower() == name.lower():
                        key = other.key
                        break
            person = persons.get(key)
            if person is None:
                person = Person(name=name, key=key, first=left)
                persons[key] = person
            if entry is not None and person.code is None and person.dictionary_code is None:
                person.dictionary_code = entry.code_on(date)
                person.dictionary_reason = f"dictionary entry {entry.name!r} ({entry.origin})"
            if role and person.role is None:
                person.role = role
            if affiliation_code and person.affiliation_code is None:
                person.affiliation, person.affiliation_code, person.country = affiliation, affiliation_code, country
            if person.gender is None:
                words = {doc[i].lower_ for a, b in context for i in range(a, b)}
                person.gender = "f" if words & FEMALE_WORDS else "m" if words & MALE_WORDS else None
            mention_start = left if context[0][0] < start else start
            person.mentions.append((mention_start, end, "name"))
            for a, b in context:
                for m_start, (m_end, body) in entries.items():
                    if a <= m_start and m_end <= b and body.kind == "organization" and not body.metonym:
                        self._title_bodies.append((m_start, m_end, body))
            for i in range(mention_start, end):
                claimed[i] = True
            for a, b in appositives:
                for i in range(a, b):
                    claimed[i] = True
        return list(persons.values())

    def _role_and_affiliation(self, doc, context, entries, roles, date):
        """The title and the body/country in the words around a name."""
        role = None
        affiliation = affiliation_code = country = None
        for a, b in context:
            for start, (end, found_role) in roles.items():
                if a <= start and end <= b and found_role.applies_to != "group":
                    if role is None or (end - start) >= len(role.term.split()) or found_role.leader:
                        role = found_role
            for start, (end, entry) in entries.items():
                if a <= start and end <= b and affiliation is None:
                    affiliation = entry
                    affiliation_code = entry.code_on(date)
                    country = entry.country or self.lexicon.country_of_code(affiliation_code)
            if role is None:
                # group words in a title ("military spokesman") still say which body
                for start, (end, found_role) in roles.items():
                    if a <= start and end <= b and found_role.sector:
                        role = found_role
        return role, affiliation, affiliation_code, country

    def _link_surnames(self, doc, persons, claimed) -> None:
        by_surname: dict[str, list[Person]] = {}
        by_name: dict[str, Person] = {}
        for person in persons:
            parts = person.name.split()
            by_name[person.name.lower()] = person
            if len(parts) >= 2:
                by_surname.setdefault(parts[-1].lower(), []).append(person)
        if not by_surname:
            return
        for token in doc:
            if claimed[token.i] or not token.text[:1].isupper():
                continue
            candidates = by_surname.get(token.lower_)
            if candidates and len(candidates) == 1:
                person = candidates[0]
                person.mentions.append((token.i, token.i + 1, "surname"))
                claimed[token.i] = True

    def _resolve_affiliations(self, doc, persons, mentions) -> None:
        """Code each titled person: own affiliation, else the body or country it works for.

        Without an affiliation beside the name, in this order: a body named
        earlier in the same sentence ("The White House says President Joe
        Biden"); for spokespeople and international titles, the leader or body
        named most recently ("Spokesman Stephane Dujarric" after "UN
        Secretary-General Antonio Guterres"); for heads of state and
        government, the article's main country; for other titles, a body or
        acting country in the two sentences before, else the main country.
        """
        anchors = sorted(
            # news agencies credited in a caption speak for no one; countries anchor only as subjects
            [(m.start, m) for m in mentions if m.code and m.named and m.sector != "MED" and (
                m.kind == "organization" or (m.kind == "country" and doc[m.start].dep_ in SUBJECT_DEPS))]
            + [(start, p) for p in persons for start, _, how in p.mentions if how != "pronoun"],
            key=lambda item: item[0],
        )
        main_country = self._main_country(mentions)
        for person in sorted(persons, key=lambda p: p.first):
            if person.code:
                continue
            role = person.role
            if person.affiliation_code:
                person.code = self._compose(person.affiliation, person.affiliation_code, role)
                person.reason = f"title {role.term!r} of {person.affiliation.name}" if role else f"affiliation {person.affiliation.name}"
                continue
            if person.dictionary_code:
                person.code, person.reason = person.dictionary_code, person.dictionary_reason
                person.country = self.lexicon.country_of_code(person.code)
                continue
            if role is None:
                person.reason = "no title or affiliation in the text"
                continue
            start = min(m[0] for m in person.mentions)
            sentence = doc[start].sent
            earlier = [(pos, a) for pos, a in anchors if pos < start and a is not person and a.code]
            same_sentence = [(pos, a) for pos, a in earlier if pos >= sentence.start]
            recent_start = self._sentence_start_before(doc, sentence, 2)
            spokesperson = role.term in SPOKESPERSON_TITLES
            anchor, how = None, ""
            if role.sector == "IGO":
                anchor = next((a for _, a in reversed(earlier) if a.code.startswith("IGO")), None)
                how = "international body named earlier"
            elif same_sentence:
                anchor, how = same_sentence[-1][1], "named earlier in the sentence"
            elif spokesperson:
                anchor = next((a for _, a in reversed(earlier)
                               if (isinstance(a, Mention) and a.kind == "organization") or
                               (isinstance(a, Person) and a.role and a.role.leader)), None)
                how = "the leader or body named most recently"
            elif not role.leader:
                anchor = next((a for pos, a in reversed(earlier) if pos >= recent_start), None)
                how = "named in the sentences before"
            if anchor is not None:
                code = anchor.code
                country = self.lexicon.country_of_code(code)
                if spokesperson or not role.sector or not country or code.startswith("IGO"):
                    person.code = code
                else:
                    person.code = code[:3] + role.sector
                person.reason = f"title {role.term!r}; {anchor.name} ({anchor.code}) {how}"
            elif main_country and role.sector and role.sector != "IGO":
                person.code = main_country + role.sector
                person.reason = f"title {role.term!r}; the article's main country {main_country}"
            else:
                person.reason = f"title {role.term!r}; affiliation not found"
            person.country = person.country or self.lexicon.country_of_code(person.code)

    def _main_country(self, mentions) -> str | None:
        """The CAMEO country code mentioned most often (countries, demonyms, national groups)."""
        counts: dict[str, int] = {}
        for m in mentions:
            if m.code and m.kind in ("country", "group") and self.lexicon.country_of_code(m.code):
                counts[m.code[:3]] = counts.get(m.code[:3], 0) + 1
        return max(counts, key=counts.get) if counts else None

    @staticmethod
    def _sentence_start_before(doc, sentence, back: int) -> int:
        start = sentence.start
        for _ in range(back):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        return start

    def _compose(self, entry: ActorEntry, code: str, role: Role | None) -> str:
        """Code of a person from the body or country they belong to and their title."""
        if (entry.kind == "country" or code in self.lexicon.countries) and not entry.sector:
            sector = role.sector if role and role.sector and role.sector != "IGO" else "GOV"
            return code + sector if role is None or role.suffix else sector + code
        return code

    def _link_role_references(self, doc, roles, persons, mentions, claimed) -> None:
        """'the UN chief', 'the spokesman', 'the president' -> the person the article named so."""
        if not persons:
            return
        for start, (end, role) in roles.items():
            if role.applies_to == "group" or any(claimed[start:end]):
                continue
            head = doc[end - 1]
            if head.ent_type_ == "PERSON":
                continue
            left = head.left_edge.i
            determiner = doc[left].lower_ if left < start else ""
            modifiers = (left, start)
            if determiner not in ("the", "his", "her", "its") and doc[left].dep_ != "poss":
                continue
            body_codes = {
                m.code for m in mentions if m.code and modifiers[0] <= m.start and m.end <= modifiers[1]
            }
            candidates = []
            for person in persons:
                first = min(m[0] for m in person.mentions)
                if first >= start or person.role is None:
                    continue
                same_title = person.role.term == role.term
                same_head = role.leader and person.role.leader
                if not (same_title or same_head):
                    continue
                if body_codes and not any(person.code and person.code.startswith(c[:3]) for c in body_codes):
                    continue
                candidates.append((first, person))
            if not candidates:
                continue
            person = max(candidates, key=lambda c: c[0])[1]  # the one named most recently
            person.mentions.append((left, end, "role reference"))
            for i in range(left, end):
                claimed[i] = True
            mentions[:] = [m for m in mentions if not (left <= m.start and m.end <= end)]

    def _link_pronouns(self, doc, persons, claimed) -> None:
        """he/she -> the person most recently the subject of a clause, of compatible gender."""
        if not persons:
            return
        owner: dict[int, Person] = {}
        for person in persons:
            for start, end, _ in person.mentions:
                for i in range(start, end):
                    owner[i] = person
        sentences = list(doc.sents)
        sentence_index = {}
        for number, sentence in enumerate(sentences):
            for i in range(sentence.start, sentence.end):
                sentence_index[i] = number
        for token in doc:
            gender = PRONOUN_GENDER.get(token.lower_)
            if gender is None or token.pos_ != "PRON" or claimed[token.i]:
                continue
            number = sentence_index[token.i]
            window_start = sentences[max(0, number - PRONOUN_WINDOW)].start
            subject = fallback = None
            for i in range(token.i - 1, window_start - 1, -1):
                person = owner.get(i)
                if person is None or (person.gender and person.gender != gender):
                    continue
                if fallback is None:
                    fallback = person
                if doc[i].dep_ in SUBJECT_DEPS or doc[i].head.dep_ in SUBJECT_DEPS and doc[i].head.i in owner:
                    subject = person
                    break
            chosen = subject or fallback
            if chosen is None:
                continue
            if chosen.gender is None:
                chosen.gender = gender
            chosen.mentions.append((token.i, token.i + 1, "pronoun"))
            owner[token.i] = chosen
            claimed[token.i] = True

    # ------------------------------------------------------------------ groups and names

    def _groups(self, doc, entries, roles, claimed, date) -> list[Mention]:
        """Collective noun phrases with a role word as head: 'Israeli security forces'."""
        mentions = []
        for start, (end, role) in roles.items():
            if role.applies_to == "person" or any(claimed[start:end]) or not role.sector:
                continue
            head = doc[end - 1]
            if head.dep_ in ("compound", "amod") and head.head.i > head.i:
                continue  # 'military' in 'military operation' is not a group
            left = head.left_edge.i
            while left < start and (doc[left].pos_ in ("DET", "NUM", "PUNCT") or doc[left].lower_ in ("at", "least", "some", "about")):
                left += 1
            countries = []
            for m_start, (m_end, entry) in entries.items():
                if left <= m_start and m_end <= start and not any(claimed[m_start:m_end]):
                    code = entry.code_on(date)
                    if entry.kind == "country" or entry.country or self.lexicon.country_of_code(code):
                        countries.append((m_start, m_end, entry, code))
            if not countries:
                # 'troops of Israel', 'forces from Gaza'
                for child in head.rights:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                        for pobj in child.children:
                            hit = entries.get(pobj.left_edge.i) or entries.get(pobj.i)
                            if hit and (hit[1].kind == "country" or hit[1].country):
                                countries.append((pobj.i, pobj.i + 1, hit[1], hit[1].code_on(date)))
            for m_start, m_end, entry, code in countries:
                base = code[:3] if len(code) > 3 and self.lexicon.country_of_code(code) else code
                group_code = base + role.sector if role.suffix else role.sector + base
                mentions.append(
                    Mention(left, end, ("group", group_code), "group", self._group_name(base, role), group_code, entry.country,
                            role.sector, role.term, False, f"{entry.name} + role word {role.term!r}", named=True)
                )
            if not countries:
                mentions.append(
                    Mention(left, end, ("group", role.sector, role.term), "group", doc[left:end].text, None, None,
                            role.sector, role.term, False, f"role word {role.term!r}, no country", named=False)
                )
            for i in range(left, end):
                claimed[i] = True
        return mentions

    def _group_name(self, base: str, role: Role) -> str:
        """A readable name for a national group: 'Israeli military', 'Palestinian government'."""
        row = self.lexicon.countries.get(base)
        demonyms = [d for d in (row or {}).get("demonyms", "").split("|") if d]
        adjective = demonyms[0] if demonyms else (row or {}).get("name", base)
        return f"{adjective} {SECTOR_NAMES.get(role.sector, role.term)}"

    def _named(self, doc, entries, claimed, date) -> list[Mention]:
        """Named bodies, countries, demonyms and metonyms from the lexicon."""
        mentions = []
        for start, (end, entry) in entries.items():
            if any(claimed[start:end]):
                continue
            span = doc[start:end]
            if entry.metonym and (self._is_locative(span) or self._is_dateline(span)):
                continue  # "in Washington" and a "BOGOTA —" dateline are places, not governments
            mentions.append(self._entry_mention(doc, start, end, entry, date))
            for i in range(start, end):
                claimed[i] = True
        # organizations the lexicon does not know: keep those that act (subjects) for later coding
        for ent in doc.ents:
            if ent.label_ != "ORG" or any(claimed[ent.start:ent.end]):
                continue
            start = ent.start + 1 if doc[ent.start].pos_ == "DET" else ent.start
            head = doc[ent.end - 1]
            if start >= ent.end or head.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj", "poss", "compound") or (
                    ent.text.isupper() and len(ent.text) <= 4):
                continue
            name = doc[start:ent.end].text
            mentions.append(
                Mention(start, ent.end, ("organization", name.lower()), "organization", name, None, None,
                        None, None, False, UNKNOWN_ORG)
            )
        return mentions

    def _entry_mention(self, doc, start, end, entry, date) -> Mention:
        span = doc[start:end]
        code = entry.code_on(date)
        kind = entry.kind
        if kind == "other":  # a user dictionary entry: what it names, the entity type tells
            label = span.root.ent_type_ or span[0].ent_type_
            place_code = self.lexicon.country_of_code(code) and code[3:6] not in KNOWN_SECTORS
            kind = "person" if label == "PERSON" else "country" if label in ("GPE", "LOC", "NORP") or place_code else "organization"
        if kind == "country" and code in self.lexicon.countries:
            key = ("country", code)
            country = entry.country or self.lexicon.country_of_code(code)
            name = self.lexicon.countries.get(code, {}).get("name") or entry.name
        else:
            key = (kind, entry.name.lower())
            country = entry.country or self.lexicon.country_of_code(code)
            name = entry.name
        return Mention(start, end, key, kind, name, code, country, entry.sector, None, False,
                       f"lexicon entry {entry.name!r} ({entry.origin})")

    @staticmethod
    def _is_dateline(span) -> bool:
        doc = span.doc
        after = doc[span.end] if span.end < len(doc) else None
        return span.start == span.sent.start and after is not None and after.text in ("—", "–", "-", "--", ",", "(")

    @staticmethod
    def _is_locative(span) -> bool:
        head = span.root.head
        return span.root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS

    def _link_definite_groups(self, doc, mentions) -> None:
        """'the rebels' with no country -> the one rebel body the article named;
        'the government', 'the army' -> the article's main country."""
        main_country = self._main_country(mentions)
        named_by_sector: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.kind == "organization" and m.code:
                sector = m.sector or (m.code[3:6] if len(m.code) >= 6 else None)
                if sector:
                    named_by_sector.setdefault(sector, []).append(m)
        for m in mentions:
            if m.named or m.kind != "group":
                continue
            if doc[m.start - 1].lower_ != "the" if m.start > 0 else True:
                continue
            candidates = {c.key: c for c in named_by_sector.get(m.sector, []) if c.start < m.start}
            if len(candidates) == 1:
                target = next(iter(candidates.values()))
                m.key, m.kind, m.name, m.code, m.country = target.key, target.kind, target.name, target.code, target.country
                m.named, m.reason = True, f"'the {m.role}' refers to {target.name} named earlier"
            elif not candidates and main_country and m.sector in NATIONAL_SECTORS:
                m.code = main_country + m.sector
                m.key, m.country, m.named = ("group", m.code), self.lexicon.country_of_code(m.code), True
                m.name = self._group_name(main_country, Role(m.role or "", m.sector))
                m.reason = f"'the {m.role}' of the article's main country {main_country}"

    # ------------------------------------------------------------------ writing

    def _to_actors(self, doc, mentions: list[Mention]) -> list[Actor]:
        by_key: dict[tuple, list[Mention]] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            if not m.named:
                continue
            by_key.setdefault(m.key, []).append(m)
        actors = []
        for key, group in by_key.items():
            if all(m.code is None and m.reason == UNKNOWN_ORG for m in group) and not any(
                    doc[m.end - 1].dep_ in SUBJECT_DEPS for m in group):
                continue  # an unknown name that never acts ("an Iron Dome system") is no actor
            first = next((m for m in group if m.reason not in ("pronoun",)), group[0])
            coded = next((m for m in group if m.code), first)
            start_char = doc[first.start].idx
            end_char = doc[first.end - 1].idx + len(doc[first.end - 1].text)
            kind = first.kind if first.kind in ("person", "organization", "country", "group") else "other"
            actors.append(
                Actor(
                    text=doc_text(doc)[start_char:end_char],
                    name=first.name,
                    code=coded.code,
                    country=coded.country or self.lexicon.country_of_code(coded.code),
                    sector=coded.sector or self._sector_of(coded.code),
                    kind=kind,
                    role=first.role,
                    start=start_char,
                    end=end_char,
                    mentions=[self._span(doc, m.start, m.end) for m in group],
                    reason=coded.reason,
                )
            )
        actors.sort(key=lambda a: a.start)
        return actors

    def _code_unknown_org(self, doc, mention: Mention, mentions):
        span = doc[mention.start:mention.end]
        head = doc[mention.end - 1]
        words = [t for t in head.subtree if not (mention.start <= t.i < mention.end)]
        if head.dep_ in ("compound", "nmod", "amod"):  # "the X rebel group"
            words += [head.head] + [t for t in head.head.children if t.i != head.i]
        sector = None
        for token in words:
            roles = (self.lexicon.roles.get(token.lower_), self.lexicon.roles.get(token.lemma_.lower()))
            sector = next((role.sector for role in roles if role and role.sector), None)
            if sector:
                break
        if sector is None:
            return None, None, None
        sentence = span.sent
        country = None
        for m in mentions:
            if m.country and sentence.start <= m.start < sentence.end and m.kind == "country":
                country = m.country
                break
        if country is None:
            return sector, None, sector
        base = next((c for c, row in self.lexicon.countries.items() if row["iso3"] == country and c == row["cameo"]), country)
        return base + sector, country, sector

    def _sector_of(self, code: str | None) -> str | None:
        if not code:
            return None
        rest = code[3:] if self.lexicon.country_of_code(code) else code
        return rest[:3] or None

    @staticmethod
    def _span(doc, start: int, end: int) -> Span:
        start_char = doc[start].idx
        end_char = doc[end - 1].idx + len(doc[end - 1].text)
        return Span(start=start_char, end=end_char, text=doc_text(doc)[start_char:end_char])
