"""Bans that follow a person to other companies (DOMAIN §4.2 P2, P4, P6), on what the
data records: a revocation date whatever the status says now, a serious listing's own
status and end, the responsible person beside the legal representative.  Every
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


# -- P6: while the serious listing stands; the responsible person too -------------------


def _escalated(store: SQLiteStore, cid: str, **serious: object) -> None:
    """``cid`` on the abnormal directory from 2016-07-01 and moved to the serious list
    on 2019-07-12 (DOMAIN §9 CN-4): under SAIC Order 83, a ban to 2022-07-12."""
    end = serious.pop("end", None)
    assert end is None or isinstance(end, date)
    load(
        store,
        company(cid, f"{cid}公司"),
        listing(cid, "CN_SAMR_ABNORMAL", date(2016, 7, 1), case_no=f"A-{cid}"),
        listing(
            cid,
            "CN_SAMR_SERIOUS",
            date(2019, 7, 12),
            end,
            case_no=f"S-{cid}",
            reason="列入经营异常名录届满3年",
            **serious,
        ),
    )


def test_p6_only_while_the_serious_listing_stands(store: SQLiteStore) -> None:
    """DOMAIN §4.5: 'after deletion or early removal (credit repair), measures stop'.
    C1's serious listing was revoked (no end recorded): no P6 for its LR P, nothing for
    C2 where P is LR.  K1's was removed early on 2020-01-01: its LR Q is barred from
    2019-07-12 to 2020-01-01, not to 2022-07-12, and K2 must change its registration
    only until then."""
    _escalated(store, "C1", status="revoked")
    _escalated(store, "K1", status="early_removed", end=date(2020, 1, 1))
    load(
        store,
        company("C2", "C2公司"),
        company("K2", "K2公司"),
        person("P"),
        person("Q"),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE, date(2010, 1, 1)),
        post("P", "C2", Role.LEGAL_REPRESENTATIVE, date(2010, 1, 1)),
        post("Q", "K1", Role.LEGAL_REPRESENTATIVE, date(2010, 1, 1)),
        post("Q", "K2", Role.LEGAL_REPRESENTATIVE, date(2010, 1, 1)),
    )
    on = date(2019, 10, 1)
    assert rule(store, "P", on, "P6") == [] and rule(store, "C2", on, "P6") == []
    (q,) = rule(store, "Q", on, "P6")
    assert (q.basis, q.valid_from, q.valid_to) == ("legal", date(2019, 7, 12), date(2020, 1, 1))
    assert "ended on 2020-01-01 (status early_removed)" in q.explanation
    (k2,) = rule(store, "K2", on, "P6")
    assert (k2.issue, k2.valid_to) == (
        "must change LR registration (SAIC Order 83 art.15)",
        date(2020, 1, 1),
    )
    later = date(2020, 1, 1)
    assert rule(store, "Q", later, "P6") == [] and rule(store, "K2", later, "P6") == []


def test_p6_reaches_the_responsible_person_on_both_sides(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P6: 'The LR or responsible person of an enterprise put on the
    serious-violation list ... may not be LR or responsible person of other enterprises
    for 3 years' (catalog M5 applies_to: legal_representative, main_responsible_person).
    M, responsible person of C1, is barred to 2022-07-12 and C3, where M is LR, must
    change its registration; P, LR of C1, is responsible person of the branch C5, which
    must change its responsible person's registration.  P, both LR and responsible
    person of C1, gets one P6, naming the LR post."""
    _escalated(store, "C1")
    load(
        store,
        company("C3", "C3公司"),
        company("C5", "C5分公司"),
        person("M"),
        person("P"),
        post("M", "C1", Role.MAIN_RESPONSIBLE_PERSON, date(2010, 1, 1)),
        post("M", "C3", Role.LEGAL_REPRESENTATIVE, date(2020, 1, 1)),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE, date(2010, 1, 1)),
        post("P", "C1", Role.MAIN_RESPONSIBLE_PERSON, date(2010, 1, 1)),
        post("P", "C5", Role.MAIN_RESPONSIBLE_PERSON, date(2020, 3, 1)),
    )
    on = date(2020, 6, 1)
    (m,) = rule(store, "M", on, "P6")
    assert (m.basis, m.valid_to) == ("legal", date(2022, 7, 12))
    assert "was main responsible person of C1公司" in m.explanation
    (c3,) = rule(store, "C3", on, "P6")
    assert c3.issue == "must change LR registration (SAIC Order 83 art.15)"
    (p,) = rule(store, "P", on, "P6")
    assert "was legal representative of C1公司" in p.explanation
    (c5,) = rule(store, "C5", on, "P6")
    assert c5.issue == "must change responsible person registration (SAIC Order 83 art.15)"
    assert rule(store, "C1", on, "P6") == []


# -- P4 / P5(3): after a bankrupt liquidation -----------------------------------------


