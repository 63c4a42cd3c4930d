"""An entity's profile as the CLI's ``show`` and the Entity page present it.

One place turns a node and its relationships into rows (direction, the other
party's name, role, share, dates, sources), so the terminal and the browser say
the same thing about an entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.errors import NotFound

# The id checks live in ``graph.id_hint`` (every id resolution uses them); pages import
# them from here too.
from graph.id_hint import IdHint as IdHint
from graph.id_hint import code_hint as code_hint
from graph.id_hint import id_hint as id_hint
from graph.model import ListingStatus, Node, NodeType, Rel, RelType
from graph.risk.subgraph import resolve_id
from graph.shared_ids import SharedId, shared_ids
from graph.store.base import Store

# The store pages relationships; an entity page shows this many before "N more".
DEFAULT_REL_LIMIT = 200

# Recorded statuses that say a listing is over (a removal recorded without an end date).
_OVER = frozenset(s.value for s in ListingStatus) - {ListingStatus.ACTIVE.value}


def listing_status(rel: Rel, on: date) -> str:
    """A listing's standing on ``on``, told from its dates first: ``ended <end>`` from
    its (exclusive) end on, ``starts <start>`` before its start; else, for a listing
    with no end date, the recorded status when that says the listing is over
    (``deleted``, ``revoked``, ...); else ``active``.  Loaders record ``status`` once,
    at load time, so it alone would call a sanction that lapsed since "active".  The
    China engine reads it the same way (``graph.risk.china_context.Listing.active_on``):
    a removal with a recorded end date ended then, and the listing was in force before.

    >>> r = Rel("r", RelType.LISTED_ON, "a", "list:X", start=date(2021, 10, 30),
    ...         end=date(2024, 10, 30), props={"status": "deleted"})
    >>> listing_status(r, date(2026, 1, 1)), listing_status(r, date(2024, 10, 29))
    ('ended 2024-10-30', 'active')
    >>> listing_status(r, date(2021, 1, 1))
    'starts 2021-10-30'
    >>> listing_status(Rel("r", RelType.LISTED_ON, "a", "list:X", props={"status": "deleted"}),
    ...                date(2026, 1, 1))
    'deleted'
    """
    if rel.end is not None and on >= rel.end:
        return f"ended {rel.end.isoformat()}"
    if rel.start is not None and on < rel.start:
        return f"starts {rel.start.isoformat()}"
    recorded = str(rel.props.get("status") or "")
    return recorded if rel.end is None and recorded in _OVER else ListingStatus.ACTIVE.value


def in_force(rel: Rel, on: date) -> bool:
    """The listing is in force on ``on`` (``listing_status`` says ``active``): the one
    rule the Entity, Search, Network and Tree pages tell a listing by."""
    return listing_status(rel, on) == ListingStatus.ACTIVE.value


@dataclass(frozen=True, slots=True)
class RelRow:
    """One relationship seen from the profiled entity."""

    rel: Rel
    direction: str  # "out": the entity is src; "in": the entity is dst
    other_id: str
    other_name: str
    other_type: str | None
    on: date | None = None  # the day a listing's status is told for; None: today

    @property
    def listing_status(self) -> str | None:
        """``listing_status`` on ``on`` for a LISTED_ON row, else None."""
        if self.rel.type is not RelType.LISTED_ON:
            return None
        return listing_status(self.rel, self.on or date.today())

    @property
    def detail(self) -> str:
        """Role, share, status and dates in one short phrase, for a terminal or a table.
        A listing's status is told from its dates (``listing_status``), and the status
        its source recorded follows when it says otherwise."""
        parts: list[str] = []
        if self.rel.role is not None:
            parts.append(self.rel.role.value)
        if self.rel.share is not None:
            parts.append(self.rel.share.as_text())
        elif self.rel.type is RelType.OWNS:
            parts.append("share unknown")  # a stake recorded without a share is not 0%
        recorded = str(self.rel.props.get("status") or "")
        told = self.listing_status
        if told is not None:
            parts.append(told)
            if recorded and recorded != told:
                parts.append(f"recorded status: {recorded}")
        elif recorded:
            parts.append(recorded)
        span = period(self.rel.start, self.rel.end)
        if span:
            parts.append(span)
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        out = {
            **self.rel.to_dict(),
            "direction": self.direction,
            "other": {"id": self.other_id, "name": self.other_name, "type": self.other_type},
        }
        told = self.listing_status
        if told is not None:
            out["listing_status"] = told
        return out


@dataclass(slots=True)
class Profile:
    node: Node
    groups: dict[str, list[RelRow]] = field(default_factory=dict)
    total: int = 0  # relationships that match, before the limit
    on: date = field(default_factory=date.today)  # the day listings' status is told for
    # Ids of the node that another entity answers to or carries too (graph.shared_ids).
    shared: dict[str, SharedId] = field(default_factory=dict)

    def id_note(self, alias: str) -> str | None:
        """What to say beside an identifier another entity answers to or carries."""
        got = self.shared.get(alias)
        return got.note(self.node.id) if got else None

    @property
    def shown(self) -> int:
        return sum(len(rows) for rows in self.groups.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.on.isoformat(),
            "node": self.node.to_dict(),
            "shared_ids": {i: x.to_dict(self.node.id) for i, x in self.shared.items()},
            "relationships": {
                "total": self.total,
                "shown": self.shown,
                "by_type": {t: [r.to_dict() for r in rows] for t, rows in self.groups.items()},
            },
        }


def period(start: date | None, end: date | None) -> str:
    """``2020-01-01..2021-01-01``; open ends left blank; empty when both are open."""
    if start is None and end is None:
        return ""
    return f"{start.isoformat() if start else ''}..{end.isoformat() if end else ''}"


def profile(
    store: Store,
    any_id: str,
    *,
    limit: int = DEFAULT_REL_LIMIT,
    as_of: date | None = None,
    status_on: date | None = None,
) -> Profile:
    """The entity any of whose ids is ``any_id``, with up to ``limit`` relationships:
    those in force on ``as_of`` when given, else all; listings' status is told for
    ``status_on`` (default ``as_of``, else today).

    Raises ``NotFound`` (exit status 2 in the CLI) when no entity answers to the id.
    """
    on = status_on or as_of or date.today()
    node = resolve_node(store, any_id)
    rels, total = store.rels_of(node.id, as_of=as_of, limit=limit)
    others = store.get_many(sorted({r.dst if r.src == node.id else r.src for r in rels}))
    out = Profile(node=node, total=total, on=on, shared=shared_ids(store, node))
    for rel in rels:
        outgoing = rel.src == node.id
        other_id = rel.dst if outgoing else rel.src
        other = others.get(other_id)
        row = RelRow(
            rel=rel,
            direction="out" if outgoing else "in",
            other_id=other_id,
            other_name=display_name(other, other_id),
            other_type=other.type.value if other else None,
            on=on,
        )
        out.groups.setdefault(rel.type.value, []).append(row)
    return out


def fact_sources(node: Node) -> dict[str, list[str]]:
    """Per-property sources recorded by loaders (``props["_sources"]``), else the node's."""
    recorded = node.props.get("_sources")
    fallback = sorted({p.source for p in node.provenance})
    out: dict[str, list[str]] = {}
    for key in node.props:
        if key == "_sources":
            continue
        got = recorded.get(key) if isinstance(recorded, dict) else None
        out[key] = [str(s) for s in got] if got else fallback
    return out


