"""The part of the graph one entity's verdict depends on, gathered frontier by frontier.

Under every sanctions regime the status of an entity is a function of its
*ancestors*: who owns or controls it (OWNS, CONTROLS, followed backwards), what
lists they are on, and, for the UK, which listed parties are joined by a
recorded joint arrangement or by one controlling another.  So a per-entity query
never needs the whole graph: a reverse breadth-first search with one
``rels_of_many`` round trip per frontier collects the ancestors, their listings
and (for listed parties only) those links; the regime engine then runs on that
small edge set.  Look-through ownership uses the same search (upwards for
owners, downwards for subsidiaries, OWNS only).

The search stops at ``max_depth`` levels or ``max_nodes`` nodes and says so in
``truncated``: a verdict on a truncated subgraph may miss a restricted ancestor.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x) for x in "XABC"])
>>> _ = s.upsert_rels([Rel("xa", RelType.OWNS, "X", "A", share=Share.exact(1)),
...                    Rel("ab", RelType.OWNS, "A", "B", share=Share.exact(1)),
...                    Rel("bc", RelType.OWNS, "B", "C", share=Share.exact(1))])
>>> sub = ancestors(s, "B", date(2026, 1, 1))
>>> sorted(sub.nodes), sub.truncated
(['A', 'B', 'X'], '')
>>> ancestors(s, "C", date(2026, 1, 1), max_depth=1).truncated
'depth'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from graph.errors import NotFound
from graph.id_hint import invalid_id_hint
from graph.model import Node, NodeType, Rel, RelType
from graph.store.base import (
    MAX_DAY,
    NODE_TYPE_ORDER,
    REL_TYPE_ORDER,
    ROLE_ORDER,
    EdgeArrays,
    Store,
)
from graph.store.rows import share_text
from graph.store.textindex import id_candidates

MAX_DEPTH = 30
MAX_NODES = 20_000
# Per node and query: more links than this are cut (and reported as truncated).
PAGE = 5_000
JOINT = "joint_arrangement"
CHUNK = 500


def resolve_id(store: Store, any_id: str) -> str:
    """The canonical id for any alias: as given, else the bare USCC/LEI/source id
    under its prefix (``91440300192185379H`` -> ``uscc:91440300192185379H``).

    Raises ``NotFound`` (exit status 2 in the CLI) when nothing answers to it; when the
    id is a USCC or LEI that fails its check, the message says why and ``data["hint"]``
    holds the check (``graph.id_hint``).  Every command and page resolves ids here.
    """
    return resolve_alias(store, any_id)[1]


def resolve_alias(store: Store, any_id: str) -> tuple[str, str]:
    """(the alias that answered, the canonical id), as ``resolve_id``."""
    text = any_id.strip()
    for cand in id_candidates(text) or [text]:
        got = store.resolve(cand)
        if got is not None:
            return cand, got
    message = f"no entity with id {any_id!r}"
    hint = invalid_id_hint(text)
    if hint is None:
        raise NotFound(message, id=any_id)
    raise NotFound(f"{message} ({hint.reason})", id=any_id, hint=hint)


def get_nodes(store: Store, ids: Iterable[str]) -> dict[str, Node]:
    """``get_many`` in chunks, so a whole-graph report never builds one huge query."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, Node] = {}
    for i in range(0, len(wanted), CHUNK):
        out.update(store.get_many(wanted[i : i + CHUNK]))
    return out


