"""Events: who did what to whom, coded in CAMEO, PLOVER and ACLED terms.

One pass over each sentence finds trigger words (verbs, nouns, predicate
adjectives) listed in ``ontology/event_patterns.csv``; the dependency parse
then supplies the roles:

- verbs: subject (or passive agent) -> source; object or prepositional object -> target;
- nouns: "by"/possessive/adjectival actors ("Israeli airstrikes") -> source,
  "on/against/at" objects -> target; a light verb ("carried out airstrikes")
  lends its subject; a violent noun as subject of "kill/hit" lends its code;
- frames (urge, demand, promise, refuse, threaten) take their code from the
  action they govern, refined through ``ontology/event_frames.csv``.

Compound actors give one event per pair. Negation, denial, modals and "if"
clauses set ``negated``/``modality``; events inside a quote are the speaker's
claim, and a spokesperson's statement is the principal's, with the spokesperson
as ``channel``. Each event takes the date and place that govern its trigger
(``times.governing_time``, ``places.governing_place``; the article date as a
fallback). Events are ordered by sentence, then main clause first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from ..codes import acled_rules, codebook
from ..records import Actor, ArticleRecord, Event, Quote, Span
from .base import Extractor, actor_at, span_of
from .event_patterns import Pattern, PatternBook
from .places import governing_place
from .times import governing_time

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

log = logging.getLogger(__name__)

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj", "dative", "attr", "oprd"})
NESTED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "advcl", "acomp"})
ARG_STOP_DEPS = frozenset({"conj", "cc", "relcl", "acl", "appos", "punct", "advcl", "prep", "prt", "parataxis"})
OBJECT_CONTROL = frozenset({
    "urge", "ask", "call", "encourage", "invite", "order", "force", "allow", "tell", "persuade",
    "press", "implore", "beg", "request", "appeal", "exhort", "push", "require",
})
SAY_LEMMAS = frozenset({
    "say", "tell", "add", "state", "announce", "report", "note", "stress", "reiterate", "write",
    "explain", "confirm", "tweet", "declare", "insist", "assert", "argue", "emphasize", "remark",
    "remind", "reminder", "statement", "conclude", "warn", "announce", "believe", "think", "indicate",
})
RESULT_VERBS = frozenset({
    "kill", "wound", "injure", "hit", "strike", "destroy", "damage", "target", "pound", "hurt", "claim", "leave",
    "deal", "explode", "detonate",
})
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may"})
DEONTIC_AUX = frozenset({"must", "should", "ought"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no"})
DEFAULT_TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "into")
CIVILIAN_WORDS = frozenset({
    "civilian", "villager", "resident", "farmer", "woman", "child", "children", "student", "worker", "family",
    "passenger", "shopkeeper", "worshipper", "journalist", "teacher", "trader", "people", "man", "girl", "boy",
})
INTENT_ROOTS = frozenset({"04", "05", "06", "07", "08", "15", "16", "17", "18", "19", "20"})
ACTIVITY_HEADS = frozenset({
    "mission", "effort", "operation", "campaign", "programme", "program", "process", "initiative", "plan",
    "package", "convoy", "shipment", "flight", "round", "session", "drive", "bid", "move", "attempt", "team",
    "guarantee", "agreement", "deal", "pact", "accord", "treaty", "talk", "threat", "warning",
})
RECIPROCAL_ROOTS = ("04", "057", "06", "0871", "03")
CASUALTY_NOUNS = frozenset({"fatality", "casualty", "death", "dead", "toll", "injury", "victim", "loss"})
TIME_ENTS = frozenset({"DATE", "TIME"})  # "on Thursday" is never a target
LOCATED_TARGET_ROOTS = frozenset({"07", "08", "14", "15", "17", "18", "19", "20"})
PLACED_ROOTS = frozenset({"04", "06", "07", "08", "14", "15", "17", "18", "19", "20"})
ACLED_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
ACLED_CODES = ("057", "0871", "087", "03", "084", "080")


@dataclass
class Hit:
    """A trigger found in a sentence, with the token that governs its roles."""

    trigger: "Token"
    pattern: Pattern
    governor: "Token"
    code: str
    reason: str
    nominal: bool = False
    instrument: "Token | None" = None  # a violent noun lending its code to a result verb
    speaker_source: bool = False  # source is whoever says the sentence
    nested: "Hit | None" = None
    light: bool = False  # governed by a light verb ("carried out airstrikes")
    intent: bool = False  # recoded from the future tense


def _lemma(token: "Token") -> str:
    return token.lemma_.lower()


def _lemmas(token: "Token") -> tuple[str, ...]:
    """The lemma, then fallbacks for the tagger's slips ("staged" -> "stag")."""
    lemma = _lemma(token)
    lower = token.lower_
    out = [lemma]
    if lower != lemma:
        out.append(lower)
    if token.pos_ == "VERB" and lower.endswith("ed"):
        out += [lower[:-1], lower[:-2]]
    return tuple(out)


def _kind(token: "Token") -> str | None:
    if token.pos_ == "VERB":
        return "verb"
    if token.pos_ in ("NOUN", "PROPN", "NUM", "SYM"):  # "$2 million" can be what is given
        return "noun"
    if token.pos_ == "ADJ":
        return "adj"
    return None


