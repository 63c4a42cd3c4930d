"""Listings without a recorded start date: counted (the conservative reading), but never
before the legal basis of their program existed, and every finding resting on one says
so, in its explanation and as ``undated_listing`` in the JSON.

The audit's cases, written as FtM lines: a French Treasury mirror of an EU designation
with no date beside the EU's own dated entry (Zakharov, ЦСТ), and SDN entries without a
date (the legacy SDN CSV carries none).  Then the same on the real files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from exposure_graphs import AFTER, catalog_store, company, listed, officer, write
from zala import (
    CST,
    DATA,
    SDN_FILE,
    TSST,
    ZAKHAROV,
    ZALA_FILE,
    cli,
    load_lines,
    load_zala,
)

from graph.model import Node, NodeType, Role
from graph.risk.exposure import exposure
from ui.cli import main

FR_PROGRAM = "(UE) 2025/389 du 24/02/2025 (UE Ukraine intégrité territoriale - R (UE) 269/2014)"


def _person(pid: str) -> dict[str, Any]:
    return {"id": pid, "schema": "Person", "properties": {"name": [f"{pid} Person"]}}


def _company(cid: str) -> dict[str, Any]:
    return {"id": cid, "schema": "Company", "properties": {"name": [f"{cid} LLC"]}}


def _owns(a: str, b: str, pct: str, start: str, end: str | None = None) -> dict[str, Any]:
    props = {"owner": [a], "asset": [b], "percentage": [pct], "startDate": [start]}
    if end:
        props["endDate"] = [end]
    return {"id": f"own-{a}-{b}", "schema": "Ownership", "properties": props}


def _sanction(sid: str, entity: str, dataset: str, **props: list[str]) -> dict[str, Any]:
    return {
        "id": sid,
        "schema": "Sanction",
        "datasets": [dataset],
        "properties": {"entity": [entity], **props},
    }


FR = {"authority": ["Direction Générale du Trésor"], "country": ["fr"], "programId": ["EU-UKR"]}
FSF = {"authority": ["DG FISMA"], "country": ["eu"], "programId": ["EU-UKR"], "program": ["UKR"]}
SDN = {
    "authority": ["Office of Foreign Assets Control"],
    "country": ["us"],
    "programId": ["US-RUSHAR"],
    "program": ["RUSSIA-EO14024"],
}


def _eu_lines() -> list[dict[str, Any]]:
    """Z (like Zakharov) owns all of T from 2005 to 2019; Z's French mirror entry has no
    date, Z's EU entry starts 2025-02-24; both under EU-UKR (Reg. 269/2014, 2014-03-17)."""
    return [
        _person("Z"),
        _company("T"),
        _owns("Z", "T", "100", "2005-01-01", "2019-08-02"),
        _sanction("fr-1", "Z", "fr_tresor_gels_avoir", **FR, program=[FR_PROGRAM]),
        _sanction("fsf-1", "Z", "eu_fsf", **FSF, startDate=["2025-02-24"]),
    ]


def _finding(out: dict[str, Any], regime: str) -> dict[str, Any]:
    (f,) = [f for f in out["findings"] if f["regime"] == regime]
    return f


def test_an_undated_eu_mirror_counts_from_its_programs_basis_and_says_so(
    tmp_path: Path,
) -> None:
    url = load_lines(tmp_path, _eu_lines())
    # 2010: Reg. 269/2014 did not exist, so no EU-UKR designation was in force.
    assert cli(url, "regime", "eu", "--as-of", "2010-01-01")["entities"] == []
    # 2016: the undated mirror counts (conservative) and T is owned, but the finding
    # says it rests on a listing without a start date, and when Z's dated one begins.
    rows = {e["id"]: e for e in cli(url, "regime", "eu", "--as-of", "2016-06-01")["entities"]}
    assert {k: e["status"] for k, e in rows.items()} == {"ftm:Z": "listed", "ftm:T": "owned"}
    for e in rows.values():
        assert e["undated_listing"] is True
        text = e["explanation"]
        for part in ("start date not recorded", "2014-03-17", "2025-02-24", "fr-1", FR_PROGRAM):
            assert part in text, (e["id"], part)
    text = CliRunner().invoke(main, ["--store", url, "regime", "eu", "--as-of", "2016-06-01"])
    (line,) = [x for x in text.output.splitlines() if "ftm:T" in x]
    assert line.rstrip().endswith("(undated listing)")
    (fr,) = [x for x in rows["ftm:Z"]["lists"] if x["record_id"] == "fr-1"]
    assert (fr["start"], fr["not_before"]) == (None, "2014-03-17")
    # 2026: Z's dated EU entry holds the finding; the mirror is still cited as undated.
    z = _finding(cli(url, "exposure", "ftm:Z", "--as-of", "2026-01-01"), "eu")
    assert z["undated_listing"] is False
    assert "since 2025-02-24" in z["explanation"]
    assert "start date not recorded" in z["explanation"]
    assert "No start date is recorded" not in z["explanation"]