@dataclass(slots=True)
class Subgraph:
    """Nodes (by canonical id) and relationships (by id) around ``root``."""

    root: str
    as_of: date
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: dict[str, Rel] = field(default_factory=dict)
    truncated: str = ""  # "", "depth", "nodes" or "links": why the search stopped early
    depth: int = 0
    max_nodes: int = MAX_NODES
    cut_at: str = ""  # the first node whose links were cut (``truncated == "links"``)
    up: bool = True  # owners and controllers searched (else subsidiaries)

    def incomplete(self) -> list[dict[str, Any]]:
        """``[]``, or the limit that stopped the search as reports carry it
        (``ExposureReport.incomplete``, ``OwnershipReport``)."""
        if not self.truncated:
            return []
        return [
            {"where": "ownership", "reason": self.truncated, "depth": self.depth,
             "node": self.cut_at or None, "note": self.limit_note()}
        ]  # fmt: skip

    def limit_note(self) -> str:
        """Why the search stopped early, in words ("" when it did not): a verdict
        then may miss a restricted owner beyond the limit."""
        further, links = (
            ("owners further up", "owners, controllers or listings")
            if self.up
            else ("subsidiaries further down", "holdings")
        )
        return {
            "depth": f"the ownership search stopped at depth {self.depth}: {further} were not read",
            "nodes": f"the ownership search stopped at {self.max_nodes:,} entities:"
            " those beyond them were not read",
            "links": f"{self.cut_at or 'an entity on the way'} has more than {PAGE:,}"
            f" {links} in force: the others were not read",
        }.get(self.truncated, "")

    def list_regimes(self) -> dict[str, str]:
        """List node id -> its regime (``props["regime"]``)."""
        return {
            nid: str(n.props.get("regime") or "")
            for nid, n in self.nodes.items()
            if n.type is NodeType.LIST
        }

    def listings(self, entity: str) -> list[Rel]:
        return [r for r in self.rels.values() if r.type is RelType.LISTED_ON and r.src == entity]

    def edges(self) -> EdgeArrays:
        """The subgraph as the ``EdgeArrays`` a store export would give for it."""
        return arrays_of(list(self.rels.values()), list(self.nodes.values()))

    def listing_history(self, store: Store) -> tuple[dict[str, list[Rel]], dict[str, Node]]:
        """Every LISTED_ON, on any date, of the nodes listed on ``as_of``, and the List
        nodes it reaches beyond the subgraph: explanations name a party's dated listing
        beside undated ones even when it starts later (``listing_dates``)."""
        listed = sorted({r.src for r in self.rels.values() if r.type is RelType.LISTED_ON})
        out: dict[str, list[Rel]] = {}
        for i in range(0, len(listed), CHUNK):
            got = store.rels_of_many(
                listed[i : i + CHUNK], direction="out", types=[RelType.LISTED_ON]
            )
            out.update({k: v[0] for k, v in got.items()})
        missing = {r.dst for rels in out.values() for r in rels} - set(self.nodes)
        return out, get_nodes(store, missing)

    def to_dict(self) -> dict[str, object]:
        return {
            "nodes": len(self.nodes),
            "relationships": len(self.rels),
            "depth": self.depth,
            "truncated": self.truncated or None,
        }


def arrays_of(rels: Sequence[Rel], nodes: Sequence[Node]) -> EdgeArrays:
    """``EdgeArrays`` for these relationships over these nodes (endpoints not among
    ``nodes`` are appended as companies)."""
    index: dict[str, int] = {}
    types: list[int] = []
    company = NODE_TYPE_ORDER.index(NodeType.COMPANY)
    for n in nodes:
        if n.id not in index:
            index[n.id] = len(index)
            types.append(NODE_TYPE_ORDER.index(n.type))
    for r in rels:
        for end in (r.src, r.dst):
            if end not in index:
                index[end] = len(index)
                types.append(company)
    roles = [-1 if r.role is None else ROLE_ORDER.index(r.role) for r in rels]
    return EdgeArrays(
        node_ids=list(index),
        node_types=np.array(types, dtype=np.int8),
        rel_type=np.array([REL_TYPE_ORDER.index(r.type) for r in rels], dtype=np.int8),
        src=np.array([index[r.src] for r in rels], dtype=np.int64),
        dst=np.array([index[r.dst] for r in rels], dtype=np.int64),
        share_lo=np.array([float(r.share.lo) if r.share else np.nan for r in rels]),
        share_hi=np.array([float(r.share.hi) if r.share else np.nan for r in rels]),
        share_exact=[share_text(r.share) for r in rels],
        start=np.array([r.start.toordinal() if r.start else 0 for r in rels], dtype=np.int32),
        end=np.array([r.end.toordinal() if r.end else MAX_DAY for r in rels], dtype=np.int32),
        role=np.array(roles, dtype=np.int8),
        rel_ids=[r.id for r in rels],
        kind=[str(r.props.get("kind") or r.props.get("basis") or "") for r in rels],
    )


