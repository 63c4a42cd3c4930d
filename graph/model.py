"""The graph model: node and relationship types, roles, provenance, records.

The model is data: every label, relationship type and role a store may write is
listed here, and stores build their statements only from these whitelists, never
from input.  Records are plain dataclasses (FtM proxies are too slow for a million
nodes); FtM is an input format read by the loaders.

Ids are deterministic.  A node with a strong identifier takes it
(``uscc:91440300192185379H``, ``lei:...``); otherwise its id is a stable hash of
the source and the source's record id, so a reload writes the same ids.

>>> company_id(uscc="91440300192185379H")
'uscc:91440300192185379H'
>>> hashed_id("person", "demo", "P1") == hashed_id("person", "demo", "P1")
True
>>> rel_id(RelType.OWNS, "a", "b", "demo")
'rel:OWNS:...'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from graph.errors import ModelError
from graph.share import Share


class NodeType(StrEnum):
    COMPANY = "Company"
    PERSON = "Person"
    AGENCY = "Agency"
    LIST = "List"
    MEASURE = "Measure"


class RelType(StrEnum):
    OWNS = "OWNS"  # owner -> owned, with an exact share or range
    OFFICER_OF = "OFFICER_OF"  # person -> company, with a role
    CONTROLS = "CONTROLS"  # non-ownership control, with a basis
    BRANCH_OF = "BRANCH_OF"  # branch -> head office
    LISTED_ON = "LISTED_ON"  # entity -> List: one listing (start, end, status, ...)
    ISSUED_BY = "ISSUED_BY"  # List -> Agency
    TRIGGERS = "TRIGGERS"  # List -> Measure, with the roles it reaches
    IMPLEMENTED_BY = "IMPLEMENTED_BY"  # Measure -> Agency
    # Links between parties that are neither ownership nor office (FtM Family,
    # Associate, UnknownLink, ...); ``props["kind"]`` keeps the source's schema.
    LINKED_TO = "LINKED_TO"


# Relationships that tie a party to the catalogue (List, Measure, Agency nodes), not to
# another party: two parties on one list are not connected in the real world.
CATALOGUE_RELS = frozenset(
    {RelType.LISTED_ON, RelType.ISSUED_BY, RelType.TRIGGERS, RelType.IMPLEMENTED_BY}
)
PARTY_RELS: tuple[RelType, ...] = tuple(t for t in RelType if t not in CATALOGUE_RELS)

# Entity resolution keeps its proposals and decisions as LINKED_TO relationships with
# these kinds (``loaders.matches``): a pending "possibly same as" candidate and a
# person's "not the same" rejection.  Neither is a link between two parties.
POSSIBLY_SAME_AS = "possibly_same_as"
NOT_SAME_AS = "not_same_as"
MATCH_KINDS = frozenset({POSSIBLY_SAME_AS, NOT_SAME_AS})


class Role(StrEnum):
    """Roles on OFFICER_OF (DOMAIN.md §4.1, §5.2)."""

    LEGAL_REPRESENTATIVE = "legal_representative"
    MAIN_RESPONSIBLE_PERSON = "main_responsible_person"
    ACTUAL_CONTROLLER = "actual_controller"
    DIRECTLY_RESPONSIBLE = "directly_responsible"
    DIRECTOR = "director"
    SUPERVISOR = "supervisor"
    SENIOR_MANAGER = "senior_manager"
    FINANCE_MANAGER = "finance_manager"
    SAFETY_OFFICER = "safety_officer"
    # The "actual responsible person" a court finds for a major tax violation (SAT
    # Order 54 published fields, DOMAIN §2.5, §4.1): not the actual controller.
    ACTUAL_RESPONSIBLE_PERSON = "actual_responsible_person"
    SHAREHOLDER = "shareholder"
    OTHER = "other"


class ListingStatus(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"
    EXPIRED = "expired"
    EARLY_REMOVED = "early_removed"
    REVOKED = "revoked"


NODE_TYPES: frozenset[str] = frozenset(t.value for t in NodeType)
REL_TYPES: frozenset[str] = frozenset(t.value for t in RelType)
ROLES: frozenset[str] = frozenset(r.value for r in Role)

# Which node types each relationship may join; stores and loaders check against it.
REL_ENDPOINTS: dict[RelType, tuple[frozenset[NodeType], frozenset[NodeType]]] = {
    RelType.OWNS: (
        frozenset({NodeType.COMPANY, NodeType.PERSON, NodeType.AGENCY}),
        frozenset({NodeType.COMPANY}),
    ),
    RelType.OFFICER_OF: (
        frozenset({NodeType.PERSON, NodeType.COMPANY}),
        frozenset({NodeType.COMPANY}),
    ),
    RelType.CONTROLS: (
        frozenset({NodeType.COMPANY, NodeType.PERSON, NodeType.AGENCY}),
        frozenset({NodeType.COMPANY}),
    ),
    RelType.BRANCH_OF: (frozenset({NodeType.COMPANY}), frozenset({NodeType.COMPANY})),
    RelType.LISTED_ON: (frozenset({NodeType.COMPANY, NodeType.PERSON}), frozenset({NodeType.LIST})),
    RelType.ISSUED_BY: (frozenset({NodeType.LIST}), frozenset({NodeType.AGENCY})),
    RelType.TRIGGERS: (frozenset({NodeType.LIST}), frozenset({NodeType.MEASURE})),
    RelType.IMPLEMENTED_BY: (frozenset({NodeType.MEASURE}), frozenset({NodeType.AGENCY})),
    RelType.LINKED_TO: (
        frozenset({NodeType.COMPANY, NodeType.PERSON, NodeType.AGENCY}),
        frozenset({NodeType.COMPANY, NodeType.PERSON, NodeType.AGENCY}),
    ),
}


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: dataset, the record in it, when we saw it."""

    source: str
    record_id: str
    first_seen: date | None = None
    last_seen: date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "record_id": self.record_id,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        return cls(
            str(d["source"]),
            str(d["record_id"]),
            _date(d.get("first_seen")),
            _date(d.get("last_seen")),
        )

    def merged(self, other: Provenance) -> Provenance:
        """The same record seen again: widen the first/last-seen window."""
        firsts = [d for d in (self.first_seen, other.first_seen) if d]
        lasts = [d for d in (self.last_seen, other.last_seen) if d]
        return Provenance(
            self.source,
            self.record_id,
            min(firsts) if firsts else None,
            max(lasts) if lasts else None,
        )