class EventExtractor(Extractor):
    name = "events"
    assigns = "events"

    def __init__(self, patterns: Iterable[str] = (), frames: Iterable[str] = ()):
        self.book = PatternBook.default(patterns, frames)
        self.codes = codebook()
        self.acled = acled_rules()
        self._cache: dict[int, dict] = {}  # actor of a token, per article being coded

    # ------------------------------------------------------------------ find

    def find(self, doc: "Doc", record: ArticleRecord) -> list[Event]:
        self._cache = {id(record): {}}
        try:
            return self._find(doc, record)
        finally:
            self._cache = {}

    def _find(self, doc: "Doc", record: ArticleRecord) -> list[Event]:
        events: list[tuple[tuple, Event]] = []
        quotes = [q for q in record.quotes if q.content is not None]
        seen: set[tuple] = set()
        memory: dict[str, Actor] = {}  # event noun lemma -> source of its latest event
        families: set[str] = set()  # kinds of events already told
        doc_cues = None
        for sent in doc.sents:
            try:
                hits = self._hits(sent, record, quotes)
            except Exception:  # odd parses must never sink an article
                log.exception("event matching failed on sentence at %d", sent.start_char)
                continue
            cues = None
            for hit in hits:
                if _anaphoric(hit, families):
                    continue  # "hours after the bombing": an event told before
                families.add(_family(hit.code))
                families.add(_lemma(hit.trigger))
                for event in self._events(hit, sent, record, quotes, memory):
                    key = (event.cameo, _actor_key(event.source), _actor_key(event.target), sent.start, _lemma(hit.governor))
                    if key in seen:
                        continue
                    seen.add(key)
                    if event.cameo[:2] in ACLED_ROOTS or event.cameo.startswith(ACLED_CODES):
                        if cues is None:
                            cues = _sentence_cues(sent)
                        scope = cues
                        if event.cameo.startswith("14"):  # a protest is told over several sentences
                            if doc_cues is None:
                                doc_cues = _sentence_cues(doc[:])
                            scope = doc_cues
                        self._set_acled(event, scope, _local_cues(hit))
                    if event.source is not None:
                        memory[_lemma(hit.trigger)] = event.source
                        if hit.instrument is not None:
                            memory[_lemma(hit.instrument)] = event.source
                    depth = _depth(hit.governor)
                    events.append(((sent.start, depth, hit.governor.i), event))
        events.sort(key=lambda pair: pair[0])
        return [event for _, event in events]

    # ------------------------------------------------------------------ triggers

    def _match(self, token: "Token", kind: str, record: ArticleRecord) -> Pattern | None:
        candidates = []
        for lemma in _lemmas(token):
            candidates = self.book.candidates(kind, lemma)
            if candidates:
                break
        if not candidates:
            return None
        # a preposition before the trigger is a fronted adjunct ("On Tuesday, X called Y"), not a particle
        preps = frozenset(
            _lemma(c) for c in token.children if c.dep_ in ("prt", "prep", "agent", "compound:prt") and c.i > token.i
        )
        objects = _object_lemmas(token)
        sector = None
        if any(p.sectors for p in candidates):
            for source in _subject_tokens(token):
                actor = self._actor(source, record)
                if actor is not None and actor.sector:
                    sector = actor.sector
                    break
        for pattern in candidates:
            if pattern.accepts(preps, objects, sector):
                return pattern
        return None

    def _hits(self, sent: "SpacySpan", record: ArticleRecord, quotes: list[Quote]) -> list[Hit]:
        found: dict[int, Hit] = {}
        lights: list = []
        known = self.book.lemmas
        for token in sent:
            kind = _kind(token)
            if kind is None:
                continue
            lemma = token.lemma_.lower()
            if lemma not in known and token.lower_ not in known and not (kind == "verb" and token.lower_.endswith("ed")):
                continue
            if kind == "verb" and any(lem in self.book.light for lem in _lemmas(token)):
                lights.append(token)
            pattern = self._match(token, kind, record)
            if pattern is None and kind == "verb" and token.tag_ in ("NN", "NNS"):
                pattern = self._match(token, "noun", record)
            if pattern is None and kind == "verb" and token.tag_ == "VBN":  # "is gravely concerned by"
                pattern = self._match(token, "adj", record)
            if pattern is None and kind == "noun" and token.tag_.startswith("VB"):
                pattern = self._match(token, "verb", record)
            if pattern is None or pattern.suppresses:
                continue
            nominal = pattern.kind == "noun"
            found[token.i] = Hit(token, pattern, token, pattern.code, f"{pattern.kind} '{pattern.lemma}'", nominal)
        consumed: set[int] = set()

        # modifiers are never events of their own: "rocket attacks", "negotiating table";
        # nor are the themes of an event noun: "the launching of rockets and mortars"
        for i, hit in found.items():
            token = hit.trigger
            if token.dep_ == "amod" and token.pos_ in ("VERB", "ADJ"):
                consumed.add(i)  # "the negotiating table", "wounded soldiers"
            elif token.dep_ in ("amod", "compound") and token.head.i in found:
                if not found[token.head.i].pattern.is_frame:  # "reform petitions": the frame's action
                    consumed.add(i)
            elif token.dep_ == "compound" and _lemma(token.head) not in ACTIVITY_HEADS:
                consumed.add(i)  # "aid workers", "peace activists": a kind of person or thing
            elif hit.nominal and token.dep_ == "pobj" and _lemma(token.head) == "of" and token.head.head.i in found:
                consumed.add(i)
                consumed.update(c.i for c in token.conjuncts if c.i in found)

        # light verbs and verbs with a trigger-noun object: one event, verb governs the roles
        for token in sorted({t.i: t for t in lights + [h.trigger for h in found.values()]}.values(), key=lambda t: t.i):
            lemma = next((lem for lem in _lemmas(token) if lem in self.book.light), _lemma(token))
            light = lemma in self.book.light and (
                not self.book.light[lemma] or self.book.light[lemma] in {_lemma(c) for c in token.children}
            )
            own = found.get(token.i)
            if own is not None and own.nominal:
                continue
            for obj in _object_nouns(token):
                noun_hit = found.get(obj.i)
                if noun_hit is None or not noun_hit.nominal or obj.i in consumed:
                    continue
                if own is not None and own.pattern.is_frame:
                    continue  # a frame's object is its nested action, handled below
                if own is not None and not own.pattern.nested_only:
                    consumed.add(obj.i)  # "fired rockets": the verb's own pattern already says it
                elif light and obj.dep_ != "acl" and token.dep_ != "acl":
                    noun_hit.governor = token
                    noun_hit.light = True
                    noun_hit.reason += f" with light verb '{lemma}'"
                break

        # a violent noun as subject/agent of a result verb: "airstrikes killed 14"
        for hit in list(found.values()):
            if hit.nominal or _lemma(hit.trigger) not in RESULT_VERBS:
                continue
            for arg in _instrument_args(hit.trigger):
                noun_hit = found.get(arg.i)
                if noun_hit is not None and noun_hit.nominal and noun_hit.code[:2] in VIOLENT_ROOTS:
                    hit.code = noun_hit.code
                    hit.instrument = arg
                    hit.reason = f"{noun_hit.reason} as instrument of '{_lemma(hit.trigger)}'"
                    consumed.add(arg.i)
                    break
        # "bombed a camp, killing 14": the killing is the same event
        for hit in found.values():
            head = hit.trigger.head
            if (
                not hit.nominal
                and _lemma(hit.trigger) in RESULT_VERBS
                and hit.trigger.dep_ in ("advcl", "conj")
                and head.i in found
                and found[head.i].code[:2] in VIOLENT_ROOTS
            ):
                consumed.add(hit.trigger.i)

        # frames take their code from the action they govern
        for hit in sorted(found.values(), key=lambda h: h.trigger.i):
            if not hit.pattern.is_frame or hit.trigger.i in consumed:
                continue
            nested = self._nested(hit, found, consumed)
            if nested is not None:
                refined = self.book.refine(hit.pattern.frame, nested.code)
                near = hit.trigger.i in (nested.trigger.head.i, nested.trigger.head.head.i)
                if refined and refined.startswith("113") and not near:
                    nested, refined = None, None  # only a call *for* sanctions/protest rallies opposition
            if nested is not None:
                hit.nested = nested
                consumed.add(nested.trigger.i)
                if refined:
                    hit.code = refined
                    hit.reason += f" {hit.pattern.frame} + {nested.reason} ({nested.code})"
                elif not hit.code:  # "hoped to investigate" is no investigation
                    consumed.add(hit.trigger.i)
            elif hit.pattern.frame == "appeal" and not any(
                c.dep_ in ("dobj", "dative", "prep", "obj", "prt", "xcomp")
                or (c.dep_ == "ccomp" and not any(m.lower_ in ("whether", "if") for m in c.children))
                for c in hit.trigger.children
            ):
                consumed.add(hit.trigger.i)  # "when asked whether ...": no one asked for anything
            if not hit.code:
                consumed.add(hit.trigger.i)  # weak frames ("hope to") need a nested action

        # deontic modals in reported speech are appeals by the speaker: "X must exercise restraint";
        # cooperation or force in the future tense is a statement of intent (CAMEO 03x / 13x)
        for hit in found.values():
            if hit.trigger.i in consumed or hit.pattern.is_frame or hit.speaker_source:
                continue
            clause = hit.governor
            if hit.nominal and not hit.light and hit.trigger.dep_ in ("dobj", "nsubjpass"):
                clause = hit.trigger.head  # "would tighten the blockade": the verb's tense is the noun's
            aux = _aux_lemmas(clause)
            reported = _quote_at(quotes, hit.trigger.idx) is not None or any(
                _lemma(a) in SAY_LEMMAS for a in clause.ancestors
            )
            if reported and "would" in aux:
                aux.add("will")  # "said they would ...": the future of reported speech
            if aux & (FUTURE_AUX | HYPOTHETICAL_AUX) and _conditional(clause) and hit.code[:2] in INTENT_ROOTS:
                # "will withdraw ... unless", "may halt ... if": a conditional promise is a threat
                hit.code = self.book.refine("threaten", hit.code) or "130"
                hit.intent = True
                hit.reason += " in a conditional future: a threat"
                continue
            negated = _negated(clause)
            if reported and aux & DEONTIC_AUX and not negated:
                # "must" demands, "should" appeals; calls for restraint are appeals (CAMEO 0256)
                frame = "demand" if "must" in aux and not hit.code.startswith("087") else "appeal"
                refined = self.book.refine(frame, hit.code)
                if refined:
                    hit.code = refined
                    hit.speaker_source = True
                    hit.reason += f" under '{'must' if frame == 'demand' else 'should'}' in reported speech: an {frame}"
            elif negated and aux & (FUTURE_AUX | HYPOTHETICAL_AUX) and hit.code[:2] in ("04", "05", "06", "07", "08"):
                refined = self.book.refine("reject", hit.code)
                if refined:
                    hit.code = refined
                    hit.intent = True
                    hit.reason += " negated in the future tense: a refusal"
            elif aux & FUTURE_AUX and not negated and hit.code[:2] in INTENT_ROOTS:
                refined = self.book.refine("intent", hit.code)
                if refined:
                    hit.code = refined
                    hit.intent = True
                    hit.reason += " in the future tense: a statement of intent"
        for hit in found.values():
            if "subj" in hit.pattern.target:
                hit.speaker_source = True
        return [
            hit
            for i, hit in sorted(found.items())
            if i not in consumed and hit.code and not (hit.pattern.nested_only and not hit.light)
        ]

    def _nested(self, hit: Hit, found: dict[int, Hit], consumed: set[int]) -> Hit | None:
        """The trigger of the action a frame word governs (its complement or object)."""
        token = hit.trigger
        queue: list = []
        for child in token.children:
            if child.dep_ in NESTED_DEPS or child.dep_ in ("pobj", "nsubj"):
                queue.append(child)
            elif child.dep_ == "prep" and _lemma(child) in ("for", "to", "on", "upon", "with", "of"):
                queue.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        seen = 0
        while queue and seen < 24:
            node = queue.pop(0)
            seen += 1
            candidate = found.get(node.i)
            if candidate is not None and candidate.trigger.i not in consumed and candidate is not hit:
                if candidate.pattern.is_frame and candidate.nested is not None:
                    return candidate
                if not candidate.pattern.is_frame:
                    return candidate
            for child in node.children:
                if child.dep_ in ("xcomp", "ccomp", "acl", "relcl", "dobj", "conj", "advcl", "pcomp"):
                    queue.append(child)
                elif child.dep_ in ("nsubj", "nsubjpass") and node.pos_ in ("VERB", "AUX"):
                    queue.append(child)
                elif child.dep_ == "prep" and _lemma(child) in ("for", "to", "of", "on"):
                    queue.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        return None

    # ------------------------------------------------------------------ roles

    def _actor(self, token: "Token", record: ArticleRecord) -> Actor | None:
        cache = self._cache.setdefault(id(record), {})
        if token.i not in cache:
            cache[token.i] = self._find_actor(token, record)
        return cache[token.i]

    def _find_actor(self, token: "Token", record: ArticleRecord) -> Actor | None:
        start, end = _core_span(token)
        actor = actor_at(record, start, end)
        if actor is None:  # "the Democratic People's Republic of Korea (DPRK)": the short name
            for child in token.children:
                if child.dep_ == "appos":
                    actor = actor_at(record, *_core_span(child))
                    break
        if actor is None:  # "the government of Gondor", "attacks by Hamas": the phrase names who
            for child in token.children:
                if child.dep_ in ("prep", "agent") and child.lower_ in ("of", "by", "with", "for", "from"):
                    actor = actor_at(record, start, max(end, child.right_edge.idx + len(child.right_edge)))
                    break
        if actor is None and token.pos_ == "NOUN":  # "security forces in Guinea": a group where it is
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "in":
                    place = next((c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "GPE"), None)
                    if place is not None:
                        actor = actor_at(record, *_core_span(place))
                    break
        return actor

    def _actors(self, tokens: list["Token"], record: ArticleRecord, places: bool = False) -> list[Actor]:
        actors: list[Actor] = []
        for token in tokens:
            for member in (token, *token.conjuncts):
                actor = self._actor(member, record)
                if actor is None and places:
                    actor = _place_actor(member, record)
                if actor is not None and all(_actor_key(actor) != _actor_key(a) for a in actors):
                    actors.append(actor)
        return actors

    def _roles(self, hit: Hit, record: ArticleRecord) -> tuple[list["Token"], list["Token"]]:
        """Tokens for the source and the target of an event."""
        gov = hit.governor
        preps = tuple(p for p in hit.pattern.target if p != "subj")
        violent = hit.code[:2] in VIOLENT_ROOTS
        if hit.speaker_source:  # "Hamas will pay a heavy price", "X must exercise restraint"
            return [], _subject_tokens(gov) or [c for c in gov.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if hit.nominal and gov.i == hit.trigger.i:
            return self._nominal_roles(hit, preps, violent)
        sources: list = []
        targets: list = []
        passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in gov.children)
        if hit.instrument is not None:  # "airstrikes killed 14", "were killed by airstrikes"
            noun = hit.instrument
            sources, targets = self._nominal_roles(hit, (), True, noun)
            if passive:
                targets = [c for c in gov.children if c.dep_ in PASSIVE_SUBJECT_DEPS] or targets
            else:
                direct = _prep_objects(gov, ("to",)) if _lemma(gov) == "deal" else [
                    c for c in gov.children if c.dep_ in ("dobj", "obj")
                ]
                targets = direct or targets or _prep_objects(gov, ("in",))
            if not sources and not passive:
                sources = [t for t in _subject_tokens(gov) if t.i != noun.i]
            return sources, targets
        if passive:
            for child in gov.children:
                if child.dep_ == "agent":
                    sources.extend(c for c in child.children if c.dep_ == "pobj")
            targets = [c for c in gov.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        else:
            sources = _subject_tokens(gov)
        if gov.dep_ == "acl" and gov.tag_ == "VBN":  # "rockets launched from Gaza", "the camp bombed by ..."
            if _lemma(gov.head) in hit.pattern.objects or gov.head.i in (hit.trigger.i,):
                sources = sources or (_prep_objects(gov, ("from",)) if violent else [])
                owner = _casualty_owner(gov.head) if violent else None
                if owner is not None:
                    targets = targets or [owner]
            else:
                targets = targets or [gov.head]
            sources = [t for t in sources if t.i != gov.head.i]
        if gov.i != hit.trigger.i:  # light verb: the noun's own prepositions first
            targets = targets or _prep_objects(hit.trigger, preps or DEFAULT_TARGET_PREPS)
            by_agent = _prep_objects(hit.trigger, ("by",))
            sources = by_agent or sources
        if not passive:
            for spec in (*preps, "dative", "dobj", *DEFAULT_TARGET_PREPS):
                if targets:
                    break
                if spec in ("dobj", "dative"):
                    deps = ("dobj", "obj", "dative") if spec == "dobj" else ("dative",)
                    targets = [c for c in gov.children if c.dep_ in deps and c.i != hit.trigger.i]
                else:
                    targets = _prep_objects(gov, (spec,))
        if not targets and violent:
            targets = _prep_objects(gov, ("in",))
        if violent and not sources:
            sources = _prep_objects(gov, ("from",))
        if not targets and hit.pattern.frame in ("appeal", "demand", "reject", "accuse"):
            for child in gov.children:  # "demanded that the US cancel ...": who is asked
                if child.dep_ in ("ccomp", "xcomp"):
                    targets = [c for c in child.children if c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS]
                    if targets:
                        break
        if not targets and hit.pattern.is_frame:  # "threatened to cut off electricity to X"
            for child in gov.children:
                if child.dep_ == "xcomp":
                    targets = _prep_objects(child, ("to", "against", "on", "at", "into", "with", "in")) or [
                        c for c in child.children if c.dep_ in ("dobj", "dative")
                    ]
                    break
        if hit.nested is not None and not targets:
            nested_sources, nested_targets = self._roles(hit.nested, record)
            if hit.pattern.frame in ("appeal", "demand", "accuse"):
                own = {t.i for t in sources}
                targets = [t for t in nested_sources if t.i not in own] or nested_targets
            else:
                targets = nested_targets
        return sources, targets

    def _nominal_roles(self, hit: Hit, preps: tuple, violent: bool, noun: "Token | None" = None):
        """Source and target of an event noun: "Israeli airstrikes in Gaza", "rocket attacks by Hamas"."""
        noun = noun if noun is not None else hit.trigger
        sources: list = []
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and _lemma(child) not in hit.pattern.objects:
                if child.pos_ in ("PROPN", "ADJ", "NOUN"):
                    sources.append(child)
            elif child.dep_ in ("prep", "agent") and _lemma(child) == "by":
                sources.extend(c for c in child.children if c.dep_ == "pobj")
        if violent and not sources:
            sources = _prep_objects(noun, ("from",))
            for child in noun.children:  # "rockets launched from Gaza"
                if child.dep_ == "acl" and not sources:
                    sources = _prep_objects(child, ("from", "by"))
        targets = _prep_objects(noun, preps or DEFAULT_TARGET_PREPS)
        if not targets and violent:
            targets = _prep_objects(noun, ("on", "against", "at", "toward", "towards", "into"))
        head = noun.head
        if violent and noun.dep_ == "pobj" and head.dep_ == "prep" and _lemma(head) in ("from", "by", "in"):
            owner = _casualty_owner(noun)
            if owner is not None:  # "Israeli fatalities from rockets"
                targets = targets or [owner]
            elif head.head.pos_ == "VERB":  # "were killed in airstrikes"
                targets = targets or [t for t in head.head.children if t.dep_ in PASSIVE_SUBJECT_DEPS | {"dobj"}]
        if not targets and violent:
            targets = _prep_objects(noun, ("in",))
        return sources, targets

    # ------------------------------------------------------------------ events

    def _events(
        self, hit: Hit, sent: "SpacySpan", record: ArticleRecord, quotes: list[Quote], memory: dict
    ) -> list[Event]:
        source_tokens, target_tokens = self._roles(hit, record)
        quote = _quote_at(quotes, hit.trigger.idx)
        speaker, channel = None, None
        if quote is not None:
            speaker, channel = self._principal(quote, record)
        sources = self._actors(source_tokens, record)
        pronoun_only = bool(source_tokens) and all(t.pos_ == "PRON" for t in source_tokens)
        verbal = not hit.nominal or hit.light
        if hit.speaker_source or (verbal and not sources and (not source_tokens or pronoun_only)):
            principal = speaker if quote is not None else self._reporting_subject(hit.governor, record)
            if hit.speaker_source:
                sources = [principal] if principal is not None else []
            elif principal is not None and (quote is not None or pronoun_only):
                sources = [principal]
            speaker = principal
        targets = self._actors(target_tokens, record, places=True)
        if not targets and hit.code[:2] in LOCATED_TARGET_ROOTS:  # "struck targets in Syria", "lifted a curfew in X"
            targets = self._actors(
                _prep_objects(hit.governor, ("in",)) or _prep_objects(hit.trigger, ("in",)), record, places=True
            )
        if not targets and len(sources) > 1 and hit.code.startswith(RECIPROCAL_ROOTS):
            # "France and Germany signed an agreement": each is the other's partner
            return [
                event
                for source in sources
                for event in self._events_for(hit, sent, record, quote, speaker, channel, [source],
                                              [s for s in sources if s is not source])
            ]
        if not targets and target_tokens:  # "condemned the strikes": whoever carried them out
            for token in target_tokens:
                earlier = memory.get(_lemma(token))
                if earlier is not None:
                    targets = [earlier]
                    break
        return self._events_for(hit, sent, record, quote, speaker, channel, sources, targets)

    def _events_for(self, hit, sent, record, quote, speaker, channel, sources, targets) -> list[Event]:
        modality, negated = _modality(hit)
        if hit.speaker_source and modality == "future":
            modality = "asserted"
        entry = self.codes.get(hit.code)
        plover_type, plover_mode = self.codes.plover_of(hit.code)
        trigger = _trigger_span(hit)
        evidence = Span(start=sent.start_char, end=sent.end_char, text=sent.text)
        date, precision = (record.date, "day") if record.date else (None, "unknown")
        if any(sent.start_char <= t.start < sent.end_char for t in record.times):
            date, precision = governing_time(record, sent.doc, trigger.start, trigger.end)
            if date is None and record.date:
                date, precision = record.date, "day"
        place = None  # where it happened matters for material events and meetings, not for statements
        material = hit.code[:2] in PLACED_ROOTS
        if material and any(sent.start_char <= p.start < sent.end_char for p in record.places):
            place = governing_place(record, sent.doc, trigger.start, trigger.end)
        confidence = 0.9 if sources and targets else 0.7 if sources or targets else 0.5
        if modality != "asserted":
            confidence -= 0.2
        claimed_by = (quote.speaker_name or (quote.speaker.text if quote.speaker else None)) if quote else None

        def make(source: Actor | None, target: Actor | None) -> Event:
            return Event(
                cameo=hit.code,
                quad_class=entry.quad_class if entry else None,
                goldstein=entry.goldstein if entry else None,
                plover_type=plover_type,
                plover_mode=plover_mode,
                source=source,
                target=target,
                date=date,
                date_precision=precision if date else "unknown",
                place=place,
                negated=negated,
                modality=modality,
                claimed_by=claimed_by,
                channel=channel if (source is not None and speaker is not None and source is speaker) else None,
                trigger=trigger,
                evidence=evidence,
                confidence=round(confidence, 2),
                reason=hit.reason,
            )

        events = [
            make(source, target)
            for source in sources or [None]
            for target in targets or [None]
            if source is None or target is None or _actor_key(source) != _actor_key(target)
        ]
        if not events and sources and targets:  # every pair was an actor with itself: keep the act
            targets = []
            events = [make(source, None) for source in sources]
        return events

    def _principal(self, quote: Quote, record: ArticleRecord) -> tuple[Actor | None, str | None]:
        """Whose statement a quote is, and the channel that relayed it (a spokesperson)."""
        speaker = quote.speaker_actor
        if speaker is None and quote.speaker is not None:
            speaker = actor_at(record, quote.speaker.start, quote.speaker.end)
        if quote.on_behalf_of:
            wanted = quote.on_behalf_of.lower()
            for actor in record.actors:
                names = {actor.name.lower(), actor.text.lower(), *(m.text.lower() for m in actor.mentions)}
                # a spokesperson speaks for their own organisation or government
                same_side = speaker is None or not speaker.code or not actor.code or actor.code[:3] == speaker.code[:3]
                if wanted in names and same_side:
                    return actor, quote.speaker_name or (quote.speaker.text if quote.speaker else None)
        return speaker, None

    def _reporting_subject(self, token: "Token", record: ArticleRecord) -> Actor | None:
        """The subject of the nearest "say"-type verb above the token."""
        for ancestor in token.ancestors:
            if _lemma(ancestor) in SAY_LEMMAS:
                actors = self._actors(_subject_tokens(ancestor), record)
                return actors[0] if actors else None
        return None

    def _set_acled(self, event: Event, cues: tuple[frozenset, str], local: list[tuple[frozenset, str]]) -> None:
        words, text = cues
        target = event.target
        civilian = bool(target and target.sector in ("CVL",))
        if event.cameo.startswith("03"):  # an intent is an ACLED agreement only when the words say so
            words, text = local[-1]
        result = self.acled.classify(event.cameo, words, text, target.sector if target else None, civilian, local)
        if result is not None:
            event.acled_event_type, event.acled_sub_event_type = result


# ---------------------------------------------------------------------- parse helpers


def _actor_key(actor: Actor | None) -> tuple | None:
    if actor is None:
        return None
    return (actor.code, actor.name)


def _depth(token: "Token") -> int:
    """Clause depth; a reporting verb after its clause ("X did Y, officials said/charged") does not count."""
    depth = 0
    node = token
    while node.head.i != node.i:
        if not (node.dep_ == "ccomp" and node.head.i > node.i):
            depth += 1
        node = node.head
    return depth


def _place_actor(token: "Token", record: ArticleRecord) -> Actor | None:
    """A located target ("arrived in Amman", "curfew in Abidjan") as the country of the gazetteer place."""
    start, end = _core_span(token)
    for place in record.places:
        if place.start < end and start < place.end and place.country:
            span = Span(start=place.start, end=place.end, text=place.text)
            return Actor(
                text=place.text, name=place.name or place.text, code=place.country, country=place.country,
                kind="country", start=place.start, end=place.end, mentions=[span],
                reason=f"place '{place.text}' in the gazetteer: its country",
            )
    return None


def _family(code: str) -> str:
    return "violence" if code[:2] in VIOLENT_ROOTS else code[:2]


def _anaphoric(hit: Hit, families: set[str]) -> bool:
    """A definite event noun without arguments ("the bombing") that refers back to a told event."""
    noun = hit.trigger
    if not hit.nominal or hit.light or (_family(hit.code) not in families and _lemma(noun) not in families):
        return False
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children):
        return False
    return not any(c.dep_ in ("poss", "amod", "compound", "prep", "nmod") for c in noun.children)


