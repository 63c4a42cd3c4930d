"""BIS Affiliates Rule over SDNs under 15 CFR 744.8(a)(1) (DOMAIN.md §7.4): persons OFAC
designates under Executive Order 13382, tagged [NPWMD] on the SDN list.

Two real sdn.csv rows, loaded by the real reader (``data``): WUHAN SANJIANG IMPORT AND
EXPORT CO. LTD (ent 23063, programs NPWMD and IFSR) and A LEVEL AEROSYSTEMS CST LLC (ent 45928,
RUSSIA-EO14024).  Hand-built companies under them, each held 50% (exactly 1/2):

    ofac:23063 --1/2--> CN1 (country cn)     BIS owned while the rule is in force
    ofac:23063 --1/2--> US1 (country us)     BIS leaves US companies out; OFAC owned
    ofac:45928 --1/2--> RU1 (country ru)     not BIS: RUSSIA-EO14024 is no §744.8 program

BIS dates (graph/risk/regimes.py): legal 2025-09-29..2025-11-10, suspended (red flag)
to 2026-11-10, legal again after with a caveat.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from exposure_graphs import catalog_store, company, owns, write

from graph.model import RelType
from graph.risk.exposure import exposure
from graph.risk.regime_report import regime_report
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
ACTIVE, SUSPENDED, LAPSED = date(2025, 10, 1), date(2025, 12, 1), date(2026, 12, 1)
WUHAN, CST = "ofac:23063", "ofac:45928"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    if not DATA.is_dir():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    with (DATA / "ofac-sdn" / "sdn.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if len(r) == 12 and r[0] in ("23063", "45928")]
    assert [r[3] for r in rows] == ["NPWMD] [IFSR", "RUSSIA-EO14024"]
    subset = tmp_path / "sdn.csv"
    with subset.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with catalog_store(tmp_path / "x.db") as s:
        load(s, "ofac-sdn", [subset])
        write(
            s,
            company("CN1", country="cn"),
            company("US1", country="us"),
            company("RU1", country="ru"),
            owns(WUHAN, "CN1", "1/2"),
            owns(WUHAN, "US1", "1/2"),
            owns(CST, "RU1", "1/2"),
        )
        yield s


def status(store: SQLiteStore, nid: str, day: date) -> dict[str, str]:
    return exposure(store, nid, day).statuses()


def bis(store: SQLiteStore, nid: str, day: date) -> list:
    return [f for f in exposure(store, nid, day).findings if f.regime == "bis"]


@pytest.mark.parametrize("day", [date(2024, 1, 1), ACTIVE, SUSPENDED, LAPSED])
def test_npwmd_sdn_is_bis_listed_and_stays_ofac_listed(store: SQLiteStore, day: date) -> None:
    # A listed party is restricted itself whatever the Affiliates Rule's dates.
    assert status(store, WUHAN, day)["ofac"] == "listed"
    assert status(store, WUHAN, day)["bis"] == "listed"
    (f,) = bis(store, WUHAN, day)
    assert f.basis == "legal"
    assert [x.list_id for x in f.lists] == ["US_BIS_SDN_744_8"]
    assert (f.lists[0].source, f.lists[0].record_id) == ("us_ofac_sdn", "23063")
    assert "744.8(a)(1)" in f.explanation and "13382" in f.explanation
    assert "744.8(a)(1)" in f.measures[0].legal_basis
    # Its OFAC listing rests on the designation under EO 13382, not on 744.8.
    (o,) = [x for x in exposure(store, WUHAN, day).findings if x.regime == "ofac"]
    assert "Executive Order 13382" in o.measures[0].legal_basis
    assert "744.8" not in o.measures[0].legal_basis


def test_non_npwmd_sdn_is_not_bis(store: SQLiteStore) -> None:
    for day in (ACTIVE, SUSPENDED, LAPSED):
        assert status(store, CST, day)["ofac"] == "listed"
        assert status(store, CST, day)["bis"] == "none"
        assert status(store, "RU1", day)["ofac"] == "owned"
        assert status(store, "RU1", day)["bis"] == "none"


def test_half_owned_affiliate_while_the_rule_is_active(store: SQLiteStore) -> None:
    (f,) = bis(store, "CN1", ACTIVE)
    assert (f.status, f.basis, f.rule, f.share) == ("owned", "legal", "bis.owned", Fraction(1, 2))
    assert f.paths == [[WUHAN, "CN1"]]
    assert "50% (exactly 1/2)" in f.explanation
    assert "744.8(a)(1)" in f.explanation  # the owner's listing names the section
    assert "744.8(a)(1)" in f.measures[0].legal_basis
    assert status(store, "CN1", ACTIVE)["ofac"] == "owned"


def test_half_owned_affiliate_is_a_red_flag_while_suspended(store: SQLiteStore) -> None:
    (f,) = bis(store, "CN1", SUSPENDED)
    assert (f.status, f.basis, f.rule) == ("owned", "heuristic", "bis.affiliate_suspended")
    assert f.measures == []
    assert "suspended" in f.explanation and "744.8(a)(1)" in f.explanation
    assert status(store, "CN1", SUSPENDED)["bis"] == "heuristic:owned"


def test_half_owned_affiliate_after_the_suspension_carries_the_caveat(store: SQLiteStore) -> None:
    (f,) = bis(store, "CN1", LAPSED)
    assert (f.status, f.basis) == ("owned", "legal")
    assert "2026-11-10" in f.explanation


def test_us_company_is_left_out_of_bis(store: SQLiteStore) -> None:
    for day in (ACTIVE, SUSPENDED, LAPSED):
        assert status(store, "US1", day)["bis"] == "none"
        assert status(store, "US1", day)["ofac"] == "owned"


def test_regime_report_counts_the_npwmd_sdn(store: SQLiteStore) -> None:
    rep = regime_report(store, "bis", ACTIVE)
    assert rep["counts"]["listed"] == 1 and rep["counts"]["owned"] == 1
    assert [e["id"] for e in rep["entities"]] == [WUHAN, "CN1"]


# -- the same from FollowTheMoney ---------------------------------------------------------

SDN_CSL = "Specially Designated Nationals (SDN) - Treasury Department"


def _sanctioned(tag: str, dataset: str, **props: list[str]) -> list[dict]:
    """Listed P<tag> owning half of S<tag> (country cn), with one Sanction."""
    return [
        {"id": f"P{tag}", "schema": "Company", "properties": {"name": [f"Parent {tag} Co"]}},
        {"id": f"S{tag}", "schema": "Company",
         "properties": {"name": [f"Sub {tag} Co"], "country": ["cn"]}},
        {"id": f"own{tag}", "schema": "Ownership",
         "properties": {"owner": [f"P{tag}"], "asset": [f"S{tag}"], "percentage": ["50"]}},
        {"id": f"san{tag}", "schema": "Sanction", "datasets": [dataset],
         "properties": {"entity": [f"P{tag}"], "country": ["us"], "startDate": ["2020-01-01"],
                        **props}},
    ]  # fmt: skip


def test_ftm_sdn_sanction_under_eo_13382_is_also_bis(tmp_path: Path) -> None:
    ofac = {"authority": ["Office of Foreign Assets Control"]}
    lines = [
        # OpenSanctions' us_ofac_sdn: the SDN program in ``program`` and ``provisions``.
        *_sanctioned("wmd", "us_ofac_sdn", program=["NPWMD"], provisions=["NPWMD", "Block"],
                     reason=["Executive Order 13382 (WMD)"], **ofac),
        *_sanctioned("rus", "us_ofac_sdn", program=["RUSSIA-EO14024"],
                     provisions=["RUSSIA-EO14024", "Block"], **ofac),
        # The trade.gov CSL names the SDN list in the authority.
        *_sanctioned("csl", "us_trade_csl", program=["NPWMD"], authority=[SDN_CSL]),
        # An SDN-looking program on a list that is not the SDN list stays off BIS.
        *_sanctioned("eu", "eu_fsf", program=["NPWMD"], programId=["EU-IRN"]),
    ]  # fmt: skip
    src = tmp_path / "x.ftm.json"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/ftm.db") as s:
        load(s, "ftm", [src])
        rep = regime_report(s, "bis", ACTIVE)
        assert {e["id"]: e["status"] for e in rep["entities"]} == {
            "ftm:Pwmd": "listed",
            "ftm:Pcsl": "listed",
            "ftm:Swmd": "owned",
            "ftm:Scsl": "owned",
        }
        (f,) = bis(s, "ftm:Swmd", ACTIVE)
        assert "744.8(a)(1)" in f.explanation
        for tag in ("wmd", "csl", "rus"):
            assert status(s, f"ftm:P{tag}", ACTIVE)["ofac"] == "listed"
        assert status(s, "ftm:Srus", ACTIVE)["bis"] == "none"
        lists = s.neighbourhood("ftm:Pwmd", types=[RelType.LISTED_ON]).rels.values()
        assert sorted(r.dst for r in lists) == ["list:US_BIS_SDN_744_8", "list:US_OFAC_SDN"]
