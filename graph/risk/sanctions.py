"""One least-fixed-point engine for the OFAC, BIS, EU and UK ownership rules.

Method (DOMAIN.md §7.1 algorithm, §10.4): start from the parties listed on the
regime's lists on ``as_of`` and grow the restricted set round by round.  Each
round only the *newly* restricted rows of the sparse ownership matrix are read
and their lower-bound shares summed into the owned entities (keyed by owner
group: one group for aggregating regimes, one per designated person or joint
arrangement for the UK, an entity belonging to every group that owns or controls
it).  Floats only nominate candidates (aggregate within
``TOL`` of the threshold or above); every candidate is then decided with an
exact ``Fraction`` sum of the exact shares, so 49.98% + 0.02% is exactly 50%.
A restricted intermediate's holdings count in full; nothing is multiplied
along a chain.  Control relations (EU, UK) restrict the controlled entity in
the same rounds.  Being a least fixed point, a cycle of cross-holdings can
never restrict itself.

>>> from graph.risk.reference import edge_arrays
>>> e = edge_arrays([("X", "A", "1/2"), ("A", "B", "1/2")], listed={"X": "list:SDN"})
>>> r = evaluate_regime(e, {"list:SDN": "ofac"}, "ofac", date(2026, 1, 1))
>>> {k: (v.status, v.round) for k, v in r.entities.items()}
{'X': ('listed', 0), 'A': ('owned', 1), 'B': ('owned', 2)}
>>> r.entities["B"].paths
(('X', 'A', 'B'),)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph.errors import InvalidInput
from graph.model import RelType
from graph.risk.matrix import (
    BoolArray,
    FloatArray,
    IntArray,
    Owns,
    kinds_mask,
    listings_in_force,
    onto_lists,
    valid_mask,
)
from graph.risk.regimes import OwnershipRule, RegimeSpec, control_counts, regime_spec
from graph.risk.result import CONTROLLED, LISTED, OWNED, RegimeResult
from graph.store.base import EdgeArrays

# Float sums of a few shares are within ~1e-15 of the exact sum; anything this
# close to the threshold is decided exactly (and so is everything above it).
TOL = 1e-9
JOINT = frozenset({"joint_arrangement"})


@dataclass(slots=True)
class Prepared:
    """What every regime on one date reads, built once: OWNS and CONTROLS in force,
    their CSR matrices and the in-force listings (``evaluate_regimes`` shares it)."""

    as_of: date
    owns: Owns
    ctrl: Owns
    w: sp.csr_matrix
    listed_ent: IntArray
    listed_list: IntArray

    @classmethod
    def of(cls, edges: EdgeArrays, as_of: date, owns: Owns | None = None) -> Prepared:
        owns = owns if owns is not None else Owns.of(edges, as_of)
        ctrl = _control_edges(edges, as_of)
        ent, lst = listings_in_force(edges, as_of)
        return cls(as_of, owns, ctrl, owns.matrix("lo"), ent, lst)

    def members(self, node_ids: list[str], list_ids: set[str]) -> tuple[IntArray, IntArray]:
        """``(entity, list)`` indices of the listings onto ``list_ids``."""
        return onto_lists(self.listed_ent, self.listed_list, node_ids, list_ids)


def evaluate_regime(
    edges: EdgeArrays,
    list_regimes: Mapping[str, str],
    regime: str | RegimeSpec,
    as_of: date,
    excluded: Collection[str] = (),
    prepared: Prepared | None = None,
) -> RegimeResult:
    """Entities listed, owned or controlled under ``regime`` on ``as_of``.

    ``list_regimes`` maps List node ids to their regime (``ofac``, ``bis``, ...);
    ``excluded`` are node ids left out of the derived outputs (BIS: US entities).
    Excluded entities still pass ownership on: they are owned all the same.
    ``prepared`` (for the same edges and date) saves rebuilding the matrices.
    """
    spec = regime_spec(regime)
    rule = spec.rule_on(as_of)
    n = len(edges.node_ids)
    prep = prepared if prepared is not None else Prepared.of(edges, as_of)
    if prep.as_of != as_of:
        raise InvalidInput(
            "prepared arrays are for another date",
            prepared=prep.as_of.isoformat(),
            as_of=as_of.isoformat(),
        )
    list_ids = {lid for lid, reg in list_regimes.items() if reg == spec.name}
    ent, lst = prep.members(edges.node_ids, list_ids)

    status = np.zeros(n, dtype=np.int64)
    rnd = np.full(n, -1, dtype=np.int64)
    status[ent] = LISTED
    rnd[ent] = 0
    meets = _control_test(spec, prep.ctrl)
    controls, cautions = prep.ctrl.subset(meets), prep.ctrl.subset(~meets)
    label = _labels(edges, as_of, spec, status, controls)

    groups = _fixed_point(rule, prep, controls, status, rnd, label, _group_rank(edges, label))

    excl = np.zeros(n, dtype=np.bool_)
    if excluded:
        index = edges.index()
        hits = [index[x] for x in excluded if x in index]
        excl[np.asarray(hits, dtype=np.int64)] = True
    listings: dict[int, list[str]] = {}
    for e_i, l_i in zip(ent.tolist(), lst.tolist(), strict=True):
        listings.setdefault(e_i, []).append(edges.node_ids[l_i])
    return RegimeResult(
        regime=spec.name,
        as_of=as_of,
        spec=spec,
        rule=rule,
        node_ids=edges.node_ids,
        status=status,
        round=rnd,
        label=label,
        owns=prep.owns,
        controls=controls,
        cautions=cautions,
        groups=groups,
        listings=listings,
        excluded=excl,
    )


def evaluate_regimes(
    edges: EdgeArrays,
    list_regimes: Mapping[str, str],
    regimes: Iterable[str | RegimeSpec],
    as_of: date,
    excluded: Mapping[str, Collection[str]] | None = None,
    owns: Owns | None = None,
) -> dict[str, RegimeResult]:
    """Several regimes on one date over one set of matrices (built once).

    ``excluded`` maps a regime name to its excluded ids (BIS: US entities).

    >>> from graph.risk.reference import edge_arrays
    >>> e = edge_arrays([("X", "A", "1/2")], listed={"X": "list:SDN"})
    >>> rs = evaluate_regimes(e, {"list:SDN": "ofac"}, ["ofac", "uk"], date(2026, 1, 1))
    >>> {name: r.restricted() for name, r in rs.items()}
    {'ofac': ['X', 'A'], 'uk': []}
    """
    prep = Prepared.of(edges, as_of, owns)
    out: dict[str, RegimeResult] = {}
    for regime in regimes:
        spec = regime_spec(regime)
        excl = (excluded or {}).get(spec.name, ())
        out[spec.name] = evaluate_regime(edges, list_regimes, spec, as_of, excl, prep)
    return out


def _control_edges(edges: EdgeArrays, as_of: date) -> Owns:
    ctrl = Owns.of(edges, as_of, RelType.CONTROLS, per_pair=False)
    # A joint arrangement groups designated persons; it is not control of an entity.
    return ctrl.subset(~kinds_mask(edges, ctrl.pos, JOINT))


def _control_test(spec: RegimeSpec, ctrl: Owns) -> BoolArray:
    """Which recorded control relations restrict what they control under ``spec``
    (``regimes.control_counts``); the others are red flags.  None under a regime
    whose rule is ownership alone (OFAC, BIS)."""
    if not spec.control:
        return np.zeros(len(ctrl), dtype=np.bool_)
    edges = ctrl.edges
    kinds = edges.kind
    # Floats settle every share clearly above or below one half, and a share not
    # recorded; the few near one half are decided exactly by ``control_counts``.
    lo = edges.share_lo[ctrl.pos].astype(np.float64)
    texts = edges.share_exact
    unknown = np.isnan(lo) & np.fromiter(
        (not (texts and texts[p].strip()) for p in ctrl.pos.tolist()),
        dtype=np.bool_,
        count=len(ctrl),
    )
    out = np.empty(len(ctrl), dtype=np.bool_)
    for k, p in enumerate(ctrl.pos.tolist()):
        kind = kinds[p] if kinds else ""
        if unknown[k]:
            out[k] = control_counts(spec.name, kind, None)
        elif lo[k] > 0.5 + TOL or lo[k] < 0.5 - TOL:
            out[k] = lo[k] > 0.5 and control_counts(spec.name, kind, None)
        else:
            out[k] = control_counts(spec.name, kind, ctrl.share(k))
    return out


def _labels(
    edges: EdgeArrays, as_of: date, spec: RegimeSpec, status: IntArray, ctrl: Owns
) -> IntArray:
    """Owner group of each listed party: 0 for all when holdings aggregate; for
    the UK one group per designated person, merged by a recorded joint
    arrangement (LINKED_TO/CONTROLS of kind ``joint_arrangement``) or by one
    designated person controlling another (OFSI guidance 4.14)."""
    n = len(edges.node_ids)
    label = np.full(n, -1, dtype=np.int64)
    listed = status == LISTED
    if spec.aggregate:
        label[listed] = 0
        return label
    srcs: list[IntArray] = []
    dsts: list[IntArray] = []
    for rel in (RelType.LINKED_TO, RelType.CONTROLS):
        pos = np.flatnonzero(valid_mask(edges, as_of, rel)).astype(np.int64)
        pos = pos[kinds_mask(edges, pos, JOINT)]
        srcs.append(edges.src[pos])
        dsts.append(edges.dst[pos])
    srcs.append(ctrl.src)
    dsts.append(ctrl.dst)
    s = np.concatenate(srcs).astype(np.int64)
    d = np.concatenate(dsts).astype(np.int64)
    both = listed[s] & listed[d]
    g = sp.csr_matrix((np.ones(int(both.sum())), (s[both], d[both])), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    label[listed] = comp[listed]
    return label


def _meets_float(agg: FloatArray, rule: OwnershipRule) -> BoolArray:
    thr = float(rule.threshold)
    return np.asarray(agg >= thr - TOL if rule.inclusive else agg > thr - TOL)


def _fixed_point(
    rule: OwnershipRule | None,
    prep: Prepared,
    controls: Owns,
    status: IntArray,
    rnd: IntArray,
    label: IntArray,
    rank: IntArray,
) -> dict[int, dict[int, int]]:
    """Grow the restricted set; returns the owner groups each entity belongs to
    beyond ``label`` (its first), with the round it joined each.

    The state is a set of memberships ``group * n + entity``: an entity belongs to
    every owner group that owns (aggregate over the threshold) or controls it, and
    its holdings count in each (UK: a company majority-owned by one designated person
    and controlled by another is in both groups; a designated person majority-owned
    by another is in that one's group too).  With one group (aggregating regimes) this
    is the plain restricted set.  ``status``/``rnd``/``label`` record each entity's
    first membership: when several groups take an entity in one round, the one
    holding the most, then the one of lowest ``rank``."""
    owns = prep.owns
    n = owns.n
    w = prep.w
    # Only the structure is read: which entities each controller controls.
    c = sp.csr_matrix((np.ones(len(controls)), (controls.src, controls.dst)), shape=(n, n))
    acc_keys: IntArray = np.zeros(0, dtype=np.int64)
    acc_vals: FloatArray = np.zeros(0, dtype=np.float64)
    first = np.unique(np.flatnonzero(status == LISTED)).astype(np.int64)
    frontier = label[first] * n + first
    members = np.sort(frontier)
    extra: dict[int, dict[int, int]] = {}
    r = 0
    while frontier.size:
        r += 1
        f_j, f_g = frontier % n, frontier // n
        new_keys = np.zeros(0, dtype=np.int64)
        new_vals = np.zeros(0, dtype=np.float64)
        if rule is not None:
            sub = w[f_j]
            keys = np.repeat(f_g, np.diff(sub.indptr)) * n + sub.indices
            if keys.size:
                touched = np.unique(keys)
                acc_keys, inv = np.unique(np.concatenate((acc_keys, keys)), return_inverse=True)
                acc_vals = np.bincount(
                    inv.ravel(),
                    weights=np.concatenate((acc_vals, sub.data)),
                    minlength=acc_keys.size,
                ).astype(np.float64)
                vals = acc_vals[np.searchsorted(acc_keys, touched)]
                keep = _meets_float(vals, rule) & ~_isin_sorted(touched, members)
                new_keys = _decide(owns, touched[keep], vals[keep], n, rule, members)
                new_vals = acc_vals[np.searchsorted(acc_keys, new_keys)]
        _join(new_keys, new_vals, n, OWNED, r, status, rnd, label, rank)
        ctrl_keys = np.zeros(0, dtype=np.int64)
        if len(controls):
            sub = c[f_j]
            ctrl_keys = np.unique(np.repeat(f_g, np.diff(sub.indptr)) * n + sub.indices)
            ctrl_keys = ctrl_keys[~_isin_sorted(ctrl_keys, members)]
            ctrl_keys = ctrl_keys[~_isin_sorted(ctrl_keys, new_keys)]
            _join(ctrl_keys, np.zeros(ctrl_keys.size), n, CONTROLLED, r, status, rnd, label, rank)
        frontier = np.concatenate((new_keys, ctrl_keys))
        members = np.union1d(members, frontier)
        others = frontier[frontier // n != label[frontier % n]]
        for key in others.tolist():
            extra.setdefault(key % n, {})[key // n] = r
    return extra


def _isin_sorted(keys: IntArray, members: IntArray) -> BoolArray:
    """``np.isin`` against a sorted array, by binary search."""
    if not members.size:
        return np.zeros(keys.shape[0], dtype=np.bool_)
    at = np.minimum(np.searchsorted(members, keys), members.size - 1)
    return np.asarray(members[at] == keys, dtype=np.bool_)


def _join(
    keys: IntArray,
    vals: FloatArray,
    n: int,
    st: int,
    r: int,
    status: IntArray,
    rnd: IntArray,
    label: IntArray,
    rank: IntArray,
) -> None:
    """Record new memberships ``group * n + entity`` (holding ``vals``) in the
    per-entity arrays: an entity not yet restricted takes ``st``, round ``r`` and the
    new group that holds the most of it, then the lowest-ranked."""
    js, gs = keys % n, keys // n
    free = status[js] == 0
    if not free.any():
        return
    js, gs = js[free], gs[free]
    # Floats of one exact sum may differ in the last bits with the order of summing.
    held = np.round(vals[free] * 1e9)
    order = np.lexsort((rank[gs], -held, js))
    js, gs = js[order], gs[order]
    js, first = np.unique(js, return_index=True)
    status[js] = st
    rnd[js] = r
    label[js] = gs[first]


def _group_rank(edges: EdgeArrays, label: IntArray) -> IntArray:
    """Each owner group's rank by the least id of its listed members, so that which
    group names a finding does not depend on how the nodes are numbered."""
    rank = np.zeros(label.shape[0], dtype=np.int64)
    listed = np.flatnonzero(label >= 0)
    groups = np.unique(label[listed])
    if groups.size < 2:
        return rank
    rank[groups] = np.iinfo(np.int64).max
    by_id = sorted(listed.tolist(), key=edges.node_ids.__getitem__)
    for pos, x in enumerate(by_id):
        g = int(label[x])
        rank[g] = min(int(rank[g]), pos)
    return rank


def _decide(
    owns: Owns,
    cand: IntArray,
    vals: FloatArray,
    n: int,
    rule: OwnershipRule,
    members: IntArray,
) -> IntArray:
    """Decide the float candidates ``group * n + entity``: clearly above the
    threshold passes, within ``TOL`` of it is decided by an exact Fraction sum."""
    thr = float(rule.threshold)
    clear = vals >= thr + TOL
    near = [
        key
        for key in cand[~clear].tolist()
        if rule.meets(*_group_sum(owns, key % n, key // n, members))
    ]
    return np.sort(np.concatenate((cand[clear], np.asarray(near, dtype=np.int64))))


def _group_sum(owns: Owns, j: int, g: int, members: IntArray) -> tuple[Fraction, bool]:
    """The group's exact lower-bound sum into ``j`` (``Owns.lower_sum``)."""
    ks = owns.into(j)
    inside = _isin_sorted(g * owns.n + owns.src[ks], members)
    return owns.lower_sum(ks[inside].tolist())
