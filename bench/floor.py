"""What the SQLite store's schema costs on its own: the ceiling of any write path.

    python -m bench.floor --companies 100000

Builds the demo graph into a store as ``bench.upsert`` does, then writes the same
rows again into a fresh file with the same schema, with none of credgraph's Python:
every table's rows, already as column tuples, through ``executemany`` in
``DEFAULT_BATCH``-row transactions (what any Python writer pays: binding, B-tree,
WAL), the trigram index by ``INSERT ... SELECT``, the bigram index from texts made
beforehand, then the secondary indexes.  The sum is the time a load of these rows
cannot go under on this machine with this schema, whatever the Python in front of
it, less the FTS5 steps, which a fresh load runs beside the rest
(``graph.store.sqlite_ftsbuild``): ``rows / (sum - FTS5)`` is the ceiling in rows/s.
(Generous even so: aliases go in in key order, cheaper than a load's order.)  ``--c-only`` copies the tables by
``INSERT ... SELECT`` from the first file instead (no Python binding at all).

``--least`` asks the other question: what SQLite itself could do with the least schema
the issues' features need (per node its id, type, name and provenance under a unique
id index; per relationship its type, ends and provenance under an index on each end;
a trigram index of the names), copied with no Python binding and the trigram index
built on the second core at the same time.  Its ceiling, set against this schema's,
says how much of a load's time is SQLite's and how much the schema's width and the
Python that fills it.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import click

from graph.store.base import DEFAULT_BATCH
from graph.store.sqlite import SQLiteStore
from graph.store.sqlite_schema import build_indexes, connect, index_ddl
from graph.store.textindex import bigrams_of_folded
from graph.synth import Synth

_TABLES = ("nodes", "aliases", "names", "rels")


def _source(path: Path, companies: int, seed: int) -> None:
    synth = Synth(companies, seed)
    with SQLiteStore.from_url(f"sqlite:///{path}") as store, store.bulk():
        store.upsert_nodes(synth.nodes())
        store.upsert_rels(synth.rels())


def floor(source: Path, target: Path, c_only: bool) -> dict[str, Any]:
    """Seconds per step of writing ``source``'s rows into a fresh store at ``target``."""
    src = sqlite3.connect(source)
    rows = {t: src.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in _TABLES}
    grams = [
        (rid, bigrams_of_folded(key))
        for rid, key in src.execute("SELECT rid, key FROM names WHERE kind = 0 ORDER BY rid")
    ]
    src.close()
    conn = connect(f"sqlite:///{target}", read_only=False)
    for name, _ddl in index_ddl(conn):
        conn.execute(f"DROP INDEX {name}")  # as a bulk load into an empty store does
    conn.execute("PRAGMA cache_size = -524288")
    if c_only:
        conn.execute("ATTACH ? AS src", (str(source),))
    steps: dict[str, float] = {}

    def step(name: str, sql: str, params: list[tuple[Any, ...]] | None = None) -> None:
        t = time.perf_counter()
        if params is None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql)
            conn.execute("COMMIT")
        for k in range(0, len(params or ()), DEFAULT_BATCH):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, (params or [])[k : k + DEFAULT_BATCH])
            conn.execute("COMMIT")
        steps[name] = time.perf_counter() - t

    for t in _TABLES:
        if c_only:
            step(t, f"INSERT INTO {t} SELECT * FROM src.{t}")
        else:
            step(t, f"INSERT INTO {t} VALUES ({', '.join('?' * len(rows[t][0]))})", rows[t])
    step("fts_trigram", "INSERT INTO names_tri(rowid, key) SELECT rid, key FROM names")
    step("fts_bigram", "INSERT INTO names_bi(rowid, grams) VALUES (?, ?)", grams)
    t0 = time.perf_counter()
    build_indexes(conn)
    steps["secondary_indexes"] = time.perf_counter() - t0
    conn.close()
    n_rows = len(rows["nodes"]) + len(rows["rels"])
    total = sum(steps.values())
    beside = steps["fts_trigram"] + steps["fts_bigram"]
    return {
        "rows": n_rows,
        "c_only": c_only,
        "steps_s": {k: round(v, 2) for k, v in steps.items()},
        "total_s": round(total, 2),
        "critical_s": round(total - beside, 2),
        "ceiling_rows_per_s": round(n_rows / (total - beside)),
    }


