"""SQLite schema and connection opening for the embedded store.

Nodes and relationships are keyed by an integer ``rid`` (small indexes, fast
export); text ids live in unique columns and every alias in ``aliases``.  Shares
keep float bounds for fast filtering beside exact ``num/den`` text; dates are
ordinal days with 0 and ``MAX_DAY`` for open ends, so ``as_of`` is two comparisons.

>>> path_of_url("sqlite:///./credgraph.db")
'./credgraph.db'
>>> path_of_url("sqlite:////var/lib/x.db")
'/var/lib/x.db'
>>> path_of_url("sqlite:///:memory:")
':memory:'
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from graph.errors import StoreUnavailable
from graph.store.sqlite_names import finish_fts, fts_pending

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
CACHE_KIB = 64 * 1024
SORT_THREADS = 2

SCHEMA = """
CREATE TABLE nodes (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,  -- unique: index nodes_id
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    names TEXT NOT NULL,
    ids TEXT NOT NULL,
    props TEXT NOT NULL,
    provenance TEXT NOT NULL,
    valid_from TEXT,
    valid_to TEXT
);
CREATE TABLE aliases (
    alias TEXT PRIMARY KEY,
    rid INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE names (
    rid INTEGER PRIMARY KEY,
    node INTEGER NOT NULL,
    text TEXT NOT NULL,
    key TEXT NOT NULL,
    kind INTEGER NOT NULL  -- 0 a name as written, 1 its toneless pinyin
);
CREATE VIRTUAL TABLE names_tri USING fts5(
    key, content='names', content_rowid='rid', tokenize='trigram'
);
CREATE VIRTUAL TABLE names_bi USING fts5(grams, content='', tokenize='unicode61');
-- Merge FTS segments less eagerly: ~10% faster bulk loads, measured, for a few more
-- segments per query.
INSERT INTO names_tri(names_tri, rank) VALUES ('automerge', 16);
INSERT INTO names_bi(names_bi, rank) VALUES ('automerge', 16);
CREATE TABLE rels (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,  -- unique: index rels_id
    type TEXT NOT NULL,
    src INTEGER NOT NULL,
    dst INTEGER NOT NULL,
    role TEXT,
    share_lo REAL,
    share_hi REAL,
    share_lo_x TEXT,
    share_hi_x TEXT,
    lo_open INTEGER NOT NULL DEFAULT 0,
    hi_open INTEGER NOT NULL DEFAULT 0,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    props TEXT NOT NULL,
    provenance TEXT NOT NULL
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value
) WITHOUT ROWID;
CREATE TABLE unproposed (
    id TEXT PRIMARY KEY  -- an entity written whose name candidates are not yet proposed
) WITHOUT ROWID;
"""

# Secondary indexes, created at open if missing: a bulk load into an empty table
# drops them and builds them once at the end (sorting beats random B-tree inserts).
# The id indexes are unique indexes rather than UNIQUE columns so that a bulk load can
# drop them too (files made before that keep their automatic index, and no second).
SECONDARY_INDEXES: dict[str, tuple[str, str]] = {
    "nodes_id": ("nodes", "CREATE UNIQUE INDEX IF NOT EXISTS nodes_id ON nodes(id)"),
    "rels_id": ("rels", "CREATE UNIQUE INDEX IF NOT EXISTS rels_id ON rels(id)"),
    "names_key": ("names", "CREATE INDEX IF NOT EXISTS names_key ON names(key)"),
    # Id and the other end too: an ego network reads a hub's first links by (type, id)
    # and counts them from the index alone (``sqlite_ego``).  Files made before keep
    # their (src, type) and (dst, type) indexes, which answer the same queries slower.
    "rels_src": ("rels", "CREATE INDEX IF NOT EXISTS rels_src ON rels(src, type, id, dst)"),
    "rels_dst": ("rels", "CREATE INDEX IF NOT EXISTS rels_dst ON rels(dst, type, id, src)"),
}


def path_of_url(url: str) -> str:
    """The file path in a ``sqlite:///`` URL (three slashes, then a relative or absolute path)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise StoreUnavailable(
            f"not a SQLite store URL: {url!r}; use sqlite:///relative/path.db or "
            "sqlite:////absolute/path.db",
            url=url,
        )
    return url[len(prefix) :]


def connect(url: str, read_only: bool) -> sqlite3.Connection:
    """Open the database a URL names, creating nothing unless writing to an existing directory."""
    path = path_of_url(url)
    memory = path == ":memory:"
    try:
        if memory:
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        else:
            p = Path(path)
            if not p.parent.is_dir():
                raise StoreUnavailable(
                    f"cannot open {url}: directory {str(p.parent)!r} does not exist",
                    url=url,
                    path=path,
                )
            if p.is_dir():
                raise StoreUnavailable(
                    f"cannot open {url}: {path!r} is a directory", url=url, path=path
                )
            if read_only and not p.exists():
                raise StoreUnavailable(
                    f"cannot open {url} read-only: {path!r} does not exist", url=url, path=path
                )
            if read_only:
                return _read_only(url, p)
            target = f"file:{quote(str(p.resolve()))}"
            conn = sqlite3.connect(target, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            if not memory:
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # Checkpoint every 64 MB of WAL instead of 4 MB: bulk loads rewrite the same
            # index pages in every batch, and each checkpoint copied them again.
            conn.execute("PRAGMA wal_autocheckpoint = 16384")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        _ensure_schema(conn, url, path, read_only)
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"cannot open {url}: {exc}", url=url, path=path) from exc
    return conn


