"""The load report: per-type counts, warnings and quarantine, as data for ``--json``.

>>> r = LoadReport("bundle", "demo", ["a.csv"])
>>> r.count("Company").read += 2
>>> r.to_dict()["counts"]["Company"]
{'read': 2, 'written': 0, 'merged': 0, 'skipped': 0}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.model import Rel
from loaders.records import Quarantined, Warned

# Examples kept per report for warnings and quarantine (and the first of each reason);
# the rest are counted.
SAMPLES = 20


@dataclass(slots=True)
class TypeCounts:
    """``merged``: written into a node that already existed (by id or any alias) in the
    store before this load, or was written earlier in the same load."""

    read: int = 0
    written: int = 0
    merged: int = 0
    skipped: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "written": self.written,
            "merged": self.merged,
            "skipped": self.skipped,
        }


@dataclass(slots=True)
class LoadReport:
    format: str
    source: str
    files: list[str]
    counts: dict[str, TypeCounts] = field(default_factory=dict)
    warnings: Counter[str] = field(default_factory=Counter)
    warning_samples: list[dict[str, Any]] = field(default_factory=list)
    quarantined: Counter[str] = field(default_factory=Counter)
    quarantine_samples: list[dict[str, Any]] = field(default_factory=list)
    quarantine_path: str | None = None
    stubs: int = 0
    # Records written that came from the files: not the List, Agency and ISSUED_BY
    # records a reader adds beside its listings (``loaders.lists.is_list_scaffold``).
    from_files: int = 0
    candidates: int = 0  # "possibly same as" pairs written for review (loaders.matches)
    # Files of a folder the format could not read at all: {"file", "reason"} each.
    skipped_files: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    # Listings ended because a complete list left them out (``loaders.delisting``).
    ended: int = 0
    ended_samples: list[dict[str, str]] = field(default_factory=list)
    published: str | None = None
    delist_refused: str | None = None  # why a complete edition ended nothing
    # A file that could not be read to its end: {"file", "line" or "record", "reason"}.
    stopped: dict[str, Any] | None = None

    def count(self, kind: str) -> TypeCounts:
        c = self.counts.get(kind)
        if c is None:
            c = self.counts[kind] = TypeCounts()
        return c

    def skip_file(self, file: str, reason: str) -> None:
        self.skipped_files.append({"file": file, "reason": reason})

    def delisted(self, ended: Sequence[Rel], published: date, refused: str | None) -> None:
        """The listings a complete list published on ``published`` no longer has, and
        why none was ended (``refused``) when the edition looked wrong."""
        self.published = published.isoformat()
        self.delist_refused = refused
        self.ended = 0 if refused else len(ended)
        self.ended_samples = (
            []
            if refused
            else [{"id": r.id, "record_id": r.src, "list": r.dst} for r in ended[:SAMPLES]]
        )

    def warn(self, w: Warned) -> None:
        self.warnings[w.reason] += 1
        # Reasons are categories (``loaders.records``): each gets at least one example.
        if len(self.warning_samples) < SAMPLES or self.warnings[w.reason] == 1:
            self.warning_samples.append(w.to_dict())

    def quarantine(self, q: Quarantined) -> None:
        self.quarantined[q.reason] += 1
        self.count(q.kind).skipped += 1
        if len(self.quarantine_samples) < SAMPLES or self.quarantined[q.reason] == 1:
            d = q.to_dict()
            d.pop("raw", None)
            self.quarantine_samples.append(d)

    @property
    def read_total(self) -> int:
        return sum(c.read for c in self.counts.values())

    @property
    def written_total(self) -> int:
        return sum(c.written for c in self.counts.values())

    @property
    def skipped_total(self) -> int:
        return sum(c.skipped for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "source": self.source,
            "files": self.files,
            "skipped_files": self.skipped_files,
            "dry_run": self.dry_run,
            "counts": {k: v.to_dict() for k, v in sorted(self.counts.items())},
            "totals": {
                "read": self.read_total,
                "written": self.written_total,
                "merged": sum(c.merged for c in self.counts.values()),
                "skipped": self.skipped_total,
                "from_files": self.from_files,
            },
            "stubs": self.stubs,
            "match_candidates": self.candidates,
            "published": self.published,
            "ended": self.ended,
            "ended_samples": self.ended_samples,
            "delist_refused": self.delist_refused,
            "stopped": self.stopped,
            "warnings": dict(self.warnings.most_common()),
            "warning_samples": self.warning_samples,
            "quarantined": dict(self.quarantined.most_common()),
            "quarantine_samples": self.quarantine_samples,
            "quarantine_path": self.quarantine_path,
            "seconds": round(self.seconds, 3),
        }

    def as_text(self) -> str:
        """A table for people: one line per type, then warnings and quarantine."""
        lines = [f"{self.format} -> source {self.source!r} ({len(self.files)} file(s))"]
        lines.append(f"{'type':<16}{'read':>10}{'written':>10}{'merged':>10}{'skipped':>10}")
        for k, c in sorted(self.counts.items()):
            lines.append(f"{k:<16}{c.read:>10}{c.written:>10}{c.merged:>10}{c.skipped:>10}")
        if self.stubs:
            lines.append(f"stub nodes created for referenced ids: {self.stubs}")
        if self.candidates:
            lines.append(
                f"possibly-same-as candidates to review: {self.candidates} (credgraph match list)"
            )
        if self.delist_refused is not None:
            lines.append(f"ended: none: {self.delist_refused}")
        elif self.published is not None:
            verb = "would end" if self.dry_run else "ended"
            eg = self.ended_samples[0] if self.ended_samples else None
            lines.append(
                f"{verb}: {self.ended} listings absent from the complete list published "
                f"{self.published}" + (f" (e.g. {eg['record_id']} on {eg['list']})" if eg else "")
            )
        for x in self.skipped_files:
            lines.append(f"skipped file: {x['file']}: {x['reason']}")
        if self.stopped is not None:
            lines.append(f"stopped: {self.stopped['reason']}; nothing after it was read")
        for reason, n in self.warnings.most_common():
            lines.append(f"warning: {reason}: {n}{_example(self.warning_samples, reason)}")
        for reason, n in self.quarantined.most_common():
            lines.append(f"skipped: {reason}: {n}{_example(self.quarantine_samples, reason)}")
        if self.quarantine_path and self.quarantined:
            lines.append(f"quarantined records written to {self.quarantine_path}")
        lines.append(f"{self.seconds:.2f} s")
        return "\n".join(lines)


def _example(samples: list[dict[str, Any]], reason: str) -> str:
    """`` (e.g. file:line id: detail)`` from the first sample of ``reason``, if kept."""
    for s in samples:
        if s.get("reason") == reason:
            # A warning about a record as a whole (a sum over a file) has no line.
            at = s.get("line") if s.get("line") is not None else s.get("record")
            where = f"{s['file']}:{at}" if at is not None else str(s["file"])
            rid = s.get("record_id")
            detail = s.get("detail")
            return f" (e.g. {where}{f' {rid}' if rid else ''}{f': {detail}' if detail else ''})"
    return ""
