"""Paths between two entities (查关系), each step with its relationship's evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.errors import NotFound
from graph.model import Node, NodeType, Rel, RelType
from graph.risk.paths import find_paths, parallel_rels, rels_between
from graph.store.base import Store
from ui.entity_profile import RelRow, resolve_node


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path: from ``a`` to ``b`` (path order), the relationship as stored."""

    a: str
    b: str
    row: RelRow  # seen from ``a``: direction "out" when a is the relationship's source
    # The other relationships of the followed types between ``a`` and ``b`` (an owner who
    # is also an officer), as ``credgraph path`` gives them in "parallel".
    parallel: tuple[RelRow, ...] = ()

    @property
    def arrow(self) -> str:
        return arrow(self.row)

    @property
    def evidence(self) -> str:
        return evidence(self.row)

    @property
    def rows(self) -> tuple[RelRow, ...]:
        """The path's relationship, then the parallel ones."""
        return (self.row, *self.parallel)


def arrow(row: RelRow) -> str:
    return "→" if row.direction == "out" else "←"


def evidence(row: RelRow) -> str:
    """Where a relationship comes from: ``source:record`` of each of its sources."""
    return "; ".join(sorted({f"{p.source}:{p.record_id}" for p in row.rel.provenance}))


@dataclass(frozen=True, slots=True)
class PathView:
    nodes: tuple[Node, ...]
    steps: tuple[Step, ...]


def resolve_party(store: Store, text: str) -> Node:
    """The entity ``text`` names: any of its ids (resolved as every page resolves them,
    ``ui.entity_profile.resolve_node``), else the best name match.  When neither answers
    and the text is an invalid USCC or LEI, the error says why."""
    text = text.strip()
    missed: NotFound | None = None
    if text:
        try:
            return resolve_node(store, text)
        except NotFound as exc:
            missed = exc
        hits = store.search(text, limit=1)
        node = store.get(hits[0].id) if hits else None
        if node is not None:
            return node
    if missed is not None and missed.data.get("hint") is not None:
        raise missed
    raise NotFound(f"no entity matches {text!r}", id=text)


def path_views(
    store: Store,
    a: str,
    b: str,
    *,
    max_hops: int = 4,
    types: Sequence[RelType] | None = None,
    as_of: date | None = None,
    limit: int = 10,
    candidates: bool = False,
) -> list[PathView]:
    """The shortest paths between ``a`` and ``b`` (any ids), with names and evidence.

    As ``credgraph path``: without ``types`` only relationships between parties are
    followed (not a shared list, agency or measure), and match candidates only when
    ``candidates`` (``graph.risk.paths.find_paths``).  Each step carries the other
    relationships between its two parties (``graph.risk.paths.rels_between``)."""
    found = find_paths(
        store, a, b, max_hops=max_hops, types=list(types) if types else None, as_of=as_of,
        limit=limit, candidates=candidates,
    )  # fmt: skip
    ids = sorted({n for p in found for n in p.nodes})
    nodes = store.get_many(ids) if ids else {}
    between = rels_between(
        store, found, types=list(types) if types else None, as_of=as_of, candidates=candidates
    )

    def row(rel: Rel, x: str, y: str) -> RelRow:
        other = nodes.get(y)
        return RelRow(rel, "out" if rel.src == x else "in", y,
                      other.name if other else y, other.type.value if other else None,
                      on=as_of)  # fmt: skip

    out = []
    for p in found:
        steps = []
        for i, (rel, others) in enumerate(zip(p.rels, parallel_rels(p, between), strict=True)):
            x, y = p.nodes[i], p.nodes[i + 1]
            steps.append(Step(x, y, row(rel, x, y), tuple(row(o, x, y) for o in others)))
        out.append(
            PathView(
                tuple(nodes[n] if n in nodes else Node(n, NodeType.COMPANY, n) for n in p.nodes),
                tuple(steps),
            )
        )
    return out