# Primary result codes of a read-only open that could not create the WAL index (-shm)
# beside the file: SQLITE_READONLY (8) and SQLITE_CANTOPEN (14).
_NO_INDEX = frozenset({8, 14})


def _open_ro(p: Path, url: str, *, immutable: bool) -> sqlite3.Connection:
    query = "?mode=ro&immutable=1" if immutable else "?mode=ro"
    conn = sqlite3.connect(
        f"file:{quote(str(p.resolve()))}{query}",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        _ensure_schema(conn, url, str(p), read_only=True)  # the first read of the file
    except BaseException:
        conn.close()
        raise
    return conn


def _read_only(url: str, p: Path) -> sqlite3.Connection:
    """Open read-only; in a folder the reader cannot write, read the file as immutable.

    A store in WAL mode is read through its index (``-shm``), which SQLite creates
    beside the file on first read.  Where it cannot (a read-only copy, a folder shared
    without write access) the open fails, and ``immutable=1`` reads the main file alone,
    without the index or locks.  That is right only when the write-ahead log holds
    nothing the main file lacks: every credgraph writer checkpoints it when it closes,
    but one that died leaves commits there, which an immutable read would not see, so
    then the store is refused.  An immutable read also assumes that no one writes the
    file while it is open (docs/SECURITY.md).
    """
    try:
        return _open_ro(p, url, immutable=False)
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF not in _NO_INDEX:
            raise
        wal = Path(f"{p}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreUnavailable(
                f"cannot open {url} read-only: its write-ahead log {wal.name} holds changes "
                f"the main file lacks, and reading them needs an index ({p.name}-shm) that "
                f"cannot be created in {str(p.parent)!r}; checkpoint it where it can be "
                f"written (sqlite3 {p.name} 'PRAGMA wal_checkpoint(TRUNCATE)'), or copy it "
                "with its -shm file",
                url=url,
                path=str(p),
            ) from exc
    return _open_ro(p, url, immutable=True)


def _ensure_schema(conn: sqlite3.Connection, url: str, path: str, read_only: bool) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION:
        if not read_only:
            conn.execute(_META)  # files made before the tables existed
            conn.execute(_UNPROPOSED)
            finish_bulk(conn)  # a bulk load that died before finishing
        return
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreUnavailable(
            f"{url} has schema version {version}; this credgraph reads up to {SCHEMA_VERSION}",
            url=url,
            path=path,
            version=version,
        )
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        conn.close()
        raise StoreUnavailable(
            f"{url} is not a credgraph store (it has other tables)", url=url, path=path
        )
    if read_only:
        conn.close()
        raise StoreUnavailable(
            f"{url} is an empty database, not a credgraph store", url=url, path=path
        )
    conn.execute("BEGIN IMMEDIATE")
    create_schema(conn)
    conn.execute("COMMIT")


def create_schema(conn: sqlite3.Connection) -> None:
    """Create every table and index of an empty database (inside the caller's transaction)."""
    for stmt in SCHEMA.split(";\n"):
        if stmt.strip():
            conn.execute(stmt)
    for _name, ddl in index_ddl(conn):
        conn.execute(ddl)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID"
_UNPROPOSED = "CREATE TABLE IF NOT EXISTS unproposed (id TEXT PRIMARY KEY) WITHOUT ROWID"


def index_ddl(conn: sqlite3.Connection, table: str | None = None) -> list[tuple[str, str]]:
    """(name, CREATE INDEX) of the secondary indexes this file uses, of ``table`` or all."""
    auto = {
        t
        for (t,) in conn.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'index' "
            "AND name LIKE 'sqlite_autoindex_%' AND tbl_name IN ('nodes', 'rels')"
        )
    }
    return [
        (name, ddl)
        for name, (t, ddl) in SECONDARY_INDEXES.items()
        if (table is None or t == table) and not (name.endswith("_id") and t in auto)
    ]


def finish_bulk(conn: sqlite3.Connection) -> None:
    """Complete what a bulk load defers: FTS5 rows (``finish_fts``), then the missing
    secondary indexes."""
    if fts_pending(conn) is not None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            finish_fts(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    build_indexes(conn)


def build_indexes(conn: sqlite3.Connection) -> None:
    """Create the secondary indexes this file lacks (a bulk load dropped them)."""
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = [ddl for name, ddl in index_ddl(conn) if name not in have]
    if not missing:
        return
    # CREATE INDEX sorts with helper threads when allowed: the second core builds
    # half of each index's sorted runs.
    threads = int(conn.execute("PRAGMA threads").fetchone()[0])
    conn.execute(f"PRAGMA threads = {SORT_THREADS}")
    try:
        for ddl in missing:
            conn.execute(ddl)
    finally:
        conn.execute(f"PRAGMA threads = {threads}")
