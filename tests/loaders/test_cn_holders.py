"""cn-holders: a holder reported twice in one period counts once, in the sum and in the
report; one company holder's spellings are one node.  Expected numbers come from the
raw CSV here, not from the reader."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from graph.model import Node, NodeType, Rel, RelType, hashed_id
from graph.store.sqlite import SQLiteStore
from loaders.cn_holder_names import holder_kind
from loaders.cn_holders import DEFAULT_SOURCE, read_cn_holders
from loaders.pipeline import load
from loaders.records import Quarantined, Warned

SUM_PAST_100 = "reported shares sum past 100% in one period"
TWICE = "holder reported twice in one period; later announcement kept"
AS_PERSON = "holder type unclear from name; taken as person"
AS_COMPANY = "holder type unclear from name; taken as company"


def spelled(name: str) -> str:
    """A holder's name without what varies between its spellings in the real file
    (spacing, commas, full stops, case); none of its names has them in a number."""
    return re.sub(r"[\s,.]", "", unicodedata.normalize("NFKC", name)).upper()


def _raw(folder: Path) -> list[tuple[int, dict[str, str]]]:
    with (folder / "relation.csv").open(encoding="utf-8", newline="") as fh:
        return [(i + 2, r) for i, r in enumerate(csv.DictReader(fh))]


def _kept(rows: list[tuple[int, dict[str, str]]]) -> dict[tuple[str, str, str], tuple[int, dict]]:
    """(company, period, holder) -> the row kept: the latest announcement, the later line
    on a tie."""
    kept: dict[tuple[str, str, str], tuple[int, dict[str, str]]] = {}
    for line, r in rows:
        key = (r["ts_code"], r["end_date"], spelled(r["holder_name"]))
        if key not in kept or r["ann_date"] >= kept[key][1]["ann_date"]:
            kept[key] = (line, r)
    return kept


def test_real_file_every_row_read_duplicates_merged(data: Path, store: SQLiteStore) -> None:
    folder = data / "cn-listed-top10-holders"
    rows = _raw(folder)
    kept = _kept(rows)
    extra = len(rows) - len(kept)
    # One of them spelled differently: JPMORGAN CHASE BANK[,] NATIONAL ASSOCIATION.
    assert (len(rows), extra) == (6700, 15)
    # Among them, rows later in the file that are the earlier announcement (kept: the
    # earlier line).
    later_lines_earlier = [
        (line, r)
        for line, r in rows
        if kept[(r["ts_code"], r["end_date"], spelled(r["holder_name"]))][0] < line
    ]
    assert len(later_lines_earlier) == 3
    report = load(store, "cn-holders", [folder])
    owns = report.count("OWNS")
    assert (owns.read, owns.written, owns.merged, owns.skipped) == (len(rows), len(rows), extra, 0)
    assert report.warnings[TWICE] == extra
    # Each (holder, company, period) once: no period of this file passes 100 %.
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for (code, period, _), (_, r) in kept.items():
        totals[(code, period)] += Decimal(r["hold_ratio"])
    assert max(totals.values()) < 100
    assert totals[("002145.SZ", "20200930")] == Decimal("59.45")
    assert report.warnings[SUM_PAST_100] == 0
    # The store holds the kept row, whichever came first in the file.
    for _, r in later_lines_earlier:
        code, period, name = r["ts_code"], r["end_date"], r["holder_name"]
        kline, k = kept[(code, period, spelled(name))]
        rels, _ = store.rels_of(f"ticker:{code}", direction="in", types=[RelType.OWNS])
        names = {i: n.name for i, n in store.get_many([x.src for x in rels]).items()}
        day = f"{period[:4]}-{period[4:6]}-{period[6:]}"
        (rel,) = [x for x in rels if x.props["period"] == day and names[x.src] == name]
        assert rel.props["ann_date"] == k["ann_date"] != r["ann_date"]
        assert rel.share is not None and rel.share.lo * 100 == Decimal(k["hold_ratio"])
        assert rel.provenance[0].record_id.endswith(f":{kline}")
    samples = [w for w in report.warning_samples if w["reason"] == TWICE]
    assert samples and all("kept line" in w["detail"] for w in samples)


def test_sum_counts_each_holder_once_and_says_it_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "relation.csv").write_text(
        "ts_code,ann_date,end_date,holder_name,hold_amount,hold_ratio\n"
        "600001.SH,20201030,20200930,王泽龙,10,60\n"
        "600001.SH,20201016,20200930,王泽龙,10,60\n"  # the earlier announcement, later line
        "600001.SH,20201030,20200930,李慧琼,10,30\n"
        "600002.SH,20201030,20200930,王泽龙,10,33.333\n"
        "600002.SH,20201030,20200930,李慧琼,10,66.668\n",
        encoding="utf-8",
    )
    recs = list(read_cn_holders(folder))
    owns = [r for r in recs if isinstance(r, Rel)]
    assert len(owns) == 5  # one per row
    assert len({r.id for r in owns}) == 4
    first, again = [
        r for r in owns if r.props["period"] == "2020-09-30" and r.dst.endswith("1.SH")
    ][:2]
    assert first == again and first.props["ann_date"] == "20201030"
    warned = [w for w in recs if isinstance(w, Warned)]
    (twice,) = [w for w in warned if w.reason == TWICE]
    assert twice.line == 3 and "line 2" in twice.detail and "kept line 2" in twice.detail
    # 60 + 30 = 90: not warned; 33.333 + 66.668 = 100.001, said exactly.
    (past,) = [w for w in warned if w.reason == SUM_PAST_100]
    assert past.record_id == "ticker:600002.SH"
    assert past.detail == "100.001% in period 2020-09-30"


@pytest.mark.parametrize(
    ("name", "kind", "certain"),
    [
        # Given names ending in a character that also ends organisations' names.
        ("吴建会", NodeType.PERSON, False),
        ("杨成社", NodeType.PERSON, False),
        ("欧阳建所", NodeType.PERSON, False),
        ("李慧琼", NodeType.PERSON, True),
        ("令狐永兴", NodeType.PERSON, True),
        ("阿里甫·提力瓦力地", NodeType.PERSON, True),
        # An organisation's two-character ending makes a company whatever the length.
        ("四川大学", NodeType.COMPANY, True),
        ("南京理工大学", NodeType.COMPANY, True),
        ("西安皇城医院", NodeType.COMPANY, True),
        ("福建省财政厅", NodeType.COMPANY, True),
        ("财政部", NodeType.COMPANY, True),
        ("中国银行无锡分行", NodeType.COMPANY, True),
        ("韩国银行-自有资金", NodeType.COMPANY, True),
        # ... but one character before it may be a surname.
        ("王中心", NodeType.COMPANY, False),
        # A one-character ending counts past a personal name's length.
        ("人民日报社", NodeType.COMPANY, True),
        ("烟台市供销合作社", NodeType.COMPANY, True),
        ("上海针织漂染二厂", NodeType.COMPANY, True),
        ("阿布达比投资局", NodeType.COMPANY, True),
        ("香港中央结算", NodeType.COMPANY, False),
    ],
)
def test_holder_kind(name: str, kind: NodeType, certain: bool) -> None:
    assert holder_kind(name) == (kind, certain)


def test_an_unclear_person_is_warned_and_keyed_per_listed_company(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "relation.csv").write_text(
        "ts_code,ann_date,end_date,holder_name,hold_amount,hold_ratio\n"
        "600001.SH,20201030,20200930,吴建会,10,1\n"
        "600002.SH,20201030,20200930,吴建会,10,1\n",
        encoding="utf-8",
    )
    recs = list(read_cn_holders(folder))
    people = [r for r in recs if isinstance(r, Node) and r.name == "吴建会"]
    assert [p.type for p in people] == [NodeType.PERSON] * 2  # two people of one name
    assert [w.line for w in recs if isinstance(w, Warned) and w.reason == AS_PERSON] == [2, 3]


def test_real_file_people_and_universities(data: Path) -> None:
    folder = data / "cn-listed-top10-holders"
    with (folder / "relation.csv").open(encoding="utf-8", newline="") as fh:
        rows = {(r["ts_code"], r["holder_name"]): r for r in csv.DictReader(fh)}
    wanted = {
        ("002232.SZ", "吴建会"): NodeType.PERSON,
        ("002052.SZ", "杨成社"): NodeType.PERSON,
        ("002253.SZ", "四川大学"): NodeType.COMPANY,
    }
    assert wanted.keys() <= rows.keys()
    recs = list(read_cn_holders(folder))
    nodes = {r.name: r for r in recs if isinstance(r, Node)}
    for (code, name), kind in wanted.items():
        assert nodes[name].type is kind
        held = [r for r in recs if isinstance(r, Rel) and r.src == nodes[name].id]
        assert [r.dst for r in held] == [f"ticker:{code}"]
    # A person is keyed by listed company and name, not by the name alone.
    assert nodes["吴建会"].id == hashed_id("person", DEFAULT_SOURCE, "002232.SZ|吴建会")
    unclear = {w.record_id for w in recs if isinstance(w, Warned) and w.reason == AS_PERSON}
    assert {"吴建会", "杨成社"} <= unclear
    assert "四川大学" not in {
        w.record_id for w in recs if isinstance(w, Warned) and w.reason == AS_COMPANY
    }


MERGED = {
    "JPMORGAN CHASE BANK,NATIONAL ASSOCIATION": {
        "JPMORGAN CHASE BANK,NATIONAL   ASSOCIATION",
        "JPMORGAN CHASE BANK NATIONAL ASSOCIATION",
        "JPMORGANCHASEBANK,NATIONALASSOCIATION",
    },
    "UBS AG": {"UBS   AG", "UBS  AG"},
    "MORGAN STANLEY & CO. INTERNATIONAL PLC": {
        "MORGAN STANLEY & CO. INTERNATIONAL PLC.",
        "MORGAN STANLEY & CO.INTERNATIONAL PLC.",
    },
    "GUOTAI JUNAN SECURITIES(HONGKONG) LIMITED": {"GUOTAI  JUNAN SECURITIES(HONGKONG) LIMITED"},
}


def test_real_file_one_node_per_company_holder(data: Path) -> None:
    folder = data / "cn-listed-top10-holders"
    rows = [r for _, r in _raw(folder)]
    with (folder / "company.csv").open(encoding="utf-8", newline="") as fh:
        listed = {spelled(r["fullname:string"]) for r in csv.DictReader(fh)}
    seen: dict[str, Counter[str]] = defaultdict(Counter)  # key -> spelling -> rows
    for r in rows:
        name = r["holder_name"]
        if holder_kind(name)[0] is NodeType.COMPANY and spelled(name) not in listed:
            seen[spelled(name)][name] += 1
    # Spelling of most rows (the first on a tie) -> the others.
    groups = {
        c.most_common(1)[0][0]: set(c) - {c.most_common(1)[0][0]}
        for c in seen.values()
        if len(c) > 1
    }
    assert groups == MERGED  # 12 spellings, 4 holders
    recs = list(read_cn_holders(folder))
    companies = [
        r
        for r in recs
        if isinstance(r, Node) and r.type is NodeType.COMPANY and not r.id.startswith("ticker:")
    ]
    assert len(companies) == len({c.id for c in companies}) == len(seen)
    named = {c.name: c for c in companies}
    for name, others in MERGED.items():
        assert set(named[name].names) == others
        assert not others & named.keys()
    # Clean names keep the id they had when keyed by the name as written.
    assert named["UBS AG"].id != hashed_id("company", DEFAULT_SOURCE, "UBS AG")
    assert named["新疆天业(集团)有限公司"].id == hashed_id(
        "company", DEFAULT_SOURCE, "新疆天业(集团)有限公司"
    )


def test_spellings_of_a_company_are_one_node_people_are_not_merged(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "company.csv").write_text(
        "companyId:ID(Company),name:string,fullname:string\n600003.SH,甲乙,甲乙股份有限公司\n",
        encoding="utf-8",
    )
    (folder / "relation.csv").write_text(
        "ts_code,ann_date,end_date,holder_name,hold_amount,hold_ratio\n"
        "600001.SH,20201030,20200930,Ubs  Ag.,10,1\n"
        "600002.SH,20201030,20200930,UBS AG,10,1\n"
        "600003.SH,20201030,20200930,UBS AG,10,1\n"
        "600001.SH,20201030,20200930,某资产管理计划1.5号,10,1\n"
        "600001.SH,20201030,20200930,某资产管理计划15号,10,1\n"
        "600001.SH,20201030,20200930,李慧琼,10,1\n"
        "600002.SH,20201030,20200930,李慧琼,10,1\n"
        "600001.SH,20201030,20200930,甲乙股份 有限公司,10,1\n"
        # The same holder twice in one period, spelled two ways: one holding.
        "600002.SH,20201030,20200930,U B S A G,10,1\n",
        encoding="utf-8",
    )
    recs = list(read_cn_holders(folder))
    nodes = [r for r in recs if isinstance(r, Node) and not r.id.startswith("ticker:")]
    by_name = {n.name: n for n in nodes}
    # The most common spelling names the node, the others stay as names.
    assert set(by_name) == {"UBS AG", "某资产管理计划1.5号", "某资产管理计划15号", "李慧琼"}
    assert set(by_name["UBS AG"].names) == {"Ubs  Ag.", "U B S A G"}
    ubs = by_name["UBS AG"].id
    assert sorted(r.dst for r in recs if isinstance(r, Rel) and r.src == ubs) == [
        "ticker:600001.SH",
        "ticker:600002.SH",
        "ticker:600002.SH",  # the holding reported twice: its record once per row
        "ticker:600003.SH",
    ]
    assert [w.line for w in recs if isinstance(w, Warned) and w.reason == TWICE] == [3]
    # Two people of one name stay two, each keyed by the listed company.
    assert sum(n.name == "李慧琼" for n in nodes) == 2
    # A holder spelled like a listed company's full name but for spacing is that company.
    assert any(
        isinstance(r, Rel) and r.src == "ticker:600003.SH" and r.dst == "ticker:600001.SH"
        for r in recs
    )


def test_a_bad_company_table_row_is_quarantined_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "company.csv").write_text(
        "companyId:ID(Company),name:string,fullname:string\n"
        "600003.SH,甲乙,甲乙股份有限公司\n"
        "600004.SH,丙丁\n"  # a field short
        ",戊己,戊己股份有限公司\n"  # no code
        "\n",  # a blank line is no record
        encoding="utf-8",
    )
    (folder / "relation.csv").write_text(
        "ts_code,ann_date,end_date,holder_name,hold_amount,hold_ratio\n"
        "600003.SH,20201030,20200930,UBS AG,10,1\n",
        encoding="utf-8",
    )
    recs = list(read_cn_holders(folder))
    bad = [
        (q.file, q.line_or_record_id, q.reason, q.kind) for q in recs if isinstance(q, Quarantined)
    ]
    assert bad == [
        ("h/company.csv", 3, "wrong field count", "Company"),
        ("h/company.csv", 4, "no companyId", "Company"),
    ]