def test_p4_a_manager_of_a_company_liquidated_in_bankruptcy(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P4 (Company Law 2023 art. 178(1)(3)): 'Director, factory head or
    manager of a company or enterprise liquidated in bankruptcy who is personally
    responsible for the bankruptcy: barred for 3 years after the liquidation ends'; P5(3)
    the same for being LR.  C_BK's liquidation ended on 2023-03-01 (status 破产清算终结,
    status_date).  P, its senior manager, personally responsible: barred from D/S/SM
    posts (M3) and from being LR (M4, art. 12(3)) until 2026-03-01; confidence medium,
    since the article names the manager and the data a senior manager.  P's appointment
    as director of C_NEW on 2024-08-01 is void (178(2))."""
    load(
        store,
        company("C_BK", "破产公司", status="破产清算终结", status_date="2023-03-01"),
        company("C_NEW", "新公司", status="存续"),
        person("P"),
        post(
            "P",
            "C_BK",
            Role.SENIOR_MANAGER,
            date(2018, 1, 1),
            date(2023, 3, 1),
            personal_responsibility=True,
        ),
        post("P", "C_NEW", Role.DIRECTOR, date(2024, 8, 1)),
    )
    on = date(2025, 1, 1)
    (ban,) = rule(store, "P", on, "P4")
    assert (ban.basis, ban.confidence, ban.valid_from, ban.valid_to) == (
        "legal",
        "medium",
        date(2023, 3, 1),
        date(2026, 3, 1),
    )
    assert [(m.id, m.legal_basis) for m in ban.measures] == [
        ("M3", "Company Law 2023 art. 178(1)(3)"),
        ("M4", "Market Entity Registration Regulations art. 12(3)"),
    ]
    assert "manager (厂长、经理)" in ban.explanation
    (void,) = rule(store, "C_NEW", on, "P4")
    assert void.issue == "appointment void (Company Law 178(2))"
    assert [f.kind for f in void.facts] == ["liquidation", "post", "post"]
    assert rule(store, "P", date(2026, 3, 1), "P4") == []
    assert rule(store, "C_NEW", date(2026, 3, 1), "P4") == []


def test_p4_who_counts_and_from_what_date(store: SQLiteStore) -> None:
    """C_X records bankruptcy_end_date 2022-06-01 and has since been deregistered (注销):
    the date counts whatever the status says now (as for a revocation, DOMAIN §4.5).
    On 2023-01-01, under the 2018 law (146(1)(3), the same words):
    - D, director, responsible, a director of C_OLD since 2020 -> C_OLD must remove
      (2018 art. 146(3)); registered LR of C_LR on 2022-09-01 -> P5 (art. 12(3));
    - E, director recorded not responsible -> nothing; F, not recorded -> heuristic;
    - H, LR only, responsible -> P5 alone (art. 12(3) names the LR, 178(1)(3) does not).
    C_G is only in bankruptcy (破产, status_date 2023-01-01): the liquidation has not
    ended, so its director G is not barred."""
    load(
        store,
        company("C_X", "破产注销公司", status="注销", bankruptcy_end_date="2022-06-01"),
        company("C_G", "破产中公司", status="破产", status_date="2023-01-01"),
        company("C_OLD", "旧任公司"),
        company("C_LR", "新法人公司"),
        *(person(x) for x in "DEFGH"),
        post("D", "C_X", Role.DIRECTOR, date(2015, 1, 1), personal_responsibility=True),
        post("D", "C_OLD", Role.DIRECTOR, date(2020, 1, 1)),
        post("D", "C_LR", Role.LEGAL_REPRESENTATIVE, date(2022, 9, 1)),
        post("E", "C_X", Role.DIRECTOR, date(2015, 1, 1), personal_responsibility=False),
        post("F", "C_X", Role.DIRECTOR, date(2015, 1, 1)),
        post("G", "C_G", Role.DIRECTOR, date(2015, 1, 1), personal_responsibility=True),
        post("H", "C_X", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1), personal_responsibility=True),
    )
    on = date(2023, 1, 1)
    (d,) = rule(store, "D", on, "P4")
    assert (d.basis, d.confidence, d.valid_to) == ("legal", "high", date(2025, 6, 1))
    assert d.measures[0].legal_basis == "Company Law 2018 art. 146(1)(3)"
    (old,) = rule(store, "C_OLD", on, "P4")
    assert old.issue == "must remove director (Company Law 2018 art. 146(3))"
    (lr,) = rule(store, "C_LR", on, "P5")
    assert lr.issue == "LR registration barred (Market Entity Registration Regulations art. 12(3))"
    assert rule(store, "E", on, "P4") == []
    (f,) = rule(store, "F", on, "P4")
    assert (f.basis, f.confidence) == ("heuristic", "low")
    assert rule(store, "G", on, "P4") == [] and rule(store, "G", on, "P5") == []
    assert rule(store, "H", on, "P4") == []
    (h,) = rule(store, "H", on, "P5")
    assert (h.basis, [m.id for m in h.measures]) == ("legal", ["M4"])


def test_p4_undated_liquidation_is_a_heuristic_that_says_so(store: SQLiteStore) -> None:
    """The status says the liquidation ended, but no date is recorded: the 3-year window
    cannot be placed, so (as for an undated revocation) a heuristic of low confidence,
    without measures or dates, that says what is missing."""
    load(
        store,
        company("C_BK", "破产公司", status="破产清算终结"),
        person("P"),
        post("P", "C_BK", Role.DIRECTOR, date(2018, 1, 1), personal_responsibility=True),
    )
    (f,) = rule(store, "P", date(2025, 1, 1), "P4")
    assert (f.basis, f.confidence, f.measures, f.valid_to) == ("heuristic", "low", [], None)
    assert "no date the liquidation ended is recorded" in f.explanation
