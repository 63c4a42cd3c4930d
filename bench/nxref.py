"""The whole-graph pass written the straightforward way with networkx (the baseline).

What an engineer would write without arrays: one ``nx.DiGraph`` of the OWNS edges in
force (node ids as keys, the exact lower-bound share as an edge attribute; of parallel
reports of one holding the latest counts, unless an earlier one narrows it), a second
of the CONTROLS edges that meet the EU or UK control test.

- Each regime: sweep over every node, summing the shares of its restricted
  predecessors (per owner group for the UK: an entity joins every group that owns or
  controls it) with ``Fraction``s, until a sweep changes nothing.  Nodes are visited in the graph's order, so an entity restricted
  early in a sweep counts for the rest of it (Gauss-Seidel; no extra sweeps wasted).
- Look-through: for every company, its ancestors (``nx.ancestors``), then the
  integrated shares over that subgraph in reverse topological order (or, on a
  cycle, by iterating to convergence), then the same cycle correction as the engine
  (divide by 1 + the owner's own return share).  Float shares: it is a metric.

It decides exactly what the engine decides, so the benchmark checks that both
agree before it compares their times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import networkx as nx

from graph.model import NodeType, RelType
from graph.risk.matrix import edge_share, lower_open, parse_exact
from graph.risk.regimes import control_counts, regime_spec
from graph.store.base import NODE_TYPE_ORDER, REL_TYPE_ORDER, EdgeArrays

JOINT = "joint_arrangement"
CONVERGED = 1e-13


@dataclass(slots=True)
class NxGraphs:
    owns: nx.DiGraph
    controls: nx.DiGraph
    joint: nx.Graph
    listings: dict[str, set[str]]  # list id -> entities listed on it (in force)
    companies: list[str]


def build(edges: EdgeArrays, as_of: date) -> NxGraphs:
    """The networkx graphs from the store's edge export, as of a date."""
    d = as_of.toordinal()
    ids = edges.node_ids
    owns, controls, joint = nx.DiGraph(), nx.DiGraph(), nx.Graph()
    owns.add_nodes_from(ids)
    listings: dict[str, set[str]] = {}
    reports: dict[tuple[str, str], list[tuple[int, Fraction, Fraction, bool]]] = {}
    t_owns, t_ctrl = REL_TYPE_ORDER.index(RelType.OWNS), REL_TYPE_ORDER.index(RelType.CONTROLS)
    t_link, t_list = (
        REL_TYPE_ORDER.index(RelType.LINKED_TO),
        REL_TYPE_ORDER.index(RelType.LISTED_ON),
    )
    kinds = edges.kind or [""] * len(edges)
    for k in range(len(edges)):
        if not (edges.start[k] <= d < edges.end[k]):
            continue
        t = edges.rel_type[k]
        u, v = ids[edges.src[k]], ids[edges.dst[k]]
        if t == t_owns:
            text = edges.share_exact[k]
            lo, hi = parse_exact(text, edges.share_lo[k], edges.share_hi[k])
            reports.setdefault((u, v), []).append((int(edges.start[k]), lo, hi, lower_open(text)))
        elif t == t_ctrl and kinds[k] != JOINT:
            share = edge_share(edges, k)
            for name in ("eu", "uk"):
                if control_counts(name, kinds[k], share):
                    controls.add_edge(u, v)
                    controls[u][v].setdefault("regimes", set()).add(name)
        elif t in (t_ctrl, t_link) and kinds[k] == JOINT:
            joint.add_edge(u, v)
        elif t == t_list:
            listings.setdefault(v, set()).add(u)
    for (u, v), rs in reports.items():
        # Parallel reports of one holding: the latest-starting one counts (then the
        # larger share), unless an earlier one narrows it, as the engine does
        # (``matrix.current_holdings``).
        rs.sort(key=lambda r: (r[0], r[1]), reverse=True)
        _, lo, hi, above = rs[0]
        for _, r_lo, r_hi, r_above in rs[1:]:
            if lo <= r_lo and r_hi <= hi and (r_lo, r_hi) != (lo, hi):
                lo, hi, above = r_lo, r_hi, r_above
        # ``above``: an open lower bound, the holding is more than ``share``.
        owns.add_edge(u, v, share=lo, above=above, w=float(lo))
    company = NODE_TYPE_ORDER.index(NodeType.COMPANY)
    companies = [ids[i] for i in range(len(ids)) if edges.node_types[i] == company]
    return NxGraphs(owns, controls, joint, listings, companies)


@dataclass(slots=True)
class NxRegime:
    status: dict[str, str] = field(default_factory=dict)
    sweeps: int = 0


