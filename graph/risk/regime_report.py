"""``credgraph regime NAME``: every entity listed, owned or controlled under one regime.

The whole graph is exported once (``store.export_edges(as_of=...)``) and the
least-fixed-point engine runs over it; only the entities it restricts (and its
red flags) are then named and explained, so explaining costs what the answer
holds, not what the graph holds.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node("X", NodeType.COMPANY, "X Corp"), Node("A", NodeType.COMPANY, "A Ltd"),
...     Node("list:SDN", NodeType.LIST, "SDN List", props={"regime": "ofac"})])
>>> _ = s.upsert_rels([Rel("xa", RelType.OWNS, "X", "A", share=Share.exact("1/2")),
...                    Rel("xl", RelType.LISTED_ON, "X", "list:SDN")])
>>> rep = regime_report(s, "ofac", date(2026, 1, 1))
>>> [(e["id"], e["status"], e["aggregate_share"]) for e in rep["entities"]]
[('X', 'listed', None), ('A', 'owned', '1/2')]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.catalog import Catalog
from graph.model import Node, NodeType, Rel, RelType
from graph.risk.explanation import Explainer, pct
from graph.risk.exposure import is_us
from graph.risk.finding import Finding
from graph.risk.regimes import regime_spec
from graph.risk.sanctions import evaluate_regime
from graph.risk.subgraph import CHUNK, get_nodes
from graph.store.base import Store

EDGE_TYPES = (RelType.OWNS, RelType.CONTROLS, RelType.LISTED_ON, RelType.LINKED_TO)


def list_regimes(store: Store) -> dict[str, str]:
    """List node id -> regime, from the List nodes' ``props["regime"]``."""
    return {n.id: str(n.props.get("regime") or "") for n in store.iter_nodes([NodeType.LIST])}


def us_entities(store: Store) -> list[str]:
    """Ids of companies whose country is the US (BIS excludes them from derived outputs)."""
    return [n.id for n in store.iter_nodes([NodeType.COMPANY]) if is_us(n)]


def _listings(store: Store, ids: Iterable[str]) -> dict[str, list[Rel]]:
    """The listings of ``ids`` on every date: the explainer cites those in force and
    names a dated one beside undated ones (``listing_dates``)."""
    wanted = list(dict.fromkeys(ids))
    out: dict[str, list[Rel]] = {}
    for i in range(0, len(wanted), CHUNK):
        got = store.rels_of_many(wanted[i : i + CHUNK], direction="out", types=[RelType.LISTED_ON])
        out.update({k: v[0] for k, v in got.items()})
    return out


def _row(f: Finding, explainer: Explainer, nodes: dict[str, Node]) -> dict[str, Any]:
    ef = explainer.convert(f)
    node = nodes.get(f.entity)
    return {
        "id": f.entity,
        "name": node.name if node else f.entity,
        "type": node.type.value if node else None,
        "status": ef.status,
        "basis": f.basis,
        "rule": f.rule_id,
        "aggregate_share": None if f.share is None else str(f.share),
        "aggregate_percent": None if f.share is None else pct(f.share),
        "round": f.round,
        "paths": [list(p) for p in f.paths],
        "lists": [x.to_dict() for x in ef.lists],
        "measures": [m.to_dict() for m in ef.measures],
        "explanation": ef.explanation,
        "undated_listing": ef.undated_listing,
    }


def regime_report(
    store: Store,
    regime: str,
    as_of: date | None = None,
    *,
    heuristics: bool = True,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """``{"regime", "as_of", "rule", "counts", "entities", "red_flags"}`` for the whole graph.

    ``entities`` are the legal findings (listed, owned, controlled) in the order
    the fixed point reached them; ``red_flags`` the heuristic ones (empty when
    ``heuristics`` is False).  Raises ``InvalidInput`` for an unknown regime.
    """
    spec = regime_spec(regime)
    day = as_of or date.today()
    edges = store.export_edges(EDGE_TYPES, as_of=day)
    lr = list_regimes(store)
    excluded = us_entities(store) if spec.name == "bis" else []
    res = evaluate_regime(edges, lr, spec, day, excluded)
    legal = list(res.entities.values())
    flags = res.red_flags if heuristics else []
    found = [*legal, *flags]
    ids = {f.entity for f in found} | {x for f in found for p in f.paths for x in p}
    roots = {p[0] for f in found for p in f.paths if p} | {
        f.entity for f in found if f.status == "listed"
    }
    listings = _listings(store, roots)
    nodes = get_nodes(store, [*ids, *(r.dst for rels in listings.values() for r in rels)])
    explainer = Explainer(res, nodes, listings, catalog)
    rule = res.rule
    return {
        "regime": spec.name,
        "as_of": day.isoformat(),
        "rule": None
        if rule is None
        else {
            "threshold": str(rule.threshold),
            "inclusive": rule.inclusive,
            "mode": rule.mode,
            "document": rule.document,
            "caveat": rule.caveat or None,
        },
        "counts": res.count()
        if heuristics
        else {k: v for k, v in res.count().items() if k != "red_flags"},
        "entities": [_row(f, explainer, nodes) for f in legal],
        "red_flags": [_row(f, explainer, nodes) for f in flags],
    }
