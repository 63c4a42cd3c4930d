"""The pipeline and the CLI on hand-made files: quarantine, dangling references,
flagged USCCs, capital units, --strict, bundle round trip."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph.errors import InvalidInput
from graph.store.sqlite import SQLiteStore
from loaders.bundle import template
from loaders.pipeline import load
from ui.cli_load import COMMANDS

pytestmark = pytest.mark.usefixtures("spill_modes")

HEADER = "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址\n"


def _registry(tmp_path: Path) -> Path:
    p = tmp_path / "reg.csv"
    p.write_text(
        HEADER
        + "甲公司,91440300192185379H,2001-02-03,N/A,张三,10(万元),x,广东,深圳,a\n"
        + "乙公司,91440300192185379J,2001-02-03,N/A,N/A,3.5(万元美元),x,广东,深圳,a\n"
        + "丙公司,12345,2001-02-03,N/A,李四,N/A,x,广东,深圳,a\n"
        + "坏行,only,three\n",
        encoding="utf-8",
    )
    return p


def test_registry_flags_capital_and_quarantine(tmp_path: Path, store: SQLiteStore) -> None:
    q = tmp_path / "q.jsonl"
    report = load(store, "cn-registry", [_registry(tmp_path)], quarantine_path=q)
    good = store.get("uscc:91440300192185379H")
    assert good is not None and good.props["capital_amount"] == 100000
    assert good.props["capital_currency"] == "CNY" and "uscc_valid" not in good.props
    flagged = store.get("uscc:91440300192185379J")
    assert flagged is not None
    assert flagged.props["uscc_valid"] is False and flagged.props["uscc_issue"] == "bad_check"
    assert flagged.props["capital_amount"] == 35000 and flagged.props["capital_currency"] == "USD"
    hashed = [h for h in store.search("丙公司") if h.type.value == "Company"]
    assert hashed and not hashed[0].id.startswith("uscc:")
    assert report.counts["Person"].written == 2  # N/A is not a person
    lines = [json.loads(x) for x in q.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and lines[0]["record"] == 5
    assert lines[0]["reason"].startswith("wrong field count")
    assert report.counts["Company"].skipped == 1


def test_strict_loads_nothing_when_a_record_would_be_skipped(
    tmp_path: Path, store: SQLiteStore
) -> None:
    with pytest.raises(InvalidInput) as err:
        load(store, "cn-registry", [_registry(tmp_path)], strict=True)
    assert err.value.data["skipped"] == 1
    assert store.stats().to_dict()["total_nodes"] == 0


def test_dangling_reference_is_quarantined_and_counted(tmp_path: Path, store: SQLiteStore) -> None:
    d = tmp_path / "b"
    template(d)
    with (d / "relationships.csv").open("a", encoding="utf-8") as fh:
        fh.write("OWNS,P1,NOBODY,,10%,,,,r3\n")
    q = tmp_path / "q.jsonl"
    report = load(store, "bundle", [d], quarantine_path=q)
    assert report.counts["OWNS"].skipped == 1 and report.counts["OWNS"].written == 1
    rows = [json.loads(x) for x in q.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["reason"] == "dangling reference" and rows[0]["record"] == "r3"


def test_bundle_template_round_trip_and_idempotence(tmp_path: Path, store: SQLiteStore) -> None:
    d = tmp_path / "b"
    template(d)
    first = load(store, "bundle", [d])
    before = store.stats().to_dict()
    again = load(store, "bundle", [d])
    assert store.stats().to_dict() == before
    assert again.counts["Company"].merged == 1
    # Everything the first load wrote is merged the second time, relationships included.
    assert {k: c.merged for k, c in first.counts.items()} == {k: 0 for k in first.counts}
    assert {k: c.merged for k, c in again.counts.items()} == {
        k: c.written for k, c in again.counts.items()
    }
    # The bundle's source is named after its folder, b; the example's USCC is invented.
    company = store.get("bundle:b:E1")
    assert company is not None and company.id == "uscc:91110000EXAMPLE03Q"
    rels, total = store.rels_of(company.id, direction="in")
    shares = [r.share for r in rels if r.share is not None]
    assert total == 2 and shares and str(shares[0].lo) == "51/100"


def test_report_counts_one_reason_per_kind_of_problem(tmp_path: Path, store: SQLiteStore) -> None:
    # Forty rows, each wrong in its own way: the report says "bad value" forty times,
    # not forty reasons, and shows one of them as an example.
    d = tmp_path / "b"
    template(d)
    with (d / "relationships.csv").open("a", encoding="utf-8") as fh:
        for k in range(40):
            fh.write(f"OWNS,P1,E1,,{101 + k}%,2015-01-01,,,bad{k}\n")
    report = load(store, "bundle", [d], quarantine_path=tmp_path / "q.jsonl")
    assert dict(report.quarantined) == {"bad value": 40}
    details = {s["detail"] for s in report.quarantine_samples}
    assert len(details) == len(report.quarantine_samples) > 1  # each row's own value
    lines = [x for x in report.as_text().splitlines() if x.startswith("skipped:")]
    assert len(lines) == 1 and lines[0].startswith(
        "skipped: bad value: 40 (e.g. b/relationships.csv:"
    )
    first = json.loads((tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["reason"] == "bad value" and "101" in first["detail"]


def _cli() -> click.Group:
    from ui.cli import main

    for c in COMMANDS:
        main.add_command(c)  # registered here until ui.cli names ui.cli_load
    return main


def test_cli_load_json_and_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default quarantine file goes to the working folder
    runner = CliRunner()
    url = f"sqlite:///{tmp_path}/g.db"
    d = tmp_path / "b"
    template(d)
    ok = runner.invoke(_cli(), ["--store", url, "load", "bundle", str(d), "--json"])
    assert ok.exit_code == 0, ok.output
    out = json.loads(ok.stdout)
    assert out["counts"]["Company"]["written"] == 1
    wrong = runner.invoke(_cli(), ["--store", url, "load", "ofac-sdn", str(d / "entities.csv")])
    assert wrong.exit_code != 0 and "not an OFAC sdn.csv" in wrong.output
    reg, q = _registry(tmp_path), tmp_path / "q.jsonl"
    strict = runner.invoke(
        _cli(),
        ["--store", url, "load", "cn-registry", str(reg), "--strict", "--quarantine", str(q)],
    )
    assert strict.exit_code != 0 and "strict" in strict.output
    assert json.loads(q.read_text(encoding="utf-8").splitlines()[0])["record"] == 5


def test_cli_load_on_a_failing_disk_says_so_and_keeps_the_entities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db, d = tmp_path / "g.db", tmp_path / "b"
    template(d)
    with SQLiteStore.from_url(f"sqlite:///{db}"):
        pass
    raw = sqlite3.connect(db)  # relationships fail as on a full disk; entities go first
    raw.execute(
        "CREATE TRIGGER full BEFORE INSERT ON rels "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    raw.close()
    out = CliRunner().invoke(_cli(), ["--store", f"sqlite:///{db}", "load", "bundle", str(d)])
    assert out.exit_code == 1, out.output
    assert "error:" in out.output and "disk is full" in out.output
    assert "Traceback" not in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
    with SQLiteStore.from_url(f"sqlite:///{db}", read_only=True) as store:
        assert store.get("bundle:b:E1") is not None  # the entity batch was committed


def test_report_example_of_a_warning_without_a_line_names_the_file_alone() -> None:
    """A warning about a record as a whole (a sum over the file) has no line number:
    its example says the file and the record, not ``file:None``."""
    from loaders.records import Warned
    from loaders.report import LoadReport

    report = LoadReport("ftm", "src", ["e.json"])
    report.warn(Warned("e.json", None, "ftm:X", "shares sum past 100%", detail="149%"))
    (line,) = [x for x in report.as_text().splitlines() if x.startswith("warning:")]
    assert line.endswith("(e.g. e.json ftm:X: 149%)"), line
