"""The China rules on the law in force on the date, with their terms, measures,
confidence and sources (audit items 8-14, 16).  Every expectation is worked by hand
from DOMAIN.md, quoted in the docstrings."""

from __future__ import annotations

from datetime import date

from china_helpers import company, listing, load, measures, owns, person, post, store

from graph.model import Provenance, Rel, RelType, Role, rel_id
from graph.risk.china import china_findings
from graph.store.sqlite import SQLiteStore

__all__ = ["store"]  # the fixture, used by name


def rule(store: SQLiteStore, who: str, on: date, name: str) -> list:
    return [f for f in china_findings(store, who, on) if f.rule == name]


# -- P2 / P5(4), the company side ----------------------------------------------------


def _cn2(store: SQLiteStore) -> None:
    load(
        store,
        company("C_OLD", "旧公司", status="吊销", revoked_date="2023-03-01"),
        company("C_PRE", "早任公司"),
        company("C_23", "二三年任命公司"),
        company("C_NEW", "新公司"),
        company("C_LR", "新法人公司"),
        person("P"),
        post(
            "P",
            "C_OLD",
            Role.LEGAL_REPRESENTATIVE,
            date(2018, 1, 1),
            date(2023, 3, 1),
            personal_responsibility=True,
        ),
        post("P", "C_PRE", Role.DIRECTOR, date(2020, 1, 1)),
        post("P", "C_23", Role.DIRECTOR, date(2023, 9, 1)),
        post("P", "C_NEW", Role.DIRECTOR, date(2024, 8, 1)),
        post("P", "C_LR", Role.LEGAL_REPRESENTATIVE, date(2023, 6, 1)),
    )