_LEAST_SCHEMA = """
CREATE TABLE nodes (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL,
    name TEXT NOT NULL, provenance TEXT NOT NULL);
CREATE TABLE rels (rid INTEGER PRIMARY KEY, type TEXT NOT NULL, src INTEGER NOT NULL,
    dst INTEGER NOT NULL, provenance TEXT NOT NULL);
"""
_LEAST_STEPS = (
    ("nodes", "INSERT INTO nodes SELECT rid, id, type, name, provenance FROM src.nodes"),
    ("rels", "INSERT INTO rels SELECT rid, type, src, dst, provenance FROM src.rels"),
    ("nodes_id", "CREATE UNIQUE INDEX nodes_id ON nodes(id)"),
    ("rels_src", "CREATE INDEX rels_src ON rels(src)"),
    ("rels_dst", "CREATE INDEX rels_dst ON rels(dst)"),
)


def least_floor(source: Path, target: Path) -> dict[str, Any]:
    """Seconds per step of copying ``source``'s rows into the least schema (see module)."""
    steps: dict[str, float] = {}

    def run(conn: sqlite3.Connection, name: str, sql: str) -> None:
        t = time.perf_counter()
        # Deferred: BEGIN IMMEDIATE would take the attached source's write lock too, and
        # the two connections would lock each other out of it.
        conn.execute("BEGIN")
        conn.execute(sql)
        conn.execute("COMMIT")
        steps[name] = time.perf_counter() - t

    def trigram() -> None:
        # A file of its own, so that the index builds while the main file is written.
        fts = sqlite3.connect(target.with_suffix(".fts"), isolation_level=None)
        fts.execute("PRAGMA journal_mode = OFF")
        fts.execute(
            "CREATE VIRTUAL TABLE names_tri USING fts5(key, content='', tokenize='trigram')"
        )
        fts.execute("ATTACH ? AS src", (str(source),))
        run(fts, "fts_trigram (beside)", "INSERT INTO names_tri(rowid, key) "
            "SELECT rid, key FROM src.names WHERE kind = 0")  # fmt: skip
        fts.close()

    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -524288")
    conn.executescript(_LEAST_SCHEMA)
    conn.execute("ATTACH ? AS src", (str(source),))
    beside = threading.Thread(target=trigram)
    t0 = time.perf_counter()
    beside.start()
    for name, sql in _LEAST_STEPS:
        run(conn, name, sql)
    beside.join()
    wall = time.perf_counter() - t0
    n_rows = int(
        conn.execute(
            "SELECT (SELECT count(*) FROM nodes) + (SELECT count(*) FROM rels)"
        ).fetchone()[0]
    )
    conn.close()
    return {
        "rows": n_rows,
        "least": True,
        "steps_s": {k: round(v, 2) for k, v in steps.items()},
        "total_s": round(wall, 2),
        "critical_s": round(wall, 2),
        "ceiling_rows_per_s": round(n_rows / wall),
    }


@click.command()
@click.option("--companies", default=100_000, show_default=True)
@click.option("--seed", default=20261121, show_default=True)
@click.option("--c-only", is_flag=True, help="Copy tables by INSERT ... SELECT (no binding).")
@click.option(
    "--least", is_flag=True, help="Copy into the least schema the features need (no binding)."
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A store loaded before (e.g. bench.upsert --db) to replay instead of a new one.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(
    companies: int, seed: int, c_only: bool, least: bool, db: Path | None, as_json: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = db or Path(tmp) / "source.db"
        if db is None:
            _source(source, companies, seed)
        target = Path(tmp) / "floor.db"
        result = least_floor(source, target) if least else floor(source, target, c_only)
    if as_json:
        click.echo(json.dumps(result))
        return
    for k, v in result["steps_s"].items():
        click.echo(f"{k:>20} {v:6.2f} s")
    if least:
        click.echo(
            f"{result['rows']:,} rows in {result['total_s']} s of SQLite alone with the least "
            f"schema, trigram index beside: at most {result['ceiling_rows_per_s']:,} rows/s "
            "on this machine"
        )
        return
    click.echo(
        f"{result['rows']:,} rows in {result['total_s']} s of SQLite alone, "
        f"{result['critical_s']} s without the FTS5 steps: at most "
        f"{result['ceiling_rows_per_s']:,} rows/s with this schema on this machine"
    )


if __name__ == "__main__":
    main()
