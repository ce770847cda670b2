"""The extractor registry: names, the modules that implement them, and their order.

Extractors run in this order over one Doc; each may read what earlier ones
found. Adding an extractor means adding a module and one line here.
"""

from __future__ import annotations

import importlib

# name -> "module:Class"; the order is the run order
REGISTRY: dict[str, str] = {
    "actors": "eventwire.extract.actors:ActorExtractor",
    "times": "eventwire.extract.times:TimeExtractor",
    "places": "eventwire.extract.places:PlaceExtractor",
    "quotes": "eventwire.extract.quotes:QuoteExtractor",
    "events": "eventwire.extract.events:EventExtractor",
    "casualties": "eventwire.extract.casualties:CasualtyExtractor",
}


def load_extractor_class(name: str):
    try:
        target = REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown extractor {name!r}; known: {', '.join(REGISTRY)}") from None
    module_name, class_name = target.split(":")
    return getattr(importlib.import_module(module_name), class_name)
