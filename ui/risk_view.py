"""Findings as the Entity, Exposure and Screening pages show them.

The exposure API (``graph.risk.exposure``) is used when it is installed; without it
the Entity page still shows the China joint-punishment findings
(``graph.risk.china``) and says that sanctions exposure is not available.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from graph.risk.china import ChinaRules
from graph.risk.evidence import ExposureFinding, FactRef
from graph.risk.listing_dates import dates_text
from graph.risk.screen_files import csv_bytes, sheet_text
from graph.store.base import Store
from ui.i18n import headed, t

CSV_COLUMNS = (
    "entity", "entity_name", "regime", "rule", "basis", "status", "share_percent",
    "lists", "path", "measures", "legal_basis", "explanation", "valid_from", "valid_to",
    "undated_listing", "confidence", "issue", "facts",
)  # fmt: skip
# A table shows what a finding says before where it comes from: the CSV keeps its order.
TABLE_ORDER = (
    "regime", "rule", "status", "share", "explanation", "issue", "path", "lists", "facts",
    "measures", "legal_basis", "basis", "confidence", "valid_from", "valid_to",
)  # fmt: skip


def optional_module(name: str) -> ModuleType | None:
    """The module if it is installed, else None (pages then say what is missing)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def exposure_api() -> ModuleType | None:
    return optional_module("graph.risk.exposure")


def screening_api() -> ModuleType | None:
    return optional_module("graph.risk.screening")


@dataclass(slots=True)
class Findings:
    findings: list[ExposureFinding]
    complete: bool  # False: only the China rules ran (no exposure module)
    # Lists of unmodelled regimes the entity is on (``ExposureReport.other_lists``).
    other_lists: list[dict[str, str]] = field(default_factory=list)
    # Per regime the strongest status (``ExposureReport.statuses``): ``cn=listed ...``.
    statuses: dict[str, str] = field(default_factory=dict)
    # China redlist entries (``ExposureReport.redlists``): positive information only.
    redlists: list[dict[str, Any]] = field(default_factory=list)
    # Limits the engine reached, in words (``ExposureReport.incomplete``).
    incomplete: list[str] = field(default_factory=list)
    # The id asked for names other entities too (``ExposureReport.ambiguous``): the id,
    # where it resolves, the others with their statuses, and the engine's note.
    ambiguous: dict[str, Any] | None = None

    @property
    def legal(self) -> list[ExposureFinding]:
        return [f for f in self.findings if f.basis == "legal"]

    @property
    def heuristic(self) -> list[ExposureFinding]:
        return [f for f in self.findings if f.basis != "legal"]


def entity_findings(
    store: Store, entity_id: str, as_of: date, *, heuristics: bool = True
) -> Findings:
    """Every finding about one entity on ``as_of``, legal and heuristic."""
    api = exposure_api()
    if api is not None:
        report = api.exposure(store, entity_id, as_of, heuristics=heuristics)
        return Findings(
            list(report.findings),
            True,
            report.other_lists(),
            report.statuses(),
            list(report.redlists),
            [str(x["note"]) for x in report.incomplete],
            report.ambiguous,
        )
    rules = ChinaRules(store)
    found = rules.findings(entity_id, as_of, heuristics)
    return Findings(found, False, incomplete=[c.text() for c in rules.cuts])


def no_findings_text(found: Findings, day: date) -> str:
    """What the Entity and Exposure pages say without a finding: with a limit reached
    (``Findings.incomplete``, warned above) only that none was in what was read."""
    return t("no_findings_read" if found.incomplete else "no_findings", day=day.isoformat())


def ambiguous_text(ambiguous: Mapping[str, Any], lang: str | None = None) -> str:
    """The warning for an id that names other entities too: the engine's note and each
    other entity's status per regime, as ``credgraph exposure`` prints them.

    >>> amb = {"id": "x", "note": "x is also an id of b (B); this report is for a only",
    ...        "others": [{"id": "b", "name": "B", "statuses": {"cn": "none", "ofac": "listed"}}]}
    >>> ambiguous_text(amb, "en")
    'Shared identifier: x is also an id of b (B); this report is for a only. Their statuses: b (B): cn=none ofac=listed.'
    """
    others = "; ".join(
        f"{o['id']} ({o.get('name') or o['id']}): "
        + " ".join(f"{k}={v}" for k, v in dict(o.get("statuses") or {}).items())
        for o in ambiguous.get("others", ())
    )
    return t("ambiguous_id", lang, note=ambiguous["note"], others=others or "-")


