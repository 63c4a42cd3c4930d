"""The SQLite store's write path: node merges, name indexing, relationship upserts.

Each batch goes through two steps: ``prepare_*`` does everything that does not need
the database (JSON, folded names, pinyin), ``write_*`` looks up existing rows (or
what the load remembers, ``sqlite_bulk.BulkLoad``), merges and executes.  (Running ``prepare_*`` one batch ahead in a thread was
measured slower: the worker holds the GIL that SQLite re-takes after every row.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from graph.errors import ModelError
from graph.model import REL_ENDPOINTS, Node, Rel
from graph.store.merge import merge_nodes
from graph.store.sqlite_bulk import BulkLoad
from graph.store.sqlite_names import NameKeys, index_names, name_keys, unindex_names
from graph.store.sqlite_rows import (
    IN_JSON,
    NODE_COLS,
    NODE_FIELDS,
    REL_FIELDS,
    dumps,
    node_fields,
    rel_fields,
    row_to_node,
)
from graph.store.textindex import pinyin_key

T = TypeVar("T")

_INSERT_NODE = f"INSERT INTO nodes({', '.join(NODE_FIELDS)}, rid) VALUES ({', '.join('?' * 10)})"
_UPDATE_NODE = f"UPDATE nodes SET {', '.join(f'{c} = ?' for c in NODE_FIELDS)} WHERE rid = ?"
_UPSERT_REL = (
    f"INSERT INTO rels({', '.join(REL_FIELDS)}) VALUES ({', '.join('?' * len(REL_FIELDS))}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in REL_FIELDS if c != "id")
)
_INSERT_REL = (
    f"INSERT INTO rels({', '.join(REL_FIELDS)}, rid) "
    f"VALUES ({', '.join('?' * (len(REL_FIELDS) + 1))})"
)
_UPDATE_REL = (
    f"UPDATE rels SET {', '.join(f'{c} = ?' for c in REL_FIELDS if c != 'id')} WHERE rid = ?"
)


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


def _aliases(conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
    return dict(
        conn.execute(
            f"SELECT alias, rid FROM aliases WHERE alias IN {IN_JSON}", (dumps(ids),)
        ).fetchall()
    )


def write_nodes(conn: sqlite3.Connection, nb: NodeBatch, bulk: BulkLoad) -> None:
    """Insert the new nodes of a batch and merge the known ones (a transaction is open)."""
    if bulk.nodes_fresh:
        # Every alias in the store was written by this load: no need to ask.
        found = {nid: hit[0] for nid in nb.pending if (hit := bulk.ids.get(nid)) is not None}
    else:
        found = _aliases(conn, list(nb.pending))
    original: dict[int, Node] = {}
    if found:
        rows = conn.execute(
            f"SELECT n.rid, {NODE_COLS} FROM nodes n WHERE n.rid IN {IN_JSON}",
            (dumps(sorted(set(found.values()))),),
        ).fetchall()
        original = {r[0]: row_to_node(r[1:]) for r in rows}
    current = dict(original)
    next_rid = bulk.next_node
    fresh: list[tuple[int, str]] = []
    for nid, n in nb.pending.items():
        rid = found.get(nid)
        if rid is None or rid not in current:
            fresh.append((next_rid, nid))
            next_rid += 1
        else:
            current[rid] = merge_nodes(current[rid], n)
    bulk.next_node = next_rid
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
    _remember(bulk, nb, fresh, current, extra)

    changed: list[tuple[int, list[NameKeys], set[str | None]]] = [
        (rid, nb.keys[nid], set()) for rid, nid in fresh
    ]
    for rid, m in current.items():
        before = set(original[rid].all_names)
        now = set(m.all_names)
        if not before <= now:
            # A name went (a stub's placeholder): its rows go from the index too, which
            # the FTS5 build beside a fresh load cannot follow, so that load stops it.
            bulk.drop_fts()
            unindex_names(conn, rid, now)
        new = [x for x in m.all_names if x not in before]
        if new:
            changed.append((rid, name_keys(new), {pinyin_key(x) for x in before & now}))
    bulk.names_written(index_names(conn, changed))


def _remember(
    bulk: BulkLoad,
    nb: NodeBatch,
    fresh: list[tuple[int, str]],
    current: dict[int, Node],
    extra: list[tuple[str, int]],
) -> None:
    """Mirror the batch's alias rows in the load's memory (see ``BulkLoad.ids``)."""
    ids = bulk.ids
    for rid, nid in fresh:
        ids[nid] = (rid, nb.pending[nid].type)
    for rid, m in current.items():
        ids[m.id] = (rid, m.type)
    if bulk.nodes_fresh:
        types = {rid: m.type for rid, m in current.items()}
        for rid, nid in fresh:
            types[rid] = nb.pending[nid].type
        # INSERT OR IGNORE: the first owner of an alias keeps it.  (Into a store that
        # was not empty an extra alias may belong to a node this load never saw, so
        # only canonical ids are remembered and the rest is asked of the database.)
        for a, rid in extra:
            if a not in ids:
                ids[a] = (rid, types[rid])


RelBatch = list[tuple[Rel, tuple[Any, ...]]]


def prepare_rels(batch: list[Rel]) -> RelBatch:
    """The database-independent work for a batch of relationships."""
    return [(r, rel_fields(r)) for r in batch]


def _ends(conn: sqlite3.Connection, batch: RelBatch, bulk: BulkLoad) -> dict[str, tuple[int, str]]:
    """Endpoint alias -> (rid, type): what the load remembers, the rest asked."""
    if bulk.nodes_fresh:
        return bulk.ids  # the whole store
    known = bulk.ids
    found: dict[str, tuple[int, str]] = {}
    ask: set[str] = set()
    for r, _ in batch:
        for e in (r.src, r.dst):
            hit = known.get(e)
            if hit is not None:
                found[e] = hit
            else:
                ask.add(e)
    if ask:
        found.update(
            (a, (rid, t))
            for a, rid, t in conn.execute(
                "SELECT a.alias, a.rid, n.type FROM aliases a JOIN nodes n ON n.rid = a.rid "
                f"WHERE a.alias IN {IN_JSON}",
                (dumps(sorted(ask)),),
            )
        )
    return found


def write_rels(
    conn: sqlite3.Connection, batch: RelBatch, skipped: list[str], bulk: BulkLoad
) -> int:
    """Upsert a batch of relationships; ids with unknown endpoints go to ``skipped``."""
    get = _ends(conn, batch, bulk).get
    fresh = bulk.rels_fresh
    # Every relationship in the store is one this load wrote when ``fresh``: new ids
    # are plain inserts with the next rid (no id index to keep up), repeated ones
    # replace by rid; otherwise the id index resolves the conflict.
    rel_rids = bulk.rel_rids
    rid = bulk.next_rel
    rows: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    for r, fields in batch:
        s, d = get(r.src), get(r.dst)
        if s is None or d is None:
            skipped.append(r.id)
            continue
        allowed_src, allowed_dst = REL_ENDPOINTS[r.type]
        if s[1] not in allowed_src or d[1] not in allowed_dst:
            raise ModelError(
                f"{r.type.value} cannot join {s[1]} {r.src!r} to {d[1]} {r.dst!r}",
                id=r.id,
                src_type=str(s[1]),
                dst_type=str(d[1]),
            )
        if not fresh:
            rows.append((*fields, s[0], d[0]))
            continue
        old = rel_rids.get(r.id)
        if old is None:
            rel_rids[r.id] = rid
            rows.append((*fields, s[0], d[0], rid))
            rid += 1
        else:
            updates.append((*fields[1:], s[0], d[0], old))
    if not fresh:
        conn.executemany(_UPSERT_REL, rows)
        return len(rows)
    # Within a batch a repeated id must land after its first row: updates go last.
    bulk.next_rel = rid
    conn.executemany(_INSERT_REL, rows)
    conn.executemany(_UPDATE_REL, updates)
    return len(rows) + len(updates)


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