@pytest.mark.parametrize(
    ("program", "day", "listed", "bound"),
    [
        # EO 14024 is of 2021-04-15: an undated designation under it cannot be older.
        ("RUSSIA-EO14024", "2020-01-01", False, None),
        ("RUSSIA-EO14024", "2022-01-01", True, "2021-04-15"),
        # A program the catalog has no date for: in force on every date, said so.
        ("SDGT", "2010-01-01", True, None),
    ],
)
def test_an_undated_sdn_entry(
    tmp_path: Path, program: str, day: str, listed: bool, bound: str | None
) -> None:
    sdn = {**SDN, "program": [program], "programId": []}
    lines = [
        _company("X"),
        _company("A"),
        _owns("X", "A", "60", "2000-01-01"),
        _sanction("sdn-1", "X", "us_ofac_sdn", **sdn),
    ]
    url = load_lines(tmp_path, lines)
    rows = {e["id"]: e for e in cli(url, "regime", "ofac", "--as-of", day)["entities"]}
    if not listed:
        assert rows == {}
        return
    assert {k: e["status"] for k, e in rows.items()} == {"ftm:X": "listed", "ftm:A": "owned"}
    for e in rows.values():
        assert e["undated_listing"] is True
        assert "No start date is recorded" in e["explanation"]
        assert "start date not recorded" in e["explanation"]
        if bound:
            assert bound in e["explanation"]
        else:
            assert "on every date" in e["explanation"]
    a = _finding(cli(url, "exposure", "ftm:A", "--as-of", day), "ofac")
    assert a["undated_listing"] is True


def test_an_undated_listing_on_another_regimes_list_is_flagged_too(tmp_path: Path) -> None:
    lines = [
        _company("X"),
        _sanction("mc-1", "X", "mc_fund_freezes", authority=["Monaco"], country=["mc"]),
        _sanction("ch-1", "X", "ch_seco_sanctions", country=["ch"], startDate=["2023-06-28"]),
    ]
    url = load_lines(tmp_path, lines)
    out = cli(url, "exposure", "ftm:X", "--as-of", "2026-01-01")
    flags = {f["regime"]: f["undated_listing"] for f in out["findings"]}
    assert flags == {"mc": True, "ch": False}
    mc = _finding(out, "mc")
    assert "start date not recorded" in mc["explanation"]
    assert "No start date is recorded" in mc["explanation"]


@pytest.mark.parametrize("start", [None, date(2017, 6, 21)])
def test_a_china_listing_without_a_start_says_so(tmp_path: Path, start: date | None) -> None:
    """China's rules read the same listing dates: an undated dishonest-debtor listing is
    counted, flagged and explained; a dated one says since when."""
    with catalog_store(tmp_path / "cn.db") as store:
        write(
            store,
            company("D", "Debtor Co"),
            Node("P", NodeType.PERSON, "Legal Rep"),
            officer("P", "D", Role.LEGAL_REPRESENTATIVE),
            listed("D", "list:CN_SPC_DISHONEST", start=start),
        )
        for who in ("D", "P"):
            findings = [f for f in exposure(store, who, AFTER).findings if f.regime == "cn"]
            assert findings, who
            for f in findings:
                assert f.undated_listing is (start is None), (who, f.rule)
                text = f.explanation
                assert ("start date not recorded" in text) is (start is None), (who, f.rule)
                assert ("No start date is recorded" in text) is (start is None)
                assert "None" not in text
                if start is not None:
                    assert "since 2017-06-21" in text


