"""``credgraph path`` on the real SDN and OpenSanctions files: two entries of one list are
not connected through the List node, and a "possibly same as" candidate is no link.

Expected values are read from the raw files.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from graph.model import CATALOGUE_RELS, POSSIBLY_SAME_AS, RelType
from graph.risk.paths import path_report
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load

DAY = date(2024, 5, 1)


def _sdn(data: Path) -> dict[str, list[str]]:
    with (data / "ofac-sdn" / "sdn.csv").open(encoding="utf-8", errors="replace") as fh:
        return {row[0]: row for row in csv.reader(fh) if row}


def test_sdn_entries_are_not_linked_through_the_list(data: Path, store: SQLiteStore) -> None:
    sdn = _sdn(data)
    wuhan, zakharov = sdn["23063"], sdn["45937"]
    # A Chinese company and a Russian individual under different programmes: their only
    # common ground in these files is the SDN list itself.
    assert "(China)" in wuhan[11] and "NPWMD" in wuhan[3]
    assert zakharov[2] == "individual" and zakharov[3] == "RUSSIA-EO14024"
    load(store, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
    load(store, "ftm", [data / "ftm-opensanctions-zala" / "entities.ftm.json"])
    rep = path_report(store, "ofac:23063", "ofac:45937", as_of=DAY)
    assert rep["paths"] == [] and not set(rep["types"]) & {t.value for t in CATALOGUE_RELS}
    # Asked for, the list is followed, and then it is the shared SDN list.
    listed = path_report(store, "ofac:23063", "ofac:45937", as_of=DAY, types=[RelType.LISTED_ON])
    assert [len(p["edges"]) for p in listed["paths"]] == [2]
    assert {e["type"] for e in listed["paths"][0]["edges"]} == {"LISTED_ON"}


def test_a_match_candidate_is_no_path(data: Path, store: SQLiteStore) -> None:
    sdn = _sdn(data)
    # SDN 45928 is "A LEVEL AEROSYSTEMS CST LLC", a.k.a. 'LIMITED LIABILITY COMPANY CST':
    # after a load the name makes it a candidate for OpenSanctions' LLC "CST", nothing more.
    assert "LIMITED LIABILITY COMPANY CST" in sdn["45928"][11]
    load(store, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
    load(store, "ftm", [data / "ftm-opensanctions-zala" / "entities.ftm.json"])
    assert path_report(store, "ofac:45937", "ofac:45928", as_of=DAY)["paths"] == []
    asked = path_report(store, "ofac:45937", "ofac:45928", as_of=DAY, candidates=True)
    assert asked["paths"] and all(
        any(e["kind"] == POSSIBLY_SAME_AS for e in p["edges"]) for p in asked["paths"]
    )