def _casualty_owner(noun: "Token") -> "Token | None":
    """"Israeli fatalities from rockets": the casualty noun a weapon noun hangs on."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and _lemma(head) in ("from", "by", "in"):
        if _lemma(head.head) in CASUALTY_NOUNS:
            return head.head
    return None


def _core_span(token: "Token") -> tuple[int, int]:
    """Character range of a noun phrase head with its own modifiers, without clauses or conjuncts."""
    keep = [token]
    stack = [c for c in token.children if c.dep_ not in ARG_STOP_DEPS]
    while stack:
        node = stack.pop()
        keep.append(node)
        stack.extend(c for c in node.children if c.dep_ not in ARG_STOP_DEPS)
    start = min(t.idx for t in keep)
    last = max(keep, key=lambda t: t.idx)
    return start, last.idx + len(last.text)


def _object_lemmas(token: "Token") -> frozenset[str]:
    """Lemmas that can satisfy a pattern's object constraint: objects, complements, modifiers."""
    out: set[str] = set()
    for child in token.children:
        dep = child.dep_
        if dep in OBJECT_DEPS or dep in ("xcomp", "ccomp", "acomp", "compound", "amod", "nmod", "npadvmod", "nsubjpass", "advmod"):
            out.add(_lemma(child))
            out.add(child.lower_)
            out.update(_lemma(g) for g in child.children if g.dep_ in ("compound", "amod"))
        elif dep in ("prep", "agent"):
            out.add(_lemma(child))
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    out.add(_lemma(grand))
                    out.update(_lemma(g) for g in grand.children if g.dep_ in ("compound", "amod"))
        if dep in ("dobj", "obj"):  # "handed over 700 kg of medicine"
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    out.update(_lemma(g) for g in prep.children if g.dep_ == "pobj")
        if dep == "ccomp":
            out.add("<ccomp>")  # "denied that ...": a clause as object
        if dep == "oprd":
            out.add("<oprd>")  # "called the bombing a provocation": a predicate on the object
    if token.dep_ in ("dobj", "pobj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN"):
        out.add(_lemma(token.head))  # "held a summit": let the noun see its verb
    if token.dep_ == "acl":
        out.add(_lemma(token.head))  # "rockets launched from Gaza": the verb sees its noun
    return frozenset(out)