# -- the real files ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not ZALA_FILE.exists() or not SDN_FILE.exists():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    return load_zala(tmp_path_factory.mktemp("audit"))


@pytest.mark.shared_data
def test_real_tsst_in_2016_rests_on_the_french_mirror(audit: str) -> None:
    """Zakharov held all of ЦСТ from 2013-06-06 to 2019-08-02 (its Ownership record).  In
    2016 his only EU listing in force is the French Treasury's undated entry (programId
    EU-UKR; its program text cites the act of 24/02/2025); the EU's own entry starts
    2025-02-24.  ЦСТ stays EU-owned (the undated entry is counted), flagged and explained."""
    rows = {e["id"]: e for e in cli(audit, "regime", "eu", "--as-of", "2016-06-01")["entities"]}
    (tsst,) = [e for e in rows.values() if e["id"] == TSST]
    assert tsst["status"] == "owned" and tsst["aggregate_share"] == "1"
    assert tsst["undated_listing"] is True
    text = tsst["explanation"]
    for part in ("fr_tresor_gels_avoir", "start date not recorded", "2025-02-24", "2014-03-17"):
        assert part in text, part
    assert "(UE) 2025/389 du 24/02/2025" in text
    assert "eu_travel_bans" not in text
    # Under OFAC nothing: Zakharov's SDN entries (RUSSIA-EO14024, undated) cannot
    # predate Executive Order 14024 of 2021-04-15.
    ofac = cli(audit, "regime", "ofac", "--as-of", "2016-06-01")["entities"]
    assert TSST not in {e["id"] for e in ofac}


@pytest.mark.shared_data
def test_real_cst_in_2010_is_on_no_eu_list(audit: str) -> None:
    """CST's EU entries: eu_fsf from 2023-12-18, be_fod from its listingDate 2023-12-18,
    the French Treasury's two undated EU-UKR entries; none can be older than Reg.
    269/2014 (2014-03-17), so in 2010 nobody is EU-listed in this file."""
    out = cli(audit, "regime", "eu", "--as-of", "2010-01-01")
    assert out["entities"] == [] and out["red_flags"] == []
    cst = cli(audit, "exposure", CST, "--as-of", "2010-01-01")
    assert cst["summary"]["statuses"]["eu"] == "none"
    assert cst["summary"]["statuses"]["ofac"] == "none"


@pytest.mark.shared_data
def test_real_cst_in_august_2023_rests_on_an_entry_older_than_the_eus_date(audit: str) -> None:
    """On 2023-08-01 CST's EU listing rests on the French entry citing (UE) 2023/1216 du
    23/06/2023, older than eu_fsf's recorded start 2023-12-18 (SECO listed CST on
    2023-06-28): the explanation must show both dates, not drop the older entry."""
    f = _finding(cli(audit, "exposure", CST, "--as-of", "2023-08-01"), "eu")
    assert f["status"] == "listed" and f["undated_listing"] is True
    for part in ("(UE) 2023/1216 du 23/06/2023", "2023-12-18", "start date not recorded"):
        assert part in f["explanation"], part


@pytest.mark.shared_data
def test_real_zakharov_ofac_finding_says_its_entries_are_undated(audit: str) -> None:
    f = _finding(cli(audit, "exposure", "ofac:45937", "--as-of", "2026-01-01"), "ofac")
    # Neither the SDN CSV row 45937 nor the FtM SDN Sanction carries a date.
    assert f["undated_listing"] is True
    assert {x["start"] for x in f["lists"]} == {None}
    assert {x["not_before"] for x in f["lists"]} == {"2021-04-15"}
    assert "No start date is recorded" in f["explanation"]
    z = cli(audit, "exposure", ZAKHAROV, "--as-of", "2026-01-01")
    assert _finding(z, "eu")["undated_listing"] is False  # eu_fsf since 2025-02-24