def _date(v: Any) -> date | None:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def merge_provenance(
    a: tuple[Provenance, ...], b: tuple[Provenance, ...]
) -> tuple[Provenance, ...]:
    """Union by (source, record_id), widening seen-windows; order is stable."""
    out: dict[tuple[str, str], Provenance] = {}
    for p in (*a, *b):
        key = (p.source, p.record_id)
        out[key] = out[key].merged(p) if key in out else p
    return tuple(out.values())


@dataclass(slots=True)
class Node:
    """A Company, Person, Agency, List or Measure.

    ``ids`` are every identifier the entity had in its sources (``uscc:...``,
    ``lei:...``, ``ftm:...``, ``reg:...``); the store resolves any of them to ``id``.
    ``props`` holds JSON-able attributes; per-fact sources live in
    ``props["_sources"]`` as ``{prop: [source, ...]}`` when a loader records them.
    """

    id: str
    type: NodeType
    name: str
    names: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    props: dict[str, Any] = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ModelError("node without id")
        # Bulk loads build millions of records: skip the enum round trip when the
        # caller already passed the enum.
        if type(self.type) is not NodeType:
            if self.type not in NODE_TYPES:
                raise ModelError(f"unknown node type {self.type!r}", type=str(self.type))
            self.type = NodeType(self.type)

    @property
    def all_ids(self) -> tuple[str, ...]:
        return (self.id, *(i for i in self.ids if i != self.id))

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(n for n in self.names if n and n != self.name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type.value,
            "name": self.name,
            "names": list(self.names),
            "ids": list(self.ids),
            "props": self.props,
            "provenance": [p.to_dict() for p in self.provenance],
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Node:
        return cls(
            id=d["id"],
            type=NodeType(d["type"]),
            name=d["name"],
            names=tuple(d.get("names") or ()),
            ids=tuple(d.get("ids") or ()),
            props=dict(d.get("props") or {}),
            provenance=tuple(Provenance.from_dict(p) for p in d.get("provenance") or ()),
            valid_from=_date(d.get("valid_from")),
            valid_to=_date(d.get("valid_to")),
        )


@dataclass(slots=True)
class Rel:
    """A typed, dated relationship from ``src`` to ``dst`` (canonical node ids).

    ``start``/``end`` are the validity of the fact (a listing's start and end, an
    officer's term, a reporting period); ``end`` is exclusive.
    """

    id: str
    type: RelType
    src: str
    dst: str
    role: Role | None = None
    share: Share | None = None
    start: date | None = None
    end: date | None = None
    props: dict[str, Any] = field(default_factory=dict)
    provenance: tuple[Provenance, ...] = ()

    def __post_init__(self) -> None:
        if type(self.type) is not RelType:
            if self.type not in REL_TYPES:
                raise ModelError(f"unknown relationship type {self.type!r}", type=str(self.type))
            self.type = RelType(self.type)
        if self.role is not None and type(self.role) is not Role:
            if self.role not in ROLES:
                raise ModelError(f"unknown role {self.role!r}", role=str(self.role))
            self.role = Role(self.role)
        if self.start and self.end and self.end < self.start:
            raise ModelError(
                f"relationship ends before it starts: {self.start} > {self.end}", id=self.id
            )

    def valid_on(self, day: date) -> bool:
        """True when the relationship holds on ``day`` ([start, end))."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type.value,
            "src": self.src,
            "dst": self.dst,
            "role": self.role.value if self.role else None,
            "share": self.share.to_dict() if self.share else None,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "props": self.props,
            "provenance": [p.to_dict() for p in self.provenance],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rel:
        return cls(
            id=d["id"],
            type=RelType(d["type"]),
            src=d["src"],
            dst=d["dst"],
            role=Role(d["role"]) if d.get("role") else None,
            share=Share.from_dict(d["share"]) if d.get("share") else None,
            start=_date(d.get("start")),
            end=_date(d.get("end")),
            props=dict(d.get("props") or {}),
            provenance=tuple(Provenance.from_dict(p) for p in d.get("provenance") or ()),
        )


def _digest(*parts: str) -> str:
    h = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=10)
    return h.hexdigest()


def hashed_id(kind: str, source: str, record_id: str) -> str:
    """Stable id for an entity without a strong identifier."""
    return f"{kind}:{_digest(source, record_id)}"


def company_id(*, uscc: str | None = None, lei: str | None = None) -> str:
    """Id from a strong identifier; USCC wins over LEI (Chinese registry first)."""
    if uscc:
        return f"uscc:{uscc}"
    if lei:
        return f"lei:{lei}"
    raise ModelError("company_id needs a USCC or an LEI")


def rel_id(type_: RelType, src: str, dst: str, source: str, key: str = "") -> str:
    """Stable id for a relationship; ``key`` distinguishes parallel facts (role, period)."""
    return f"rel:{type_.value}:{_digest(src, dst, source, key)}"
