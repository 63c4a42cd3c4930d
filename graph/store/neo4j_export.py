"""Bulk export of typed edges from Neo4j as numpy arrays for the risk engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
from neo4j import ManagedTransaction

from graph.model import RelType
from graph.store import cypher
from graph.store.base import MAX_DAY, NODE_TYPE_ORDER, REL_TYPE_ORDER, ROLE_ORDER, EdgeArrays
from graph.store.rows import float_or_nan, to_date

if TYPE_CHECKING:
    from graph.store.neo4j import Neo4jStore


def export_edges(
    store: Neo4jStore, types: Sequence[RelType] | None, as_of: date | None
) -> EdgeArrays:
    """All nodes (index = position, ordered by id) and the edges that match, read in
    one transaction so that every edge's endpoints are among the nodes."""
    wanted = list(RelType) if types is None else list(dict.fromkeys(RelType(t) for t in types))
    # A managed transaction function may run again after a transient error: it builds
    # everything it returns itself, so a retry never sees a failed try's rows.
    return store._read(partial(_export, wanted, as_of))


def _export(wanted: list[RelType], as_of: date | None, tx: ManagedTransaction) -> EdgeArrays:
    type_index = {t.value: i for i, t in enumerate(NODE_TYPE_ORDER)}
    rel_index = {t.value: i for i, t in enumerate(REL_TYPE_ORDER)}
    role_index = {r.value: i for i, r in enumerate(ROLE_ORDER)}
    node_ids: list[str] = []
    node_types: list[int] = []
    for rec in tx.run(cypher.EXPORT_NODES):
        node_ids.append(rec["id"])
        node_types.append(type_index[rec["type"]])
    index = {nid: i for i, nid in enumerate(node_ids)}
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "src", "dst", "type", "lo", "hi", "exact", "start", "end", "role", "id", "kind",
        )
    }  # fmt: skip
    records = (rec for t in wanted for rec in tx.run(cypher.EXPORT_EDGES[t], {"as_of": as_of}))
    for rec in records:
        start, end = to_date(rec["start"]), to_date(rec["end"])
        cols["src"].append(index[rec["src"]])
        cols["dst"].append(index[rec["dst"]])
        cols["type"].append(rel_index[rec["type"]])
        cols["lo"].append(float_or_nan(rec["share_lo"]))
        cols["hi"].append(float_or_nan(rec["share_hi"]))
        cols["exact"].append(rec["share_exact"] or "")
        cols["start"].append(start.toordinal() if start else 0)
        cols["end"].append(end.toordinal() if end else MAX_DAY)
        cols["role"].append(role_index.get(rec["role"] or "", -1))
        cols["id"].append(rec["id"])
        cols["kind"].append(rec["kind"] or "")
    return EdgeArrays(
        node_ids=node_ids,
        node_types=np.asarray(node_types, dtype=np.int8),
        rel_type=np.asarray(cols["type"], dtype=np.int8),
        src=np.asarray(cols["src"], dtype=np.int64),
        dst=np.asarray(cols["dst"], dtype=np.int64),
        share_lo=np.asarray(cols["lo"], dtype=np.float64),
        share_hi=np.asarray(cols["hi"], dtype=np.float64),
        share_exact=cols["exact"],
        start=np.asarray(cols["start"], dtype=np.int32),
        end=np.asarray(cols["end"], dtype=np.int32),
        role=np.asarray(cols["role"], dtype=np.int8),
        rel_ids=cols["id"],
        kind=cols["kind"],
    )
