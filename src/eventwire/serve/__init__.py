"""``eventwire serve``: a REST API and a server-rendered dashboard over the event database.

    from eventwire.serve import create_app
"""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":  # imported on use, so `eventwire --help` does not load FastAPI
        from .app import create_app

        return create_app
    raise AttributeError(name)
