"""Integrated (look-through) ownership of one entity: a metric, never a legal test.

Method (DOMAIN.md §8.1, §8.4; §10.4 keeps it apart from the regimes):

1. Restrict to the query's ancestors (owners) or descendants (subsidiaries):
   a BFS over the OWNS edges in force on ``as_of``.
2. Solve ``(I - W) x = W[:, t]`` with ``scipy.sparse.linalg.spsolve``: ``x`` is the
   column of the Leontief form ``W̃ = (I - W)^-1 W`` (every path, products along
   it, summed).  Once for the lower and once for the upper bounds of the
   shares, so a range stays an interval.
3. Cycle correction: ``Ŵ = D^-1 W̃`` with ``D = diag((I - W)^-1)`` removes the
   walks that leave an owner and return to it (Vitali et al. 2011, SI §3.2).
   ``D`` differs from 1 only inside strongly connected components, so only
   those are inverted.  ``Holding.share`` is the *corrected* value;
   ``Holding.raw`` keeps the uncorrected W̃ entry.  On acyclic graphs they agree.
4. A strongly connected component whose internal column sums are all 1 is fully
   cross-held (ρ = 1, no inverse): its internal edges are left out of the solve
   and its members are reported in ``Lookthrough.degenerate``.

An unknown share counts as ``[0, 1]`` and a band as its bounds, so such a figure is
an interval.  Each holding says what it rests on (``basis``: ``exact``, ``range``
or ``unknown``, the weakest share on any walk between the two) and keeps its
direct share as recorded (``direct_share``, ``direct_unknown``), so that a report
never shows a band as its lower bound or an unknown share as 0.

This is one entity's look-through; every entity's at once, as one sparse series
over the whole graph, is ``graph.risk.lookthrough_series``.

>>> from graph.risk.reference import edge_arrays
>>> e = edge_arrays([("A", "B1", "1"), ("A", "B2", "4/5"), ("B1", "C", "1/5"), ("B2", "C", "2/5")])
>>> lt = owners(e, "C", as_of=date(2026, 1, 1))
>>> [(h.entity, round(h.share, 6), h.ultimate) for h in lt.holdings]
[('A', 0.52, True), ('B2', 0.4, False)]
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from graph.errors import NotFound
from graph.risk.matrix import BoolArray, FloatArray, IntArray, Owns
from graph.share import Share
from graph.store.base import EdgeArrays

MAX_PATHS = 3
PATH_BUDGET = 20000  # DFS steps per query: dense pyramids have exponentially many paths
EPS = 1e-12
DENSE_SCC = 2000
# What a look-through figure rests on, weakest last (``Holding.basis``).
EXACT, RANGE, UNKNOWN = "exact", "range", "unknown"


@dataclass(frozen=True, slots=True)
class Holding:
    """One owner (``owners``) or one owned entity (``subsidiaries``) of the query.

    ``share``/``share_hi``: cycle-corrected look-through share for the lower and
    upper bounds (an unknown share counted as [0, 1]); ``raw``: uncorrected W̃;
    ``direct``: lower bound of the direct share, None without a direct edge;
    ``direct_share``: the direct share as recorded (a band keeps its open or
    closed ends), None without a direct edge or when ``direct_unknown`` (the
    direct edge records no share); ``basis``: ``exact``, ``range`` or
    ``unknown``, the weakest share the figure rests on; ``ultimate``: no single
    owner holds more than 50% of this entity directly.
    """

    entity: str
    share: float
    share_hi: float
    raw: float
    direct: Fraction | None
    paths: tuple[tuple[str, ...], ...]
    ultimate: bool
    direct_share: Share | None = None
    direct_unknown: bool = False
    basis: str = EXACT

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "share": self.share,
            "share_hi": self.share_hi,
            "raw": self.raw,
            "direct": None if self.direct is None else str(self.direct),
            "direct_share": None if self.direct_share is None else self.direct_share.to_dict(),
            "direct_unknown": self.direct_unknown,
            "basis": self.basis,
            "paths": [list(p) for p in self.paths],
            "ultimate": self.ultimate,
        }


@dataclass(slots=True)
class Lookthrough:
    query: str
    direction: str  # "owners" or "subsidiaries"
    as_of: date
    threshold: Fraction
    holdings: list[Holding] = field(default_factory=list)
    degenerate: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "direction": self.direction,
            "as_of": self.as_of.isoformat(),
            "threshold": str(self.threshold),
            "method": "integrated ownership (I-W)^-1 W with cycle correction D^-1; a metric, "
            "not a legal test",
            "holdings": [h.to_dict() for h in self.holdings],
            "degenerate": self.degenerate,
        }


def _reach(owns: Owns, start: int, up: bool) -> IntArray:
    """Nodes reachable from ``start`` against (up) or along OWNS edges, start first."""
    m = owns.matrix("hi")
    adj = (m.T if up else m).tocsr()
    seen = np.zeros(owns.n, dtype=np.bool_)
    seen[start] = True
    frontier = np.array([start], dtype=np.int64)
    out = [frontier]
    while frontier.size:
        nxt = np.unique(adj[frontier].indices)
        nxt = nxt[~seen[nxt]]
        seen[nxt] = True
        out.append(nxt)
        frontier = nxt
    return np.concatenate(out).astype(np.int64)


def _sub(owns: Owns, nodes: IntArray, bound: str) -> sp.csr_matrix:
    local = np.full(owns.n, -1, dtype=np.int64)
    local[nodes] = np.arange(nodes.size)
    keep = (local[owns.src] >= 0) & (local[owns.dst] >= 0) & (owns.src != owns.dst)
    data = (owns.lo if bound == "lo" else owns.hi)[keep]
    m = nodes.size
    w = sp.csr_matrix((data, (local[owns.src[keep]], local[owns.dst[keep]])), shape=(m, m))
    return w


def _diag_and_clean(w: sp.csr_matrix) -> tuple[sp.csr_matrix, FloatArray, IntArray]:
    """``(W without degenerate SCC edges, diag((I-W)^-1), degenerate local nodes)``."""
    m = w.shape[0]
    d = np.ones(m, dtype=np.float64)
    ncomp, comp = connected_components(w, directed=True, connection="strong")
    sizes = np.bincount(comp, minlength=ncomp)
    bad: list[int] = []
    w = w.tolil()
    for c in np.flatnonzero(sizes > 1).tolist():
        members = np.flatnonzero(comp == c)
        ws = w[members][:, members].tocsc()
        if np.all(np.asarray(ws.sum(axis=0)).ravel() >= 1 - EPS):
            for a in members.tolist():
                for b in members.tolist():
                    w[a, b] = 0.0
            bad.extend(members.tolist())
            continue
        a = sp.identity(members.size, format="csc") - ws
        if members.size <= DENSE_SCC:
            d[members] = np.diag(np.linalg.inv(a.toarray()))
        else:
            lu = sp.linalg.splu(a)
            for i in range(members.size):
                e = np.zeros(members.size)
                e[i] = 1.0
                d[members[i]] = lu.solve(e)[i]
    return w.tocsr(), d, np.asarray(bad, dtype=np.int64)


def _solve(w: sp.csr_matrix, rhs: FloatArray, transpose: bool) -> FloatArray:
    m = w.shape[0]
    a = sp.identity(m, format="csc") - (w.T if transpose else w).tocsc()
    x = spsolve(a, rhs)
    return np.atleast_1d(np.asarray(x, dtype=np.float64))


def _integrated(
    owns: Owns, q: int, up: bool
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, list[int]]:
    nodes = _reach(owns, q, up)
    out: list[FloatArray] = []
    raw_lo = np.zeros(nodes.size)
    bad_all: set[int] = set()
    for bound in ("lo", "hi"):
        w, d, bad = _diag_and_clean(_sub(owns, nodes, bound))
        bad_all.update(nodes[bad].tolist())
        # Column q of W̃ (owners) or row q (subsidiaries); q is local index 0.
        rhs = np.asarray((w[:, 0] if up else w[0, :].T).toarray()).ravel()
        x = _solve(w, rhs, transpose=not up)
        if bound == "lo":
            raw_lo = x.copy()
        x = x / d if up else x / d[0]
        x[0] = 0.0
        out.append(np.clip(x, 0.0, 1.0))
    return nodes, out[0], np.maximum(out[1], out[0]), raw_lo, sorted(bad_all)


def _paths(
    owns: Owns, q: int, up: bool, wanted: set[int], k: int, nodes: IntArray
) -> dict[int, list[tuple[int, ...]]]:
    """Up to ``k`` simple paths between ``q`` and each wanted node (bounded DFS)
    over the edges among ``nodes`` (those reached from ``q``)."""
    inside = np.zeros(owns.n, dtype=np.bool_)
    inside[nodes] = True
    # Only the reached part of the graph: at a million companies a dict of every
    # edge cost seconds per query.
    m = inside[owns.src] & inside[owns.dst]
    adj: dict[int, list[int]] = {}
    for s, t in zip(owns.src[m].tolist(), owns.dst[m].tolist(), strict=True):
        if s != t:
            a, b = (t, s) if up else (s, t)
            adj.setdefault(a, []).append(b)
    found: dict[int, list[tuple[int, ...]]] = {w: [] for w in wanted}
    budget = PATH_BUDGET
    stack: deque[tuple[int, tuple[int, ...]]] = deque([(q, (q,))])
    while stack and budget > 0:
        node, path = stack.pop()
        budget -= 1
        for nb in sorted(set(adj.get(node, ())), reverse=True):
            if nb in path:
                continue
            p = (*path, nb)
            if nb in found and len(found[nb]) < k:
                found[nb].append(p[::-1] if up else p)
            stack.append((nb, p))
    return found


def _direct(owns: Owns, a: int, b: int) -> tuple[Fraction | None, Share | None, bool]:
    """``(lower bound, recorded share, unknown)`` of ``a``'s direct stake in ``b``."""
    # ``Owns`` keeps one edge per pair (``current_holdings``).
    ks = [k for k in owns.into(b).tolist() if owns.src[k] == a]
    if not ks:
        return None, None, False
    recorded = owns.share(ks[0])
    return owns.exact(ks[0])[0], recorded, recorded is None


