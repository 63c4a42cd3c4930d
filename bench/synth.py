"""Generation speed and memory of the synthetic demo graph (no store involved).

    python bench/synth.py --companies 1000000

Prints one JSON line: counts per type, seconds for each pass (the nodes pass includes
building the per-company plan), records per second overall and peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.synth import Synth


@click.command()
@click.option("--companies", default=1_000_000, show_default=True)
@click.option("--seed", default=20261121, show_default=True)
def main(companies: int, seed: int) -> None:
    synth = Synth(companies, seed)
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    t0 = time.perf_counter()
    for n in synth.nodes():
        nodes[n.type.value] += 1
    t1 = time.perf_counter()
    for r in synth.rels():
        rels[r.type.value] += 1
    t2 = time.perf_counter()
    total = sum(nodes.values()) + sum(rels.values())
    print(
        json.dumps(
            {
                "companies": companies,
                "persons": synth.persons,
                "nodes": dict(nodes),
                "rels": dict(rels),
                "records": total,
                "nodes_seconds": round(t1 - t0, 2),
                "rels_seconds": round(t2 - t1, 2),
                "records_per_second": round(total / (t2 - t0)),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
