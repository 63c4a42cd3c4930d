"""China joint-punishment rules: the DOMAIN.md §9 fixtures CN-1..CN-5 and more.

Each fixture is written into a real SQLite store and evaluated through the
public API (``china_findings``).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from china_helpers import (
    SRC,
    company,
    listing,
    load,
    measures,
    owns,
    person,
    post,
    rules,
    store,
)

from graph.model import Role
from graph.risk.china import ChinaRules, china_findings
from graph.risk.china_context import Cut
from graph.store.sqlite import SQLiteStore

__all__ = ["store"]  # the fixture, used by name

C1 = "uscc:915001087093211864"


def test_cn1_consumption_restriction_reaches_lr_and_actual_controller(store: SQLiteStore) -> None:
    load(
        store,
        company(C1, "重庆希尔康医药有限公司"),
        person("P_LR"),
        person("P_AC"),
        person("P_DIR"),
        post("P_LR", C1, Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        post("P_AC", C1, Role.ACTUAL_CONTROLLER),
        post("P_DIR", C1, Role.DIRECTOR),
        listing(
            C1,
            "CN_SPC_DISHONEST",
            date(2017, 6, 21),
            case_no="(2017)渝0107执4344号",
            performance="全部未履行",
        ),
    )
    on = date(2018, 1, 1)
    entity = china_findings(store, C1, on)
    assert "M1" in measures(entity, "listed")
    listed = next(f for f in entity if f.rule == "listed")
    assert listed.lists[0].case_no == "(2017)渝0107执4344号"
    assert listed.lists[0].source == SRC
    assert "M1" in measures(china_findings(store, "P_LR", on), "P1")
    assert "M1" in measures(china_findings(store, "P_AC", on), "P1")
    assert "M1" not in measures(china_findings(store, "P_DIR", on), "P1")
    # Before the listing nothing applies.
    assert china_findings(store, "P_LR", date(2017, 6, 20)) == []


def test_cn1_listing_deleted_stops_measures(store: SQLiteStore) -> None:
    load(
        store,
        company(C1, "重庆希尔康医药有限公司"),
        person("P_LR"),
        post("P_LR", C1, Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        listing(C1, "CN_SPC_DISHONEST", date(2017, 6, 21), date(2019, 6, 21), status="deleted"),
    )
    assert rules(china_findings(store, "P_LR", date(2019, 6, 20))) == {("P1", "legal")}
    assert china_findings(store, "P_LR", date(2019, 6, 21)) == []
    assert china_findings(store, C1, date(2020, 1, 1)) == []


def test_cn2_revoked_company_lr_banned_three_years(store: SQLiteStore) -> None:
    load(
        store,
        company("C_OLD", "旧公司", status="吊销", revoked_date="2023-03-01"),
        company("C_NEW", "新公司"),
        person("P"),
        post(
            "P",
            "C_OLD",
            Role.LEGAL_REPRESENTATIVE,
            date(2018, 1, 1),
            date(2023, 3, 1),
            personal_responsibility=True,
        ),
        post("P", "C_NEW", Role.DIRECTOR, date(2024, 8, 1)),
    )
    on = date(2024, 9, 1)
    ban = [f for f in china_findings(store, "P", on) if f.rule == "P2"]
    assert len(ban) == 1 and ban[0].basis == "legal"
    assert ban[0].valid_to == date(2026, 3, 1)
    assert "M3" in {m.id for m in ban[0].measures}
    flags = [f for f in china_findings(store, "C_NEW", on) if f.rule == "P2"]
    assert [f.issue for f in flags] == ["appointment void (Company Law 178(2))"]
    # The ban ends three years after revocation.
    assert not [f for f in china_findings(store, "P", date(2026, 3, 1)) if f.rule == "P2"]


def test_cn2_variant_personal_responsibility_unknown_is_heuristic(store: SQLiteStore) -> None:
    load(
        store,
        company("C_OLD", "旧公司", status="吊销", revoked_date="2023-03-01"),
        person("P"),
        post("P", "C_OLD", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), date(2023, 3, 1)),
    )
    ban = [f for f in china_findings(store, "P", date(2024, 9, 1)) if f.rule == "P2"]
    assert [(f.basis, f.confidence) for f in ban] == [("heuristic", "low")]


def test_cn3_individual_debtor_must_be_removed_as_director(store: SQLiteStore) -> None:
    load(
        store,
        company("C1", "某公司"),
        person("P"),
        post("P", "C1", Role.DIRECTOR, date(2020, 1, 1)),
        listing("P", "CN_SPC_DISHONEST", date(2024, 9, 1), reason="unpaid personal debt"),
    )
    flags = [f for f in china_findings(store, "C1", date(2024, 10, 1)) if f.rule == "P3"]
    assert [f.issue for f in flags] == ["must remove director (178(3))"]
    assert flags[0].paths == [["C1", "P", "list:CN_SPC_DISHONEST"]]
    # P9 contagion: a unit whose director is a dishonest debtor is under key supervision.
    assert "M11" in measures(china_findings(store, "C1", date(2024, 10, 1)), "P9")
    # The person's own listing brings M3 (Company Law 2023 art. 178(1)(5)).
    assert "M3" in measures(china_findings(store, "P", date(2024, 10, 1)), "listed")


def test_cn4_abnormal_then_serious_bans_lr_elsewhere(store: SQLiteStore) -> None:
    load(
        store,
        company("C1", "甲公司"),
        company("C2", "乙公司"),
        person("P"),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE),
        post("P", "C2", Role.LEGAL_REPRESENTATIVE),
        listing("C1", "CN_SAMR_ABNORMAL", date(2016, 7, 1)),
        listing("C1", "CN_SAMR_SERIOUS", date(2019, 7, 12), reason="列入经营异常名录届满3年"),
    )
    on = date(2020, 1, 1)
    p6 = [f for f in china_findings(store, "P", on) if f.rule == "P6"]
    assert len(p6) == 1 and p6[0].valid_to == date(2022, 7, 12)
    assert "M5" in {m.id for m in p6[0].measures}
    c2 = [f for f in china_findings(store, "C2", on) if f.rule == "P6"]
    assert [f.issue for f in c2] == ["must change LR registration (SAIC Order 83 art.15)"]
    assert not [f for f in china_findings(store, "C1", on) if f.rule == "P6"]
    assert not [f for f in china_findings(store, "P", date(2022, 7, 12)) if f.rule == "P6"]


def test_cn5_tax_d_grade_contaminates_later_companies_only(store: SQLiteStore) -> None:
    load(
        store,
        company("E1", "一公司"),
        company("E2", "二公司"),
        company("E3", "三公司"),
        person("P"),
        listing("E1", "CN_SAT_CREDIT_D", date(2025, 4, 30)),
        post("P", "E1", Role.DIRECTLY_RESPONSIBLE),
        post("P", "E2", Role.LEGAL_REPRESENTATIVE, date(2025, 8, 1)),
        post("P", "E3", Role.LEGAL_REPRESENTATIVE, date(2024, 1, 1)),
    )
    on = date(2025, 9, 1)
    e2 = [f for f in china_findings(store, "E2", on) if f.rule == "P7"]
    assert [(f.basis, f.lists[0].list_id) for f in e2] == [("legal", "CN_SAT_CREDIT_D")]
    assert not [f for f in china_findings(store, "E3", on) if f.rule == "P7"]
    # The D grade is an annual rating: a year later it no longer contaminates.
    assert not [f for f in china_findings(store, "E2", date(2026, 4, 30)) if f.rule == "P7"]


def test_ownership_spread_is_only_a_heuristic(store: SQLiteStore) -> None:
    load(
        store,
        company("PARENT", "母公司"),
        company("SUB", "子公司"),
        company("MINOR", "参股公司"),
        listing("PARENT", "CN_SAMR_SERIOUS", date(2022, 1, 1)),
        owns("PARENT", "SUB", "50"),
        owns("PARENT", "MINOR", "49.99"),
    )
    on = date(2023, 1, 1)
    sub = china_findings(store, "SUB", on)
    assert rules(sub) == {("P11", "heuristic")}
    assert sub[0].measures == [] and sub[0].share == Fraction(1, 2)
    assert china_findings(store, "MINOR", on) == []
    assert not [f for f in china_findings(store, "SUB", on, heuristics=False)]


def test_a_holding_companys_heuristics_read_its_subsidiaries_listings_at_once(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parent with many majority stakes: one finding per listed subsidiary, as before,
    but their listings come in one read, not one per subsidiary (a 1M-company hub's
    exposure spent most of its time there)."""
    subs = [f"S{i}" for i in range(40)]
    load(
        store,
        company("HOLD", "控股集团有限公司"),
        *(company(s, f"子公司{s}") for s in subs),
        *(owns("HOLD", s, "60") for s in subs),
        listing("S3", "CN_SAMR_SERIOUS", date(2022, 1, 1)),
        listing("S17", "CN_SAMR_SERIOUS", date(2022, 3, 1)),
    )
    calls: list[str] = []
    real = store.rels_of

    def counted(node_id: str, **kw: object) -> object:
        calls.append(node_id)
        return real(node_id, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "rels_of", counted)
    found = [f for f in china_findings(store, "HOLD", date(2023, 1, 1)) if f.rule == "P11"]
    assert sorted(f.paths[0][1] for f in found) == ["S17", "S3"]
    assert {f.status for f in found} == {"linked"}
    assert not set(calls) & set(subs), "a subsidiary's listings were read one by one"


