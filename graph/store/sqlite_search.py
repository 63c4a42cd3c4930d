"""Name and identifier search over the SQLite store's text indexes.

Ranking: an identifier match, then an exact name, a name prefix, a substring; a
pinyin match ranks just below the same kind of match on the name as written.
Each kind is its own indexed query with a limit, so a query that is a substring
of every name ("有限公司") still finds the exact and prefix matches first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from graph.model import NodeType
from graph.store.base import SearchHit
from graph.store.sqlite_rows import IN_JSON, dumps
from graph.store.textindex import fold, fts_phrase, id_candidates, pinyin_query, substring_groups

_HIT_COLS = "n.id, n.type, n.name, m.text, m.kind"
# Higher is better; index 0 is the name as written, 1 its pinyin.
_EXACT = (0.9, 0.85)
_PREFIX = (0.7, 0.65)
_SUBSTRING = (0.5, 0.45)
_MAX_CHAR = chr(0x10FFFF)


def search_names(
    conn: sqlite3.Connection, text: str, limit: int, types: Sequence[NodeType] | None
) -> list[SearchHit]:
    """Up to ``limit`` hits for ``text``, best first (see the module docstring)."""
    # A NUL ends an FTS5 query string early ("unterminated string"), and names never
    # hold one (loaders remove it): a search box can still send one, so drop it.
    query = text.replace("\x00", "").strip()
    if not query or limit <= 0:
        return []
    type_sql, type_params = _type_filter(types)
    hits: dict[str, SearchHit] = {}

    def add(row: Sequence[Any], how: str, score: float) -> None:
        nid = row[0]
        old = hits.get(nid)
        if old is None or score > old.score:
            hits[nid] = SearchHit(nid, NodeType(row[1]), row[2], row[3], how, score)

    for row in conn.execute(
        "SELECT n.id, n.type, n.name, a.alias FROM aliases a JOIN nodes n ON n.rid = a.rid "
        f"WHERE a.alias IN {IN_JSON}{type_sql}",
        [dumps(id_candidates(query)), *type_params],
    ):
        add(row, "id", 1.0)

    fetch = limit * 4  # a node may match under several of its names
    keys = [k for k in dict.fromkeys([fold(query), pinyin_query(query)]) if k]
    for key in keys:
        rows = conn.execute(
            f"SELECT {_HIT_COLS} FROM names m JOIN nodes n ON n.rid = m.node "
            f"WHERE m.key = ?{type_sql} LIMIT ?",
            [key, *type_params, fetch],
        ).fetchall()
        rows += conn.execute(
            f"SELECT {_HIT_COLS} FROM names m JOIN nodes n ON n.rid = m.node "
            f"WHERE m.key > ? AND m.key < ?{type_sql} LIMIT ?",
            [key, key + _MAX_CHAR, *type_params, fetch],
        ).fetchall()
        for row in rows:
            exact = fold(row[3]) == key
            add(row, _how(row[4]), (_EXACT if exact else _PREFIX)[row[4]])
        for row in _substring(conn, key, type_sql, type_params, fetch):
            add(row, _how(row[4]), _SUBSTRING[row[4]])

    ranked = sorted(hits.values(), key=lambda h: (-h.score, len(h.name), h.name, h.id))
    return ranked[:limit]


def _how(kind: int) -> str:
    return "pinyin" if kind else "name"


def _type_filter(types: Sequence[NodeType] | None) -> tuple[str, list[Any]]:
    """`` AND n.type IN ...`` and its parameter, or nothing for all types."""
    if types is None:
        return "", []
    return f" AND n.type IN {IN_JSON}", [dumps([NodeType(t).value for t in types])]


def _trigram(
    conn: sqlite3.Connection, match: str, type_sql: str, type_params: list[Any], fetch: int
) -> list[Any]:
    """Hit rows of the names a trigram FTS5 ``match`` expression finds."""
    return conn.execute(
        f"SELECT {_HIT_COLS} FROM names_tri JOIN names m ON m.rid = names_tri.rowid "
        f"JOIN nodes n ON n.rid = m.node WHERE names_tri MATCH ?{type_sql} LIMIT ?",
        [match, *type_params, fetch],
    ).fetchall()


def _substring(
    conn: sqlite3.Connection, key: str, type_sql: str, type_params: list[Any], fetch: int
) -> list[Any]:
    if len(key) >= 3:
        return _trigram(conn, fts_phrase(key), type_sql, type_params, fetch)
    if not key.isalnum():
        return []
    # Trigrams cannot match 1 or 2 characters: use the bigram index, where every
    # character position starts one token (a 1-character query is a token prefix).
    match = fts_phrase(key) + ("*" if len(key) == 1 else "")
    return conn.execute(
        f"SELECT {_HIT_COLS} FROM names_bi JOIN names m ON m.rid = names_bi.rowid "
        f"JOIN nodes n ON n.rid = m.node WHERE names_bi MATCH ?{type_sql} LIMIT ?",
        [match, *type_params, fetch],
    ).fetchall()


def names_containing(
    conn: sqlite3.Connection,
    groups: Sequence[Sequence[str]],
    types: Sequence[NodeType] | None,
    limit: int,
) -> list[SearchHit]:
    """Entities a name (or pinyin) of which contains one string of every group: one
    FTS5 query, an AND of ORs of trigram phrases (``Store.names_containing``)."""
    clauses = [" OR ".join(fts_phrase(s) for s in g) for g in substring_groups(groups)]
    if not clauses or limit <= 0:
        return []
    match = " AND ".join(f"({c})" for c in clauses)
    # A node may match under several of its names: enough rows for ``limit`` nodes.
    rows = _trigram(conn, match, *_type_filter(types), limit * 4)
    hits: dict[str, SearchHit] = {}
    for nid, ntype, name, text, kind in rows:
        if nid not in hits and len(hits) < limit:
            hits[nid] = SearchHit(nid, NodeType(ntype), name, text, _how(kind), _SUBSTRING[kind])
    return list(hits.values())


def exact_names(
    conn: sqlite3.Connection,
    keys: Sequence[str],
    types: Sequence[NodeType] | None,
    limit: int,
    pinyin: bool = False,
) -> list[SearchHit]:
    """Entities with a name whose folded key (or, with ``pinyin``, toneless pinyin) is
    one of ``keys`` (``names_key`` index: a pinyin row's key is the pinyin)."""
    if not keys or limit <= 0:
        return []
    type_sql, type_params = _type_filter(types)
    params = [dumps(list(dict.fromkeys(keys))), *type_params]
    kinds = "m.kind IN (0, 1)" if pinyin else "m.kind = 0"
    rows = conn.execute(
        f"SELECT n.id, n.type, n.name, m.text, m.kind FROM names m JOIN nodes n "
        f"ON n.rid = m.node "
        f"WHERE m.key IN {IN_JSON} AND {kinds}{type_sql} ORDER BY n.rid, m.rid LIMIT ?",
        # A node matches once per name that folds alike: enough rows for ``limit`` nodes.
        [*params, limit * 4],
    ).fetchall()
    hits: dict[str, SearchHit] = {}
    for nid, ntype, name, text, kind in rows:
        if nid not in hits and len(hits) < limit:
            how = "pinyin" if kind else "name"
            hits[nid] = SearchHit(nid, NodeType(ntype), name, text, how, 1.0)
    return list(hits.values())
