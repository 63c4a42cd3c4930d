"""Ownership as the Entity and Ownership-tree pages show it: direct stakes with their
look-through share, and the tree up to ultimate owners and down to subsidiaries.

Look-through shares come from ``graph.risk.lookthrough`` (integrated ownership, cycle
corrected) and are a metric shown as a percentage, never a legal threshold; one that
rests on a band or on a stake with no recorded share is shown as its interval and says
so (``lookthrough_text``).  Direct shares stay as recorded (``Share.as_text``, a band
with its open or closed ends), and a stake with no recorded share reads "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import networkx as nx

from graph.errors import NotFound
from graph.model import Node, RelType
from graph.risk.lookthrough import EXACT, Holding, owners, subsidiaries
from graph.risk.matrix import edge_share, valid_mask
from graph.share import Share
from graph.store.base import EdgeArrays, Store
from ui.entity_profile import resolve_node

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


@dataclass(slots=True)
class Tree:
    """The ownership tree around one entity: owners above it (``up``: the look-through
    share of the root each holds) and subsidiaries below it (``down``: the root's
    look-through share in each), with their levels (stakes between them and the root,
    negative above), the direct OWNS edges among the drawn nodes, and cycles.

    A company in a cross-holding cycle with the root both owns it and is owned by it:
    it is in ``up`` and in ``down``, each with its own share and level.
    """

    root: str
    nodes: dict[str, Node] = field(default_factory=dict)
    up: dict[str, float] = field(default_factory=dict)  # lower bound, for ordering
    down: dict[str, float] = field(default_factory=dict)
    up_label: dict[str, str] = field(default_factory=dict)  # look-through as shown
    down_label: dict[str, str] = field(default_factory=dict)
    up_level: dict[str, int] = field(default_factory=dict)
    down_level: dict[str, int] = field(default_factory=dict)
    ultimate: set[str] = field(default_factory=set)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (owner, owned, share text)
    cycles: list[list[str]] = field(default_factory=list)
    cut: int = 0  # owners or subsidiaries left out beyond the limit (the smallest)
    limit: int = TREE_LIMIT  # how many of each the tree draws
    hidden: int = 0  # owners or subsidiaries whose look-through share is below the threshold

    @property
    def ids(self) -> list[str]:
        return sorted({self.root, *self.up, *self.down})

    @property
    def in_cycle(self) -> set[str]:
        return {n for c in self.cycles for n in c}

    def upward(self) -> list[tuple[str, str, str]]:
        """The edges above the root: an owner's stake in the root or in another owner."""
        return [e for e in self.edges if e[0] in self.up and (e[1] == self.root or e[1] in self.up)]

    def downward(self) -> list[tuple[str, str, str]]:
        """The edges below the root: the root's or a subsidiary's stake in a subsidiary."""
        return [
            e for e in self.edges if (e[0] == self.root or e[0] in self.down) and e[1] in self.down
        ]


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
    node = resolve_node(store, entity_id)
    tree = Tree(root=node.id, limit=limit)
    up = holdings(edges, node.id, as_of, up=True, threshold=threshold)
    down = holdings(edges, node.id, as_of, up=False, threshold=threshold)
    tree.cut = max(0, len(up) - limit) + max(0, len(down) - limit)
    if threshold > 0:
        # Say what the threshold hides, so an empty tree is not taken for no links.
        every = len(holdings(edges, node.id, as_of, up=True))
        every += len(holdings(edges, node.id, as_of, up=False))
        tree.hidden = max(0, every - len(up) - len(down))
    up, down = up[:limit], down[:limit]
    owners = {h.entity for h in up}
    for h in up:
        tree.up[h.entity] = h.share
        tree.up_label[h.entity] = lookthrough_text(h, words)
        if h.ultimate and not _has_owner_in(edges, h.entity, owners):
            tree.ultimate.add(h.entity)
    tree.down = {h.entity: h.share for h in down}
    tree.down_label = {h.entity: lookthrough_text(h, words) for h in down}
    graph = _induced(edges, {node.id, *tree.up, *tree.down}, as_of, words)
    tree.edges = [(a, b, str(d["share"])) for a, b, d in graph.edges(data=True)]
    tree.cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    above = _levels(tree.upward(), node.id, tree.up, reverse=True)
    tree.up_level = {n: -lv for n, lv in above.items()}
    tree.down_level = _levels(tree.downward(), node.id, tree.down, reverse=False)
    tree.nodes = store.get_many(tree.ids)
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


def _levels(
    edges: list[tuple[str, str, str]], root: str, ids: Iterable[str], *, reverse: bool
) -> dict[str, int]:
    # Fewest stakes between the root and each node on its own side of the tree (owners
    # through owners, subsidiaries through subsidiaries); 1 when only trimmed nodes link them.
    graph: nx.DiGraph = nx.DiGraph((b, a) if reverse else (a, b) for a, b, _ in edges)
    graph.add_node(root)
    dist = nx.single_source_shortest_path_length(graph, root)
    return {n: max(1, dist.get(n, 1)) for n in ids}
