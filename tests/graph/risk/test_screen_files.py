"""Screening files out: no cell a spreadsheet would run, no character a workbook refuses,
and line numbers that are the file's own."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from graph.risk.screen_files import (
    XLSX_CELL_MAX,
    csv_bytes,
    read_table,
    read_table_bytes,
    sheet_text,
    write_table,
)

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1+cmd", "-2+3"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_starts_with_a_quote(text: str) -> None:
    assert sheet_text(text) == "'" + text
    assert sheet_text(sheet_text(text)) == "'" + text  # once only


def test_plain_text_and_numbers_stay_as_they_are() -> None:
    assert sheet_text("Kordeli LLC") == "Kordeli LLC"
    assert sheet_text(0.95) == 0.95 and sheet_text(7) == 7 and sheet_text(None) == ""


def test_csv_cells_are_neutralised() -> None:
    data = csv_bytes(["name", "row"], [{"name": t, "row": i} for i, t in enumerate(HOSTILE)])
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["'" + t for t in HOSTILE]
    assert [r["row"] for r in rows] == ["0", "1", "2", "3"]


def test_xlsx_cells_are_strings_never_formulas(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    write_table(out, ["row", "name"], [{"row": i + 2, "name": t} for i, t in enumerate(HOSTILE)])
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    ws = openpyxl.load_workbook(out).active
    cells = list(ws.iter_rows(min_row=2))
    assert [c[1].value for c in cells] == ["'" + t for t in HOSTILE]
    assert {c[1].data_type for c in cells} == {"s"}
    assert [c[0].value for c in cells] == [2, 3, 4, 5]  # numbers stay numbers


def test_a_control_character_becomes_a_replacement_character(tmp_path: Path) -> None:
    rec = {"input": "name=AB\x01C", "name": "tab\there\nnewline\x0b\x1f\ufffe"}
    out = tmp_path / "z.xlsx"
    write_table(out, ["input", "name"], [rec])
    got = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert got[1] == ("name=AB\ufffdC", "tab\there\nnewline\ufffd\ufffd\ufffd")
    # The CSV says the same, so both files of one run agree.
    write_table(tmp_path / "z.csv", ["input", "name"], [rec])
    assert read_table(tmp_path / "z.csv")[1] == [list(got[1])]


def _lines(rows: list[list[str]]) -> list[int]:
    return [r.line for r in rows]  # type: ignore[attr-defined]


def test_csv_rows_carry_the_line_they_start_on(tmp_path: Path) -> None:
    # Blank lines and a row of empty cells are skipped, not renumbered.
    blank = tmp_path / "e.csv"
    blank.write_text("企业名称\nA公司\n\n,\nB公司\n\nC公司\n", encoding="utf-8")
    headers, rows = read_table(blank)
    assert (headers, rows) == (["企业名称"], [["A公司"], ["B公司"], ["C公司"]])
    assert _lines(rows) == [2, 5, 7]
    # A quoted cell over two lines: the next row starts two lines later.
    quoted = b'\n\nname,note\r\n"X\r\nY",1\r\nB,2\r\n'
    headers, rows = read_table_bytes(quoted, "q.csv")
    assert (headers, rows) == (["name", "note"], [["X\r\nY", "1"], ["B", "2"]])
    assert _lines(rows) == [4, 6]


def test_xlsx_rows_carry_their_sheet_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A2"] = "企业名称"
    ws["A3"] = "A公司"
    ws["A5"] = "B公司"
    ws["A8"] = "C公司"
    src = tmp_path / "e.xlsx"
    wb.save(src)
    headers, rows = read_table(src)
    assert (headers, rows) == (["企业名称"], [["A公司"], ["B公司"], ["C公司"]])
    assert _lines(rows) == [3, 5, 8]


def test_a_cell_past_excels_limit_is_cut_in_the_workbook_and_whole_in_the_csv(
    tmp_path: Path,
) -> None:
    long = "甲" * (XLSX_CELL_MAX + 5)
    rec = {"input": "x", "name": long}
    write_table(tmp_path / "l.xlsx", ["input", "name"], [rec])
    got = list(openpyxl.load_workbook(tmp_path / "l.xlsx").active.iter_rows(values_only=True))
    cell = got[1][1]
    assert len(cell) == XLSX_CELL_MAX and cell.startswith("甲" * 1000)
    assert cell.endswith(
        f"of {XLSX_CELL_MAX + 5:,} characters: the CSV output holds the whole text]"
    )
    write_table(tmp_path / "l.csv", ["input", "name"], [rec])
    assert read_table(tmp_path / "l.csv")[1] == [["x", long]]
    # At the limit nothing is cut.
    write_table(tmp_path / "m.xlsx", ["name"], [{"name": "a" * XLSX_CELL_MAX}])
    got = list(openpyxl.load_workbook(tmp_path / "m.xlsx").active.iter_rows(values_only=True))
    assert got[1][0] == "a" * XLSX_CELL_MAX
