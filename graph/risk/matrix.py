"""Edge arrays as of a date: valid edges, exact shares, sparse ownership matrices.

The store exports typed edges as arrays (``EdgeArrays``).  Here they become, for
one date, the OWNS edges in force with float bounds (for fast sparse algebra)
and exact ``Fraction`` bounds (for legal decisions), plus CSR matrices with
rows = owner and columns = owned (``W[i, j]`` = share of j held by i, §8.1).

A share's exact text is ``"num/den"``; a range may be ``"lo..hi"``.  When the
exact text is empty but a float bound exists, the float's shortest decimal
repr is taken as exact (``0.4998`` -> ``2499/5000``).  An unknown share counts
as ``[0, 1]``: nothing towards a definite finding, everything towards a
"possible" red flag.

>>> parse_exact("1/2", 0.5, 0.5)
(Fraction(1, 2), Fraction(1, 2))
>>> parse_exact("1/4..1/2", 0.25, 0.5)
(Fraction(1, 4), Fraction(1, 2))
>>> parse_exact("", float("nan"), float("nan"))
(Fraction(0, 1), Fraction(1, 1))

The SQLite store exports a range as an interval, ``"[lo,hi]"`` (``(``/``)`` for an
open end).  The bounds are read as they are; whether the lower end is open is read
apart (``lower_open``): a sum of lower bounds with an open one is strictly above
that sum, which decides a strict (> 50 %) test at exactly 50 %.

>>> parse_exact("[19/20,1/1]", 0.95, 1.0)
(Fraction(19, 20), Fraction(1, 1))
>>> parse_exact("(1/4,1/2)", 0.25, 0.5), lower_open("(1/4,1/2)"), lower_open("[1/4,1/2)")
((Fraction(1, 4), Fraction(1, 2)), True, False)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.model import RelType
from graph.share import Share
from graph.store.base import REL_TYPE_ORDER, EdgeArrays

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ZERO = Fraction(0)
ONE = Fraction(1)


def rel_code(rel: RelType) -> int:
    """Index of a relationship type in ``EdgeArrays.rel_type``."""
    return REL_TYPE_ORDER.index(rel)


def valid_mask(edges: EdgeArrays, as_of: date, rel: RelType) -> BoolArray:
    """Edges of type ``rel`` in force on ``as_of`` (``[start, end)``)."""
    d = as_of.toordinal()
    m = (edges.rel_type == rel_code(rel)) & (edges.start <= d) & (d < edges.end)
    return np.asarray(m, dtype=np.bool_)


def _frac(text: str) -> Fraction:
    return Fraction(text.strip().strip("[]()"))


def _from_float(x: float, default: Fraction) -> Fraction:
    if math.isnan(x):
        return default
    return min(max(Fraction(repr(float(x))), ZERO), ONE)


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> tuple[Fraction, Fraction] | Fraction | None:
    text = text.strip()
    if not text:
        return None
    for sep in ("..", ",", ";", "|", " - ", "-"):
        if sep in text:
            a, b = text.split(sep, 1)
            return (_frac(a), _frac(b))
    return _frac(text)


def parse_exact(text: str, lo: float, hi: float) -> tuple[Fraction, Fraction]:
    """Exact ``(lo, hi)`` bounds of one edge's share (see the module docstring)."""
    parsed = _parse_text(text)
    if isinstance(parsed, tuple):
        return parsed
    if isinstance(parsed, Fraction):
        # One exact value for a float range: it is the lower bound of that range.
        if not math.isnan(hi) and not math.isnan(lo) and hi > lo:
            return parsed, max(parsed, _from_float(hi, ONE))
        return parsed, parsed
    return _from_float(lo, ZERO), _from_float(hi, ONE)


def edge_share(edges: EdgeArrays, p: int) -> Share | None:
    """The share edge ``p`` records, open ends kept; None when it records none.

    An unknown share *counts* as ``[0, 1]`` (``parse_exact``), but a report must say
    it is unknown rather than show that interval as if a source had stated it.

    >>> from graph.risk.reference import edge_arrays
    >>> e = edge_arrays([("A", "B", None), ("C", "B", Share(Fraction(1, 4), Fraction(1, 2), True))])
    >>> edge_share(e, 0), edge_share(e, 1).as_text()
    (None, '(25-50%')
    """
    text = edges.share_exact[p] if edges.share_exact else ""
    lo_f, hi_f = float(edges.share_lo[p]), float(edges.share_hi[p])
    if not text.strip() and math.isnan(lo_f) and math.isnan(hi_f):
        return None
    lo, hi = parse_exact(text, lo_f, hi_f)
    if lo == hi:
        return Share(lo, hi)
    return Share(lo, hi, lower_open(text), upper_open(text))


