"""Quotes: who said what, direct, indirect or mixed, attributed to a resolved speaker.

One pass over the sentences of the parsed Doc:

1. Quotation marks are paired once over the text (straight, curly, guillemets,
   doubled single quotes); a quote that runs over several paragraphs (an
   opening mark and no closing one at the paragraph end, the next paragraph
   opening again) is one quote. Unbalanced marks never raise.
2. Cue words from ``ontology/speech_cues.csv`` (say, tell, warn, call for,
   according to, ...) anchor attributions: the grammatical subject is the
   speaker, the clausal complement (or an adjacent quotation, or the object
   for stance verbs) is the content. Content that touches a quotation is
   widened to the whole quotation, marks included.
3. Quotations no cue claimed are floating quotes: a quoted paragraph (or a
   sentence quoting someone with no cue of its own) continues the previous
   speaker.
4. Speakers are resolved: names through the actors found earlier
   (``actor_at``) or the named entity in the mention, pronouns ("he", "she",
   "they") to the latest compatible speaker, "the spokesman" to the latest
   spokesperson. When a spokesperson relays a named person's or body's
   position, ``on_behalf_of`` names them.
"""

from __future__ import annotations

import bisect
import csv
import importlib.resources
import io
import json
import logging
import re
from dataclasses import dataclass, field

from ..records import Actor, ArticleRecord, Quote, Span
from .base import Extractor, actor_at

log = logging.getLogger(__name__)

OPENING = {"“", "„", "«", "``", "‘‘", "‹"}
CLOSING = {"”", "»", "''", "’’", "›"}
STRAIGHT = {'"'}
_QUOTE_MARK = re.compile(r"``|''|‘‘|’’|[\"“”„«»‹›]")
_EDGE_PUNCT = set(",.;:-—–()[]")
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
_COLON_LINE = re.compile(
    r"^[\"“]?(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})(?P<colon>:)[ \t\xa0]+(?P<content>[^\n]+)$", re.MULTILINE)
_HEADLINE_COLON = re.compile(
    r"^\s*(?P<name>[A-Z][\w.'’&-]*(?: [\w.'’&-]+){0,3})(?P<colon>:)[ \t\xa0]+(?P<content>[^\n]+)")
_DASH_SIGNATURE = re.compile(
    r"[ \t\xa0]*(?P<dash>[―—–])[ \t\xa0]*(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\.?[ \t\xa0]*(?=\n|$)")
_NOT_SPEAKERS = {"update", "note", "photo", "photos", "video", "watch", "read", "source", "sources", "editor's note",
                 "related", "correction", "clarification", "caption", "credit", "warning", "q", "a", "see also"}
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|Inc|Corp|Ltd|Bros|Co)\.$")
_AFTER_COLON = re.compile(r"[ \t\xa0]*:[ \t\xa0]*(?P<rest>[^\n]{3,})")
_OCCASION_PREPS = {"at", "during", "after", "before", "in", "on", "while"}
_TRAILING_CONJ = re.compile(r"[\s,;]+(?:and|but|or|nor|yet)$")
_CONTENT_OBJECT_DEPS = {"dobj", "xcomp", "ccomp", "prep", "attr", "oprd", "dative", "obj", "pcomp"}


def _read(name: str) -> str:
    return importlib.resources.files("eventwire.ontology").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    cls: str
    content: str
    particles: frozenset


def load_cues(text: str | None = None) -> dict[str, CueEntry]:
    """The cue lexicon: lemma -> entry (CSV with lemma, class, content, particles)."""
    text = text if text is not None else _read("speech_cues.csv")
    rows = csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if l and not l.startswith("#"))))
    cues = {}
    for row in rows:
        lemma = row["lemma"].strip().lower()
        particles = frozenset(p for p in (row.get("particles") or "").strip().split("|") if p)
        cues[lemma] = CueEntry(lemma, row["class"].strip(), row["content"].strip(), particles)
    return cues


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Pair quotation marks: (start, end) spans including the marks.

    Straight quotes alternate; curly ones have a direction (a closing mark
    followed by a word, as some typesetting does, opens). A quote left open at
    a paragraph end continues when the next paragraph opens with a mark
    (the news convention for multi-paragraph quotes), else ends there. Each
    paragraph's part of a multi-paragraph quote is its own span.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    paragraphs = text.split("\n")
    for para in paragraphs:
        start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        open_at = None
        for m in _QUOTE_MARK.finditer(para):
            mark, at = m.group(), start + m.start()
            before = para[m.start() - 1] if m.start() > 0 else " "
            after = para[m.end()] if m.end() < len(para) else " "
            if mark in STRAIGHT:
                is_open = open_at is None and not (before.isalnum() and not after.isalnum())
            elif mark in OPENING:
                is_open = True
            else:
                is_open = open_at is None and before.isspace() and after.isalnum()
            if is_open:
                open_at = at  # a second opening mark restarts an unclosed quote
            elif open_at is not None:
                spans.append((open_at, start + m.end()))
                open_at = None
        if open_at is not None:
            end = start + len(para.rstrip())
            if end - open_at > 1:
                spans.append((open_at, end))
    return spans


@dataclass
class _Speaker:
    span: Span
    name: str | None
    gender: str | None
    kind: str  # person | group | org | unknown
    spokes: bool
    actor: Actor | None = None
    indefinite: bool = False


@dataclass
class _Found:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    cue_lemma: str | None
    speaker: _Speaker | None
    content_root: object = None
    extra: list = field(default_factory=list)
    more: list = field(default_factory=list)  # further fragments of a content split by its cue


