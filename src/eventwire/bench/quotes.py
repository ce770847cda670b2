"""Benchmark: quote attribution on PolNeAR (brat standoff), scored the way CofeNet scores it.

PolNeAR (Newell et al., LREC 2018) marks every attribution in US political
news with a Source, a Cue and a Content span (brat ``.ann`` beside the
``.txt``; an ``E`` line links one attribution's parts; a span may have several
fragments ``a b;c d``). Following CofeNet (Wang et al., COLING 2022), each role
is scored on its own as a set of spans per article: a span matches by its
exact boundaries (exact), by its first character (begin), or by sharing any
text with a span of the other side (overlap). Spans are split at line breaks
(so a quote running over paragraphs is one span per paragraph, as in the
gold fragments) and trimmed of surrounding white space.

textacy's ``direct_quotations`` (speaker, cue, content triples; benchmark-only
extra) is run on the same parsed Docs and scored the same way, overall and on
direct quotations only (gold contents that start with a quotation mark).
"""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .report import BenchResult, bench_dir, markdown_table

log = logging.getLogger(__name__)

ROLES = ("source", "cue", "content")
MODES = ("exact", "begin", "overlap")
# CofeNet (fine-tuned BERT), PolNeAR test, exact-match F1 (Wang et al. 2022, Table 3)
ANCHOR = {"source": 83.2, "cue": 75.3, "content": 72.9}
_OPENERS = "\"“„«'‘`"


# ---------------------------------------------------------------- reading


@dataclass
class Article:
    name: str
    text: str
    spans: dict[str, set[tuple[int, int]]] = field(default_factory=dict)


