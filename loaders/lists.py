"""List and Agency records a reader emits with its listings.

Lists in the catalog (``graph/catalog.yaml``) are emitted exactly as the catalog
writes them (same ids, props and provenance), so loading a source before or after
the catalog leaves the same graph.  Lists outside it (an FtM dataset such as
``ch_seco_sanctions``) get ``list:FTM_<DATASET>`` with the regime derived by the
reader.

>>> [r.id for r in catalog_list_records("US_OFAC_SDN")]
['agency:OFAC', 'list:US_OFAC_SDN', 'rel:ISSUED_BY:...']

A listing whose source records no start date is counted on every date (the
conservative reading), but no designation can be older than the law it is made
under: when every program the entry names is one the catalog dates
(``programs[].in_force_from``), ``undated_start`` gives the listing that day as its
start, marked ``start_recorded = False`` with the reason in ``start_basis``.

>>> undated_start(["US-RUSHAR"], ["RUSSIA-EO14024"], None)
{'start': datetime.date(2021, 4, 15), 'start_recorded': False, 'start_basis': 'program RUSSIA-EO14024: Executive Order 14024 [R], in force from 2021-04-15'}
>>> undated_start([], ["RUSSIA-EO14024", "SDGT"], None) is None  # SDGT: no date known
True
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from typing import Any

from graph.catalog import SOURCE as CATALOG_SOURCE
from graph.catalog import load_catalog, node_id_of_agency, node_id_of_list
from graph.model import Node, NodeType, Provenance, Rel, RelType, hashed_id, rel_id
from loaders.regimes import BIS_SDN_LIST


@cache
def _catalog_records() -> tuple[Node | Rel, ...]:
    return tuple(load_catalog().records())


def is_list_scaffold(rec: Node | Rel) -> bool:
    """Whether ``rec`` is a List, Agency or ISSUED_BY record a reader adds beside its
    listings (``catalog_list_records``, ``dataset_list_records``) rather than one read
    from its files: a file with no record of its own loads nothing (``credgraph load``
    exits 1) even though the reader wrote the list it would have been on.

    >>> all(is_list_scaffold(r) for r in catalog_list_records("US_OFAC_SDN"))
    True
    >>> all(is_list_scaffold(r) for r in dataset_list_records("X", "X", "us", "s", authority="A"))
    True
    >>> is_list_scaffold(Node("ftm:pb", NodeType.AGENCY, "A", provenance=(Provenance("s", "pb"),)))
    False
    """
    if isinstance(rec, Node):
        if rec.type not in (NodeType.LIST, NodeType.AGENCY):
            return False
    elif rec.type is not RelType.ISSUED_BY:
        return False
    # The catalog's records carry its source; a dataset's list records name the list.
    return bool(rec.provenance) and all(
        p.source == CATALOG_SOURCE or p.record_id.startswith("list:") for p in rec.provenance
    )


def in_catalog(list_id: str) -> bool:
    return list_id in load_catalog().lists


def catalog_list_records(list_id: str) -> list[Node | Rel]:
    """The catalog's Agency, List and ISSUED_BY records for ``list_id``."""
    lst = load_catalog().lists[list_id]
    lid, aid = node_id_of_list(list_id), node_id_of_agency(lst["agency"])
    recs = _catalog_records()
    nodes = {r.id: r for r in recs if isinstance(r, Node) and r.id in (lid, aid)}
    rels = [r for r in recs if isinstance(r, Rel) and r.type is RelType.ISSUED_BY and r.src == lid]
    return [nodes[aid], nodes[lid], *rels]


def bis_744_8_listing(sdn: Rel, key: str = "") -> Rel:
    """The BIS listing an SDN designated under EO 13382 also has (15 CFR 744.8(a)(1),
    ``loaders.regimes.under_744_8``): the same party, dates, programs and provenance as
    its SDN listing ``sdn``, on ``list:US_BIS_SDN_744_8``; ``key`` as in that listing's id.
    It stays a listing of the same record, so deleting or reloading the source drops or
    rewrites both.

    >>> sdn = Rel("r", RelType.LISTED_ON, "ofac:1", "list:US_OFAC_SDN",
    ...           props={"programs": ["NPWMD"], "remarks": "..."},
    ...           provenance=(Provenance("us_ofac_sdn", "1"),))
    >>> bis = bis_744_8_listing(sdn)
    >>> bis.dst, bis.props, bis.provenance == sdn.provenance
    ('list:US_BIS_SDN_744_8', {'programs': ['NPWMD'], 'sdn_list': 'list:US_OFAC_SDN'}, True)
    """
    dst = node_id_of_list(BIS_SDN_LIST)
    source = sdn.provenance[0].source if sdn.provenance else ""
    props = {k: v for k, v in sdn.props.items() if k not in ("remarks", "regime_derived")}
    if "regime" in props:
        props["regime"] = "bis"
    props["sdn_list"] = sdn.dst
    return Rel(
        rel_id(RelType.LISTED_ON, sdn.src, dst, source, key),
        RelType.LISTED_ON,
        sdn.src,
        dst,
        start=sdn.start,
        end=sdn.end,
        props=props,
        provenance=sdn.provenance,
    )


def dataset_list_records(
    list_id: str,
    name: str,
    regime: str,
    source: str,
    *,
    authority: str | None = None,
    props: dict[str, object] | None = None,
) -> Iterator[Node | Rel]:
    """A List outside the catalog, with an Agency (by name) when one is known."""
    lid = node_id_of_list(list_id)
    prov = (Provenance(source, lid),)
    yield Node(
        lid,
        NodeType.LIST,
        name,
        props={"list_id": list_id, "regime": regime, **(props or {})},
        provenance=prov,
    )
    if authority:
        aid = hashed_id("agency", source, authority)
        yield Node(aid, NodeType.AGENCY, authority, provenance=prov)
        yield Rel(
            rel_id(RelType.ISSUED_BY, lid, aid, source),
            RelType.ISSUED_BY,
            lid,
            aid,
            provenance=prov,
        )


def undated_start(
    program_ids: Sequence[str], programs: Sequence[str], end: date | None
) -> dict[str, Any] | None:
    """``start``, ``start_recorded`` and ``start_basis`` for a listing without a recorded
    start: the earliest day the legal basis of its programs took effect (program ids
    when given, else the program tags), or None when one of them has no date in the
    catalog or the listing ended by then."""
    codes = list(program_ids) or list(programs)
    cat = load_catalog()
    dated: list[tuple[date, dict[str, Any]]] = []
    for code in codes:
        prog = cat.program(code)
        if prog is None or not prog.get("in_force_from"):
            return None
        dated.append((date.fromisoformat(str(prog["in_force_from"])), prog))
    if not dated:
        return None
    day, prog = min(dated, key=lambda x: x[0])
    if end is not None and end <= day:
        return None
    first = prog["legal_basis"][0]
    return {
        "start": day,
        "start_recorded": False,
        "start_basis": f"program {prog['id']}: {first['doc']} [{first['confidence']}], "
        f"in force from {day.isoformat()}",
    }
