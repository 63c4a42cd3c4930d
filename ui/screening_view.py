"""Screening results as rows, and the comparison with an earlier screening (monitoring).

A screening result is a table of findings, one row per (input row, finding), with the
columns of ``ui.risk_view.CSV_COLUMNS`` plus ``row`` and ``input``.  Two results are
compared by a key that ignores wording: input row, entity, regime, rule, status, path.

>>> old = [{"row": "1", "entity": "a", "regime": "cn", "rule": "listed", "status": "listed", "path": "A"}]
>>> new = old + [{"row": "2", "entity": "b", "regime": "ofac", "rule": "ofac.owned", "status": "owned", "path": "X → B"}]
>>> d = compare(old, new)
>>> [r["entity"] for r in d.new], d.removed
(['b'], [])
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.errors import InvalidInput
from graph.risk.screen_files import read_table_bytes
from graph.risk.screening import OUTPUT_COLUMNS, screen
from graph.store.base import Store
from ui.risk_view import CSV_COLUMNS, cell, finding_row, path_ids

KEY = ("entity", "regime", "rule", "status", "path")


@dataclass(slots=True)
class Diff:
    new: list[dict[str, str]]
    removed: list[dict[str, str]]


def _key(row: Mapping[str, object]) -> tuple[str, ...]:
    # A downloaded result has formula-like cells quoted (``cell``); quote both sides alike.
    return tuple(cell(row.get(k) or "") for k in KEY)


def compare(earlier: Iterable[Mapping[str, object]], later: Iterable[Mapping[str, object]]) -> Diff:
    """Findings in ``later`` and not in ``earlier`` (new) and the other way round (removed)."""
    before = {_key(r): dict(r) for r in earlier}
    after = {_key(r): dict(r) for r in later}
    return Diff(
        new=[{k: str(v) for k, v in r.items()} for key, r in after.items() if key not in before],
        removed=[
            {k: str(v) for k, v in r.items()} for key, r in before.items() if key not in after
        ],
    )


def read_result_csv(data: bytes) -> list[dict[str, str]]:
    """An earlier screening result downloaded from this page (CSV, UTF-8 with or without BOM)."""
    text = data.decode("utf-8-sig", errors="replace")
    return [dict(r) for r in csv.DictReader(io.StringIO(text))]


@dataclass(slots=True)
class Screening:
    """One screening run: the summary per input row and the findings per row."""

    name: str
    as_of: str
    summary: list[dict[str, Any]]
    findings: list[dict[str, Any]]

    @property
    def unmatched(self) -> list[dict[str, Any]]:
        return [r for r in self.summary if not r.get("matched_id")]


def run_screening(
    store: Store, data: bytes, name: str, as_of: date, *, heuristics: bool = True
) -> Screening:
    """Read an uploaded CSV/XLSX, match its rows and compute each one's exposure."""
    headers, rows = read_table_bytes(data, name)
    if not headers:
        raise InvalidInput(f"{name}: the file has no header row", path=name)
    results = screen(store, headers, rows, as_of, heuristics=heuristics)
    reports = [r.report for r in results if r.report is not None]
    names = {
        k: v.name
        for k, v in store.get_many(path_ids(f for rep in reports for f in rep.findings)).items()
    }
    findings = []
    for r in results:
        if r.report is None:
            continue
        entity = r.report.entity
        for f in r.report.findings:
            findings.append(
                {
                    "row": str(r.row),
                    "entity": entity.get("id", ""),
                    "entity_name": entity.get("name", ""),
                    **finding_row(f, names),
                }
            )
    return Screening(name, as_of.isoformat(), [r.to_dict() for r in results], findings)


def summary_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The per-row summary as CSV, in the CLI's column order (``OUTPUT_COLUMNS``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(row.get(k, "")) for k in OUTPUT_COLUMNS})
    return out.getvalue()


def screening_findings_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """Findings per row as CSV; the file a later screening compares against."""
    out = io.StringIO()
    cols = ["row", *CSV_COLUMNS]
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(row.get(k, "")) for k in cols})
    return out.getvalue()
