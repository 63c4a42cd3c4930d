"""Look-through ownership of every entity at once: one sparse power series over the
whole graph (a metric, never a legal test, as in ``graph.risk.lookthrough``).

Apart from ``graph.risk.lookthrough`` because it answers for all pairs, not one
query: where ``owners`` solves ``(I - W) x = W[:, t]`` on one entity's ancestors,
this sums ``W + W² + ...`` a power at a time for the whole matrix (national scale:
a per-entity solve for a million companies would take CPU-days) and applies the
same cycle correction ``D^-1``.  The regimes share its ``Owns`` (``bench/risk.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.risk.lookthrough import EPS
from graph.risk.matrix import FloatArray, IntArray, Owns
from graph.store.base import EdgeArrays

# A walk whose product falls below this adds nothing a 1e-9 rounding of a reported
# share could show; a cycle of shares < 1 then ends the series.
SERIES_EPS = 1e-12
MAX_TERMS = 100_000


@dataclass(slots=True)
class IntegratedAll:
    """Look-through ownership of every entity at once (lower bounds of the shares).

    ``share`` is the cycle-corrected ``Ŵ = D^-1 (I - W)^-1 W`` as an n x n CSR
    matrix (rows owner, columns owned, no diagonal), walks whose product falls
    below ``SERIES_EPS`` left out; ``terms`` is the longest chain summed.
    """

    node_ids: list[str]
    share: sp.csr_matrix
    degenerate: list[str]
    terms: int

    def above(self, threshold: Fraction) -> tuple[IntArray, IntArray, FloatArray]:
        """``(owner, owned, share)`` index arrays of every share at or above ``threshold``."""
        coo = self.share.tocoo()
        m = coo.data >= float(threshold) - EPS
        return (
            coo.row[m].astype(np.int64),
            coo.col[m].astype(np.int64),
            coo.data[m].astype(np.float64),
        )

    def owners_of(self, node_id: str, threshold: Fraction = Fraction(1, 4)) -> dict[str, float]:
        """Owners of one entity at or above ``threshold``, largest share first.

        >>> from graph.risk.reference import edge_arrays
        >>> e = edge_arrays([("X", "A", "1/2"), ("A", "B", "1/2")])
        >>> integrated_all(e, date(2026, 1, 1)).owners_of("B")
        {'A': 0.5, 'X': 0.25}
        """
        j = self.node_ids.index(node_id)
        col = self.share[:, [j]].tocoo()
        keep = col.data >= float(threshold) - EPS
        rows, vals = col.row[keep].tolist(), col.data[keep].tolist()
        got = [(self.node_ids[i], v) for i, v in zip(rows, vals, strict=True)]
        return dict(sorted(got, key=lambda kv: (-kv[1], kv[0])))


def _drop_degenerate(w: sp.csr_matrix) -> tuple[sp.csr_matrix, IntArray]:
    """``W`` without the internal edges of fully cross-held SCCs (internal column
    sums all >= 1: no inverse, the series would not end) and those SCCs' nodes."""
    n = w.shape[0]
    ncomp, comp = connected_components(w, directed=True, connection="strong")
    sizes = np.bincount(comp, minlength=ncomp)
    coo = w.tocoo()
    inner = (comp[coo.row] == comp[coo.col]) & (sizes[comp[coo.row]] > 1)
    if not inner.any():
        return w, np.zeros(0, dtype=np.int64)
    col_in = np.bincount(coo.col[inner], weights=coo.data[inner], minlength=n)
    on_cycle = sizes[comp] > 1
    short = np.zeros(ncomp, dtype=np.bool_)
    short[comp[on_cycle & (col_in < 1 - EPS)]] = True
    bad_comp = (sizes > 1) & ~short
    bad = np.flatnonzero(bad_comp[comp]).astype(np.int64)
    if not bad.size:
        return w, bad
    keep = ~(inner & bad_comp[comp[coo.row]])
    w = sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=w.shape)
    return w, bad


def integrated_all(edges: EdgeArrays, as_of: date, owns: Owns | None = None) -> IntegratedAll:
    """Integrated ownership of every entity in one sparse series (whole graph).

    ``W̃ = W + W² + ...`` summed a power at a time (``W^k`` holds the chains of
    length k, so the series ends after the longest chain; cycles decay below
    ``SERIES_EPS``), then corrected by ``D = 1 + diag(W̃) = diag((I - W)^-1)`` as
    ``owners`` does per entity.  ``owns`` may be shared with the regimes.
    """
    owns = owns if owns is not None else Owns.of(edges, as_of)
    n = owns.n
    keep = owns.src != owns.dst
    w = sp.csr_matrix((owns.lo[keep], (owns.src[keep], owns.dst[keep])), shape=(n, n))
    w.eliminate_zeros()
    w, bad = _drop_degenerate(w)
    terms = [w]
    term = w
    while term.nnz and len(terms) < MAX_TERMS:
        term = term @ w
        term.data[term.data < SERIES_EPS] = 0.0
        term.eliminate_zeros()
        if term.nnz:
            terms.append(term)
    rows = np.concatenate([np.repeat(np.arange(n), np.diff(t.indptr)) for t in terms])
    cols = np.concatenate([t.indices for t in terms])
    vals = np.concatenate([t.data for t in terms])
    # diag(W̃) is the share of each owner that returns to it round its cycles.
    on_diag = rows == cols
    d = np.ones(n)
    np.add.at(d, rows[on_diag], vals[on_diag])
    off = ~on_diag
    total = sp.csr_matrix((vals[off], (rows[off], cols[off])), shape=(n, n))
    corrected = sp.csr_matrix(sp.diags(1.0 / d) @ total)
    corrected.data = np.clip(corrected.data, 0.0, 1.0)
    return IntegratedAll(edges.node_ids, corrected, [edges.node_ids[b] for b in bad], len(terms))
