"""Merging one entity into another (``Store.merge_entities``) in the SQLite store.

The surviving node keeps its id, name and property values; the other node's names,
ids and provenance are added, its property values fill the gaps, its aliases and
indexed names move over, and every relationship it had is re-pointed.  A LINKED_TO
between the two is dropped: a link of an entity to itself says nothing (it is
usually the very "possibly same as" candidate being confirmed).  Match links of both
to one third entity become one (``graph.store.merge.redundant_match_links``: a
rejection wins over a candidate).  The other node's
row is deleted; its ids stay addressable as aliases of the survivor.

>>> import sqlite3
>>> from graph.store.sqlite import SQLiteStore
>>> from graph.model import Node, NodeType, Rel, RelType
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> s.upsert_nodes([Node("a", NodeType.COMPANY, "甲"), Node("b", NodeType.COMPANY, "甲公司"),
...                 Node("p", NodeType.PERSON, "张三")])
3
>>> s.upsert_rels([Rel("r", RelType.OFFICER_OF, "p", "b")])
1
>>> s.merge_entities("a", "b"), s.resolve("b"), s.rels_of("a")[0][0].dst
('a', 'a', 'a')
"""

from __future__ import annotations

import sqlite3

from graph.model import MATCH_KINDS
from graph.store.merge import MatchLink, check_mergeable, merged_entity, redundant_match_links
from graph.store.sqlite_rows import NODE_COLS, NODE_FIELDS, node_fields, row_to_node

_UPDATE = f"UPDATE nodes SET {', '.join(f'{c} = ?' for c in NODE_FIELDS)} WHERE rid = ?"
_BY_ALIAS = (
    f"SELECT n.rid, {NODE_COLS} FROM aliases a JOIN nodes n ON n.rid = a.rid WHERE a.alias = ?"
)


_MATCH_LINKS = (
    "SELECT r.id, s.id, d.id, r.kind, json_extract(r.props, '$.score') FROM rels r "
    "JOIN nodes s ON s.rid = r.src JOIN nodes d ON d.rid = r.dst "
    "WHERE r.type = 'LINKED_TO' AND r.kind IN ({kinds}) AND r.rid IN ("
    "SELECT rid FROM rels WHERE src IN (?, ?) UNION SELECT rid FROM rels WHERE dst IN (?, ?))"
).format(kinds=", ".join("?" * len(MATCH_KINDS)))


def _match_links(conn: sqlite3.Connection, krid: int, orid: int) -> list[MatchLink]:
    rows = conn.execute(_MATCH_LINKS, (*sorted(MATCH_KINDS), krid, orid, krid, orid))
    return [MatchLink(i, s, d, k, float(score or 0)) for i, s, d, k, score in rows]


def merge_entities(conn: sqlite3.Connection, keep_id: str, other_id: str) -> str:
    """Merge ``other_id`` into ``keep_id`` (any aliases) inside the caller's transaction;
    returns the survivor's canonical id."""
    k = conn.execute(_BY_ALIAS, (keep_id,)).fetchone()
    o = conn.execute(_BY_ALIAS, (other_id,)).fetchone()
    keep = row_to_node(k[1:]) if k else None
    other = row_to_node(o[1:]) if o else None
    check_mergeable(keep_id, other_id, keep, other)
    assert keep is not None and other is not None
    krid, orid = int(k[0]), int(o[0])
    if krid == orid:
        return keep.id
    merged = merged_entity(keep, other)
    conn.execute(_UPDATE, (*node_fields(merged), krid))
    conn.execute(
        "DELETE FROM rels WHERE type = 'LINKED_TO' "
        "AND ((src = ? AND dst = ?) OR (src = ? AND dst = ?))",
        (krid, orid, orid, krid),
    )
    conn.executemany(
        "DELETE FROM rels WHERE id = ?",
        [(i,) for i in redundant_match_links(keep.id, other.id, _match_links(conn, krid, orid))],
    )
    conn.execute("UPDATE rels SET src = ? WHERE src = ?", (krid, orid))
    conn.execute("UPDATE rels SET dst = ? WHERE dst = ?", (krid, orid))
    conn.execute("UPDATE aliases SET rid = ? WHERE rid = ?", (krid, orid))
    conn.execute("UPDATE names SET node = ? WHERE node = ?", (krid, orid))
    conn.execute("DELETE FROM nodes WHERE rid = ?", (orid,))
    return keep.id
