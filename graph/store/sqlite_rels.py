"""A node's relationships in the SQLite store: one page of them (``Store.rels_of``) or
the first ``cap`` of each of many nodes (``Store.rels_of_many``).

Apart from ``graph.store.sqlite`` because these are the two windowed queries every
view and traversal pages through, built on the shared edge selection of
``graph.store.sqlite_edges``; the store class only holds its lock around them.
Both order a node's relationships by (type, id), so pages and caps are stable.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> _ = s.upsert_nodes([Node(x, NodeType.COMPANY, x) for x in "abc"])
>>> _ = s.upsert_rels([Rel(f"r{x}", RelType.OWNS, "a", x) for x in "bc"])
>>> [r.id for r in s.rels_of("a", limit=1, offset=1)[0]], s.rels_of("a")[1]
(['rc'], 2)
>>> {k: ([r.id for r in v[0]], v[1]) for k, v in s.rels_of_many(["a", "b"], cap=1).items()}
{'a': (['rb'], 2), 'b': (['rb'], 1)}
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from graph.model import Rel, RelType, Role
from graph.store.sqlite_edges import edges_sql
from graph.store.sqlite_rows import IN_JSON, REL_COLS, REL_JOIN, dumps, row_to_rel


def rels_of(
    conn: sqlite3.Connection,
    node_id: str,
    *,
    direction: str,
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
    limit: int | None,
    offset: int,
    min_share: Fraction | None = None,
) -> tuple[list[Rel], int]:
    """One page (ordered by type, then id) of a node's relationships, and their total."""
    found = conn.execute("SELECT rid FROM aliases WHERE alias = ?", (node_id,)).fetchone()
    edges, params = edges_sql(direction, types, roles, as_of, min_share)
    if found is None:
        return [], 0
    rid = int(found[0])
    cte = f"WITH f(n) AS (SELECT ?), e(n, rid, type, id) AS ({edges})"
    total = int(conn.execute(f"{cte} SELECT count(*) FROM e", [rid, *params]).fetchone()[0])
    rows = conn.execute(
        f"{cte} SELECT {REL_COLS} FROM e JOIN rels r ON r.rid = e.rid {REL_JOIN} "
        "ORDER BY e.type, e.id LIMIT ? OFFSET ?",
        [rid, *params, -1 if limit is None else limit, max(0, offset)],
    ).fetchall()
    return [row_to_rel(r) for r in rows], total


def rels_of_many(
    conn: sqlite3.Connection,
    node_ids: Sequence[str],
    *,
    direction: str,
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
    cap: int | None,
) -> dict[str, tuple[list[Rel], int]]:
    """For each node: up to ``cap`` relationships (by type, then id) and the total."""
    edges, params = edges_sql(direction, types, roles, as_of)
    if not node_ids:
        return {}
    anchors = conn.execute(
        f"SELECT DISTINCT n.rid, n.id FROM aliases a JOIN nodes n ON n.rid = a.rid "
        f"WHERE a.alias IN {IN_JSON}",
        (dumps(list(node_ids)),),
    ).fetchall()
    out: dict[str, tuple[list[Rel], int]] = {nid: ([], 0) for _, nid in anchors}
    if not anchors:
        return out
    keep = -1 if cap is None else max(cap, 1)  # rank 1 carries the total even at cap 0
    rows = conn.execute(
        f"WITH f(n) AS {IN_JSON}, e(n, rid, type, id) AS ({edges}), "
        "k AS (SELECT n, rid, row_number() OVER (PARTITION BY n ORDER BY type, id) AS rn, "
        "count(*) OVER (PARTITION BY n) AS total FROM e) "
        f"SELECT k.n, k.rn, k.total, {REL_COLS} FROM k JOIN rels r ON r.rid = k.rid "
        f"{REL_JOIN} WHERE k.rn <= ? OR ? < 0 ORDER BY k.n, k.rn",
        [dumps([rid for rid, _ in anchors]), *params, keep, keep],
    ).fetchall()
    by_rid = dict(anchors)
    for n, rn, total, *rel in rows:
        nid = by_rid[n]
        page = out[nid][0]
        if cap is None or rn <= cap:
            page.append(row_to_rel(tuple(rel)))
        out[nid] = (page, int(total))
    return out