def _bases(owns: Owns, q: int, up: bool, nodes: IntArray) -> dict[int, str]:
    """What each reached node's look-through figure rests on: ``unknown`` when a walk
    between it and ``q`` crosses an edge with no recorded share, else ``range`` when
    one crosses a band, else ``exact`` (absent from the result)."""
    inside = np.zeros(owns.n, dtype=np.bool_)
    inside[nodes] = True
    m = inside[owns.src] & inside[owns.dst] & (owns.src != owns.dst)
    ks = np.flatnonzero(m)
    # Every reached node lies on a walk to q, so an edge a -> b counts for the owners
    # that reach a (owners) or the subsidiaries b reaches (subsidiaries).
    step: dict[int, list[int]] = {}
    for k in ks.tolist():
        a, b = int(owns.src[k]), int(owns.dst[k])
        x, y = (b, a) if up else (a, b)
        step.setdefault(x, []).append(y)
    seeds: dict[str, set[int]] = {UNKNOWN: set(), RANGE: set()}
    for k in ks.tolist():
        share = owns.share(k)
        kind = UNKNOWN if share is None else (None if share.is_exact else RANGE)
        if kind is not None:
            seeds[kind].add(int(owns.src[k]) if up else int(owns.dst[k]))
    out: dict[int, str] = {}
    for kind in (UNKNOWN, RANGE):
        todo = [s for s in seeds[kind] if s not in out]
        seen: BoolArray = np.zeros(owns.n, dtype=np.bool_)
        seen[todo] = True
        while todo:
            x = todo.pop()
            out.setdefault(x, kind)
            for y in step.get(x, ()):
                if not seen[y] and y not in out:
                    seen[y] = True
                    todo.append(y)
    return out