class _Walk:
    def __init__(self, store: Store, root: str, as_of: date, max_nodes: int, up: bool) -> None:
        self.store = store
        self.sub = Subgraph(root, as_of, max_nodes=max_nodes, up=up)
        self.seen: dict[str, int] = {root: 0}
        self.max_nodes = max_nodes
        self.lists: set[str] = set()

    def add(self, node: str, depth: int, nxt: list[str]) -> None:
        if node in self.seen:
            return
        if len(self.seen) >= self.max_nodes:
            self.sub.truncated = self.sub.truncated or "nodes"
            return
        self.seen[node] = depth
        nxt.append(node)

    def fetch(
        self, nodes: list[str], direction: str, types: Sequence[RelType]
    ) -> list[tuple[str, Rel]]:
        if not nodes:
            return []
        got = self.store.rels_of_many(
            nodes, direction=direction, types=types, as_of=self.sub.as_of, cap=PAGE
        )
        out: list[tuple[str, Rel]] = []
        for node in nodes:
            rels, total = got.get(node, ([], 0))
            if total > len(rels) and not self.sub.truncated:
                self.sub.truncated, self.sub.cut_at = "links", node
            out.extend((node, r) for r in rels)
        return out


def _gather(
    store: Store,
    entity_id: str,
    as_of: date,
    *,
    up: bool,
    sanctions: bool,
    max_depth: int,
    max_nodes: int,
) -> Subgraph:
    root = resolve_id(store, entity_id)
    walk = _Walk(store, root, as_of, max_nodes, up)
    sub = walk.sub
    frontier = [root]
    types = [RelType.OWNS, RelType.CONTROLS] if sanctions else [RelType.OWNS]
    while frontier:
        if sub.depth >= max_depth:
            sub.truncated = sub.truncated or "depth"
            break
        sub.depth += 1
        nxt: list[str] = []
        for _, r in walk.fetch(frontier, "in" if up else "out", types):
            sub.rels[r.id] = r
            walk.add(r.src if up else r.dst, sub.depth, nxt)
        if sanctions:
            listed: list[str] = []
            for node, r in walk.fetch(frontier, "out", [RelType.LISTED_ON]):
                sub.rels[r.id] = r
                walk.lists.add(r.dst)
                listed.append(node)
            # UK groups: listed parties joined by a joint arrangement or by control
            # merge, even through listed parties that own nothing here.
            links = walk.fetch(
                list(dict.fromkeys(listed)), "both", [RelType.LINKED_TO, RelType.CONTROLS]
            )
            for node, r in links:
                if r.type is RelType.LINKED_TO and r.props.get("kind") != JOINT:
                    continue
                sub.rels[r.id] = r
                walk.add(r.dst if r.src == node else r.src, sub.depth, nxt)
        frontier = nxt
    sub.nodes = get_nodes(store, [*walk.seen, *sorted(walk.lists)])
    # Keep BFS order (root first) so the arrays are stable from run to run.
    order = {nid: i for i, nid in enumerate([*walk.seen, *sorted(walk.lists)])}
    sub.nodes = dict(sorted(sub.nodes.items(), key=lambda kv: order.get(kv[0], len(order))))
    return sub


def ancestors(
    store: Store,
    entity_id: str,
    as_of: date,
    *,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Subgraph:
    """Owners and controllers of ``entity_id`` (any alias) up the chain, their listings
    and the links between listed parties, in force on ``as_of``."""
    return _gather(
        store, entity_id, as_of, up=True, sanctions=True, max_depth=max_depth, max_nodes=max_nodes
    )


def ownership(
    store: Store,
    entity_id: str,
    as_of: date,
    *,
    up: bool,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> Subgraph:
    """The OWNS edges above (``up``) or below ``entity_id`` in force on ``as_of``."""
    return _gather(
        store, entity_id, as_of, up=up, sanctions=False, max_depth=max_depth, max_nodes=max_nodes
    )
