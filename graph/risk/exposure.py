"""Everything one entity is exposed to on a date: China rules, the four sanctions regimes,
and the entity's own listings on lists of regimes credgraph does not model.

``exposure(store, id, as_of)`` is what ``credgraph exposure`` and the UI's
exposure report show.  China findings come from ``china.ChinaRules``.  For
the sanctions regimes the entity's verdict depends only on its ancestors, so
instead of evaluating a regime over the whole graph per query the ancestors are
gathered from the store frontier by frontier (``subgraph.ancestors``) and the
same least-fixed-point engine (``evaluate_regime``) runs on that small edge set:
the status it gives the entity equals the whole-graph status (tested as a
property).  The engine's findings are then explained (``explanation.Explainer``).
Listings on lists of any other regime (Swiss SECO ``ch``, ``jp``, ``ua``, ...) are
reported as facts about the entity only (``other_lists``): no rule of theirs is
modelled, so nothing is propagated from them.  Where a limit stopped a read (a node's
links past a page, the ownership search past its depth or size) the report says so in
``incomplete``: findings resting on what was not read are missing.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node("X", NodeType.COMPANY, "X Corp"), Node("A", NodeType.COMPANY, "A Ltd"),
...     Node("list:SDN", NodeType.LIST, "SDN List", props={"regime": "ofac"})])
>>> _ = s.upsert_rels([Rel("xa", RelType.OWNS, "X", "A", share=Share.exact("1/2")),
...                    Rel("xl", RelType.LISTED_ON, "X", "list:SDN")])
>>> rep = exposure(s, "A", date(2026, 1, 1))
>>> [(f.regime, f.status, str(f.share)) for f in rep.findings]
[('ofac', 'owned', '1/2')]
>>> rep.statuses()["ofac"], rep.statuses()["eu"]
('owned', 'none')
>>> _ = s.upsert_nodes([Node("list:SECO", NodeType.LIST, "Swiss SECO", props={"regime": "ch"})])
>>> _ = s.upsert_rels([Rel("al", RelType.LISTED_ON, "A", "list:SECO")])
>>> rep = exposure(s, "A", date(2026, 1, 1))
>>> [(f.regime, f.status) for f in rep.findings], rep.statuses()["ofac"]
([('ofac', 'owned'), ('ch', 'listed')], 'owned')
>>> rep.to_dict()["summary"]["other_lists"]
[{'id': 'list:SECO', 'list': 'list:SECO', 'name': 'Swiss SECO', 'regime': 'ch'}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.catalog import Catalog, load_catalog
from graph.errors import NotFound
from graph.model import Node, NodeType, Rel
from graph.risk.china import ChinaRules
from graph.risk.evidence import ExposureFinding
from graph.risk.explanation import Explainer
from graph.risk.other_lists import other_list_findings, summary
from graph.risk.ownership import OwnershipReport, owners, subsidiaries
from graph.risk.sanctions import evaluate_regime
from graph.risk.subgraph import MAX_DEPTH, MAX_NODES, Subgraph, ancestors, resolve_alias
from graph.shared_ids import shared_ids
from graph.store.base import Store

__all__ = [
    "REGIMES",
    "SANCTIONS",
    "ExposureReport",
    "OwnershipReport",
    "exposure",
    "is_us",
    "owners",
    "sanctions_findings",
    "subsidiaries",
]

SANCTIONS = ("ofac", "bis", "eu", "uk")
REGIMES = ("cn", *SANCTIONS)


def is_us(node: Node) -> bool:
    """Is the node a US entity (BIS excludes them)?  ``props.country`` as a code or a list,
    in ISO 3166 alpha-2 or alpha-3 or as the country's name (sources write all three).

    >>> is_us(Node("a", NodeType.COMPANY, "a", props={"country": ["US"]}))
    True
    >>> is_us(Node("a", NodeType.COMPANY, "a", props={"country": "USA"}))
    True
    """
    c = node.props.get("country")
    values = c if isinstance(c, list | tuple) else [c]
    return any(" ".join(str(v).lower().replace(".", " ").split()) in _US for v in values if v)


_US = frozenset({"us", "usa", "u s", "u s a", "united states", "united states of america"})


@dataclass(slots=True)
class ExposureReport:
    """The findings about one entity on one date, legal and heuristic apart by ``basis``."""

    entity: dict[str, str]  # id, name, type
    as_of: date
    findings: list[ExposureFinding] = field(default_factory=list)
    subgraph: dict[str, object] = field(default_factory=dict)
    # The id asked for is also an id of other entities (``graph.shared_ids``): it,
    # where it resolves, those entities with their statuses, and a note.
    ambiguous: dict[str, Any] | None = None
    # The entity's own entries on China's redlists (DOMAIN §2.9): positive credit
    # information, never a finding and never a status (``china.china_redlists``).
    redlists: list[dict[str, Any]] = field(default_factory=list)
    # What the engine did not read (a limit reached): each with ``where``, ``note`` and
    # its data.  Findings resting on what was not read are missing, so a clean status
    # with a limit note is not a clean bill.
    incomplete: list[dict[str, Any]] = field(default_factory=list)

    @property
    def legal(self) -> list[ExposureFinding]:
        return [f for f in self.findings if f.basis == "legal"]

    @property
    def heuristic(self) -> list[ExposureFinding]:
        return [f for f in self.findings if f.basis != "legal"]

    def statuses(self) -> dict[str, str]:
        """Per regime: the strongest legal status, else ``heuristic:<status>``, else ``none``."""
        rank = {"listed": 0, "owned": 1, "controlled": 2, "restricted": 3, "linked": 4}
        out: dict[str, str] = {}
        for reg in REGIMES:
            mine = [f for f in self.findings if f.regime == reg]
            legal = sorted(
                (f.status for f in mine if f.basis == "legal"), key=lambda s: rank.get(s, 9)
            )
            flags = sorted(
                (f.status for f in mine if f.basis != "legal"), key=lambda s: rank.get(s, 9)
            )
            out[reg] = legal[0] if legal else f"heuristic:{flags[0]}" if flags else "none"
        return out

    def other_lists(self) -> list[dict[str, str]]:
        """The lists of unmodelled regimes the entity itself is on: ``id``, ``list``,
        ``name``, ``regime`` (their findings are among ``findings``)."""
        return summary(self.findings, REGIMES)

    def top(self) -> ExposureFinding | None:
        """The finding to quote first: a legal one when there is any."""
        found = self.legal or self.heuristic
        return found[0] if found else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": dict(self.entity),
            "as_of": self.as_of.isoformat(),
            "findings": [f.to_dict() for f in self.findings],
            "summary": {
                "statuses": self.statuses(),
                "other_lists": self.other_lists(),
                "redlists": [dict(r) for r in self.redlists],
                "legal": len(self.legal),
                "heuristic": len(self.heuristic),
                "ambiguous_id": self.ambiguous,
                "incomplete": [dict(x) for x in self.incomplete],
            },
            "subgraph": dict(self.subgraph),
        }


def sanctions_findings(
    sub: Subgraph,
    as_of: date,
    *,
    regimes: Sequence[str] = SANCTIONS,
    heuristics: bool = True,
    catalog: Catalog | None = None,
    history: tuple[Mapping[str, Sequence[Rel]], Mapping[str, Node]] | None = None,
) -> list[ExposureFinding]:
    """The regimes' findings about ``sub.root``, evaluated on its ancestor subgraph.
    ``history`` (``Subgraph.listing_history``): the listed parties' listings on every
    date and their List nodes, for the explanations' dated listings."""
    list_regimes = sub.list_regimes()
    present = {list_regimes[r.dst] for r in sub.rels.values() if r.dst in list_regimes}
    todo = [reg for reg in regimes if reg in present]
    if not todo:
        return []
    edges = sub.edges()
    listings: dict[str, Sequence[Rel]] = {nid: sub.listings(nid) for nid in sub.nodes}
    nodes: Mapping[str, Node] = sub.nodes
    if history is not None:
        listings.update(history[0])
        nodes = {**history[1], **sub.nodes}
    us = [nid for nid, n in sub.nodes.items() if n.type is not NodeType.LIST and is_us(n)]
    out: list[ExposureFinding] = []
    for reg in todo:
        res = evaluate_regime(edges, list_regimes, reg, as_of, us if reg == "bis" else ())
        mine = [f for f in res.findings() if f.entity == sub.root]
        if not heuristics:
            mine = [f for f in mine if f.basis == "legal"]
        if mine:
            explain = Explainer(res, nodes, listings, catalog)
            out.extend(explain.convert(f) for f in mine)
    return out


