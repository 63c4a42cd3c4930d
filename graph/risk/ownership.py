"""``credgraph owners`` / ``subsidiaries``: look-through ownership of one entity from a store.

The OWNS edges above (owners) or below (subsidiaries) the entity are gathered
frontier by frontier (``subgraph.ownership``) and ``lookthrough.owners`` /
``subsidiaries`` solve integrated ownership on that small set.  Shares are a
metric, never a legal test (DOMAIN.md §10.4).

Output shares: ``share`` is the cycle-corrected look-through fraction in [0, 1]
as a decimal string of at most 6 places (it comes from a sparse solve, so it is
not exact); ``share_percent`` the same in percent; ``share_hi`` the upper bound
when recorded ranges make it an interval.  ``direct_share`` is exact
(``"num/den"``) because it is read from one recorded edge.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x) for x in ("A", "B1", "B2", "C")])
>>> _ = s.upsert_rels([Rel("1", RelType.OWNS, "A", "B1", share=Share.exact(1)),
...     Rel("2", RelType.OWNS, "A", "B2", share=Share.exact("4/5")),
...     Rel("3", RelType.OWNS, "B1", "C", share=Share.exact("1/5")),
...     Rel("4", RelType.OWNS, "B2", "C", share=Share.exact("2/5"))])
>>> rep = owners(s, "C", as_of=date(2026, 1, 1)).to_dict()
>>> [(o["id"], o["share"], o["share_percent"], o["direct_share"]) for o in rep["owners"]]
[('A', '0.52', '52%', None), ('B2', '0.4', '40%', '2/5')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from graph.risk import lookthrough
from graph.risk.explanation import pct
from graph.risk.lookthrough import Holding, Lookthrough
from graph.risk.subgraph import MAX_DEPTH, MAX_NODES, Subgraph, get_nodes, ownership
from graph.store.base import Store

METHOD = (
    "integrated ownership (I-W)^-1 W with cycle correction D^-1 over the entity's "
    "ownership subgraph; a metric, not a legal test"
)


def decimal(x: float, places: int = 6) -> str:
    """A float as a short decimal string.

    >>> decimal(0.52), decimal(1/3), decimal(0.0)
    ('0.52', '0.333333', '0')
    """
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(slots=True)
class OwnershipReport:
    entity: dict[str, str]
    as_of: date
    direction: str  # "owners" or "subsidiaries"
    threshold: Fraction
    holdings: list[dict[str, Any]] = field(default_factory=list)
    degenerate: list[str] = field(default_factory=list)
    subgraph: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": dict(self.entity),
            "as_of": self.as_of.isoformat(),
            "direction": self.direction,
            "threshold": str(self.threshold),
            "threshold_percent": pct(self.threshold),
            "method": METHOD,
            self.direction: list(self.holdings),
            "degenerate": list(self.degenerate),
            "subgraph": dict(self.subgraph),
        }


def _holding(h: Holding, sub: Subgraph) -> dict[str, Any]:
    node = sub.nodes.get(h.entity)
    row: dict[str, Any] = {
        "id": h.entity,
        "name": node.name if node else h.entity,
        "type": node.type.value if node else None,
        "share": decimal(h.share),
        "share_percent": decimal(h.share * 100, 4) + "%",
        "share_hi": decimal(h.share_hi) if h.share_hi > h.share + 1e-12 else None,
        "direct_share": None if h.direct is None else str(h.direct),
        "direct_percent": None if h.direct is None else pct(h.direct),
        "paths": [list(p) for p in h.paths],
        "path_names": [[sub.nodes[x].name if x in sub.nodes else x for x in p] for p in h.paths],
        "ultimate": h.ultimate,
    }
    return row


def _report(sub: Subgraph, lt: Lookthrough, direction: str, threshold: Fraction) -> OwnershipReport:
    root = sub.nodes[sub.root]
    return OwnershipReport(
        entity={"id": root.id, "name": root.name, "type": root.type.value},
        as_of=lt.as_of,
        direction=direction,
        threshold=threshold,
        holdings=[_holding(h, sub) for h in lt.holdings],
        degenerate=list(lt.degenerate),
        subgraph=sub.to_dict(),
    )


def _run(
    store: Store,
    entity_id: str,
    threshold: Fraction,
    as_of: date | None,
    up: bool,
    k: int,
    max_depth: int,
    max_nodes: int,
) -> OwnershipReport:
    day = as_of or date.today()
    sub = ownership(store, entity_id, day, up=up, max_depth=max_depth, max_nodes=max_nodes)
    if sub.root not in sub.nodes:
        sub.nodes.update(get_nodes(store, [sub.root]))
    edges = sub.edges()
    fn = lookthrough.owners if up else lookthrough.subsidiaries
    lt = fn(edges, sub.root, threshold, day, k)
    return _report(sub, lt, "owners" if up else "subsidiaries", threshold)


def owners(
    store: Store,
    entity_id: str,
    threshold: Fraction = Fraction(1, 4),
    as_of: date | None = None,
    *,
    k: int = lookthrough.MAX_PATHS,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> OwnershipReport:
    """Owners of ``entity_id`` (any alias) whose look-through share reaches ``threshold``."""
    return _run(store, entity_id, threshold, as_of, True, k, max_depth, max_nodes)


def subsidiaries(
    store: Store,
    entity_id: str,
    threshold: Fraction = Fraction(0),
    as_of: date | None = None,
    *,
    k: int = lookthrough.MAX_PATHS,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> OwnershipReport:
    """Entities ``entity_id`` owns through the network, by look-through share."""
    return _run(store, entity_id, threshold, as_of, False, k, max_depth, max_nodes)
