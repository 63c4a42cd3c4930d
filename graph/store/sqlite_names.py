"""The SQLite store's name index: ``names`` rows and their two FTS5 indexes.

Every name of a node is one ``names`` row (the name as written and its folded key),
plus one row for its toneless pinyin when it has Chinese characters.  The trigram
index ``names_tri`` reads its text from ``names.key`` (external content); the bigram
index ``names_bi`` is contentless and gets its tokens at insert time.

Writes add ``names`` rows (and remove a node's rows for a name it lost, with their FTS5
entries: ``unindex_names``) and leave the FTS5 work to one set-based pass when the
store's write call (or ``SQLiteStore.bulk`` block) ends: ``finish_fts``.  FTS5 inserts
row by row, batch by batch, cost twice as much (segment flushes and merges per commit).
(A large load into a store without names has that pass made beside it, on another
core: ``sqlite_ftsbuild``.)
The first ``names`` rid not yet in the FTS5 indexes is kept in ``meta`` (``fts_from``),
in the same transaction as the rows, so a load killed half-way leaves a consistent
database that the next writable open (or the next write) completes.

>>> conn = sqlite3.connect(":memory:", isolation_level=None)
>>> from graph.store.sqlite_schema import create_schema
>>> create_schema(conn)
>>> len(index_names(conn, [(1, name_keys(["华为技术", "Huawei"]), set())]))
3
>>> fts_pending(conn)
1
>>> finish_fts(conn), fts_pending(conn)
(3, None)
>>> conn.execute("SELECT rowid FROM names_bi WHERE names_bi MATCH '华为'").fetchall()
[(1,)]
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from graph.store.textindex import bigrams_of_folded, fold, pinyin_of_folded

# (name as written, folded key, toneless pinyin or None)
NameKeys = tuple[str, str, str | None]

_FTS_FROM = "fts_from"
# Rows per bigram insert pass while finishing: bounds memory at a million companies.
_FINISH_CHUNK = 50_000


def name_keys(names: Iterable[str]) -> list[NameKeys]:
    """Index keys for each distinct non-empty name (bigrams are made by ``finish_fts``).

    >>> name_keys(["华为", "", "华为", "ＡＢ"])
    [('华为', '华为', 'huawei'), ('ＡＢ', 'ab', None)]
    """
    out: list[NameKeys] = []
    seen: set[str] = set()
    for text in names:
        if not text or text in seen:
            continue
        seen.add(text)
        key = fold(text)
        out.append((text, key, pinyin_of_folded(key)))
    return out


def fts_pending(conn: sqlite3.Connection) -> int | None:
    """The first ``names`` rid missing from the FTS5 indexes, or None when all are in."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_FTS_FROM,)).fetchone()
    return None if row is None else int(row[0])


NameRow = tuple[int, int, str, str, int]  # rid, node rid, text, key, kind


def index_names(
    conn: sqlite3.Connection, changed: list[tuple[int, list[NameKeys], set[str | None]]]
) -> list[NameRow]:
    """Add ``names`` rows for (node rid, new names, pinyin keys the node already has),
    and mark them pending for ``finish_fts`` (a transaction is open); returns the rows."""
    if not changed:
        return []
    rid = int(conn.execute("SELECT coalesce(max(rid), 0) FROM names").fetchone()[0])
    first = rid + 1
    rows: list[NameRow] = []
    for node, keys, had_py in changed:
        for text, key, py in keys:
            rid += 1
            rows.append((rid, node, text, key, 0))
            if py and py not in had_py:
                had_py.add(py)
                rid += 1
                rows.append((rid, node, py, py, 1))
    conn.executemany("INSERT INTO names VALUES (?,?,?,?,?)", rows)
    conn.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (_FTS_FROM, first))
    return rows


def unindex_names(conn: sqlite3.Connection, node: int, keep: Iterable[str]) -> int:
    """Remove node ``node``'s ``names`` rows for names it no longer has (a stub's
    placeholder, once a real record names it), and their FTS5 entries; returns how
    many rows went.  A transaction is open, and no FTS5 build runs beside it.

    Rows already in the FTS5 indexes are deleted from them too, with the values they
    were indexed with (``names_bi`` is contentless): a stale entry would otherwise
    outlive its row and, once ``index_names`` reuses the rid, find another node.
    """
    kept = set(keep)
    kept_py = {py for x in kept if (py := pinyin_of_folded(fold(x)))}
    rows = conn.execute("SELECT rid, text, key, kind FROM names WHERE node = ?", (node,)).fetchall()
    gone = [r for r in rows if (r[2] not in kept_py if r[3] else r[1] not in kept)]
    if not gone:
        return 0
    pending = fts_pending(conn)
    indexed = [r for r in gone if pending is None or r[0] < pending]
    conn.executemany(
        "INSERT INTO names_tri(names_tri, rowid, key) VALUES ('delete', ?, ?)",
        [(r[0], r[2]) for r in indexed],
    )
    conn.executemany(
        "INSERT INTO names_bi(names_bi, rowid, grams) VALUES ('delete', ?, ?)",
        [(r[0], bigrams_of_folded(r[2])) for r in indexed if r[3] == 0],
    )
    conn.executemany("DELETE FROM names WHERE rid = ?", [(r[0],) for r in gone])
    return len(gone)


def finish_fts(conn: sqlite3.Connection) -> int:
    """Add the pending ``names`` rows to both FTS5 indexes (a transaction is open or
    the caller accepts autocommit); returns how many rows were added."""
    start = fts_pending(conn)
    if start is None:
        return 0
    # Set-based: the trigram index reads its own content; only the bigram tokens
    # need Python (the tokenizer cannot make them).
    done = conn.execute(
        "INSERT INTO names_tri(rowid, key) SELECT rid, key FROM names WHERE rid >= ?", (start,)
    ).rowcount
    last = start - 1
    while True:
        rows = conn.execute(
            "SELECT rid, key FROM names WHERE rid > ? AND kind = 0 ORDER BY rid LIMIT ?",
            (last, _FINISH_CHUNK),
        ).fetchall()
        if not rows:
            break
        last = rows[-1][0]
        conn.executemany(
            "INSERT INTO names_bi(rowid, grams) VALUES (?, ?)",
            [(r, bigrams_of_folded(k)) for r, k in rows],
        )
    conn.execute("DELETE FROM meta WHERE key = ?", (_FTS_FROM,))
    return int(done)
