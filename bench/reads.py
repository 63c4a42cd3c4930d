"""Read latencies on a loaded store: search, ego network, shortest path, exposure.

Queries are drawn deterministically from the generator's own plan (so they hit real
names and codes of the graph being measured): Chinese trade names of 2 characters
(the FTS5 trigram index cannot serve those; the bigram index does), 3+ character
substrings, their toneless pinyin, and USCC codes.  Each query runs once after one
warm-up call; p50/p95 are over the runs (nearest-rank).
"""

from __future__ import annotations

import importlib.util
import math
import random
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from graph.store.base import Store
from graph.store.textindex import pinyin_key
from graph.synth import AS_OF, Synth
from graph.synth_names import INDUSTRIES, trade_name


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty list."""
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def _timed(calls: list[Callable[[], Any]]) -> dict[str, Any]:
    if calls:
        calls[0]()  # warm-up: first statement preparation, page cache
    ms: list[float] = []
    sizes: list[int] = []
    found = 0
    for call in calls:
        t0 = time.perf_counter()
        got = call()
        ms.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(got) if hasattr(got, "__len__") else 1)
        found += sizes[-1] > 0
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
        "mean_results": sum(sizes) / len(sizes),
        "found": found,
    }


def _samples(synth: Synth, k: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randrange(synth.generic_companies) for _ in range(k)]


def search_queries(synth: Synth, k: int, seed: int = 7) -> dict[str, list[str]]:
    """Per kind of search, ``k`` queries taken from companies of the graph."""
    plan = synth.plan
    out: dict[str, list[str]] = {"zh_2char": [], "zh_3plus": [], "pinyin": [], "uscc": []}
    for i in _samples(synth, 4 * k, seed):
        trade = trade_name(int(plan.trade[i]), int(plan.tlen[i]))
        if len(trade) == 2 and len(out["zh_2char"]) < k:
            out["zh_2char"].append(trade)
        if len(out["zh_3plus"]) < k:
            # The trade name and the industry's first character: a substring across
            # the parts of the name (region + trade + industry + form).
            out["zh_3plus"].append((trade + INDUSTRIES[int(plan.industry[i])][0])[:4])
        key = pinyin_key(trade)
        if key and len(out["pinyin"]) < k:
            out["pinyin"].append(key)
        if len(out["uscc"]) < k:
            out["uscc"].append(plan.company_id(i).removeprefix("uscc:"))
    return out


def measure_reads(store: Store, synth: Synth, k: int = 200, as_of: date = AS_OF) -> dict[str, Any]:
    """Search, ego network, shortest path and exposure latencies on ``store``."""
    res: dict[str, Any] = {"search": {}}
    for kind, queries in search_queries(synth, k).items():
        res["search"][kind] = _timed([lambda q=q: store.search(q, limit=20) for q in queries])
    plan = synth.plan
    egos = [plan.company_id(i) for i in _samples(synth, k, 11)]
    # Hubs and scenario companies belong in the sample: they are where caps matter.
    egos[: len(synth.hubs[:5])] = synth.hubs[:5]
    res["ego"] = _timed(
        [lambda c=c: store.neighbourhood(c, hops=2, cap=50, max_nodes=500).nodes for c in egos]
    )
    # Connected pairs: a company and a node two hops away (found untimed, from its
    # ego network); random pairs: mostly not connected within 4 hops, so the search
    # runs to its hop limit from both ends (the worst case).
    rng = random.Random(13)
    connected: list[tuple[str, str]] = []
    for c in egos:
        far = sorted(n for n, d in store.neighbourhood(c, hops=2, cap=50).depth.items() if d == 2)
        if far:
            connected.append((c, far[rng.randrange(len(far))]))
    anywhere = list(zip(egos, [plan.company_id(i) for i in _samples(synth, k, 17)], strict=True))
    for name, pairs in (("path_connected", connected), ("path_random", anywhere)):
        res[name] = _timed(
            [lambda a=a, b=b: store.shortest_paths(a, b, max_hops=4, limit=10) for a, b in pairs]
        )
    res["exposure"] = measure_exposure(store, egos[: min(k, 100)], as_of)
    return res


def measure_exposure(store: Store, ids: list[str], as_of: date) -> dict[str, Any]:
    """``graph.risk.exposure.exposure`` p50/p95, when that module exists."""
    if importlib.util.find_spec("graph.risk.exposure") is None:
        return {"n": 0, "note": "not available (graph/risk/exposure.py absent)"}
    from graph.risk.exposure import exposure

    return _timed([lambda c=c: exposure(store, c, as_of).findings for c in ids])
