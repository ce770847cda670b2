"""The event database: SQLite by default, PostgreSQL by URL, one ``Store`` class for both."""

from .store import DEFAULT_URL, Store, StoreError, normalize_url

__all__ = ["DEFAULT_URL", "Store", "StoreError", "normalize_url"]
