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
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
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


@click.command()
@click.option("--companies", default=100_000, show_default=True)
@click.option("--seed", default=20261121, show_default=True)
@click.option("--c-only", is_flag=True, help="Copy tables by INSERT ... SELECT (no binding).")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A store loaded before (e.g. bench.upsert --db) to replay instead of a new one.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(companies: int, seed: int, c_only: bool, db: Path | None, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = db or Path(tmp) / "source.db"
        if db is None:
            _source(source, companies, seed)
        result = floor(source, Path(tmp) / "floor.db", c_only)
    if as_json:
        click.echo(json.dumps(result))
        return
    for k, v in result["steps_s"].items():
        click.echo(f"{k:>20} {v:6.2f} s")
    click.echo(
        f"{result['rows']:,} rows in {result['total_s']} s of SQLite alone, "
        f"{result['critical_s']} s without the FTS5 steps: at most "
        f"{result['ceiling_rows_per_s']:,} rows/s with this schema on this machine"
    )


if __name__ == "__main__":
    main()
