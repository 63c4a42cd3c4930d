"""The Screening and Exposure pages' files: uploads, downloads, the monitoring diff."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from graph.risk.screen_files import csv_bytes, write_table
from graph.risk.screening import OUTPUT_COLUMNS
from tests.ui.rich_fixture import HANGZHOU, XIAN, build_rich_store
from tests.ui.test_pages import _go, _start
from ui.markup import md
from ui.screening_view import screening_findings_csv, summary_csv

DAY = date(2024, 6, 1)
BOM = b"\xef\xbb\xbf"
PORTFOLIO = (
    "企业名称,统一社会信用代码\n"
    "杭州亿创新智能有限责任公司,\n"  # row 2: OFAC possible ownership (heuristic)
    ",91610104560967164L\n"  # row 3: Xi'an by USCC, on two Chinese lists
    "Zeta Trading 01 Ltd,\n"  # row 4: no findings
    "西安测试科技有限公司,\n"  # row 5: Xi'an again, by name
).encode()


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_rich_store(tmp_path_factory.mktemp("screen") / "rich.db")


@pytest.fixture()
def downloads(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """file name -> the bytes a download button offers."""
    got: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, data, mimetype, kind, filename=None):  # type: ignore[no-untyped-def]
        if filename:
            got[filename] = data if isinstance(data, bytes) else Path(data).read_bytes()
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    yield got


def _screen(monkeypatch: pytest.MonkeyPatch, url: str, data: bytes = PORTFOLIO) -> AppTest:
    at = _go(_start(monkeypatch, url, DAY), "screening")
    at.file_uploader(key="screen_file").set_value(("book.csv", data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_screening_shows_the_verdict_first_and_forgets_a_removed_file(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _screen(monkeypatch, rich)
    summary = at.dataframe[0].value
    assert list(summary.columns[:9]) == [
        "row", "input", "matched_name", "match_flags",
        "status_cn", "status_ofac", "status_bis", "status_eu", "status_uk",
    ]  # fmt: skip
    assert list(summary["status_cn"]) == ["none", "listed", "none", "listed"]
    findings = next(d.value for d in at.dataframe if "rule" in d.value.columns)
    assert list(findings.columns[:4]) == ["row", "entity_name", "regime", "rule"]
    assert sorted(set(findings["row"])) == ["2", "3", "5"]

    at.file_uploader(key="screen_file").clear().run()
    assert not at.exception
    assert not at.dataframe and not at.get("download_button")


def test_downloads_carry_a_bom_and_share_the_cli_writer(
    monkeypatch: pytest.MonkeyPatch, rich: str, downloads: dict[str, bytes], tmp_path: Path
) -> None:
    _screen(monkeypatch, rich)
    stem = f"screening-{DAY.isoformat()}"
    summary, findings = downloads[f"{stem}.csv"], downloads[f"{stem}-findings.csv"]
    assert summary.startswith(BOM) and findings.startswith(BOM)
    assert [r["status_cn"] for r in _rows(summary)] == ["none", "listed", "none", "listed"]
    assert {r["row"] for r in _rows(findings)} == {"2", "3", "5"}

    at = _go(_start(monkeypatch, rich, DAY), "exposure", HANGZHOU)
    assert not at.exception
    exposure = downloads[f"exposure-{HANGZHOU.replace(':', '_')}-{DAY.isoformat()}.csv"]
    assert exposure.startswith(BOM)
    assert [r["rule"] for r in _rows(exposure)] == ["ofac.possible_owned"]

    # The CLI's writer and the page's are one: same bytes for the same records.
    records = [{"row": "2", "input": "名称=平安", "matched_id": XIAN}]
    write_table(tmp_path / "out.csv", OUTPUT_COLUMNS, records)
    assert (tmp_path / "out.csv").read_bytes() == csv_bytes(OUTPUT_COLUMNS, records)
    assert summary_csv(records) == csv_bytes(OUTPUT_COLUMNS, records)


def test_compare_keeps_rows_apart_and_rejects_a_file_that_is_not_findings(
    monkeypatch: pytest.MonkeyPatch, rich: str, downloads: dict[str, bytes]
) -> None:
    at = _screen(monkeypatch, rich)
    stem = f"screening-{DAY.isoformat()}"
    findings = _rows(downloads[f"{stem}-findings.csv"])
    # The earlier run knew row 3 only: row 5 matches the same company and is new.
    earlier = screening_findings_csv([r for r in findings if r["row"] != "5"])
    at.file_uploader(key="screen_previous").set_value(("before.csv", earlier, "text/csv")).run()
    new = next(s.value for s in at.subheader if s.value.startswith("New findings"))
    assert new == f"New findings ({sum(r['row'] == '5' for r in findings)})"
    assert "Removed findings (0)" in [s.value for s in at.subheader]

    # The summary file is not a findings file: say so, diff nothing.
    summary = downloads[f"{stem}.csv"]
    at.file_uploader(key="screen_previous").set_value(("before.csv", summary, "text/csv")).run()
    assert not at.exception
    assert not any(s.value.startswith("New findings") for s in at.subheader)
    (error,) = [e.value for e in at.error]
    assert "not a findings file" in error and "\\-findings\\.csv" in error


def test_a_file_without_a_usable_column_says_so_literally(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _screen(monkeypatch, rich, b"*_[x](y),colour\n1,2\n")
    (error,) = [e.value for e in at.error]
    assert md("'*_[x](y)'") in error
    assert not at.dataframe and not at.get("progress")
    at = _screen(monkeypatch, rich, b"")
    (error,) = [e.value for e in at.error]
    assert "no header row" in error
