"""Who the China rules reach, and what they say about it (audit items 4, 5, 6, 7, 15).

Each expectation is worked by hand from DOMAIN.md §4 (quoted in the docstrings)
on the audit's reproductions, written straight into a store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from china_helpers import company, listing, load, measures, person, post, store
from click.testing import CliRunner

from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.risk.china import china_findings
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load as load_files

__all__ = ["store"]  # the fixture, used by name


def p1(store: SQLiteStore, who: str, on: date) -> list:
    return [f for f in china_findings(store, who, on) if f.rule == "P1"]


# -- P6: the premise must be in the data ---------------------------------------


def test_p6_needs_three_uncured_years_on_the_abnormal_directory(store: SQLiteStore) -> None:
    """DOMAIN §4.2 P6: the LR of an enterprise 'put on the serious-violation list (after
    3 years on the abnormal directory)' may not be LR of other enterprises for 3 years;
    §2.3: '3 years on the directory without curing -> serious-violation list'.  The
    audit's cn4b: C1 was on the directory for two months (2016-07-01 to 2016-09-01,
    cured) and went on the serious list in 2022 for false registration (虚假登记): no
    P6, and nothing for C2.  C3 stayed on the directory from 2020-07-01 uncured and was
    moved to the serious list on 2023-09-01 (2020-07-01 + 3 years = 2023-07-01 <=
    2023-09-01): P6, and the explanation gives those dates, not a bare claim."""
    load(
        store,
        *(company(c, c) for c in ("C1", "C2", "C3", "C4")),
        person("P"),
        person("Q"),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        post("P", "C2", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        post("Q", "C3", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        post("Q", "C4", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        listing(
            "C1", "CN_SAMR_ABNORMAL", date(2016, 7, 1), date(2016, 9, 1), status="early_removed"
        ),
        listing("C1", "CN_SAMR_SERIOUS", date(2022, 3, 1), case_no="S1", reason="虚假登记"),
        listing("C3", "CN_SAMR_ABNORMAL", date(2020, 7, 1), case_no="A3"),
        listing(
            "C3",
            "CN_SAMR_SERIOUS",
            date(2023, 9, 1),
            case_no="S3",
            reason="列入经营异常名录届满3年",
        ),
    )
    on = date(2022, 6, 1)
    assert not [f for f in china_findings(store, "P", on) if f.rule == "P6"]
    assert not [f for f in china_findings(store, "C2", on) if f.rule == "P6"]
    on = date(2023, 10, 1)
    (q,) = [f for f in china_findings(store, "Q", on) if f.rule == "P6"]
    assert "since 2020-07-01" in q.explanation and "2023-09-01" in q.explanation
    assert (q.valid_from, q.valid_to) == (date(2023, 9, 1), date(2026, 9, 1))
    assert [f.rule for f in china_findings(store, "C4", on) if f.rule == "P6"] == ["P6"]


def test_p6_on_the_recorded_reason_alone_says_it_rests_on_the_reason(store: SQLiteStore) -> None:
    """No abnormal-directory listing in the data, but the serious listing's recorded
    reason is the abnormal-directory ground (列入经营异常名录届满3年): the finding may
    rest on that reason, and must say so rather than state the three years as a fact."""
    load(
        store,
        company("C1", "甲公司"),
        person("P"),
        post("P", "C1", Role.LEGAL_REPRESENTATIVE),
        listing("C1", "CN_SAMR_SERIOUS", date(2019, 7, 12), reason="列入经营异常名录届满3年"),
    )
    (f,) = [f for f in china_findings(store, "P", date(2020, 1, 1)) if f.rule == "P6"]
    assert "recorded reason" in f.explanation and "列入经营异常名录届满3年" in f.explanation
    assert "after three years on the abnormal-operations directory" not in f.explanation


# -- one finding per case, every measure of every role --------------------------


def test_two_roles_keep_every_measure_and_two_cases_keep_their_numbers(store: SQLiteStore) -> None:
    """The audit's dup: P is actual controller and LR of A, a dishonest debtor on two
    cases.  DOMAIN §4.1 (SPC consumption rules art. 3(2), 64号 (七)) names both roles;
    the catalog's M1 reaches both, M2 (exit ban, 64号 (八)) the LR.  So each case gives
    P one P1 finding with M1 and M2 that names both roles; two cases, two findings,
    each citing its own case."""
    load(
        store,
        company("A", "双角色有限公司"),
        person("P"),
        post("P", "A", Role.ACTUAL_CONTROLLER, date(2015, 1, 1)),
        post("P", "A", Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        listing("A", "CN_SPC_DISHONEST", date(2020, 1, 1), case_no="(2020)K1"),
        listing("A", "CN_SPC_DISHONEST", date(2022, 5, 1), case_no="(2022)K2"),
    )
    on = date(2023, 1, 1)
    found = p1(store, "P", on)
    assert sorted(f.lists[0].case_no for f in found) == ["(2020)K1", "(2022)K2"]
    for f in found:
        assert {"M1", "M2"} <= {m.id for m in f.measures}
        assert "legal representative" in f.explanation and "actual controller" in f.explanation
    listed = [f for f in china_findings(store, "A", on) if f.rule == "listed"]
    assert sorted(f.lists[0].case_no for f in listed) == ["(2020)K1", "(2022)K2"]


# -- co-targets DOMAIN §4.1 names -------------------------------------------------

ROLES = (
    Role.LEGAL_REPRESENTATIVE,
    Role.MAIN_RESPONSIBLE_PERSON,
    Role.ACTUAL_CONTROLLER,
    Role.DIRECTLY_RESPONSIBLE,
    Role.DIRECTOR,
    Role.SUPERVISOR,
    Role.SENIOR_MANAGER,
    Role.FINANCE_MANAGER,
    Role.SAFETY_OFFICER,
    Role.ACTUAL_RESPONSIBLE_PERSON,
    Role.SHAREHOLDER,
)


def _officers(store: SQLiteStore, cid: str, list_id: str, *also: str) -> None:
    load(store, company(cid, f"{list_id}公司"))
    for r in ROLES:
        load(store, person(f"{cid}-{r.value}"), post(f"{cid}-{r.value}", cid, r, date(2020, 1, 1)))
    load(store, listing(cid, list_id, date(2025, 8, 1), case_no=f"K-{cid}"))
    for extra in also:
        load(store, listing(cid, extra, date(2025, 8, 1), case_no=f"K-{cid}-{extra}"))


def _reached(store: SQLiteStore, cid: str, on: date) -> dict[str, tuple[str, str]]:
    out = {}
    for r in ROLES:
        for f in p1(store, f"{cid}-{r.value}", on):
            out[r.value] = (f.basis, f.confidence)
    return out


def test_finance_list_co_targets(store: SQLiteStore) -> None:
    """DOMAIN §4.1, Finance: 'LR, actual controller, D/S/SM with personal or direct
    leadership responsibility, directly responsible staff' (2017 finance MOU [V]).  LR,
    actual controller and directly responsible persons are reached; a director,
    supervisor or senior manager only with that responsibility, which the data does
    not record here: a heuristic of low confidence."""
    _officers(store, "F", "CN_FINANCE_SERIOUS")
    got = _reached(store, "F", date(2025, 9, 1))
    assert got == {
        "legal_representative": ("legal", "high"),
        "actual_controller": ("legal", "high"),
        "directly_responsible": ("legal", "high"),
        "director": ("heuristic", "low"),
        "supervisor": ("heuristic", "low"),
        "senior_manager": ("heuristic", "low"),
    }


def test_customs_untrustworthy_co_targets_with_a_serious_list(store: SQLiteStore) -> None:
    """DOMAIN §4.1, Customs untrustworthy: 'LR (responsible person), directors,
    supervisors, senior managers' (427号 [V]); §1.4: since 2021 customs imposes joint
    punishment only on untrustworthy enterprises also on a serious list.  G is on both
    (the SAMR serious list's own role set reaches its LR and directly responsible
    persons too, which is P1 of that list)."""
    _officers(store, "G", "CN_GACC_UNTRUSTWORTHY", "CN_SAMR_SERIOUS")
    on = date(2025, 9, 1)
    customs = {
        r.value
        for r in ROLES
        for f in p1(store, f"G-{r.value}", on)
        if f.lists[0].list_id == "CN_GACC_UNTRUSTWORTHY"
    }
    assert customs == {"legal_representative", "director", "supervisor", "senior_manager"}


def test_work_safety_reaches_the_person_in_charge_of_safety(store: SQLiteStore) -> None:
    """DOMAIN §4.1, Work safety: 'LR, main responsible person, person in charge of
    safety, directly responsible persons' (MOU [V])."""
    _officers(store, "S", "CN_MEM_SAFETY")
    got = _reached(store, "S", date(2025, 9, 1))
    assert set(got) == {
        "legal_representative",
        "main_responsible_person",
        "safety_officer",
        "directly_responsible",
    }


