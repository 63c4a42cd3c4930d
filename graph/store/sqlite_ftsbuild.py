"""The FTS5 name indexes of a fresh load, built beside the load on the second core.

A load into a store without names defers its FTS5 work to the end (``sqlite_names``):
about a fifth of a large load's time, all of it on the writer's one core while the
other waits.  Once the load has committed ``CHUNK`` names, a ``FtsBuild`` starts one
worker thread with its own connection to a private temporary database holding FTS5
tables declared exactly as the store's.  After each commit the load hands it the new
``names`` rows (their rid range, read by the worker from the store's committed state,
and the bigram texts, which only Python can make); the worker indexes them in one
statement each, during which SQLite holds no GIL, so it runs while the load's thread
prepares its next batches.  At the end, while the store builds its secondary indexes,
the worker finishes and copies the finished index tables (FTS5's own ``_data``,
``_idx``, ``_docsize`` and ``_config`` tables) into the store in one transaction that
also clears the store's pending mark.

Why this is safe:

- The copy is done by the worker's connection, another connection than the load's:
  its commit changes the load connection's ``PRAGMA data_version``, which is what
  makes FTS5 drop its cached view of the index (it re-reads it at the next query or
  write).  A copy through the load's own connection would leave that view stale.
- The copy commits only if the store's FTS5 tables are still empty and its pending
  mark is still the build's first rid; names written after the last hand-over move
  the mark past the copied ones instead of clearing it, and ``finish_fts`` indexes them.
- Until the copy commits the store is exactly as without a build: a load killed at
  any point leaves the mark, and the next writable open indexes every pending name
  the classic way.  A build that fails for any SQLite or file-system reason is
  dropped and the load finishes the classic way, so a build is only ever a shortcut.
- The temporary database is SQLite's own (``connect("")``): unlinked while open, so
  nothing is left behind even by a killed process.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from graph.store.sqlite_names import NameRow
from graph.store.sqlite_schema import BUSY_TIMEOUT_MS
from graph.store.textindex import bigrams_of_folded

# Names committed before a load starts a build (smaller loads keep the classic path:
# a thread and a temporary database cost more than they save there), and names per
# hand-over after that.
CHUNK = 50_000
_TABLES = ("names_tri", "names_bi")
_SHADOWS = ("data", "idx", "docsize", "config")
# Page cache of the temporary database: bounds a load's memory (docs/SECURITY.md "Size");
# past it FTS5's segment merges read the temporary file (from the OS cache, mostly).
_CACHE_KIB = 64 * 1024


def store_path(conn: sqlite3.Connection) -> str:
    """The file behind a connection's main database ('' for an in-memory one)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(file or "")
    return ""


def fts_empty(conn: sqlite3.Connection, schema: str = "main") -> bool:
    """Whether both FTS5 name indexes of ``schema`` hold no row (``_docsize`` has one
    row per row)."""
    return all(
        conn.execute(f"SELECT 1 FROM {schema}.{t}_docsize LIMIT 1").fetchone() is None
        for t in _TABLES
    )


