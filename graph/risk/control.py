"""Majority control (Chapelle & Szafarz 2005, DOMAIN.md §8.2) and whole-graph
ultimate-controller labels.

``majority_control``: i controls j iff the shares held in j by i and by the
entities i already controls exceed 50%, grown as a least fixed point from i.

``ultimate_labels``: the same rule for every controller at once, on arrays.
Each entity points to the controller group that holds a majority of its votes;
groups are found by pointer jumping (``root = root[root]`` until stable), and
each round only the entities touched by a changed group are re-summed.  Mutual
majority cycles (A > 50% of B, B > 50% of A) become one group named by its
lowest node index and are flagged ``cyclic``.  Floats nominate; decisions
within ``TOL`` of 1/2 are exact Fraction sums.

>>> from graph.risk.reference import edge_arrays
>>> e = edge_arrays([("P", "F1", "3/5"), ("F1", "F3", "3/10"), ("P", "F3", "1/4")])
>>> [(c.entity, c.votes) for c in majority_control(e, "P", as_of=date(2026, 1, 1))]
[('F1', Fraction(3, 5)), ('F3', Fraction(11, 20))]
>>> lab = ultimate_labels(e, date(2026, 1, 1))
>>> lab.of("F3"), lab.of("P")
('P', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np

from graph.errors import NotFound
from graph.risk.matrix import BoolArray, IntArray, Owns
from graph.store.base import EdgeArrays

HALF = Fraction(1, 2)
TOL = 1e-9


@dataclass(frozen=True, slots=True)
class Controlled:
    entity: str
    votes: Fraction  # exact share of votes held by the controller's group (lower bounds)
    round: int

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "votes": str(self.votes), "round": self.round}


def _votes(owns: Owns, j: int, group: BoolArray) -> tuple[Fraction, bool]:
    return owns.lower_sum(k for k in owns.into(j).tolist() if group[owns.src[k]])


def _root_votes(owns: Owns, j: int, root: IntArray, g: int) -> tuple[Fraction, bool]:
    return owns.lower_sum(k for k in owns.into(j).tolist() if root[owns.src[k]] == g)


def majority(votes: tuple[Fraction, bool]) -> bool:
    """More than half: a sum above 1/2, or at 1/2 with an open lower bound in it
    (a band "more than 50%").

    >>> majority((Fraction(1, 2), False)), majority((Fraction(1, 2), True))
    (False, True)
    """
    total, above = votes
    return total > HALF or (above and total >= HALF)


def majority_control(
    edges: EdgeArrays, controller: str, as_of: date | None = None
) -> list[Controlled]:
    """Entities ``controller`` controls by majority votes, directly or through
    entities it controls, in the order they join the least fixed point."""
    index = edges.index()
    if controller not in index:
        raise NotFound(f"no entity {controller!r} in the ownership graph", id=controller)
    owns = Owns.of(edges, as_of or date.today())
    w = owns.matrix("lo")
    i = index[controller]
    group = np.zeros(owns.n, dtype=np.bool_)
    group[i] = True
    votes = np.zeros(owns.n)
    rnd = np.full(owns.n, -1, dtype=np.int32)
    frontier = np.array([i], dtype=np.int64)
    r = 0
    while frontier.size:
        r += 1
        sub = w[frontier]
        np.add.at(votes, sub.indices, sub.data)
        touched = np.unique(sub.indices)
        touched = touched[~group[touched] & (votes[touched] > 0.5 - TOL)]
        new = [
            j for j in touched.tolist() if votes[j] > 0.5 + TOL or majority(_votes(owns, j, group))
        ]
        frontier = np.asarray(new, dtype=np.int64)
        group[frontier] = True
        rnd[frontier] = r
    members = np.flatnonzero(rnd > 0)
    members = members[np.lexsort((members, rnd[members]))]
    return [
        Controlled(
            edges.node_ids[j], _votes(owns, j, group & (np.arange(owns.n) != j))[0], int(rnd[j])
        )
        for j in members.tolist()
    ]


@dataclass(slots=True)
class UltimateLabels:
    """Per node: the index of its ultimate controller (-1 when none) and whether
    that controller group is a mutual-majority cycle."""

    node_ids: list[str]
    root: IntArray
    cyclic: BoolArray
    rounds: int

    def of(self, node_id: str) -> str | None:
        j = self.node_ids.index(node_id)
        r = int(self.root[j])
        return None if r < 0 else self.node_ids[r]


def _jump(parent: IntArray) -> tuple[IntArray, BoolArray]:
    """Roots by pointer jumping; a cycle of parents is cut at its lowest index
    (which becomes the group's root) and its members are flagged."""
    n = parent.shape[0]
    idx = np.arange(n, dtype=np.int64)
    cyc = np.zeros(n, dtype=np.bool_)
    while True:
        p = np.where(parent < 0, idx, parent)
        q = p.copy()
        # After 2^k >= n jumps every node has reached its root or its parents' cycle.
        for _ in range(n.bit_length() + 1):
            q2 = q[q]
            if np.array_equal(q2, q):
                break
            q = q2
        # Where q is not a fixed point of p, q sits on a cycle of parents.
        on = np.unique(q[p[q] != q])
        if not on.size:
            return q, cyc
        for start in on.tolist():
            if parent[start] < 0:
                continue
            members = [start]
            x = int(p[start])
            while x != start:
                members.append(x)
                x = int(p[x])
            low = min(members)
            parent[low] = -1
            cyc[members] = True


def ultimate_labels(edges: EdgeArrays, as_of: date) -> UltimateLabels:
    """Ultimate controller of every node by the §8.2 rule, vectorised (see module doc)."""
    owns = Owns.of(edges, as_of)
    n = owns.n
    src, dst, lo = owns.src, owns.dst, owns.lo
    parent = np.full(n, -1, dtype=np.int64)
    root, cyc = _jump(parent)
    affected = np.ones(n, dtype=np.bool_)
    rounds = 0
    while affected.any():
        rounds += 1
        m = affected[dst] & (parent[dst] < 0) & (root[src] != dst)
        keys = root[src[m]] * n + dst[m]
        if not keys.size:
            break
        uk, inv = np.unique(keys, return_inverse=True)
        sums = np.bincount(inv.ravel(), weights=lo[m], minlength=uk.size)
        cand = sums > 0.5 - TOL
        uk, sums = uk[cand], sums[cand]
        g, j = uk // n, uk % n
        ok = sums > 0.5 + TOL
        for t in np.flatnonzero(~ok).tolist():
            ok[t] = majority(_root_votes(owns, int(j[t]), root, int(g[t])))
        g, j = g[ok], j[ok]
        if not j.size:
            break
        parent[j] = g
        old = root
        root, c2 = _jump(parent)
        cyc |= c2
        changed = np.flatnonzero(root != old)
        affected = np.zeros(n, dtype=np.bool_)
        affected[dst[np.isin(src, changed)]] = True
    idx = np.arange(n, dtype=np.int64)
    final = np.where(root == idx, -1, root)
    # A cycle's members are controlled by the cycle group, named by its lowest node.
    final = np.where(cyc & (root == idx), idx, final)
    return UltimateLabels(edges.node_ids, final, cyc[np.where(root < 0, idx, root)], rounds)
