"""Shared fixtures: the real data folder (skip when absent) and a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store.sqlite import SQLiteStore

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.fixture
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    return DATA


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/graph.db") as s:
        yield s
