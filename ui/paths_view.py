"""Paths between two entities (查关系), each step with its relationship's evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.errors import NotFound
from graph.model import Node, NodeType, RelType
from graph.risk.paths import find_paths
from graph.store.base import Store
from ui.entity_profile import RelRow


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path: from ``a`` to ``b`` (path order), the relationship as stored."""

    a: str
    b: str
    row: RelRow  # seen from ``a``: direction "out" when a is the relationship's source

    @property
    def arrow(self) -> str:
        return "→" if self.row.direction == "out" else "←"

    @property
    def evidence(self) -> str:
        sources = sorted({f"{p.source}:{p.record_id}" for p in self.row.rel.provenance})
        return "; ".join(sources)


@dataclass(frozen=True, slots=True)
class PathView:
    nodes: tuple[Node, ...]
    steps: tuple[Step, ...]


def resolve_party(store: Store, text: str) -> Node:
    """The entity ``text`` names: any of its ids, else the best name match."""
    text = text.strip()
    node = store.get(text) if text else None
    if node is None and text:
        hits = store.search(text, limit=1)
        node = store.get(hits[0].id) if hits else None
    if node is None:
        raise NotFound(f"no entity matches {text!r}", id=text)
    return node


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
    ``candidates`` (``graph.risk.paths.find_paths``)."""
    found = find_paths(
        store, a, b, max_hops=max_hops, types=list(types) if types else None, as_of=as_of,
        limit=limit, candidates=candidates,
    )  # fmt: skip
    ids = sorted({n for p in found for n in p.nodes})
    nodes = store.get_many(ids) if ids else {}
    out = []
    for p in found:
        steps = []
        for i, rel in enumerate(p.rels):
            x, y = p.nodes[i], p.nodes[i + 1]
            other = nodes.get(y)
            row = RelRow(rel, "out" if rel.src == x else "in", y,
                         other.name if other else y, other.type.value if other else None,
                         on=as_of)  # fmt: skip
            steps.append(Step(x, y, row))
        out.append(
            PathView(
                tuple(nodes[n] if n in nodes else Node(n, NodeType.COMPANY, n) for n in p.nodes),
                tuple(steps),
            )
        )
    return out
