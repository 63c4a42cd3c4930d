"""Shared fixtures: the real data folder (skip when absent) and a real SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import loaders.spill
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


@pytest.fixture(params=["in memory", "spilled"])
def spill_modes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test twice: with the load's id bookkeeping in dicts, and with it moved to
    temporary files after two entries (``loaders.spill``); results must not differ."""
    if request.param == "spilled":
        monkeypatch.setattr(loaders.spill, "SPILL_AFTER", 2)
    return str(request.param)
