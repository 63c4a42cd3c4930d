"""Server-side time of the explorer's heaviest views on the demo graph (not a test).

    python bench/ui.py [--companies 3000] [--repeat 5] [--json]

Builds the demo graph (``graph.synth.write_demo``) in a temporary SQLite file, then
times the view-model functions the pages call, exactly as the pages call them:

- entity page: ``profile`` + ``entity_view`` (officers, stakes with look-through
  shares, listings) + ``entity_findings`` (China rules and sanctions regimes) for
  the listed company with the most relationships; cold (first call, with the OWNS
  export the page caches per day) and warm (export cached, as on the next visit);
- network: ``ego_html`` (neighbourhood, listing badges, pyvis, offline HTML) of a
  hub at 3 hops with a 50-link cap, which reaches the store's 500-node limit.

Target: each below 1 s.  Prints median and worst of ``--repeat`` runs.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.model import NodeType, RelType
from graph.store.base import Store
from graph.store.sqlite import SQLiteStore
from graph.synth import AS_OF, write_demo
from ui.entity_profile import profile
from ui.entity_view import entity_view
from ui.network import ego_html
from ui.ownership import owns_edges
from ui.risk_view import entity_findings

TARGET = 1.0


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times, out


def _busiest(store: Store, types: list[RelType], only: set[str] | None = None) -> str:
    edges = store.export_edges(types)
    degree: Counter[str] = Counter()
    for s, d in zip(edges.src.tolist(), edges.dst.tolist(), strict=True):
        degree[edges.node_ids[s]] += 1
        degree[edges.node_ids[d]] += 1
    for nid, _ in degree.most_common():
        if only is None or nid in only:
            return nid
    raise SystemExit("no entity to benchmark")


def entity_page(store: Store, entity_id: str, day: date, cached: bool) -> int:
    owns = owns_edges(store, day) if not cached else _CACHE.setdefault(day, owns_edges(store, day))
    prof = profile(store, entity_id)
    entity_view(store, prof.node, day, owns)
    return len(entity_findings(store, prof.node.id, day).findings)


_CACHE: dict[date, Any] = {}


@click.command()
@click.option("--companies", default=3000, show_default=True)
@click.option("--seed", default=20261121, show_default=True)
@click.option("--repeat", default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def main(companies: int, seed: int, repeat: int, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        t = time.perf_counter()
        with SQLiteStore.from_url(url) as store:
            write_demo(store, companies=companies, seed=seed)
        build = time.perf_counter() - t
        with SQLiteStore.from_url(url, read_only=True) as store:
            listed_edges = store.export_edges([RelType.LISTED_ON])
            listed = {listed_edges.node_ids[int(s)] for s in listed_edges.src.tolist()}
            companies_listed = {
                n for n, node in store.get_many(sorted(listed)).items()
                if node.type is NodeType.COMPANY
            }  # fmt: skip
            subject = _busiest(store, [RelType.OWNS, RelType.OFFICER_OF], companies_listed)
            cold, n_findings = _timed(lambda: entity_page(store, subject, AS_OF, False), repeat)
            warm, _ = _timed(lambda: entity_page(store, subject, AS_OF, True), repeat)
            hub = _busiest(store, [RelType.OWNS, RelType.OFFICER_OF])
            net, got = _timed(
                lambda: ego_html(store, hub, hops=3, cap=50, as_of=None, listed_on=AS_OF), repeat
            )
            html, nb = got
    figures = {
        "companies": companies,
        "build_seconds": round(build, 2),
        "entity": subject,
        "findings": n_findings,
        "entity_page_cold_s": {
            "median": round(statistics.median(cold), 3),
            "max": round(max(cold), 3),
        },
        "entity_page_warm_s": {
            "median": round(statistics.median(warm), 3),
            "max": round(max(warm), 3),
        },
        "network_hub": hub,
        "network_nodes": len(nb.nodes),
        "network_rels": len(nb.rels),
        "network_html_kb": len(html) // 1024,
        "network_s": {"median": round(statistics.median(net), 3), "max": round(max(net), 3)},
        "target_s": TARGET,
    }
    if as_json:
        click.echo(json.dumps(figures))
        return
    click.echo(f"demo graph: {companies} companies, built in {build:.1f} s")
    click.echo(f"entity page ({subject}, {n_findings} findings): "
               f"cold median {statistics.median(cold):.3f} s (max {max(cold):.3f}), "
               f"warm median {statistics.median(warm):.3f} s (max {max(warm):.3f})")  # fmt: skip
    click.echo(f"network ({hub}, 3 hops, cap 50): {len(nb.nodes)} nodes, {len(nb.rels)} rels, "
               f"{len(html) // 1024} KB HTML: median {statistics.median(net):.3f} s "
               f"(max {max(net):.3f})")  # fmt: skip
    worst = max(max(cold), max(net))
    click.echo(f"target < {TARGET:.1f} s: {'met' if worst < TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
