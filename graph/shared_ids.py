"""Identifiers that more than one entity carries.

A store resolves every alias to one entity: the first that claimed it.  An entity may
still list an id another entity answers to, when entity resolution kept the two apart
(two records of one source sharing a strong id, or a record whose ids name two
entities: ``loaders.resolve``).  Resolution then links the two with a ``LINKED_TO``
candidate for a person to decide, so the entities that also carry one of an entity's
ids are found among its ``LINKED_TO`` neighbours: no index of ids is needed.

``shared_ids(store, node)`` lists, for each such id of the node, where it resolves and
the other entities that carry it; ``show``, the entity page, ``exposure`` and ``screen``
say so rather than answer for one entity as if the id named only it.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node("a", NodeType.COMPANY, "A", ids=("reg:ru-inn:1",)),
...                     Node("b", NodeType.COMPANY, "B", ids=("reg:ru-inn:1",))])
>>> _ = s.upsert_rels([Rel("l", RelType.LINKED_TO, "a", "b", props={"decision": "pending"})])
>>> b = shared_ids(s, s.get("b"))["reg:ru-inn:1"]
>>> b.resolves_to, b.note("b")
('a', 'also the id of a (A), where it resolves (pending match); see credgraph match list')
>>> shared_ids(s, s.get("a"))["reg:ru-inn:1"].note("a")
'also an id of b (B) (pending match); see credgraph match list'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import Node, RelType
from graph.store.base import Store

# LINKED_TO neighbours looked at per entity (candidates are few; a hub of FtM links
# past this is cut, which only loses notes, never changes a finding).
LINK_CAP = 500


@dataclass(frozen=True, slots=True)
class Other:
    """Another entity that carries the id, and the decision on the pair, if any."""

    id: str
    name: str
    decision: str | None

    def text(self) -> str:
        return f"{self.id} ({self.name})" + (f" ({self.decision} match)" if self.decision else "")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "decision": self.decision}


@dataclass(frozen=True, slots=True)
class SharedId:
    """An id of an entity that other entities carry too."""

    id: str
    resolves_to: str  # the entity a look-up of the id answers with
    others: tuple[Other, ...]

    def note(self, here: str) -> str:
        """What to tell a person looking at entity ``here``."""
        return f"{self.what(here)}; see credgraph match list"

    def what(self, here: str) -> str:
        """Which other entities the id names, seen from entity ``here``."""
        if self.resolves_to != here:
            owner = next(o for o in self.others if o.id == self.resolves_to)
            rest = [o.text() for o in self.others if o.id != self.resolves_to]
            head = f"also the id of {owner.id} ({owner.name}), where it resolves"
            head += f" ({owner.decision} match)" if owner.decision else ""
            if rest:
                head += f", and an id of {', '.join(rest)}"
        else:
            head = "also an id of " + ", ".join(o.text() for o in self.others)
        return head

    def to_dict(self, here: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "resolves_to": self.resolves_to,
            "others": [o.to_dict() for o in self.others],
            "note": self.note(here),
        }


def shared_ids(store: Store, node: Node) -> dict[str, SharedId]:
    """The node's ids that another entity answers to or carries too, by id."""
    ids = node.all_ids
    resolved = store.resolve_many(ids)
    elsewhere = {i: c for i, c in resolved.items() if c != node.id}
    links, _ = store.rels_of(node.id, types=[RelType.LINKED_TO], limit=LINK_CAP)
    decision: dict[str, str | None] = {}
    for r in links:
        other = r.dst if r.src == node.id else r.src
        d = r.props.get("decision")
        if other not in decision or d is not None:
            decision[other] = str(d) if d is not None else None
    nodes = store.get_many(sorted({*decision, *elsewhere.values()} - {node.id}))
    out: dict[str, SharedId] = {}
    for i in ids:
        owner = elsewhere.get(i, node.id)
        carriers = [
            n for nid, n in nodes.items() if nid in decision and nid != owner and i in n.all_ids
        ]
        if owner != node.id and owner in nodes:
            carriers.insert(0, nodes[owner])
        if carriers:
            others = tuple(Other(n.id, n.name, decision.get(n.id)) for n in carriers)
            out[i] = SharedId(i, owner, others)
    return out
