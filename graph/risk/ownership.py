"""``credgraph owners`` / ``subsidiaries``: look-through ownership of one entity from a store.

The OWNS edges above (owners) or below (subsidiaries) the entity are gathered
frontier by frontier (``subgraph.ownership``) and ``lookthrough.owners`` /
``subsidiaries`` solve integrated ownership on that small set.  Shares are a
metric, never a legal test (DOMAIN.md §10.4).

Output shares: ``share`` is the cycle-corrected look-through fraction in [0, 1]
as a decimal string of at most 6 places (it comes from a sparse solve, so it is
not exact); ``share_percent`` the same in percent; ``share_hi`` (and
``share_hi_percent``) the upper bound when the figure is an interval;
``share_basis`` says what it rests on: ``exact`` shares only, a recorded
``range`` (band), or an ``unknown`` share (a stake recorded without a share,
counted as 0 to 100%).  ``direct_share`` is read from the one recorded edge: exact
``"num/den"``, a band in the store's interval form (``"(1/4,1/2]"``, ``(``/``)``
for an open end, ``graph.store.rows.share_text``), ``"unknown"`` when the edge
records no share; ``direct_percent`` the same as ``Share.as_text`` shows it
(``"(25-50%"``) or ``"unknown"``.  Neither is ever a band's lower bound or 0 for
an unknown share.

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
from graph.risk.lookthrough import EXACT, Holding, Lookthrough
from graph.risk.subgraph import MAX_DEPTH, MAX_NODES, Subgraph, get_nodes, ownership
from graph.store.base import Store
from graph.store.rows import share_text

UNKNOWN_TEXT = "unknown"

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
    # The limit that stopped the search, as ``ExposureReport.incomplete`` says it:
    # holdings through what was not read are missing.
    incomplete: list[dict[str, Any]] = field(default_factory=list)

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
            "incomplete": [dict(x) for x in self.incomplete],
        }


def direct_texts(h: Holding) -> tuple[str | None, str | None]:
    """``(direct_share, direct_percent)`` of a holding, as recorded.

    >>> from graph.share import Share
    >>> band = Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)
    >>> base = Holding("A", 0.25, 0.5, 0.25, Fraction(1, 4), (), True)
    >>> from dataclasses import replace
    >>> direct_texts(replace(base, direct_share=band, basis="range"))
    ('(1/4,1/2]', '(25-50%')
    >>> direct_texts(replace(base, direct=Fraction(0), direct_unknown=True, basis="unknown"))
    ('unknown', 'unknown')
    >>> direct_texts(replace(base, direct_share=Share.exact(Fraction(1, 4))))
    ('1/4', '25%')
    """
    if h.direct_unknown:
        return UNKNOWN_TEXT, UNKNOWN_TEXT
    s = h.direct_share
    if s is None:
        return None, None
    if s.is_exact:
        return str(s.lo), pct(s.lo)
    return share_text(s), s.as_text()


def _holding(h: Holding, sub: Subgraph) -> dict[str, Any]:
    node = sub.nodes.get(h.entity)
    interval = h.basis != EXACT or h.share_hi > h.share + 1e-12
    direct_share, direct_percent = direct_texts(h)
    row: dict[str, Any] = {
        "id": h.entity,
        "name": node.name if node else h.entity,
        "type": node.type.value if node else None,
        "share": decimal(h.share),
        "share_percent": decimal(h.share * 100, 4) + "%",
        "share_hi": decimal(h.share_hi) if interval else None,
        "share_hi_percent": decimal(h.share_hi * 100, 4) + "%" if interval else None,
        "share_basis": h.basis,
        "direct_share": direct_share,
        "direct_percent": direct_percent,
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
        incomplete=sub.incomplete(),
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
