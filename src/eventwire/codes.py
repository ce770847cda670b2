"""Event codebooks: CAMEO codes with Goldstein scores, the CAMEO to PLOVER map, ACLED types.

All three are package data files under ``eventwire/ontology/`` (``cameo.csv``,
``plover.csv``, ``acled.csv``), loaded once. ``CODEBOOK`` answers questions
about a CAMEO code; ``ACLED_RULES`` classifies a coded event into ACLED's event
and sub-event types from the words of its sentence.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def read_rows(filename: str) -> list[dict]:
    """Rows of a CSV file in ``eventwire/ontology``, skipping ``#`` comment lines."""
    text = resources.files("eventwire.ontology").joinpath(filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int


class Codebook:
    """CAMEO codes (name, Goldstein, quad class) and their PLOVER type and mode."""

    def __init__(self, cameo_rows: list[dict], plover_rows: list[dict]):
        self.codes = {
            row["code"]: CameoCode(row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]))
            for row in cameo_rows
        }
        self.plover = {row["cameo"]: (row["plover_type"] or None, row["plover_mode"] or None) for row in plover_rows}

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CameoCode | None:
        """The entry for ``code``, else for its nearest listed parent (``1384`` -> ``138`` -> ``13``)."""
        for cut in range(len(code), 1, -1):
            entry = self.codes.get(code[:cut])
            if entry is not None:
                return entry
        return None

    def plover_of(self, code: str) -> tuple[str | None, str | None]:
        """PLOVER (type, mode) of a CAMEO code; (None, None) for plain statements (01x)."""
        for cut in range(len(code), 1, -1):
            if code[:cut] in self.plover:
                return self.plover[code[:cut]]
        return None, None


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    return Codebook(read_rows("cameo.csv"), read_rows("plover.csv"))


def quad_of(code: str | None) -> int | None:
    """Quad class from the 2-digit root: 01-05 verbal coop, 06-08 material coop, 09-13 verbal conflict, 14-20 material conflict."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    root = int(code[:2])
    if not 1 <= root <= 20:
        return None
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


# ------------------------------------------------------------------ ACLED

ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY", "UAF", "INS", "SEP", "IMG", "PRM"})
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "LAB", "EDU", "MED", "HLH", "REL", "JRN", "AGR", "BUS"})


@dataclass(frozen=True)
class AcledRule:
    priority: int
    event_type: str
    sub_event_type: str
    cameo: tuple[str, ...]
    cues: tuple[str, ...]
    requires: tuple[str, ...]
    target: str

    def __post_init__(self):
        # single words are checked by set intersection, phrases by substring
        object.__setattr__(self, "cue_words", frozenset(c for c in self.cues if " " not in c and "-" not in c))
        object.__setattr__(self, "cue_phrases", tuple(f" {c} " for c in self.cues if " " in c or "-" in c))
        object.__setattr__(self, "req_words", frozenset(c for c in self.requires if " " not in c and "-" not in c))
        object.__setattr__(self, "req_phrases", tuple(f" {c} " for c in self.requires if " " in c or "-" in c))


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in (value or "").split("|") if part.strip())


class AcledRules:
    """ACLED event / sub-event type of a coded event, from the cue words of its sentence.

    Rules are tried in priority order; a rule applies when the event's CAMEO
    code starts with one of its prefixes, one of its cue lemmas (or phrases)
    occurs in the sentence, every ``requires`` group is met (one of its words
    occurs) and the target condition holds (``civilian``/``armed``).
    """

    def __init__(self, rows: list[dict]):
        self.rules = sorted(
            (
                AcledRule(
                    int(row["priority"]),
                    row["event_type"],
                    row["sub_event_type"],
                    _split(row["cameo"]),
                    _split(row["cues"]),
                    _split(row["requires"]),
                    (row.get("target") or "").strip(),
                )
                for row in rows
            ),
            key=lambda rule: rule.priority,
        )
        self.types = {rule.sub_event_type: rule.event_type for rule in self.rules}

    @staticmethod
    def _any(words: frozenset[str], text: str, single: frozenset[str], phrases: tuple[str, ...]) -> bool:
        return bool(single & words) or any(phrase in text for phrase in phrases)

    def classify(
        self,
        code: str,
        words: frozenset[str],
        text: str,
        target_sector: str | None = None,
        target_civilian: bool = False,
        local: list[tuple[frozenset[str], str]] = (),
    ) -> tuple[str, str] | None:
        """(event_type, sub_event_type) or None.

        ``words``: lemmas and lowercased forms of the sentence; ``text``: the same
        words joined by single spaces with a space at both ends. ``local``: the
        same for narrower scopes around the trigger, narrowest first; rules whose
        cues occur in a narrower scope win over cues elsewhere in the sentence.
        """
        passes = [*local, None]
        for scope in passes:
            cue_words, cue_text = scope if scope is not None else (words, text)
            for rule in self.rules:
                if scope is not None and not rule.cues:
                    continue
                if not any(code.startswith(prefix) for prefix in rule.cameo):
                    continue
                if rule.cues and not self._any(cue_words, cue_text, rule.cue_words, rule.cue_phrases):
                    continue
                if rule.requires and not self._any(words, text, rule.req_words, rule.req_phrases):
                    continue
                if rule.target == "civilian" and not (target_civilian or target_sector in CIVILIAN_SECTORS):
                    continue
                if rule.target == "armed" and target_sector not in ARMED_SECTORS:
                    continue
                return rule.event_type, rule.sub_event_type
        return None


@lru_cache(maxsize=1)
def acled_rules() -> AcledRules:
    return AcledRules(read_rows("acled.csv"))
