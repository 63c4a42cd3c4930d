"""Bulk export of typed edges from SQLite as numpy arrays for the risk engine.

Codes are computed in SQL from the model's order tuples (not stored), so adding a
type to the model never invalidates a database.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from graph.store.base import NODE_TYPE_ORDER, REL_TYPE_ORDER, ROLE_ORDER, EdgeArrays


def _case(column: str, values: tuple[Any, ...], default: int) -> str:
    whens = " ".join(f"WHEN '{v.value}' THEN {i}" for i, v in enumerate(values))
    return f"CASE {column} {whens} ELSE {default} END"


# An exact share is "num/den"; a range keeps its bounds exact as "[lo,hi]" with
# "(" / ")" for open ends, so a threshold can still be decided without floats.
_SHARE_EXACT = (
    "CASE WHEN r.share_lo_x IS NULL THEN '' "
    "WHEN r.share_lo_x = r.share_hi_x AND r.lo_open = 0 AND r.hi_open = 0 THEN r.share_lo_x "
    "ELSE (CASE WHEN r.lo_open THEN '(' ELSE '[' END) || r.share_lo_x || ',' || r.share_hi_x "
    "|| (CASE WHEN r.hi_open THEN ')' ELSE ']' END) END"
)


def export_edges(conn: sqlite3.Connection, where: str, params: list[Any]) -> EdgeArrays:
    """All nodes (index = position) and the edges matching ``where`` (``AND ...`` on ``r``)."""
    nodes = conn.execute(
        f"SELECT rid, id, {_case('type', NODE_TYPE_ORDER, -1)} FROM nodes ORDER BY rid"
    ).fetchall()
    rows = conn.execute(
        f"SELECT r.src, r.dst, {_case('r.type', REL_TYPE_ORDER, -1)}, "
        f"{_case('r.role', ROLE_ORDER, -1)}, r.share_lo, r.share_hi, {_SHARE_EXACT}, "
        f"r.start, r.end, r.id, r.kind FROM rels r WHERE 1{where} ORDER BY r.rid",
        params,
    ).fetchall()
    rids = np.fromiter((n[0] for n in nodes), dtype=np.int64, count=len(nodes))
    cols: list[tuple[Any, ...]] = list(zip(*rows, strict=True)) if rows else [()] * 11

    def ints(i: int, dtype: Any) -> Any:
        return np.array(cols[i], dtype=dtype) if rows else np.zeros(0, dtype=dtype)

    src = np.searchsorted(rids, ints(0, np.int64)).astype(np.int64)
    dst = np.searchsorted(rids, ints(1, np.int64)).astype(np.int64)
    return EdgeArrays(
        node_ids=[n[1] for n in nodes],
        node_types=np.fromiter((n[2] for n in nodes), dtype=np.int8, count=len(nodes)),
        rel_type=ints(2, np.int8),
        src=src,
        dst=dst,
        share_lo=ints(4, np.float64),
        share_hi=ints(5, np.float64),
        share_exact=list(cols[6]),
        start=ints(7, np.int32),
        end=ints(8, np.int32),
        role=ints(3, np.int8),
        rel_ids=list(cols[9]),
        kind=list(cols[10]),
    )