def display_name(node: Node | None, fallback: str) -> str:
    """What a page calls an entity: its name, else (a stub, a PSC statement) its id.

    >>> from graph.model import NodeType
    >>> display_name(Node("reg:GB-COH:02443921", NodeType.COMPANY, ""), "x")
    'reg:GB-COH:02443921'
    """
    if node is None:
        return fallback
    return node.name if node.name.strip() else node.id


def display_names(nodes: Mapping[str, Node], lang: str = "en") -> dict[str, str]:
    """id -> ``display_name`` (``local_name`` in ``lang``) for a ``get_many`` answer."""
    return {k: local_name(v, k, lang) for k, v in nodes.items()}


# Nodes the catalog writes with a Chinese name beside the English one (``props.name_zh``).
_CATALOG_TYPES = frozenset({NodeType.LIST, NodeType.AGENCY, NodeType.MEASURE})


def local_name(node: Node | None, fallback: str, lang: str = "en") -> str:
    """``display_name``, but a list, agency or measure in Chinese by the catalog's
    Chinese name (as the findings name lists); an entity's own name is never translated.

    >>> from graph.model import NodeType
    >>> n = Node("list:X", NodeType.LIST, "X List", props={"name_zh": "某名单"})
    >>> local_name(n, "x", "zh"), local_name(n, "x", "en")
    ('某名单', 'X List')
    """
    if node is not None and lang == "zh" and node.type in _CATALOG_TYPES:
        zh = str(node.props.get("name_zh") or "").strip()
        if zh:
            return zh
    return display_name(node, fallback)


def resolve_node(store: Store, any_id: str) -> Node:
    """The entity any of whose ids is ``any_id`` (a bare USCC, LEI or register number
    answers as it does for exposure and paths): the one lookup every page makes.

    Raises ``NotFound`` (``graph.risk.subgraph.resolve_id``): when the id is a USCC or
    LEI that fails its check, the error says why (``data["hint"]``), as the Search page
    does.
    """
    node = store.get(resolve_id(store, any_id))
    if node is None:  # resolved but gone: a concurrent delete
        raise NotFound(f"no entity with id {any_id!r}", id=any_id)
    return node
