"""`eventwire bench time`: TimeML time expressions on TempEval-3's training gold (TBAQ).

Each ``.tml`` file gives the article date (the DCT: the TIMEX3 with
``functionInDocument="CREATION_TIME"``) and the gold TIMEX3 tags inside
``<TEXT>``. The tags are stripped to get the article text with the gold
character offsets kept; the pipeline runs with only the ``times`` extractor.

Scores follow the TempEval-3 scorer: strict (exact) and relaxed (overlap)
extent precision/recall/F1; type and value accuracy over the relaxed-matched
pairs; value F1 = value accuracy x relaxed F1 (likewise type F1).
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .report import BenchResult, bench_dir, markdown_table, prf

log = logging.getLogger(__name__)

ANCHORS = [
    # system, value F1 (percent), note
    ("HeidelTime (TempEval-3 test, best system)", 77.61, "published"),
    ("SUTime (TempEval-3 test)", 67.38, "published"),
    ("dateparser with gold spans (TempEval-3 test)", 62.0, "date value accuracy, approx."),
]


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: str | None
    timexes: list[Timex] = field(default_factory=list)


_TOKEN = re.compile(r"<[^>]+>|&#?\w+;|[^<&]+|[<&]")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(content: str, name: str = "") -> TimeMLDoc:
    """Text of <TEXT> with tags removed (entities decoded) and the gold TIMEX3s as char offsets."""
    dct = None
    dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", content)
    if dct_match:
        dct = dict(_ATTR.findall(dct_match.group(1))).get("value")
    begin = content.find("<TEXT>")
    finish = content.find("</TEXT>")
    body = content[begin + len("<TEXT>"):finish] if begin >= 0 and finish > begin else content
    out: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex = None
    for piece in _TOKEN.findall(body):
        if piece.startswith("<") and len(piece) > 1:
            if piece.startswith("<TIMEX3"):
                attrs = dict(_ATTR.findall(piece))
                open_timex = (length, attrs)
            elif piece.startswith("</TIMEX3") and open_timex is not None:
                start, attrs = open_timex
                text = "".join(out)[start:length]
                if attrs.get("functionInDocument") != "CREATION_TIME":
                    timexes.append(Timex(start, length, text, attrs.get("type", ""), attrs.get("value", "")))
                open_timex = None
            continue
        if piece.startswith("&") and len(piece) > 1:
            piece = html.unescape(piece)
        out.append(piece)
        length += len(piece)
    return TimeMLDoc(name=name, text="".join(out), dct=dct, timexes=timexes)


def load_tbaq(data_dir: Path, limit: int | None = None) -> list[TimeMLDoc]:
    files = sorted(data_dir.glob("**/*.tml"))
    if limit:
        files = files[:limit]
    return [parse_tml(path.read_text(encoding="utf-8"), path.stem) for path in files]


# ----------------------------------------------------------------------------- scoring (pure)


def match_pairs(gold: list[tuple[int, int]], system: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one overlap matching (index pairs), greatest overlap first."""
    candidates = []
    for gi, (gs, ge) in enumerate(gold):
        for si, (ss, se) in enumerate(system):
            overlap = min(ge, se) - max(gs, ss)
            if overlap > 0:
                candidates.append((-overlap, gi, si))
    candidates.sort()
    used_g, used_s, pairs = set(), set(), []
    for _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    return pairs



