"""Plain-Python reference implementations, kept for tests: dicts and Fractions.

Slow and obviously correct, they state each method the way DOMAIN.md does; the
array engines must agree with them exactly (regimes, control) or within 1e-9
(integrated ownership).  ``edge_arrays`` builds an ``EdgeArrays`` from
hand-written edges the way a store exports them.

>>> e = edge_arrays([("X", "A", "1/2"), ("A", "B", "1/2")])
>>> e.node_ids, e.share_exact
(['X', 'A', 'B'], ['1/2', '1/2'])
>>> reference_integrated(rels_of(e), date(2026, 1, 1))[("X", "B")]
0.25
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TypeAlias

import numpy as np

from graph.model import NodeType, Rel, RelType
from graph.risk.matrix import lower_open, parse_exact, upper_open
from graph.risk.regimes import CONTROL_LIMBS, RegimeSpec, regime_spec
from graph.share import Share
from graph.store.base import MAX_DAY, NODE_TYPE_ORDER, REL_TYPE_ORDER, EdgeArrays
from graph.store.rows import share_text

ShareSpec: TypeAlias = "str | Share | None"
OwnSpec: TypeAlias = "tuple[str, str, ShareSpec]"


def _share(v: str | Share | None) -> Share | None:
    if v is None or isinstance(v, Share):
        return v
    if ".." in v:
        a, b = v.split("..")
        return Share(Fraction(a), Fraction(b))
    return Share.exact(Fraction(v))


def edge_arrays(
    owns: Iterable[OwnSpec] = (),
    *,
    listed: Mapping[str, str | Sequence[str]] | None = None,
    controls: Iterable[tuple[str, str, str] | tuple[str, str, str, ShareSpec]] = (),
    links: Iterable[tuple[str, str, str]] = (),
    extra: Iterable[Rel] = (),
) -> EdgeArrays:
    """Edges from short tuples: ``(owner, owned, "1/2" | "1/4..1/2" | None)``,
    ``listed`` entity -> list id(s), ``controls``/``links`` as ``(a, b, kind)``, a
    control optionally with a fourth item, its share."""
    rels: list[Rel] = []
    for i, (a, b, s) in enumerate(owns):
        rels.append(Rel(f"o{i}", RelType.OWNS, a, b, share=_share(s)))
    for ent, lists in (listed or {}).items():
        for lid in [lists] if isinstance(lists, str) else lists:
            rels.append(Rel(f"l:{ent}:{lid}", RelType.LISTED_ON, ent, lid))
    for i, (a, b, kind, *share) in enumerate(controls):
        s = _share(share[0]) if share else None
        rels.append(Rel(f"c{i}", RelType.CONTROLS, a, b, share=s, props={"kind": kind}))
    for i, (a, b, kind) in enumerate(links):
        rels.append(Rel(f"k{i}", RelType.LINKED_TO, a, b, props={"kind": kind}))
    rels.extend(extra)
    return arrays_from_rels(rels)


def arrays_from_rels(rels: Sequence[Rel], nodes: Sequence[str] = ()) -> EdgeArrays:
    """The ``EdgeArrays`` a store would export for these relationships."""
    ids: dict[str, int] = {n: i for i, n in enumerate(nodes)}
    for r in rels:
        ids.setdefault(r.src, len(ids))
        ids.setdefault(r.dst, len(ids))
    node_ids = list(ids)
    list_code = NODE_TYPE_ORDER.index(NodeType.LIST)
    company_code = NODE_TYPE_ORDER.index(NodeType.COMPANY)
    return EdgeArrays(
        node_ids=node_ids,
        node_types=np.array(
            [list_code if n.startswith("list:") else company_code for n in node_ids], dtype=np.int8
        ),
        rel_type=np.array([REL_TYPE_ORDER.index(r.type) for r in rels], dtype=np.int8),
        src=np.array([ids[r.src] for r in rels], dtype=np.int64),
        dst=np.array([ids[r.dst] for r in rels], dtype=np.int64),
        share_lo=np.array(
            [float(r.share.lo) if r.share else np.nan for r in rels], dtype=np.float64
        ),
        share_hi=np.array(
            [float(r.share.hi) if r.share else np.nan for r in rels], dtype=np.float64
        ),
        share_exact=[share_text(r.share) for r in rels],
        start=np.array([r.start.toordinal() if r.start else 0 for r in rels], dtype=np.int32),
        end=np.array([r.end.toordinal() if r.end else MAX_DAY for r in rels], dtype=np.int32),
        role=np.array([-1 for _ in rels], dtype=np.int8),
        rel_ids=[r.id for r in rels],
        kind=[str(r.props.get("kind") or r.props.get("basis") or "") for r in rels],
    )


def rels_of(edges: EdgeArrays) -> list[Rel]:
    """Back from arrays to relationships (for the references)."""
    out: list[Rel] = []
    for k in range(len(edges)):
        t = REL_TYPE_ORDER[int(edges.rel_type[k])]
        text = edges.share_exact[k]
        share = None
        if text:
            lo, hi = parse_exact(text, float(edges.share_lo[k]), float(edges.share_hi[k]))
            share = Share(lo, hi, lower_open(text), upper_open(text))
        s, e = int(edges.start[k]), int(edges.end[k])
        out.append(
            Rel(
                edges.rel_ids[k],
                t,
                edges.node_ids[int(edges.src[k])],
                edges.node_ids[int(edges.dst[k])],
                share=share,
                start=date.fromordinal(s) if s > 0 else None,
                end=date.fromordinal(e) if e < MAX_DAY else None,
                props={"kind": edges.kind[k]} if edges.kind and edges.kind[k] else {},
            )
        )
    return out


def reference_regime(
    rels: Sequence[Rel],
    list_regimes: Mapping[str, str],
    regime: str | RegimeSpec,
    as_of: date,
) -> dict[str, tuple[str, int, Fraction]]:
    """entity -> (status, round, aggregate lower-bound share of its owner group),
    by the §7.1 loop run literally.  Groups (UK) are named by their least member id;
    an entity several groups take at once is named by the one holding the most, then
    the least-named, as the engine does."""
    spec = regime_spec(regime)
    rule = spec.rule_on(as_of)
    live = [r for r in rels if r.valid_on(as_of)]
    order: dict[str, int] = {}
    for r in rels:
        order.setdefault(r.src, len(order))
        order.setdefault(r.dst, len(order))
    lists = {lid for lid, reg in list_regimes.items() if reg == spec.name}
    listed = {r.src for r in live if r.type == RelType.LISTED_ON and r.dst in lists}
    owns = [
        (r.src, r.dst, r.share.lo if r.share else Fraction(0), bool(r.share and r.share.lo_open))
        for r in holdings(rels, as_of)
    ]
    # Control that counts: a limb of the regime's test, over a majority where a share
    # is recorded (DOMAIN §7.2 (c), §7.3 limb 1).
    ctrl = [
        (r.src, r.dst)
        for r in live
        if r.type == RelType.CONTROLS
        and r.props.get("kind") != "joint_arrangement"
        and spec.name in CONTROL_LIMBS.get(str(r.props.get("kind", "")), {spec.name})
        and (
            r.share is None
            or r.share.lo > Fraction(1, 2)
            or (r.share.lo == Fraction(1, 2) and r.share.lo_open)
        )
    ]
    group = {x: x for x in listed}
    if not spec.aggregate:
        joins = [(a, b) for a, b in ctrl] + [
            (r.src, r.dst)
            for r in live
            if r.type in (RelType.LINKED_TO, RelType.CONTROLS)
            and r.props.get("kind") == "joint_arrangement"
        ]
        changed = True
        while changed:
            changed = False
            for a, b in joins:
                if a in listed and b in listed and group[a] != group[b]:
                    lo = min(group[a], group[b])  # a group is named by its least id
                    for x in listed:
                        if group[x] in (group[a], group[b]):
                            group[x] = lo
                    changed = True
    else:
        group = {x: "*" for x in listed}
    # Each restricted entity belongs to every group that owns or controls it (and the
    # listed to their own); ``group`` keeps the first, which names its finding.
    state: dict[str, tuple[str, int]] = {x: ("listed", 0) for x in listed}
    member: dict[str, set[str]] = {x: {group[x]} for x in listed}
    rnd = 0
    while True:
        rnd += 1
        joined: dict[tuple[str, str], str] = {}  # (group, entity) -> how it joins
        held: dict[tuple[str, str], Fraction] = {}
        if rule is not None:
            # Per (group, owned): the lower-bound sum of the group's members' stakes,
            # and whether an open bound puts the holding strictly above it.
            sums: dict[tuple[str, str], tuple[Fraction, bool]] = {}
            for a, b, s, above in owns:
                for g in member.get(a, ()):
                    if g not in member.get(b, ()):
                        total, was = sums.get((g, b), (Fraction(0), False))
                        sums[(g, b)] = (total + s, was or above)
            for (g, b), (s, above) in sums.items():
                if rule.meets(s, above):
                    joined[(g, b)] = "owned"
                    held[(g, b)] = s
        if spec.control:
            for a, b in ctrl:
                for g in member.get(a, ()):
                    if g not in member.get(b, ()) and (g, b) not in joined:
                        joined[(g, b)] = "controlled"
        if not joined:
            break
        for how in ("owned", "controlled"):
            # The group holding the most names the finding, then the least-named one.
            firsts = sorted(
                ((g, b) for (g, b), h in joined.items() if h == how and b not in state),
                key=lambda gb: (-held.get(gb, Fraction(0)), gb[0]),
            )
            for g, b in firsts:
                if b not in state:
                    state[b] = (how, rnd)
                    group[b] = g
        for g, b in joined:
            member.setdefault(b, set()).add(g)
    out: dict[str, tuple[str, int, Fraction]] = {}
    for x, (st, at) in state.items():
        agg = sum(
            (s for a, b, s, _ in owns if b == x and a != x and group[x] in member.get(a, ())),
            Fraction(0),
        )
        out[x] = (st, at, agg)
    return out


def holdings(rels: Sequence[Rel], as_of: date) -> list[Rel]:
    """The OWNS edges that count on a date: per (owner, owned) pair, the report that
    started last (then the larger lower bound), unless an earlier report narrows it
    (its share within the later one's bounds), as ``matrix.current_holdings``."""
    by_pair: dict[tuple[str, str], list[Rel]] = {}
    for r in rels:
        if r.type == RelType.OWNS and r.valid_on(as_of):
            by_pair.setdefault((r.src, r.dst), []).append(r)

    def key(r: Rel) -> tuple[date, Fraction]:
        return (r.start or date.min, r.share.lo if r.share else Fraction(-1))

    def bounds(r: Rel) -> tuple[Fraction, Fraction]:
        return (r.share.lo, r.share.hi) if r.share else (Fraction(0), Fraction(1))

    out: list[Rel] = []
    for reports in by_pair.values():
        reports.sort(key=key, reverse=True)
        best = reports[0]
        for r in reports[1:]:
            (lo, hi), (r_lo, r_hi) = bounds(best), bounds(r)
            if lo <= r_lo and r_hi <= hi and (r_lo, r_hi) != (lo, hi):
                best = r
        out.append(best)
    return out


def _weights(rels: Sequence[Rel], as_of: date, bound: str = "lo") -> dict[str, dict[str, float]]:
    w: dict[str, dict[str, float]] = {}
    for r in holdings(rels, as_of):
        v = (
            float(r.share.lo if bound == "lo" else r.share.hi)
            if r.share
            else (0.0 if bound == "lo" else 1.0)
        )
        row = w.setdefault(r.src, {})
        row[r.dst] = row.get(r.dst, 0.0) + v
    return w


def reference_integrated(
    rels: Sequence[Rel], as_of: date, bound: str = "lo", skip_return_to: str | None = None
) -> dict[tuple[str, str], float]:
    """W̃ = W + W² + … by the power series on dicts until it converges (§8.1).

    With ``skip_return_to=i`` the edges into ``i`` are dropped: the walks from i
    that never come back to i, i.e. Vitali's cycle-corrected row of i.
    """
    w = _weights(rels, as_of, bound)
    if skip_return_to is not None:
        w = {a: {b: v for b, v in row.items() if b != skip_return_to} for a, row in w.items()}
    total: dict[tuple[str, str], float] = {}
    term = {(a, b): v for a, row in w.items() for b, v in row.items()}
    for _ in range(100000):
        for k, v in term.items():
            total[k] = total.get(k, 0.0) + v
        nxt: dict[tuple[str, str], float] = {}
        for (a, m), v in term.items():
            for b, x in w.get(m, {}).items():
                nxt[(a, b)] = nxt.get((a, b), 0.0) + v * x
        term = {k: v for k, v in nxt.items() if v > 1e-18}
        if not term:
            break
    return total


def reference_majority_control(
    rels: Sequence[Rel], controller: str, as_of: date
) -> dict[str, Fraction]:
    """§8.2: i controls j iff Σ_{k ∈ {i} ∪ Controlled(i)} W[k,j] > 1/2 (least fixed point)."""
    # (lower-bound sum, whether an open lower bound puts the votes strictly above it)
    w: dict[tuple[str, str], tuple[Fraction, bool]] = {}
    for r in rels:
        if r.type == RelType.OWNS and r.valid_on(as_of):
            key = (r.src, r.dst)
            s, above = w.get(key, (Fraction(0), False))
            w[key] = (
                s + (r.share.lo if r.share else Fraction(0)),
                above or bool(r.share and r.share.lo_open),
            )
    controlled: dict[str, Fraction] = {}
    half = Fraction(1, 2)
    while True:
        group = {controller, *controlled}
        votes: dict[str, tuple[Fraction, bool]] = {}
        for (a, b), (s, above) in w.items():
            if a in group and b not in group:
                t, was = votes.get(b, (Fraction(0), False))
                votes[b] = (t + s, was or above)
        new = {b: v for b, (v, above) in votes.items() if v > half or (above and v >= half)}
        if not new:
            return controlled
        controlled.update(new)
