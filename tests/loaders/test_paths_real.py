"""``credgraph path`` on the real SDN and OpenSanctions files: two entries of one list are
not connected through the List node, and a "possibly same as" candidate is no link.

Expected values are read from the raw files.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

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


def _ftm(data: Path) -> list[dict[str, Any]]:
    path = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def test_every_relationship_between_two_parties_of_a_path(data: Path, store: SQLiteStore) -> None:
    # OpenSanctions records Zakharov (NK-aU5y..., SDN 45937) as a leader of LLC "CST"
    # and as its owner three times: 50% and 48% until 2023, 51% from 2015-11-25 on.
    cst, zakharov = "NK-abdzbEBkqyT29GyREbiURZ", "NK-aU5ybkbRFJucf8YMwsJvDw"
    links = [
        e for e in _ftm(data)
        if e["schema"] in ("Ownership", "Directorship")
        and zakharov in (e["properties"].get("owner", []) + e["properties"].get("director", []))
        and cst in (e["properties"].get("asset", []) + e["properties"].get("organization", []))
    ]  # fmt: skip
    shares = {
        e["properties"]["percentage"][0]: e["properties"].get("endDate", [None])[0]
        for e in links
        if e["schema"] == "Ownership"
    }
    assert shares == {"50": "2023-03-02", "48": "2023-12-21", "51": None}
    assert [e["schema"] for e in links].count("Directorship") == 1
    load(store, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
    load(store, "ftm", [data / "ftm-opensanctions-zala" / "entities.ftm.json"])

    def hop(day: date) -> list[tuple[str, str | None]]:
        (p,) = path_report(store, "ofac:45937", f"ftm:{cst}", as_of=day)["paths"]
        assert p["length"] == 1 and len(p["parallel"]) == 1
        return sorted((e["type"], e["share"]) for e in [p["edges"][0], *p["parallel"][0]])

    # On 2024-05-01 the 51% stake is in force beside the office; in 2023 all three were.
    assert hop(DAY) == [("OFFICER_OF", None), ("OWNS", "51/100")]
    assert hop(date(2023, 1, 1)) == [
        ("OFFICER_OF", None), ("OWNS", "1/2"), ("OWNS", "12/25"), ("OWNS", "51/100")
    ]  # fmt: skip
    # Only the followed types: with --types OWNS the office is no parallel edge.
    (p,) = path_report(store, "ofac:45937", f"ftm:{cst}", as_of=DAY, types=[RelType.OWNS])["paths"]
    assert [e["type"] for e in [p["edges"][0], *p["parallel"][0]]] == ["OWNS"]
