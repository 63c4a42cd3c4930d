"""Injection (issue 7, item 4): hostile ids, names and properties round-trip unchanged,
and no SQL text is ever built from them.

The contract suite (tests/graph/store/test_contract.py) covers hostile *names*; the
Cypher unit tests cover statement text on Neo4j.  Here: hostile *ids* and
relationship fields too, drawn by hypothesis, on SQLite and (when NEO4J_URI is set)
Neo4j; and SQLite's trace of every statement it ran, checked for the inputs.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Node, NodeType, Provenance, Rel, RelType
from graph.store.base import Store
from graph.store.sqlite import SQLiteStore

MARK = "zq7x"  # in every hostile value, so a trace line holding it is an input in SQL
FRAGMENTS = [
    "'", '"', "`", "{", "}", "[", "]", "(", ")", ";", "--", "/*", "*/", "\\", "$", "%", "_",
    "'); DROP TABLE nodes;--", "\" OR 1=1 --", "` MATCH (n) DETACH DELETE n //",
    "}) SET n.pwned = true //", "${x}", "{{7*7}}", "\u2028", "\ufeff", "<script>x</script>",
    " UNION SELECT * FROM sqlite_master", "MATCH (n) RETURN n", ":Company", "n:Evil",
]  # fmt: skip
hostile = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=5
).map(lambda parts: MARK + "".join(parts).replace("\x00", ""))


def _stores(tmp: Path) -> Iterator[Store]:
    yield SQLiteStore.from_url(f"sqlite:///{tmp / 'inj.db'}")
    uri = os.environ.get("NEO4J_URI")
    if uri:
        from graph.store.neo4j import Neo4jStore

        neo = Neo4jStore.from_url(uri)
        neo.wipe()
        yield neo


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(hostile, min_size=2, max_size=3, unique=True), name=hostile, key=hostile,
       value=hostile)  # fmt: skip
def test_hostile_ids_names_and_props_round_trip(
    ids: list[str], name: str, key: str, value: str
) -> None:
    a, b = ids[0], ids[1]
    nodes = [
        Node(a, NodeType.COMPANY, name, names=(value,), ids=tuple(ids[2:]),
             props={key: value, "note": [name, {key: value}]},
             provenance=(Provenance(value, key, date(2024, 1, 1)),)),
        Node(b, NodeType.PERSON, value, props={"k": key}),
    ]  # fmt: skip
    rel = Rel(f"rel:{value}", RelType.OFFICER_OF, b, a, props={key: name},
              provenance=(Provenance(name, value),))  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for store in _stores(Path(tmp)):
            try:
                store.upsert_nodes(nodes)
                store.upsert_rels([rel])
                for n in nodes:
                    got = store.get(n.id)
                    assert got is not None and got.id == n.id and got.name == n.name
                    assert {k: v for k, v in got.props.items() if k != "_sources"} == n.props
                for alias in ids[2:]:
                    assert store.resolve(alias) == a
                rels = store.rels_of(a)[0]
                assert [(r.id, r.src, r.dst, r.props) for r in rels] == [(rel.id, b, a, rel.props)]
                assert store.stats().nodes == {"Company": 1, "Person": 1}
                assert a in [h.id for h in store.search(name, limit=50)] or len(name) < 3
            finally:
                store.close()


def test_sqlite_never_names_a_table_column_or_function_from_input(tmp_path: Path) -> None:
    """SQLite's authorizer sees every table, column, index, pragma and function each
    statement touches as it is compiled: none may carry a hostile value.  (Its trace
    callback cannot tell a bound parameter from inlined text: it prints expanded SQL.)"""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    with SQLiteStore.from_url(url) as store:
        seen: list[tuple[object, ...]] = []

        def authorize(*args: object) -> int:
            seen.append(args)
            return sqlite3.SQLITE_OK

        conn = store._conn  # the one place the test looks inside: to watch the compiler
        assert isinstance(conn, sqlite3.Connection)
        conn.set_authorizer(authorize)
        nodes = [
            Node(f"company:{MARK}{i}{f}", NodeType.COMPANY, MARK + f, names=(f + MARK,),
                 props={MARK + f: f, "k": MARK + f})
            for i, f in enumerate(FRAGMENTS)
        ]  # fmt: skip
        store.upsert_nodes(nodes)
        store.upsert_rels(
            [Rel(f"rel:{MARK}{f}", RelType.OWNS, nodes[i].id, nodes[i - 1].id, props={f: MARK})
             for i, f in enumerate(FRAGMENTS) if i]
        )  # fmt: skip
        for f in FRAGMENTS:
            store.search(MARK + f, limit=5)
            store.get(f"company:{MARK}{f}")
        store.neighbourhood(nodes[3].id, hops=2)
        store.shortest_paths(nodes[1].id, nodes[5].id)
        assert store.get(nodes[1].id) is not None
        conn.set_authorizer(None)
    assert seen, "the authorizer saw nothing"
    leaked = [a for a in seen if any(MARK in str(x) for x in a)]
    assert leaked == [], leaked[:3]
    tables = {str(a[1]) for a in seen if a[0] == sqlite3.SQLITE_READ}
    assert tables and all(t.isidentifier() or t.replace("_", "").isalnum() for t in tables)


def test_search_with_a_nul_character_answers(tmp_path: Path) -> None:
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 'nul.db'}") as store:
        store.upsert_nodes([Node("company:n", NodeType.COMPANY, "零号公司")])
        assert [h.id for h in store.search("零号\x00公司")] == ["company:n"]
        assert store.search("\x00") == []