@dataclass
class Score:
    n_gold: int = 0
    n_system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: "Score") -> None:
        for name in ("n_gold", "n_system", "strict", "relaxed", "type_ok", "value_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        sp, sr, sf = prf(self.strict, self.n_system, self.n_gold)
        rp, rr, rf = prf(self.relaxed, self.n_system, self.n_gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "type_acc": type_acc, "value_acc": value_acc,
            "type_f1": type_acc * rf, "value_f1": value_acc * rf,
        }


def score_doc(gold: list[Timex], system: list, errors: Counter | None = None, missed: Counter | None = None) -> Score:
    """Score one document; ``system`` items need start, end, type, value (and text)."""
    score = Score(n_gold=len(gold), n_system=len(system))
    pairs = match_pairs([(g.start, g.end) for g in gold], [(s.start, s.end) for s in system])
    matched_gold = set()
    for gi, si in pairs:
        g, s = gold[gi], system[si]
        matched_gold.add(gi)
        score.relaxed += 1
        if (g.start, g.end) == (s.start, s.end):
            score.strict += 1
        if g.type == s.type:
            score.type_ok += 1
        if g.value.strip().upper() == (s.value or "").strip().upper():
            score.value_ok += 1
        elif errors is not None:
            errors[(g.text.lower(), g.value, s.value)] += 1
    if missed is not None:
        for gi, g in enumerate(gold):
            if gi not in matched_gold:
                missed[(g.type, g.text.lower())] += 1
    return score


# ----------------------------------------------------------------------------- run


def run(data_dir=None, limit=None) -> BenchResult:
    from ..pipeline import Pipeline, load_nlp

    path = bench_dir("time/tbaq", data_dir)
    docs = load_tbaq(path, limit)
    pipe = Pipeline(nlp=load_nlp(), extractors=["times"])
    items = [{"id": d.name, "text": d.text, "date": d.dct} for d in docs]
    started = time.perf_counter()
    records = list(pipe.extract_many(items))
    seconds = time.perf_counter() - started
    total = Score()
    errors: Counter = Counter()
    missed: Counter = Counter()
    spurious: Counter = Counter()
    missed_types: Counter = Counter()
    for doc, record in zip(docs, records):
        system = record.times if record.ok else []
        total.add(score_doc(doc.timexes, system, errors, missed))
        pairs = match_pairs([(g.start, g.end) for g in doc.timexes], [(s.start, s.end) for s in system])
        hit = {si for _, si in pairs}
        for si, s in enumerate(system):
            if si not in hit:
                spurious[s.text.lower()] += 1
    for (ttype, _), n in missed.items():
        missed_types[ttype] += n
    f = total.figures()
    pct = {k: 100 * v for k, v in f.items()}
    rows = [[
        "eventwire times (rules)", f"{pct['strict_p']:.1f}", f"{pct['strict_r']:.1f}", f"{pct['strict_f1']:.1f}",
        f"{pct['relaxed_p']:.1f}", f"{pct['relaxed_r']:.1f}", f"{pct['relaxed_f1']:.1f}",
        f"{pct['type_acc']:.1f}", f"{pct['value_acc']:.1f}", f"**{pct['value_f1']:.2f}**",
    ]]
    for system_name, value_f1, note in ANCHORS:
        rows.append([f"{system_name} ({note})", "", "", "", "", "", "", "", "", f"{value_f1:.2f}"])
    table = markdown_table(
        ["system", "strict P", "strict R", "strict F1", "relaxed P", "relaxed R", "relaxed F1",
         "type acc", "value acc", "value F1"], rows)
    top_errors = "\n".join(f"- `{t}`: gold `{g}`, ours `{s}` ({n})" for (t, g, s), n in errors.most_common(12))
    top_missed = "\n".join(f"- {ty} `{t}` ({n})" for (ty, t), n in missed.most_common(10))
    top_spurious = "\n".join(f"- `{t}` ({n})" for t, n in spurious.most_common(8))
    missed_line = ", ".join(f"{ty} {n}" for ty, n in missed_types.most_common())
    markdown = (
        "## time — TimeML time expressions (TempEval-3 TBAQ, development set)\n\n"
        f"{len(docs)} TimeML documents, {total.n_gold} gold TIMEX3 (the DCT excluded), "
        f"{total.n_system} found; scored as the TempEval-3 scorer does "
        "(relaxed = overlap; value F1 = value accuracy x relaxed F1). Anchors are published figures "
        "on the TempEval-3 *test* set, not this one. Pipeline with only the `times` extractor, "
        f"{seconds:.1f} s including parsing.\n\n"
        f"{table}\n\n"
        f"Target: value F1 >= 80.0. Missed gold expressions by type: {missed_line or 'none'}.\n\n"
        f"Most common value errors (text: gold vs ours):\n{top_errors or '- none'}\n\n"
        f"Most often missed:\n{top_missed or '- none'}\n\n"
        f"Most common spurious finds:\n{top_spurious or '- none'}\n"
    )
    figures = {k: round(v, 4) for k, v in f.items()}
    figures.update({"n_docs": len(docs), "n_gold": total.n_gold, "n_system": total.n_system})
    return BenchResult(task="time", markdown=markdown, figures=figures)
