"""Neighbourhoods and shortest paths for any store, built on ``resolve``,
``get_many`` and ``rels_of_many`` only, so both backends share one logic.

The neighbourhood search itself (``ego``) reads through an ``EgoSource``: over the
protocol here, over row ids and covering indexes in ``graph.store.sqlite_ego``.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x) for x in "abc"])
>>> _ = s.upsert_rels([Rel("ab", RelType.OWNS, "a", "b"), Rel("cb", RelType.OWNS, "c", "b")])
>>> [p.nodes for p in shortest_paths(s, "a", "c")]
[('a', 'b', 'c')]
>>> sorted(neighbourhood(s, "a", hops=2).nodes)
['a', 'b', 'c']
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar

from graph.errors import InvalidInput, NotFound
from graph.model import Node, Rel, RelType, Role
from graph.store.base import MAX_HOPS, Neighbourhood, Path

if TYPE_CHECKING:
    from graph.store.base import Store

MAX_PATH_HOPS = 10


def _resolve(store: Store, node_id: str) -> str:
    canonical = store.resolve(node_id)
    if canonical is None:
        raise NotFound(f"no entity with id {node_id!r}", id=node_id)
    return canonical


def _other(rel: Rel, node: str) -> str:
    return rel.dst if rel.src == node else rel.src


def check_ego_args(hops: int, cap: int, max_nodes: int) -> None:
    """Raise ``InvalidInput`` for arguments no neighbourhood accepts."""
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidInput(f"hops must be between 1 and {MAX_HOPS}, not {hops}", hops=hops)
    if cap < 0 or max_nodes < 1:
        raise InvalidInput("cap must be >= 0 and max_nodes >= 1", cap=cap, max_nodes=max_nodes)


K = TypeVar("K", bound=Hashable)
# (relationship id, type value, source key, target key): what the breadth-first search
# needs of a relationship.  Keys are whatever the source names nodes by.
Link: TypeAlias = tuple[str, str, K, K]


class EgoSource(Protocol[K]):
    """What ``ego`` reads, filters (types, roles, as_of) already bound.

    ``expand`` gives each frontier node up to ``cap`` links (by type, then id) and the
    total that match; ``type_totals`` the matching links per type value of expanded
    nodes; ``finish`` the canonical ids and nodes of keys and the full relationships.
    """

    def expand(self, frontier: list[K], cap: int) -> dict[K, tuple[list[Link[K]], int]]: ...

    def type_totals(self, nodes: list[K], types: list[str]) -> dict[K, dict[str, int]]: ...

    def finish(
        self, keys: list[K], rel_ids: list[str]
    ) -> tuple[dict[K, str], dict[K, Node], dict[str, Rel]]: ...


class _StoreSource:
    """``EgoSource`` over the protocol: ``rels_of_many`` per hop, keys are canonical ids."""

    def __init__(
        self,
        store: Store,
        types: Sequence[RelType] | None,
        roles: Sequence[Role] | None,
        as_of: date | None,
    ) -> None:
        self.store, self.types, self.roles, self.as_of = store, types, roles, as_of
        self.rels: dict[str, Rel] = {}

    def expand(self, frontier: list[str], cap: int) -> dict[str, tuple[list[Link[str]], int]]:
        found = self.store.rels_of_many(
            frontier, types=self.types, roles=self.roles, as_of=self.as_of, cap=cap
        )
        out: dict[str, tuple[list[Link[str]], int]] = {}
        for node, (rels, total) in found.items():
            for rel in rels:
                self.rels.setdefault(rel.id, rel)
            out[node] = ([(r.id, r.type.value, r.src, r.dst) for r in rels], total)
        return out

    def type_totals(self, nodes: list[str], types: list[str]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {n: {} for n in nodes}
        # One round trip per type, counting only.
        for t in dict.fromkeys(types):
            found = self.store.rels_of_many(
                nodes, types=[RelType(t)], roles=self.roles, as_of=self.as_of, cap=0
            )
            for node in nodes:
                out[node][t] = found.get(node, ([], 0))[1]
        return out

    def finish(
        self, keys: list[str], rel_ids: list[str]
    ) -> tuple[dict[str, str], dict[str, Node], dict[str, Rel]]:
        return {k: k for k in keys}, self.store.get_many(keys), self.rels


def neighbourhood(
    store: Store,
    node_id: str,
    *,
    hops: int = 1,
    types: Sequence[RelType] | None = None,
    roles: Sequence[Role] | None = None,
    as_of: date | None = None,
    cap: int = 50,
    max_nodes: int = 500,
) -> Neighbourhood:
    """Breadth-first ego network of 1 to 3 hops.

    Each expanded node shows at most ``cap`` of its relationships (stable order)
    and is listed in ``truncated`` with ``(shown, total)`` when it has more; no
    more than ``max_nodes`` nodes are added.  ``counts`` holds the relationships
    per type touching the expanded nodes before caps.
    """
    check_ego_args(hops, cap, max_nodes)
    center = _resolve(store, node_id)
    source = _StoreSource(store, types, roles, as_of)
    return ego(source, center, hops=hops, types=types, cap=cap, max_nodes=max_nodes)


def ego(
    source: EgoSource[K],
    center: K,
    *,
    hops: int,
    types: Sequence[RelType] | None,
    cap: int,
    max_nodes: int,
) -> Neighbourhood:
    """The breadth-first search of ``neighbourhood`` over any ``EgoSource``: the one
    logic both backends and the SQLite fast path share (arguments already checked)."""
    depth: dict[K, int] = {center: 0}
    shown_ids: dict[str, None] = {}  # in the order shown
    seen: dict[str, Link[K]] = {}  # every link fetched, also those past max_nodes
    truncated: dict[K, tuple[int, int]] = {}
    frontier = [center]
    for d in range(1, hops + 1):
        if not frontier:
            break
        found = source.expand(frontier, cap)
        nxt: list[K] = []
        for node in frontier:
            links, total = found.get(node, ([], 0))
            shown = 0
            for link in links:
                seen.setdefault(link[0], link)
                other = link[3] if link[2] == node else link[2]
                if other not in depth:
                    if len(depth) >= max_nodes:
                        continue
                    depth[other] = d
                    nxt.append(other)
                shown_ids[link[0]] = None
                shown += 1
            if shown < total:
                truncated[node] = (shown, total)
        frontier = nxt
    counts = _count(source, seen, truncated, types)
    keys = list(depth)
    ids, nodes, rels = source.finish(keys, list(shown_ids))
    return Neighbourhood(
        center=ids[center],
        nodes={ids[k]: nodes[k] for k in keys if k in nodes},
        # A link whose other end has no node (a damaged file) is left out, not fatal.
        rels={r: rels[r] for r in shown_ids if r in rels},
        counts=counts,
        truncated={ids[k]: v for k, v in truncated.items() if k in ids},
        depth={ids[k]: v for k, v in depth.items() if k in ids},
    )


def _count(
    source: EgoSource[K],
    seen: dict[str, Link[K]],
    truncated: dict[K, tuple[int, int]],
    types: Sequence[RelType] | None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    fetched: dict[K, dict[str, int]] = {}  # node -> type -> links fetched touching it
    for _, t, src, dst in seen.values():
        counts[t] = counts.get(t, 0) + 1
        for n in (src,) if src == dst else (src, dst):
            per = fetched.setdefault(n, {})
            per[t] = per.get(t, 0) + 1
    cut = [n for n, (_, total) in truncated.items() if total > sum(fetched.get(n, {}).values())]
    if not cut:
        return counts
    # Only the capped nodes need counting per type.
    wanted = [RelType(t).value for t in types] if types is not None else [t.value for t in RelType]
    totals = source.type_totals(cut, wanted)
    for t in wanted:
        for node in cut:
            hidden = totals.get(node, {}).get(t, 0) - fetched.get(node, {}).get(t, 0)
            if hidden > 0:
                counts[t] = counts.get(t, 0) + hidden
    return counts


def shortest_paths(
    store: Store,
    a: str,
    b: str,
    *,
    max_hops: int = 4,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    limit: int = 10,
    skip_kinds: Collection[str] = (),
) -> list[Path]:
    """All shortest undirected paths from ``a`` to ``b`` of at most ``max_hops``.

    Bidirectional breadth-first search, expanding the smaller frontier.  One path
    per distinct node sequence (parallel relationships: the first by type, then id),
    at most ``limit`` of them, in a stable order; ``[]`` when none is short enough.
    Relationships whose ``props["kind"]`` is in ``skip_kinds`` are not followed
    (``graph.model.MATCH_KINDS``: entity-resolution candidates are no links).
    """
    if not 1 <= max_hops <= MAX_PATH_HOPS:
        raise InvalidInput(
            f"max_hops must be between 1 and {MAX_PATH_HOPS}, not {max_hops}", max_hops=max_hops
        )
    src, dst = _resolve(store, a), _resolve(store, b)
    if src == dst:
        return [Path((src,), ())]
    # side -> node -> distance, and node -> [(previous node, rel)] toward that side's root
    dist: tuple[dict[str, int], dict[str, int]] = ({src: 0}, {dst: 0})
    pred: tuple[dict[str, list[tuple[str, Rel]]], dict[str, list[tuple[str, Rel]]]] = ({}, {})
    frontier: tuple[list[str], list[str]] = ([src], [dst])
    depth = [0, 0]
    while frontier[0] and frontier[1] and depth[0] + depth[1] < max_hops:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        d = depth[side] + 1
        found = store.rels_of_many(frontier[side], types=types, as_of=as_of)
        nxt: list[str] = []
        for node in frontier[side]:
            for rel in found.get(node, ([], 0))[0]:
                other = _other(rel, node)
                if other == node or (skip_kinds and rel.props.get("kind") in skip_kinds):
                    continue
                known = dist[side].get(other)
                if known is None:
                    dist[side][other] = d
                    pred[side][other] = [(node, rel)]
                    nxt.append(other)
                elif known == d and all(p != node for p, _ in pred[side][other]):
                    pred[side][other].append((node, rel))
        frontier[side][:] = nxt
        depth[side] = d
        meet = [n for n in dist[0] if n in dist[1]]
        if meet:
            best = min(dist[0][n] + dist[1][n] for n in meet)
            middles = sorted(n for n in meet if dist[0][n] + dist[1][n] == best)
            return _assemble(middles, pred, limit)
    return []


def _assemble(
    middles: list[str],
    pred: tuple[dict[str, list[tuple[str, Rel]]], dict[str, list[tuple[str, Rel]]]],
    limit: int,
) -> list[Path]:
    seen: dict[tuple[str, ...], Path] = {}
    for m in middles:
        for left_nodes, left_rels in _walks(m, pred[0]):
            for right_nodes, right_rels in _walks(m, pred[1]):
                nodes = (*reversed(left_nodes), *right_nodes[1:])
                if nodes not in seen:
                    seen[nodes] = Path(nodes, (*reversed(left_rels), *right_rels))
                    if len(seen) >= limit:
                        return list(seen.values())
    return list(seen.values())


def _walks(
    start: str, pred: dict[str, list[tuple[str, Rel]]]
) -> Iterator[tuple[tuple[str, ...], tuple[Rel, ...]]]:
    """Every walk from ``start`` back to the root along predecessor links, lazily
    (the number of shortest paths can grow exponentially; ``limit`` stops early)."""
    if start not in pred:
        yield (start,), ()
        return
    for prev, rel in pred[start]:
        for nodes, rels in _walks(prev, pred):
            yield (start, *nodes), (rel, *rels)
