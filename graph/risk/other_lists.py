"""Listings on lists whose regime credgraph does not model: reported as facts, never spread.

The engine models China's joint punishment (``cn``) and the ownership and control
rules of OFAC, BIS, the EU and the UK.  Lists from other authorities reach the graph
too (an OpenSanctions file brings Swiss SECO as ``ch``, Japan as ``jp``, UK
Companies House disqualified directors as ``gb``, ...).  That the entity is on such
a list is a fact a screening must show; what it means for entities the listed party
owns or controls is a rule of that regime that credgraph does not have.  So each
list the entity itself is on becomes one ``listed`` finding with basis ``legal``
and the listing entries it rests on, no measure, and no finding for anyone else.

A listing counts on ``as_of`` when it is in force then (``Rel.valid_on``, as for
the sanctions regimes' own listings).  A List node without ``props["regime"]``
takes the catalog's regime for its list id, else ``other``.

>>> from graph.model import Node, NodeType, Provenance, Rel, RelType
>>> from graph.share import Share
>>> from graph.store.sqlite import SQLiteStore
>>> from graph.risk.subgraph import ancestors
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node("X", NodeType.COMPANY, "X Corp"), Node("A", NodeType.COMPANY, "A Ltd"),
...     Node("list:SECO", NodeType.LIST, "Swiss SECO sanctions", props={"regime": "ch"})])
>>> _ = s.upsert_rels([Rel("xa", RelType.OWNS, "X", "A", share=Share.exact(1)),
...     Rel("xl", RelType.LISTED_ON, "X", "list:SECO", start=date(2025, 3, 4),
...         provenance=(Provenance("opensanctions", "ch-seco-1"),))])
>>> day = date(2026, 1, 1)
>>> (f,) = other_list_findings(ancestors(s, "X", day), day, {"cn", "ofac", "bis", "eu", "uk"})
>>> f.regime, f.rule, f.basis, f.status, f.paths, f.lists[0].record_id
('ch', 'ch.listed', 'legal', 'listed', [['X', 'list:SECO']], 'ch-seco-1')
>>> other_list_findings(ancestors(s, "A", day), day, {"cn", "ofac", "bis", "eu", "uk"})
[]
>>> summary([f], {"cn"})
[{'id': 'list:SECO', 'list': 'list:SECO', 'name': 'Swiss SECO sanctions', 'regime': 'ch'}]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from graph.catalog import Catalog, load_catalog
from graph.model import Node, Rel
from graph.risk.evidence import ExposureFinding
from graph.risk.listing_dates import (
    caveat,
    earliest_dated,
    entry_text,
    listing_ref,
    undated_refs,
)
from graph.risk.subgraph import Subgraph

OTHER = "other"


def list_regime(list_id: str, node: Node | None, catalog: Catalog) -> str:
    """The regime of a List node: ``props["regime"]``, else the catalog's, else ``other``.

    >>> list_regime("list:CN_SPC_DISHONEST", None, load_catalog())
    'cn'
    """
    if node is not None and node.props.get("regime"):
        return str(node.props["regime"])
    key = str(node.props.get("list_id") or "") if node is not None else ""
    meta = catalog.lists.get(key or list_id.removeprefix("list:"), {})
    return str(meta.get("regime") or OTHER)


def other_list_findings(
    sub: Subgraph,
    as_of: date,
    modelled: Collection[str],
    catalog: Catalog | None = None,
    history: Mapping[str, Sequence[Rel]] | None = None,
) -> list[ExposureFinding]:
    """One ``listed`` finding per list ``sub.root`` itself is on, in force on ``as_of``,
    whose regime is not in ``modelled``.  ``history``: the root's listings on every
    date, to name a dated entry beside undated ones (``listing_dates.caveat``)."""
    cat = catalog or load_catalog()
    by_list: dict[str, list[Rel]] = {}
    regimes: dict[str, str] = {}
    for rel in sub.listings(sub.root):
        if not rel.valid_on(as_of):
            continue
        regime = list_regime(rel.dst, sub.nodes.get(rel.dst), cat)
        if regime in modelled:
            continue
        by_list.setdefault(rel.dst, []).append(rel)
        regimes[rel.dst] = regime
    root = sub.nodes.get(sub.root)
    who = f"{root.name} ({sub.root})" if root is not None and root.name else sub.root
    out = []
    for lid in sorted(by_list):
        rels = sorted(by_list[lid], key=lambda r: (r.start or date.min, r.id))
        lst = sub.nodes.get(lid)
        refs = [listing_ref(r, lst, cat) for r in rels]
        regime = regimes[lid]
        entries = "; ".join(entry_text(ref, name=False, details=True) for ref in refs)
        explanation = (
            f"As of {as_of.isoformat()}, {who} is listed on {refs[0].list_name} "
            f"(regime {regime}): {entries}. This is the listing itself, a fact taken "
            f"from the list. credgraph models no ownership or control rule for this "
            f"list, so nothing is propagated from it to entities the listed party owns "
            f"or controls; whether they are restricted too must be checked against "
            f"that regime's own rules."
        )
        undated = undated_refs(refs)
        if undated:
            every = [r for r in (history or {}).get(sub.root, rels) if r.dst == lid]
            dated = earliest_dated([listing_ref(r, lst, cat) for r in every])
            text = caveat(who, refs[0].list_name, undated, dated, as_of, repeat=False)
            explanation += f" {text}"
        out.append(
            ExposureFinding(
                regime=regime,
                rule=f"{regime}.listed",
                basis="legal",
                status="listed",
                paths=[[sub.root, lid]],
                explanation=explanation,
                lists=refs,
                undated_listing=bool(undated),
            )
        )
    return out


def summary(findings: Iterable[ExposureFinding], modelled: Collection[str]) -> list[dict[str, str]]:
    """The lists behind the findings of ``other_list_findings``, one entry per list:
    node ``id``, ``list`` id (as in the findings' ``lists``), ``name`` and ``regime``."""
    out: dict[str, dict[str, str]] = {}
    for f in findings:
        if f.regime in modelled or f.status != "listed" or not f.lists:
            continue
        nid = f.paths[0][-1] if f.paths else f.lists[0].list_id
        ref = f.lists[0]
        out.setdefault(
            nid, {"id": nid, "list": ref.list_id, "name": ref.list_name, "regime": f.regime}
        )
    return list(out.values())


def redlist_text(entries: Iterable[dict[str, Any]]) -> str:
    """``name since D, ...`` for China's redlist entries (``china.china_redlists``).

    >>> redlist_text([{"name": "A-grade taxpayers (redlist)", "since": "2025-08-01"}])
    'A-grade taxpayers (redlist) since 2025-08-01'
    """
    return ", ".join(
        f"{e['name']} since {e['since']}" if e.get("since") else str(e["name"]) for e in entries
    )


def summary_text(entries: Iterable[dict[str, str]]) -> str:
    """``name (regime), ...`` for a one-line report.

    >>> summary_text([{"name": "Swiss SECO sanctions", "regime": "ch"}, {"name": "jp_mof", "regime": "jp"}])
    'Swiss SECO sanctions (ch), jp_mof (jp)'
    """
    return ", ".join(f"{e['name']} ({e['regime']})" for e in entries)
