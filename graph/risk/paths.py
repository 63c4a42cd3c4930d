"""``credgraph path A B``: the shortest paths between two entities, every edge explained.

Paths come from ``store.shortest_paths`` (undirected, relationships in force on
``as_of``); each edge is reported with its type, its direction along the path,
role, share (exact and as text), dates and provenance, and each node with its
name, so an investigator can cite where every link came from.

By default only relationships between parties are followed (``PARTY_RELS``): two
entries of one sanctions list are not connected through the List node, so
LISTED_ON, ISSUED_BY, TRIGGERS and IMPLEMENTED_BY are followed only when asked
for by type.  Entity-resolution candidates ("possibly same as", pending review) are
no real-world link and are followed only with ``candidates=True``; a rejection
("not the same") records that two entities differ and is never followed.

Two parties are often linked more than once (an officer who is also the owner, a stake
recorded per period).  The search keeps one relationship per hop (``edges``, the first
by type, then id); ``parallel`` gives for each hop every other relationship of the
followed types between the same two parties, in force on ``as_of``, so that a path
showing an office does not hide a 51% stake.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x.upper()) for x in "abc"])
>>> _ = s.upsert_rels([Rel("ab", RelType.OWNS, "a", "b", share=Share.exact("1/2")),
...                    Rel("cb", RelType.OWNS, "c", "b")])
>>> rep = path_report(s, "a", "c", as_of=date(2026, 1, 1))
>>> [(e["type"], e["direction"], e["share"]) for e in rep["paths"][0]["edges"]]
[('OWNS', 'forward', '1/2'), ('OWNS', 'backward', None)]
>>> _ = s.upsert_rels([Rel("ab2", RelType.OFFICER_OF, "a", "b")])
>>> rep = path_report(s, "a", "c", as_of=date(2026, 1, 1))
>>> [[e["type"] for e in hop] for hop in rep["paths"][0]["parallel"]]
[['OWNS'], []]
>>> rep["paths"][0]["edges"][0]["type"]
'OFFICER_OF'
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from graph.model import MATCH_KINDS, NOT_SAME_AS, PARTY_RELS, Node, Rel, RelType
from graph.risk.subgraph import get_nodes, resolve_id
from graph.store.base import REL_TYPE_ORDER, Path, Store
from graph.store.rows import share_text

REL_TYPE_INDEX = {t: i for i, t in enumerate(REL_TYPE_ORDER)}


def _node(nid: str, nodes: dict[str, Node]) -> dict[str, Any]:
    n = nodes.get(nid)
    return {"id": nid, "name": n.name if n else nid, "type": n.type.value if n else None}


def edge_dict(rel: Rel, forward: bool) -> dict[str, Any]:
    """One relationship as the path report shows it."""
    s = rel.share
    return {
        "id": rel.id,
        "type": rel.type.value,
        "src": rel.src,
        "dst": rel.dst,
        "direction": "forward" if forward else "backward",
        "role": rel.role.value if rel.role else None,
        # As the store writes it: a band keeps its open ends ("(1/4,1/2]").
        "share": share_text(s) or None,
        "share_text": s.as_text() if s is not None else None,
        "start": rel.start.isoformat() if rel.start else None,
        "end": rel.end.isoformat() if rel.end else None,
        "kind": rel.props.get("kind") or rel.props.get("basis"),
        "provenance": [p.to_dict() for p in rel.provenance],
    }


def _path(
    p: Path, nodes: dict[str, Node], between: dict[frozenset[str], list[Rel]]
) -> dict[str, Any]:
    edges = [edge_dict(r, r.src == p.nodes[i]) for i, r in enumerate(p.rels)]
    return {
        "length": len(p),
        "nodes": [_node(x, nodes) for x in p.nodes],
        "edges": edges,
        "parallel": [
            [edge_dict(o, o.src == p.nodes[i]) for o in others]
            for i, others in enumerate(parallel_rels(p, between))
        ],
    }


def _skip_kinds(candidates: bool) -> frozenset[str]:
    return frozenset({NOT_SAME_AS}) if candidates else MATCH_KINDS


def rels_between(
    store: Store,
    paths: Sequence[Path],
    *,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    candidates: bool = False,
) -> dict[frozenset[str], list[Rel]]:
    """Every relationship the path search would follow between the two ends of each hop
    of ``paths``, by the pair of ends (stable order: type, then id).

    One count and one fetch for all hops: of each hop's two ends the one with fewer
    relationships is asked (a hub's thousands of links are not read for one hop)."""
    pairs = {frozenset(p.nodes[i : i + 2]) for p in paths for i in range(len(p))}
    if not pairs:
        return {}
    followed = followed_types(types)
    ends = sorted({x for pair in pairs for x in pair})
    totals = store.rels_of_many(ends, types=followed, as_of=as_of, cap=0)
    ask = sorted({min(sorted(pair), key=lambda n: totals.get(n, ([], 0))[1]) for pair in pairs})
    skip: Collection[str] = _skip_kinds(candidates)
    out: dict[frozenset[str], list[Rel]] = {pair: [] for pair in pairs}
    seen: set[str] = set()
    for rels, _ in store.rels_of_many(ask, types=followed, as_of=as_of).values():
        for r in rels:
            key = frozenset((r.src, r.dst))
            if key in out and r.id not in seen and r.props.get("kind") not in skip:
                seen.add(r.id)
                out[key].append(r)
    for rels in out.values():
        rels.sort(key=lambda r: (REL_TYPE_INDEX[r.type], r.id))
    return out


def parallel_rels(p: Path, between: dict[frozenset[str], list[Rel]]) -> list[list[Rel]]:
    """Per hop of ``p``: the relationships between its two ends other than the one the
    path took (``rels_between``)."""
    return [
        [o for o in between.get(frozenset(p.nodes[i : i + 2]), []) if o.id != r.id]
        for i, r in enumerate(p.rels)
    ]


def followed_types(types: Sequence[RelType] | None) -> list[RelType]:
    """The relationship types a path search follows: those given, else ``PARTY_RELS``."""
    return list(types) if types else list(PARTY_RELS)


def find_paths(
    store: Store,
    a: str,
    b: str,
    *,
    max_hops: int = 4,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    limit: int = 10,
    candidates: bool = False,
) -> list[Path]:
    """Shortest paths between parties (see the module docstring for what is followed)."""
    skip = _skip_kinds(candidates)
    return store.shortest_paths(
        a, b, max_hops=max_hops, types=followed_types(types), as_of=as_of, limit=limit,
        skip_kinds=skip,
    )  # fmt: skip


def path_report(
    store: Store,
    a: str,
    b: str,
    *,
    max_hops: int = 4,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    limit: int = 10,
    candidates: bool = False,
) -> dict[str, Any]:
    """``{"from", "to", "as_of", "max_hops", "types", "candidates", "paths"}``; ``types``
    are those followed, ``paths`` is empty when no path of at most ``max_hops`` exists.
    Each path has one relationship per hop in ``edges`` and, per hop, the other
    relationships between the same two parties in ``parallel`` (``rels_between``).
    Raises ``NotFound`` for an unknown id and ``InvalidInput`` for ``max_hops`` outside
    1..10."""
    day = as_of or date.today()
    src, dst = resolve_id(store, a), resolve_id(store, b)
    paths = find_paths(
        store, src, dst, max_hops=max_hops, types=types, as_of=day, limit=limit,
        candidates=candidates,
    )  # fmt: skip
    nodes = get_nodes(store, {src, dst} | {x for p in paths for x in p.nodes})
    between = rels_between(store, paths, types=types, as_of=day, candidates=candidates)
    return {
        "from": _node(src, nodes),
        "to": _node(dst, nodes),
        "as_of": day.isoformat(),
        "max_hops": max_hops,
        "types": [t.value for t in followed_types(types)],
        "candidates": candidates,
        "paths": [_path(p, nodes, between) for p in paths],
    }