def test_p2_company_side_follows_the_company_law_in_force(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P2: an appointment in breach is void (2023 art. 178(2)); 'if the
    situation arises during a term of office, the company must remove the person (art.
    178(2)-(3))'; pre-2024 equivalent Company Law 2018 art. 146; §10.2: 146 -> 178 on
    2024-07-01.  The revocation is 2023-03-01, so the ban runs to 2026-03-01.
    C_PRE (director since 2020, still serving) must remove P; C_23 appointed P on
    2023-09-01, void under the 2018 law in force that day; C_NEW appointed P on
    2024-08-01, void under 178(2) (CN-2)."""
    _cn2(store)
    on = date(2023, 10, 1)
    assert [f.issue for f in rule(store, "C_PRE", on, "P2")] == [
        "must remove director (Company Law 2018 art. 146(3))"
    ]
    (void23,) = rule(store, "C_23", on, "P2")
    assert void23.issue == "appointment void (Company Law 2018 art. 146(2))"
    assert "178" not in void23.explanation and "178" not in void23.measures[0].legal_basis
    # After 2024-07-01 the removal duty is the 2023 law's; the 2023 appointment stays void
    # under the law of its day.
    on = date(2024, 9, 1)
    assert [f.issue for f in rule(store, "C_PRE", on, "P2")] == ["must remove director (178(3))"]
    assert [f.issue for f in rule(store, "C_23", on, "P2")] == [
        "appointment void (Company Law 2018 art. 146(2))"
    ]
    assert [f.issue for f in rule(store, "C_NEW", on, "P2")] == [
        "appointment void (Company Law 178(2))"
    ]
    # No flag once the ban is over.
    assert rule(store, "C_PRE", date(2026, 3, 1), "P2") == []


def test_p5_an_lr_registered_during_the_bar(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P5(4): a person may not be LR of a company if LR of an entity whose
    licence was revoked, with personal responsibility, within 3 years of revocation
    (Market Entity Registration Regulations art. 12, in force 2022-03-01, §1.8).  C_LR
    registered P as LR on 2023-06-01, inside the bar."""
    _cn2(store)
    (f,) = rule(store, "C_LR", date(2023, 10, 1), "P5")
    assert f.issue == "LR registration barred (Market Entity Registration Regulations art. 12(4))"
    assert (f.valid_from, f.valid_to) == (date(2023, 3, 1), date(2026, 3, 1))
    assert rule(store, "C_LR", date(2026, 3, 1), "P5") == []


def test_p2_findings_cite_the_revocation_and_the_post(store: SQLiteStore) -> None:
    """DOMAIN §10.1: every exposure is (rule_id, path, legal_document#article), and the
    house rule: every finding carries its provenance.  P2 rests on the revoked company's
    record and the LR post, not on a listing."""
    _cn2(store)
    (f,) = rule(store, "P", date(2023, 10, 1), "P2")
    lr_post = rel_id(RelType.OFFICER_OF, "P", "C_OLD", "test-cn", "legal_representative")
    assert {(x.kind, x.id, x.source, x.record_id) for x in f.facts} == {
        ("revocation", "C_OLD", "test-cn", "C_OLD"),
        ("post", lr_post, "test-cn", "P-C_OLD"),
    }
    assert {x["kind"] for x in f.to_dict()["facts"]} == {"revocation", "post"}
    # A post says what it is, so a page or report showing the facts alone is readable.
    (post,) = [x for x in f.facts if x.kind == "post"]
    assert post.text.startswith("P legal representative of C_OLD (")


def test_a_void_appointment_is_not_reported_after_the_ban(store: SQLiteStore) -> None:
    """The audit's demo: an appointment of 2005-11-16, within three years of a revocation
    on 2004-12-06, was still reported as void on 2026-12-03 (valid_to 2007-12-06).  The
    ban is over: nothing to report on that date."""
    load(
        store,
        company("OLD", "旧", status="吊销", revoked_date="2004-12-06"),
        company("NEW", "新"),
        person("W"),
        post("W", "OLD", Role.LEGAL_REPRESENTATIVE, date(2001, 1, 1), personal_responsibility=True),
        post("W", "NEW", Role.DIRECTOR, date(2005, 11, 16)),
    )
    assert rule(store, "NEW", date(2026, 12, 3), "P2") == []
    assert [f.valid_to for f in rule(store, "NEW", date(2006, 6, 1), "P2")] == [date(2007, 12, 6)]


# -- P3 before and after 2024-07-01 ------------------------------------------------------


def test_p3_before_2024_uses_the_2018_wording(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P3: 2023 art. 178(1)(5) bars a person 'listed by a people's court as a
    dishonest judgment debtor because a relatively large personal debt is due and
    unpaid'; 'the 2018 wording, art. 146(1)(5), was "个人所负数额较大的债务到期未清偿",
    without the court listing'.  The audit's cn3b: supervisor since 2020, listed
    2023-01-01 to 2025-02-01.  In 2023 a court listing shows a debt unperformed, not the
    2018 ground itself: a heuristic of low confidence, consistent with the person's own
    report (M3 only from 2024-07-01).  In 2024 the 2023 law: legal, 178(3)."""
    load(
        store,
        company("C1", "早董事有限公司"),
        person("P"),
        post("P", "C1", Role.SUPERVISOR, date(2020, 1, 1)),
        listing(
            "P",
            "CN_SPC_DISHONEST",
            date(2023, 1, 1),
            date(2025, 2, 1),
            status="deleted",
            reason="unpaid personal debt",
        ),
    )
    (before,) = rule(store, "C1", date(2023, 6, 1), "P3")
    assert (before.basis, before.confidence) == ("heuristic", "low")
    assert "个人所负数额较大的债务到期未清偿" in before.explanation
    assert "178" not in before.issue and "146" in before.issue
    assert "M3" not in measures(china_findings(store, "P", date(2023, 6, 1)), "listed")
    (after,) = rule(store, "C1", date(2024, 9, 1), "P3")
    assert (after.basis, after.issue) == ("legal", "must remove supervisor (178(3))")


# -- P6 and P7 while their basis is in force ----------------------------------------------


def _escalated(store: SQLiteStore, start: date) -> None:
    load(
        store,
        company("C3", "晚升级有限公司"),
        company("C4", "其他四有限公司"),
        person("Q"),
        post("Q", "C3", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        post("Q", "C4", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        listing("C3", "CN_SAMR_ABNORMAL", date(start.year - 3, 1, 1), case_no="A3"),
        listing("C3", "CN_SAMR_SERIOUS", start, case_no="S3", reason="列入经营异常名录届满3年"),
    )


def test_p6_cites_order_83_only_while_it_was_in_force(store: SQLiteStore) -> None:
    """DOMAIN §2.4: SAIC Order 83 was replaced by SAMR Order 44 on 2021-09-01; P6 rests
    on the Publicity Regulations 2014 art. 17(2) (in force to 2024-05-01, catalog M5
    in_force_to, §1.8).  A serious listing of 2023-09-01 cites the Regulations alone, and
    the other company's issue does not cite Order 83 art. 15."""
    _escalated(store, date(2023, 9, 1))
    on = date(2023, 10, 1)
    (q,) = rule(store, "Q", on, "P6")
    assert q.basis == "legal"
    assert "Order 83" not in q.measures[0].legal_basis and "Order 83" not in q.explanation
    assert "art. 17(2)" in q.measures[0].legal_basis
    (c4,) = rule(store, "C4", on, "P6")
    assert c4.issue == "LR barred (Enterprise Information Publicity Regulations 2014 art. 17(2))"


def test_p6_after_the_2024_amendment_is_a_heuristic_saying_so(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P6: '⚠ Verify whether this sentence survives in the 2024 text (State
    Council Order 777 rewrote the article as art. 18)'; §11 item 4.  The conservative
    reading: from 2024-05-01 a ban imposed before is shown as a heuristic that says the
    point is open; a serious listing made after 2024-05-01 brings no P6."""
    _escalated(store, date(2023, 9, 1))
    (q,) = rule(store, "Q", date(2024, 6, 1), "P6")
    assert (q.basis, q.confidence) == ("heuristic", "low")
    assert "Order 777" in q.explanation and "§11" in q.explanation


def test_no_p6_for_a_serious_listing_after_the_2024_amendment(store: SQLiteStore) -> None:
    _escalated(store, date(2024, 6, 1))
    assert rule(store, "Q", date(2024, 7, 1), "P6") == []
    assert rule(store, "C4", date(2024, 7, 1), "P6") == []


def test_p7_from_the_2025_rules_and_only_for_who_registers_or_runs(store: SQLiteStore) -> None:
    """DOMAIN §2.6: the 2025 tax and fee credit rules are in force from 2025-07-01;
    §4.2 P7: 'any entity E2 registered or run by P after t is directly rated D'.  The
    audit's cn5b: a D rating of 2023-04-30 and a shareholding from 2023-08-01 is neither
    in time nor a registering or running role.  cn5's E4: a supervisor does not run the
    company.  A D rating of 2025-04-30 and an LR post from 2025-06-01: P7 only from
    2025-07-01."""
    load(
        store,
        company("E1", "早D级有限公司"),
        company("E2", "早新设有限公司"),
        company("F1", "D级纳税有限公司"),
        company("F2", "之后法人有限公司"),
        company("F4", "之后监事有限公司"),
        person("P"),
        person("R"),
        listing("E1", "CN_SAT_CREDIT_D", date(2023, 4, 30)),
        post("P", "E1", Role.DIRECTLY_RESPONSIBLE),
        post("P", "E2", Role.SHAREHOLDER, date(2023, 8, 1)),
        listing("F1", "CN_SAT_CREDIT_D", date(2025, 4, 30)),
        post("R", "F1", Role.DIRECTLY_RESPONSIBLE),
        post("R", "F2", Role.LEGAL_REPRESENTATIVE, date(2025, 6, 1)),
        post("R", "F4", Role.SUPERVISOR, date(2025, 6, 1)),
    )
    assert rule(store, "E2", date(2023, 10, 1), "P7") == []
    assert rule(store, "F2", date(2025, 6, 15), "P7") == []
    assert [f.basis for f in rule(store, "F2", date(2025, 7, 15), "P7")] == ["legal"]
    assert rule(store, "F4", date(2025, 7, 15), "P7") == []


# -- terms in calendar years ------------------------------------------------------------


def test_fixed_terms_run_in_calendar_years(store: SQLiteStore) -> None:
    """DOMAIN §2.4: under Order 44 (from 2021-09-01) a serious listing is managed for 3
    years; under Order 83 'removal only after 5 years' (art. 9).  §2.5: major tax
    subjects are published for 3 years.  Years, not 1,095 days: a 2019-07-12 serious
    listing runs to 2024-07-12, a 2022-01-01 one to 2025-01-01, a major-tax listing of
    2025-08-01 to 2028-08-01."""
    load(
        store,
        company("S19", "一九"),
        company("S22", "二二"),
        company("T25", "二五"),
        listing("S19", "CN_SAMR_SERIOUS", date(2019, 7, 12)),
        listing("S22", "CN_SAMR_SERIOUS", date(2022, 1, 1)),
        listing("T25", "CN_SAT_MAJOR_TAX", date(2025, 8, 1)),
    )
    for who, last, end in (
        ("S19", date(2024, 7, 11), date(2024, 7, 12)),
        ("S22", date(2024, 12, 31), date(2025, 1, 1)),
        ("T25", date(2028, 7, 31), date(2028, 8, 1)),
    ):
        (f,) = rule(store, who, last, "listed")
        assert f.lists[0].end == end, who
        assert rule(store, who, end, "listed") == [], who


# -- measures only where the list carries them ----------------------------------------------


def test_abnormal_directory_and_customs_alone_bring_no_joint_punishment(store: SQLiteStore) -> None:
    """DOMAIN §2.3: the abnormal directory is 'not a joint-punishment list'; its 2014
    art. 18 makes listing 'an important factor' in procurement, tendering, land and
    honours, no hard ban.  §1.4 / §2.7: since 2021 customs imposes joint punishment
    only on untrustworthy enterprises also on a serious list, so the 2017 MOU's M16
    needs one beside it."""
    load(
        store,
        company("AB", "异常"),
        company("GA", "海关失信"),
        company("GS", "海关失信兼严重"),
        listing("AB", "CN_SAMR_ABNORMAL", date(2025, 1, 1)),
        listing("GA", "CN_GACC_UNTRUSTWORTHY", date(2025, 1, 1)),
        listing("GS", "CN_GACC_UNTRUSTWORTHY", date(2025, 1, 1)),
        listing("GS", "CN_SAMR_SERIOUS", date(2025, 1, 1)),
    )
    on = date(2025, 6, 1)
    (ab,) = rule(store, "AB", on, "listed")
    assert "M14" not in {m.id for m in ab.measures}
    assert {m.id for m in ab.measures} == {"M25"}
    assert "M16" not in measures(china_findings(store, "GA", on), "listed")
    assert "M16" in measures(china_findings(store, "GS", on), "listed")


# -- confidence and sources ---------------------------------------------------------------


def test_recalled_sources_and_heuristics_say_so(store: SQLiteStore) -> None:
    """DOMAIN §3 M2: the tax exit ban rests on Tax Administration Law art. 44 [R], which
    reaches the taxpayer's legal representative, not every directly responsible person;
    §4.4 P11 results are heuristics (never high confidence)."""
    load(
        store,
        company("T", "税"),
        person("LR"),
        person("DR"),
        post("LR", "T", Role.LEGAL_REPRESENTATIVE, date(2020, 1, 1)),
        post("DR", "T", Role.DIRECTLY_RESPONSIBLE, date(2020, 1, 1)),
        listing("T", "CN_SAT_MAJOR_TAX", date(2025, 8, 1)),
        company("PARENT", "母"),
        company("SUB", "子"),
        listing("PARENT", "CN_SAMR_SERIOUS", date(2025, 1, 1)),
        owns("PARENT", "SUB", "60"),
    )
    on = date(2025, 9, 1)
    lr = {m.id: m for m in measures_of(store, "LR", on)}
    assert "[R]" in lr["M2"].legal_basis
    assert "M2" not in {m.id for m in measures_of(store, "DR", on)}
    assert [f.confidence for f in rule(store, "SUB", on, "P11")] == ["low"]


def measures_of(store: SQLiteStore, who: str, on: date) -> list:
    return [m for f in rule(store, who, on, "P1") for m in f.measures]


def test_a_listing_cites_its_decision_number(store: SQLiteStore) -> None:
    """DOMAIN §2.4: SAMR publishes a decision number (列入决定书文号); a listing with no
    case number cites it."""
    load(
        store,
        company("S", "严重"),
        listing("S", "CN_SAMR_SERIOUS", date(2026, 1, 1), decision_no="鲁市监严列〔2026〕4299号"),
    )
    (f,) = rule(store, "S", date(2026, 3, 1), "listed")
    assert f.lists[0].case_no == "鲁市监严列〔2026〕4299号"
    assert "鲁市监严列〔2026〕4299号" in f.explanation


# -- ownership heuristics and undated listings -----------------------------------------------


def test_controlling_shareholder_threshold_and_control_by_date(store: SQLiteStore) -> None:
    """DOMAIN §4.4 P10/P11: up-propagation to a parent that is the listed entity's
    controlling shareholder or actual controller; §10.3: controlling shareholder > 5000
    bp under the Company Law 2023, >= 5000 bp under 2018 (art. 216), 2023 in force from
    2024-07-01.  PAR50 holds exactly 50% of LS; PARC controls LS by agreement and is
    recorded as its actual controller."""
    load(
        store,
        company("LS", "上榜子公司"),
        company("PAR50", "持半母公司"),
        company("PARC", "实控母公司"),
        listing("LS", "CN_SAMR_SERIOUS", date(2022, 1, 1)),
        owns("PAR50", "LS", "50"),
        Rel(
            rel_id(RelType.CONTROLS, "PARC", "LS", "test-cn"),
            RelType.CONTROLS,
            "PARC",
            "LS",
            start=date(2015, 1, 1),
            props={"basis": "agreement"},
            provenance=(Provenance("test-cn", "o6"),),
        ),
    )
    assert [f.basis for f in rule(store, "PAR50", date(2023, 6, 1), "P11")] == ["heuristic"]
    assert rule(store, "PAR50", date(2024, 9, 1), "P11") == []
    assert [f.basis for f in rule(store, "PARC", date(2023, 6, 1), "P11")] == ["heuristic"]


def test_an_undated_listing_counts_from_its_list_in_force_date(store: SQLiteStore) -> None:
    """DOMAIN §1.8: the SPC dishonest-debtor rules are in force from 2013-10-01; no
    listing on that list can be older, so an undated one counts from that day (as the
    sanctions programs' in-force dates bound theirs)."""
    load(
        store,
        company("A", "无日期有限公司"),
        person("P"),
        post("P", "A", Role.LEGAL_REPRESENTATIVE),
        Rel(
            rel_id(RelType.LISTED_ON, "A", "list:CN_SPC_DISHONEST", "test-cn", "u"),
            RelType.LISTED_ON,
            "A",
            "list:CN_SPC_DISHONEST",
            props={"status": "active", "case_no": "(20xx)X"},
            provenance=(Provenance("test-cn", "u"),),
        ),
    )
    assert china_findings(store, "A", date(2005, 1, 1)) == []
    assert china_findings(store, "P", date(2005, 1, 1)) == []
    (f,) = rule(store, "A", date(2014, 1, 1), "listed")
    assert f.undated_listing and f.lists[0].not_before == date(2013, 10, 1)
