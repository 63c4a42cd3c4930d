"""The SQLite ego network: ``traverse.ego`` over row ids and index-only reads.

The plain path (``traverse.neighbourhood`` over ``rels_of_many``) sorts every
relationship of a frontier node by (type, id) to keep ``cap`` of them, reading each
row for its id and decoding JSON for all it keeps, and counts capped nodes with one
query per relationship type.  Around a hub (10k+ links) that is most of the time.
Here each node's first ``cap`` links per direction are read in index order from
``rels_src``/``rels_dst`` (type, id and the other end are in the index), totals per
type come from the same indexes, and only the relationships shown and the nodes
kept are decoded.  The search itself is ``traverse.ego``, shared with every store.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> from graph.store import traverse
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x) for x in "abcd"])
>>> _ = s.upsert_rels([Rel(f"r{x}", RelType.OWNS, "a", x) for x in "bcd"])
>>> fast = s.neighbourhood("b", hops=2, cap=1)
>>> fast == traverse.neighbourhood(s, "b", hops=2, cap=1)
True
>>> fast.truncated, fast.counts
({'a': (1, 3)}, {'OWNS': 3})
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from graph.errors import NotFound
from graph.model import Node, Rel, RelType
from graph.store.base import Neighbourhood
from graph.store.sqlite_rows import (
    IN_JSON,
    NODE_COLS,
    REL_COLS,
    REL_JOIN,
    dumps,
    row_to_node,
    row_to_rel,
)
from graph.store.traverse import Link, ego


def _type_then_id(row: tuple[str, str, int, int, int]) -> tuple[str, str]:
    # Python orders str by code point, as SQLite's BINARY collation orders UTF-8.
    return row[1], row[0]


class _Source:
    """``traverse.EgoSource`` keyed by node rid, on one connection."""

    def __init__(self, conn: sqlite3.Connection, where: str, params: list[Any]) -> None:
        self.conn = conn
        self.params = params
        # A self-loop is read once, from its source side (as ``rels_of_many`` does).
        self.page_sql = (
            f"SELECT r.id, r.type, r.src, r.dst, r.rid FROM rels r WHERE r.src = ?{where} "
            "ORDER BY r.type, r.id LIMIT ?",
            f"SELECT r.id, r.type, r.src, r.dst, r.rid FROM rels r WHERE r.dst = ? "
            f"AND r.src != r.dst{where} ORDER BY r.type, r.id LIMIT ?",
        )
        self.count_sql = (
            f"SELECT r.type, count(*) FROM rels r WHERE r.src = ?{where} GROUP BY r.type",
            f"SELECT r.type, count(*) FROM rels r WHERE r.dst = ? AND r.src != r.dst{where} "
            "GROUP BY r.type",
        )
        self.per_type: dict[int, dict[str, int]] = {}
        self.rel_rid: dict[str, int] = {}

    def expand(self, frontier: list[int], cap: int) -> dict[int, tuple[list[Link[int]], int]]:
        out: dict[int, tuple[list[Link[int]], int]] = {}
        run = self.conn.execute
        for node in frontier:
            per: dict[str, int] = {}
            for sql in self.count_sql:
                for t, c in run(sql, [node, *self.params]):
                    per[t] = per.get(t, 0) + c
            self.per_type[node] = per
            total = sum(per.values())
            links: list[Link[int]] = []
            if cap and total:
                rows: list[tuple[str, str, int, int, int]] = []
                for sql in self.page_sql:
                    rows += run(sql, [node, *self.params, cap]).fetchall()
                rows.sort(key=_type_then_id)  # two sorted pages, merged
                for rid, t, src, dst, rel in rows[:cap]:
                    self.rel_rid[rid] = rel
                    links.append((rid, t, src, dst))
            out[node] = (links, total)
        return out

    def type_totals(self, nodes: list[int], types: list[str]) -> dict[int, dict[str, int]]:
        return {n: self.per_type.get(n, {}) for n in nodes}

    def finish(
        self, keys: list[int], rel_ids: list[str]
    ) -> tuple[dict[int, str], dict[int, Node], dict[str, Rel]]:
        nodes = {
            row[0]: row_to_node(row[1:])
            for row in self.conn.execute(
                f"SELECT n.rid, {NODE_COLS} FROM nodes n WHERE n.rid IN {IN_JSON}", (dumps(keys),)
            )
        }
        ids = {k: n.id for k, n in nodes.items()}
        rels: dict[str, Rel] = {}
        if rel_ids:
            rows = self.conn.execute(
                f"SELECT {REL_COLS} FROM rels r {REL_JOIN} WHERE r.rid IN {IN_JSON}",
                (dumps([self.rel_rid[r] for r in rel_ids]),),
            )
            rels = {row[0]: row_to_rel(row) for row in rows}
        return ids, nodes, rels


def neighbourhood(
    conn: sqlite3.Connection,
    node_id: str,
    *,
    hops: int,
    types: Sequence[RelType] | None,
    cap: int,
    max_nodes: int,
    filters: tuple[str, list[Any]],
) -> Neighbourhood:
    """``traverse.neighbourhood`` on one SQLite connection (the caller holds its lock
    and has checked the arguments); ``filters`` is the store's ``r.``-clause and
    parameters for the types, roles and as_of asked for."""
    # One read transaction: totals, pages and rows from the same snapshot.
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        row = conn.execute(
            "SELECT n.rid FROM aliases a JOIN nodes n ON n.rid = a.rid WHERE a.alias = ?",
            (node_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {node_id!r}", id=node_id)
        where, params = filters
        source = _Source(conn, where, params)
        return ego(source, int(row[0]), hops=hops, types=types, cap=cap, max_nodes=max_nodes)
    finally:
        if own:
            conn.execute("COMMIT")
