"""Stores: one protocol (``base.Store``), opened from one URL.

>>> store_url(None, env={})
'sqlite:///./credgraph.db'
>>> store_url(None, env={"CREDGRAPH_STORE": "neo4j://db:7687"})
'neo4j://db:7687'
>>> store_url("sqlite:///x.db", env={"CREDGRAPH_STORE": "neo4j://db:7687"})
'sqlite:///x.db'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from graph.errors import UnknownStoreScheme
from graph.store.base import Store

DEFAULT_URL = "sqlite:///./credgraph.db"
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def store_url(explicit: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--store`` wins, then ``CREDGRAPH_STORE``, then the embedded default."""
    env = os.environ if env is None else env
    return explicit or env.get("CREDGRAPH_STORE") or DEFAULT_URL


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store a URL names.  Raises ``UnknownStoreScheme`` or ``StoreUnavailable``."""
    url = store_url(url)
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        from graph.store.sqlite import SQLiteStore

        return SQLiteStore.from_url(url, read_only=read_only)
    if scheme in NEO4J_SCHEMES:
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_url(url, read_only=read_only)
    raise UnknownStoreScheme(
        f"unknown store URL scheme {scheme!r} in {url!r}: use sqlite:///path.db or neo4j://host:7687",
        url=url,
        scheme=scheme,
    )


__all__ = ["DEFAULT_URL", "Store", "open_store", "store_url"]
