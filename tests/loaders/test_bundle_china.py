"""The bundle loader on China data: listing statuses, dates the engine reads, personal
responsibility, bundle ids and the template's example rows (audit of the China side,
items 2, 3, 7).  Expected values are worked from DOMAIN.md and docs/BUNDLE.md, not
from the loader's own output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.model import Node, Rel, RelType
from graph.risk.exposure import exposure
from graph.store.sqlite import SQLiteStore
from graph.uscc import validate_uscc
from loaders.bundle import EXAMPLES, read_bundle, template
from loaders.pipeline import load
from loaders.records import Quarantined, Warned

ENTITIES = "id,type,name,names,uscc,lei,country,status"
RELS = "type,src,dst,role,share,start,end,basis,source_record"
LISTINGS = "entity,list,start,end,status,case_no,reason,agency"


def bundle(
    folder: Path,
    entities: list[str],
    rels: list[str] = (),  # type: ignore[assignment]
    listings: list[str] = (),  # type: ignore[assignment]
    *,
    entity_header: str = ENTITIES,
    rel_header: str = RELS,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.csv").write_text(
        "\n".join([entity_header, *entities]) + "\n", encoding="utf-8"
    )
    (folder / "relationships.csv").write_text("\n".join([rel_header, *rels]) + "\n", "utf-8")
    (folder / "listings.csv").write_text("\n".join([LISTINGS, *listings]) + "\n", "utf-8")
    return folder


# -- listing statuses ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # BUNDLE.md's values, in any case and with a space or hyphen for the underscore.
        ("active", "active"),
        ("Deleted", "deleted"),
        ("EXPIRED", "expired"),
        ("early removed", "early_removed"),
        ("Early-Removed", "early_removed"),
        ("revoked", "revoked"),
        # DOMAIN §2.1: the SPC deletes (删除) an entry, which is then no basis for
        # punishment any more.
        ("已删除", "deleted"),
        ("删除", "deleted"),
        # DOMAIN §1.6 / §2.3 / §2.4: removal (移出) from the abnormal directory and early
        # removal from the serious list are credit repair (信用修复); §4.5: after
        # deletion or early removal the measures stop.
        ("已移出", "early_removed"),
        ("移出", "early_removed"),
        ("提前移出", "early_removed"),
        ("信用修复", "early_removed"),
        ("已修复", "early_removed"),
        ("repaired", "early_removed"),
        ("有效", "active"),
        ("在列", "active"),
        ("届满", "expired"),
        ("到期", "expired"),
        ("撤销", "revoked"),
    ],
)
def test_listing_status_synonyms(tmp_path: Path, text: str, expected: str) -> None:
    d = bundle(
        tmp_path / "b",
        ["A,Company,甲有限公司,,,,cn,"],
        [],
        [f"A,CN_SPC_DISHONEST,2020-01-01,,{text},K1,,SPC"],
    )
    (rel,) = [r for r in read_bundle(d) if isinstance(r, Rel) and r.type is RelType.LISTED_ON]
    assert rel.props["status"] == expected
    if text != expected:
        assert rel.props["status_recorded"] == text  # the source's own word is kept


def test_unknown_listing_status_is_quarantined_naming_the_allowed_values(tmp_path: Path) -> None:
    d = bundle(
        tmp_path / "b",
        ["A,Company,甲有限公司,,,,cn,"],
        [],
        ["A,CN_SPC_DISHONEST,2020-01-01,,pending,K1,,SPC"],
    )
    (q,) = [r for r in read_bundle(d) if isinstance(r, Quarantined)]
    assert q.reason == "unknown listing status"
    assert "'pending'" in q.detail
    for allowed in ("active", "deleted", "expired", "early_removed", "revoked"):
        assert allowed in q.detail


def test_deleted_in_chinese_or_capitals_is_not_in_force(tmp_path: Path, store: SQLiteStore) -> None:
    """The audit's tmp1: 已删除 and Deleted with no end date counted as in force and
    put the LR under P1.  DOMAIN §2.1 / §4.5: a deleted entry is no basis for
    punishment; the row says it is over, so nothing follows on any later date."""
    d = bundle(
        tmp_path / "tmp1",
        [
            "B,Company,中文状态有限公司,,,,cn,active",
            "E,Company,大写状态有限公司,,,,cn,active",
            "PB,Person,中文法人,,,,cn,",
        ],
        ["OFFICER_OF,PB,B,legal_representative,,2015-01-01,,,r2"],
        [
            "B,CN_SPC_DISHONEST,2020-01-01,,已删除,(2020)B,,SPC",
            "E,CN_SPC_DISHONEST,2020-01-01,,Deleted,(2020)E,,SPC",
        ],
    )
    load(store, "bundle", [d])
    day = date(2025, 1, 1)
    for local in ("B", "E", "PB"):
        rep = exposure(store, f"bundle:tmp1:{local}", day)
        assert rep.statuses()["cn"] == "none", local


# -- dates the engine parses ---------------------------------------------------


def test_bad_revoked_date_warns_at_load_and_never_reaches_the_engine(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """The audit's cn2b: revoked_date 2023/03/01 loaded silently, then exposure and
    screen crashed.  The value is not a date as BUNDLE.md asks (YYYY-MM-DD): the load
    warns with the value and keeps it apart (``revoked_date_raw``)."""
    d = bundle(
        tmp_path / "cn2b",
        ["C_BAD,Company,坏日期有限公司,,,,cn,吊销,2023/03/01", "R,Person,王坏日期,,,,cn,,"],
        ["OFFICER_OF,R,C_BAD,legal_representative,,2018-01-01,,,r3,true"],
        entity_header=ENTITIES + ",revoked_date",
        rel_header=RELS + ",personal_responsibility",
    )
    records = list(read_bundle(d))
    warned = [w for w in records if isinstance(w, Warned) and "revoked_date" in w.reason]
    assert warned and "'2023/03/01'" in warned[0].detail
    (node,) = [n for n in records if isinstance(n, Node) and n.name == "坏日期有限公司"]
    assert "revoked_date" not in node.props and node.props["revoked_date_raw"] == "2023/03/01"
    load(store, "bundle", [d])
    rep = exposure(store, "bundle:cn2b:R", date(2024, 1, 1))  # no ValueError
    assert all("2023/03/01" in f.explanation for f in rep.findings if f.rule == "P2")


def test_revoked_status_without_a_date_warns(tmp_path: Path) -> None:
    """The audit's rev: a revoked company without revoked_date gave no finding and no
    word.  P2 / P5(4) run from the revocation date (DOMAIN §4.5), so the load says it
    has none."""
    d = bundle(tmp_path / "rev", ["C2,Company,无吊销日期有限公司,,,,cn,revoked"])
    warned = [w for w in read_bundle(d) if isinstance(w, Warned)]
    assert [w.reason for w in warned] == ["revoked or closed without a revocation date"]


# -- personal responsibility ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("是", True), ("1", True), ("yes", True),
     ("false", False), ("否", False), ("0", False), ("No", False)],
)  # fmt: skip
def test_personal_responsibility_is_a_boolean(tmp_path: Path, text: str, expected: bool) -> None:
    d = bundle(
        tmp_path / "b",
        ["C,Company,旧公司有限公司,,,,cn,吊销", "P,Person,张,,,,cn,"],
        [f"OFFICER_OF,P,C,legal_representative,,2018-01-01,,,r1,{text}"],
        rel_header=RELS + ",personal_responsibility",
    )
    (rel,) = [r for r in read_bundle(d) if isinstance(r, Rel)]
    assert rel.props["personal_responsibility"] is expected


def test_unreadable_personal_responsibility_warns_and_stays_unknown(tmp_path: Path) -> None:
    d = bundle(
        tmp_path / "b",
        ["C,Company,旧公司有限公司,,,,cn,吊销", "P,Person,张,,,,cn,"],
        ["OFFICER_OF,P,C,legal_representative,,2018-01-01,,,r1,maybe"],
        rel_header=RELS + ",personal_responsibility",
    )
    records = list(read_bundle(d))
    (rel,) = [r for r in records if isinstance(r, Rel)]
    assert "personal_responsibility" not in rel.props
    assert rel.props["personal_responsibility_raw"] == "maybe"
    assert any(isinstance(w, Warned) and "'maybe'" in w.detail for w in records)


# -- bundle ids ----------------------------------------------------------------


def test_two_bundles_with_the_same_local_ids_stay_apart(tmp_path: Path, store: SQLiteStore) -> None:
    """The audit's colA / colB: both use P1 and E1.  README: names alone never merge;
    here not even names agree, yet colB's 李四 inherited colA's listing through P1."""
    col_a = bundle(
        tmp_path / "colA",
        ["E1,Company,甲失信有限公司,,,,cn,active", "P1,Person,张三,,,,cn,"],
        ["OFFICER_OF,P1,E1,legal_representative,,2015-01-01,,,r1"],
        ["E1,CN_SPC_DISHONEST,2020-01-01,,active,(2020)甲1号,,SPC"],
    )
    col_b = bundle(
        tmp_path / "colB", ["P1,Person,李四,,,,cn,", "E1,Company,乙清白有限公司,,,,cn,active"]
    )
    load(store, "bundle", [col_a])
    second = load(store, "bundle", [col_b])
    assert second.counts["Person"].merged == 0 and second.counts["Company"].merged == 0
    day = date(2024, 1, 1)
    li_si = exposure(store, "bundle:colB:P1", day)
    assert li_si.entity["name"] == "李四" and li_si.statuses()["cn"] == "none"
    assert exposure(store, "bundle:colB:E1", day).statuses()["cn"] == "none"
    assert exposure(store, "bundle:colA:P1", day).statuses()["cn"] == "restricted"
    # The same folder loaded again keeps its ids: everything merges, nothing is new.
    before = store.stats().to_dict()
    again = load(store, "bundle", [col_a])
    assert store.stats().to_dict() == before
    assert {k: c.merged for k, c in again.counts.items()} == {
        k: c.written for k, c in again.counts.items()
    }


def test_an_explicit_source_names_the_bundle(tmp_path: Path, store: SQLiteStore) -> None:
    d = bundle(tmp_path / "anything", ["P1,Person,李四,,,,cn,"])
    report = load(store, "bundle", [d], source="crm")
    assert report.source == "crm"
    assert store.resolve("crm:P1") is not None


def test_template_example_is_no_real_company(tmp_path: Path, store: SQLiteStore) -> None:
    """The old example row put 91440300192185379H (Tencent, 深圳市腾讯计算机系统有限公司)
    on the dishonest-debtor list whenever the template was loaded unedited."""
    (entity, person) = EXAMPLES["entities.csv"]
    uscc = entity[4]
    assert uscc != "91440300192185379H"
    check = validate_uscc(uscc)
    assert check.valid, check.message
    # Characters 9-17 are the organisation code (DOMAIN §6.1): no real one spells EXAMPLE.
    assert uscc[8:15] == "EXAMPLE"
    assert "示例" in entity[2] and "example" in entity[3].lower()
    assert "示例" in person[2]
    template(tmp_path / "t")
    report = load(store, "bundle", [tmp_path / "t"])
    assert report.written_total > 0
    assert store.get("uscc:91440300192185379H") is None


def test_load_report_names_the_bundle_source(tmp_path: Path, store: SQLiteStore) -> None:
    d = bundle(tmp_path / "客户名单", ["P1,Person,李四,,,,cn,"])
    report = load(store, "bundle", [d], quarantine_path=tmp_path / "q.jsonl")
    assert report.source == "bundle:客户名单"
    assert json.loads(json.dumps(report.to_dict()))["source"] == "bundle:客户名单"


def test_a_listing_over_without_an_end_date_warns(tmp_path: Path) -> None:
    """DOMAIN §4.5: after deletion or early removal the measures stop; without the day
    credgraph cannot tell when, and counts the listing on no date (not even during it).
    The load says so rather than dropping the history silently."""
    d = bundle(
        tmp_path / "b",
        ["A,Company,删除无止日有限公司,,,,cn,active"],
        [],
        ["A,CN_SPC_DISHONEST,2020-01-01,,deleted,(2020)A,,SPC"],
    )
    warned = [w for w in read_bundle(d) if isinstance(w, Warned)]
    assert [w.reason for w in warned] == ["listing over without an end date"]
    assert "'deleted'" in warned[0].detail


def test_a_list_outside_the_catalog_is_named(tmp_path: Path, store: SQLiteStore) -> None:
    """The audit: an unknown list id was quarantined only as 'dangling reference'.  The
    reader now says which list it is and where the known ones are."""
    d = bundle(
        tmp_path / "b",
        ["A,Company,甲有限公司,,,,cn,active"],
        [],
        ["A,CN_NO_SUCH_LIST,2020-01-01,,active,K,,SPC"],
    )
    report = load(store, "bundle", [d], quarantine_path=tmp_path / "q.jsonl")
    assert report.warnings["list not in the catalog"] == 1
    sample = next(w for w in report.warning_samples if w["reason"] == "list not in the catalog")
    assert "CN_NO_SUCH_LIST" in sample["detail"] and "catalog.yaml" in sample["detail"]


@pytest.mark.parametrize(
    ("status", "extra", "warns"),
    [("破产清算终结", "", True), ("破产清算终结", "2023-03-01", False), ("破产清算中", "", False)],
)
def test_an_ended_liquidation_without_a_date_warns(
    tmp_path: Path, status: str, extra: str, warns: bool
) -> None:
    """Review: P4/P5(3) run from the end of a bankrupt liquidation; a company whose
    status says it ended, with no date, gave no word at load (as a revoked one does)."""
    d = bundle(
        tmp_path / "bk",
        [f"C3,Company,破产结束有限公司,,,,cn,{status},{extra}"],
        entity_header=ENTITIES + ",bankruptcy_end_date",
    )
    warned = [w for w in read_bundle(d) if isinstance(w, Warned)]
    reasons = [w.reason for w in warned]
    assert ("bankrupt liquidation ended without an end date" in reasons) is warns
    if warns:
        assert "add bankruptcy_end_date" in warned[0].detail
