"""Per-load bookkeeping that moves to a temporary file once it grows past a limit.

A load remembers every id it has seen (to settle relationships, count merges and
check references), so its memory would grow with the file.  These containers keep
the first ``limit`` entries in a dict, as before, and past it move everything to a
private temporary SQLite database (``sqlite3.connect("")``: on disk, deleted when
closed, with a small page cache), keeping only a buffer of recent writes in memory.
Lookups past the limit cost a B-tree search instead of a hash probe, so small loads
pay nothing and big ones stay within a fixed amount of memory.

>>> m: SpillMap[int] = SpillMap(limit=2)
>>> for k in "abc":
...     m[k] = ord(k)
>>> m.spilled, m.get("a"), m.get("z"), "c" in m, len(m)
(True, 97, None, True, 3)
>>> sorted(m.items())
[('a', 97), ('b', 98), ('c', 99)]
>>> m.close()
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from graph.errors import StoreError

V = TypeVar("V")

# Entries a container keeps in a dict before it moves them to disk (~100-250 bytes each).
SPILL_AFTER = 250_000
# Writes buffered in memory between flushes once spilled.
_BUFFER = 20_000
_CHUNK = 500
# pickle only ever reads back what this process wrote to its own private temporary
# database, which no other process can open.


def _temporary(ddl: str) -> sqlite3.Connection:
    """A private temporary database (deleted on close) with one table; nothing in it
    needs to survive a crash, so no journal and no syncs."""
    with _translated():
        db = sqlite3.connect("", isolation_level=None)
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(ddl)
    return db


def _write(db: sqlite3.Connection, sql: str, rows: Iterable[tuple[object, ...]]) -> None:
    """One flush: ``rows`` through ``sql`` in one transaction, errors translated."""
    with _translated():
        db.execute("BEGIN")
        db.executemany(sql, rows)
        db.execute("COMMIT")


@contextmanager
def _translated() -> Iterator[None]:
    # Disk full or unwritable temporary folder: a message, not a traceback.
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(
            f"a large load keeps its id bookkeeping in a temporary file in "
            f"{tempfile.gettempdir()}, and writing it failed ({exc}); free space there "
            "or point TMPDIR elsewhere",
        ) from exc


class SpillMap(Generic[V]):
    """Text keys to values (anything picklable but None), in memory up to ``limit`` keys."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = SPILL_AFTER if limit is None else limit
        # Every entry before spilling; after, the writes not yet flushed.
        self._mem: dict[str, V] = {}
        self._db: sqlite3.Connection | None = None

    @property
    def spilled(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> V | None:
        v = self._mem.get(key)
        if v is not None or self._db is None:
            return v
        row = self._db.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        return None if row is None else pickle.loads(row[0])

    def __contains__(self, key: str) -> bool:
        return self.get(key) is not None

    def __setitem__(self, key: str, value: V) -> None:
        mem = self._mem
        mem[key] = value
        if len(mem) > (self.limit if self._db is None else _BUFFER):
            self._flush()

    def setdefault(self, key: str, value: V) -> V:
        old = self.get(key)
        if old is not None:
            return old
        self[key] = value
        return value

    def __len__(self) -> int:
        if self._db is None:
            return len(self._mem)
        self._flush()
        return int(self._db.execute("SELECT count(*) FROM kv").fetchone()[0])

    def items(self) -> Iterator[tuple[str, V]]:
        """Every entry (in insertion order while in memory, key order once spilled)."""
        if self._db is None:
            yield from list(self._mem.items())
            return
        self._flush()
        rows = self._db.execute("SELECT k, v FROM kv ORDER BY k LIMIT ?", (_CHUNK,)).fetchall()
        while rows:
            for k, v in rows:
                yield k, pickle.loads(v)
            rows = self._db.execute(
                "SELECT k, v FROM kv WHERE k > ? ORDER BY k LIMIT ?", (rows[-1][0], _CHUNK)
            ).fetchall()

    def _flush(self) -> None:
        db = self._db
        if db is None:
            db = self._db = _temporary("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")
        if not self._mem:
            return
        batch, self._mem = self._mem, {}
        _write(
            db,
            "INSERT OR REPLACE INTO kv VALUES (?, ?)",
            ((k, pickle.dumps(v)) for k, v in batch.items()),
        )

    def close(self) -> None:
        """Drop the temporary file (and everything remembered)."""
        self._mem = {}
        if self._db is not None:
            self._db.close()
            self._db = None


class SpillSet:
    """A set of text keys, in memory up to ``limit`` keys.

    >>> s = SpillSet(limit=1)
    >>> s.add("a"); s.add("b")
    >>> "a" in s, "b" in s, "c" in s, len(s)
    (True, True, False, 2)
    """

    # Keys only, no pickled value to write or read back: membership is the hot use
    # (the BODS reader asks it twice per ownership statement).
    def __init__(self, limit: int | None = None) -> None:
        self.limit = SPILL_AFTER if limit is None else limit
        self._mem: set[str] = set()  # every key before spilling; after, those not flushed
        self._db: sqlite3.Connection | None = None

    def add(self, key: str) -> None:
        mem = self._mem
        mem.add(key)
        if len(mem) > (self.limit if self._db is None else _BUFFER):
            self._flush()

    def __contains__(self, key: str) -> bool:
        if key in self._mem:
            return True
        if self._db is None:
            return False
        return self._db.execute("SELECT 1 FROM ks WHERE k = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        if self._db is None:
            return len(self._mem)
        self._flush()
        return int(self._db.execute("SELECT count(*) FROM ks").fetchone()[0])

    def _flush(self) -> None:
        db = self._db
        if db is None:
            db = self._db = _temporary("CREATE TABLE ks (k TEXT PRIMARY KEY) WITHOUT ROWID")
        batch, self._mem = self._mem, set()
        # In key order: B-tree inserts walk forward instead of jumping about.
        _write(db, "INSERT OR IGNORE INTO ks VALUES (?)", ((k,) for k in sorted(batch)))

    def close(self) -> None:
        self._mem = set()
        if self._db is not None:
            self._db.close()
            self._db = None


class SpillList(Generic[V]):
    """An append-only list, in memory up to ``limit`` items, in order.

    >>> items: SpillList[str] = SpillList(limit=2)
    >>> for x in "abcde":
    ...     items.append(x)
    >>> list(items), len(items)
    (['a', 'b', 'c', 'd', 'e'], 5)
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = SPILL_AFTER if limit is None else limit
        self._mem: list[V] = []
        self._db: sqlite3.Connection | None = None
        self._count = 0

    def append(self, item: V) -> None:
        self._mem.append(item)
        if len(self._mem) > (self.limit if self._db is None else _BUFFER):
            self._flush()

    def __len__(self) -> int:
        return self._count + len(self._mem)

    def __iter__(self) -> Iterator[V]:
        if self._db is not None:
            self._flush()
            last = 0
            while True:
                rows = self._db.execute(
                    "SELECT rowid, v FROM items WHERE rowid > ? ORDER BY rowid LIMIT ?",
                    (last, _CHUNK),
                ).fetchall()
                if not rows:
                    break
                for _, v in rows:
                    yield pickle.loads(v)
                last = rows[-1][0]
        yield from list(self._mem)

    def _flush(self) -> None:
        db = self._db
        if db is None:
            db = self._db = _temporary("CREATE TABLE items (v BLOB)")
        batch, self._mem = self._mem, []
        _write(db, "INSERT INTO items(v) VALUES (?)", ((pickle.dumps(v),) for v in batch))
        self._count += len(batch)

    def close(self) -> None:
        self._mem = []
        if self._db is not None:
            self._db.close()
            self._db = None
        self._count = 0
