"""Bans that follow a person to other companies (DOMAIN §4.2 P2, P4, P6), on what the
data records: a revocation date whatever the status says now, a serious listing's own
status and end, the responsible person beside the legal representative.  Every
expectation is worked by hand from DOMAIN.md, quoted in the docstrings."""

from __future__ import annotations

from datetime import date

from china_helpers import company, load, person, post, store

from graph.model import Role
from graph.risk.china import china_findings
from graph.store.sqlite import SQLiteStore

__all__ = ["store"]  # the fixture, used by name


def rule(store: SQLiteStore, who: str, on: date, name: str) -> list:
    return [f for f in china_findings(store, who, on) if f.rule == name]


# -- P2: a recorded revocation date counts ---------------------------------------------


def test_a_recorded_revocation_date_counts_whatever_the_status_says_now(
    store: SQLiteStore,
) -> None:
    """DOMAIN §4.5: P2 and P5(4) 'run from the revocation date plus 3 years, regardless
    of list status'.  A company revoked on 2023-03-01 and since deregistered (注销), or
    whose status is not recorded, still bars its LR (personally responsible) from
    director and supervisor posts until 2026-03-01; the appointments of 2024-08-01 are
    void (178(2)).  A deregistered company with only a status_date (the deregistration)
    was never revoked: nothing."""
    load(
        store,
        company("C_A", "已注销公司", status="注销", revoked_date="2023-03-01"),
        company("C_B", "无状态公司", revoked_date="2023-03-01"),
        company("C_D", "普通注销公司", status="注销", status_date="2023-03-01"),
        company("C_NEW", "新公司", status="存续"),
        person("P"),
        person("Q"),
        person("R"),
        post("P", "C_A", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), personal_responsibility=True),
        post("Q", "C_B", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), personal_responsibility=True),
        post("R", "C_D", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), personal_responsibility=True),
        post("P", "C_NEW", Role.DIRECTOR, date(2024, 8, 1)),
        post("Q", "C_NEW", Role.SUPERVISOR, date(2024, 8, 1)),
        post("R", "C_NEW", Role.SENIOR_MANAGER, date(2024, 8, 1)),
    )
    on = date(2025, 1, 1)
    for who in ("P", "Q"):
        (ban,) = rule(store, who, on, "P2")
        assert (ban.basis, ban.valid_from, ban.valid_to) == (
            "legal",
            date(2023, 3, 1),
            date(2026, 3, 1),
        )
    assert rule(store, "R", on, "P2") == []
    flags = rule(store, "C_NEW", on, "P2")
    assert sorted((f.paths[0][1], f.issue) for f in flags) == [
        ("P", "appointment void (Company Law 178(2))"),
        ("Q", "appointment void (Company Law 178(2))"),
    ]
    assert rule(store, "P", date(2026, 3, 1), "P2") == []


def test_an_unreadable_revocation_date_under_another_status_says_what_it_holds(
    store: SQLiteStore,
) -> None:
    """A revocation date kept raw ('2023/03/01' is no YYYY-MM-DD) on a deregistered
    company: revoked, undated, so the low-confidence heuristic that quotes the value."""
    load(
        store,
        company("C_A", "已注销公司", status="注销", revoked_date_raw="2023/03/01"),
        person("P"),
        post("P", "C_A", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1)),
    )
    (ban,) = rule(store, "P", date(2025, 1, 1), "P2")
    assert (ban.basis, ban.confidence, ban.valid_to) == ("heuristic", "low", None)
    assert "'2023/03/01'" in ban.explanation and "注销" in ban.explanation
