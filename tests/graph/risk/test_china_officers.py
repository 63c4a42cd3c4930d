"""China rules seen from a company's officers and from a listed company's officers
(DOMAIN §4.1 P1, §4.2 P3, §4.3 P9): who counts, and what the company must do.  Every
expectation is worked by hand from DOMAIN.md, quoted in the docstrings."""

from __future__ import annotations

from datetime import date

from china_helpers import company, listing, load, person, post, store

from graph.model import Role
from graph.risk.china import china_findings
from graph.store.sqlite import SQLiteStore

__all__ = ["store"]  # the fixture, used by name


def rule(store: SQLiteStore, who: str, on: date, name: str) -> list:
    return [f for f in china_findings(store, who, on) if f.rule == name]


def test_p9_a_company_as_actual_controller_that_is_a_dishonest_debtor(
    store: SQLiteStore,
) -> None:
    """DOMAIN §4.3 P9 (141号 art. 12): 'A unit whose LR, actual controller, director,
    supervisor or senior manager is a dishonest debtor is itself a key supervision
    target'.  CA, a company on the dishonest-debtor list since 2024-09-01, is the
    actual controller of C3: C3 is a key-supervision target (M11, M10), as C4 is through
    the person PA.  Being a company, CA brings no P3 (a personal debt)."""
    load(
        store,
        company("CA", "控制人公司"),
        company("C3", "被控公司"),
        company("C4", "自然人控制公司"),
        person("PA"),
        post("CA", "C3", Role.ACTUAL_CONTROLLER, date(2020, 1, 1)),
        post("PA", "C4", Role.ACTUAL_CONTROLLER, date(2020, 1, 1)),
        listing("CA", "CN_SPC_DISHONEST", date(2024, 9, 1), case_no="X2"),
        listing("PA", "CN_SPC_DISHONEST", date(2024, 9, 1), case_no="X3"),
    )
    on = date(2025, 1, 1)
    for cid, via, case in (("C3", "CA", "X2"), ("C4", "PA", "X3")):
        (f,) = rule(store, cid, on, "P9")
        assert f.basis == "legal" and [m.id for m in f.measures] == ["M11", "M10"]
        assert f.paths == [[cid, via, "list:CN_SPC_DISHONEST"]]
        assert [x.case_no for x in f.lists] == [case]
    assert rule(store, "C3", on, "P3") == []
    assert rule(store, "C3", date(2024, 8, 31), "P9") == []


def test_finance_director_recorded_not_responsible_is_no_co_target(store: SQLiteStore) -> None:
    """DOMAIN §4.1, Finance: 'D/S/SM with personal or direct leadership responsibility'.
    F on the finance list since 2020-01-01.  D1, director recorded not personally
    responsible: not a co-target at all.  D2, recorded responsible: legal.  D3, not
    recorded: the heuristic, whose explanation says the data does not record *whether*
    the condition holds."""
    load(
        store,
        company("F", "金融公司"),
        person("D1"),
        person("D2"),
        person("D3"),
        post("D1", "F", Role.DIRECTOR, date(2015, 1, 1), personal_responsibility=False),
        post("D2", "F", Role.DIRECTOR, date(2015, 1, 1), personal_responsibility=True),
        post("D3", "F", Role.DIRECTOR, date(2015, 1, 1)),
        listing("F", "CN_FINANCE_SERIOUS", date(2020, 1, 1), case_no="F1"),
    )
    on = date(2025, 1, 1)
    assert rule(store, "D1", on, "P1") == []
    (d2,) = rule(store, "D2", on, "P1")
    assert d2.basis == "legal"
    (d3,) = rule(store, "D3", on, "P1")
    assert (d3.basis, d3.confidence) == ("heuristic", "low")
    assert "does not record whether this holds" in d3.explanation


def test_p3_an_appointment_while_listed_is_void_a_post_held_before_is_removed(
    store: SQLiteStore,
) -> None:
    """DOMAIN §4.2 P3: Company Law 2023 art. 178(1)(5) bars a person listed as a
    dishonest debtor; 'the same void / removal consequences as P2 apply'.  P, listed on
    2024-09-01: director of C1 since 2020 -> C1 must remove (178(3)); made supervisor of
    C9 on 2024-12-01, while listed -> void (178(2)).  At C2, P was made director on
    2024-03-01, before the listing: removal, not void."""
    load(
        store,
        company("C1", "公司一"),
        company("C2", "公司二"),
        company("C9", "公司九"),
        person("P"),
        post("P", "C1", Role.DIRECTOR, date(2020, 1, 1)),
        post("P", "C2", Role.DIRECTOR, date(2024, 3, 1)),
        post("P", "C9", Role.SUPERVISOR, date(2024, 12, 1)),
        listing("P", "CN_SPC_DISHONEST", date(2024, 9, 1), case_no="X1"),
    )
    on = date(2025, 1, 1)
    (c1,) = rule(store, "C1", on, "P3")
    assert (c1.basis, c1.issue) == ("legal", "must remove director (178(3))")
    (c2,) = rule(store, "C2", on, "P3")
    assert c2.issue == "must remove director (178(3))"
    (c9,) = rule(store, "C9", on, "P3")
    assert (c9.basis, c9.issue) == ("legal", "appointment void (Company Law 178(2))")
    assert "178(2)" in c9.measures[0].legal_basis and "2024-12-01" in c9.explanation
