"""Event trigger patterns (verbs, nouns, predicate adjectives) and frame refinements, as data.

``event_patterns.csv`` lists, per CAMEO code, the lemmas that trigger it with
optional constraints (a particle or preposition on the trigger, object or
modifier lemmas, the source actor's sector) and where the target is found.
``event_frames.csv`` refines the code of a frame verb (appeal, demand, intent,
reject, threaten) from the code of the action it governs ("urged ... to
release" -> 0253). Users extend both with files of the same columns.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..codes import read_rows

KINDS = ("verb", "noun", "adj", "light")
FRAMES = frozenset({"appeal", "demand", "intent", "reject", "threaten", "accuse"})


@dataclass(frozen=True)
class Pattern:
    kind: str
    lemma: str
    prep: str
    objects: frozenset[str]
    code: str
    frame: str
    target: tuple[str, ...]
    sectors: frozenset[str]

    @property
    def suppresses(self) -> bool:
        """A "not an event" entry: the words match but mean something else."""
        return self.code == "-"

    @property
    def is_frame(self) -> bool:
        return self.frame in FRAMES

    @property
    def nested_only(self) -> bool:
        return self.frame == "nested"

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (bool(self.sectors), bool(self.objects), bool(self.prep))

    def accepts(self, preps: frozenset[str], objects: frozenset[str], sector: str | None) -> bool:
        if self.prep and self.prep not in preps:
            return False
        if self.objects and not (self.objects & objects):
            return False
        if self.sectors and sector not in self.sectors:
            return False
        return True


def _bar(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip().lower() for part in (value or "").split("|") if part.strip())


def pattern_from_row(row: dict) -> Pattern | None:
    kind = (row.get("kind") or "").strip().lower()
    lemma = (row.get("lemma") or "").strip().lower()
    if kind not in KINDS or not lemma:
        return None
    return Pattern(
        kind=kind,
        lemma=lemma,
        prep=(row.get("prep") or "").strip().lower(),
        objects=frozenset(_bar(row.get("objects"))),
        code=(row.get("code") or "").strip(),
        frame=(row.get("frame") or "").strip().lower(),
        target=_bar(row.get("target")),
        sectors=frozenset(s.upper() for s in _bar(row.get("sector"))),
    )


def _read_user_rows(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


class PatternBook:
    """Trigger patterns indexed by (kind, lemma), most specific first, plus frame refinements."""

    def __init__(self, pattern_rows: Iterable[dict], frame_rows: Iterable[dict]):
        index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        self.light: dict[str, str] = {}
        for row in pattern_rows:
            pattern = pattern_from_row(row)
            if pattern is None:
                continue
            if pattern.kind == "light":
                self.light[pattern.lemma] = pattern.prep
                continue
            index[(pattern.kind, pattern.lemma)].append(pattern)
        # later rows (user files) win ties: reverse before a stable sort on specificity
        self.index = {
            key: sorted(reversed(patterns), key=lambda p: p.specificity, reverse=True)
            for key, patterns in index.items()
        }
        # every trigger word, for a cheap first test on each token
        self.lemmas = frozenset(lemma for _, lemma in self.index) | frozenset(self.light)
        self.frames: dict[str, dict[str, str]] = defaultdict(dict)
        for row in frame_rows:
            frame, nested, code = (row.get(k, "").strip() for k in ("frame", "nested", "code"))
            if frame and nested and code:
                self.frames[frame.lower()][nested] = code

    @classmethod
    def default(cls, extra_patterns: Iterable[str | Path] = (), extra_frames: Iterable[str | Path] = ()) -> "PatternBook":
        patterns = read_rows("event_patterns.csv")
        frames = read_rows("event_frames.csv")
        for path in extra_patterns:
            patterns += _read_user_rows(path)
        for path in extra_frames:
            frames += _read_user_rows(path)
        return cls(patterns, frames)

    def candidates(self, kind: str, lemma: str) -> list[Pattern]:
        return self.index.get((kind, lemma), [])

    def has(self, kind: str, lemma: str) -> bool:
        return (kind, lemma) in self.index

    def refine(self, frame: str, nested_code: str) -> str | None:
        """The frame's code for a nested action, by the longest listed prefix of its code."""
        table = self.frames.get(frame)
        if not table or not nested_code:
            return None
        for cut in range(len(nested_code), 1, -1):
            code = table.get(nested_code[:cut])
            if code:
                return code
        return None
