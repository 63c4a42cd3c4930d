"""Redlists and malformed stored values in the China rules (audit items 1 and 7).

Hand-worked from DOMAIN.md §2.9 (redlists), §4.2 P2 and §4.5 (bans run from the
revocation date).
"""

from __future__ import annotations

from datetime import date

from china_helpers import company, listing, load, person, post, store

from graph.model import Role
from graph.risk.china import china_findings
from graph.risk.exposure import exposure
from graph.risk.screening import screen
from graph.store.sqlite import SQLiteStore

__all__ = ["store"]  # the fixture, used by name


def test_redlists_are_positive_information_never_a_listing(store: SQLiteStore) -> None:
    """DOMAIN §2.9: A-grade taxpayers and customs advanced certified enterprises (AEO)
    are redlists (守信联合激励), modelled with polarity 'red'.  Being on one is a joint
    *incentive*: no `listed` or `restricted` finding, no status, nothing for the LR;
    the report names it apart as positive credit information."""
    load(
        store,
        company("C7", "海关高级认证有限公司"),
        company("C8", "A级纳税有限公司"),
        person("P7"),
        post("P7", "C7", Role.LEGAL_REPRESENTATIVE, date(2020, 1, 1)),
        listing("C7", "CN_GACC_AEO", date(2025, 8, 1), status="active", case_no="K7"),
        listing("C8", "CN_SAT_CREDIT_A", date(2025, 8, 1), status="active", case_no="K8"),
    )
    on = date(2025, 9, 1)
    assert china_findings(store, "C7", on) == []
    assert china_findings(store, "C8", on) == []
    assert china_findings(store, "P7", on) == []
    rep = exposure(store, "C7", on)
    assert rep.findings == [] and rep.statuses()["cn"] == "none"
    summary = rep.to_dict()["summary"]
    assert summary["legal"] == 0
    assert [(r["list"], r["since"], r["case_no"]) for r in summary["redlists"]] == [
        ("CN_GACC_AEO", "2025-08-01", "K7")
    ]
    assert "positive" in summary["redlists"][0]["note"]
    (row,) = screen(store, ["name", "id"], [["", "C8"]], on)
    out = row.to_dict()
    assert out["legal_findings"] == 0 and out["status_cn"] == "none"
    assert "A-grade taxpayers" in out["redlists"]


def test_malformed_stored_revocation_date_is_unknown_not_a_crash(store: SQLiteStore) -> None:
    """A store written before the loader checked dates may hold revoked_date
    '2023/03/01'.  DOMAIN §4.5: P2 runs from the revocation date plus 3 years; with no
    readable date the window cannot be placed, so the finding is a heuristic of low
    confidence that quotes the value, never a ValueError."""
    load(
        store,
        company("C_BAD", "坏日期有限公司", status="吊销", revoked_date="2023/03/01"),
        person("R"),
        post(
            "R", "C_BAD", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), personal_responsibility=True
        ),
    )
    (f,) = [f for f in china_findings(store, "R", date(2024, 1, 1)) if f.rule == "P2"]
    assert (f.basis, f.confidence) == ("heuristic", "low")
    assert "2023/03/01" in f.explanation and f.valid_from is None
    assert exposure(store, "R", date(2024, 1, 1)).statuses()["cn"] == "heuristic:restricted"


def test_revoked_status_variants_count_as_revoked(store: SQLiteStore) -> None:
    """The audit's rev: 吊销，未注销 (revoked, not deregistered) is a revoked company
    (DOMAIN §5.1 status 吊销); P2 ran for 吊销 alone."""
    load(
        store,
        company("C1", "吊销未注销有限公司", status="吊销，未注销", revoked_date="2024-03-01"),
        person("P"),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1)),
    )
    (f,) = [f for f in china_findings(store, "P", date(2024, 6, 1)) if f.rule == "P2"]
    assert f.valid_from == date(2024, 3, 1) and f.valid_to == date(2027, 3, 1)
