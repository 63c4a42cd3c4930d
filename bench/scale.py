"""Bulk load of the synthetic graph at scale: rows per second into a store.

The generator streams (``graph.synth.Synth``), so a million companies never sit in
memory as records.  Generation is timed on its own first (one pass over nodes and
relationships without a store), then the load streams the same records into the
store; rows/s is reported both end to end and net of generation.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from graph.model import Node, Rel
from graph.store.base import DEFAULT_BATCH, Store


def generate(node_iter: Iterable[Node], rel_iter: Iterable[Rel]) -> dict[str, Any]:
    """One pass over the records without a store: counts and seconds."""
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    t0 = time.perf_counter()
    for n in node_iter:
        nodes[n.type.value] += 1
    for r in rel_iter:
        rels[r.type.value] += 1
    return {
        "nodes": dict(nodes),
        "rels": dict(rels),
        "rows": sum(nodes.values()) + sum(rels.values()),
        "seconds": time.perf_counter() - t0,
    }


def load(
    store: Store,
    nodes: Iterable[Node],
    rels: Iterable[Rel],
    batch: int = DEFAULT_BATCH,
    gen_s: float = 0.0,
) -> dict[str, Any]:
    """Stream ``nodes`` then ``rels`` into ``store`` and time it; ``gen_s`` is what
    producing those records alone took, for the net figure."""
    t0 = time.perf_counter()
    n_nodes = store.upsert_nodes(nodes, batch_size=batch)
    t1 = time.perf_counter()
    n_rels = store.upsert_rels(rels, batch_size=batch)
    t2 = time.perf_counter()
    rows = n_nodes + n_rels
    total = t2 - t0
    return {
        "nodes": n_nodes,
        "rels": n_rels,
        "rows": rows,
        "nodes_s": t1 - t0,
        "rels_s": t2 - t1,
        "seconds": total,
        "rows_per_s": rows / total,
        "rows_per_s_net": rows / (total - gen_s) if gen_s and total > gen_s else None,
    }
