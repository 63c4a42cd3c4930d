"""A listing counts on a day by its dates, on every page (``entity_profile.listing_status``):
a sanction lifted since, whose status was recorded ``deleted`` at load time, was in
force between its start and its end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.store.sqlite import SQLiteStore
from tests.graph.risk.exposure_graphs import LISTS, catalog_store, company, listed, write
from ui.network import listed_ids
from ui.search_view import listing_badges

START, END = date(2023, 8, 1), date(2024, 7, 7)


def _store(tmp_path: Path) -> SQLiteStore:
    store = catalog_store(tmp_path / "lapsed.db")
    write(
        store,
        company("lapsed"),
        company("open_removed"),
        listed("lapsed", LISTS["ofac"], start=START, end=END, status="deleted"),
        # A removal recorded without an end date: over on every day after its start.
        listed("open_removed", LISTS["ofac"], start=START, status="deleted"),
    )
    return store


def test_search_badges_count_a_lifted_listing_while_it_was_in_force(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        ofac = store.get(LISTS["ofac"]).name
        badges = listing_badges(store, ["lapsed", "open_removed"], date(2023, 12, 1))
        assert badges["lapsed"] == ((ofac,), ())
        assert badges["open_removed"] == ((), (ofac,))
        assert listing_badges(store, ["lapsed"], date(2025, 1, 1))["lapsed"] == ((), (ofac,))


def test_network_and_tree_mark_a_lifted_listing_while_it_was_in_force(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        ids = ["lapsed", "open_removed"]
        assert listed_ids(store, ids, date(2023, 12, 1)) == {"lapsed"}
        assert listed_ids(store, ids, date(2025, 1, 1)) == set()
        assert listed_ids(store, ids, date(2023, 1, 1)) == set()
