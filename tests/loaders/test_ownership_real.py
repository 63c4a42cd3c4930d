"""``owners`` / ``subsidiaries`` on the real files: an Ownership with no percentage and a
statutory PSC band are reported as recorded, never as a number nobody stated.

Expected values are read from the raw files with ``json``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graph.risk.ownership import owners, subsidiaries
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load

ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"  # OFAC SDN 45937 in OpenSanctions
ZALA_AERO = "NK-cPks3aTbes8k4aCerfBAzN"


def test_ftm_ownership_without_percentage_is_unknown(data: Path, store: SQLiteStore) -> None:
    ftm = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    raw = [json.loads(line) for line in ftm.read_text(encoding="utf-8").splitlines()]
    (stake,) = [
        r["properties"]
        for r in raw
        if r["schema"] == "Ownership"
        and r["properties"]["owner"] == [ZAKHAROV]
        and r["properties"]["asset"] == [ZALA_AERO]
    ]
    assert "percentage" not in stake  # sharesCount only: the share of the company is unknown
    assert stake["startDate"] == ["2024-03-22"] and stake["endDate"] == ["2024-06-24"]
    load(store, "ftm", [ftm])
    rep = subsidiaries(store, f"ftm:{ZAKHAROV}", as_of=date(2024, 5, 1)).to_dict()
    rows = {r["id"]: r for r in rep["subsidiaries"]}
    zala = rows[f"ftm:{ZALA_AERO}"]
    assert (zala["direct_share"], zala["direct_percent"]) == ("unknown", "unknown")
    assert (zala["share"], zala["share_hi"], zala["share_basis"]) == ("0", "1", "unknown")
    # The 51% stake in CST (the same file, percentage "51") stays exact.
    (cst,) = [r for r in rows.values() if r["direct_share"] == "51/100"]
    assert cst["share_basis"] == "exact" and cst["share_hi"] is None


def test_psc_band_is_shown_as_its_range(data: Path, store: SQLiteStore) -> None:
    folder = data / "uk-psc-companies-house"
    raw = [r for f in sorted(folder.glob("psc-data-*.json")) for r in json.loads(f.read_text())]
    (psc,) = [r for r in raw if r.get("company_number") == "07731393"]
    # Companies Act 2006 Sch. 1A: "more than 25% but not more than 50%".
    assert "ownership-of-shares-25-to-50-percent" in psc["data"]["natures_of_control"]
    load(store, "uk-psc", [folder / "company-data-1.json", *sorted(folder.glob("psc-data-*"))])
    (row,) = owners(store, "07731393", as_of=date(2024, 12, 19)).to_dict()["owners"]
    assert row["name"] == psc["data"]["name"]
    assert (row["direct_share"], row["direct_percent"]) == ("(1/4,1/2]", "(25-50%")
    assert (row["share"], row["share_hi"], row["share_basis"]) == ("0.25", "0.5", "range")
