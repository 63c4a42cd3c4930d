"""Shared constants and the edge builder for the risk tests (imported by name:
the tests directory is not a package)."""

from __future__ import annotations

from datetime import date

from graph.risk.reference import edge_arrays

AFTER = date(2026, 1, 1)
BEFORE_EU = date(2024, 7, 2)
LISTS = {"list:SDN": "ofac", "list:EU": "eu", "list:UK": "uk", "list:BIS": "bis"}


def listed_on(list_id: str, *names: str) -> dict[str, str]:
    return {n: list_id for n in names}


__all__ = ["AFTER", "BEFORE_EU", "LISTS", "edge_arrays", "listed_on"]