def test_major_tax_reaches_finance_manager_and_actual_responsible_person(
    store: SQLiteStore,
) -> None:
    """DOMAIN §4.1, Major tax violation: 'LR / responsible person, court-determined
    actual responsible person, finance manager, intermediaries' (SAT Order 54 [R for
    fields]).  The role set rests on a recalled source, so the findings say so with
    confidence low; the actual controller is not named there."""
    _officers(store, "T", "CN_SAT_MAJOR_TAX")
    got = _reached(store, "T", date(2025, 9, 1))
    assert {"finance_manager", "actual_responsible_person", "legal_representative"} <= set(got)
    assert "actual_controller" not in got and "director" not in got
    assert {c for _, c in got.values()} == {"low"}


def test_a_company_recorded_as_actual_controller_is_a_co_target(store: SQLiteStore) -> None:
    """The audit's ac: PARC (a company) is recorded as actual controller of L, a
    dishonest debtor.  DOMAIN §4.1 / §4.4 P10: the actual controller (who 'can actually
    direct the company's conduct', Company Law art. 265(3)) is named in the consumption
    rules (art. 3(2)) whoever it is: P1 with M1."""
    load(
        store,
        company("L", "失信子公司有限公司"),
        company("PARC", "实际控制集团有限公司"),
        Rel(
            rel_id(RelType.OFFICER_OF, "PARC", "L", "test-cn", "ac"),
            RelType.OFFICER_OF,
            "PARC",
            "L",
            role=Role.ACTUAL_CONTROLLER,
            start=date(2015, 1, 1),
            provenance=(Provenance("test-cn", "o7"),),
        ),
        listing("L", "CN_SPC_DISHONEST", date(2022, 1, 1), case_no="(2022)沪执2号"),
    )
    assert "M1" in measures(china_findings(store, "PARC", date(2023, 1, 1)), "P1")