def lower_open(text: str) -> bool:
    """Is the lower end of an exported share open (the share is more than its bound)?"""
    return text.lstrip().startswith("(")


def upper_open(text: str) -> bool:
    """Is the upper end of an exported share open (the share is less than its bound)?"""
    return text.rstrip().endswith(")")


@dataclass(slots=True)
class Owns:
    """The OWNS edges in force on a date, indexed by owner and by owned entity.

    ``pos`` are positions in the ``EdgeArrays``; ``lo``/``hi`` float bounds with
    unknown shares as 0 and 1.  ``in_ptr``/``in_order`` list each node's in-edges.
    """

    edges: EdgeArrays
    n: int
    pos: IntArray
    src: IntArray
    dst: IntArray
    lo: FloatArray
    hi: FloatArray
    in_order: IntArray = field(init=False)
    in_ptr: IntArray = field(init=False)
    _exact: dict[int, tuple[Fraction, Fraction]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.in_order = np.argsort(self.dst, kind="stable").astype(np.int64)
        counts = np.bincount(self.dst, minlength=self.n)
        self.in_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    @classmethod
    def of(
        cls, edges: EdgeArrays, as_of: date, rel: RelType = RelType.OWNS, per_pair: bool = True
    ) -> Owns:
        """The ``rel`` edges in force on ``as_of``; with ``per_pair`` one per (src, dst)
        pair (``current_holdings``: stakes must not be counted twice, while each of
        several control relations between two parties is a fact of its own)."""
        pos = np.flatnonzero(valid_mask(edges, as_of, rel)).astype(np.int64)
        if per_pair:
            pos = current_holdings(edges, pos)
        lo = edges.share_lo[pos].astype(np.float64)
        hi = edges.share_hi[pos].astype(np.float64)
        lo = np.where(np.isnan(lo), 0.0, np.clip(lo, 0.0, 1.0))
        hi = np.where(np.isnan(hi), 1.0, np.clip(hi, 0.0, 1.0))
        return cls(
            edges,
            len(edges.node_ids),
            pos,
            edges.src[pos].astype(np.int64),
            edges.dst[pos].astype(np.int64),
            lo,
            np.maximum(hi, lo),
        )

    def __len__(self) -> int:
        return int(self.pos.shape[0])

    def subset(self, keep: BoolArray) -> Owns:
        """The edges where ``keep`` holds (local indices change)."""
        return Owns(
            self.edges,
            self.n,
            self.pos[keep],
            self.src[keep],
            self.dst[keep],
            self.lo[keep],
            self.hi[keep],
        )

    def exact(self, k: int) -> tuple[Fraction, Fraction]:
        """Exact bounds of local edge ``k``."""
        got = self._exact.get(k)
        if got is None:
            got = self._exact[k] = edge_bounds(self.edges, int(self.pos[k]))
        return got

    def share(self, k: int) -> Share | None:
        """The share local edge ``k`` records (open ends kept), None when unknown."""
        return edge_share(self.edges, int(self.pos[k]))

    def lower_open(self, k: int) -> bool:
        """Is local edge ``k``'s lower bound open?"""
        texts = self.edges.share_exact
        return bool(texts) and lower_open(texts[int(self.pos[k])])

    def upper_open(self, k: int) -> bool:
        """Is local edge ``k``'s upper bound open (the share is less than its bound)?"""
        texts = self.edges.share_exact
        return bool(texts) and upper_open(texts[int(self.pos[k])])

    def lower_sum(self, ks: Iterable[int]) -> tuple[Fraction, bool]:
        """The exact sum of local edges' lower bounds, and whether the holding is
        strictly above it (some summand's lower bound is open)."""
        total, above = ZERO, False
        for k in ks:
            total += self.exact(k)[0]
            above = above or self.lower_open(k)
        return total, above

    def into(self, j: int) -> IntArray:
        """Local indices of the edges into node ``j``."""
        return self.in_order[self.in_ptr[j] : self.in_ptr[j + 1]]

    def matrix(self, bound: str = "lo", keep: BoolArray | None = None) -> sp.csr_matrix:
        """``W`` (n x n CSR, rows owner, columns owned; parallel edges summed)."""
        data = self.lo if bound == "lo" else self.hi
        src, dst = self.src, self.dst
        if keep is not None:
            data, src, dst = data[keep], src[keep], dst[keep]
        return sp.csr_matrix((data, (src, dst)), shape=(self.n, self.n))


def current_holdings(edges: EdgeArrays, pos: npt.NDArray[np.intp]) -> IntArray:
    """One edge per (owner, owned) pair among ``pos``: the report that started last,
    unless an earlier one states the same holding more precisely.

    Two sources (or two reporting periods) often state the same holding; summing them
    would double a 30 % stake into a blocking 60 %.  The latest-starting report wins;
    on the same start day the larger lower bound does (the more restrictive reading).
    But a later report that says less, and nothing against an earlier one (no share,
    or a range holding the earlier share: 60 % then "20-100 %"), does not erase it:
    the earlier, narrower report within the later one's bounds counts.

    >>> from graph.risk.reference import edge_arrays
    >>> e = edge_arrays([("X", "A", "3/10"), ("X", "A", "3/10"), ("Y", "A", "1/10")])
    >>> sorted(current_holdings(e, np.arange(3)).tolist())
    [0, 2]
    """
    pos = np.asarray(pos, dtype=np.int64)
    if pos.shape[0] < 2:
        return pos
    # Parallel reports are rare: find them with one integer sort, and lexsort only them.
    key = edges.src[pos] * len(edges.node_ids) + edges.dst[pos]
    k_sorted = np.sort(key)
    dup_keys = k_sorted[1:][k_sorted[1:] == k_sorted[:-1]]
    if not dup_keys.size:
        return np.sort(pos)
    dup = np.isin(key, dup_keys)
    return np.sort(np.concatenate((pos[~dup], _latest(edges, pos[dup]))))


def _latest(edges: EdgeArrays, pos: IntArray) -> IntArray:
    src, dst = edges.src[pos], edges.dst[pos]
    start = edges.start[pos].astype(np.int64)
    lo = np.nan_to_num(edges.share_lo[pos].astype(np.float64), nan=-1.0)
    # lexsort: the last key is primary; sort by pair, then latest start, then largest lo.
    order = np.lexsort((-lo, -start, dst, src))
    s, d = src[order], dst[order]
    first = np.flatnonzero(np.r_[True, (s[1:] != s[:-1]) | (d[1:] != d[:-1])])
    ends = np.r_[first[1:], order.shape[0]]
    sorted_pos = pos[order].tolist()
    spans = zip(first.tolist(), ends.tolist(), strict=True)
    kept = [_narrowest(edges, sorted_pos[a:b]) for a, b in spans]
    return np.sort(np.asarray(kept, dtype=np.int64))


def edge_bounds(edges: EdgeArrays, p: int) -> tuple[Fraction, Fraction]:
    """Exact ``(lo, hi)`` bounds of edge ``p`` (``parse_exact`` of its columns)."""
    return parse_exact(
        edges.share_exact[p] if edges.share_exact else "",
        float(edges.share_lo[p]),
        float(edges.share_hi[p]),
    )


def _narrowest(edges: EdgeArrays, reports: list[int]) -> int:
    """Of one pair's reports, latest first: the latest, or the earlier report that
    narrows it (its bounds within the chosen one's, and not the same bounds)."""
    best = reports[0]
    lo, hi = edge_bounds(edges, best)
    for p in reports[1:]:
        p_lo, p_hi = edge_bounds(edges, p)
        if lo <= p_lo and p_hi <= hi and (p_lo, p_hi) != (lo, hi):
            best, lo, hi = p, p_lo, p_hi
    return best


def listings_in_force(edges: EdgeArrays, as_of: date) -> tuple[IntArray, IntArray]:
    """``(entity, list)`` node indices of every LISTED_ON edge in force on ``as_of``."""
    m = valid_mask(edges, as_of, RelType.LISTED_ON)
    return edges.src[m].astype(np.int64), edges.dst[m].astype(np.int64)


def onto_lists(
    ent: IntArray, lst: IntArray, node_ids: list[str], list_ids: set[str]
) -> tuple[IntArray, IntArray]:
    """The listings ``(ent, lst)`` whose list is one of ``list_ids``."""
    # Only the few list nodes are looked up by id, never every node of the graph.
    lists = np.unique(lst)
    wanted = lists[np.fromiter((node_ids[i] in list_ids for i in lists.tolist()), np.bool_)]
    m = np.isin(lst, wanted)
    return ent[m], lst[m]


def list_members(edges: EdgeArrays, as_of: date, list_ids: set[str]) -> tuple[IntArray, IntArray]:
    """``(entity, list)`` node indices of LISTED_ON edges in force onto ``list_ids``."""
    return onto_lists(*listings_in_force(edges, as_of), edges.node_ids, list_ids)


def kinds_mask(edges: EdgeArrays, positions: IntArray, kinds: frozenset[str]) -> BoolArray:
    """Which of the given edge positions carry one of ``kinds``."""
    if not edges.kind:
        return np.zeros(positions.shape[0], dtype=np.bool_)
    return np.fromiter(
        (edges.kind[int(p)] in kinds for p in positions), dtype=np.bool_, count=positions.shape[0]
    )
