"""Time expressions: find them in the text and normalize them TimeML-style.

A rule-based extractor in the spirit of HeidelTime: a handful of compiled
patterns, built once from the word lists in ``ontology/time_lexicon.json``,
are run over the article text; overlapping candidates are resolved (longest
wins); each kept expression is typed (DATE, TIME, DURATION, SET) and given a
TimeML ``value`` computed against the article date. Words whose meaning
depends on the article date ("Monday", "May 10", "last week") use the tense
of the verb that governs them in the parse: a past-tense report dated
Wednesday that mentions "Monday" means the Monday before.

When the article date is unknown, relative expressions stay unresolved in
the TimeML way (``XXXX-XX-XX``, ``XXXX-WXX-1``, ``PRESENT_REF``...).

``governing_time(record, doc, start_char, end_char)`` gives other extractors
the date of the expression that governs a stretch of text (an event).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..records import ArticleRecord, Time
from .base import Extractor

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

LEXICON_FILE = "time_lexicon.json"


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    """The packaged time lexicon (month and weekday names, units, numbers, ...)."""
    text = resources.files("eventwire.ontology").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return json.loads(text)


# --------------------------------------------------------------------------- small pure helpers


def _alt(words) -> str:
    """A regex alternation of literal words, longest first; spaces match any whitespace."""
    items = sorted({w for w in words if w}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def parse_anchor(date: str | None) -> dt.date | None:
    """The article date as a ``date``; None when missing or malformed (never raises)."""
    if not date:
        return None
    match = re.match(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})", str(date))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(day: dt.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + (day.month - 1) + months
    return total // 12, total % 12 + 1


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def value_precision(value: str | None) -> str:
    """day | week | month | year | unknown, from a TimeML value."""
    if not value:
        return "unknown"
    if re.match(r"^\d{4}-\d\d-\d\d", value):
        return "day"
    if re.match(r"^\d{4}-W\d\d", value):
        return "week"
    if re.match(r"^\d{4}-\d\d$", value):
        return "month"
    if re.match(r"^\d{4}(?:-(?:Q\d|H\d|SP|SU|FA|WI))?$", value):
        return "year"
    return "unknown"


def duration_value(amount: float | None, unit: str) -> str:
    """TimeML duration: (3, 'D') -> P3D, (2, 'H') -> PT2H, (None, 'Y') -> PXY, (1.5, 'H') -> PT1H30M."""
    time_unit = unit in ("H", "MIN", "S")
    letter = {"MIN": "M"}.get(unit, unit)
    if unit == "DE":
        letter, amount = "Y", None if amount is None else amount * 10
    elif unit == "CE":
        letter, amount = "Y", None if amount is None else amount * 100
    elif unit == "2W":
        letter, amount = "W", None if amount is None else amount * 2
    elif unit == "WE":
        letter, amount = "D", None if amount is None else amount * 2
    elif unit == "NI":
        letter = "D"
    prefix = "PT" if time_unit else "P"
    if amount is None:
        vague = {"DE": "DE", "CE": "CE"}.get(unit, letter)
        return f"{prefix}X{vague}"
    if amount == int(amount):
        return f"{prefix}{int(amount)}{letter}"
    # fractions: express in the next smaller unit
    smaller = {"Y": (12, "M", "P"), "M": (30, "D", "P"), "W": (7, "D", "P"), "D": (24, "H", "PT"),
               "H": (60, "M", "PT"), "Q": (3, "M", "P")}
    if letter in smaller and not (unit == "MIN"):
        factor, small, small_prefix = smaller[letter]
        whole = int(amount)
        rest = round((amount - whole) * factor)
        if letter == "H":
            return f"PT{whole}H{rest}M" if whole else f"PT{rest}M"
        return f"{small_prefix}{round(amount * factor)}{small}"
    if unit == "MIN":
        whole = int(amount)
        return f"PT{whole}M{round((amount - whole) * 60)}S"
    return f"{prefix}{amount:g}{letter}"



# --------------------------------------------------------------------------- tense


def verb_tense(verb) -> str | None:
    """'past', 'future', 'present' or None for a spaCy verb token (by its tag and auxiliaries)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = [a.lower_ for a in auxes]
    if any(w in ("will", "'ll", "shall", "wo", "would", "'d") for w in lowers):
        return "future"
    if "to" in lowers and (verb.tag_ == "VB" or (verb.tag_ == "VBN" and "be" in lowers)):
        return "future"
    if any(w in ("could", "might", "may", "should", "must", "can") for w in lowers) and verb.tag_ == "VB":
        return "future"
    if verb.lower_ == "going" and any(c.lower_ == "to" for c in verb.children):
        return "future"
    if any(a.tag_ in ("VBD",) for a in auxes):
        return "past"
    if verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN" and any(w in ("has", "have", "'ve", "had", "'s") for w in lowers):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return None