def regime(g: NxGraphs, list_regimes: Mapping[str, str], name: str, as_of: date) -> NxRegime:
    """Listed, owned and controlled entities under one regime (sweeps to a fixed point)."""
    spec = regime_spec(name)
    rule = spec.rule_on(as_of)
    out = NxRegime()
    label: dict[str, int] = {}
    ctrl = nx.DiGraph(
        [(u, v) for u, v, a in g.controls.edges(data=True) if spec.name in a["regimes"]]
    )
    listed = sorted(
        {
            e
            for lid, reg in list_regimes.items()
            if reg == spec.name
            for e in g.listings.get(lid, ())
        }
    )
    for i, e in enumerate(listed):
        out.status[e] = "listed"
        label[e] = 0 if spec.aggregate else i
    if not spec.aggregate:
        # Designated persons joined by a joint arrangement (or control) form one group.
        links = nx.Graph()
        links.add_edges_from(g.joint.edges())
        links.add_edges_from(ctrl.edges())
        for comp in nx.connected_components(links.subgraph([e for e in listed if e in links])):
            low = min(label[e] for e in comp)
            for e in comp:
                label[e] = low
    # An entity belongs to every owner group that owns or controls it (the UK's groups;
    # one group when holdings aggregate), and its holdings count in each.
    member: dict[str, set[int]] = {e: {label[e]} for e in listed}
    changed = True
    while changed:
        changed = False
        out.sweeps += 1
        for v in g.owns.nodes:
            have = member.get(v, set())
            joined: set[int] = set()
            if rule is not None:
                sums: dict[int, tuple[Fraction, bool]] = {}
                for u in g.owns.predecessors(v):
                    a = g.owns[u][v]
                    for grp in member.get(u, ()) if u != v else ():
                        total, above = sums.get(grp, (Fraction(0), False))
                        sums[grp] = (total + a["share"], above or a["above"])
                joined = {grp for grp, s in sums.items() if grp not in have and rule.meets(*s)}
                if joined and v not in out.status:
                    out.status[v] = "owned"
            if spec.control and v in ctrl:
                by = {grp for u in ctrl.predecessors(v) for grp in member.get(u, ())} - have
                if by - joined and v not in out.status:
                    out.status[v] = "controlled"
                joined |= by
            if joined:
                member.setdefault(v, set()).update(joined)
                changed = True
    return out


def _shares_into(sub: nx.DiGraph, t: str) -> dict[str, float]:
    """x[i] = integrated share of ``t`` held by i (every walk from i to t, products
    summed) over ``sub``, the subgraph of t and its ancestors; x[t] is what returns."""
    try:
        order = list(nx.topological_sort(sub))
    except nx.NetworkXUnfeasible:
        order = []
    x: dict[str, float] = {}
    if order:
        for i in reversed(order):
            if i != t:
                x[i] = sum(a["w"] * (1.0 if j == t else x[j]) for j, a in sub[i].items())
        return x
    # On a cycle: x = W e_t + W x, iterated until it stops moving.
    x = dict.fromkeys(sub.nodes, 0.0)
    for _ in range(100_000):
        nxt = {
            i: sum(a["w"] * ((1.0 if j == t else 0.0) + x[j]) for j, a in sub[i].items() if j != i)
            for i in sub.nodes
        }
        done = max(abs(nxt[i] - x[i]) for i in x) < CONVERGED
        x = nxt
        if done:
            break
    return x


def lookthrough(
    g: NxGraphs, threshold: Fraction, companies: Sequence[str] | None = None
) -> dict[tuple[str, str], float]:
    """``(owner, company) -> share`` for every look-through share >= ``threshold``."""
    thr = float(threshold) - 1e-12
    raw: dict[str, dict[str, float]] = {}
    back: dict[str, float] = {}  # W̃[i, i]: i's own return share, on cycles only
    cyclic = [v for c in nx.strongly_connected_components(g.owns) if len(c) > 1 for v in c]
    for t in cyclic:
        back[t] = _shares_into(g.owns.subgraph(nx.ancestors(g.owns, t) | {t}), t)[t]
    for t in g.companies if companies is None else companies:
        anc = nx.ancestors(g.owns, t)
        if not anc:
            continue
        x = _shares_into(g.owns.subgraph(anc | {t}), t)
        x.pop(t, None)
        raw[t] = {i: v for i, v in x.items() if v >= thr}
    out: dict[tuple[str, str], float] = {}
    for t, xs in raw.items():
        for i, v in xs.items():
            share = min(v / (1.0 + back.get(i, 0.0)), 1.0)
            if share >= thr:
                out[(i, t)] = share
    return out
