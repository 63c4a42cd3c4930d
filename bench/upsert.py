"""Upsert throughput of the SQLite store on the synthetic demo graph.

    python -m bench.upsert --companies 100000

Generates the graph with ``graph.synth.Synth`` into memory first (generation is timed
apart), upserts the nodes then the relationships into a fresh SQLite file, and prints
rows per second for nodes, relationships and the total, and the file size.  Target on
the 2-core reference machine: >= 100,000 rows/s total.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import click

from graph.store.base import DEFAULT_BATCH
from graph.store.sqlite import SQLiteStore
from graph.synth import Synth


def _size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


@click.command()
@click.option("--companies", default=100_000, show_default=True)
@click.option("--seed", default=20261121, show_default=True)
@click.option("--batch", default=DEFAULT_BATCH, show_default=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write (must not exist); default: a temporary directory.",
)
@click.option(
    "--bulk/--no-bulk",
    default=True,
    show_default=True,
    help="Both upserts in one store.bulk() load, as write_demo and the loaders do.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(companies: int, seed: int, batch: int, db: Path | None, bulk: bool, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = db or Path(tmp) / "bench.db"
        if path.exists():
            raise click.UsageError(f"{path} exists; the benchmark needs a fresh file")
        t0 = time.perf_counter()
        synth = Synth(companies, seed)
        nodes = list(synth.nodes())
        rels = list(synth.rels())
        gen = time.perf_counter() - t0

        with SQLiteStore.from_url(f"sqlite:///{path}") as store:
            c1, t1 = time.process_time(), time.perf_counter()
            with store.bulk() if bulk else nullcontext():
                n_nodes = store.upsert_nodes(nodes, batch_size=batch)
                t2 = time.perf_counter()
                n_rels = store.upsert_rels(rels, batch_size=batch)
            c3, t3 = time.process_time(), time.perf_counter()
            skipped = len(store.skipped_rels)
        size = _size(path)
    result = {
        "companies": companies,
        "bulk": bulk,
        "nodes": n_nodes,
        "rels": n_rels,
        "rels_skipped": skipped,
        "generate_s": round(gen, 2),
        "nodes_s": round(t2 - t1, 2),
        "rels_s": round(t3 - t2, 2),
        "nodes_per_s": round(n_nodes / (t2 - t1)),
        "rels_per_s": round(n_rels / (t3 - t2)),
        "total_per_s": round((n_nodes + n_rels) / (t3 - t1)),
        "file_mb": round(size / 2**20, 1),
        # CPU seconds of the upserts: steadier than wall time on a shared machine.
        "cpu_s": round(c3 - c1, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{n_nodes:,} nodes in {result['nodes_s']} s: {result['nodes_per_s']:,} rows/s\n"
        f"{n_rels:,} rels in {result['rels_s']} s: {result['rels_per_s']:,} rows/s"
        + (f" ({skipped} skipped)" if skipped else "")
        + f"\ntotal {result['total_per_s']:,} rows/s; file {result['file_mb']} MB; "
        f"CPU {result['cpu_s']} s; "
        f"peak RSS {result['peak_rss_mb']} MB"
        f"\n"
        f" (generation {result['generate_s']} s, not counted)"
    )


if __name__ == "__main__":
    main()
