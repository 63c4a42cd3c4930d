"""Ownership as the Entity and Ownership-tree pages show it: direct stakes with their
look-through share, and the tree up to ultimate owners and down to subsidiaries.

Look-through shares come from ``graph.risk.lookthrough`` (integrated ownership, cycle
corrected) and are a metric shown as a percentage, never a legal threshold; one that
rests on a band or on a stake with no recorded share is shown as its interval and says
so (``lookthrough_text``).  Direct shares stay as recorded (``Share.as_text``, a band
with its open or closed ends), and a stake with no recorded share reads "unknown".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import networkx as nx

from graph.errors import NotFound
from graph.model import Node, RelType
from graph.risk.lookthrough import EXACT, Holding, owners, subsidiaries
from graph.risk.matrix import edge_share, valid_mask
from graph.risk.subgraph import resolve_id
from graph.share import Share
from graph.store.base import EdgeArrays, Store

# The tree draws at most this many owners and as many subsidiaries, largest first.
TREE_LIMIT = 150


def owns_edges(store: Store, as_of: date) -> EdgeArrays:
    """The OWNS edges in force on ``as_of`` (the pages cache this per store and day)."""
    return store.export_edges([RelType.OWNS], as_of=as_of)


def percent(x: float) -> str:
    """A look-through share as percent text, two decimals.

    >>> percent(0.525), percent(1.0), percent(0.0)
    ('52.50%', '100.00%', '0.00%')
    """
    return f"{x * 100:.2f}%"


# Words for what an interval rests on; the pages pass their translations.
WORDS = {"unknown": "unknown", "range": "range"}


def share_label(share: Share | None, words: Mapping[str, str] = WORDS) -> str:
    """A recorded direct share as text: exact, a band with its ends, or unknown.

    >>> share_label(Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)), share_label(None)
    ('(25-50%', 'unknown')
    """
    return share.as_text() if share is not None else words["unknown"]


def lookthrough_text(h: Holding, words: Mapping[str, str] = WORDS) -> str:
    """A look-through share: a point, or the interval with what it rests on.

    >>> lookthrough_text(Holding("A", 0.0, 1.0, 0.0, Fraction(0), (), True, basis="unknown"))
    '0.00-100.00% (unknown)'
    """
    if h.basis == EXACT and h.share_hi <= h.share + 1e-12:
        return percent(h.share)
    note = f" ({words[h.basis]})" if h.basis in words else ""
    return f"{percent(h.share)[:-1]}-{percent(h.share_hi)}{note}"


def holdings(
    edges: EdgeArrays, entity_id: str, as_of: date, *, up: bool, threshold: Fraction = Fraction(0)
) -> list[Holding]:
    """Owners (``up``) or subsidiaries of ``entity_id`` by look-through share, largest
    first; [] when the entity has no ownership links that day."""
    try:
        if up:
            return owners(edges, entity_id, threshold, as_of).holdings
        return subsidiaries(edges, entity_id, threshold, as_of).holdings
    except NotFound:
        return []


@dataclass(slots=True)
class Tree:
    """The ownership tree around one entity: levels (< 0 owners, > 0 subsidiaries),
    look-through shares, direct OWNS edges among the drawn nodes, cycles."""

    root: str
    nodes: dict[str, Node] = field(default_factory=dict)
    level: dict[str, int] = field(default_factory=dict)
    share: dict[str, float] = field(default_factory=dict)  # lower bound, for ordering
    label: dict[str, str] = field(default_factory=dict)  # look-through as shown
    ultimate: set[str] = field(default_factory=set)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (owner, owned, share text)
    cycles: list[list[str]] = field(default_factory=list)
    cut: int = 0  # owners or subsidiaries left out beyond TREE_LIMIT

    @property
    def in_cycle(self) -> set[str]:
        return {n for c in self.cycles for n in c}


def ownership_tree(
    store: Store,
    edges: EdgeArrays,
    entity_id: str,
    as_of: date,
    *,
    threshold: Fraction = Fraction(0),
    limit: int = TREE_LIMIT,
    words: Mapping[str, str] = WORDS,
) -> Tree:
    """Owners above ``entity_id`` and subsidiaries below it whose look-through share
    reaches ``threshold``, with the direct stakes that connect them."""
    # A bare USCC, LEI or register number answers as it does for exposure and paths.
    node = store.get(resolve_id(store, entity_id))
    if node is None:  # resolved but gone: a concurrent delete
        raise NotFound(f"no entity with id {entity_id!r}", id=entity_id)
    tree = Tree(root=node.id)
    up = holdings(edges, node.id, as_of, up=True, threshold=threshold)
    down = holdings(edges, node.id, as_of, up=False, threshold=threshold)
    tree.cut = max(0, len(up) - limit) + max(0, len(down) - limit)
    up, down = up[:limit], down[:limit]
    for h in up:
        tree.share[h.entity] = h.share
        tree.label[h.entity] = lookthrough_text(h, words)
        if h.ultimate and not _has_owner_in(edges, h.entity, {x.entity for x in up}):
            tree.ultimate.add(h.entity)
    for h in down:
        if h.entity not in tree.share:
            tree.share[h.entity] = h.share
            tree.label[h.entity] = lookthrough_text(h, words)
    ids = {node.id, *(h.entity for h in up), *(h.entity for h in down)}
    graph = _induced(edges, ids, as_of, words)
    tree.edges = [(a, b, str(d["share"])) for a, b, d in graph.edges(data=True)]
    tree.cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    tree.level = _levels(graph, node.id, {h.entity for h in up}, {h.entity for h in down})
    tree.nodes = store.get_many(sorted(ids))
    return tree


def _has_owner_in(edges: EdgeArrays, entity: str, among: set[str]) -> bool:
    index = edges.index()
    j = index.get(entity)
    if j is None:
        return False
    srcs = edges.src[edges.dst == j]
    return any(edges.node_ids[int(s)] in among for s in srcs)


def _induced(edges: EdgeArrays, ids: set[str], as_of: date, words: Mapping[str, str]) -> nx.DiGraph:
    graph: nx.DiGraph = nx.DiGraph()
    graph.add_nodes_from(ids)
    mask = valid_mask(edges, as_of, RelType.OWNS)
    for k in mask.nonzero()[0].tolist():
        a, b = edges.node_ids[int(edges.src[k])], edges.node_ids[int(edges.dst[k])]
        if a in ids and b in ids and a != b:
            graph.add_edge(a, b, share=share_label(edge_share(edges, k), words))
    return graph


def _levels(graph: nx.DiGraph, root: str, up: set[str], down: set[str]) -> dict[str, int]:
    # Shortest number of stakes between the root and each node; owners above (negative).
    level = {root: 0}
    above = nx.single_source_shortest_path_length(graph.reverse(copy=False), root)
    below = nx.single_source_shortest_path_length(graph, root)
    for n in up:
        level[n] = -above.get(n, 1)
    for n in down:
        if n not in level:
            level[n] = below.get(n, 1)
    return level
