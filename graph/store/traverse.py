"""Neighbourhoods and shortest paths for any store, built on ``resolve``,
``get_many`` and ``rels_of_many`` only, so both backends share one logic.

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

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from graph.errors import InvalidInput, NotFound
from graph.model import Rel, RelType, Role
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
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidInput(f"hops must be between 1 and {MAX_HOPS}, not {hops}", hops=hops)
    if cap < 0 or max_nodes < 1:
        raise InvalidInput("cap must be >= 0 and max_nodes >= 1", cap=cap, max_nodes=max_nodes)
    center = _resolve(store, node_id)
    out = Neighbourhood(center=center, depth={center: 0})
    seen_rels: dict[str, Rel] = {}  # every rel fetched, also those past max_nodes
    frontier = [center]
    for d in range(1, hops + 1):
        if not frontier:
            break
        found = store.rels_of_many(frontier, types=types, roles=roles, as_of=as_of, cap=cap)
        nxt: list[str] = []
        for node in frontier:
            rels, total = found.get(node, ([], 0))
            shown = 0
            for rel in rels:
                seen_rels.setdefault(rel.id, rel)
                other = _other(rel, node)
                if other not in out.depth:
                    if len(out.depth) >= max_nodes:
                        continue
                    out.depth[other] = d
                    nxt.append(other)
                out.rels[rel.id] = rel
                shown += 1
            if shown < total:
                out.truncated[node] = (shown, total)
        frontier = nxt
    _count(store, out, seen_rels, types, roles, as_of)
    nodes = store.get_many(list(out.depth))
    out.nodes = {nid: nodes[nid] for nid in out.depth if nid in nodes}
    return out


def _count(
    store: Store,
    out: Neighbourhood,
    seen: dict[str, Rel],
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
) -> None:
    counts: dict[str, int] = {}
    for rel in seen.values():
        counts[rel.type.value] = counts.get(rel.type.value, 0) + 1
    cut = [n for n, (_, total) in out.truncated.items() if total > len(_fetched(seen, n))]
    if cut:
        # Only the capped nodes need counting per type; one round trip per type.
        for t in types if types is not None else tuple(RelType):
            totals = store.rels_of_many(cut, types=[t], roles=roles, as_of=as_of, cap=0)
            for node in cut:
                fetched = sum(1 for r in _fetched(seen, node) if r.type == t)
                hidden = totals.get(node, ([], 0))[1] - fetched
                if hidden > 0:
                    counts[RelType(t).value] = counts.get(RelType(t).value, 0) + hidden
    out.counts = counts


def _fetched(seen: dict[str, Rel], node: str) -> list[Rel]:
    return [r for r in seen.values() if node in (r.src, r.dst)]


def shortest_paths(
    store: Store,
    a: str,
    b: str,
    *,
    max_hops: int = 4,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    limit: int = 10,
) -> list[Path]:
    """All shortest undirected paths from ``a`` to ``b`` of at most ``max_hops``.

    Bidirectional breadth-first search, expanding the smaller frontier.  One path
    per distinct node sequence (parallel relationships: the first by type, then id),
    at most ``limit`` of them, in a stable order; ``[]`` when none is short enough.
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
                if other == node:
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
