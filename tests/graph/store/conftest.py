"""The ``store`` fixture: every contract test runs on SQLite, and on Neo4j when NEO4J_URI is set."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.base import Store
from graph.store.sqlite import SQLiteStore


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        s: Store = SQLiteStore.from_url(f"sqlite:///{tmp_path / 'contract.db'}")
    else:
        uri = os.environ.get("NEO4J_URI")
        if not uri:
            pytest.skip("NEO4J_URI not set")
        from graph.store.neo4j import Neo4jStore

        neo = Neo4jStore.from_url(uri)
        neo.wipe()
        s = neo
    try:
        yield s
    finally:
        s.close()
