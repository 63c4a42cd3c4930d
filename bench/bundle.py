"""Load speed of a generated CSV bundle through the loader pipeline (``credgraph load bundle``).

    python -m bench.bundle --rows 200000

Writes a bundle (``entities.csv``, ``relationships.csv``, ``listings.csv``) from the
demo graph into a temporary folder (timed apart), loads it into a fresh SQLite file
with ``loaders.pipeline.load`` as the CLI does, and prints records per second, the
load report's counts, CPU seconds and peak RSS.  Target (issue 3): >= 100,000
records/s on the 2-core reference machine.

Before the load, on the same files and with garbage collection off as in a load:
``read`` (the reader alone, no store) and ``dry`` (``load(..., dry_run=True)``: reader
plus pipeline, nothing written), so ``cpu_s - dry_cpu_s`` is what the store costs.
"""

from __future__ import annotations

import csv
import gc
import json
import resource
import tempfile
import time
from pathlib import Path

import click

from graph.model import NodeType, RelType
from graph.store.sqlite import SQLiteStore
from graph.synth import Synth
from loaders.bundle import ENTITY_COLUMNS, LISTING_COLUMNS, REL_COLUMNS, read_bundle
from loaders.pipeline import load

# Rows per company in the demo graph (nodes and relationships, catalog aside).
_ROWS_PER_COMPANY = 4.7


def write_bundle(folder: Path, companies: int, seed: int) -> int:
    """Write the demo graph's companies, persons, holdings, offices and listings."""
    synth = Synth(companies, seed)
    rows = 0
    kept: set[str] = set()
    with (folder / "entities.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ENTITY_COLUMNS)
        for n in synth.nodes():
            if n.type not in (NodeType.COMPANY, NodeType.PERSON):
                continue
            uscc = n.id.removeprefix("uscc:") if n.id.startswith("uscc:") else ""
            status = str(n.props.get("status") or "")
            w.writerow([n.id, n.type.value, n.name, ";".join(n.names), uscc, "", "cn", status])
            kept.add(n.id)
            rows += 1
    with (
        (folder / "relationships.csv").open("w", newline="", encoding="utf-8") as rf,
        (folder / "listings.csv").open("w", newline="", encoding="utf-8") as lf,
    ):
        rw, lw = csv.writer(rf), csv.writer(lf)
        rw.writerow(REL_COLUMNS)
        lw.writerow(LISTING_COLUMNS)
        for r in synth.rels():
            start = r.start.isoformat() if r.start else ""
            end = r.end.isoformat() if r.end else ""
            if r.type is RelType.LISTED_ON and r.src in kept:
                p = r.props
                lw.writerow(
                    [
                        r.src,
                        r.dst.removeprefix("list:"),
                        start,
                        end,
                        p.get("status", ""),
                        p.get("decision_no", ""),
                        p.get("reason", ""),
                        p.get("agency", ""),
                    ]
                )
            elif r.src in kept and r.dst in kept:
                share = r.share.as_text() if r.share else ""
                role = r.role.value if r.role else ""
                rw.writerow([r.type.value, r.src, r.dst, role, share, start, end, "", r.id])
            else:
                continue
            rows += 1
    return rows


@click.command()
@click.option("--rows", default=200_000, show_default=True, help="About this many CSV rows.")
@click.option("--seed", default=20261121, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(rows: int, seed: int, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bundle"
        folder.mkdir()
        t0 = time.perf_counter()
        written = write_bundle(folder, max(100, round(rows / _ROWS_PER_COMPANY)), seed)
        gen = time.perf_counter() - t0
        gc.collect()
        gc.disable()
        try:
            c0 = time.process_time()
            for _ in read_bundle(folder):
                pass
            read_cpu = time.process_time() - c0
            with SQLiteStore.from_url(f"sqlite:///{tmp}/dry.db") as store:
                c0 = time.process_time()
                load(store, "bundle", [folder], dry_run=True)
                dry_cpu = time.process_time() - c0
        finally:
            gc.enable()
        gc.collect()
        with SQLiteStore.from_url(f"sqlite:///{tmp}/bench.db") as store:
            c1, t1 = time.process_time(), time.perf_counter()
            report = load(store, "bundle", [folder])
            c2, t2 = time.process_time(), time.perf_counter()
            stats = store.stats().to_dict()
    result = {
        "csv_rows": written,
        "skipped": report.skipped_total,
        "nodes": stats["total_nodes"],
        "rels": stats["total_relationships"],
        "generate_s": round(gen, 2),
        "load_s": round(t2 - t1, 2),
        "cpu_s": round(c2 - c1, 2),
        "read_cpu_s": round(read_cpu, 2),
        "dry_cpu_s": round(dry_cpu, 2),
        "rows_per_s": round(written / (t2 - t1)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{written:,} CSV rows loaded in {result['load_s']} s ({result['cpu_s']} CPU s): "
        f"{result['rows_per_s']:,} rows/s; store {result['nodes']:,} nodes, "
        f"{result['rels']:,} relationships; peak RSS {result['peak_rss_mb']} MB\n"
        f"CPU s: reader {result['read_cpu_s']}, reader + pipeline (dry run) "
        f"{result['dry_cpu_s']}, store {round(c2 - c1 - dry_cpu, 2)}"
    )


if __name__ == "__main__":
    main()
