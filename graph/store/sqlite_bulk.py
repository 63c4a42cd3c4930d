"""What a load into the SQLite store remembers between its batches.

A load (one ``upsert_*`` call, or every call inside ``SQLiteStore.bulk()``) keeps the
ids it wrote in memory, so that new nodes need no merge lookup and relationship
endpoints no alias lookup; into an empty table it writes without the secondary
indexes and builds them once at the end (sorting beats random B-tree inserts), and
the FTS5 name indexes are filled in one pass at the end (``sqlite_names``), or, in a
large load into a store without names, by a worker beside the load
(``sqlite_ftsbuild``).

The memory is only trusted while nothing else wrote: another connection's commit
(``PRAGMA data_version``) or another write on this one (``total_changes``) makes the
load forget it and ask the database again, as an incremental upsert does.

>>> import sqlite3
>>> from graph.store.sqlite_schema import create_schema
>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> create_schema(conn)
>>> bulk = begin_bulk(conn)
>>> (bulk.nodes_fresh, bulk.rels_fresh, bulk.next_node)
(True, True, 1)
>>> conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rels_id'").fetchone()[0]
0
>>> end_bulk(conn, bulk)
>>> conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'rels_id'").fetchone()[0]
1
"""

from __future__ import annotations

import gc
import sqlite3
from contextlib import suppress
from dataclasses import dataclass, field

from graph.store import sqlite_ftsbuild
from graph.store.sqlite_ftsbuild import FtsBuild, fts_empty, store_path
from graph.store.sqlite_names import NameRow
from graph.store.sqlite_schema import CACHE_KIB, build_indexes, finish_bulk, index_ddl

# Page cache while loading: the id indexes and FTS5 segments of a million companies
# stay in memory instead of being re-read from the OS for every batch.
BULK_CACHE_KIB = 512 * 1024
# Ids a load remembers (alias -> row, relationship id -> row; ~150 bytes each) before
# it forgets them and asks the database instead, as after another writer's commit:
# bounds a load's memory (~900 MB here) whatever its size.  Past it the rest of the
# load resolves ends in the database and keeps the unique id index up as it inserts:
# at 1M companies (4.75M ids) a limit of 2M made the whole load 1.41x slower than one
# that kept them all (relationships 110 s against 41 s, bench/README.md).
REMEMBER_LIMIT = 6_000_000


@dataclass(slots=True)
class BulkLoad:
    nodes_fresh: bool  # the nodes table was empty: an id not in ``ids`` is new
    rels_fresh: bool  # the rels table was empty: a rel id not in ``rel_rids`` is new
    next_node: int
    next_rel: int
    data_version: int
    changes: int
    gc_was_enabled: bool
    # Alias -> (node rid, node type) for what this load wrote; every alias in the
    # store while ``nodes_fresh``, else only the canonical ids it wrote.
    ids: dict[str, tuple[int, str]] = field(default_factory=dict)
    rel_rids: dict[str, int] = field(default_factory=dict)
    # First ``names`` rid when the load began with no names and empty FTS5 indexes in
    # a file (a ``FtsBuild`` may then start), else None.
    fts_first: int | None = None
    fts: FtsBuild | None = None
    names_high: int = 0  # last names rid written, in the open transaction
    names_done: int = 0  # ... and committed
    too_many: bool = False  # remembers more than REMEMBER_LIMIT ids: forget them

    def names_written(self, rows: list[NameRow]) -> None:
        """``names`` rows the open transaction wrote (``sqlite_names.index_names``)."""
        if rows:
            self.names_high = rows[-1][0]
            if self.fts is not None:
                self.fts.add(rows)

    def check(self, conn: sqlite3.Connection) -> None:
        """At the start of a batch's transaction: forget everything if another write
        happened since the last batch."""
        version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        other = version != self.data_version or conn.total_changes != self.changes
        if not other and not self.too_many:
            return
        if other:
            self.drop_fts()  # the other write may have indexed names itself
        self.too_many = False
        self.data_version = version
        self.nodes_fresh = self.rels_fresh = False
        self.ids.clear()
        self.rel_rids.clear()
        self.next_node, self.next_rel = _next_rids(conn)
        # Incremental relationship upserts resolve conflicts on the id index.
        for name, ddl in index_ddl(conn, "rels"):
            if name == "rels_id":
                conn.execute(ddl)

    def done(self, conn: sqlite3.Connection) -> None:
        """After a batch's commit."""
        self.changes = conn.total_changes
        if len(self.ids) + len(self.rel_rids) > REMEMBER_LIMIT:
            self.too_many = True  # the next ``check`` forgets them
        self.names_done = self.names_high
        if self.fts is not None:
            self.fts.committed(self.names_done)
        elif (
            self.fts_first is not None
            and self.names_done - self.fts_first + 1 >= sqlite_ftsbuild.CHUNK
        ):
            try:
                self.fts = FtsBuild(conn, self.fts_first, self.names_done)
            except (sqlite3.Error, OSError, RuntimeError):
                self.fts_first = None  # no thread or no reading back: the classic way

    def forget(self) -> None:
        """After a batch's rollback: the next ``check`` starts over from the database."""
        self.changes = -1
        self.names_high = self.names_done
        self.drop_fts()

    def drop_fts(self) -> None:
        """No FTS5 build for this load (any started is stopped): the classic way."""
        self.fts_first = None
        if self.fts is not None:
            self.fts.close()
            self.fts = None


def _next_rids(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute(
        "SELECT (SELECT coalesce(max(rid), 0) FROM nodes), (SELECT coalesce(max(rid), 0) FROM rels)"
    ).fetchone()
    return int(row[0]) + 1, int(row[1]) + 1


def begin_bulk(conn: sqlite3.Connection) -> BulkLoad:
    """Start a load (no transaction open): drop the secondary indexes of empty tables."""
    empty = {
        t: conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is None
        for t in ("nodes", "rels", "names")
    }
    for table in (t for t, e in empty.items() if e):
        for name, _ddl in index_ddl(conn, table):
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    nodes_empty, rels_empty = empty["nodes"], empty["rels"]
    fresh_names = empty["names"] and bool(store_path(conn)) and fts_empty(conn)
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    next_node, next_rel = _next_rids(conn)
    # A load makes millions of short-lived tuples, and each collection walks every
    # object the caller holds (all the nodes and relationships, in a benchmark):
    # 10-15 % of the CPU, measured.  Rows hold no cycles; collection resumes at the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    return BulkLoad(
        nodes_fresh=nodes_empty,
        rels_fresh=rels_empty,
        next_node=next_node,
        next_rel=next_rel,
        data_version=int(conn.execute("PRAGMA data_version").fetchone()[0]),
        changes=conn.total_changes,
        gc_was_enabled=gc_was_enabled,
        fts_first=1 if fresh_names else None,
    )


def end_bulk(conn: sqlite3.Connection, bulk: BulkLoad) -> None:
    """Finish a load (no transaction open): FTS5 rows, then the dropped indexes; with
    an FTS5 build, the indexes while the build's worker finishes, then its copy."""
    bulk.ids.clear()
    bulk.rel_rids.clear()
    build, bulk.fts = bulk.fts, None
    try:
        if build is not None:
            build.flush()
            try:
                build_indexes(conn)
            finally:
                # A failed build leaves the store as without one: finish_bulk indexes
                # the names the classic way.
                with suppress(sqlite3.Error, OSError):
                    build.finish()
        finish_bulk(conn)
    finally:
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if bulk.gc_was_enabled:
            gc.enable()
