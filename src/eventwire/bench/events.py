"""Event coding benchmark, four parts (data in ../shared/bench/events):

(a) PETRARCH2's unit tests: share of the expected (source, target, code) codings
    found exactly, overall and per test category, with PETRARCH's validation
    actor/agent dictionaries loaded through our TABARI loader (their verb
    dictionary is NOT used: our own patterns code the verbs);
(b) PLOVER gold records: event type of the sentence's main event (after mapping
    the v0.5 labels to current PLOVER), source and target country;
(c) the CAMEO codebook's example sentences: root (2-digit) and full-code accuracy;
(d) ConfliBERT ``cameo_class`` test: accuracy and macro F1 of the 5-way class
    derived from our code (0 statement, 1 verbal coop, 2 material coop,
    3 verbal conflict, 4 material conflict).

The "main event" of a sentence is the first event of its record (events are
ordered main clause first). A sentence with no event counts as a statement
(CAMEO 010, class 0).
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

from ..records import ArticleRecord
from .report import BenchResult, bench_dir, markdown_table

log = logging.getLogger(__name__)

STATEMENT = "010"
# PLOVER v0.5 labels in the gold records -> current PLOVER categories (PLOVER manual)
PLOVER_OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
CLASS_NAMES = ["statement", "verbal coop", "material coop", "verbal conflict", "material conflict"]


# ---------------------------------------------------------------------- pure scoring helpers


def cameo_class(code: str | None) -> int:
    """ConfliBERT's 5-way class of a CAMEO code.

    The grouping is read off the training labels (codebook examples that appear
    in train.tsv): 01-02 statements and appeals -> 0; 03-05 -> 1 verbal
    cooperation; 06-08 -> 2 material cooperation; 09-13 and 16 (reduce
    relations) -> 3 verbal conflict; 14, 15, 17-20 -> 4 material conflict.
    No event counts as a statement.
    """
    if not code or len(code) < 2 or not code[:2].isdigit():
        return 0
    root = int(code[:2])
    if root <= 2 or root > 20:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


def plover_label(old: str) -> str:
    return PLOVER_OLD_TO_NEW.get(old, old)


def accuracy(gold: list, predicted: list) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


def macro_f1(gold: list, predicted: list, labels: list | None = None) -> float:
    labels = labels if labels is not None else sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def top_confusions(gold: list, predicted: list, n: int = 6) -> list[tuple[str, str, int]]:
    counts = Counter((str(g), str(p)) for g, p in zip(gold, predicted) if g != p)
    return [(g, p, c) for (g, p), c in counts.most_common(n)]


def codings_found(expected: list[tuple], found: set[tuple]) -> int:
    """How many expected (source, target, code) codings occur exactly among the found ones."""
    return sum(1 for coding in expected if coding in found)


def record_codings(record: ArticleRecord) -> set[tuple]:
    """(source, target, code) of every event; a TABARI entry with several codes ("FRO/BIL") counts for each."""
    out = set()
    for e in record.events:
        sources = (e.source.code or "").split("/") if e.source and e.source.code else [None]
        targets = (e.target.code or "").split("/") if e.target and e.target.code else [None]
        out.update((s, t, e.cameo) for s in sources for t in targets)
    return out


def main_code(record: ArticleRecord) -> str:
    return record.events[0].cameo if record.events else STATEMENT


# ---------------------------------------------------------------------- loaders


def load_petrarch(path: Path) -> list[dict]:
    """Sentences of PETR.UnitTest.records.xml: id, category, date, text, expected codings."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    items = []
    for attrs, body in re.findall(r"<Sentence\s+([^>]*)>(.*?)</Sentence>", raw, flags=re.S):
        meta = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', attrs))
        text_match = re.search(r"<Text>(.*?)</Text>", body, flags=re.S)
        if not text_match:
            continue
        codings = []
        for coding in re.findall(r"<EventCoding\s+([^>]*)>", body):
            fields = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', coding))
            if "eventcode" in fields:
                codings.append((fields.get("sourcecode"), fields.get("targetcode"), fields["eventcode"]))
        date = meta.get("date", "")
        items.append(
            {
                "id": meta.get("id", ""),
                "category": meta.get("category", "?"),
                "date": f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None,
                "text": " ".join(html.unescape(text_match.group(1)).split()),
                "codings": codings,
            }
        )
    return items


def load_gsr(path: Path) -> list[dict]:
    """PLOVER gold records with a sentence: text, event (current PLOVER), source/target countries."""
    items = []
    for obj in json.loads(path.read_text(encoding="utf-8")):
        if obj.get("event") in (None, "DOCUMENT") or not obj.get("text"):
            continue
        items.append(
            {
                "id": obj.get("id"),
                "text": " ".join(obj["text"].split()),
                "event": plover_label(obj["event"]),
                "source": _gsr_countries(obj.get("source")),
                "target": _gsr_countries(obj.get("target")),
            }
        )
    return items


