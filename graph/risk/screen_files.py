"""Screening files in and out: CSV (UTF-8 with or without BOM, else GB18030) and XLSX.

Every text cell written (CSV or XLSX, the CLI's ``--out`` and the explorer's downloads
alike) goes through ``sheet_text``: text a spreadsheet would run as a formula (it starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``, and a
character XML 1.0 cannot hold (a C0 control other than tab, newline and carriage return;
U+FFFE, U+FFFF; a lone surrogate) becomes U+FFFD, so the two files of one run say the
same and a workbook never refuses a name.  XLSX text cells are stored as strings, never
as formulas; numbers stay numbers.  Excel holds at most 32,767 characters in a cell and
reports a longer one as damaged content, so a workbook cell past that is cut with a note
saying so; the CSV keeps the whole text.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "in.csv"
>>> _ = p.write_text("企业名称;统一社会信用代码\\n平安银行;91440300192185379H\\n", encoding="gb18030")
>>> read_table(p)
(['企业名称', '统一社会信用代码'], [['平安银行', '91440300192185379H']])
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from graph.errors import InvalidInput


class Line(list[str]):
    """A data row and ``line``: where it starts in the file (CSV: its first physical
    line, so a quoted cell over several lines moves the next row down; XLSX: its sheet
    row).  Blank rows are skipped but counted, so ``line`` is what an editor shows."""

    __slots__ = ("line",)

    def __init__(self, cells: list[str], line: int) -> None:
        super().__init__(cells)
        self.line = line


Table = tuple[list[str], list[list[str]]]  # the data rows are ``Line``s

# What a spreadsheet reads as the start of a formula (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XLSX_CELL_MAX = 32_767  # Excel's limit on the characters in one cell


def sheet_text(value: Any) -> Any:
    """A value as a spreadsheet cell shows it and never runs it (module docstring):
    text quoted and cleaned, numbers as they are, None as "".

    >>> sheet_text("=1+1"), sheet_text("'=1+1"), sheet_text("A\x01B"), sheet_text(0.5)
    ("'=1+1", "'=1+1", 'A\ufffdB', 0.5)
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = _NOT_XML.sub("\ufffd", str(value))
        return "'" + text if text.startswith(_FORMULA_START) else text
    return value


def _decode(data: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(f"{name}: not UTF-8 or GB18030 text", path=name)


def _read_csv(text: str) -> Table:
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # newline="" leaves line ends to the reader, which counts them (``line_num``).
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[Line] = []
    start = 1
    for r in reader:
        if any(c.strip() for c in r):
            rows.append(Line(r, start))
        start = reader.line_num + 1
    return _split(rows)


def _split(rows: list[Line]) -> Table:
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], list(rows[1:])


def _read_xlsx(data: bytes, name: str) -> Table:
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ... on bad files
        raise InvalidInput(f"{name}: not a readable XLSX workbook ({exc})", path=name) from exc
    try:
        ws = wb.worksheets[0]
        # Read-only sheets yield every row from row 1, empty ones included.
        rows = [
            Line(["" if v is None else str(v) for v in r], i)
            for i, r in enumerate(ws.iter_rows(values_only=True), start=1)
            if any(v not in (None, "") for v in r)
        ]
    finally:
        wb.close()
    return _split(rows)


def read_table_bytes(data: bytes, name: str) -> Table:
    """Header and rows of an uploaded file; the format comes from ``name``'s suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, name)
    if suffix in (".csv", ".txt", ".tsv", ""):
        return _read_csv(_decode(data, name))
    raise InvalidInput(f"{name}: screening reads .csv or .xlsx files, not {suffix}", path=name)


def read_table(path: Path) -> Table:
    """Header and data rows (``Line``s) of a CSV or XLSX file (the first sheet)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
    return read_table_bytes(data, path.name)


def csv_bytes(columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> bytes:
    """Records as CSV in UTF-8 with a BOM: without it Excel reads the file in the local
    code page and garbles Chinese; every cell through ``sheet_text``.  The CLI's files
    and the explorer's downloads are both written here, so they are the same bytes.

    >>> csv_bytes(["a"], [{"a": "甲", "b": "ignored"}])
    b'\\xef\\xbb\\xbfa\\r\\n\\xe7\\x94\\xb2\\r\\n'
    """
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    w.writeheader()
    w.writerows({k: sheet_text(r.get(k)) for k in columns} for r in records)
    return out.getvalue().encode("utf-8-sig")


def _cell_text(value: Any) -> Any:
    """A workbook cell's value: text past ``XLSX_CELL_MAX`` characters cut, with a note.

    >>> v = _cell_text("x" * 40_000)
    >>> len(v), v.rpartition("[")[2]
    (32767, 'cut at 32,767 of 40,000 characters: the CSV output holds the whole text]')
    """
    if not isinstance(value, str) or len(value) <= XLSX_CELL_MAX:
        return value
    note = (
        f" … [cut at {XLSX_CELL_MAX:,} of {len(value):,} characters: "
        "the CSV output holds the whole text]"
    )
    return value[: XLSX_CELL_MAX - len(note)] + note


def write_table(path: Path, columns: Sequence[str], records: Sequence[Mapping[str, Any]]) -> None:
    """Write records as CSV (``csv_bytes``) or, when ``path`` ends in .xlsx, as a workbook."""
    try:
        if path.suffix.lower() == ".xlsx":
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "screening"
            for r, values in enumerate([{c: c for c in columns}, *records], start=1):
                for c, key in enumerate(columns, start=1):
                    value = _cell_text(sheet_text(values.get(key)))
                    cell = ws.cell(r, c, value)
                    if isinstance(value, str):
                        cell.data_type = "s"  # openpyxl reads "=..." as a formula
            ws.freeze_panes = "A2"
            wb.save(path)
            return
        path.write_bytes(csv_bytes(columns, records))
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}", path=str(path)) from exc