def path_ids(findings: Iterable[ExposureFinding]) -> list[str]:
    """Every node id on every finding's paths, first seen first (to look names up once)."""
    seen: dict[str, None] = {}
    for f in findings:
        for p in f.paths:
            seen.update(dict.fromkeys(p))
    return list(seen)


def path_text(path: Iterable[str], names: dict[str, str]) -> str:
    """``A → B → C`` by name, the id where no name is known.

    >>> path_text(["a", "b"], {"a": "甲"})
    '甲 → b'
    """
    return " → ".join(names.get(i, i) for i in path)


def measure_rows(findings: Iterable[ExposureFinding]) -> list[dict[str, str]]:
    """One row per distinct measure: agency, measure, legal basis, the rules that apply it."""
    rows: dict[str, dict[str, str]] = {}
    for f in findings:
        for m in f.measures:
            row = rows.setdefault(
                m.id,
                {
                    "agency": ", ".join(m.agencies),
                    "measure": m.name_zh + (f" ({m.name_en})" if m.name_en else ""),
                    "legal_basis": m.legal_basis,
                    "rules": "",
                },
            )
            rules = [r for r in row["rules"].split(", ") if r]
            if f.rule not in rules:
                row["rules"] = ", ".join([*rules, f.rule])
    return list(rows.values())


def fact_text(x: FactRef) -> str:
    """A fact a finding rests on, with the source and record it came from.

    >>> fact_text(FactRef("revocation", "C", "cn-src", "R1", "C: licence revoked"))
    'revocation: C: licence revoked [cn-src R1]'
    """
    return f"{x.kind}: {x.text or x.id} [{x.source} {x.record_id}]".replace(" ]", "]")


def finding_row(f: ExposureFinding, names: dict[str, str]) -> dict[str, Any]:
    """One finding as a flat row (CSV, tables); shares as exact percent text."""
    d = f.to_dict()
    return {
        "regime": f.regime,
        "rule": f.rule,
        "basis": f.basis,
        "status": f.status,
        "share_percent": d["share_percent"] or "",
        "lists": "; ".join(f"{x.list_name} ({dates_text(x)})" for x in f.lists),
        "path": " | ".join(path_text(p, names) for p in f.paths),
        "measures": "; ".join(m.name_zh for m in f.measures),
        "legal_basis": "; ".join(dict.fromkeys(m.legal_basis for m in f.measures if m.legal_basis)),
        "explanation": f.explanation,
        "valid_from": d["valid_from"] or "",
        "valid_to": d["valid_to"] or "",
        # The finding rests on a listing whose source records no start date.
        "undated_listing": "yes" if f.undated_listing else "",
        "confidence": f.confidence,
        # What the finding asks of someone ("appointment void (...)"), when it says.
        "issue": f.issue,
        "facts": "; ".join(fact_text(x) for x in f.facts),
    }


def share_text(percent: str, rule: str, lang: str | None = None) -> str:
    """A finding's share as a page shows it: a possible-ownership flag carries only the
    upper bound of the owners' recorded ranges, so it reads "up to".

    >>> share_text("60", "ofac.possible_owned", "en"), share_text("50.5", "ofac.owned", "en")
    ('up to 60%', '50.5%')
    """
    if not percent:
        return ""
    return t("up_to", lang, p=percent) if rule.endswith(".possible_owned") else f"{percent}%"


def finding_share(f: ExposureFinding, lang: str | None = None) -> str:
    return share_text(f.to_dict()["share_percent"] or "", f.rule, lang)


def table_rows(
    rows: Iterable[Mapping[str, Any]], first: Sequence[str] = (), lang: str | None = None
) -> list[dict[str, Any]]:
    """Finding rows (``finding_row`` and more) for ``st.dataframe``: ``first`` columns,
    then ``TABLE_ORDER``, then the rest; the share as text; headers in ``lang``."""
    out = []
    for r in rows:
        share = share_text(str(r.get("share_percent") or ""), str(r.get("rule", "")), lang)
        row = {k: r[k] for k in first if k in r}
        for k in TABLE_ORDER:
            if k == "share":
                row[k] = share
            elif k in r and k not in row:
                row[k] = r[k]
        row.update({k: v for k, v in r.items() if k not in row and k != "share_percent"})
        out.append(row)
    return headed(out, lang)


def findings_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV with ``CSV_COLUMNS`` (``csv_bytes``: UTF-8 with BOM, every cell through
    ``sheet_text``, so a value a spreadsheet would run as a formula starts with ``'``)."""
    return csv_bytes(CSV_COLUMNS, rows)


def cell(value: Any) -> str:
    """A cell as the downloads write it (``graph.risk.screen_files.sheet_text``)."""
    return str(sheet_text(value))
