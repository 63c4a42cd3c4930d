"""The SQLite ego-network fast path returns what the plain path over ``rels_of_many`` does.

The graph is the demo generator's (hub holding companies, lists with many listings,
persons with many offices) plus a hub with a self-loop and parallel links in both
directions whose ids interleave, so that pages merge out- and in-links.  Both paths
run on the same file; ``traverse.neighbourhood`` reads only ``rels_of_many``,
``resolve`` and ``get_many``, an independent implementation.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.store import traverse
from graph.store.base import Neighbourhood
from graph.store.sqlite import SQLiteStore
from graph.synth import AS_OF, Synth

HUB = "company:selfhub"


def _extra(synth: Synth) -> tuple[list[Node], list[Rel]]:
    """A hub with a self-loop, parallel links both ways and dated, role-bearing offices."""
    hub = synth.hubs[0]
    nodes = [Node(HUB, NodeType.COMPANY, "Self Hub", ids=("ftm:selfhub",))] + [
        Node(f"person:p{i:03d}", NodeType.PERSON, f"P{i}") for i in range(40)
    ]
    rels = [Rel("own:-self", RelType.OWNS, HUB, HUB)]
    for i in range(60):
        # Even ids point out of HUB, odd ids into it: one page holds both directions.
        a, b = (HUB, hub) if i % 2 == 0 else (hub, HUB)
        rels.append(Rel(f"own:{i:03d}", RelType.OWNS, a, b))
    for i in range(40):
        rels.append(
            Rel(
                f"off:{i:03d}",
                RelType.OFFICER_OF,
                f"person:p{i:03d}",
                HUB,
                role=(Role.DIRECTOR, Role.LEGAL_REPRESENTATIVE, None)[i % 3],
                start=date(2020, 1, 1) if i % 4 == 0 else None,
                end=date(2023, 1, 1) if i % 5 == 0 else None,
            )
        )
    return nodes, rels


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SQLiteStore, Synth]]:
    synth = Synth(1500, seed=5)
    path = tmp_path_factory.mktemp("ego") / "ego.db"
    store = SQLiteStore.from_url(f"sqlite:///{path}")
    nodes, rels = _extra(synth)
    store.upsert_nodes([*synth.nodes(), *nodes])
    store.upsert_rels([*synth.rels(), *rels])
    try:
        yield store, synth
    finally:
        store.close()


def _same(fast: Neighbourhood, plain: Neighbourhood) -> None:
    assert fast == plain
    # Same order too: the UI draws nodes and links in it.
    assert list(fast.nodes) == list(plain.nodes)
    assert list(fast.rels) == list(plain.rels)
    assert list(fast.depth) == list(plain.depth)


def _centers(store: SQLiteStore, synth: Synth) -> list[str]:
    rng = random.Random(3)
    companies = [synth.plan.company_id(i) for i in range(synth.generic_companies)]
    persons = [synth.plan.person_id(i) for i in range(0, synth.generic_persons, 97)]
    lists = [n.id for n in store.iter_nodes([NodeType.LIST])][:3]
    return [HUB, *synth.hubs[:4], *rng.sample(companies, 8), *persons[:4], *lists]


FILTERS: list[tuple[Sequence[RelType] | None, Sequence[Role] | None, date | None]] = [
    (None, None, None),
    ([RelType.OWNS], None, None),
    ([RelType.OFFICER_OF, RelType.OWNS, RelType.OWNS], None, None),  # duplicates count twice
    (None, [Role.DIRECTOR, Role.LEGAL_REPRESENTATIVE], None),
    (None, None, AS_OF),
    ([RelType.OFFICER_OF], [Role.LEGAL_REPRESENTATIVE], date(2021, 6, 1)),
]


@pytest.mark.parametrize(("types", "roles", "as_of"), FILTERS)
def test_fast_path_equals_plain_path(
    graph: tuple[SQLiteStore, Synth],
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
) -> None:
    store, synth = graph
    capped = 0
    for center in _centers(store, synth):
        for hops, cap, max_nodes in [
            (1, 50, 500),
            (2, 50, 500),
            (2, 3, 40),
            (3, 7, 120),
            (2, 0, 5),
        ]:
            kw = {"hops": hops, "cap": cap, "max_nodes": max_nodes}
            fast = store.neighbourhood(center, types=types, roles=roles, as_of=as_of, **kw)
            plain = traverse.neighbourhood(
                store, center, types=types, roles=roles, as_of=as_of, **kw
            )
            _same(fast, plain)
            capped += bool(fast.truncated)
    assert capped > 0  # the hubs were cut at their caps


def test_fast_path_through_an_alias_and_on_the_self_loop(graph: tuple[SQLiteStore, Synth]) -> None:
    store, _ = graph
    nb = store.neighbourhood("ftm:selfhub", hops=1, cap=1000)
    assert nb.center == HUB and nb.depth[HUB] == 0
    assert "own:-self" in nb.rels and nb.truncated == {}
    assert sum(nb.counts.values()) == len(nb.rels) == store.rels_of(HUB)[1]
    _same(nb, traverse.neighbourhood(store, "ftm:selfhub", hops=1, cap=1000))


def test_fast_path_on_a_file_with_the_older_indexes(tmp_path: Path) -> None:
    """Files made before the wider rels_src/rels_dst keep (src, type), (dst, type)."""
    synth = Synth(600, seed=9)
    path = tmp_path / "old.db"
    with SQLiteStore.from_url(f"sqlite:///{path}") as store:
        nodes, rels = _extra(synth)
        store.upsert_nodes([*synth.nodes(), *nodes])
        store.upsert_rels([*synth.rels(), *rels])
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP INDEX rels_src; DROP INDEX rels_dst; "
        "CREATE INDEX rels_src ON rels(src, type); CREATE INDEX rels_dst ON rels(dst, type);"
    )
    conn.close()
    with SQLiteStore.from_url(f"sqlite:///{path}") as store:
        (sql,) = store._conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'rels_src'"
        ).fetchone()
        assert sql.endswith("(src, type)")
        for center in [HUB, *synth.hubs[:3]]:
            for types in (None, [RelType.OWNS]):
                kw = {"hops": 2, "cap": 5, "max_nodes": 60, "types": types, "as_of": AS_OF}
                _same(
                    store.neighbourhood(center, **kw), traverse.neighbourhood(store, center, **kw)
                )