def _gsr_countries(actors) -> set[str]:
    if not isinstance(actors, list):
        return set()
    return {a["code"][:3].upper() for a in actors if isinstance(a, dict) and a.get("code")}


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Mac Roman and saved as cp1252 ("Moscow‚Äôs" -> "Moscow’s")."""
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def load_cameo_examples(path: Path) -> list[dict]:
    raw = path.read_bytes().decode("cp1252", errors="replace")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    return [
        {"code": row["code"], "text": " ".join(fix_mojibake(row["example"]).split(" Note:")[0].split())}
        for row in rows
        if row.get("example") and row["example"].strip() not in ("", "NA")
    ]


def load_conflibert(path: Path) -> list[dict]:
    items = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if "\t" not in line:
            continue
        text, label = line.rsplit("\t", 1)
        if label.strip().isdigit():
            items.append({"text": text.strip(), "label": int(label.strip())})
    return items


# ---------------------------------------------------------------------- running


def _extract(pipe, items: list[dict], cache: dict | None = None) -> list[ArticleRecord]:
    """One record per item; each distinct text is parsed once."""
    cache = cache if cache is not None else {}
    todo = [item for item in items if item["text"] not in cache]
    inputs = [{"text": item["text"], "date": item.get("date")} for item in todo]
    for item, record in zip(todo, pipe.extract_many(inputs, batch_size=64)):
        cache[item["text"]] = record
    return [cache[item["text"]] for item in items]


def actor_country(actor) -> str | None:
    if actor is None:
        return None
    if actor.code:
        return actor.code[:3].upper()
    return actor.country


def country_match(actor, gold: set[str]) -> bool:
    """The actor's CAMEO country prefix or its ISO3 country is among the gold codes
    (the gold records mix CAMEO codes like ROM/JAP with ISO3 codes like ROU)."""
    if actor is None:
        return False
    return bool({actor_country(actor), (actor.country or "").upper()} & gold)


def run_petrarch(pipe, items: list[dict]) -> tuple[dict, str]:
    records = _extract(pipe, items)
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses: Counter = Counter()
    for item, record in zip(items, records):
        found = record_codings(record)
        dyads = {(s, t) for s, t, _ in found}
        cat = per_cat[item["category"].rstrip("x").rstrip("S") or "?"]
        for coding in item["codings"]:
            cat[0] += 1
            if coding in found:
                cat[1] += 1
            elif coding[:2] in dyads:
                cat[2] += 1
                misses["right dyad, other code"] += 1
            elif any(s == coding[0] for s, _ in dyads):
                misses["right source, other target"] += 1
            elif not record.events:
                misses["no event"] += 1
            else:
                misses["other actors"] += 1
    total = sum(v[0] for v in per_cat.values())
    exact = sum(v[1] for v in per_cat.values())
    dyad = exact + sum(v[2] for v in per_cat.values())
    figures = {"a_exact": exact / total if total else 0.0, "a_dyad": dyad / total if total else 0.0, "a_n": total}
    rows = [[cat, v[0], v[1] / v[0] if v[0] else 0.0, (v[1] + v[2]) / v[0] if v[0] else 0.0] for cat, v in sorted(per_cat.items())]
    md = markdown_table(["category", "codings", "exact (s, t, code)", "dyad (s, t)"], rows)
    md += "\n\nMisses: " + ", ".join(f"{k} {v}" for k, v in misses.most_common()) + "."
    return figures, md


def run_gsr(pipe, items: list[dict], cache: dict) -> tuple[dict, str]:
    records = _extract(pipe, items, cache)
    gold, predicted = [], []
    src_hits = src_n = tgt_hits = tgt_n = 0
    for item, record in zip(items, records):
        event = record.events[0] if record.events else None
        gold.append(item["event"])
        predicted.append((event.plover_type or "none") if event else "none")
        if item["source"]:
            src_n += 1
            src_hits += bool(event and country_match(event.source, item["source"]))
        if item["target"]:
            tgt_n += 1
            tgt_hits += bool(event and country_match(event.target, item["target"]))
    figures = {
        "b_type": accuracy(gold, predicted),
        "b_source": src_hits / src_n if src_n else 0.0,
        "b_target": tgt_hits / tgt_n if tgt_n else 0.0,
        "b_n": len(items),
    }
    md = "Top confusions (gold → ours): " + ", ".join(f"{g}→{p} {c}" for g, p, c in top_confusions(gold, predicted, 8)) + "."
    return figures, md


def run_cameo(pipe, items: list[dict], cache: dict) -> tuple[dict, str]:
    records = _extract(pipe, items, cache)
    gold = [item["code"] for item in items]
    predicted = [main_code(record) for record in records]
    roots_gold = [g[:2] for g in gold]
    roots_pred = [p[:2] for p in predicted]
    figures = {"c_root": accuracy(roots_gold, roots_pred), "c_full": accuracy(gold, predicted), "c_n": len(items)}
    md = "Top root confusions (gold → ours): " + ", ".join(
        f"{g}→{p} {c}" for g, p, c in top_confusions(roots_gold, roots_pred, 10)
    ) + "."
    return figures, md


def run_conflibert(pipe, items: list[dict], cache: dict) -> tuple[dict, str]:
    records = _extract(pipe, items, cache)
    gold = [item["label"] for item in items]
    predicted = [cameo_class(main_code(record)) for record in records]
    figures = {"d_acc": accuracy(gold, predicted), "d_f1": macro_f1(gold, predicted, [0, 1, 2, 3, 4]), "d_n": len(items)}
    md = "Top confusions (gold → ours): " + ", ".join(
        f"{CLASS_NAMES[int(g)]}→{CLASS_NAMES[int(p)]} {c}" for g, p, c in top_confusions(gold, predicted, 8)
    ) + "."
    return figures, md


def run(data_dir: str | Path | None = None, limit: int | None = None, split: str = "test") -> BenchResult:
    from ..pipeline import Pipeline, load_nlp

    base = bench_dir("events", data_dir)
    nlp = load_nlp()
    petr = base / "petrarch"
    petr_items = load_petrarch(petr / "PETR.UnitTest.records.xml")[:limit]
    petr_pipe = Pipeline(
        nlp=nlp, actor_dictionaries=[str(petr / "PETR.Validate.actors.txt"), str(petr / "PETR.Validate.agents.txt")]
    )
    fa, md_a = run_petrarch(petr_pipe, petr_items)
    pipe = Pipeline(nlp=nlp)
    cache: dict = {}
    fb, md_b = run_gsr(pipe, load_gsr(base / "plover" / "PLOVER_GSR_CAMEO.txt")[:limit], cache)
    fc, md_c = run_cameo(pipe, load_cameo_examples(base / "cameo_codes.csv")[:limit], cache)
    fd, md_d = run_conflibert(pipe, load_conflibert(base / "conflibert_cameo_class" / f"{split}.tsv")[:limit], cache)
    figures = {**fa, **fb, **fc, **fd}
    rows = [
        ["(a) PETRARCH2 unit tests: exact (source, target, code)", figures["a_n"], figures["a_exact"], "≥ 0.80",
         "PETRARCH2 with its own verb dictionary: 1.00 (tests written for it)"],
        ["(a) PETRARCH2 unit tests: dyad (source, target) only", figures["a_n"], figures["a_dyad"], "", ""],
        ["(b) PLOVER GSR: event type of main event", figures["b_n"], figures["b_type"], "≥ 0.75", "no published figure"],
        ["(b) PLOVER GSR: source country", figures["b_n"], figures["b_source"], "≥ 0.70", ""],
        ["(b) PLOVER GSR: target country", figures["b_n"], figures["b_target"], "≥ 0.70", ""],
        ["(c) CAMEO codebook examples: root code", figures["c_n"], figures["c_root"], "≥ 0.75", "no published figure"],
        ["(c) CAMEO codebook examples: full code", figures["c_n"], figures["c_full"], "", ""],
        [f"(d) ConfliBERT cameo_class {split}: accuracy", figures["d_n"], figures["d_acc"], "≥ 0.75",
         "fine-tuned ConfliBERT (Hu et al. 2022): see paper"],
        [f"(d) ConfliBERT cameo_class {split}: macro F1", figures["d_n"], figures["d_f1"], "", ""],
    ]
    md = "## Events (CAMEO / PLOVER)\n\n"
    md += markdown_table(["part", "items", "ours", "target", "anchor"], rows)
    md += "\n\nRule-based, no training: our own verb/noun patterns (`ontology/event_patterns.csv`)."
    md += " Main event = first event of the record; no event = statement (010).\n"
    md += "\n### (a) PETRARCH2 unit tests per category\n\n" + md_a
    md += "\n\n### (b) PLOVER GSR\n\n" + md_b
    md += "\n\n### (c) CAMEO examples\n\n" + md_c
    md += "\n\n### (d) ConfliBERT cameo_class\n\n" + md_d + "\n"
    return BenchResult(task="events", markdown=md, figures=figures)
