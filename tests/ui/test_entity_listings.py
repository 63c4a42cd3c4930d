"""The Entity page's listings: status told from the dates on the page's day, with the
recorded status beside it (AppTest, real SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.store.sqlite import SQLiteStore
from tests.test_cli_show_status import DOD, UA, listings_store
from tests.ui.test_pages import _go, _start, _texts
from ui.entity_view import entity_view


@pytest.fixture(autouse=True)
def _no_reports_from_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    yield


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return listings_store(tmp_path_factory.mktemp("listings") / "s.db")


def test_entity_view_listing_rows_say_ended(url: str) -> None:
    with SQLiteStore.from_url(url, read_only=True) as store:
        node = store.get("N")
        assert node is not None
        rows = {r.list_id: r for r in entity_view(store, node, date(2026, 12, 3), None).listings}
        before = {r.list_id: r for r in entity_view(store, node, date(2022, 1, 1), None).listings}
    assert (rows[UA].status, rows[UA].recorded, rows[UA].current) == (
        "ended 2024-10-30",
        "active",
        False,
    )
    assert (rows[DOD].status, rows[DOD].recorded) == ("ended 2026-07-23", "")
    assert (rows["list:CN_X"].status, rows["list:CN_X"].current) == ("deleted", False)
    assert (before[UA].status, before[UA].current) == ("active", True)


def test_entity_page_listings_and_relationships_say_ended(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    at = _go(_start(monkeypatch, url, date(2026, 12, 3)), "entity", "N")
    frame = next(d.value for d in at.dataframe if "case" in d.value.columns)
    by_list = {row["list"]: row for _, row in frame.iterrows()}
    ua = by_list["Ukraine NSDC sanctions"]
    assert (ua["status"], ua["recorded status"], ua[""]) == ("ended 2024-10-30", "active", "past")
    assert by_list["DoD Section 1286 List"]["status"] == "ended 2026-07-23"
    texts = _texts(at)
    assert "ended 2024-10-30, recorded status: active, 2021-10-30..2024-10-30" in texts
    assert "ended 2026-07-23, ..2026-07-23" in texts
    at = _go(_start(monkeypatch, url, date(2022, 1, 1)), "entity", "N")
    frame = next(d.value for d in at.dataframe if "case" in d.value.columns)
    ua = next(row for _, row in frame.iterrows() if row["list"] == "Ukraine NSDC sanctions")
    assert (ua["status"], ua[""]) == ("active", "current")
    assert "active, 2021-10-30..2024-10-30" in _texts(at)