# -- P2: personal responsibility as recorded; --no-heuristics ------------------------


def test_personal_responsibility_from_a_bundle_decides_p2(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """DOMAIN §9 CN-2: personal_responsibility true -> P2 with basis legal; unknown ->
    heuristic, confidence low.  §4.2 P2 bars only an LR 'who bears personal
    responsibility': recorded false, there is no ban."""
    d = tmp_path / "cn2"
    d.mkdir()
    (d / "entities.csv").write_text(
        "id,type,name,names,uscc,lei,country,status,revoked_date\n"
        "C_OLD,Company,旧公司有限公司,,,,cn,吊销,2023-03-01\n"
        "P,Person,张吊销,,,,cn,,\nQ,Person,李无责,,,,cn,,\nU,Person,王未知,,,,cn,,\n",
        "utf-8",
    )
    (d / "relationships.csv").write_text(
        "type,src,dst,role,share,start,end,basis,source_record,personal_responsibility\n"
        "OFFICER_OF,P,C_OLD,legal_representative,,2018-01-01,2023-03-01,,r1,true\n"
        "OFFICER_OF,Q,C_OLD,legal_representative,,2018-01-01,2023-03-01,,r2,false\n"
        "OFFICER_OF,U,C_OLD,legal_representative,,2018-01-01,2023-03-01,,r3,\n",
        "utf-8",
    )
    load_files(store, "bundle", [d])
    on = date(2024, 9, 1)

    def p2(local: str) -> list[tuple[str, str]]:
        who = store.resolve(f"bundle:cn2:{local}")
        assert who is not None
        return [(f.basis, f.confidence) for f in china_findings(store, who, on) if f.rule == "P2"]

    assert p2("P") == [("legal", "high")]
    assert p2("Q") == []
    assert p2("U") == [("heuristic", "low")]
    who = store.resolve("bundle:cn2:U")
    assert who is not None and china_findings(store, who, on, heuristics=False) == []


def test_no_heuristics_in_the_cli_drops_a_heuristic_p2(tmp_path: Path) -> None:
    """`--no-heuristics`: 'Only legal findings'.  The audit's cn2 printed
    `[heuristic] ... rule P2` with it."""
    from ui.cli import main

    url = f"sqlite:///{tmp_path / 'g.db'}"
    with SQLiteStore.from_url(url) as s:
        load(
            s,
            Node(
                "C_OLD",
                NodeType.COMPANY,
                "旧公司",
                props={"status": "吊销", "revoked_date": "2023-03-01"},
            ),
            person("U"),
            post("U", "C_OLD", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), date(2023, 3, 1)),
        )
    args = ["--store", url, "exposure", "U", "--as-of", "2024-09-01"]
    assert "rule P2" in CliRunner().invoke(main, args).output
    out = CliRunner().invoke(main, [*args, "--no-heuristics"]).output
    assert "heuristic" not in out.split("findings", 1)[-1] and "rule P2" not in out