def parse_ann(ann: str, text: str) -> dict[str, set[tuple[int, int]]]:
    """Gold spans per role from a brat standoff file: only parts linked by an attribution event."""
    labels: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    linked: list[tuple[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        ident, body = parts[0], parts[1]
        if re.fullmatch(r"T\d+", ident):
            label, _, offsets = body.partition(" ")
            try:
                frags = [tuple(int(x) for x in frag.split()) for frag in offsets.split(";")]
            except ValueError:
                continue
            labels[ident] = (label, [f for f in frags if len(f) == 2])
        elif re.fullmatch(r"E\d+", ident):
            for arg in body.split()[1:]:
                role, _, target = arg.partition(":")
                linked.append((role.rstrip("0123456789").lower(), target))
    spans: dict[str, set[tuple[int, int]]] = {role: set() for role in ROLES}
    for role, target in linked:
        if role in spans and target in labels:
            for a, b in labels[target][1]:
                spans[role].update(normalize_spans(text, [(a, b)]))
    return spans


def normalize_spans(text: str, spans) -> list[tuple[int, int]]:
    """Split spans at line breaks and trim white space; drop empty pieces."""
    out = []
    for a, b in spans:
        a, b = max(0, a), min(len(text), b)
        pos = a
        for piece in re.split(r"(\n+)", text[a:b]):
            start, end = pos, pos + len(piece)
            pos = end
            if not piece.strip() or piece.startswith("\n"):
                continue
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append((start, end))
    return out


def load_polnear(path: Path, limit: int | None = None) -> list[Article]:
    """Articles of one PolNeAR split: text/NAME.txt with attributions/NAME_ANNOTATOR.ann (first annotator)."""
    texts = {p.stem: p for p in sorted((path / "text").glob("*.txt"))}
    articles = []
    seen = set()
    for ann in sorted((path / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        if name in seen or name not in texts:
            continue
        seen.add(name)
        text = texts[name].read_text(encoding="utf-8")
        articles.append(Article(name, text, parse_ann(ann.read_text(encoding="utf-8"), text)))
        if limit and len(articles) >= limit:
            break
    return articles


# ---------------------------------------------------------------- scoring


def _overlaps(span, others) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)


def match_counts(gold: set, pred: set, mode: str) -> tuple[int, int, int, int]:
    """(correct predictions, predictions, found gold, gold) for one role of one article."""
    gold, pred = set(gold), set(pred)
    if mode == "exact":
        hit = len(gold & pred)
        return hit, len(pred), hit, len(gold)
    if mode == "begin":
        gb, pb = {g[0] for g in gold}, {p[0] for p in pred}
        hit = len(gb & pb)
        return hit, len(pb), hit, len(gb)
    if mode == "overlap":
        return (sum(_overlaps(p, gold) for p in pred), len(pred), sum(_overlaps(g, pred) for g in gold), len(gold))
    raise ValueError(mode)


def prf(correct_pred: int, n_pred: int, found_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = correct_pred / n_pred if n_pred else 0.0
    r = found_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Scorer:
    """Accumulates counts per role and match mode over articles."""

    def __init__(self):
        self.counts: dict[tuple[str, str], list[int]] = {(r, m): [0, 0, 0, 0] for r in ROLES for m in MODES}

    def add(self, gold: dict[str, set], pred: dict[str, set]) -> None:
        for role in ROLES:
            for mode in MODES:
                c = match_counts(gold.get(role, set()), pred.get(role, set()), mode)
                acc = self.counts[(role, mode)]
                for i in range(4):
                    acc[i] += c[i]

    def score(self, role: str, mode: str) -> tuple[float, float, float]:
        return prf(*self.counts[(role, mode)])


def quotes_to_spans(text: str, quotes) -> dict[str, set]:
    """Our Quote records as role -> set of normalized spans."""
    spans = {role: set() for role in ROLES}
    for q in quotes:
        if q.speaker is not None:
            spans["source"].update(normalize_spans(text, [(q.speaker.start, q.speaker.end)]))
        if q.cue is not None:
            spans["cue"].update(normalize_spans(text, [(q.cue.start, q.cue.end)]))
        spans["content"].update(normalize_spans(text, [(q.content.start, q.content.end)]))
    return spans


def textacy_spans(doc) -> dict[str, set] | None:
    """textacy's direct_quotations as role -> spans; None when textacy is not installed.

    textacy refuses a whole Doc whose count of quotation marks is odd (ValueError);
    such an article counts as no output (``spans["failed"]`` is then True).
    """
    try:
        from textacy.extract.triples import direct_quotations
    except Exception:  # pragma: no cover - optional benchmark extra
        return None
    spans = {role: set() for role in ROLES}
    text = doc.text
    try:
        triples = list(direct_quotations(doc))
    except Exception as exc:  # textacy can fail on odd input; count as no output
        log.info("textacy gave up on an article: %s", exc)
        spans["failed"] = True
        return spans
    for triple in triples:
        for role, toks in (("source", triple.speaker), ("cue", triple.cue)):
            if toks:
                a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
                spans[role].update(normalize_spans(text, [(a, b)]))
        if triple.content is not None and len(triple.content):
            c = triple.content
            spans["content"].update(normalize_spans(text, [(c.start_char, c.end_char)]))
    return spans


def direct_only(text: str, spans: dict[str, set]) -> dict[str, set]:
    """Only content spans that are direct quotations (start with a quotation mark)."""
    return {"content": {s for s in spans["content"] if text[s[0]] in _OPENERS}}


# ---------------------------------------------------------------- run


def run(data_dir=None, limit=None, split: str = "dev") -> BenchResult:
    from ..pipeline import Pipeline
    from ..extract import REGISTRY
    from ..records import ArticleRecord

    path = bench_dir(f"quotes/polnear/{split}", data_dir)
    articles = load_polnear(path, limit)
    names = [n for n in ("actors", "quotes") if n in REGISTRY]
    pipe = Pipeline(extractors=names)
    ours, theirs = Scorer(), Scorer()
    ours_direct, theirs_direct = Scorer(), Scorer()
    missed, spurious = Counter(), Counter()
    textacy_ok = True
    textacy_failed = 0
    ours_direct_ok, theirs_direct_ok = Scorer(), Scorer()
    t_extract = 0.0
    started = time.perf_counter()
    docs = pipe.nlp.pipe((a.text for a in articles), batch_size=16)
    for article, doc in zip(articles, docs):
        record = ArticleRecord(id=article.name, text=article.text)
        t0 = time.perf_counter()
        for extractor in pipe.extractors:
            extractor(doc, record)
        t_extract += time.perf_counter() - t0
        pred = quotes_to_spans(article.text, record.quotes)
        ours.add(article.spans, pred)
        gold_direct = direct_only(article.text, article.spans)
        ours_direct.add(gold_direct, direct_only(article.text, pred))
        for a, b in article.spans["cue"] - pred["cue"]:
            missed[article.text[a:b].lower()] += 1
        for a, b in pred["cue"] - article.spans["cue"]:
            spurious[article.text[a:b].lower()] += 1
        other = textacy_spans(doc)
        if other is None:
            textacy_ok = False
        else:
            failed = bool(other.pop("failed", False))
            textacy_failed += failed
            if not failed:
                ours_direct_ok.add(gold_direct, direct_only(article.text, pred))
                theirs_direct_ok.add(gold_direct, direct_only(article.text, other))
            theirs.add(article.spans, other)
            theirs_direct.add(gold_direct, direct_only(article.text, other))
    elapsed = time.perf_counter() - started
    result = _report(split, len(articles), ours, theirs if textacy_ok else None, ours_direct,
                     theirs_direct if textacy_ok else None, missed, spurious, elapsed, t_extract)
    if textacy_ok:
        result.markdown += (f"\n\ntextacy gave up on {textacy_failed} of {len(articles)} articles "
                            "(an odd number of quotation marks in the article); they count as no output.")
        result.figures["textacy_failed_articles"] = textacy_failed
        f_o, f_t = ours_direct_ok.score("content", "exact")[2], theirs_direct_ok.score("content", "exact")[2]
        result.markdown += (f" On the other {len(articles) - textacy_failed} articles alone, direct-quote content "
                            f"exact F1 is {_pct(f_o)} for eventwire and {_pct(f_t)} for textacy.")
        result.figures["direct_content_exact_f1_textacy_ok_articles"] = _pct(f_o)
        result.figures["direct_content_exact_f1_textacy_ok_articles_textacy"] = _pct(f_t)
    return result


def _pct(x: float) -> float:
    return round(100 * x, 1)


def _report(split, n, ours, theirs, ours_direct, theirs_direct, missed, spurious, elapsed, t_extract) -> BenchResult:
    rows = []
    figures = {}
    for role in ROLES:
        for mode in MODES:
            p, r, f = ours.score(role, mode)
            figures[f"{role}_{mode}_f1"] = _pct(f)
            row = [role, mode, _pct(p), _pct(r), _pct(f)]
            if theirs is not None:
                row.append(_pct(theirs.score(role, mode)[2]))
            else:
                row.append("n/a")
            row.append(ANCHOR[role] if mode == "exact" else None)
            rows.append(row)
    table = markdown_table(["role", "match", "P", "R", "F1", "textacy F1", "CofeNet F1 (test)"], rows)
    d_rows = []
    for mode in MODES:
        f_ours = ours_direct.score("content", mode)[2]
        row = [mode, _pct(ours_direct.score("content", mode)[0]), _pct(ours_direct.score("content", mode)[1]), _pct(f_ours)]
        if theirs_direct is not None:
            f_t = theirs_direct.score("content", mode)[2]
            row += [_pct(f_t), round(_pct(f_ours) - _pct(f_t), 1)]
            figures[f"direct_content_{mode}_f1_textacy"] = _pct(f_t)
        else:
            row += ["n/a", None]
        figures[f"direct_content_{mode}_f1"] = _pct(f_ours)
        d_rows.append(row)
    direct = markdown_table(["direct-quote content", "P", "R", "F1", "textacy F1", "difference"], d_rows)
    gold_counts = {role: ours.counts[(role, "exact")][3] for role in ROLES}
    lines = [
        f"## Quotes: PolNeAR {split} ({n} articles)",
        "",
        "Attribution source, cue and content spans per article; exact, begin and overlap match "
        "as scored by CofeNet. Gold spans: " + ", ".join(f"{gold_counts[r]} {r}" for r in ROLES) + ". "
        "CofeNet (fine-tuned BERT) figures are its published exact-match F1 on PolNeAR test. "
        "textacy: `textacy.extract.triples.direct_quotations` on the same Docs"
        + ("" if theirs is not None else " (not installed: `pip install eventwire[bench]`)") + ".",
        "",
        table,
        "",
        "Direct quotations only (gold contents that open with a quotation mark):",
        "",
        direct,
        "",
        "Most frequent missed gold cues: " + ", ".join(f"{k!r} {v}" for k, v in missed.most_common(12)) + ".",
        "",
        "Most frequent spurious cues: " + ", ".join(f"{k!r} {v}" for k, v in spurious.most_common(12)) + ".",
        "",
        f"Time: {elapsed:.1f} s in all (parse, extract, textacy); the extractors took {t_extract:.2f} s.",
    ]
    return BenchResult("quotes", "\n".join(lines), figures)
