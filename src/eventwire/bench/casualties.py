"""Casualty benchmark: people killed/injured per news paragraph, scored as (kind, count) pairs.

Data: ``../shared/bench/casualties/dev.jsonl`` (one item per line: ``date``,
``text`` and gold ``reports`` annotated by ``GUIDE.md``). Every item goes through
one ``Pipeline`` with the default extractors; the record's ``casualties`` are
scored. Micro precision/recall/F1 over ``(kind, count)`` pairs, matched as
multisets within each item, for all reports and for headline reports (not a
subset, not cumulative); accuracy of qualifier / subset / cumulative on the
matched pairs.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
from collections import Counter
from pathlib import Path

from .report import BenchResult, bench_dir, markdown_table, prf

log = logging.getLogger(__name__)

# Zhong et al. (EACL 2023), victim counting framed as QA: exact match on their three news sets.
ANCHORS = {
    "best model (exact match)": (0.813, 0.501, 0.443),
    "regular-expression baseline": (0.117, 0.264, 0.064),
}


def pair(report) -> tuple[str, int]:
    """The scored key of one report (a dict from the gold file or a Casualty)."""
    if isinstance(report, dict):
        return report["kind"], int(report["count"])
    return report.kind, int(report.count)


def is_headline(report) -> bool:
    if isinstance(report, dict):
        return report.get("subset_of") is None and not report.get("cumulative")
    return report.subset_of is None and not report.cumulative


def attributes(report) -> tuple[str | None, bool, bool]:
    """(qualifier, is a subset, cumulative) of one report."""
    if isinstance(report, dict):
        return report.get("qualifier"), report.get("subset_of") is not None, bool(report.get("cumulative"))
    return report.qualifier, report.subset_of is not None, bool(report.cumulative)


def match_counts(gold: list, predicted: list) -> tuple[int, int, int]:
    """(true positives, predicted, gold) for one item, matching (kind, count) pairs as multisets."""
    g, p = Counter(pair(r) for r in gold), Counter(pair(r) for r in predicted)
    return sum((g & p).values()), sum(p.values()), sum(g.values())


def align(gold: list, predicted: list) -> list[tuple]:
    """Matched (gold, predicted) report pairs with the same (kind, count), in order of appearance."""
    unused = list(predicted)
    pairs = []
    for g in gold:
        for n, p in enumerate(unused):
            if pair(p) == pair(g):
                pairs.append((g, p))
                del unused[n]
                break
    return pairs



def score(items: list[dict], predictions: list[list]) -> dict:
    """All figures of the benchmark from gold items and predicted report lists (same order)."""
    totals = {"all": [0, 0, 0], "headline": [0, 0, 0]}
    agree = {"qualifier": [0, 0], "subset": [0, 0], "cumulative": [0, 0]}
    false_pos: list[tuple] = []
    false_neg: list[tuple] = []
    disagreements: list[tuple] = []
    for item, predicted in zip(items, predictions):
        gold = item["reports"]
        for name, (g, p) in {"all": (gold, predicted), "headline": (
            [r for r in gold if is_headline(r)], [r for r in predicted if is_headline(r)]
        )}.items():
            tp, n_pred, n_gold = match_counts(g, p)
            totals[name][0] += tp
            totals[name][1] += n_pred
            totals[name][2] += n_gold
        for g, p in align(gold, predicted):
            for name, gv, pv in zip(("qualifier", "subset", "cumulative"), attributes(g), attributes(p)):
                agree[name][0] += gv == pv
                agree[name][1] += 1
                if gv != pv:
                    disagreements.append((item.get("id", ""), pair(g), name, gv, pv))
        g_count, p_count = Counter(pair(r) for r in gold), Counter(pair(r) for r in predicted)
        for key in (p_count - g_count).elements():
            false_pos.append((item.get("id", ""), key))
        for key in (g_count - p_count).elements():
            false_neg.append((item.get("id", ""), key))
    figures = {}
    for name, (tp, n_pred, n_gold) in totals.items():
        p, r, f = prf(tp, n_pred, n_gold)
        figures[name] = {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}
    figures["accuracy"] = {name: (ok / n if n else 0.0) for name, (ok, n) in agree.items()}
    figures["matched"] = agree["qualifier"][1]
    figures["false_positives"] = false_pos
    figures["false_negatives"] = false_neg
    figures["disagreements"] = disagreements
    return figures


def load_items(path: Path, limit: int | None = None) -> list[dict]:
    items = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                items.append(json.loads(line))
            if limit and len(items) >= limit:
                break
    return items


def _default_pipeline():
    """One Pipeline with every registered extractor that can be imported (others are reported)."""
    from ..extract import REGISTRY, load_extractor_class
    from ..pipeline import Pipeline

    names, missing = [], []
    for name in REGISTRY:
        try:
            load_extractor_class(name)
            names.append(name)
        except (ImportError, AttributeError) as exc:
            log.warning("extractor %s cannot be loaded (%s); benchmarking without it", name, exc)
            missing.append(name)
    if "casualties" not in names:
        importlib.import_module("eventwire.extract.casualties")
    return Pipeline(extractors=names if missing else None), missing


def _examples(errors: list[tuple], texts: dict, reports: dict, top: int = 8) -> list[list]:
    rows = []
    for (item_id, (kind, count)), n in Counter(errors).most_common(top):
        evidence = next(
            (r.evidence.text for r in reports.get(item_id, []) if pair(r) == (kind, count)),
            None,
        )
        rows.append([item_id, f"{kind} {count}", n, (evidence or texts.get(item_id, "")[:90]).replace("|", "/")])
    return rows


def run(data_dir: str | Path | None = None, limit: int | None = None) -> BenchResult:
    folder = bench_dir("casualties", data_dir)
    path = folder / "dev.jsonl" if folder.is_dir() else folder
    items = load_items(path, limit)
    pipeline, missing = _default_pipeline()
    started = time.perf_counter()
    records = list(pipeline.extract_many({"text": it["text"], "date": it.get("date")} for it in items))
    seconds = time.perf_counter() - started
    predictions = [record.casualties for record in records]
    figures = score(items, predictions)

    a, h, acc = figures["all"], figures["headline"], figures["accuracy"]
    rows = [
        ["eventwire, all (kind, count) pairs", a["precision"], a["recall"], a["f1"], a["gold"], a["predicted"], None],
        ["eventwire, headline reports", h["precision"], h["recall"], h["f1"], h["gold"], h["predicted"], None],
    ]
    for name, (s1, s2, s3) in ANCHORS.items():
        rows.append([f"Zhong et al. 2023, {name}", None, None, None, None, None, f"{s1:.3f} / {s2:.3f} / {s3:.3f}"])
    body = [
        f"### casualties\n\n{len(items)} paragraphs from `casualties/dev.jsonl`, one `Pipeline.extract_many` "
        f"({', '.join(e.name for e in pipeline.extractors)}), {seconds:.1f} s. "
        "Micro P/R/F1 over `(kind, count)` pairs matched per item. Target: F1 ≥ 0.85 on both rows.\n",
        markdown_table(["system", "P", "R", "F1", "gold", "predicted", "published exact match (3 news sets)"], rows),
        "\nAnchor: Zhong et al. (EACL 2023) frame victim counting as QA; exact match on their three news sets "
        "(different data and metric: a direction, not a target).\n",
        markdown_table(
            ["on matched pairs", "accuracy"],
            [["qualifier", acc["qualifier"]], ["subset or headline", acc["subset"]], ["cumulative", acc["cumulative"]]],
        ),
        f"\n{figures['matched']} matched pairs.",
    ]
    if missing:
        body.append(f"\nExtractors registered but not importable (skipped): {', '.join(missing)}.")
    texts = {it.get("id", ""): it["text"] for it in items}
    by_id = {it.get("id", ""): rec.casualties for it, rec in zip(items, records)}
    if figures["false_positives"]:
        body.append("\nTop false positives (predicted, not in gold):\n")
        body.append(markdown_table(["item", "pair", "n", "evidence"], _examples(figures["false_positives"], texts, by_id)))
    if figures["false_negatives"]:
        body.append("\nTop false negatives (gold, not predicted):\n")
        body.append(markdown_table(["item", "pair", "n", "text"], _examples(figures["false_negatives"], texts, {})))
    if figures["disagreements"]:
        body.append("\nMatched pairs with a wrong attribute (these move reports in or out of the headline row):\n")
        rows = [
            [item_id, f"{kind} {count}", name, gv, pv]
            for item_id, (kind, count), name, gv, pv in figures["disagreements"][:10]
        ]
        body.append(markdown_table(["item", "pair", "attribute", "gold", "predicted"], rows))
    markdown = "\n".join(body)
    return BenchResult(
        task="casualties",
        markdown=markdown,
        figures={
            "f1_all": a["f1"],
            "f1_headline": h["f1"],
            "precision_all": a["precision"],
            "recall_all": a["recall"],
            "accuracy": acc,
        },
    )
