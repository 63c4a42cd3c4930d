"""The whole-graph risk pass: the array engine against a plain networkx implementation.

One pass = the given regimes (least fixed point each, over matrices built once) plus
look-through ownership for every company (integrated ownership, cycle-corrected, and
every owner at or above 25 %).  Both implementations start from the same ``EdgeArrays``
(the store's export) and each runs in a fresh child process (``spawn``) that loads
the arrays from a pickle, so its memory is its own: the child resets its peak-RSS
counter (``/proc/self/clear_refs``) after loading, and reports the peak (``VmHWM``)
reached during the pass and the RSS it started from.  ``tracemalloc`` is off.

The two results are compared (the same restricted entities per regime, the same
owner-company pairs, shares within 1e-9) before any ratio is reported.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
import tempfile
import time
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from graph.store.base import EdgeArrays

THRESHOLD = Fraction(1, 4)
SHARE_TOL = 1e-9


def _proc_status(key: str) -> int | None:
    """A ``/proc/self/status`` field in kB (Linux), else None."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _engine(
    edges: EdgeArrays, list_regimes: Mapping[str, str], regimes: Sequence[str], as_of: date
) -> tuple[dict[str, Any], dict[str, Any]]:
    from graph.risk.lookthrough_series import integrated_all
    from graph.risk.matrix import Owns
    from graph.risk.sanctions import evaluate_regimes

    t = {"wall": time.perf_counter(), "cpu": time.process_time()}
    owns = Owns.of(edges, as_of)
    results = evaluate_regimes(edges, list_regimes, regimes, as_of, owns=owns)
    t_reg = time.perf_counter()
    lt = integrated_all(edges, as_of, owns)
    owner, owned, share = lt.above(THRESHOLD)
    times = {
        "wall_s": time.perf_counter() - t["wall"],
        "cpu_s": time.process_time() - t["cpu"],
        "regimes_wall_s": t_reg - t["wall"],
        "lookthrough_wall_s": time.perf_counter() - t_reg,
        "series_terms": lt.terms,
    }
    n = len(edges.node_ids)
    out = {
        "restricted": {k: np.flatnonzero(r.status > 0) for k, r in results.items()},
        "pairs": _sorted_pairs(owner * n + owned, share),
    }
    return times, out