def _object_nouns(token: "Token") -> list["Token"]:
    out = []
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            out.append(child)
            out.extend(child.conjuncts)
        elif child.dep_ == "prep" and _lemma(child) in ("in", "of"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    if token.dep_ == "acl":
        out.append(token.head)
    return out


def _instrument_args(verb: "Token") -> list["Token"]:
    out = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    for child in verb.children:
        if child.dep_ in ("agent", "prep") and _lemma(child) in ("by", "in"):
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _prep_objects(token: "Token", preps: Iterable[str]) -> list["Token"]:
    wanted = tuple(preps)
    found: dict[str, list] = {}
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and _lemma(child) in wanted:
            found.setdefault(_lemma(child), []).extend(
                c for c in child.children if c.dep_ in ("pobj", "pcomp") and c.ent_type_ not in TIME_ENTS
            )
        elif child.dep_ == "dobj" and "dobj" in wanted:
            found.setdefault("dobj", []).append(child)
    for prep in wanted:
        if found.get(prep):
            return found[prep]
    return []


def _subject_tokens(token: "Token", depth: int = 0) -> list["Token"]:
    """The subject of a verb, climbing through control verbs, conjunctions and relative clauses."""
    subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
    if subjects or depth > 4:
        return subjects
    head = token.head
    if head.i == token.i:
        return []
    if token.dep_ == "xcomp" or (token.dep_ == "advcl" and token.tag_ == "TO"):
        if _lemma(head) in OBJECT_CONTROL:
            objects = [c for c in head.children if c.dep_ in ("dobj", "obj")]
            objects += _prep_objects(head, ("on", "upon"))
            if objects:
                return objects
        return _subject_tokens(head, depth + 1)
    if token.dep_ in ("conj", "advcl", "xcomp", "ccomp", "pcomp"):
        if token.dep_ == "ccomp":
            return []
        return _subject_tokens(head, depth + 1)
    if token.dep_ in ("acomp", "attr", "oprd"):  # "Norway is willing to ...", "is a threat"
        return _subject_tokens(head, depth + 1)
    if token.dep_ == "relcl":
        return [head]
    if token.dep_ == "acl" and token.tag_ in ("VBG", "VB"):
        return [head]
    return []


def _aux_lemmas(token: "Token") -> set[str]:
    out = set()
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("aux", "auxpass", "neg"):
                out.add(child.lower_ if child.lower_ in ("wo", "'ll", "n't") else _lemma(child))
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
        else:
            break
    return out


def _conditional(token: "Token") -> bool:
    """An "if"/"unless" clause hangs on the verb (or the verb it is coordinated with)."""
    node = token
    for _ in range(3):
        for child in node.children:
            if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                return True
        if node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            node = node.head
        else:
            break
    return False


def _negated(token: "Token") -> bool:
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        if node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
            node = node.head
        else:
            break
    return False


def _modality(hit: Hit) -> tuple[str, bool]:
    gov = hit.governor
    if hit.intent:  # recoded as a statement of intent or a refusal: that statement was made
        return "asserted", False
    if _negated(gov) or (hit.trigger.i != gov.i and _negated(hit.trigger)):
        return "negated", True
    for ancestor in gov.ancestors:
        if _lemma(ancestor) == "deny" and ancestor.pos_ == "VERB":
            return "denied", False
        if ancestor.dep_ not in ("ccomp", "xcomp", "conj", "advcl", "relcl") and ancestor.head.i == ancestor.i:
            break
    node = gov
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "conditional", False
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in node.children):
            return "hypothetical", False
        if node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            node = node.head
        else:
            break
    if hit.pattern.is_frame or hit.intent:  # the frame itself (a threat, a promise) is asserted
        return "asserted", False
    aux = _aux_lemmas(gov)
    if aux & FUTURE_AUX:
        return "future", False
    if aux & HYPOTHETICAL_AUX:
        return "hypothetical", False
    return "asserted", False