class QuoteExtractor(Extractor):
    """Finds direct, indirect and mixed quotes with their speaker, cue and content."""

    name = "quotes"
    assigns = "quotes"

    def __init__(self, *, cues: str | None = None, speakers: str | None = None, min_floating_words: int = 4):
        self.cues = load_cues(cues)
        data = json.loads(speakers if speakers is not None else _read("speech_speakers.json"))
        self.phrase_cues = [(tuple(p["words"]), p["class"]) for p in data.get("phrase_cues", [])]
        self.spokes_nouns = set(data["spokesperson_nouns"])
        self.spokes_phrases = [p.lower() for p in data["spokesperson_phrases"]]
        self.pronouns = data["pronouns"]
        self.male = set(data["male_words"]) | set(data["male_first_names"])
        self.female = set(data["female_words"]) | set(data["female_first_names"])
        self.plural_heads = set(data["plural_speaker_heads"])
        self.principal_heads = set(data.get("principal_heads", []))
        self.occasion_nouns = set(data.get("occasion_nouns", []))
        self.min_floating_words = min_floating_words

    # ------------------------------------------------------------ find

    def find(self, doc, record: ArticleRecord) -> list[Quote]:
        try:
            return self._find(doc, record)
        except Exception:  # odd text must never sink an article
            log.exception("quote extraction failed for %s", record.id)
            return []

    def _find(self, doc, record: ArticleRecord) -> list[Quote]:
        text = self._text = doc.text  # Doc.text is rebuilt on every access: read it once
        quotes = self._quotes = find_quotations(text)
        claimed = bytearray(len(text) + 1)  # 1 where a content or cue already is
        found: list[_Found] = []
        history: list[_Speaker] = []
        ents_by_token = {}
        for ent in doc.ents:
            for tok in ent:
                ents_by_token[tok.i] = ent
        self._ents = ents_by_token
        self._record = record
        self._doc = doc

        for item in self._punctuation_cues(text, quotes, history):
            for fa, fb in [item.content, item.cue, (item.speaker.span.start, item.speaker.span.end)]:
                claimed[fa:fb] = b"\x01" * (fb - fa)
            found.append(item)
        for sent in doc.sents:
            found.extend(self._sentence(sent, quotes, claimed, history))
        found.sort(key=lambda f: f.content[0])
        # quotations no cue claimed: floating quotes continuing the previous speaker
        starts = [t.idx for t in doc]
        for qa, qb in quotes:
            if any(claimed[qa:qb]):
                continue
            prev = None
            for item in found:
                if item.content[1] <= qa:
                    prev = item
            if prev is None or prev.speaker is None:
                continue
            sent = doc[max(0, bisect.bisect_right(starts, qa) - 1)].sent
            item = self._floating(qa, qb, sent, quotes, prev)
            if item is not None:
                a, b = item.content
                claimed[a:b] = b"\x01" * (b - a)
                found.append(item)
                found.sort(key=lambda f: f.content[0])

        self._resolve_indefinite(found, history)
        for item in list(found):
            for frag in item.more:
                found.append(_Found(item.kind, frag, item.cue, item.cue_lemma, item.speaker, item.content_root, item.extra))
        found.sort(key=lambda f: f.content[0])
        return [self._to_record(text, item) for item in found]

    # ------------------------------------------------------------ cues

    def _punctuation_cues(self, text, quotes, history) -> list[_Found]:
        """Attributions marked by punctuation: transcripts ("WALLACE: ..."), headlines
        ("Pence: ..."), and a quotation signed with a dash ('"..." ― Carla Sanchez')."""
        out = []
        headline = _HEADLINE_COLON.match(text)
        matches = list(_COLON_LINE.finditer(text))
        if headline is not None:
            matches = [headline] + [m for m in matches if m.start("name") != headline.start("name")]
        for m in matches:
            name_a, name_b = m.span("name")
            name = m.group("name")
            if name.lower() in _NOT_SPEAKERS:
                continue
            span = self._doc.char_span(name_a, name_b, alignment_mode="expand")
            if span is None or not (name.isupper() and len(name) > 2 or self._best_ent(span) is not None
                                    or m.re is _HEADLINE_COLON):
                continue  # a headline's "Poll: ...", "Clinton camp: ..." names its source
            a, b = m.span("content")
            while b > a and text[b - 1] in " \t\xa0\"”.":
                b -= 1
            if text[b:b + 1] in ".":
                pass
            if b - a < 2:
                continue
            speaker = self._make_speaker(span, history)
            history.append(speaker)
            out.append(_Found("direct", (a, b), (m.start("colon"), m.end("colon")), ":", speaker))
        for qa, qb in quotes:
            m = _DASH_SIGNATURE.match(text, qb)
            if m is None:
                continue
            span = self._doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
            if span is None:
                continue
            speaker = self._make_speaker(span, history)
            history.append(speaker)
            out.append(_Found("direct", (qa, qb), (m.start("dash"), m.end("dash")), "sign", speaker))
        return out

    def _cue_tokens(self, sent):
        """(token, entry, extra cue tokens) for each cue in the sentence, outermost first."""
        out = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            entry = self.cues.get(lemma)
            if entry is not None and tok.pos_ in ("VERB", "AUX") or (entry and tok.tag_.startswith("VB")):
                if lemma in ("have", "be", "do"):
                    continue
                out.append((tok, entry, "verb"))
        for words, cls in self.phrase_cues:
            n = len(words)
            for i in range(sent.start, sent.end - n + 1):
                if all(sent.doc[i + k].lower_ == w for k, w in enumerate(words)):
                    out.append((sent.doc[i], CueEntry(" ".join(words), cls, "clause", frozenset()), "phrase"))
        # interposed cues ("X, he said, Y") first, then outermost first
        out.sort(key=lambda item: (0 if item[2] == "phrase" else 1,
                                   0 if item[0].dep_ == "parataxis" and item[0].head.i > item[0].i else 1,
                                   _depth(item[0])))
        return out

    def _sentence(self, sent, quotes, claimed, history) -> list[_Found]:
        results = []
        failed = []
        for tok, entry, how in self._cue_tokens(sent):
            if claimed[tok.idx]:
                continue
            if _inside(tok.idx, quotes):
                continue  # a cue inside quoted words belongs to the quoted speaker
            if how == "phrase":
                item = self._phrase_attribution(tok, entry, sent, quotes, history)
            else:
                item = self._verb_attribution(tok, entry, sent, quotes, history)
            if item is None:
                if how == "verb" and entry.cls == "speech":
                    failed.append((tok, entry))
                continue
            a, b = item.content
            if any(claimed[a:b]) or (item.cue and any(claimed[item.cue[0]:item.cue[1]])):
                continue
            # mark now so inner cues are not taken again within this sentence
            for fa, fb in [item.content] + item.more:
                claimed[fa:fb] = b"\x01" * (fb - fa)
            if item.cue:
                claimed[item.cue[0]:item.cue[1]] = b"\x01" * (item.cue[1] - item.cue[0])
            results.append(item)
            if item.speaker is not None:
                history.append(item.speaker)
        for tok, entry in failed:
            item = self._orphan_quote(tok, entry, sent, quotes, claimed, history)
            if item is not None:
                a, b = item.content
                claimed[a:b] = b"\x01" * (b - a)
                results.append(item)
                if item.speaker is not None:
                    history.append(item.speaker)
        return sorted(results, key=lambda f: f.content[0])

    def _orphan_quote(self, verb, entry, sent, quotes, claimed, history) -> _Found | None:
        """A speech cue the parse gave no content, and a quotation of its sentence nobody claimed."""
        if claimed[verb.idx]:
            return None
        free = [(a, b) for a, b in quotes if sent.start_char <= a < sent.end_char and not any(claimed[a:b])
                and len(re.findall(r"\w+", self._text[a:b])) >= 3]
        if not free:
            return None
        qa, qb = min(free, key=lambda q: min(abs(q[0] - verb.idx), abs(q[1] - verb.idx)))
        cue = (verb.idx, verb.idx + len(verb))
        aux = [c for c in verb.lefts if c.dep_ in ("aux", "neg") and c.i >= verb.i - 3]
        if aux:
            cue = (min(c.idx for c in aux), cue[1])
        speaker = self._speaker_of(verb, history)
        return _Found("direct", (qa, qb), cue, entry.lemma, speaker)

    def _verb_attribution(self, verb, entry: CueEntry, sent, quotes, history) -> _Found | None:
        doc = verb.doc
        cue_toks = [verb]
        # auxiliaries, negation and adverbs right before the verb: "has also said", "later wrote"
        i = verb.i - 1
        while i >= sent.start and doc[i].head.i == verb.i and (
                (doc[i].dep_ in ("aux", "auxpass", "neg") and doc[i].is_lower)
                or (doc[i].dep_ == "advmod" and doc[i].tag_ == "RB" and doc[i].is_lower)):
            cue_toks.append(doc[i])
            i -= 1
        # a verb governing the cue: "continues to tell", "was prompted to say"
        head = verb.head
        if verb.dep_ == "xcomp" and head.i < verb.i and head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() not in self.cues and verb.i - head.i <= 4:
            cue_toks.extend(doc[head.i: verb.i])
            j = head.i - 1
            while j >= sent.start and doc[j].head.i == head.i and doc[j].dep_ in ("aux", "auxpass", "neg", "advmod") \
                    and doc[j].is_lower:
                cue_toks.append(doc[j])
                j -= 1
        particle = None
        for child in verb.rights:
            if child.dep_ == "prt" or (child.dep_ in ("prep", "agent") and child.lower_ in entry.particles):
                particle = child
                cue_toks.append(child)
                break
        cue = (min(t.idx for t in cue_toks), max(t.idx + len(t) for t in cue_toks))
        speaker = self._speaker_of(verb, history)
        content_root, content = self._content_of(verb, entry, particle, cue, sent, quotes)
        if content is None:
            return None
        more = []
        if isinstance(content, list):  # an interposed cue splits the content in two
            content, more = content[0], content[1:]
        content = self._trim_trailing_clause(doc, content)
        spk = speaker.span if speaker else None
        content = self._fit_content(self._text, content, quotes, cue, spk)
        more = [m for m in (self._fit_content(self._text, m, quotes, cue, spk) for m in more) if m]
        if content is None:
            if not more:
                return None
            content, more = more[0], more[1:]
        if content[1] <= cue[0] and not more:
            # '"We will win," he said, "because we are right."': the quotation goes on after the cue
            after = max(cue[1], spk.end if spk is not None and spk.start > cue[0] else cue[1])
            for qa, qb in quotes:
                if qa >= after and re.fullmatch(r"[\s,:;—-]*", self._text[after:qa]):
                    more.append((qa, qb))
                    break
        cue = self._extend_cue(verb, cue, content)
        return _Found("indirect", content, cue, entry.lemma, speaker, content_root, more=more)

    def _trim_trailing_clause(self, doc, content):
        """Drop a trailing aside: ", which expires next year", ", who ...", " — and why ..."."""
        span = doc.char_span(content[0], content[1], alignment_mode="expand")
        if span is None or len(span) < 4:
            return content
        for tok in span[2:]:
            prev = doc[tok.i - 1]
            if prev.text != ",":
                continue
            if tok.lower_ in ("while", "although", "though", "whereas") and tok.dep_ == "mark" \
                    and tok.head.right_edge.i >= span.end - 2 and not _inside(tok.idx, self._quotes):
                return (content[0], prev.idx)  # "..., while others disagree": the writer's contrast
            if tok.lower_ in ("a", "an", "the") and tok.head.dep_ in ("appos", "npadvmod") and tok.head.right_edge.i >= span.end - 2 \
                    and not _inside(tok.idx, self._quotes):
                return (content[0], prev.idx)  # "..., a claim others dispute": the writer's aside
            clause = tok
            for _ in range(6):
                up = clause.head
                if up.i == clause.i or up.left_edge.i != tok.i:
                    break
                clause = up
            if clause.right_edge.i < span.end - 2:
                continue
            if clause.dep_ == "relcl" or tok.lower_ in ("which", "who", "whose"):
                if _inside(tok.idx, self._quotes):
                    return content
                return (content[0], prev.idx)
        return content

    def _occasion(self, tok) -> bool:
        """'at a rally', 'in an interview with CNN': a phrase naming the occasion of the telling."""
        if tok.dep_ != "prep" or tok.lower_ not in _OCCASION_PREPS:
            return False
        return any(c.dep_ == "pobj" and c.lower_ in self.occasion_nouns for c in tok.children)

    def _is_cue(self, tok) -> bool:
        return tok.pos_ == "VERB" and tok.lemma_.lower() in self.cues

    def _extend_cue(self, verb, cue, content):
        """A cue runs up to its content: "said Monday that", "said in a statement:"."""
        if content[0] < cue[1] or content[0] - cue[1] > 80:
            return cue
        doc = verb.doc
        end = cue[1]
        for tok in doc[verb.i + 1:]:
            if tok.idx >= content[0]:
                break
            if tok.idx < cue[1]:
                continue
            if tok.is_space or tok.text == ",":
                continue
            if tok.text == ":":
                end = tok.idx + 1
                continue
            attached = tok
            while attached.head.i != verb.i and attached.head.i != attached.i and attached.i > verb.i:
                attached = attached.head
            if attached.head.i == verb.i and attached.dep_ in ("prep", "npadvmod", "advmod", "agent") and not tok.is_punct:
                end = tok.idx + len(tok)
            elif tok.is_punct and end == tok.idx:
                end = tok.idx + len(tok)
            else:
                return cue
        return (cue[0], end)

    def _content_of(self, verb, entry: CueEntry, particle, cue, sent, quotes):
        """(root token, (start, end)) of what the cue introduces, or (None, None)."""
        if particle is not None and particle.dep_ == "prep":
            pobj = [c for c in particle.children if c.dep_ in ("pobj", "pcomp")]
            if pobj:
                return pobj[0], _subtree_span(pobj[0])
        if verb.dep_ == "parataxis" and verb.head.i > verb.i:
            # "In his state, Christie said, offenders are sent to treatment": both sides of the cue
            head = verb.head
            left = [t for t in head.subtree if t.i < verb.left_edge.i and not t.is_space]
            right = [t for t in head.subtree if t.i > verb.right_edge.i and not t.is_space]
            frags = [(p[0].idx, p[-1].idx + len(p[-1])) for p in (left, right) if p]
            if frags:
                return head, frags
        ccomp = [c for c in verb.children if c.dep_ in ("ccomp", "csubj")]
        if ccomp:
            span = _subtree_span(ccomp[0], exclude=verb)
            # ", noting that ...": a participle cue closing the clause is an attribution of its own
            for c in ccomp[0].rights:
                if span and self._is_cue(c) and (c.dep_ in ("advcl", "conj", "xcomp") and c.tag_ == "VBG" or (
                        c.dep_ == "conj" and not any(x.dep_ in _SUBJECTS for x in c.children))):
                    span = (span[0], min(span[1], c.left_edge.idx))
                    break
            else:
                if span and ccomp[0].i < verb.i:
                    # "In 2015, the company lost money, he said": adverbials the parser hung on the cue
                    lefts = [c for c in verb.lefts if c.i < ccomp[0].i and c.dep_ not in ("punct", "cc", "nsubj")
                             and not c.is_space]
                    if lefts:
                        span = (min(span[0], lefts[0].left_edge.idx), span[1])
                if span and ccomp[0].i > verb.i:
                    # what the parser hung on the cue after its clause still belongs to the content
                    for c in verb.rights:
                        if c.i <= ccomp[0].i or c.is_space:
                            continue
                        if c.dep_ == "punct":
                            if c.text in ".!?;":
                                break
                            continue
                        if c.dep_ == "cc":
                            continue
                        before = c.doc[c.left_edge.i - 1]  # "they do n't know": one clause the parser split in two
                        adjacent = not self._text[span[1]:c.left_edge.idx].strip() and before.dep_ != "cc" \
                            and not before.is_punct and not any(x.dep_ in _SUBJECTS for x in c.children)
                        if c.dep_ == "conj" and any(x.dep_ in _SUBJECTS for x in c.children) \
                                and self.cues.get(c.lemma_.lower(), entry).cls != "speech":
                            adjacent = True  # "..., but a judge refused to let them": a clause of the same statement
                        if not adjacent and (self._is_cue(c) or (
                                c.dep_ == "conj" and not any(x.dep_ in _SUBJECTS for x in c.children))):
                            break
                        if self._occasion(c) or c.ent_type_ in ("DATE", "TIME"):
                            break  # "said the talks failed at a rally on Monday": the occasion of the telling
                        span = (span[0], max(span[1], c.right_edge.idx + len(c.right_edge)))
            return ccomp[0], span
        if entry.content == "object":
            objs = [c for c in verb.rights if c.dep_ in _CONTENT_OBJECT_DEPS and (particle is None or c.i != particle.i)
                    and (c.dep_ != "prep" or c.lower_ in ("of", "for", "about", "to", "on", "as", "against"))]
            if objs:
                first = last = objs[0]
                for c in verb.rights:  # what follows the object belongs to it: "touts X through Y"
                    if c.i <= first.i:
                        continue
                    if c.dep_ in ("cc", "conj") and not self._is_cue(c) and c.pos_ not in ("VERB", "AUX"):
                        last = c  # "discussed immigration and how it changes the country"
                        continue
                    if c.dep_ in ("punct", "cc", "conj", "parataxis", "advcl") or self._is_cue(c):
                        break
                    if c.dep_ == "prep" and c.lower_ in ("in", "during", "on") and any(
                            x.ent_type_ in ("DATE", "TIME") for x in c.children):
                        break  # "claimed victory on Monday": when belongs to the telling
                    if c.dep_ in ("npadvmod", "advmod") and c.ent_type_ in ("DATE", "TIME") or self._occasion(c):
                        break  # "praised Cruz last week", "praised Cruz at a rally"
                    last = c
                return first, (first.left_edge.idx, last.right_edge.idx + len(last.right_edge))
        q = self._adjacent_quote(verb, cue, sent, quotes)
        if q is not None:
            return None, q
        m = _AFTER_COLON.match(self._text, cue[1])
        if m is not None:
            # 'He added: the talks will go on.': what follows the colon, to the paragraph end
            return None, m.span("rest")
        if verb.dep_ in ("parataxis", "ccomp", "advcl", "conj") and verb.head.i < verb.i \
                and verb.head.pos_ in ("VERB", "AUX") and not [c for c in verb.children if c.dep_ in ("dobj", "xcomp")]:
            # "The flag was removed, Abernathy said." parsed with the content as head
            head = verb.head
            toks = [t for t in head.subtree if t.i < verb.left_edge.i and not t.is_space]
            if toks and verb.dep_ != "conj":
                return head, (toks[0].idx, toks[-1].idx + len(toks[-1]))
        if entry.cls in ("speech", "report", "cognition"):
            objs = [c for c in verb.rights if c.dep_ in ("xcomp", "dobj") and (particle is None or c.i != particle.i)
                    and (verb.lemma_ not in ("say", "add", "write") or c.dep_ == "dobj" and not c.ent_type_)]
            if objs:
                return objs[0], (objs[0].left_edge.idx, objs[-1].right_edge.idx + len(objs[-1].right_edge))
        return None, None

    def _phrase_attribution(self, first, entry: CueEntry, sent, quotes, history) -> _Found | None:
        """'according to X, ...' and 'X said in a statement'."""
        doc = first.doc
        if entry.lemma == "according to":
            to = doc[first.i + 1]
            pobj = [c for c in to.children if c.dep_ == "pobj"] or [c for c in first.children if c.dep_ == "pobj"]
            if not pobj:
                if first.i + 2 >= sent.end:
                    return None
                src_toks = [doc[first.i + 2]]
            else:
                src_toks = list(pobj[0].subtree)
            src = (src_toks[0].idx, src_toks[-1].idx + len(src_toks[-1]))
            cue = (first.idx, to.idx + len(to))
            # the rest of the sentence is the content
            before = [t for t in sent if t.i < first.i]
            after = [t for t in sent if t.idx >= src[1]]
            part = before if len([t for t in before if not t.is_punct]) >= len([t for t in after if not t.is_punct]) else after
            part = [t for t in part if not t.is_space]
            if not part:
                return None
            content = self._fit_content(self._text, (part[0].idx, part[-1].idx + len(part[-1])), quotes, cue)
            if content is None:
                return None
            span = doc.char_span(*src, alignment_mode="expand")
            speaker = self._make_speaker(span, history) if span is not None else None
            return _Found("indirect", content, cue, "according to", speaker)
        return None

    def _adjacent_quote(self, verb, cue, sent, quotes):
        """A quotation right after the cue ('said: "..."') or right before its clause ('"...," she said')."""
        text = self._text
        for a, b in quotes:
            if a >= cue[1]:
                gap = text[cue[1]:a]
                if len(gap) <= 40 and "\n" not in gap and not re.search(r"[.!?]", gap) and re.fullmatch(r"[\w\s,:'’-]*", gap):
                    words = re.findall(r"\w+", gap)
                    if len(words) <= 4:
                        return (a, b)
            elif b <= sent.start_char + 2 or (b <= cue[0] and b >= sent.start_char):
                gap = text[b:cue[0]]
                if "\n" not in gap and len(gap) <= 80 and not re.search(r"[.!?]\s", gap):
                    subj = [c for c in verb.children if c.dep_ in _SUBJECTS]
                    if subj and subj[0].left_edge.idx >= b - 1 or len(re.findall(r"\w+", gap)) <= 6:
                        return (a, b)
        return None

    def _fit_content(self, text, content, quotes, cue, speaker: Span | None = None):
        """Widen content over quotations it touches; keep it off the cue and speaker; trim edges."""
        a, b = content
        # an indirect content stays in the cue's paragraph
        para_start = text.rfind("\n", 0, cue[0]) + 1
        para_end = text.find("\n", cue[1])
        para_end = len(text) if para_end < 0 else para_end
        a, b = max(a, para_start), min(b, para_end)
        for qa, qb in quotes:
            if qb <= a - 2 or qa >= b + 2:
                continue
            if qa <= a + 1 and qb >= a or qa < b and qb >= b - 1 or (qa >= a and qb <= b):
                if qa < cue[1] <= qb or qa <= cue[0] < qb:
                    continue  # the cue itself is inside that quotation
                a, b = min(a, qa), max(b, qb)
        for other in ([cue] + ([(speaker.start, speaker.end)] if speaker is not None else [])):
            if a < other[1] and b > other[0]:
                if other[0] - a >= b - other[1]:
                    b = other[0]
                else:
                    a = other[1]
        while a < b and (text[a].isspace() or text[a] in _EDGE_PUNCT):
            a += 1
        while b > a:
            while b > a and (text[b - 1].isspace() or text[b - 1] in _EDGE_PUNCT):
                if text[b - 1] == "." and _ABBREVIATION_END.search(text, max(a, b - 12), b):
                    break  # "into the U.S." keeps the period of the abbreviation
                if text[b - 1] in ")]" and text.count("([" [text[b - 1] == "]"], a, b) > text.count(text[b - 1], a, b - 1):
                    break  # "Sen. Ted Cruz (R-Texas)" keeps its closing parenthesis
                b -= 1
            m = _TRAILING_CONJ.search(text, a, b)
            if m is None or m.start() <= a:
                break
            b = m.start()  # "the bill was flawed and": a conjunction left by a cut conjunct
        if b - a < 2:
            return None
        return (a, b)

    # ------------------------------------------------------------ floating quotes

    def _floating(self, qa, qb, sent, quotes, prev) -> _Found | None:
        """A quotation no cue claimed that continues the previous speaker (or relays a principal)."""
        text = self._text
        if text.count("\n\n", prev.content[1], qa) > 2 or qa - prev.content[1] > 1500:
            return None
        words = len(re.findall(r"\w+", text[qa:qb]))
        para_start = text.rfind("\n", 0, qa) + 1
        lead = text[para_start:qa].strip()
        gap = text[prev.content[1]:qa]
        if (words >= self.min_floating_words and "\n" not in gap and prev.cue and len(gap) < 200
                and re.search(r"[.!?][\"”’']?\s*$", gap or "") and not lead[len(lead) - 1:].isalnum()):
            # '"A," Ross said. "B."': the same attribution goes on
            return _Found("direct", (qa, qb), prev.cue, prev.cue_lemma, prev.speaker)
        if words >= self.min_floating_words and not lead:
            # a quoted paragraph with no cue continues the previous speaker
            return _Found("direct", (qa, qb), None, None, prev.speaker)
        # a sentence quoting a named principal with no cue: a spokesperson relaying
        lead_span = self._doc.char_span(para_start, qa, alignment_mode="contract") if qa > para_start else None
        lead_toks = list(lead_span) if lead_span is not None else []
        subj = [t for t in lead_toks if t.dep_ in _SUBJECTS and t.sent.start <= sent.end]
        if not subj and len(lead.split()) <= 5:  # a paragraph the parser split or merged oddly
            subj = [t for t in lead_toks if t.pos_ == "PROPN"][-1:]
        if subj and prev.speaker.spokes:
            principal = self._name_of_token(subj[0])
            if principal:
                para_end = text.find("\n", qa)
                para_end = len(text) if para_end < 0 else para_end
                end = max([b for a, b in quotes if qa <= a < min(sent.end_char, para_end)] + [qb])
                content = self._fit_content(text, (subj[0].left_edge.idx, max(end, min(sent.end_char, para_end))),
                                            quotes, (subj[0].idx, subj[0].idx))
                if content is not None:
                    item = _Found("mixed", content, None, None, prev.speaker)
                    item.extra.append(principal)
                    return item
        return None

    # ------------------------------------------------------------ speakers

    def _speaker_of(self, verb, history) -> _Speaker | None:
        """The speaker mention: the cue's subject (or the agent of a passive cue), else a fronted one."""
        subj = None
        node = verb
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            if subjects:
                subj = subjects[0]
                if subj.dep_ == "nsubjpass" and node.i == verb.i:
                    agent = [c for c in node.children if c.dep_ == "agent"]
                    pobj = [c for c in agent[0].children if c.dep_ == "pobj"] if agent else []
                    subj = pobj[0] if pobj else None
                break
            if node.i == verb.i and any(c.dep_ == "auxpass" for c in node.children):
                return None  # "was asked": the asker is not named
            if node.i == verb.i and node.head.i != node.i and (
                    node.dep_ == "conj" and node.head.dep_ == "ccomp" and node.head.head.lemma_.lower() in self.cues
                    or node.dep_ == "ccomp" and node.head.i < node.i and node.head.lemma_.lower() in self.cues
                    and node.left_edge.i > 0 and node.doc[node.left_edge.i - 1].dep_ == "cc"):
                if node.dep_ == "ccomp":  # "said A and warned B" parsed as two complements of "said"
                    node = node.head
                    continue
                # "X says A, but is warning B": the parser hung the second cue on the content
                # of the first; both share the first cue's speaker
                node = node.head.head
                continue
            if node.dep_ in ("conj", "xcomp", "advcl", "acl") and node.head.i != node.i:
                if node.dep_ in ("advcl", "acl") and node.tag_ == "VBN":
                    return None  # "when asked ..."
                node = node.head
                continue
            if node.dep_ == "relcl":
                subj = node.head
            break
        if subj is None:
            return self._fronted_speaker(verb, history)
        if subj.lower_ in ("who", "that", "which") and subj.head.dep_ == "relcl":
            # "Smith, who said ...": the relative pronoun is the mention, the noun it refers to names it
            antecedent = self._np_speaker(subj.head.head, history)
            mention = Span(start=subj.idx, end=subj.idx + len(subj), text=subj.text)
            if antecedent is None:
                return _Speaker(mention, None, None, "unknown", False)
            antecedent.span = mention
            return antecedent
        return self._np_speaker(subj, history)

    def _np_speaker(self, subj, history) -> _Speaker | None:
        """The speaker noun phrase: the subject with its appositions, without trailing clauses.

        As news attribution corpora mark it, a mention closed by an apposition keeps
        its closing comma ("Jeff Weaver, Sanders' campaign manager,") and its
        parenthesis ("Sen. Ted Cruz (R-Texas)").
        """
        doc = subj.doc
        toks = list(subj.subtree)
        for t in toks:  # cut relative clauses, participles and adverbials after the head noun
            if t.head.i == subj.i and t.i > subj.i and (t.dep_ in ("relcl", "acl", "advcl", "npadvmod")
                                                    or (t.dep_ == "amod" and doc[t.i - 1].text == ",")):
                toks = [x for x in toks if x.i < t.left_edge.i]
                break
        for k, t in enumerate(toks):  # a dateline before the name: "CLEVELAND (UPI) — Former ..."
            if t.text in ("—", "--") and k < len(toks) - 1 and any(x.is_upper and len(x) > 2 for x in toks[:k]):
                toks = toks[k + 1:]
                break
        opened = sum(1 for t in toks if t.text == "(") - sum(1 for t in toks if t.text == ")")
        toks = _trim_tokens(toks)
        if not toks:
            return None
        end = toks[-1].i + 1
        if opened == 0 and any(t.text == "(" for t in toks) and end < len(doc) and doc[end - 1].text != ")":
            while end < len(doc) and doc[end].text in (".", ")") and doc[end].text != "(":
                end += 1
                if doc[end - 1].text == ")":
                    break
        elif any(t.text == "," for t in toks) and end < len(doc) and doc[end].text == ",":
            end += 1  # the comma that closes an apposition
        return self._make_speaker(doc[toks[0].i: end], history)

    def _fronted_speaker(self, verb, history) -> _Speaker | None:
        """'..., health officials there said.' parsed without a subject: the NP just before the cue."""
        doc = verb.doc
        i = verb.i - 1
        toks = []
        while i >= 0 and len(toks) < 8 and not doc[i].is_punct and not doc[i].is_space and doc[i].pos_ not in ("VERB", "AUX"):
            toks.insert(0, doc[i])
            i -= 1
        if not toks or i < 0 or doc[i].text not in (",", "—", "–") or not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in toks):
            return None
        toks = _trim_tokens(toks)
        return self._make_speaker(doc[toks[0].i: toks[-1].i + 1], history) if toks else None

    def _make_speaker(self, span, history) -> _Speaker:
        text = span.text
        span_rec = Span(start=span.start_char, end=span.end_char, text=text)
        words = [t.lower_ for t in span]
        low = text.lower()
        spokes = any(w in self.spokes_nouns for w in words) or any(p in low for p in self.spokes_phrases)
        head = span.root
        # a pronoun: resolve to the latest compatible speaker
        if len(span) == 1 and head.lower_ in self.pronouns:
            want = self.pronouns[head.lower_]
            ante = self._antecedent(want, span.start_char, history)
            if ante is not None:
                return _Speaker(span_rec, ante.name, ante.gender, ante.kind, ante.spokes, ante.actor)
            return _Speaker(span_rec, None, want if want in ("male", "female") else None, "unknown", False)
        actor = actor_at(self._record, span.start_char, span.end_char)
        name = None
        kind = "unknown"
        ent = self._best_ent(span)
        if actor is not None and actor.kind in ("person", "organization", "group", "country"):
            name = actor.name
            kind = {"person": "person", "organization": "org", "group": "org", "country": "org"}[actor.kind]
        elif ent is not None and (ent.start <= head.i < ent.end or ent.label_ == "PERSON"):
            name = _strip_det(ent.text)
            kind = "person" if ent.label_ == "PERSON" else "org"
            if kind == "person":
                name = self._full_name(name, history)
        elif ent is not None:
            name = _strip_det(text)  # "the Israeli military": the whole mention names the body
            kind = "org"
        gender = self._gender(span, name)
        if name is not None:
            for prev in history:  # "Dujarric" after "Spokesman Stephane Dujarric"
                if prev.name == name:
                    spokes = spokes or prev.spokes
                    gender = gender or prev.gender
        if name is None:
            # "the spokesman", "the UN chief": the latest speaker of that kind
            determiner = span[0].lower_
            if determiner in ("the", "this", "that") and spokes:
                for prev in reversed(history):
                    if prev.spokes and prev.name:
                        return _Speaker(span_rec, prev.name, prev.gender, prev.kind, True, prev.actor)
            if determiner in ("the",) and not spokes and len(span) <= 4:
                head_low = head.lower_
                for prev in reversed(history):
                    if prev.name and head_low in prev.span.text.lower():
                        return _Speaker(span_rec, prev.name, prev.gender, prev.kind, prev.spokes, prev.actor)
            kind = "group" if head.lower_ in self.plural_heads or head.tag_ == "NNS" else kind
        indefinite = name is None and span[0].lower_ in ("a", "an") and spokes
        return _Speaker(span_rec, name if name else (None if indefinite else _strip_det(text)),
                        gender, kind, spokes, actor, indefinite)

    def _best_ent(self, span):
        best = None
        for tok in span:
            ent = self._ents.get(tok.i)
            if ent is None or ent.label_ not in _NAME_ENTS:
                continue
            if ent.start < span.start or ent.end > span.end:
                continue
            rank = (ent.label_ == "PERSON", ent.label_ in ("ORG", "GPE"), len(ent))
            if best is None or rank > best[0]:
                best = (rank, ent)
        return best[1] if best else None

    def _name_of_token(self, tok) -> str | None:
        actor = actor_at(self._record, tok.idx, tok.idx + len(tok))
        if actor is not None:
            return actor.name
        ent = self._ents.get(tok.i)
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE"):
            return _strip_det(ent.text)
        if tok.pos_ == "PROPN" or tok.text[:1].isupper():
            for other in self._doc.ents:
                if other.label_ == "PERSON" and other.end_char <= tok.idx and other[-1].text == tok.text:
                    return other.text
        return None

    @staticmethod
    def _full_name(name: str, history) -> str:
        last = name.split()[-1]
        for prev in history:
            if prev.name and prev.kind == "person" and prev.name != name and prev.name.split()[-1] == last and len(prev.name) > len(name):
                return prev.name
        return name

    def _gender(self, span, name) -> str | None:
        words = [t.lower_ for t in span]
        if name:
            words.append(name.split()[0].lower())
        for w in words:
            if w in self.female:
                return "female"
            if w in self.male:
                return "male"
        return None

    def _antecedent(self, want, pos, history) -> _Speaker | None:
        if want in ("male", "female"):
            for prev in reversed(history):
                if prev.kind == "person" or prev.gender:
                    if prev.gender in (want, None) and prev.name:
                        return prev
            # no speaker yet: the latest person named before
            for ent in reversed([e for e in self._doc.ents if e.end_char <= pos and e.label_ == "PERSON"]):
                gender = self._gender(ent, ent.text)
                if gender in (want, None):
                    return _Speaker(Span(start=ent.start_char, end=ent.end_char, text=ent.text), ent.text, gender,
                                    "person", False, actor_at(self._record, ent.start_char, ent.end_char))
            return None
        if want in ("plural", "neuter"):
            for prev in reversed(history):
                if prev.kind in ("org", "group") and prev.name:
                    return prev
        return None

    def _resolve_indefinite(self, found, history):
        """'A spokesman says ...' before 'Spokesman Stephane Dujarric said ...': the next named one."""
        for item in found:
            sp = item.speaker
            if sp is None or not sp.indefinite:
                continue
            later = [s for s in history if s.spokes and s.name and not s.indefinite and s.span.start > sp.span.start]
            if later:
                target = min(later, key=lambda s: s.span.start)
                sp.name, sp.gender, sp.actor, sp.kind = target.name, target.gender, target.actor, target.kind

    # ------------------------------------------------------------ records

    def _to_record(self, text, item: _Found) -> Quote:
        a, b = item.content
        content = Span(start=a, end=b, text=text[a:b])
        kind = item.kind
        inside = [m for m in _QUOTE_MARK.finditer(text, a, b)]
        if inside:
            first, last = inside[0], inside[-1]
            whole = first.start() == a and (last.end() == b) and len(inside) <= 2
            kind = "direct" if whole else "mixed"
        else:
            kind = "indirect" if kind != "direct" else "direct"
        cue = cue_lemma = None
        if item.cue:
            cue = Span(start=item.cue[0], end=item.cue[1], text=text[item.cue[0]:item.cue[1]])
            cue_lemma = item.cue_lemma
        sp = item.speaker
        on_behalf = item.extra[0] if item.extra else None
        if on_behalf is None and sp is not None and sp.spokes and item.content_root is not None:
            on_behalf = self._principal(item.content_root, sp)
        if on_behalf is not None and sp is not None and sp.name and on_behalf in sp.name:
            on_behalf = None
        return Quote(
            kind=kind,
            speaker=sp.span if sp else None,
            speaker_name=sp.name if sp else None,
            speaker_actor=(sp.actor or actor_at(self._record, sp.span.start, sp.span.end)) if sp else None,
            on_behalf_of=on_behalf,
            cue=cue,
            cue_lemma=cue_lemma,
            content=content,
        )

    def _principal(self, root, speaker) -> str | None:
        """The named subject of relayed content: whose position a spokesperson states."""
        subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj:
            return None
        tok = subj[0]
        if speaker.span.start <= tok.idx < speaker.span.end:
            return None
        # "the UN chief", "the president": a definite role noun stands for the principal
        first = tok.left_edge
        if first.lower_ == "the" and tok.lower_ in self.principal_heads and tok.tag_ == "NN":
            actor = actor_at(self._record, first.idx, tok.idx + len(tok))
            return actor.name if actor is not None else _strip_det(self._text[first.idx: tok.idx + len(tok)])
        # a named person or body; when actors are known, one of the spokesperson's own side
        own = speaker.actor.code if speaker.actor is not None else None
        for t in tok.subtree:
            if t.dep_ == "compound" or t.i == tok.i:
                actor = actor_at(self._record, t.idx, t.idx + len(t))
                if actor is not None and own and actor.code and actor.code != own and actor.kind != "person":
                    return None  # "the Israeli military must ..." relayed by a UN spokesman is no principal
                name = self._name_of_token(t)
                if name:
                    return name
        return None


# ---------------------------------------------------------------- helpers


def _depth(tok) -> int:
    depth = 0
    while tok.head.i != tok.i and depth < 50:
        tok = tok.head
        depth += 1
    return depth


def _inside(pos: int, quotes) -> bool:
    return any(a < pos < b for a, b in quotes)


def _contiguous(toks, anchor):
    """The cue tokens that form one stretch around the anchor (skip 'has also said' adverbs)."""
    toks = sorted(set(toks), key=lambda t: t.i)
    return toks


def _subtree_span(tok, exclude=None):
    """Character span of a token's subtree; stops before ``exclude`` when that lies inside it."""
    toks = list(tok.subtree)
    if exclude is not None and tok.left_edge.i <= exclude.i <= tok.right_edge.i:
        cut = exclude.left_edge.i
        toks = [t for t in toks if t.i < cut] or toks
    toks = [t for t in toks if not t.is_space]
    if not toks:
        return None
    return (toks[0].idx, toks[-1].idx + len(toks[-1]))


def _trim_tokens(toks):
    toks = list(toks)
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    return toks


def _strip_det(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