def _sorted_pairs(keys: np.ndarray, share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    return keys[order].astype(np.int64), share[order].astype(np.float64)


def _networkx(
    edges: EdgeArrays,
    list_regimes: Mapping[str, str],
    regimes: Sequence[str],
    as_of: date,
    sample: float,
) -> tuple[dict[str, Any], dict[str, Any]]:
    from bench import nxref

    w0, c0 = time.perf_counter(), time.process_time()
    g = nxref.build(edges, as_of)
    w1 = time.perf_counter()
    statuses = {name: nxref.regime(g, list_regimes, name, as_of) for name in regimes}
    w2 = time.perf_counter()
    companies = g.companies
    if sample < 1.0:
        step = round(1 / sample)
        companies = companies[::step]
    pairs = nxref.lookthrough(g, THRESHOLD, companies)
    w3 = time.perf_counter()
    times = {
        "wall_s": w3 - w0,
        "cpu_s": time.process_time() - c0,
        "build_wall_s": w1 - w0,
        "regimes_wall_s": w2 - w1,
        "lookthrough_wall_s": w3 - w2,
        "sweeps": {k: v.sweeps for k, v in statuses.items()},
        "lookthrough_companies": len(companies),
        "all_companies": len(g.companies),
    }
    index = edges.index()
    n = len(edges.node_ids)
    keys = np.fromiter((index[a] * n + index[b] for a, b in pairs), np.int64, len(pairs))
    out = {
        "restricted": {
            k: np.sort(np.fromiter((index[e] for e in v.status), np.int64, len(v.status)))
            for k, v in statuses.items()
        },
        "pairs": _sorted_pairs(keys, np.fromiter(pairs.values(), np.float64, len(pairs))),
        "companies": np.sort(np.fromiter((index[c] for c in companies), np.int64)),
    }
    return times, out


def _child(kind: str, path: str, args: tuple[Any, ...], conn: Any) -> None:
    with open(path, "rb") as f:
        edges = pickle.load(f)
    start_kb = _proc_status("VmRSS")
    reset = _reset_peak()
    if kind == "engine":
        times, out = _engine(edges, *args)
    else:
        times, out = _networkx(edges, *args)
    times["rss_start_mb"] = (start_kb or 0) / 1024
    times["peak_rss_mb"] = (_proc_status("VmHWM") or 0) / 1024
    times["peak_method"] = "VmHWM after clear_refs" if reset else "VmHWM of the whole child"
    conn.send((times, out))
    conn.close()


def _run(kind: str, path: str, args: tuple[Any, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(kind, path, args, send))
    p.start()
    send.close()
    got: tuple[dict[str, Any], dict[str, Any]] = recv.recv()
    p.join()
    return got


def compare(eng: dict[str, Any], ref: dict[str, Any], n: int) -> dict[str, Any]:
    """Do the engine and the networkx pass agree (on the companies the latter covered)?"""
    regimes = {
        k: bool(np.array_equal(np.sort(eng["restricted"][k]), ref["restricted"][k]))
        for k in ref["restricted"]
    }
    keys, share = eng["pairs"]
    if "companies" in ref:
        keep = np.isin(keys % n, ref["companies"])
        keys, share = keys[keep], share[keep]
    rkeys, rshare = ref["pairs"]
    same = bool(np.array_equal(keys, rkeys))
    diff = float(np.max(np.abs(share - rshare))) if same and keys.size else None
    return {
        "regimes_equal": regimes,
        "pairs_equal": same,
        "pairs": int(rkeys.size),
        "max_share_diff": diff,
        "agree": all(regimes.values()) and same and (diff is None or diff <= SHARE_TOL),
    }


def whole_graph(
    edges: EdgeArrays,
    list_regimes: Mapping[str, str],
    regimes: Sequence[str],
    as_of: date,
    nx_sample: float = 1.0,
    with_nx: bool = True,
) -> dict[str, Any]:
    """Run both passes in child processes, check they agree, and report the figures."""
    n_owns = int(np.count_nonzero(edges.rel_type == _owns_code()))
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "edges.pkl")
        with open(path, "wb") as f:
            pickle.dump(edges, f, protocol=pickle.HIGHEST_PROTOCOL)
        eng_t, eng = _run("engine", path, (dict(list_regimes), list(regimes), as_of))
        res: dict[str, Any] = {
            "regimes": list(regimes),
            "as_of": as_of.isoformat(),
            "nodes": len(edges.node_ids),
            "edges": len(edges),
            "owns_edges": n_owns,
            "engine": eng_t,
            "restricted": {k: int(v.size) for k, v in eng["restricted"].items()},
            "lookthrough_pairs": int(eng["pairs"][0].size),
            "components": components(edges, as_of),
        }
        if not with_nx:
            return res
        ref_t, ref = _run("networkx", path, (dict(list_regimes), list(regimes), as_of, nx_sample))
    res["networkx"] = ref_t
    res["check"] = compare(eng, ref, len(edges.node_ids))
    # With a sample, the look-through part is scaled up to every company (it is a
    # per-company loop, linear in the companies visited); the rest ran in full.
    lt_full = ref_t["lookthrough_wall_s"] * ref_t["all_companies"] / ref_t["lookthrough_companies"]
    nx_wall = ref_t["wall_s"] - ref_t["lookthrough_wall_s"] + lt_full
    res["networkx_wall_s_full"] = nx_wall
    res["networkx_extrapolated"] = ref_t["lookthrough_companies"] < ref_t["all_companies"]
    res["ratio"] = nx_wall / eng_t["wall_s"]
    return res


def components(edges: EdgeArrays, as_of: date) -> dict[str, Any]:
    """Weakly connected components of the OWNS edges in force: how far partitioning
    by component splits the pass (the largest one is the unit that cannot be split)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    from graph.risk.matrix import Owns

    o = Owns.of(edges, as_of)
    n = o.n
    g = sp.csr_matrix((np.ones(len(o)), (o.src, o.dst)), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    per = np.bincount(comp[o.src], minlength=int(comp.max()) + 1)
    return {
        "owns_in_force": len(o),
        "with_edges": int(np.count_nonzero(per)),
        "largest_edges": int(per.max()) if per.size else 0,
        "largest_share": float(per.max() / max(len(o), 1)) if per.size else 0.0,
    }


def _owns_code() -> int:
    from graph.model import RelType
    from graph.store.base import REL_TYPE_ORDER

    return REL_TYPE_ORDER.index(RelType.OWNS)
