"""Files cut short or holding bytes of another encoding: what a load keeps, quarantines
and says (``loaders.files.csv_rows``, shared by every CSV format).

Real-file cases cut a copy of the public files in ``tmp_path``; expected values come
from the raw bytes, not from the loader.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from graph.model import Node, NodeType
from graph.store.sqlite import SQLiteStore
from loaders.cn_holders import read_cn_holders
from loaders.cn_registry import read_cn_registry
from loaders.files import CUT_SHORT, NO_FINAL_BREAK, UNDECODABLE, csv_rows
from loaders.pipeline import load
from loaders.records import Quarantined, Warned
from ui.cli import main

HEADER = "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址\n"
ROW = '甲有限公司,,2001-01-01,N/A,张三,100(万元),"贸易",北京,东城,"北京市东城区一号"'


def test_a_file_ending_inside_a_quoted_field_quarantines_its_last_row(tmp_path: Path) -> None:
    p = tmp_path / "cut.csv"
    p.write_text(HEADER + ROW + "\n" + ROW.replace("甲", "乙")[:-6], encoding="utf-8")
    recs = list(read_cn_registry(p))
    companies = [r for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    assert [c.name for c in companies] == ["甲有限公司"]
    (q,) = [r for r in recs if isinstance(r, Quarantined)]
    assert (q.line_or_record_id, q.reason, q.kind) == (3, CUT_SHORT, "Company")
    assert q.raw[-1] == "北京市"  # the cut text, for the quarantine file
    assert not any(isinstance(r, Warned) and r.reason == NO_FINAL_BREAK for r in recs)


def test_a_last_row_without_a_line_break_is_kept_and_warned(tmp_path: Path) -> None:
    p = tmp_path / "open.csv"
    p.write_text(HEADER + ROW + "\n" + ROW.replace("甲", "乙"), encoding="utf-8")
    recs = list(read_cn_registry(p))
    names = [r.name for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    assert names == ["甲有限公司", "乙有限公司"]
    (w,) = [r for r in recs if isinstance(r, Warned) and r.reason == NO_FINAL_BREAK]
    assert w.line == 3 and "北京市东城区一号" in w.detail
    assert not any(isinstance(r, Quarantined) for r in recs)


def test_a_complete_file_is_not_warned(tmp_path: Path) -> None:
    for end in ("\n", "\r\n", "\r\n\x1a", "\n\n"):
        p = tmp_path / "whole.csv"
        p.write_text(f"a,b{end.replace(chr(26), '')}x,y{end}", encoding="utf-8", newline="")
        assert [r for r in csv_rows(p) if not isinstance(r, tuple)] == [], repr(end)


def test_a_quoted_field_holding_line_breaks_keeps_its_first_line(tmp_path: Path) -> None:
    p = tmp_path / "multi.csv"
    p.write_text('h\n"one\ntwo"\nx\n"three\nfo', encoding="utf-8")
    items = list(csv_rows(p))
    assert items[:3] == [(1, ["h"]), (2, ["one\ntwo"]), (4, ["x"])]
    assert isinstance(items[3], Quarantined) and items[3].line_or_record_id == 5
    assert items[3].raw == ["three\nfo"]


def test_real_registry_cut_inside_an_address(data: Path, tmp_path: Path) -> None:
    raw = (data / "cn-enterprise-registration" / "1989" / "北京.csv").read_bytes()[:50_000]
    cut = tmp_path / "北京.csv"
    cut.write_bytes(raw)
    text = raw.decode("utf-8", "ignore")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert text.count('"') % 2 == 1  # the cut falls inside a quoted field
    recs = list(read_cn_registry(cut))
    (q,) = [r for r in recs if isinstance(r, Quarantined)]
    assert q.reason == CUT_SHORT and q.raw == rows[-1]
    companies = [r for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    assert len(companies) == len(rows) - 1
    assert rows[-1][0] not in {c.name for c in companies}


def test_real_holders_cut_inside_the_last_share(data: Path, tmp_path: Path) -> None:
    src = data / "cn-listed-top10-holders"
    (tmp_path / "company.csv").write_bytes((src / "company.csv").read_bytes())
    raw = (src / "relation.csv").read_bytes().rstrip(b"\r\n")
    last = raw.rsplit(b"\n", 1)[1].decode()
    (tmp_path / "relation.csv").write_bytes(raw[:-2])  # "2.31" -> "2."
    recs = list(read_cn_holders(tmp_path))
    (w,) = [r for r in recs if isinstance(r, Warned) and r.reason == NO_FINAL_BREAK]
    assert w.line == raw.count(b"\n") + 1
    assert repr(last.split(",")[-1][:-2]) in w.detail


def test_load_and_cli_report_the_cut_row(tmp_path: Path, store: SQLiteStore) -> None:
    (tmp_path / "in").mkdir()
    p = tmp_path / "in" / "cut.csv"
    p.write_text(HEADER + ROW + "\n" + ROW.replace("甲", "乙")[:-6], encoding="utf-8")
    qpath = tmp_path / "q.jsonl"
    report = load(store, "cn-registry", [p], quarantine_path=qpath)
    assert report.quarantined == {CUT_SHORT: 1}
    (line,) = [json.loads(x) for x in qpath.read_text(encoding="utf-8").splitlines()]
    assert (line["file"], line["record"], line["reason"]) == ("in/cut.csv", 3, CUT_SHORT)
    r = CliRunner().invoke(
        main,
        ["--store", f"sqlite:///{tmp_path / 'c.db'}", "load", "cn-registry", str(p),
         "--quarantine", str(qpath)],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert f"skipped: {CUT_SHORT}: 1 (e.g. in/cut.csv:3" in r.stdout


def test_a_row_in_another_encoding_is_quarantined_at_its_own_line(tmp_path: Path) -> None:
    # Far past the bytes the encoding is sniffed from, so the file reads as UTF-8.
    good = "".join(ROW.replace("甲", f"甲{i}") + "\n" for i in range(2000))
    gbk = ROW.replace("甲", "丙").encode("gbk") + b"\n"
    p = tmp_path / "mixed.csv"
    p.write_bytes((HEADER + good).encode() + gbk + (ROW.replace("甲", "丁") + "\n").encode())
    recs = list(read_cn_registry(p))
    (q,) = [r for r in recs if isinstance(r, Quarantined)]
    assert (q.line_or_record_id, q.reason, q.kind) == (2002, UNDECODABLE, "Company")
    assert q.detail == "field(s) 1, 5, 6, 7, 8, 9, 10 not utf-8"
    assert "\ufffd" in q.raw[0] and q.raw[1:4] == ["", "2001-01-01", "N/A"]
    json.dumps(q.to_dict(), ensure_ascii=False).encode("utf-8")  # the quarantine file can hold it
    names = [r.name for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    assert len(names) == 2001 and names[-1] == "丁有限公司"


def test_real_registry_with_a_gbk_row_loads_the_rest(
    data: Path, tmp_path: Path, store: SQLiteStore
) -> None:
    lines = (data / "cn-enterprise-registration" / "1999" / "北京.csv").read_bytes().split(b"\n")
    gbk = lines[5].decode("utf-8").encode("gbk")
    mixed = tmp_path / "in" / "mixed.csv"
    mixed.parent.mkdir()
    mixed.write_bytes(b"\n".join([*lines[:3000], gbk, *lines[3000:]]))
    rows = list(csv.reader(io.StringIO(b"\n".join(lines).decode("utf-8"))))[1:]
    reps = sum(1 for r in rows if r[4].strip() not in ("", "N/A"))
    qpath = tmp_path / "q.jsonl"
    report = load(store, "cn-registry", [mixed], quarantine_path=qpath)
    assert report.quarantined == {UNDECODABLE: 1}
    (line,) = [json.loads(x) for x in qpath.read_text(encoding="utf-8").splitlines()]
    assert (line["file"], line["record"]) == ("in/mixed.csv", 3001)
    stats = store.stats()
    assert stats.nodes["Company"] == len(rows)
    assert stats.rels["OFFICER_OF"] == reps == stats.nodes["Person"]


def test_a_cut_row_holding_undecodable_bytes_still_reaches_the_quarantine_file(
    tmp_path: Path, store: SQLiteStore
) -> None:
    p = tmp_path / "both.csv"
    good = "".join(ROW.replace("甲", f"甲{i}") + "\n" for i in range(2000))
    p.write_bytes((HEADER + good).encode() + ROW.replace("甲", "丙").encode("gbk")[:-3])
    qpath = tmp_path / "q.jsonl"
    report = load(store, "cn-registry", [p], quarantine_path=qpath)
    assert report.quarantined == {CUT_SHORT: 1} and not report.warnings.get(NO_FINAL_BREAK)
    (line,) = [json.loads(x) for x in qpath.read_text(encoding="utf-8").splitlines()]
    assert line["record"] == 2002 and "\ufffd" in line["raw"][0]