def _is_ultimate(owns: Owns, j: int) -> bool:
    """No other unit holds more than half of ``j`` (§8.3); an open lower bound at one
    half (a band "more than 50%") is more than half."""
    by_owner: dict[int, tuple[Fraction, bool]] = {}
    for k in owns.into(j).tolist():
        s = int(owns.src[k])
        if s != j:
            total, above = by_owner.get(s, (Fraction(0), False))
            by_owner[s] = (total + owns.exact(k)[0], above or owns.lower_open(k))
    half = Fraction(1, 2)
    return all(v < half or (v == half and not above) for v, above in by_owner.values())


def _lookthrough(
    edges: EdgeArrays, query: str, as_of: date | None, threshold: Fraction, k: int, up: bool
) -> Lookthrough:
    day = as_of or date.today()
    try:
        # A list scan, not edges.index(): one query need not hash a million ids.
        q = edges.node_ids.index(query)
    except ValueError:
        raise NotFound(f"no entity {query!r} in the ownership graph", id=query) from None
    owns = Owns.of(edges, day)
    nodes, lo, hi, raw, bad = _integrated(owns, q, up)
    res = Lookthrough(query, "owners" if up else "subsidiaries", day, threshold)
    res.degenerate = [edges.node_ids[b] for b in bad]
    thr = float(threshold)
    pick = [i for i in range(1, nodes.size) if hi[i] >= thr - EPS and hi[i] > 0]
    pick.sort(key=lambda i: (-lo[i], -hi[i], edges.node_ids[nodes[i]]))
    paths = _paths(owns, q, up, {int(nodes[i]) for i in pick}, k, nodes)
    bases = _bases(owns, q, up, nodes) if pick else {}
    for i in pick:
        node = int(nodes[i])
        direct, recorded, unknown = _direct(owns, node, q) if up else _direct(owns, q, node)
        res.holdings.append(
            Holding(
                entity=edges.node_ids[node],
                share=float(lo[i]),
                share_hi=float(hi[i]),
                raw=float(raw[i]),
                direct=direct,
                paths=tuple(tuple(edges.node_ids[x] for x in p) for p in paths.get(node, [])),
                ultimate=_is_ultimate(owns, node),
                direct_share=recorded,
                direct_unknown=unknown,
                basis=bases.get(node, EXACT),
            )
        )
    return res


def owners(
    edges: EdgeArrays,
    target: str,
    threshold: Fraction = Fraction(1, 4),
    as_of: date | None = None,
    k: int = MAX_PATHS,
) -> Lookthrough:
    """Owners of ``target`` whose look-through share (upper bound) reaches ``threshold``,
    largest first, with direct share, up to ``k`` paths and the ultimate flag."""
    return _lookthrough(edges, target, as_of, threshold, k, up=True)


def subsidiaries(
    edges: EdgeArrays,
    source: str,
    threshold: Fraction = Fraction(0),
    as_of: date | None = None,
    k: int = MAX_PATHS,
) -> Lookthrough:
    """Entities that ``source`` owns through the network, by look-through share.

    >>> from graph.risk.reference import edge_arrays
    >>> e = edge_arrays([("X", "A", "1/2"), ("A", "B", "1/2")])
    >>> [(h.entity, h.share) for h in subsidiaries(e, "X", as_of=date(2026, 1, 1)).holdings]
    [('A', 0.5), ('B', 0.25)]
    """
    return _lookthrough(edges, source, as_of, threshold, k, up=False)