def _quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    for quote in quotes:
        if quote.content.start <= offset < quote.content.end:
            return quote
    return None


def _trigger_span(hit: Hit) -> Span:
    tokens = [hit.trigger]
    if hit.governor.i != hit.trigger.i and abs(hit.governor.i - hit.trigger.i) <= 6:
        tokens.append(hit.governor)
    if hit.instrument is not None and abs(hit.instrument.i - hit.trigger.i) <= 6:
        tokens.append(hit.instrument)
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    doc = first.doc
    return span_of(doc[first.i : last.i + 1])


def _sentence_cues(sent: "SpacySpan") -> tuple[frozenset, str]:
    words = [t for t in sent if not t.is_punct and t.ent_type_ not in TIME_ENTS]  # "12 March" is no march
    lemmas = [t.lemma_.lower() for t in words]
    lowers = [t.lower_ for t in words]
    words = frozenset(lemmas) | frozenset(lowers)
    text = " " + " ".join(lemmas) + " | " + " ".join(lowers) + " "
    return words, text


def _local_cues(hit: Hit) -> list[tuple[frozenset, str]]:
    """Cue scopes, narrowest first: the trigger with its subject, object and modifiers;
    then also its other direct arguments (prepositional objects...)."""
    heads = [t for t in (hit.trigger, hit.governor, hit.instrument) if t is not None]
    core = list(heads)
    wider = list(heads)
    for head in heads:
        for child in head.children:
            if child.dep_ in ("ccomp", "advcl", "relcl", "conj", "parataxis", "punct", "cc", "mark"):
                continue
            group = [child, *(g for g in child.children if g.dep_ in ("compound", "amod", "pobj", "poss"))]
            wider.extend(group)
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "compound", "amod", "agent", "poss", "prt"):
                core.extend(group)
        if head.dep_ in ("acl", "amod", "compound", "dobj", "pobj"):
            core.append(head.head)
            wider.append(head.head)
    scopes = [_cue_scope(core), _cue_scope(wider)]
    own = hit.pattern.lemma  # the pattern's own word, whatever the tagger made of the form
    return [(words | {own}, text + own + " ") for words, text in scopes]


def _cue_scope(tokens: list) -> tuple[frozenset, str]:
    tokens = sorted({t.i: t for t in tokens if t.ent_type_ not in TIME_ENTS}.values(), key=lambda t: t.i)
    lemmas = [t.lemma_.lower() for t in tokens]
    lowers = [t.lower_ for t in tokens]
    return frozenset(lemmas) | frozenset(lowers), " " + " ".join(lemmas) + " | " + " ".join(lowers) + " "
