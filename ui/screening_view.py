"""Screening results as rows, and the comparison with an earlier screening (monitoring).

A screening result is a table of findings, one row per (input row, finding), with the
columns of ``ui.risk_view.CSV_COLUMNS`` plus ``row`` (the input row).  Two results are
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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.errors import InvalidInput
from graph.risk.exposure import REGIMES
from graph.risk.screen_files import csv_bytes, read_table_bytes
from graph.risk.screening import OUTPUT_COLUMNS, screen
from graph.store.base import Store
from ui.entity_profile import display_names
from ui.i18n import headed
from ui.risk_view import CSV_COLUMNS, cell, finding_row, path_ids

# The input row is part of a finding's identity: two rows of a portfolio that match the
# same company are two findings, and a row newly matching it is news.
KEY = ("row", "entity", "regime", "rule", "status", "path")
FINDINGS_COLUMNS = ("row", *CSV_COLUMNS)
# The summary table shows the verdict per regime right after what was screened, and
# after the match's flags: a weak match's statuses may be another company's (华为 for 华威).
SUMMARY_ORDER = (
    "row", "input", "matched_name", "match_flags", *(f"status_{r}" for r in REGIMES),
    "legal_findings", "heuristic_findings", "other_lists", "redlists", "ambiguous_with",
    "incomplete", "top_explanation",
    "matched_id", "match_method", "match_score", "match_explanation",
)  # fmt: skip


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


def read_result_csv(data: bytes, name: str = "") -> list[dict[str, str]]:
    """An earlier screening result downloaded from this page (the ``-findings.csv``
    file, UTF-8 with or without BOM).

    Raises ``InvalidInput`` (``problem="not_findings"``) when a column the comparison
    keys on is missing, so another file is never compared as if it were one.
    """
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    have = list(reader.fieldnames or [])
    missing = [k for k in KEY if k not in have]
    if missing:
        raise InvalidInput(
            f"{name}: not a screening findings file, no column {', '.join(missing)}",
            path=name, problem="not_findings", missing=", ".join(missing),
            summary="matched_id" in have,
        )  # fmt: skip
    return [dict(r) for r in reader]


def summary_rows(
    rows: Iterable[Mapping[str, Any]], lang: str | None = None
) -> list[dict[str, Any]]:
    """The per-row summary for a table: ``SUMMARY_ORDER``, headers in ``lang``."""
    return headed(
        [
            {**{k: r[k] for k in SUMMARY_ORDER if k in r}, **{k: v for k, v in r.items()}}
            for r in rows
        ],
        lang,
    )


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
    store: Store,
    data: bytes,
    name: str,
    as_of: date,
    *,
    heuristics: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Screening:
    """Read an uploaded CSV/XLSX, match its rows and compute each one's exposure
    (``progress(done, total)`` after each row)."""
    headers, rows = read_table_bytes(data, name)
    if not headers:
        raise InvalidInput(f"{name}: the file has no header row", path=name)
    results = screen(store, headers, rows, as_of, heuristics=heuristics, progress=progress)
    reports = [r.report for r in results if r.report is not None]
    names = display_names(store.get_many(path_ids(f for rep in reports for f in rep.findings)))
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
                    "entity_name": entity.get("name") or entity.get("id", ""),
                    **finding_row(f, names),
                }
            )
    return Screening(name, as_of.isoformat(), [r.to_dict() for r in results], findings)


def summary_csv(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The per-row summary as CSV, in the CLI's column order (``OUTPUT_COLUMNS``)."""
    return csv_bytes(OUTPUT_COLUMNS, rows)


def screening_findings_csv(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """Findings per row as CSV; the file a later screening compares against."""
    return csv_bytes(FINDINGS_COLUMNS, rows)