def exposure(
    store: Store,
    entity_id: str,
    as_of: date | None = None,
    *,
    heuristics: bool = True,
    catalog: Catalog | None = None,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_NODES,
) -> ExposureReport:
    """China and sanctions findings for ``entity_id`` (any alias) on ``as_of`` (default today),
    then its own listings on lists of other regimes (``other_lists``).

    Raises ``NotFound`` when no entity has that id.
    """
    day = as_of or date.today()
    cat = catalog or load_catalog()
    alias, canonical = resolve_alias(store, entity_id)
    node = store.get(canonical)
    if node is None:  # resolved but gone: a concurrent delete
        raise NotFound(f"no entity with id {entity_id!r}", id=entity_id)
    rep = _exposure(store, node, day, heuristics, cat, max_depth, max_nodes)
    # Any id may be shared, the entity's own canonical id too: a second registry or
    # bundle row with that USCC and another name carries it as an alias
    # (``loaders.same_uscc``), as may a record whose other ids disagree with it.
    shared = shared_ids(store, node).get(alias)
    if shared is not None:
        # The id names other entities too: answering for this one alone would give
        # the same company opposite answers by id.  Say so, with their statuses.
        others = []
        for o in shared.others:
            other = store.get(o.id)
            if other is not None:
                sub = _exposure(store, other, day, heuristics, cat, max_depth, max_nodes)
                others.append({**o.to_dict(), "statuses": sub.statuses()})
        rep.ambiguous = {
            "id": alias,
            "resolves_to": shared.resolves_to,
            "others": others,
            "note": f"{alias} is {shared.what(node.id)}; this report is for {node.id} only;"
            " see credgraph match list",
        }
    return rep


def _exposure(
    store: Store,
    node: Node,
    day: date,
    heuristics: bool,
    cat: Catalog,
    max_depth: int,
    max_nodes: int,
) -> ExposureReport:
    canonical = node.id
    china = ChinaRules(store, cat)
    findings = china.findings(canonical, day, heuristics)
    sub = ancestors(store, canonical, day, max_depth=max_depth, max_nodes=max_nodes)
    history = sub.listing_history(store)
    findings += sanctions_findings(sub, day, heuristics=heuristics, catalog=cat, history=history)
    # Last, so that ``top()`` still quotes a modelled regime's finding first.
    findings += other_list_findings(sub, day, REGIMES, cat, history[0])
    redlists = china.redlists(canonical, day)
    incomplete = [*(c.to_dict() for c in china.cuts), *sub.incomplete()]
    return ExposureReport(
        entity={"id": node.id, "name": node.name, "type": node.type.value},
        as_of=day,
        findings=findings,
        subgraph=sub.to_dict(),
        redlists=redlists,
        incomplete=incomplete,
    )
