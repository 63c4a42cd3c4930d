"""The SQLite store's write path: node merges, name indexing, relationship upserts.

Each batch goes through two steps: ``prepare_*`` does everything that does not need
the database (JSON, folded names, bigrams, pinyin), ``write_*`` looks up existing
rows, merges and executes.  (Running ``prepare_*`` one batch ahead in a thread was
measured slower: the worker holds the GIL that SQLite re-takes after every row.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.errors import ModelError
from graph.model import REL_ENDPOINTS, Node, Rel
from graph.store.sqlite_rows import (
    NODE_COLS,
    NODE_FIELDS,
    REL_FIELDS,
    dumps,
    merge_nodes,
    node_fields,
    rel_fields,
    row_to_node,
)
from graph.store.textindex import bigrams_of_folded, fold, pinyin_key, pinyin_of_folded

T = TypeVar("T")

_IN_JSON = "(SELECT value FROM json_each(?))"
_INSERT_NODE = f"INSERT INTO nodes({', '.join(NODE_FIELDS)}, rid) VALUES ({', '.join('?' * 10)})"
_UPDATE_NODE = f"UPDATE nodes SET {', '.join(f'{c} = ?' for c in NODE_FIELDS)} WHERE rid = ?"
_UPSERT_REL = (
    f"INSERT INTO rels({', '.join(REL_FIELDS)}) VALUES ({', '.join('?' * len(REL_FIELDS))}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in REL_FIELDS if c != "id")
)

# (name as written, folded key, bigram tokens, toneless pinyin or None)
NameKeys = tuple[str, str, str, str | None]


def name_keys(names: Iterable[str]) -> list[NameKeys]:
    """Index keys for each distinct non-empty name."""
    out: list[NameKeys] = []
    seen: set[str] = set()
    for text in names:
        if not text or text in seen:
            continue
        seen.add(text)
        key = fold(text)
        out.append((text, key, bigrams_of_folded(key), pinyin_of_folded(key)))
    return out


@dataclass(slots=True)
class NodeBatch:
    pending: dict[str, Node]  # by id, duplicates within the batch merged
    fields: dict[str, tuple[Any, ...]]
    keys: dict[str, list[NameKeys]]


def prepare_nodes(batch: list[Node]) -> NodeBatch:
    """The database-independent work for a batch of nodes."""
    pending: dict[str, Node] = {}
    for n in batch:
        prev = pending.get(n.id)
        pending[n.id] = merge_nodes(prev, n) if prev is not None else n
    return NodeBatch(
        pending,
        {nid: node_fields(n) for nid, n in pending.items()},
        {nid: name_keys(n.all_names) for nid, n in pending.items()},
    )


def write_nodes(conn: sqlite3.Connection, nb: NodeBatch) -> None:
    """Insert the new nodes of a batch and merge the known ones (a transaction is open)."""
    found: dict[str, int] = dict(
        conn.execute(
            f"SELECT alias, rid FROM aliases WHERE alias IN {_IN_JSON}", (dumps(list(nb.pending)),)
        ).fetchall()
    )
    original: dict[int, Node] = {}
    if found:
        rows = conn.execute(
            f"SELECT n.rid, {NODE_COLS} FROM nodes n WHERE n.rid IN {_IN_JSON}",
            (dumps(sorted(set(found.values()))),),
        ).fetchall()
        original = {r[0]: row_to_node(r[1:]) for r in rows}
    current = dict(original)
    next_rid = int(conn.execute("SELECT coalesce(max(rid), 0) FROM nodes").fetchone()[0]) + 1
    fresh: list[tuple[int, str]] = []
    for nid, n in nb.pending.items():
        rid = found.get(nid)
        if rid is None or rid not in current:
            fresh.append((next_rid, nid))
            next_rid += 1
        else:
            current[rid] = merge_nodes(current[rid], n)
    conn.executemany(_INSERT_NODE, [(*nb.fields[nid], rid) for rid, nid in fresh])
    conn.executemany(
        _UPDATE_NODE,
        [(*node_fields(m), rid) for rid, m in current.items() if m != original[rid]],
    )

    own = [(nid, rid) for rid, nid in fresh]
    extra = [(a, rid) for rid, nid in fresh for a in nb.pending[nid].ids if a != nid]
    for rid, m in current.items():
        old_ids = set(original[rid].all_ids)
        extra.extend((a, rid) for a in m.all_ids if a not in old_ids)
    conn.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?)", own + extra)

    changed: list[tuple[int, list[NameKeys], set[str | None]]] = [
        (rid, nb.keys[nid], set()) for rid, nid in fresh
    ]
    for rid, m in current.items():
        before = set(original[rid].all_names)
        new = [x for x in m.all_names if x not in before]
        if new:
            changed.append((rid, name_keys(new), {pinyin_key(x) for x in before}))
    if changed:
        _index_names(conn, changed)


def _index_names(
    conn: sqlite3.Connection, changed: list[tuple[int, list[NameKeys], set[str | None]]]
) -> None:
    rid = int(conn.execute("SELECT coalesce(max(rid), 0) FROM names").fetchone()[0])
    rows: list[tuple[int, int, str, str, int]] = []
    tri: list[tuple[int, str]] = []
    bi: list[tuple[int, str]] = []
    for node, keys, had_py in changed:
        for text, key, grams, py in keys:
            rid += 1
            rows.append((rid, node, text, key, 0))
            tri.append((rid, key))
            bi.append((rid, grams))
            if py and py not in had_py:
                had_py.add(py)
                rid += 1
                rows.append((rid, node, py, py, 1))
                tri.append((rid, py))
    conn.executemany("INSERT INTO names VALUES (?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO names_tri(rowid, key) VALUES (?, ?)", tri)
    conn.executemany("INSERT INTO names_bi(rowid, grams) VALUES (?, ?)", bi)


RelBatch = list[tuple[Rel, tuple[Any, ...]]]


def prepare_rels(batch: list[Rel]) -> RelBatch:
    """The database-independent work for a batch of relationships."""
    return [(r, rel_fields(r)) for r in batch]


def write_rels(conn: sqlite3.Connection, batch: RelBatch, skipped: list[str]) -> int:
    """Upsert a batch of relationships; ids with unknown endpoints go to ``skipped``."""
    ends = sorted({e for r, _ in batch for e in (r.src, r.dst)})
    found: dict[str, tuple[int, str]] = {
        a: (rid, t)
        for a, rid, t in conn.execute(
            "SELECT a.alias, a.rid, n.type FROM aliases a JOIN nodes n ON n.rid = a.rid "
            f"WHERE a.alias IN {_IN_JSON}",
            (dumps(ends),),
        )
    }
    rows: list[tuple[Any, ...]] = []
    for r, fields in batch:
        s, d = found.get(r.src), found.get(r.dst)
        if s is None or d is None:
            skipped.append(r.id)
            continue
        allowed_src, allowed_dst = REL_ENDPOINTS[r.type]
        if s[1] not in allowed_src or d[1] not in allowed_dst:
            raise ModelError(
                f"{r.type.value} cannot join {s[1]} {r.src!r} to {d[1]} {r.dst!r}",
                id=r.id,
                src_type=s[1],
                dst_type=d[1],
            )
        rows.append((*fields, s[0], d[0]))
    conn.executemany(_UPSERT_REL, rows)
    return len(rows)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while True:
        chunk: list[T] = []
        for x in it:
            chunk.append(x)
            if len(chunk) >= size:
                break
        if not chunk:
            return
        yield chunk