def tense_at(doc, start: int, end: int) -> str | None:
    """Tense of the verb governing the text at [start, end) (climbs the dependency tree)."""
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except Exception:  # pragma: no cover - defensive: odd offsets
        span = None
    if span is None or len(span) == 0:
        return None
    token = span.root
    if token.dep_ in ("poss", "compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return None  # "Wednesday's ruling": a noun modifier, the clause's tense says little
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.tag_ != "MD":
            tense = verb_tense(token)
            if tense is not None:
                return tense
            if token.tag_ == "VBN" and token.dep_ in ("acl", "amod", "advcl", "relcl"):
                return "past"  # "the ruling announced Wednesday"
            if token.tag_ in ("VBG", "VBN") and token.head is not token:
                token = token.head
                continue
            return tense
        if token.head is token:
            break
        token = token.head
    return None


# --------------------------------------------------------------------------- candidates


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    match: re.Match
    priority: int


_DIGIT_RUN = re.compile(r"\d+")
# an amount or count just before "a year" / "a week" makes it a rate ("$2 million a year")
_RATE_BEFORE = re.compile(
    r"(?:\d|%|\b(?:percent|million|billion|trillion|cents?|dollars?|times|twice|once|thrice|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand))"
    r"(?:\s+[a-z]+)?\s+$", re.IGNORECASE)

_WORD_NUMBER_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


class TimeExtractor(Extractor):
    """Finds temporal expressions and normalizes them against the article date."""

    name = "times"
    assigns = "times"

    def __init__(self, lexicon: dict | None = None, *, max_chars: int = 2_000_000):
        lex = dict(load_lexicon())
        if lexicon:
            for key, value in lexicon.items():
                if isinstance(value, dict) and isinstance(lex.get(key), dict):
                    lex[key] = {**lex[key], **value}
                else:
                    lex[key] = value
        self.lex = lex
        self.max_chars = max_chars
        self.months = {k.lower(): v for k, v in lex["months"].items()}
        self.weekdays = {k.lower(): v for k, v in lex["weekdays"].items()}
        self.parts = {k.lower(): v for k, v in lex["parts_of_day"].items()}
        self.seasons = {k.lower(): v for k, v in lex["seasons"].items()}
        self.numbers = {k.lower(): v for k, v in lex["numbers"].items()}
        self.ordinals = {k.lower(): v for k, v in lex["ordinals"].items()}
        self.units = {k.lower(): v for k, v in lex["units"].items()}
        self.sets = {k.lower(): v for k, v in lex["sets"].items()}
        self.references = {k.lower(): v for k, v in lex["references"].items()
                           if k.lower() in {e.lower() for e in lex.get("references_enabled", lex["references"])}}
        self.timezones = dict(lex["timezones"])
        self.holidays = {k.lower(): v for k, v in lex["holidays"].items()}
        self.clock_words = {k.lower(): v for k, v in lex["clock_words"].items()}
        self.deictic = {k.lower(): v for k, v in lex["deictic_days"].items()}
        self._ref_quarter: str | None = None
        self._ref_year: int | None = None
        self._build_patterns()
        from spacy.strings import get_string_id
        import numpy as np

        self._groups = self._trigger_groups()
        self._hash_groups: dict[int, list[str]] = {}
        for name, words in self._groups.items():
            for word in words:
                self._hash_groups.setdefault(get_string_id(word), []).append(name)
        self._all_hashes = np.array(sorted(self._hash_groups), dtype=np.uint64)

    # ------------------------------------------------------------------ patterns

    def _build_patterns(self) -> None:
        months_full = [m for m in self.months if len(m) > 3 or m == "may"]
        months_abbr = [m for m in self.months if m not in months_full]
        # abbreviations need their dot or a number after them ("Jan Kavan" is a name)
        month = r"(?:" + _alt(months_full) + r"|" + _alt(months_abbr + ["sept"]) + r"(?:\.|(?=\s+\d)))"
        wd_full = [w for w in self.weekdays if len(w) > 4 or w in ("tues",)]
        wd_abbr = [w for w in self.weekdays if w not in wd_full]
        weekday = r"(?:" + _alt(wd_full) + r"|" + _alt(wd_abbr) + r"\.)"
        unit_words = [u for u in self.units if self.units[u] not in ("NI",)]
        unit = _alt(unit_words)
        plain_numbers = [n for n in self.numbers if n not in ("a", "an")]
        ones = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        word_num = (r"(?:" + _alt(_WORD_NUMBER_TENS) + r"(?:[- ]" + _alt(ones) + r")?|" + _alt(plain_numbers) + r")")
        vague = _alt(self.lex.get("vague_numbers", []))
        num = (r"(?:\d+(?:\.\d+)?(?:\s+(?:and\s+)?(?:a\s+half|\d/\d))?|\d/\d|" + word_num +
               r"(?:\s+and\s+a\s+half)?|an?)")
        pod = _alt(self.parts)
        season = _alt(self.seasons)
        year = r"(?:1[5-9]\d\d|20\d\d)"
        ordinal = r"(?:\d{1,2}(?:st|nd|rd|th)|" + _alt(self.ordinals) + ")"
        tz = _alt([t for t in self.timezones if t.isupper()])
        rel = r"(?:this\s+past|this\s+coming|this|last|next|past|coming|previous|current|latest|following|upcoming)"
        mod = r"(?:(?:early|earlier|late|later|mid|middle)(?:\s+in)?[\s-]+|(?:the\s+)?(?:middle|end|beginning|start|close|turn)\s+of\s+(?:the\s+)?)"
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        approx = _alt(self.lex.get("approximators", []))
        deictic = _alt(self.deictic)
        self._month_re = month
        spelled = (r"(?:nineteen|eighteen)[\s-]+(?:" + _alt(_WORD_NUMBER_TENS) + r"(?:[\s-]+" + _alt(ones) + r")?)")
        flags = re.IGNORECASE
        P = []  # (kind, pattern)

        # explicit calendar dates
        P.append(("date", rf"\b(?:(?P<wd>{weekday}),?\s+)?(?P<mod>{mod})?(?P<month>{month})\s+(?P<day>{day})\b(?!:)(?:,?\s+(?P<year>{year})\b)?(?:,?\s+(?:the\s+)?(?P<wd2>{weekday})\b)?"))
        P.append(("date", rf"\b(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<day>{day})\s+(?:of\s+)?(?P<month>{month})(?:,?\s+(?P<year>{year}))?\b"))
        P.append(("date", rf"\b(?P<mod>{mod})?(?P<month>{month})(?:,?\s+(?:of\s+)?(?P<year>{year}|{spelled})|\s+(?:of\s+)?(?P<rel>this|last|next)\s+year)?\b"))
        P.append(("isodate", r"\b(?P<year>(?:1[5-9]|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"))
        P.append(("numdate", r"(?<![\d/])(?P<month>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])/(?P<year>(?:19|20)?\d\d)(?![\d/])"))
        # years, decades, centuries
        P.append(("year", rf"(?<![\d,.$£€#-])(?:(?:the\s+)?(?P<mod>{mod}))?(?:(?:post|pre)-)?(?:(?P<fiscal>fiscal)(?:\s+year)?\s+|(?:the\s+)?year\s+)?(?P<year>{year})(?![\d]|,\d|\.\d|\s*%|-\d)"))
        P.append(("decade", rf"(?<![\d$])(?:the\s+)?(?P<mod>{mod})?(?:(?P<cent>1[5-9]|20)(?P<dec>\d)0'?s|'(?P<short>\d)0'?s)\b"))
        P.append(("decadeword", rf"\b(?:the\s+)?(?P<mod>{mod})?(?:(?P<c>nineteen|eighteen)[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"))
        P.append(("century", rf"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<ord>{ordinal})[\s-]+century\b"))
        P.append(("spelledyear", rf"\b(?:the\s+year\s+)?(?P<a>nineteen|eighteen)[\s-]+(?P<b>{_alt(_WORD_NUMBER_TENS)}(?:[\s-]+{_alt(ones)})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b"))
        P.append(("spelledyear", rf"\b(?:the\s+year\s+)?(?P<tt>two\s+thousand)(?:\s+(?:and\s+)?(?P<c>{_alt(ones + ['ten','eleven','twelve','thirteen','fourteen','fifteen','sixteen','seventeen','eighteen','nineteen','twenty'])}))?\b(?!\s+(?:years|people|dollars|men|troops|more|of))"))
        # quarters and halves
        P.append(("quarter", rf"\b(?:the\s+)?(?:(?P<q_rel>year-earlier|year-ago|comparable|same|latest|current|this|last|next|previous)\s+)*(?:(?P<yr_poss>{year}|this\s+year|last\s+year|next\s+year)(?:'s)?\s+)?(?:fiscal[\s-]+)?(?P<q_ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<q_year>{year}))?\b"))
        P.append(("quarter", rf"\b(?:the\s+)?(?P<q_rel>year-earlier|year-ago|comparable\s+year-ago|comparable\s+year-earlier|latest|current|same|most\s+recent|last|previous|this|next)\s+(?:fiscal\s+)?quarter\b"))
        P.append(("quarter", rf"\b(?P<q_plain>the\s+quarter)\b(?!\s+(?:century|mile|point|of\s+a))"))
        P.append(("half", rf"\b(?:the\s+)?(?:(?P<h_rel>this\s+year's|last\s+year's|next\s+year's)\s+)?(?P<h_ord>first|second|last|latter|final)\s+half(?:\s+of\s+(?:(?:the\s+)?(?P<h_yrrel>this|last|next)\s+year|(?:fiscal\s+)?(?P<h_year>{year})))?\b"))
        # relative to the article date
        P.append(("deictic", rf"\b(?P<mod>(?:early|earlier|late|later)\s+)?(?:the\s+day\s+(?P<dd>before|after)\s+)?(?P<deictic>{deictic})(?:(?P<poss>'s)|\s+(?P<pod>{pod}))?\b"))
        P.append(("deictic", rf"\b(?P<pod2>{pod})\s+(?P<deictic>today|yesterday|tomorrow)\b"))
        P.append(("thispod", rf"\b(?:(?:early|earlier|late|later)\s+)?(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>morning|afternoon|evening|night)\b"))
        P.append(("weekday", rf"\b(?:(?P<pod0>{pod})\s+(?:on\s+)?)?(?:(?P<rel>this\s+past|this\s+coming|this|last|next|coming|previous)\s+)?(?P<wd>{weekday})(?P<plural>s)?(?:(?P<poss>'s)|\s+(?P<pod>{pod}))?\b"))
        P.append(("relunit", rf"\b(?P<mod>{mod})?(?:the\s+)?(?P<rel>{rel})\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|year|decade|century|{season}|{month})(?!-)\b(?!\.?\s+\d)"))
        P.append(("relunit", rf"\b(?P<mod>{mod})?(?P<unit>{month}|{season})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b"))
        P.append(("season", rf"\b(?P<mod>{mod})?(?:the\s+)?(?P<unit>{season})\s+of\s+(?P<year>{year}|{spelled})\b"))
        P.append(("season", rf"\b(?P<mod>{mod})?(?P<year>{year})\s+(?P<unit>{season})\b"))
        P.append(("weekend", rf"\b(?P<the>the)\s+weekend\b"))
        P.append(("anaphoric", rf"\b(?P<mod>(?:early|earlier|late|later)\s+)?(?P<rel>that|the\s+same|the\s+following|the\s+next|the\s+previous|the\s+preceding|the\s+prior)\s+(?:same\s+)?(?P<unit>day|morning|afternoon|evening|night|week|month|year)\b"))
        P.append(("ago", rf"\b(?:(?P<approx>{approx})\s+)?(?P<num>{num}|{vague})\s+(?:more\s+|full\s+)?(?P<unit>{unit})(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b"))
        P.append(("dayrel", r"\b(?P<the>the)\s+(?P<unit>day|night|morning|week|month|year)(?=\s+(?P<dir>before|after|earlier|later)\b(?!\s+(?:yesterday|tomorrow)))"))
        P.append(("theyear", r"(?:(?<=\bfor\s)|(?<=\bover\s)|(?<=\bduring\s)|(?<=\bthroughout\s)|(?<=\bthrough\s))(?P<the>the)\s+(?:(?:full|whole|entire|current)\s+)?(?:fiscal\s+)?(?P<unit>year|month|week)\b(?!-|\s+(?:ended|ending|before|after|ago|earlier|to|of|that|when|in|which))"))
        P.append(("endof", r"\b(?:(?:the\s+)?(?P<unit>year|month|week)[-\s]end\b(?!\s+of)|(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+the\s+(?P<unit2>year|month|week)\b)"))
        P.append(("period", r"\b(?:the\s+)?(?P<rel>latest|current|most\s+recent|same|comparable)\s+period\b"))
        P.append(("yearago", r"\b(?:the\s+)?(?:comparable\s+)?(?P<rel>year|month|week|day)-(?P<dir>earlier|ago)(?:\s+(?P<what>period|quarter|level|month|year|week|day))?\b"))
        # durations and sets
        P.append(("duration", rf"\b(?:(?P<the>the)\s+)?(?:(?P<rel>past|last|next|coming|first|final|previous|following|latest|remaining|additional|further|another|recent|initial|ensuing|subsequent)\s+)?(?P<num>{num}|{vague})(?:\s+(?:more|additional|full|straight|consecutive|long|whole|extra))?[\s-]+(?P<unit>{unit})(?P<adj>-long)?\b(?!-old|\s+old\b)(?P<andhalf>\s+and\s+a\s+half\b)?"))
        P.append(("duration", rf"\b(?:(?P<the>the)\s+)?(?P<rel>past|last|next|coming|recent|following|previous)\s+(?P<unit>days|weeks|months|years|decades|centuries|hours|minutes)\b"))
        P.append(("duration", rf"\b(?:(?P<the>the)\s+)?(?P<unit>days|weeks|months|years|decades)\s+(?P<rel>ahead|to\s+come)\b"))
        P.append(("duration", rf"\b(?P<rel>for|within|in|over)\s+(?P<unit>hours|days|weeks|months|years|decades|centuries)\b(?!\s+(?:ago|of|earlier|later|before|after))"))
        P.append(("duration", rf"\b(?P<unit>day|decade|decades|year|week|month|hour)s?-long\b"))
        P.append(("set", rf"\b(?P<setword>{_alt(self.sets)})\b"))
        P.append(("set", rf"\b(?P<q>every|each|per)\s+(?:other\s+)?(?:(?P<num>{word_num}|\d+)\s+)?(?P<unit>{unit}|{weekday}|{pod})\b"))
        P.append(("clock", rf"(?<![\d:.,$])(?:(?P<approx>about|around|approximately|shortly\s+(?:before|after))\s+)?(?P<clock>(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b)|(?P<h2>[01]?\d|2[0-3]):(?P<m2>[0-5]\d)(?!\d|\s*(?:percent|%|p\.c\.))|(?P<word>noon|midnight|midday)|(?P<h3>[01]?\d)\s+o'clock|(?P<h4>[01]?\d)\s+in\s+the\s+(?P<ipod>morning|afternoon|evening)|(?P<h5>[01]\d|2[0-3])(?P<m5>[0-5]\d)(?=\s+(?:{tz})\b))(?:\s+(?P<tz>{tz}|local\s+time)\b)?(?:,?\s+(?:on\s+)?(?P<day>(?P<wd>{weekday})|today|yesterday|tomorrow|(?P<month>{month})\s+(?P<dnum>{day})\b))?"))
        P.append(("holiday", rf"\b(?:(?P<rel>this|last|next)\s+)?(?P<holiday>{_alt(self.holidays)}|thanksgiving(?:\s+day)?|easter(?:\s+sunday)?)\b"))
        P.append(("ref", rf"\b(?P<ref>{_alt(self.references)})\b"))
        self.patterns = []
        for priority, (kind, pattern) in enumerate(P):
            groups = self.KIND_GROUPS.get(kind, ())
            self.patterns.append((kind, re.compile(pattern, flags), priority, groups))
        self._tz_after = re.compile(rf"^\s*(?:\(\s*(?P<a>{tz}|local\s+time)\s*\)|(?P<b>{tz})\b|(?P<c>local\s+time)\b)")

    # ------------------------------------------------------------------ finding

    WINDOW_LEFT = 64
    WINDOW_RIGHT = 56

    # which trigger groups let each kind of pattern run
    KIND_GROUPS = {
        "date": ("months",), "isodate": ("sep",), "numdate": ("sep",), "year": ("year4",),
        "decade": ("decade",), "decadeword": ("decadewords",), "century": ("century",),
        "spelledyear": ("spelled",), "quarter": ("quarter",), "half": ("half",),
        "deictic": ("deictic",), "thispod": ("pods",), "weekday": ("weekdays",),
        "relunit": ("units", "seasons", "months"), "season": ("seasons",), "weekend": ("units",),
        "anaphoric": ("units", "pods"), "dayrel": ("units", "pods"), "ago": ("units",), "yearago": ("units",),
        "period": ("period",), "theyear": ("units",), "endof": ("units",), "duration": ("units",), "set": ("sets", "units", "weekdays", "pods"),
        "clock": ("clock", "clockwords", "pods"), "holiday": ("holidays",), "ref": ("refs",),
    }

    def _trigger_groups(self) -> dict[str, frozenset]:
        def forms(words):
            out = set()
            for word in words:
                word = word.lower()
                out.update({word, word + ".", word.rstrip(".")})
            return out

        refs = set()
        for key in self.references:
            refs.update(w for w in key.split() if w not in ("the", "in", "at", "as", "a", "of"))
        holidays = {max(key.replace("'s", "").split(), key=len) for key in self.holidays} | {"thanksgiving", "easter"}
        groups = {
            "months": forms(self.months),
            "weekdays": forms(self.weekdays) | {w + "s" for w in self.weekdays},
            "units": forms(self.units) | {"long"},
            "pods": forms(self.parts),
            "seasons": forms(self.seasons),
            "deictic": forms(self.deictic),
            "refs": refs,
            "sets": forms(self.sets),
            "holidays": holidays,
            "century": {"century", "centuries"},
            "spelled": {"nineteen", "eighteen", "thousand"},
            "quarter": {"quarter", "quarters"},
            "half": {"half"},
            "decadewords": {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"},
            "period": {"period"},
            "clockwords": forms(self.clock_words) | {"o'clock"},
        }
        return {name: frozenset(words) for name, words in groups.items()}

    def _digit_triggers(self, text: str) -> dict[str, list[int]]:
        """Offsets of digit runs that can start or anchor a time expression, by kind."""
        out: dict[str, list[int]] = {"year4": [], "decade": [], "clock": [], "sep": []}
        for match in _DIGIT_RUN.finditer(text):
            start, end = match.span()
            run = match.group(0)
            after = text[end:end + 4]
            if len(run) == 4 and 1500 <= int(run) <= 2099:
                out["year4"].append(start)
                if after[:1] == "s" or after[:2] == "'s":
                    out["decade"].append(start)
            elif len(run) == 2 and text[start - 1:start] == "'" and after[:1] in ("s", "'"):
                out["decade"].append(start)
            if len(run) <= 2 and (after[:1] == ":" or after.lstrip()[:1].lower() in ("a", "p", "o", "i")):
                out["clock"].append(start)
            elif len(run) == 4 and after[:1] == " " and after[1:2].isupper():
                out["clock"].append(start)  # "0300 GMT"
            if after[:1] in ("/", "-") and after[1:2].isdigit():
                out["sep"].append(start)
        return out

    def windows(self, doc, text: str | None = None) -> dict[str, list[tuple[int, int]]]:
        """For each trigger group, the stretches of text where its patterns may match.

        Patterns only run near the words that anchor them (a month name, a unit,
        a weekday, a four-digit year...): one vectorized look-up over the Doc's
        token hashes plus one scan for digit runs, instead of every pattern
        trying every position of the text.
        """
        import numpy as np

        text = doc.text if text is None else text
        positions: dict[str, list[int]] = {}
        if len(doc):
            arr = doc.to_array(["LOWER", "IDX"])
            lowers, offsets = arr[:, 0], arr[:, 1]
            for i in np.nonzero(np.isin(lowers, self._all_hashes))[0]:
                for group in self._hash_groups[int(lowers[i])]:
                    positions.setdefault(group, []).append(int(offsets[i]))
        positions.update({k: v for k, v in self._digit_triggers(text).items() if v})
        left, right = self.WINDOW_LEFT, self.WINDOW_RIGHT
        length = len(text)
        out: dict[str, list[tuple[int, int]]] = {}
        for group, offs in positions.items():
            spans: list[tuple[int, int]] = []
            for off in sorted(offs):
                start = max(0, off - left)
                end = min(length, off + right)
                if spans and start <= spans[-1][1]:
                    spans[-1] = (spans[-1][0], end)
                else:
                    spans.append((start, end))
            # widen to whitespace so no window cuts a word in two
            widened = []
            for start, end in spans:
                ws = text.rfind(" ", 0, start) + 1 if start > 0 else 0
                we = text.find(" ", end)
                widened.append((ws, length if we < 0 else we))
            out[group] = widened
        return out

    def candidates(self, text: str, windows: dict[str, list[tuple[int, int]]] | None = None) -> list[Candidate]:
        """Every pattern match (overlapping ones included); only inside ``windows`` when given."""
        found: list[Candidate] = []
        for kind, pattern, priority, groups in self.patterns:
            if windows is None:
                spans = [(0, len(text))]
            else:
                merged = sorted(span for group in groups for span in windows.get(group, ()))
                spans = []
                for start, end in merged:
                    if spans and start <= spans[-1][1]:
                        spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
                    else:
                        spans.append((start, end))
            for win_start, win_end in spans:
                for match in pattern.finditer(text, win_start, win_end):
                    if match.end() > match.start():
                        found.append(Candidate(match.start(), match.end(), kind, match, priority))
        return found

    @staticmethod
    def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
        """Keep the longest candidates; among equal lengths the earlier pattern wins."""
        taken: list[Candidate] = []
        occupied: list[tuple[int, int]] = []
        for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
            if any(cand.start < e and s < cand.end for s, e in occupied):
                continue
            taken.append(cand)
            occupied.append((cand.start, cand.end))
        return sorted(taken, key=lambda c: c.start)

    def find(self, doc: "Doc", record: ArticleRecord) -> list[Time]:
        text = doc.text
        if not text or len(text) > self.max_chars:
            return []
        anchor = parse_anchor(record.date)
        out: list[Time] = []
        try:
            windows = self.windows(doc, text)
            cands = self.resolve_overlaps([c for c in self.candidates(text, windows) if self._plausible(c, doc, text)])
        except Exception:  # never let odd text sink the article
            log.exception("time candidate search failed")
            return []
        ref = anchor  # reference time for anaphoric expressions
        self._ref_year = None  # the last year named explicitly ("that year")
        self._ref_quarter = None  # the last quarter mentioned ("a year earlier" then means that quarter a year before)
        for cand in cands:
            try:
                result = self._normalize(cand, doc, text, anchor, ref)
            except Exception:
                log.debug("could not normalize %r", cand.match.group(0), exc_info=True)
                result = None
            if result is None:
                continue
            ttype, value, start, end = result
            tz = self._timezone_after(text, end)
            if tz is None and cand.match.groupdict().get("tz"):
                key = " ".join(cand.match.group("tz").split())
                tz = self.timezones.get(key, self.timezones.get(key.lower(), self.timezones.get(key.upper(), key)))
            out.append(Time(start=start, end=end, text=text[start:end], type=ttype, value=value,
                            timezone=tz, anchor=anchor.isoformat() if anchor else None))
            if cand.kind in ("date", "year", "isodate", "numdate", "spelledyear") and re.match(r"^\d{4}", value):
                self._ref_year = int(value[:4])
            if cand.kind == "quarter" and re.match(r"^\d{4}-Q\d$", value):
                self._ref_quarter = value
            if ttype in ("DATE", "TIME") and re.match(r"^\d{4}-\d\d-\d\d", value) and cand.kind not in ("deictic",):
                try:
                    ref = dt.date.fromisoformat(value[:10])
                except ValueError:
                    pass
        return out

    def _timezone_after(self, text: str, end: int) -> str | None:
        match = self._tz_after.match(text[end:end + 20])
        if not match:
            return None
        found = match.group("a") or match.group("b") or match.group("c")
        key = " ".join(found.split())
        return self.timezones.get(key, self.timezones.get(key.lower(), key))

    # ------------------------------------------------------------------ filters

    def _plausible(self, cand: Candidate, doc, text: str) -> bool:
        m = cand.match
        word = m.group(0)
        if cand.kind == "date" and m.group("month") and not (m.groupdict().get("day") or m.groupdict().get("year")
                                                            or m.groupdict().get("rel")):
            # a bare month name: must be capitalized; "May"/"March" need a temporal preposition before
            mon = m.group("month")
            if not mon[0].isupper():
                return False
            if mon.lower().rstrip(".") in ("may", "march", "mar", "jan", "dec", "sept", "sep", "aug", "oct", "nov", "feb", "apr", "jun", "jul"):
                before = text[max(0, cand.start - 12):cand.start].lower().split()
                if not before or before[-1] not in ("in", "since", "until", "till", "by", "of", "during", "through", "from", "to", "early", "late", "mid", "before", "after", "last", "next", "this", "and", "or", "each", "every", "throughout"):
                    return False
        if cand.kind in ("date",) and m.group("month"):
            mon = m.group("month")
            if not mon[0].isupper():
                return False
        if cand.kind == "weekday":
            wd = m.group("wd")
            if not wd[0].isupper():
                return False
        if cand.kind == "relunit":
            unit = m.group("unit")
            if unit.lower().rstrip(".") in self.months and not unit[0].isupper():
                return False
            if unit.lower().rstrip(".") in ("may", "march", "sat", "sun", "wed"):
                return bool(m.group("rel") and m.group("rel").lower() in ("last", "next", "this", "this past"))
        if cand.kind == "year":
            # a year needs a temporal reading: not a count of things ("2000 people")
            tail = text[cand.end:cand.end + 30]
            if re.match(r"^\s*(?:[a-z]+\s+)?(?:people|persons|soldiers|troops|men|women|children|workers|jobs|shares|units|cars|homes|dollars|pounds|euros|yen|tons|tonnes|barrels|votes|acres|feet|miles|meters|metres|kilometers|km|points|members|employees|students|cases|deaths|dead|others|more|residents|refugees|civilians|rockets|missiles|pages|copies|calories)\b", tail, re.I):
                return False
            before = text[max(0, cand.start - 2):cand.start]
            if before.endswith(("$", "#", "No", "no")):
                return False
            if re.match(r"^\s*(?:to|and|-)\s*\d", tail) and not re.match(r"^\s*(?:to|and|-)\s*(?:1[5-9]|20)\d\d\b", tail):
                return False
        if cand.kind == "ref":
            key = " ".join(m.group("ref").lower().split())
            if key in ("current", "recent", "future"):
                # adjective uses: "the current quarter" is caught elsewhere; "current account" is no time
                after = text[cand.end:cand.end + 25].lower()
                if re.match(r"^\s*(?:account|accounts|affairs|events|flow|flows|law|laws|system|crop|price|prices|generation|member|members|president|minister|leader|leaders|government|chairman|chief|form|version|rules|account|liabilities|assets|coach|model|models|champion|holders?|of|\W)", after):
                    if key != "future" or re.match(r"^\s*(?:of|\W)", after) is None:
                        return False
                if key == "future" and re.match(r"^\s*(?:of|\W)", after) and not text[max(0, cand.start - 4):cand.start].lower().endswith("the "):
                    return False
        if cand.kind == "duration":
            num = (m.groupdict().get("num") or "").lower()
            if num in ("a", "an") and m.group("unit").lower() in ("second", "minute") and not m.groupdict().get("andhalf"):
                before = text[max(0, cand.start - 10):cand.start].lower()
                if not re.search(r"(?:for|in|within|over|about|than|after|only|just)\s*$", before):
                    return False
            if num in ("one",) and m.group("unit").lower() == "day" and not m.groupdict().get("the"):
                after = text[cand.end:cand.end + 3]
                if not after.startswith("-") and re.match(r"^\s*,", after) is None:
                    pass
            if num.isdigit() and m.group("unit").lower() in ("second", "seconds") and not text[cand.start:cand.end].endswith("s"):
                return False
            if num == "second" or num == "first":
                return False
            if num.isdigit() and len(num) == 4:
                return False  # "the 1988 quarter": a year, not an amount
        return True

    # ------------------------------------------------------------------ normalizing

    def _normalize(self, cand: Candidate, doc, text: str, anchor: dt.date | None, ref: dt.date | None):
        kind = cand.kind
        m = cand.match
        g = m.groupdict()
        start, end = cand.start, cand.end
        if g.get("poss"):
            end = m.start("poss")
        handler = getattr(self, f"_norm_{kind}")
        return handler(m, g, start, end, doc, text, anchor, ref)

    def _year_before_quarter(self) -> str | None:
        if self._ref_quarter:
            return f"{int(self._ref_quarter[:4]) - 1:04d}{self._ref_quarter[4:]}"
        return None

    # helpers ------------------------------------------------------------
    def _month(self, word: str | None) -> int | None:
        if not word:
            return None
        return self.months.get(word.lower().rstrip("."))

    def _weekday(self, word: str | None) -> int | None:
        if not word:
            return None
        return self.weekdays.get(word.lower().rstrip("."))

    def _year_number(self, word: str | None) -> int | None:
        """A year written in digits or words ("nineteen ninety-four")."""
        if not word:
            return None
        if word.strip().isdigit():
            return int(word)
        parts = word.lower().replace("-", " ").split()
        if parts and parts[0] in ("nineteen", "eighteen"):
            rest = self._number(" ".join(parts[1:]))
            if rest is not None:
                return (1900 if parts[0] == "nineteen" else 1800) + int(rest)
        return None

    def _number(self, word: str | None) -> float | None:
        """Words or digits to a number; None for vague amounts ("several")."""
        if not word:
            return None
        w = " ".join(word.lower().replace("-", " ").split())
        if w in self.numbers:
            return float(self.numbers[w])
        half = 0.0
        if w.endswith(" and a half"):
            half, w = 0.5, w[: -len(" and a half")]
        elif w.endswith(" a half"):
            half, w = 0.5, w[: -len(" a half")]
        frac = re.match(r"^(\d+)?\s*(\d)/(\d)$", w)
        if frac:
            whole = float(frac.group(1) or 0)
            return whole + int(frac.group(2)) / max(int(frac.group(3)), 1) + half
        try:
            return float(w) + half
        except ValueError:
            pass
        total = 0.0
        for part in w.split():
            if part in self.numbers:
                total += float(self.numbers[part])
            else:
                return None
        return total + half if total else None

    def _tense(self, doc, start, end) -> str | None:
        return tense_at(doc, start, end)

    # how many days of distance a date "against the tense" costs (weekdays, then months)
    WEEKDAY_PENALTY = {"past": 4, "future": 4, None: 1}
    MONTH_PENALTY = {"past": 90, "future": 90, None: 30}
    MONTH_ONLY_PENALTY = {"past": 180, "future": 180, None: 30}

    @staticmethod
    def _pick_by_tense(options: list[dt.date], anchor: dt.date, tense: str | None, penalty: dict) -> dt.date:
        """The option nearest the anchor, where being on the wrong side of the tense costs extra days.

        Past tense: later dates cost ``penalty['past']`` days more; future tense: earlier dates cost
        more; present or unknown tense: later dates cost ``penalty[None]`` more (news mostly reports
        what has happened).
        """
        def cost(day: dt.date) -> float:
            diff = (day - anchor).days
            extra = 0
            if tense == "past" and diff > 0:
                extra = penalty["past"]
            elif tense == "future" and diff < 0:
                extra = penalty["future"]
            elif tense not in ("past", "future") and diff > 0:
                extra = penalty[None]
            return abs(diff) + extra

        return min(options, key=cost)

    def _resolve_weekday(self, wd: int, anchor: dt.date, tense: str | None, rel: str | None) -> dt.date:
        base = anchor.isoweekday()
        back = (base - wd) % 7  # days back to the previous (or same) such weekday
        fwd = (wd - base) % 7
        if rel in ("next", "this coming", "coming"):
            return anchor + dt.timedelta(days=fwd or 7)
        if rel in ("last", "this past", "previous"):
            return anchor - dt.timedelta(days=back or 7)
        options = [anchor - dt.timedelta(days=back), anchor + dt.timedelta(days=fwd)]
        return self._pick_by_tense(options, anchor, tense, self.WEEKDAY_PENALTY)

    def _resolve_month_year(self, month: int, day: int | None, anchor: dt.date, tense: str | None) -> int:
        """Year of a month (and day) given without one: nearest to the article date, weighed by tense."""
        if day is None and month == anchor.month:
            return anchor.year
        penalty = self.MONTH_PENALTY if day else self.MONTH_ONLY_PENALTY
        options = {}
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                options[dt.date(year, month, day or 15)] = year
            except ValueError:
                options[dt.date(year, month, 28)] = year
        return options[self._pick_by_tense(list(options), anchor, tense, penalty)]

    def _with_pod(self, date_value: str, pod: str | None) -> tuple[str, str]:
        if pod:
            code = self.parts.get(pod.lower())
            if code and code != "MI":
                return "TIME", f"{date_value}T{code}"
            if code == "MI":
                return "TIME", f"{date_value}T12:00"
        return "DATE", date_value

    # handlers ------------------------------------------------------------
    def _norm_date(self, m, g, start, end, doc, text, anchor, ref):
        month = self._month(g.get("month"))
        if month is None:
            return None
        day = None
        if g.get("day"):
            day = int(re.match(r"\d+", g["day"]).group(0))
        year = self._year_number(g.get("year"))
        rel = (g.get("rel") or "").lower()
        if year is None and rel and anchor:
            year = anchor.year + {"this": 0, "last": -1, "next": 1}[rel]
        if year is None:
            if anchor is None:
                value = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
                return "DATE", value, start, end
            year = self._resolve_month_year(month, day, anchor, self._tense(doc, start, end))
            weekday = self._weekday(g.get("wd") or g.get("wd2"))
            if day and weekday:
                # "Monday, Oct. 26": prefer the nearby year in which that date is that weekday
                for option in (year, year - 1, year + 1):
                    try:
                        if dt.date(option, month, day).isoweekday() == weekday:
                            year = option
                            break
                    except ValueError:
                        continue
        if day:
            try:
                dt.date(year, month, day)
            except ValueError:
                return None
            return "DATE", f"{year:04d}-{month:02d}-{day:02d}", start, end
        return "DATE", f"{year:04d}-{month:02d}", start, end

    def _norm_isodate(self, m, g, start, end, doc, text, anchor, ref):
        try:
            day = dt.date(int(g["year"]), int(g["month"]), int(g["day"]))
        except ValueError:
            return None
        return "DATE", day.isoformat(), start, end

    def _norm_numdate(self, m, g, start, end, doc, text, anchor, ref):
        year = int(g["year"])
        if year < 100:
            year += 1900 if year > 30 else 2000
        try:
            day = dt.date(year, int(g["month"]), int(g["day"]))
        except ValueError:
            return None
        return "DATE", day.isoformat(), start, end

    def _norm_year(self, m, g, start, end, doc, text, anchor, ref):
        return "DATE", f"{int(g['year']):04d}", start, end

    def _norm_decade(self, m, g, start, end, doc, text, anchor, ref):
        if g.get("cent"):
            return "DATE", f"{g['cent']}{g['dec']}", start, end
        short = int(g["short"])
        century = 19
        if anchor and anchor.year >= 2000 and short * 10 <= anchor.year % 100:
            century = 20
        return "DATE", f"{century}{short}", start, end

    def _norm_decadeword(self, m, g, start, end, doc, text, anchor, ref):
        digit = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"].index(
            g["dw"].lower()) + 2
        century = {"nineteen": 19, "eighteen": 18}.get((g.get("c") or "").lower(), 19)
        return "DATE", f"{century}{digit}", start, end

    def _norm_century(self, m, g, start, end, doc, text, anchor, ref):
        word = g["ord"].lower()
        n = int(word[:-2]) if word[:-2].isdigit() else self.ordinals.get(word)
        if not n or n > 30:
            return None
        return "DATE", f"{n - 1:02d}", start, end

    def _norm_spelledyear(self, m, g, start, end, doc, text, anchor, ref):
        if g.get("tt"):
            extra = self._number(g.get("c")) or 0
            return "DATE", f"{2000 + int(extra):04d}", start, end
        century = 19 if g["a"].lower() == "nineteen" else 18
        rest = self._number(g["b"])
        if rest is None:
            return None
        return "DATE", f"{century}{int(rest):02d}", start, end

    def _quarter_year(self, q: int, anchor: dt.date, tense: str | None) -> int:
        if q > quarter_of(anchor) and tense != "future":
            return anchor.year - 1
        return anchor.year

    def _norm_quarter(self, m, g, start, end, doc, text, anchor, ref):
        ords = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}
        rel = " ".join((g.get("q_rel") or "").lower().split())
        q = ords.get((g.get("q_ord") or "").lower())
        year = int(g["q_year"]) if g.get("q_year") else None
        poss = (g.get("yr_poss") or "").lower()
        if poss and year is None:
            if poss[:4].isdigit():
                year = int(poss[:4])
            elif anchor:
                year = anchor.year + (-1 if poss.startswith("last") else 1 if poss.startswith("next") else 0)
        if anchor is None:
            if q and year:
                return "DATE", f"{year}-Q{q}", start, end
            return "DATE", "XXXX-QX" if not q else f"XXXX-Q{q}", start, end
        tense = self._tense(doc, start, end)
        if q is None:
            # "the quarter", "the latest quarter": the quarter being reported (the last complete one)
            cur_y, cur_q = anchor.year, quarter_of(anchor)
            if rel in ("current", "this") and tense in ("future", "present"):
                ry, rq = cur_y, cur_q
            elif rel in ("next",):
                ry, rq = (cur_y + 1, 1) if cur_q == 4 else (cur_y, cur_q + 1)
            elif rel in ("current", "this"):
                ry, rq = cur_y, cur_q
            else:
                ry, rq = (cur_y - 1, 4) if cur_q == 1 else (cur_y, cur_q - 1)
            if "year" in rel:
                ry -= 1
            return "DATE", f"{ry}-Q{rq}", start, end
        if year is None:
            year = self._quarter_year(q, anchor, tense)
            if "year" in rel:
                year -= 1
        return "DATE", f"{year}-Q{q}", start, end

    def _norm_half(self, m, g, start, end, doc, text, anchor, ref):
        h = 1 if g["h_ord"].lower() == "first" else 2
        year = int(g["h_year"]) if g.get("h_year") else None
        if year is None and anchor is not None:
            rel = (g.get("h_yrrel") or g.get("h_rel") or "").lower()
            year = anchor.year + (-1 if rel.startswith("last") else 1 if rel.startswith("next") else 0)
            if not rel and h == 2 and anchor.month <= 6 and self._tense(doc, start, end) == "past":
                year -= 1
        if year is None:
            return "DATE", f"XXXX-H{h}", start, end
        return "DATE", f"{year}-H{h}", start, end

    def _norm_deictic(self, m, g, start, end, doc, text, anchor, ref):
        word = g["deictic"].lower()
        offset = self.deictic.get(word, 0)
        if g.get("dd"):
            offset += -1 if g["dd"].lower() == "before" else 1
        pod = g.get("pod") or g.get("pod2")
        if word == "tonight":
            pod = pod or "night"
        if word == "overnight":
            pod = "night"
        if anchor is None:
            if offset == 0 and not pod:
                return "DATE", "PRESENT_REF", start, end
            base = "XXXX-XX-XX"
        else:
            base = (anchor + dt.timedelta(days=offset)).isoformat()
        if word == "overnight":
            return "TIME", f"{base}TNI", start, end
        ttype, value = self._with_pod(base, pod)
        return ttype, value, start, end

    def _norm_thispod(self, m, g, start, end, doc, text, anchor, ref):
        rel = g["rel"].lower()
        offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
        base = (anchor + dt.timedelta(days=offset)).isoformat() if anchor else "XXXX-XX-XX"
        ttype, value = self._with_pod(base, g["pod"])
        return ttype, value, start, end

    def _norm_weekday(self, m, g, start, end, doc, text, anchor, ref):
        wd = self._weekday(g["wd"])
        if wd is None:
            return None
        pod = g.get("pod") or g.get("pod0")
        if g.get("plural") and not g.get("rel"):
            value = f"XXXX-WXX-{wd}"
            code = self.parts.get(pod.lower()) if pod else None
            return "SET", value + (f"T{code}" if code else ""), start, end
        rel = " ".join((g.get("rel") or "").lower().split()) or None
        if anchor is None:
            base = f"XXXX-WXX-{wd}"
        else:
            base = self._resolve_weekday(wd, anchor, self._tense(doc, start, end), rel).isoformat()
        ttype, value = self._with_pod(base, pod)
        return ttype, value, start, end

    def _unit_code(self, word: str) -> str | None:
        return self.units.get(word.lower())

    def _norm_relunit(self, m, g, start, end, doc, text, anchor, ref):
        rel = " ".join((g.get("rel") or "").lower().split())
        unit_word = g["unit"].lower().rstrip(".")
        step = {"this": 0, "current": 0, "latest": 0, "this past": -1, "past": -1, "last": -1, "previous": -1,
                "next": 1, "coming": 1, "this coming": 1, "following": 1, "upcoming": 1}.get(rel, 0)
        if anchor is None:
            if unit_word in self.months:
                return "DATE", f"XXXX-{self.months[unit_word]:02d}", start, end
            unresolved = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                          "decade": "XXX", "century": "XX"}
            if unit_word in self.seasons:
                return "DATE", f"XXXX-{self.seasons[unit_word]}", start, end
            return "DATE", unresolved.get(unit_word, "XXXX"), start, end
        if unit_word in self.months:
            month = self.months[unit_word]
            if rel in ("this",):
                year = anchor.year
            elif step < 0:
                year = anchor.year if month < anchor.month else anchor.year - 1
            elif step > 0:
                year = anchor.year if month > anchor.month else anchor.year + 1
            else:
                year = anchor.year
            if "year" in m.group(0).lower():  # "November of last year"
                year = anchor.year + step
            return "DATE", f"{year:04d}-{month:02d}", start, end
        if unit_word in self.seasons:
            code = self.seasons[unit_word]
            season_month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
            year = anchor.year
            if rel == "this":
                pass
            elif step < 0:
                year = anchor.year if season_month < anchor.month - 1 else anchor.year - 1
            elif step > 0:
                year = anchor.year if season_month > anchor.month + 1 else anchor.year + 1
            if "year" in m.group(0).lower():
                year = anchor.year + step
            return "DATE", f"{year:04d}-{code}", start, end
        if unit_word == "week":
            return "DATE", iso_week(anchor + dt.timedelta(weeks=step)), start, end
        if unit_word == "weekend":
            day = anchor + dt.timedelta(weeks=step)
            if step < 0 or (step == 0 and rel == "this past"):
                # the most recent weekend before the article date
                day = anchor - dt.timedelta(days=(anchor.isoweekday() % 7) + 1)
            return "DATE", iso_week(day) + "-WE", start, end
        if unit_word == "month":
            y, mo = add_months(anchor, step)
            return "DATE", f"{y:04d}-{mo:02d}", start, end
        if unit_word == "year":
            return "DATE", f"{anchor.year + step:04d}", start, end
        if unit_word == "decade":
            return "DATE", f"{(anchor.year // 10) + step:03d}", start, end
        if unit_word == "century":
            return "DATE", f"{(anchor.year // 100) + step:02d}", start, end
        return None

    def _norm_season(self, m, g, start, end, doc, text, anchor, ref):
        code = self.seasons[g["unit"].lower()]
        year = self._year_number(g["year"])
        if year is None:
            return None
        return "DATE", f"{year:04d}-{code}", start, end

    def _norm_weekend(self, m, g, start, end, doc, text, anchor, ref):
        if anchor is None:
            return "DATE", "XXXX-WXX-WE", start, end
        tense = self._tense(doc, start, end)
        if tense == "future":
            day = anchor + dt.timedelta(days=(6 - anchor.isoweekday()) % 7)
        else:
            day = anchor - dt.timedelta(days=(anchor.isoweekday() % 7) + 1) if anchor.isoweekday() < 6 else anchor
        return "DATE", iso_week(day) + "-WE", start, end

    def _norm_anaphoric(self, m, g, start, end, doc, text, anchor, ref):
        rel = " ".join(g["rel"].lower().split())
        unit = g["unit"].lower()
        base = ref or anchor
        step = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
                "the preceding": -1, "the prior": -1}.get(rel, 0)
        if unit in ("week", "month", "year") and step != 0:
            return None  # "the next year" is a duration, handled elsewhere
        if base is None:
            return "DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}.get(unit, "XXXX-XX-XX"), start, end
        if unit == "year":
            return "DATE", f"{(self._ref_year or base.year) + step:04d}", start, end
        if unit == "month":
            return "DATE", f"{base.year:04d}-{base.month:02d}", start, end
        if unit == "week":
            return "DATE", iso_week(base), start, end
        day = base + dt.timedelta(days=step)
        if unit == "day":
            return "DATE", day.isoformat(), start, end
        ttype, value = self._with_pod(day.isoformat(), unit)
        return ttype, value, start, end

    def _norm_ago(self, m, g, start, end, doc, text, anchor, ref):
        unit = self._unit_code(g["unit"])
        if unit is None:
            return None
        amount = self._number(g["num"])
        direction = " ".join(g["dir"].lower().split())
        sign = -1 if direction in ("ago", "earlier") else 1
        base = anchor if direction in ("ago", "from now", "hence") else (ref or anchor)
        if direction in ("earlier", "later") and unit not in ("Y", "DE", "CE", "Q"):
            # "three days later", "an hour earlier": TimeML marks the amount as a duration
            end = m.end("unit")
            if unit == "M" and g["unit"].lower().startswith("min"):
                unit = "MIN"
            value = duration_value(amount, unit) if amount is not None else duration_value(None, unit)
            return "DURATION", value.replace("PTXMIN", "PTXM"), m.start("num"), end
        if amount is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", start, end
        if base is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", start, end
        if unit == "Y" and amount == 1 and sign < 0 and self._year_before_quarter():
            return "DATE", self._year_before_quarter(), start, end
        if unit in ("Y", "DE", "CE"):
            years = amount * {"Y": 1, "DE": 10, "CE": 100}[unit]
            return "DATE", f"{base.year + sign * int(round(years)):04d}", start, end
        if unit == "Q":
            y, mo = add_months(base, sign * int(round(amount * 3)))
            return "DATE", f"{y:04d}-Q{(mo - 1) // 3 + 1}", start, end
        if unit == "M" and g["unit"].lower().startswith("mon"):
            y, mo = add_months(base, sign * int(round(amount)))
            return "DATE", f"{y:04d}-{mo:02d}", start, end
        if unit in ("W", "2W"):
            weeks = amount * (2 if unit == "2W" else 1)
            day = base + dt.timedelta(weeks=sign * weeks)
            return "DATE", day.isoformat() if weeks <= 2 else iso_week(day), start, end
        if unit == "D":
            return "DATE", (base + dt.timedelta(days=sign * amount)).isoformat(), start, end
        if unit in ("H", "M", "S"):
            return "DATE", base.isoformat(), start, end
        return None

    def _norm_dayrel(self, m, g, start, end, doc, text, anchor, ref):
        base = ref or anchor
        unit = g["unit"].lower()
        sign = -1 if g["dir"].lower() in ("before", "earlier") else 1
        if base is None:
            return "DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}.get(unit, "XXXX-XX-XX"), start, end
        if unit == "year":
            return "DATE", f"{(self._ref_year or base.year) + sign:04d}", start, end
        if unit == "month":
            y, mo = add_months(base, sign)
            return "DATE", f"{y:04d}-{mo:02d}", start, end
        if unit == "week":
            return "DATE", iso_week(base + dt.timedelta(weeks=sign)), start, end
        day = (base + dt.timedelta(days=sign)).isoformat()
        ttype, value = self._with_pod(day, unit if unit != "day" else None)
        return ttype, value, start, end

    def _norm_theyear(self, m, g, start, end, doc, text, anchor, ref):
        """'for the year', 'over the week': the period the article itself reports on."""
        unit = g["unit"].lower()
        if anchor is None:
            return "DATE", {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX"}[unit], start, end
        if unit == "week":
            return "DATE", iso_week(anchor), start, end
        if unit == "month":
            return "DATE", f"{anchor.year:04d}-{anchor.month:02d}", start, end
        return "DATE", f"{anchor.year:04d}", start, end

    def _norm_endof(self, m, g, start, end, doc, text, anchor, ref):
        """'year-end', 'the end of the month': a part of the article's own year, month or week."""
        g = dict(g, unit=g.get("unit") or g.get("unit2"))
        return self._norm_theyear(m, g, start, end, doc, text, anchor, ref)

    def _norm_period(self, m, g, start, end, doc, text, anchor, ref):
        return ("DATE", self._ref_quarter, start, end) if self._ref_quarter else None

    def _norm_yearago(self, m, g, start, end, doc, text, anchor, ref):
        unit = g["rel"].lower()
        base = anchor if g["dir"].lower() == "ago" else (ref or anchor)
        what = (g.get("what") or "").lower()
        if base is None:
            return "DATE", "PAST_REF", start, end
        if what == "quarter":
            q = quarter_of(base) - 1 or 4
            y = base.year - 1 - (1 if q == 4 and quarter_of(base) == 1 else 0)
            return "DATE", f"{y:04d}-Q{q}", start, end
        if unit == "year":
            if what in ("", "period", "quarter", "level", "results") and self._year_before_quarter():
                return "DATE", self._year_before_quarter(), start, end
            return "DATE", f"{base.year - 1:04d}", start, end
        if unit == "month":
            y, mo = add_months(base, -1)
            return "DATE", f"{y:04d}-{mo:02d}", start, end
        if unit == "week":
            return "DATE", iso_week(base - dt.timedelta(weeks=1)), start, end
        return "DATE", (base - dt.timedelta(days=1)).isoformat(), start, end

    def _norm_duration(self, m, g, start, end, doc, text, anchor, ref):
        unit_word = g["unit"].lower()
        unit = self._unit_code(unit_word)
        if unit is None:
            return None
        if unit == "M" and unit_word.startswith("min"):
            unit = "MIN"
        rel = (g.get("rel") or "").lower()
        if rel in ("for", "within", "in", "over"):
            # bare plural after a preposition: "for years"; the preposition is not part of the extent
            start = m.start("unit")
            return "DURATION", duration_value(None, unit if unit != "MIN" else "MIN").replace("PTXMIN", "PTXM"), start, end
        if unit == "WE":
            return None
        if unit == "Q" and re.match(r"^\s+of\b", text[end:end + 5]):
            return None  # "a quarter of the market": a fraction
        num_word = g.get("num")
        if (num_word or "").lower() in ("a", "an") and not g.get("the") and not g.get("rel") and _RATE_BEFORE.search(
                text, max(0, start - 30), start):
            # "$2 million a year", "24 hours a day", "four flights a week": a frequency
            return "SET", duration_value(1, unit), start, end
        amount = self._number(num_word) if num_word else None
        if amount is not None and g.get("andhalf"):
            amount += 0.5
        if unit == "MIN":
            value = duration_value(amount, "MIN") if amount is not None else "PTXM"
        else:
            value = duration_value(amount, unit)
        return "DURATION", value, start, end

    def _norm_set(self, m, g, start, end, doc, text, anchor, ref):
        if g.get("setword"):
            return "SET", self.sets[g["setword"].lower()], start, end
        unit_word = g["unit"].lower().rstrip(".")
        if unit_word in self.weekdays:
            return "SET", f"XXXX-WXX-{self.weekdays[unit_word]}", start, end
        if unit_word in self.parts:
            return "SET", f"XXXX-XX-XXT{self.parts[unit_word]}", start, end
        unit = self._unit_code(unit_word)
        if unit is None:
            return None
        if unit == "M" and unit_word.startswith("min"):
            unit = "MIN"
        amount = self._number(g.get("num")) if g.get("num") else 1.0
        return "SET", duration_value(amount, unit), start, end

    def _norm_clock(self, m, g, start, end, doc, text, anchor, ref):
        if g.get("word"):
            hm = self.clock_words.get(g["word"].lower(), "12:00")
        else:
            if g.get("h") is not None:
                h, mi, ampm = int(g["h"]), int(g.get("m") or 0), (g.get("ampm") or "").lower()
                if h > 12 or h == 0:
                    if ampm:
                        return None
                if ampm.startswith("p") and h < 12:
                    h += 12
                if ampm.startswith("a") and h == 12:
                    h = 0
            elif g.get("h2") is not None:
                h, mi = int(g["h2"]), int(g["m2"])
                # "3:30" with no am/pm and no day: too ambiguous (scores, ratios)
                if not g.get("day") and not g.get("tz"):
                    before = text[max(0, start - 6):start].lower()
                    if not re.search(r"\b(?:at|by|until|till|from|since|before|after)\s*$", before):
                        return None
            elif g.get("h3") is not None:
                h, mi = int(g["h3"]), 0
            elif g.get("h5") is not None:
                h, mi = int(g["h5"]), int(g["m5"])
            else:
                h, mi = int(g["h4"]), 0
                if g.get("ipod", "").lower() in ("afternoon", "evening") and h < 12:
                    h += 12
            hm = f"{h:02d}:{mi:02d}"
        # the day it belongs to
        day_word = (g.get("day") or "").lower()
        if anchor is None:
            base = "XXXX-XX-XX"
        elif g.get("wd"):
            wd = self._weekday(g["wd"])
            base = self._resolve_weekday(wd, anchor, self._tense(doc, start, end), None).isoformat()
        elif g.get("month"):
            month = self._month(g["month"])
            dnum = int(re.match(r"\d+", g["dnum"]).group(0))
            year = self._resolve_month_year(month, dnum, anchor, self._tense(doc, start, end))
            try:
                base = dt.date(year, month, dnum).isoformat()
            except ValueError:
                base = anchor.isoformat()
        elif day_word in self.deictic:
            base = (anchor + dt.timedelta(days=self.deictic[day_word])).isoformat()
        else:
            base = (ref or anchor).isoformat()
        ttype = "TIME"
        return ttype, f"{base}T{hm}", start, end

    def _norm_holiday(self, m, g, start, end, doc, text, anchor, ref):
        name = " ".join(g["holiday"].lower().split())
        rel = (g.get("rel") or "").lower()
        if anchor is None:
            mmdd = self.holidays.get(name)
            return "DATE", f"XXXX-{mmdd}" if mmdd else "XXXX-XX-XX", start, end

        def date_in(year: int) -> dt.date | None:
            if name in self.holidays:
                mo, d = (int(x) for x in self.holidays[name].split("-"))
                return dt.date(year, mo, d)
            if name.startswith("thanksgiving"):
                first = dt.date(year, 11, 1)
                return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
            if name.startswith("easter"):
                return easter(year)
            return None

        options = [d for d in (date_in(anchor.year - 1), date_in(anchor.year), date_in(anchor.year + 1)) if d]
        if not options:
            return None
        tense = self._tense(doc, start, end)
        if rel == "last" or (tense == "past" and rel != "next"):
            pick = max((d for d in options if d <= anchor), default=options[0])
        elif rel == "next" or tense == "future":
            pick = min((d for d in options if d >= anchor), default=options[-1])
        else:
            pick = min(options, key=lambda d: abs((d - anchor).days))
        return "DATE", pick.isoformat(), start, end

    def _norm_ref(self, m, g, start, end, doc, text, anchor, ref):
        key = " ".join(g["ref"].lower().split())
        return "DATE", self.references[key], start, end


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


# --------------------------------------------------------------------------- for other extractors


def governing_time(record: ArticleRecord, doc, start_char: int, end_char: int) -> tuple[str | None, str]:
    """The date of the time expression that governs an event at ``[start_char, end_char)``.

    Returns ``(value, precision)`` where ``value`` is a TimeML calendar value
    (``2021-05-10``, ``2021-W18``, ``2021-05``, ``2021``; a TIME value is cut to
    its date) and ``precision`` is ``day``, ``week``, ``month``, ``year`` or
    ``unknown``. It reads ``record.times`` (the times extractor must have run):

    1. a DATE/TIME expression attached in the dependency tree to the same verb
       as the event (the event's verb, or the expression's governing verb is
       an ancestor of the event's tokens), within the same sentence;
    2. else any DATE/TIME expression in the same sentence whose value is a
       resolvable calendar value (the nearest one to the event);
    3. else the article date (``record.date``) with precision ``day``;
    4. else ``(None, "unknown")``.

    Never raises: odd offsets fall back to the article date.
    """
    fallback = (record.date, "day") if record.date else (None, "unknown")
    try:
        times = [t for t in record.times if t.type in ("DATE", "TIME") and _calendar_value(t.value)]
        if not times or doc is None:
            return fallback
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return fallback
        sent = span.sent
        in_sent = [t for t in times if sent.start_char <= t.start and t.end <= sent.end_char]
        if not in_sent:
            return fallback
        event_verb = _verb_of(span.root)
        best = None
        for t in in_sent:
            tspan = doc.char_span(t.start, t.end, alignment_mode="expand")
            if tspan is None or len(tspan) == 0:
                continue
            verb = _verb_of(tspan.root)
            if event_verb is not None and verb is not None:
                if verb == event_verb:
                    rank = (0, abs(t.start - start_char))
                elif verb in span.root.ancestors:
                    rank = (1, abs(t.start - start_char))
                else:
                    continue
                if best is None or rank < best[0]:
                    best = (rank, t)
        if best is None:
            best = min(((abs(t.start - start_char), t) for t in in_sent), key=lambda pair: pair[0])
        value = _calendar_value(best[1].value)
        return value, value_precision(value)
    except Exception:
        log.debug("governing_time failed", exc_info=True)
        return fallback


def _calendar_value(value: str | None) -> str | None:
    """The calendar part of a TimeML value (dates and times), or None for refs, durations, unresolved."""
    if not value:
        return None
    match = re.match(r"^(\d{4}(?:-\d\d-\d\d|-W\d\d|-\d\d|-Q\d|-H\d|-SP|-SU|-FA|-WI)?)(?:T.*)?$", value)
    return match.group(1) if match else None


def _verb_of(token):
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
    return None
