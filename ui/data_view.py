"""What the Data page shows: the store, its counts, the lists in it, and the load
reports and quarantine files found beside the store (or in ``CREDGRAPH_REPORTS``).

``credgraph load`` writes quarantined records to ``credgraph-quarantine-FORMAT.jsonl``
and prints its report; a report saved with ``--json > NAME.load.json`` is listed too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import NodeType, RelType
from graph.store.base import Store

REPORTS_ENV = "CREDGRAPH_REPORTS"
QUARANTINE_GLOB = "credgraph-quarantine-*.jsonl"
REPORT_GLOBS = ("*.load.json", "credgraph-load-*.json")
SAMPLE = 50  # quarantined records shown per file


@dataclass(frozen=True, slots=True)
class ListRow:
    id: str
    name: str
    regime: str
    listings: int
    sources: str


@dataclass(slots=True)
class QuarantineFile:
    path: Path
    records: int
    reasons: dict[str, int]
    sample: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ReportFile:
    path: Path
    report: dict[str, Any] | None
    error: str = ""


def lists_in_graph(store: Store) -> list[ListRow]:
    """Every List node with how many listings point at it, most listings first."""
    lists = list(store.iter_nodes([NodeType.LIST]))
    if not lists:
        return []
    totals = store.rels_of_many(
        [n.id for n in lists], direction="in", types=[RelType.LISTED_ON], cap=0
    )
    rows = [
        ListRow(
            n.id,
            n.name,
            str(n.props.get("regime") or ""),
            totals.get(n.id, ([], 0))[1],
            ", ".join(sorted({p.source for p in n.provenance})),
        )
        for n in lists
    ]
    return sorted(rows, key=lambda r: (-r.listings, r.id))


def reports_folder(store_url: str, env: dict[str, str] | None = None) -> Path:
    """``CREDGRAPH_REPORTS``, else the SQLite file's folder, else the working directory."""
    env = dict(os.environ) if env is None else env
    if env.get(REPORTS_ENV):
        return Path(env[REPORTS_ENV])
    if store_url.startswith("sqlite:///") and ":memory:" not in store_url:
        return Path(store_url[len("sqlite:///") :]).parent
    return Path.cwd()


def quarantine_files(folder: Path, sample: int = SAMPLE) -> list[QuarantineFile]:
    """The quarantine files in ``folder``: record count, reasons, the first records."""
    out = []
    for path in sorted(folder.glob(QUARANTINE_GLOB)):
        q = QuarantineFile(path, 0, {})
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if not line.strip():
                    continue
                q.records += 1
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    rec = {"reason": "unreadable line", "raw": line[:200]}
                reason = str(rec.get("reason", "")) if isinstance(rec, dict) else ""
                q.reasons[reason] = q.reasons.get(reason, 0) + 1
                if len(q.sample) < sample and isinstance(rec, dict):
                    q.sample.append({k: _cell(v) for k, v in rec.items()})
        out.append(q)
    return out


def report_files(folder: Path) -> list[ReportFile]:
    """Saved load reports (``credgraph load --json``) in ``folder``."""
    paths = sorted({p for g in REPORT_GLOBS for p in folder.glob(g)})
    out = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            out.append(ReportFile(path, None, str(exc)))
            continue
        out.append(ReportFile(path, data if isinstance(data, dict) else None))
    return out


def _cell(value: Any) -> str:
    # Tables show text: nested records are shown as JSON, not rendered.
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