def test_every_finding_explains_itself(store: SQLiteStore) -> None:
    load(
        store,
        company(C1, "重庆希尔康医药有限公司"),
        person("P_LR"),
        post("P_LR", C1, Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        listing(C1, "CN_SPC_DISHONEST", date(2017, 6, 21)),
    )
    for f in china_findings(store, "P_LR", date(2018, 1, 1)):
        d = f.to_dict()
        assert {
            "regime",
            "rule",
            "basis",
            "status",
            "lists",
            "share",
            "paths",
            "measures",
            "explanation",
        } <= set(d)
        assert "重庆希尔康医药有限公司" in d["explanation"]
        assert all(m["legal_basis"] for m in d["measures"])


def test_a_majority_stake_past_a_page_of_minority_ones_is_still_seen(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The heuristic reads a page of holdings per company; minority stakes must not
    fill it.  With the page at 3 and five 10% stakes whose ids sort first, the 60%
    stake in a listed company is still found (the store keeps only holdings that may
    reach half)."""
    import graph.risk.china_context as context

    monkeypatch.setattr(context, "PAGE", 3)
    minors = [f"A{i}" for i in range(5)]
    load(
        store,
        company("HOLD", "控股集团有限公司"),
        *(company(m, f"参股公司{m}") for m in minors),
        company("Z9", "上市失信子公司"),
        *(owns("HOLD", m, "10") for m in minors),
        owns("HOLD", "Z9", "60"),
        listing("Z9", "CN_SAMR_SERIOUS", date(2022, 1, 1)),
    )
    china = ChinaRules(store)
    found = [f for f in china.findings("HOLD", date(2023, 1, 1)) if f.rule == "P11"]
    assert [f.paths[0] for f in found] == [["HOLD", "Z9"]]
    # The minority stakes were never read, so nothing was cut.
    assert china.cuts == []


def test_a_read_cut_at_the_page_is_reported(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four directors with the page at 2: whether the dishonest one is read depends on
    the order, so the evaluation must say what it did not read (P9 rests on it)."""
    import graph.risk.china_context as context

    directors = ["D0", "D1", "D2", "D3"]
    load(
        store,
        company("C1", "某公司"),
        *(person(d) for d in directors),
        *(post(d, "C1", Role.DIRECTOR, date(2020, 1, 1)) for d in directors),
        listing("D3", "CN_SPC_DISHONEST", date(2024, 9, 1)),
    )
    day = date(2024, 10, 1)
    whole = ChinaRules(store)
    assert "P9" in {f.rule for f in whole.findings("C1", day)}
    assert whole.cuts == []
    monkeypatch.setattr(context, "PAGE", 2)
    cut = ChinaRules(store)
    cut.findings("C1", day)
    assert cut.cuts == [Cut("C1", "officers", 2, 4)]
    assert cut.cuts[0].text() == (
        "China rules read 2 of 4 officers of C1; findings through the other 2 are missing"
    )
    # A director's posts are read the same way: past the page, said once.
    load(store, *(company(f"X{i}", f"其他公司{i}") for i in range(3)))
    load(store, *(post("D0", f"X{i}", Role.DIRECTOR) for i in range(3)))
    person_rules = ChinaRules(store)
    person_rules.findings("D0", day)
    assert person_rules.cuts == [Cut("D0", "posts", 2, 4)]
