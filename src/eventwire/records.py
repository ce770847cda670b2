"""Typed output records: what every extractor fills and every sink reads.

The field names listed in the README's "Record format" are a public contract:
add fields freely, never rename or drop them. All offsets are character offsets
into the article text that was given to the pipeline.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Record):
    """A stretch of the article text: the evidence for an extracted item."""

    start: int
    end: int
    text: str


class Actor(Record):
    """Someone or something that acts or is acted upon, with a CAMEO-style code."""

    text: str = Field(description="The mention as written (first full mention).")
    name: str = Field(description="Canonical name: the person's or group's full name, or the country.")
    code: str | None = Field(None, description="CAMEO-style actor code, e.g. ISRGOV, PSEREB, IGOUNO.")
    country: str | None = Field(None, description="ISO 3166 alpha-3 country code, when the actor has one.")
    sector: str | None = Field(None, description="Role code: GOV, MIL, COP, REB, OPP, IGO, NGO, CVL, MED, JUD, BUS...")
    kind: Literal["person", "organization", "country", "group", "other"] = "other"
    role: str | None = Field(None, description="The title or role the article gives a person ('Prime Minister').")
    start: int
    end: int
    mentions: list[Span] = Field(default_factory=list, description="Every mention of this actor, the first included.")
    reason: str = Field("", description="Why this code was chosen (lexicon entry, title, dictionary...).")


class Place(Record):
    """A toponym resolved against the gazetteer."""

    start: int
    end: int
    text: str
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = Field(None, description="ISO3 country of the place.")
    feature_class: Literal["country", "region", "city", "other"] | None = None
    reason: str = ""


class Time(Record):
    """A temporal expression normalized TimeML-style against the article date."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str = Field(description="TimeML value: 2021-05-10, 2021-W18, 2021-05-12TMO, P3D, PRESENT_REF...")
    timezone: str | None = None
    anchor: str | None = Field(None, description="The date the value was resolved against.")


class Quote(Record):
    """Something someone said, with who said it."""

    kind: Literal["direct", "indirect", "mixed"]
    speaker: Span | None = None
    speaker_name: str | None = Field(None, description="The named person or body the speaker mention resolves to.")
    speaker_actor: Actor | None = None
    on_behalf_of: str | None = Field(None, description="Whose position a spokesperson relays.")
    cue: Span | None = None
    cue_lemma: str | None = None
    content: Span


class Casualty(Record):
    """One report of a number of people killed or injured."""

    kind: Literal["killed", "injured"]
    count: int
    qualifier: Literal["at least", "more than", "about", "up to", "nearly"] | None = None
    victims: str | None = None
    subset_of: int | None = Field(None, description="Index in `casualties` of the figure this one breaks down.")
    cumulative: bool = False
    cause: str | None = None
    perpetrator: str | None = None
    event: int | None = Field(None, description="Index in `events` of the event of the same sentence.")
    evidence: Span


class Event(Record):
    """Who did what to whom, coded in CAMEO, PLOVER and ACLED terms."""

    cameo: str
    quad_class: int | None = Field(None, description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.")
    goldstein: float | None = None
    plover_type: str | None = None
    plover_mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    date: str | None = Field(None, description="ISO date (or TimeML value) of the event.")
    date_precision: Literal["day", "week", "month", "year", "unknown"] = "unknown"
    place: Place | None = None
    negated: bool = False
    modality: Literal["asserted", "negated", "future", "hypothetical", "conditional", "denied"] = "asserted"
    claimed_by: str | None = Field(None, description="Speaker whose claim this event is, when reported inside a quote.")
    channel: str | None = Field(None, description="Who relayed the statement (e.g. a spokesman).")
    trigger: Span | None = None
    evidence: Span
    confidence: float = 1.0
    reason: str = ""


class ArticleRecord(Record):
    """Everything extracted from one article."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: str | None = Field(None, description="Article date, ISO YYYY-MM-DD; null when unknown.")
    text: str = ""
    schema_version: str = SCHEMA_VERSION
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    fatalities: int | None = Field(None, description="ACLED-style conservative fatality figure for the article.")
    warnings: list[str] = Field(default_factory=list)
    error: str | None = Field(None, description="Why the article could not be processed; lists are then empty.")

    @property
    def ok(self) -> bool:
        return self.error is None


def json_schema() -> dict:
    """The published JSON schema of an ArticleRecord."""
    return ArticleRecord.model_json_schema()
