"""``python -m bench all|risk``: the national-scale benchmarks (see bench/README.md).

    python -m bench all --scale 1000000 [--store URL] [--out docs/PERFORMANCE.md]
    python -m bench risk --scale 1000000

``all`` generates the synthetic graph (plus the sanctions overlay of
``bench.listings``), bulk-loads it into the store (a temporary SQLite file unless
``--store`` names one; also Neo4j when ``NEO4J_URI`` is set), measures reads, exports
the edges and runs the whole-graph pass (ofac, eu, uk + look-through) with the engine
and with networkx, and writes the figures into ``--out``.  ``risk`` is the risk pass
alone (all four regimes) on arrays built straight from the generator.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

from bench.edges import edge_arrays
from bench.listings import sanctions_listings
from bench.machine import machine
from bench.reads import measure_reads
from bench.report import write
from bench.risk import whole_graph
from bench.scale import generate, load
from graph.catalog import load_catalog
from graph.errors import CredgraphError
from graph.model import Node, NodeType
from graph.store import open_store
from graph.store.base import DEFAULT_BATCH, Store
from graph.synth import AS_OF, Synth

ALL_REGIMES = ("ofac", "eu", "uk")
RISK_REGIMES = ("ofac", "bis", "eu", "uk")
SEED = 20261121


def _say(msg: str) -> None:
    click.echo(f"[{time.strftime('%H:%M:%S')}] {msg}", err=True)


def _list_regimes_of(store: Store) -> dict[str, str]:
    return {
        n.id: str(n.props["regime"])
        for n in store.iter_nodes([NodeType.LIST])
        if n.props.get("regime")
    }


def _catalog_list_regimes() -> dict[str, str]:
    return {
        r.id: str(r.props["regime"])
        for r in load_catalog().records()
        if isinstance(r, Node) and r.type is NodeType.LIST and r.props.get("regime")
    }


def _bench_store(
    url: str, synth: Synth, reuse: bool, gen_s: float, k: int, nx_sample: float, batch: int
) -> dict[str, Any]:
    out: dict[str, Any] = {"url": url}
    store = open_store(url)
    try:
        loaded = sum(store.stats().nodes.values())
        if loaded and not reuse:
            raise click.UsageError(
                f"{url} already holds {loaded:,} nodes: give an empty store, or --reuse to "
                "measure one loaded by an earlier run with the same --scale and --seed"
            )
        if not loaded:
            _say(f"loading into {url} ...")
            out["load"] = load(
                store,
                synth.nodes(),
                itertools.chain(synth.rels(), sanctions_listings(synth)),
                batch=batch,
                gen_s=gen_s,
            )
            _say(f"loaded: {out['load']['rows_per_s']:,.0f} rows/s")
        _say("reads ...")
        out["reads"] = measure_reads(store, synth, k=k)
        _say("edge export ...")
        t0 = time.perf_counter()
        edges = store.export_edges()
        out["export_s"] = time.perf_counter() - t0
        out["export_edges"] = len(edges)
        lr = _list_regimes_of(store)
    finally:
        store.close()
    _say("whole-graph pass: engine, then networkx ...")
    out["pass"] = whole_graph(edges, lr, ALL_REGIMES, AS_OF, nx_sample)
    return out


@click.group()
def main() -> None:
    """National-scale benchmarks (not tests)."""


@main.command("all")
@click.option("--scale", "companies", default=1_000_000, show_default=True)
@click.option("--seed", default=SEED, show_default=True)
@click.option("--store", "url", default=None, help="Store URL; default a temporary SQLite file.")
@click.option("--reuse", is_flag=True, help="Measure a store loaded by an earlier run.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--queries", default=200, show_default=True, help="Queries per read figure.")
@click.option(
    "--nx-sample",
    default=1.0,
    show_default=True,
    help="Fraction of companies the networkx look-through visits (1 = all; else scaled up).",
)
@click.option("--batch", default=DEFAULT_BATCH, show_default=True)
def all_(
    companies: int,
    seed: int,
    url: str | None,
    reuse: bool,
    out: Path | None,
    queries: int,
    nx_sample: float,
    batch: int,
) -> None:
    """Load, reads, whole-graph pass vs networkx; figures to --out (and stdout as JSON)."""
    res: dict[str, Any] = {
        "command": " ".join(["python -m bench", *sys.argv[1:]]),
        "machine": machine(),
        "companies": companies,
        "seed": seed,
        "stores": {},
    }
    synth = Synth(companies, seed)
    _say(f"generating {companies:,} companies (timed alone) ...")
    res["generated"] = generate(
        synth.nodes(), itertools.chain(synth.rels(), sanctions_listings(synth))
    )
    gen_s = res["generated"]["seconds"]
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_url = url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        try:
            name = "SQLite" if sqlite_url.startswith("sqlite") else "store"
            res["stores"][name] = _bench_store(
                sqlite_url, synth, reuse, gen_s, queries, nx_sample, batch
            )
            neo = os.environ.get("NEO4J_URI")
            if neo and not (url or "").startswith(("neo4j", "bolt")):
                res["stores"]["Neo4j"] = _bench_store(
                    neo, synth, reuse, gen_s, queries, nx_sample, batch
                )
        except CredgraphError as exc:
            raise click.ClickException(str(exc)) from exc
    if out is not None:
        write(out, res)
        _say(f"wrote {out}")
    click.echo(json.dumps(res, default=str))


@main.command("risk")
@click.option("--scale", "companies", default=1_000_000, show_default=True)
@click.option("--seed", default=SEED, show_default=True)
@click.option("--nx-sample", default=1.0, show_default=True)
@click.option("--no-nx", is_flag=True, help="Only the engine.")
def risk(companies: int, seed: int, nx_sample: float, no_nx: bool) -> None:
    """All four regimes + look-through for every company: engine vs networkx."""
    synth = Synth(companies, seed)
    _say(f"building edge arrays for {companies:,} companies ...")
    t0 = time.perf_counter()
    edges = edge_arrays(synth.nodes(), itertools.chain(synth.rels(), sanctions_listings(synth)))
    build_s = time.perf_counter() - t0
    _say(f"{len(edges):,} edges in {build_s:.0f} s; whole-graph pass ...")
    res = whole_graph(
        edges, _catalog_list_regimes(), RISK_REGIMES, AS_OF, nx_sample, with_nx=not no_nx
    )
    res["machine"] = machine()
    eng = res["engine"]
    click.echo(
        f"engine: {eng['wall_s']:.2f} s wall, {eng['cpu_s']:.2f} s CPU, "
        f"peak RSS {eng['peak_rss_mb']:,.0f} MB (targets <= 10 s, <= 4 GB)"
    )
    if not no_nx:
        chk = res["check"]
        click.echo(
            f"networkx: {res['networkx_wall_s_full']:.1f} s wall"
            + (" (look-through extrapolated)" if res["networkx_extrapolated"] else "")
            + f"; ratio {res['ratio']:.0f}x (target >= 50x); results "
            + ("identical" if chk["agree"] else "DIFFER")
        )
    click.echo(json.dumps(res, default=str))


if __name__ == "__main__":
    main()
