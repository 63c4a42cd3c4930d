"""graph.store.traverse against plain reference implementations on random small graphs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.model import Node, NodeType, Rel, RelType
from graph.store.base import REL_TYPE_ORDER, Store
from graph.store.sqlite import SQLiteStore
from graph.store.traverse import neighbourhood, shortest_paths

TYPES = [RelType.OWNS, RelType.CONTROLS, RelType.BRANCH_OF]
DAY = date(2024, 1, 1)


def reference_graph(
    store: Store, types: Sequence[RelType] | None, as_of: date | None
) -> nx.MultiGraph:
    e = store.export_edges(types=types, as_of=as_of)
    g = nx.MultiGraph()
    g.add_nodes_from(e.node_ids)
    for k in range(len(e)):
        g.add_edge(
            e.node_ids[e.src[k]],
            e.node_ids[e.dst[k]],
            key=e.rel_ids[k],
            type=REL_TYPE_ORDER[e.rel_type[k]],
        )
    return g


def reference_paths(g: nx.MultiGraph, a: str, b: str, max_hops: int) -> set[tuple[str, ...]]:
    if not nx.has_path(g, a, b):
        return set()
    paths = {tuple(p) for p in nx.all_shortest_paths(g, a, b)}
    return {p for p in paths if len(p) - 1 <= max_hops}


edges = st.lists(
    st.tuples(
        st.integers(0, 7),
        st.integers(0, 7),
        st.sampled_from(TYPES),
        st.sampled_from([None, date(2023, 1, 1), date(2025, 1, 1)]),  # end
    ),
    max_size=24,
)


def build(spec: list[tuple[int, int, RelType, date | None]]) -> SQLiteStore:
    s = SQLiteStore.from_url("sqlite:///:memory:")
    s.upsert_nodes([Node(f"c{i}", NodeType.COMPANY, f"C{i}") for i in range(8)])
    s.upsert_rels(
        [Rel(f"r{k:02d}", t, f"c{a}", f"c{b}", end=end) for k, (a, b, t, end) in enumerate(spec)]
    )
    return s


@settings(max_examples=150, deadline=None)
@given(
    edges,
    st.integers(0, 7),
    st.integers(0, 7),
    st.integers(1, 5),
    st.sampled_from([None, [RelType.OWNS], [RelType.OWNS, RelType.BRANCH_OF]]),
    st.sampled_from([None, DAY]),
)
def test_shortest_paths_equal_networkx(
    spec: list[tuple[int, int, RelType, date | None]],
    a: int,
    b: int,
    max_hops: int,
    types: list[RelType] | None,
    as_of: date | None,
) -> None:
    with build(spec) as s:
        got = shortest_paths(
            s, f"c{a}", f"c{b}", max_hops=max_hops, types=types, as_of=as_of, limit=10_000
        )
        want = reference_paths(reference_graph(s, types, as_of), f"c{a}", f"c{b}", max_hops)
        assert {p.nodes for p in got} == want
        assert len(got) == len(want)
        for p in got:
            for i, rel in enumerate(p.rels):
                assert {rel.src, rel.dst} == {p.nodes[i], p.nodes[i + 1]}
                assert types is None or rel.type in types
                assert as_of is None or rel.valid_on(as_of)


@settings(max_examples=150, deadline=None)
@given(edges, st.integers(0, 7), st.integers(1, 3), st.sampled_from([None, [RelType.CONTROLS]]))
def test_neighbourhood_equals_ego_graph_when_uncapped(
    spec: list[tuple[int, int, RelType, date | None]],
    center: int,
    hops: int,
    types: list[RelType] | None,
) -> None:
    with build(spec) as s:
        nb = neighbourhood(s, f"c{center}", hops=hops, types=types, cap=1000, max_nodes=1000)
        g = reference_graph(s, types, None)
        lengths = nx.single_source_shortest_path_length(g, f"c{center}", cutoff=hops)
        assert nb.depth == lengths
        assert set(nb.nodes) == set(lengths)
        assert nb.truncated == {}
        # Every rel touching a node closer than the rim is shown, and only those.
        inner = {n for n, d in lengths.items() if d < hops}
        want = {k for u, v, k in g.edges(keys=True) if u in inner or v in inner}
        assert set(nb.rels) == want
        counts: dict[str, int] = {}
        for k in want:
            t = nb.rels[k].type.value
            counts[t] = counts.get(t, 0) + 1
        assert nb.counts == counts


@settings(max_examples=60, deadline=None)
@given(edges, st.integers(0, 7), st.integers(0, 4))
def test_capped_neighbourhood_keeps_counts_and_reports_cuts(
    spec: list[tuple[int, int, RelType, date | None]], center: int, cap: int
) -> None:
    with build(spec) as s:
        full = neighbourhood(s, f"c{center}", hops=2, cap=1000)
        capped = neighbourhood(s, f"c{center}", hops=2, cap=cap)
        assert capped.counts.keys() <= full.counts.keys()
        assert set(capped.nodes) <= set(full.nodes)
        assert set(capped.rels) <= set(full.rels)
        for node, (shown, total) in capped.truncated.items():
            assert shown <= cap < total
            assert total == s.rels_of(node)[1]
        if not capped.truncated:
            assert capped.counts == full.counts
        assert sum(capped.counts.values()) >= len(capped.rels)
