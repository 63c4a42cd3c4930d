"""What of the Neo4j backend can be checked without a server: the Cypher text is
built only from the model's whitelists, records survive the trip to Neo4j property
maps, and an unreachable server fails fast without leaking the password.

The store contract suite (``test_contract.py``) covers behaviour against a live
server when ``NEO4J_URI`` is set.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from fractions import Fraction
from typing import Any

import neo4j.time
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from neo4j import GraphDatabase

from graph.errors import InvalidInput, ModelError, StoreError, StoreUnavailable
from graph.model import NODE_TYPES, REL_TYPES, Node, NodeType, Provenance, Rel, RelType, Role
from graph.share import Share
from graph.store import cypher, open_store
from graph.store.base import Store
from graph.store.neo4j import Neo4jStore
from graph.store.rows import (
    classify_hit,
    lucene_query,
    node_to_row,
    rel_to_row,
    rel_write_params,
    row_to_node,
    row_to_rel,
)

SCHEMA_LABELS = {"Entity", "Alias", "CredgraphMeta", "Unproposed"}
INDEX_NAMES = {cypher.FULLTEXT_INDEX, "cjk"}
HOSTILE = [
    "Company) DETACH DELETE n //",
    "Company`:Evil",
    "OWNS]->() DELETE r //",
    "company",
    "",
    "Entity",
    "Alias",
    "$rows",
]

# -- Cypher text --------------------------------------------------------------


def _labels(statement: str) -> set[str]:
    # Labels and relationship types follow a colon directly; map keys are followed by one.
    return set(re.findall(r":([A-Za-z_]\w*)", statement))


@pytest.mark.parametrize("key", sorted(cypher.all_statements()))
def test_statement_names_only_whitelisted_labels_and_types(key: str) -> None:
    statement = cypher.all_statements()[key]
    assert _labels(statement) <= NODE_TYPES | REL_TYPES | SCHEMA_LABELS
    literals = set(re.findall(r"'([^']*)'", statement))
    assert literals <= NODE_TYPES | REL_TYPES | INDEX_NAMES


def test_every_type_gets_its_own_statement() -> None:
    for t in NodeType:
        statement = cypher.upsert_nodes_statement(t)
        assert f"SET n = row, n:{t.value}\n" in statement
        # The node loses every other type label and keeps its own.
        removed = statement.rsplit("REMOVE n:", 1)[1].split(":")
        assert set(removed) == NODE_TYPES - {t.value}
    for r in RelType:
        statement = cypher.upsert_rels_statement(r)
        # It deletes an old relationship with the id of any type, and creates its own.
        assert _labels(statement) == REL_TYPES | {"Entity"}
        assert f"[old:{r.value} {{id: row.id}}]" in statement
        assert re.findall(r"CREATE \(a\)-\[r:(\w+)\]", statement) == [r.value]
    assert len(set(cypher.UPSERT_RELS.values())) == len(RelType)


def test_relationship_ids_are_unique_per_type_by_constraint() -> None:
    schema = list(cypher.SCHEMA)
    assert not [s for s in schema if s.startswith("CREATE INDEX rel_")]
    for r in RelType:
        name = r.value.lower()
        create = (
            f"CREATE CONSTRAINT rel_{name}_id_unique IF NOT EXISTS"
            f" FOR ()-[r:{r.value}]-() REQUIRE r.id IS UNIQUE"
        )
        # The plain index of earlier versions goes first: a constraint cannot be made
        # beside an index on the same type and property.
        drop = f"DROP INDEX rel_{name}_id IF EXISTS"
        assert schema.index(drop) < schema.index(create)


def test_merge_repoint_deletes_before_it_creates_the_copy() -> None:
    # Uniqueness is checked as the copy gets its id: the original must be gone first.
    for statement in cypher.MERGE_REPOINT.values():
        for block in statement.split("CALL (k, o)")[1:]:
            assert "properties(r) AS p" in block
            assert block.index("DELETE r") < block.index("CREATE (")


@pytest.mark.parametrize("bad", HOSTILE)
def test_unknown_types_raise_model_error(bad: str) -> None:
    with pytest.raises(ModelError):
        cypher.upsert_rels_statement(bad)
    if bad not in NODE_TYPES:
        with pytest.raises(ModelError):
            cypher.upsert_nodes_statement(bad)


@given(st.text(max_size=40))
def test_no_text_outside_the_whitelist_builds_a_statement(text: str) -> None:
    if text not in NODE_TYPES:
        with pytest.raises(ModelError) as err:
            cypher.upsert_nodes_statement(text)
        assert err.value.data["type"] == text
    if text not in REL_TYPES:
        with pytest.raises(ModelError):
            cypher.rel_type_name(text)
    if text not in cypher.DIRECTION_PATTERNS:
        with pytest.raises(InvalidInput):
            cypher.rels_of_statement(text)


def test_values_travel_only_as_parameters() -> None:
    for key, statement in cypher.all_statements().items():
        if key.startswith("schema") or key.startswith("count_"):
            continue
        # No inline value: no quoted strings, no numbers, no property map with a literal.
        assert "'" not in statement.replace(f"'{cypher.FULLTEXT_INDEX}'", ""), key
        assert not re.search(r"\b\d+\b", statement), key
        assert not re.search(r"\{\w+: *['\"\d]", statement), key
        assert "$" in statement or key in ("export_nodes", "awaiting_proposals"), key


def test_filters_read_their_parameters() -> None:
    for statement in (*cypher.RELS_OF.values(), *cypher.RELS_OF_MANY.values()):
        for param in ("$roles", "$as_of"):
            assert param in statement
    assert "SKIP $offset LIMIT $limit" in cypher.RELS_OF["both"]
    assert "LIMIT $cap" in cypher.RELS_OF_MANY["out"]
    assert "(n)<-[r]-()" in cypher.RELS_OF["in"] and "(n)-[r]->()" in cypher.RELS_OF["out"]


def test_hub_pages_expand_only_the_types_asked_for() -> None:
    # A type in the pattern lets Neo4j read only that type's relationships of a hub;
    # a filter on type(r) reads them all first.
    statement = cypher.rels_of_statement("out", [RelType.LINKED_TO, RelType.OWNS, RelType.OWNS])
    assert "(n)-[r:OWNS|LINKED_TO]->()" in statement and "type(r) IN" not in statement
    many = cypher.rels_of_many_statement("in", [RelType.CONTROLS])
    assert "(n)<-[r:CONTROLS]-()" in many and "$types" not in many
    assert cypher.rels_of_statement("both", None) == cypher.RELS_OF["both"]
    with pytest.raises(ModelError):
        cypher.rels_of_statement("out", ["OWNS]->() DETACH DELETE n //"])
    with pytest.raises(InvalidInput):
        cypher.rels_of_many_statement("out", [])
    for d in ("out", "in", "both"):
        for statement in (cypher.RELS_OF[d], cypher.RELS_OF_MANY[d]):
            assert "(:Entity)" not in statement.split("CALL (n)", 1)[1]  # no far-end label
            # One row per relationship, except a self-loop seen from both of its ends.
            distinct = "count(DISTINCT r)" in statement and "WITH DISTINCT r" in statement
            assert distinct == (d == "both")
            assert distinct or "count(r) AS total" in statement


def test_export_edges_reads_each_type_by_its_pattern_unsorted() -> None:
    assert set(cypher.EXPORT_EDGES) == set(RelType)
    for t, statement in cypher.EXPORT_EDGES.items():
        assert statement.startswith(f"MATCH (a)-[r:{t.value}]->(b)\n")
        assert "ORDER BY" not in statement and "$types" not in statement


def test_rels_of_many_resolves_aliases_in_the_statement() -> None:
    # The protocol takes any alias; the result is keyed by the canonical id, each once.
    for statement in cypher.RELS_OF_MANY.values():
        head = statement.split("CALL (n)")[0]
        assert "MATCH (a:Alias {id: alias})" in head
        assert "MATCH (n:Entity {id: a.target})" in head and "WITH DISTINCT n" in head
        assert statement.rstrip().endswith("RETURN n.id AS nid, total, rels")


# -- rows ---------------------------------------------------------------------

# Strings meant to break naive quoting in Cypher, Lucene or JSON.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "'; MATCH (n) DETACH DELETE n //",
            '"}]) RETURN 1 //',
            "`Evil`",
            "$rows",
            "a\\b",
            "华为\n万科",
        ]
    ),
)
dates = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)))
provenance = st.builds(Provenance, hostile_text, hostile_text, dates, dates)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
props = st.dictionaries(hostile_text, json_values, max_size=4)
fractions = st.fractions(min_value=0, max_value=1, max_denominator=10**6)


@st.composite
def shares(draw: st.DrawFn) -> Share:
    a, b = draw(fractions), draw(fractions)
    lo, hi = min(a, b), max(a, b)
    return Share(lo, hi, draw(st.booleans()), draw(st.booleans()))


@st.composite
def nodes(draw: st.DrawFn) -> Node:
    name = draw(hostile_text)
    node_id = draw(hostile_text.filter(bool))
    return Node(
        id=node_id,
        type=draw(st.sampled_from(list(NodeType))),
        name=name,
        names=tuple(draw(st.lists(hostile_text.filter(lambda n: n and n != name), max_size=3))),
        ids=tuple(draw(st.lists(hostile_text.filter(lambda i: i != node_id), max_size=3))),
        props=draw(props),
        provenance=tuple(draw(st.lists(provenance, max_size=2))),
        valid_from=draw(dates),
        valid_to=draw(dates),
    )


@st.composite
def rels(draw: st.DrawFn) -> Rel:
    start, end = draw(dates), draw(dates)
    if start and end and end < start:
        start, end = end, start
    return Rel(
        id=draw(hostile_text.filter(bool)),
        type=draw(st.sampled_from(list(RelType))),
        src=draw(hostile_text.filter(bool)),
        dst=draw(hostile_text.filter(bool)),
        role=draw(st.one_of(st.none(), st.sampled_from(list(Role)))),
        share=draw(st.one_of(st.none(), shares())),
        start=start,
        end=end,
        props=draw(props),
        provenance=tuple(draw(st.lists(provenance, max_size=2))),
    )


def _is_property_value(v: Any) -> bool:
    """What Neo4j can store: scalars, dates, homogeneous lists of scalars; no maps."""
    if v is None or isinstance(v, str | bool | int | float | date):
        return True
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _as_driver_returns(row: dict[str, Any]) -> dict[str, Any]:
    # The driver hands dates back as neo4j.time.Date, and drops null properties.
    return {
        k: neo4j.time.Date.from_native(v) if isinstance(v, date) else v
        for k, v in row.items()
        if v is not None
    }


@settings(max_examples=200)
@given(nodes())
def test_node_rows_round_trip(node: Node) -> None:
    row = node_to_row(node)
    assert all(_is_property_value(v) for v in row.values())
    assert row_to_node(row) == node
    assert row_to_node(_as_driver_returns(row)) == node


@settings(max_examples=200)
@given(rels())
def test_rel_rows_round_trip(rel: Rel) -> None:
    row = rel_to_row(rel)
    params = rel_write_params(row)
    assert all(_is_property_value(v) for v in params["props"].values())
    assert (params["src"], params["dst"]) == (rel.src, rel.dst)
    # What a read returns: the stored properties plus type and endpoints.
    read = {**_as_driver_returns(params["props"]), "type": rel.type.value, "src": rel.src}
    read["dst"] = rel.dst
    back = row_to_rel(read)
    assert back == rel
    if rel.share is not None:
        assert back.share is not None
        assert (back.share.lo, back.share.hi) == (rel.share.lo, rel.share.hi)
        exact = row["share_exact"]
        if rel.share.is_exact:
            assert Fraction(exact) == rel.share.lo
        else:
            bounds = [Fraction(b) for b in exact[1:-1].split(",")]
            assert bounds == [rel.share.lo, rel.share.hi]
            assert (exact[0] == "(", exact[-1] == ")") == (rel.share.lo_open, rel.share.hi_open)
    else:
        assert row["share_exact"] == ""


def test_share_stays_exact_where_floats_would_not() -> None:
    lo = Share.parse("49.98") + Share.parse("0.02")
    rel = Rel("r", RelType.OWNS, "a", "b", share=lo)
    back = row_to_rel(rel_to_row(rel))
    assert back.share is not None and back.share >= Fraction(1, 2)
    assert json.loads(rel_to_row(rel)["share"])["lo"] == "1/2"


def test_node_row_is_normalised_like_the_sqlite_store() -> None:
    node = Node("uscc:X", NodeType.COMPANY, "甲", names=("甲", "乙"), ids=("uscc:X", "lei:Y"))
    row = node_to_row(node)
    assert (row["names"], row["ids"]) == (["乙"], ["lei:Y"])
    # Every line between line breaks, the first and last too (cypher.SEARCH_CONTAINS).
    assert row["search_text"] == "\n甲\n乙\njia\nyi\n"


def test_props_and_kind_are_encoded_as_the_sqlite_store_encodes_them() -> None:
    from graph.store.sqlite_rows import dumps, rel_fields

    props = {"when": date(2020, 1, 1), "f": Fraction(1, 3), "s": {"b", "a"}, "t": (1, 2)}
    row = node_to_row(Node("x", NodeType.PERSON, "p", props=props))
    assert json.loads(row["props"]) == json.loads(dumps(props))
    for kind in ("joint", 3, ["a"], {"b": 1}):
        rel = Rel("r", RelType.CONTROLS, "a", "b", props={"basis": kind})
        assert rel_to_row(rel)["kind"] == rel_fields(rel)[11]  # REL_FIELDS' "kind"


def test_unjsonable_props_raise_model_error() -> None:
    with pytest.raises(ModelError) as err:
        node_to_row(Node("x", NodeType.PERSON, "p", props={"what": object()}))
    assert err.value.data["id"] == "x"


# -- search helpers -----------------------------------------------------------


@given(hostile_text)
def test_lucene_phrase_carries_the_text_verbatim(text: str) -> None:
    query = lucene_query(text)
    phrase = re.match(r'"((?:[^"\\]|\\.)*)"', query)
    assert phrase is not None
    assert re.sub(r"\\(.)", r"\1", phrase.group(1)) == text
    # Anything after the phrase is bare alphanumerics, wildcards and operators.
    assert re.fullmatch(r"( OR \((\w+\*)( AND \w+\*)*\))?( OR \w+\*)?", query[phrase.end() :])


def test_classify_hit_grades_like_the_sqlite_store() -> None:
    row = {"id": "x", "type": "Company", "name": "平安银行", "names": ["Ping An Bank", "平安"]}
    assert classify_hit(row, ["平安"]) == ("平安", "name", 0.9)
    assert classify_hit(row, ["ping an b"]) == ("Ping An Bank", "name", 0.7)
    assert classify_hit(row, ["anyin"]) == ("平安银行", "pinyin", 0.45)
    assert classify_hit(row, ["pingan"]) == ("平安", "pinyin", 0.85)
    assert classify_hit(row, ["万科", "wanke"]) is None


# -- connecting ---------------------------------------------------------------


def test_unreachable_server_fails_fast_without_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "hunter2-secret")
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        open_store("neo4j://127.0.0.1:1")
    assert time.monotonic() - t0 < 10
    assert "neo4j://127.0.0.1:1" in err.value.message
    assert err.value.data["url"] == "neo4j://127.0.0.1:1"
    assert "hunter2-secret" not in json.dumps(err.value.to_dict()) + str(err.value)


@pytest.mark.parametrize(
    "url",
    [
        "bolt://127.0.0.1:1",
        "neo4j://nonexistent.invalid:7687",
        "neo4j://neo4j:hunter2-secret@127.0.0.1:1",
        "neo4j://127.0.0.1:notaport",
    ],
)
def test_every_failure_is_store_unavailable(url: str) -> None:
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.from_url(url, env={"NEO4J_PASSWORD": "other-secret"})
    assert time.monotonic() - t0 < 10
    text = json.dumps(err.value.to_dict()) + str(err.value)
    assert "hunter2-secret" not in text and "other-secret" not in text
    shown = err.value.data["url"]
    assert shown in err.value.message
    assert shown.endswith(("127.0.0.1:1", "nonexistent.invalid:7687", "127.0.0.1:notaport"))


def test_credentials_in_the_url_are_percent_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    # A password with @, : or / can only be written percent-encoded in a URL; the
    # server must get the password itself, not its encoding.
    sent: dict[str, Any] = {}

    def driver(url: str, auth: tuple[str, str], **options: Any) -> None:
        sent.update(url=url, auth=auth)
        raise ValueError("stop here")

    monkeypatch.setattr(GraphDatabase, "driver", driver)
    for url, clean, auth in [
        ("neo4j://neo4j:p%40ss%2Fw%3Ard%25@db:7687", "neo4j://db:7687", ("neo4j", "p@ss/w:rd%")),
        ("bolt://ui%20user:plain@db", "bolt://db", ("ui user", "plain")),
        ("neo4j://:secret@db", "neo4j://db", ("neo4j", "secret")),
    ]:
        with pytest.raises(StoreUnavailable):
            Neo4jStore.from_url(url, env={})
        assert (sent["url"], sent["auth"]) == (clean, auth)


def test_injected_driver_read_only_refuses_writes_and_reports_lost_server() -> None:
    # A real driver: it connects lazily, so constructing the store touches nothing.
    driver = GraphDatabase.driver(
        "bolt://127.0.0.1:1", connection_timeout=1.0, max_transaction_retry_time=0.5
    )
    with Neo4jStore(driver, url="bolt://127.0.0.1:1", read_only=True) as store:
        assert isinstance(store, Store)
        with pytest.raises(StoreError, match="read-only"):
            store.upsert_nodes([Node("x", NodeType.PERSON, "p")])
        with pytest.raises(StoreError, match="read-only"):
            store.upsert_rels([Rel("r", RelType.OWNS, "a", "b")])
        with pytest.raises(StoreUnavailable) as err:
            store.get("x")
        assert err.value.data["url"] == "bolt://127.0.0.1:1"
        with pytest.raises(InvalidInput):
            store.rels_of("x", direction="sideways")


def test_exact_names_looks_up_each_key_as_a_whole_line() -> None:
    from graph.store.neo4j_search import exact_names

    class Fake:
        def _query(self, statement: str, **params: Any) -> list[dict[str, Any]]:
            assert statement == cypher.EXACT_NAMES
            # Each key between line breaks: the index finds whole folded names only.
            assert params["keys"] == ["\nhuawei\n", "\nzakharov, l\n"]
            row = {"type": "Company", "names": []}
            return [
                {"key": "\nhuawei\n", "row": {**row, "id": "c:2", "name": "HUAWEI"}},
                {"key": "\nzakharov, l\n", "row": {**row, "id": "c:2", "name": "HUAWEI",
                                                   "names": ["ZAKHAROV, L"]}},
                {"key": "\nzakharov, l\n", "row": {**row, "id": "c:3", "name": "Zakharov, L"}},
            ]  # fmt: skip

    keys = ["huawei", "zakharov, l", "huawei", "", "a\nb"]
    hits = exact_names(Fake(), keys, None, 10)  # type: ignore[arg-type]
    assert [(h.id, h.matched, h.score) for h in hits] == [
        ("c:2", "HUAWEI", 1.0),
        ("c:3", "Zakharov, L", 1.0),
    ]
    assert len(exact_names(Fake(), keys, None, 1)) == 1  # type: ignore[arg-type]
