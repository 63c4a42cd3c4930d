"""What an exposure finding says, in the shape the CLI and UI report.

``ExposureFinding`` is the public form of every finding (issue contract:
regime, rule, basis, status, lists, share, paths, measures, explanation), whether
it comes from the China rules or a sanctions regime.  It carries the listing
entries with their sources and the measures with their legal basis, so that a
compliance officer can paste the explanation into a memo and cite it.

>>> m = MeasureRef("M1", "限制高消费", "No high consumption", ["People's courts"], "art. 3")
>>> f = ExposureFinding(regime="cn", rule="listed", basis="legal", status="listed",
...                     paths=[["uscc:A", "list:CN_SPC_DISHONEST"]], measures=[m],
...                     explanation="A is listed.")
>>> f.to_dict()["measures"][0]["legal_basis"]
'art. 3'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _pct(f: Fraction) -> str:
    v = f * 100
    s = f"{v.numerator * 10**6 // v.denominator:07d}"
    return (s[:-6] + "." + s[-6:]).rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class ListingRef:
    """One listing entry and where it came from.

    ``start`` is the start the source records, None when it records none;
    ``not_before`` is then the day credgraph counts the listing from (the legal basis
    of its programs, ``start_basis`` says which), None when it counts on every date.
    ``programs``: the entry's program ids or tags (ids first), as the source gives them.
    """

    list_id: str
    list_name: str
    list_name_zh: str = ""
    agency: str = ""
    start: date | None = None
    end: date | None = None
    status: str = "active"
    case_no: str = ""
    source: str = ""
    record_id: str = ""
    not_before: date | None = None
    start_basis: str = ""
    program_ids: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "name": self.list_name,
            "name_zh": self.list_name_zh,
            "agency": self.agency,
            "start": _iso(self.start),
            "not_before": _iso(self.not_before),
            "end": _iso(self.end),
            "status": self.status,
            "case_no": self.case_no,
            "source": self.source,
            "record_id": self.record_id,
            "programs": list(dict.fromkeys((*self.program_ids, *self.programs))),
        }


@dataclass(frozen=True, slots=True)
class MeasureRef:
    """A measure applied, the agencies that implement it, and its legal basis."""

    id: str
    name_zh: str
    name_en: str
    agencies: list[str]
    legal_basis: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name": self.name_en,
            "agencies": list(self.agencies),
            "legal_basis": self.legal_basis,
        }


@dataclass(frozen=True, slots=True)
class FactRef:
    """A recorded fact a finding rests on besides listing entries (a company's
    revocation, an officer's post), with the record it came from."""

    kind: str  # "revocation", "post", ...
    id: str  # the node or relationship id
    source: str
    record_id: str
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "source": self.source,
            "record_id": self.record_id,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class ExposureFinding:
    """One explained finding about one entity."""

    regime: str
    rule: str
    basis: str  # "legal" or "heuristic"
    status: str  # listed, owned, controlled, restricted, linked
    paths: list[list[str]]
    explanation: str
    lists: list[ListingRef] = field(default_factory=list)
    measures: list[MeasureRef] = field(default_factory=list)
    share: Fraction | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    issue: str = ""
    confidence: str = "high"
    # The finding rests on a listing whose source records no start date (a listed party
    # it names is listed, on that date, only by such entries): see ``listing_dates``.
    undated_listing: bool = False
    # Facts other than listing entries the finding rests on, with their sources.
    facts: list[FactRef] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "rule": self.rule,
            "basis": self.basis,
            "status": self.status,
            "lists": [x.to_dict() for x in self.lists],
            "share": None if self.share is None else str(self.share),
            "share_percent": None if self.share is None else _pct(self.share),
            "paths": [list(p) for p in self.paths],
            "measures": [m.to_dict() for m in self.measures],
            "explanation": self.explanation,
            "valid_from": _iso(self.valid_from),
            "valid_to": _iso(self.valid_to),
            "issue": self.issue,
            "confidence": self.confidence,
            "undated_listing": self.undated_listing,
            "facts": [x.to_dict() for x in self.facts],
        }
