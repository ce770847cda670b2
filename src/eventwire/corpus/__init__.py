"""Corpus analysis over the event database: merged events, stories, timelines, escalation, exports.

    from eventwire.store import Store
    from eventwire.corpus import analyze, timeline, escalation
    store = Store("eventwire.db")
    analyze(store)                      # rebuild merged events and stories
    print(format_timeline(timeline(store, actors=["IND", "PAK"])))
"""

from __future__ import annotations

import logging
from collections import Counter

from .escalation import EscalationOptions, daily_series, flagged_days, format_series
from .merge import MergeOptions, merge_events
from .stories import StoryOptions, build_stories
from .timeline import format_timeline, timeline

log = logging.getLogger(__name__)

__all__ = [
    "analyze", "merge_events", "build_stories", "timeline", "format_timeline",
    "daily_series", "flagged_days", "format_series", "MergeOptions", "StoryOptions", "EscalationOptions",
]


def analyze(store, *, merge: MergeOptions | None = None, stories: StoryOptions | None = None,
            with_stories: bool = True) -> dict:
    """Rebuild the merged events (and stories) from everything stored; returns counts."""
    story_rows, links = (build_stories(store.story_inputs(), stories) if with_stories else (None, None))
    event_rows = store.event_rows()
    merged, mentions = merge_events(event_rows, store.casualty_rows(), merge)
    if links:
        story_of = {article: story for story, article in links}
        article_of = {row["id"]: row["article_id"] for row in event_rows}
        members: dict[int, Counter] = {}
        for merged_id, event_id in mentions:
            story = story_of.get(article_of.get(event_id))
            if story is not None:
                members.setdefault(merged_id, Counter())[story] += 1
        for row in merged:
            if row["id"] in members:
                row["story_id"] = members[row["id"]].most_common(1)[0][0]
    store.replace_corpus(merged, mentions, story_rows, links)
    result = {"merged_events": len(merged), "mentions": len(mentions)}
    if story_rows is not None:
        result["stories"] = len(story_rows)
        result["story_method"] = story_rows[0]["method"] if story_rows else None
    log.info("corpus analysis: %s", result)
    return result


def ensure_analyzed(store, with_stories: bool = False) -> None:
    """Merge events when events exist but nothing is merged yet (stories only if asked)."""
    if store.count_merged_events() == 0 and store.count_events() > 0:
        analyze(store, with_stories=with_stories)