class FtsBuild:
    """A build of both FTS5 name indexes for names rids ``first`` and up (see module).

    Started by a load once names ``first`` to ``committed`` are in the store; their
    bigram texts are read back once, later rows come through ``add``.
    """

    def __init__(self, conn: sqlite3.Connection, first: int, committed: int) -> None:
        self.first = first
        self.next = first  # first rid not handed over yet
        self._committed = committed  # last rid committed
        self._waiting: list[tuple[int, str]] = []  # bigram texts of the open transaction
        self.grams: dict[int, str] = {
            rid: bigrams_of_folded(key)
            for rid, key in conn.execute(
                "SELECT rid, key FROM names WHERE rid BETWEEN ? AND ? AND kind = 0",
                (first, committed),
            )
        }
        ddl = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE name IN (?, ?)", _TABLES
            ).fetchall()
        )
        config = {
            t: conn.execute(f"SELECT k, v FROM {t}_config WHERE k != 'version'").fetchall()
            for t in _TABLES
        }
        self._db: sqlite3.Connection | None = None
        self._failed: BaseException | None = None
        self._closed = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="credgraph-fts")
        self._submit(self._open, store_path(conn), ddl, config)
        self.flush()

    # -- the load's thread --------------------------------------------------
    def add(self, rows: list[NameRow]) -> None:
        """``names`` rows (rid, node, text, key, kind) written in the open transaction."""
        self._waiting.extend((r[0], bigrams_of_folded(r[3])) for r in rows if r[4] == 0)

    def committed(self, last: int) -> None:
        """The open transaction committed, and with it names up to rid ``last``:
        hand them over once a chunk is ready."""
        self.grams.update(self._waiting)
        self._waiting.clear()
        self._committed = last
        if last - self.next + 1 >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Hand every committed row over to the worker (which goes on on its own)."""
        lo, hi = self.next, self._committed
        if hi < lo:
            return
        grams = json.dumps(self.grams, ensure_ascii=False)
        self.grams = {}
        self.next = hi + 1
        self._submit(self._index, lo, hi, grams)

    def finish(self) -> int:
        """Wait for the worker and copy its indexes into the store; the last rid the
        store now has indexed.  Raises what the worker raised (the store is then
        unchanged, and the classic ``finish_fts`` does the work)."""
        try:
            self._pool.submit(self._copy).result()
            return self.next - 1
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker and drop the temporary database (idempotent)."""
        if not self._closed:
            self._closed = True
            self._pool.submit(self._close)
            self._pool.shutdown(wait=True)

    def _submit(self, fn: Callable[..., None], *args: object) -> None:
        self._pool.submit(self._guarded, fn, *args)

    # -- the worker thread ----------------------------------------------------
    def _guarded(self, fn: Callable[..., None], *args: object) -> None:
        # After a failure the rest is skipped; ``_copy`` raises the first failure.
        if self._failed is None:
            try:
                fn(*args)
            except BaseException as exc:
                self._failed = exc

    def _open(
        self, path: str, ddl: dict[str, str], config: dict[str, list[tuple[str, object]]]
    ) -> None:
        db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        self._db = db
        # Nothing here must survive a crash: the store keeps its pending mark until
        # the copy commits.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("ATTACH ? AS store", (path,))
        for t in _TABLES:
            db.execute(ddl[t])
            for k, v in config[t]:  # e.g. automerge: the copied tables say the same
                db.execute(f"INSERT INTO main.{t}({t}, rank) VALUES (?, ?)", (k, v))

    def _index(self, lo: int, hi: int, grams: str) -> None:
        db = self._conn()
        db.execute("BEGIN")
        db.execute(
            "INSERT INTO main.names_tri(rowid, key) "
            "SELECT rid, key FROM store.names WHERE rid BETWEEN ? AND ?",
            (lo, hi),
        )
        db.execute(
            "INSERT INTO main.names_bi(rowid, grams) "
            "SELECT CAST(key AS INTEGER), value FROM json_each(?)",
            (grams,),
        )
        db.execute("COMMIT")

    def _copy(self) -> None:
        if self._failed is not None:
            raise self._failed
        db = self._conn()
        last = self.next - 1
        db.execute("BEGIN IMMEDIATE")
        try:
            mark = db.execute("SELECT value FROM store.meta WHERE key = 'fts_from'").fetchone()
            if mark is None or int(mark[0]) != self.first or not fts_empty(db, "store"):
                raise sqlite3.OperationalError("the store's name index changed during the load")
            for t in _TABLES:
                for s in _SHADOWS:
                    db.execute(f"DELETE FROM store.{t}_{s}")
                    db.execute(f"INSERT INTO store.{t}_{s} SELECT * FROM main.{t}_{s}")
            more = db.execute("SELECT 1 FROM store.names WHERE rid > ? LIMIT 1", (last,))
            if more.fetchone() is None:
                db.execute("DELETE FROM store.meta WHERE key = 'fts_from'")
            else:
                db.execute("UPDATE store.meta SET value = ? WHERE key = 'fts_from'", (last + 1,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _conn(self) -> sqlite3.Connection:
        assert self._db is not None
        return self._db

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
