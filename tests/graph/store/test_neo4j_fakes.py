"""The Neo4j backend's calls against a fake driver: what no server is needed to check.

The fake stands for the driver's sessions and managed transactions: it records every
session's options and every statement with its parameters, answers from a function of
(statement, parameters, transaction number), and retries a transaction function once
when it raises ``Transient``, as ``execute_read``/``execute_write`` do after a transient
error.  The statements' behaviour on a real server is the contract suite's business
(``test_contract.py`` with ``NEO4J_URI``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from fractions import Fraction
from typing import Any

import pytest
from neo4j.exceptions import Neo4jError

from graph.errors import StoreError
from graph.model import Node, NodeType, Rel, RelType
from graph.store import cypher
from graph.store.neo4j import Neo4jStore
from graph.store.rows import node_to_row

Rows = list[dict[str, Any]]
Answer = Callable[[str, dict[str, Any], int], Rows]


class Transient(Exception):
    """Stands for an error the driver retries (deadlock, leader switch, lost connection)."""


class Record(dict[str, Any]):
    def data(self) -> dict[str, Any]:
        return dict(self)


class Result:
    def __init__(self, rows: Rows, fail_after: int | None) -> None:
        self.rows, self.fail_after = rows, fail_after

    def __iter__(self) -> Iterator[Record]:
        for i, row in enumerate(self.rows):
            if i == self.fail_after:
                raise Transient("connection lost mid-stream")
            yield Record(row)

    def consume(self) -> None:
        for _ in self:
            pass

    def single(self, strict: bool = False) -> Record:
        return Record(self.rows[0])


class Tx:
    def __init__(self, driver: FakeDriver, number: int) -> None:
        self.driver, self.number = driver, number

    def run(self, statement: str, parameters: dict[str, Any] | None = None, **kw: Any) -> Result:
        params = {**(parameters or {}), **kw}
        self.driver.log.append((statement, params, self.number))
        fail = None
        for i, (text, _) in enumerate(self.driver.fail_once):
            if text in statement:
                fail = self.driver.fail_once.pop(i)[1]
                break
        if isinstance(fail, Exception):
            raise fail
        return Result(self.driver.answer(statement, params, self.number), fail)


class Session:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_read(self, work: Callable[[Tx], Any]) -> Any:
        return self.driver.transact(work)

    execute_write = execute_read


class FakeDriver:
    def __init__(self, answer: Answer | None = None) -> None:
        self.answer: Answer = answer or (lambda statement, params, number: [])
        self.sessions: list[dict[str, Any]] = []
        self.log: list[tuple[str, dict[str, Any], int]] = []
        self.transactions = 0
        # (text, how): the next statement containing text fails once, at that row
        # index of its result, or by raising that error from ``run``
        self.fail_once: list[tuple[str, int | Exception]] = []

    def session(self, **options: Any) -> Session:
        self.sessions.append(options)
        return Session(self)

    def transact(self, work: Callable[[Tx], Any]) -> Any:
        self.transactions += 1
        try:
            return work(Tx(self, self.transactions))
        except Transient:
            return self.transact(work)  # the driver's retry

    def close(self) -> None:
        pass


def store_on(driver: FakeDriver, read_only: bool = True) -> Neo4jStore:
    return Neo4jStore(driver, url="bolt://fake", read_only=read_only)  # type: ignore[arg-type]


# -- export_edges ------------------------------------------------------------------


def _edge(rid: str, type_: str, src: str, dst: str) -> dict[str, Any]:
    return {
        "src": src, "dst": dst, "type": type_, "id": rid, "role": None, "share_lo": None,
        "share_hi": None, "share_exact": "", "start": None, "end": None, "kind": "",
    }  # fmt: skip


def _growing_graph(statement: str, params: dict[str, Any], number: int) -> Rows:
    """A database in which a writer adds node c and an edge to it after transaction 1."""
    nodes = [{"id": "a", "type": "Company"}, {"id": "b", "type": "Company"}]
    edges = [_edge("r1", "OWNS", "a", "b"), _edge("r2", "CONTROLS", "b", "a")]
    if number > 1:
        nodes.append({"id": "c", "type": "Company"})
        edges.append(_edge("r3", "OWNS", "b", "c"))
    if "AS share_exact" in statement:
        typed = [t.value for t in RelType if f"[r:{t.value}]" in statement]
        return [e for e in edges if not typed or e["type"] in typed]
    if "n.type AS type" in statement:
        return nodes
    raise AssertionError(f"unexpected statement {statement}")


def test_export_edges_reads_nodes_and_edges_in_one_transaction() -> None:
    # Two transactions could see an edge to a node the first did not list (KeyError).
    driver = FakeDriver(_growing_graph)
    e = store_on(driver).export_edges()
    assert driver.transactions == 1
    assert e.node_ids == ["a", "b"] and sorted(e.rel_ids) == ["r1", "r2"]


def test_export_edges_survives_a_retry_without_duplicates() -> None:
    driver = FakeDriver(lambda s, p, n: _growing_graph(s, p, 1))
    # The edges fail after their first row, twice: a function that appends to lists
    # made outside it returns those rows again with each retry.
    driver.fail_once = [("AS share_exact", 1), ("AS share_exact", 1)]
    e = store_on(driver).export_edges()
    assert sorted(e.rel_ids) == ["r1", "r2"] and len(e) == 2 == len(e.share_exact)
    assert [e.node_ids[i] for i in e.src] == [{"r1": "a", "r2": "b"}[r] for r in e.rel_ids]
    assert len(e.node_ids) == 2 == e.node_types.shape[0]


# -- bookmarks -----------------------------------------------------------------------


def test_every_session_shares_the_store_bookmark_manager() -> None:
    # On a cluster, a read in a new session sees the writes just made only when it
    # carries their bookmarks.
    driver = FakeDriver()
    store = store_on(driver, read_only=False)  # writes the schema
    store.get("x")
    store.export_edges()
    assert len(driver.sessions) > 2
    managers = {id(s.get("bookmark_manager")) for s in driver.sessions}
    assert len(managers) == 1 and driver.sessions[0]["bookmark_manager"] is not None
    other = FakeDriver()
    store_on(other).get("x")
    assert other.sessions[0]["bookmark_manager"] is not driver.sessions[0]["bookmark_manager"]


# -- relationship ids ----------------------------------------------------------------


def _resolving(types: dict[str, str]) -> Answer:
    """Aliases resolve to themselves with these node types; writes report their rows."""

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        if statement == cypher.RESOLVE:
            ids = [i for i in params["ids"] if i in types]
            return [{"alias": i, "target": i, "type": types[i]} for i in ids]
        if "AS written" in statement:
            return [{"written": len(params["rows"])}]
        return []

    return answer


def test_a_rel_id_upserted_under_another_type_replaces_the_old_one() -> None:
    # SQLite replaces by id across types; Neo4j stores the type as the relationship's
    # type, so the upsert must delete an old relationship with the id of any type.
    driver = FakeDriver(_resolving({"a": "Company", "b": "Company"}))
    store = store_on(driver, read_only=False)
    driver.log.clear()
    batch = [Rel("x", RelType.OWNS, "a", "b"), Rel("x", RelType.CONTROLS, "a", "b")]
    # Two records written, as the SQLite store counts them; one relationship sent.
    assert store.upsert_rels(batch) == 2
    upserts = [(s, p) for s, p, _ in driver.log if "AS written" in s]
    assert [(s, [r["id"] for r in p["rows"]]) for s, p in upserts] == [
        (cypher.upsert_rels_statement(RelType.CONTROLS), ["x"])
    ]
    for t in RelType:
        assert f"MATCH ()-[old:{t.value} {{id: row.id}}]->()" in upserts[0][0]


def test_new_entities_claim_a_new_alias_before_stored_ones() -> None:
    # MERGE keeps the first claim of an alias: the new entity's must come first, as
    # in the SQLite store, whatever the order of the batch.
    stored = node_to_row(Node("c:b", NodeType.COMPANY, "B"))

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        known = "c:b" in params.get("ids", ())
        if statement == cypher.RESOLVE and known:
            return [{"alias": "c:b", "target": "c:b", "type": "Company"}]
        if statement == cypher.GET_NODES and known:
            return [{"row": stored}]
        return []

    driver = FakeDriver(answer)
    store_on(driver, read_only=False).upsert_nodes(
        [
            Node("c:b", NodeType.COMPANY, "B", ids=("x:1",)),
            Node("c:a", NodeType.COMPANY, "A", ids=("x:1",)),
        ]
    )
    (rows,) = [p["rows"] for s, p, _ in driver.log if s == cypher.UPSERT_ALIASES]
    assert [r["target"] for r in rows if r["alias"] == "x:1"] == ["c:a", "c:b"]


def test_a_merge_drops_the_redundant_match_links_in_its_transaction() -> None:
    # The contract suite checks the outcome on a server; here, that the links are
    # read and the redundant ones deleted in the merge's one write transaction, before
    # the other half's relationships move.
    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        ids = [i for i in params.get("ids", ()) if i in {"k", "o"}]
        if statement == cypher.RESOLVE:
            return [{"alias": i, "target": i, "type": "Company"} for i in ids]
        if statement == cypher.GET_NODES:
            return [{"row": node_to_row(Node(i, NodeType.COMPANY, i.upper()))} for i in ids]
        if statement == cypher.MERGE_MATCH_LINKS:
            return [
                {"id": "p", "src": "k", "dst": "x", "kind": "possibly_same_as",
                 "props": '{"score": 0.9}'},
                {"id": "n", "src": "x", "dst": "o", "kind": "not_same_as", "props": "{}"},
            ]  # fmt: skip
        return []

    driver = FakeDriver(answer)
    store = store_on(driver, read_only=False)
    driver.log.clear()
    assert store.merge_entities("k", "o") == "k"
    merge = [(s, p, n) for s, p, n in driver.log if n == driver.log[-1][2]]
    statements = [s for s, _, _ in merge]
    drop = statements.index(cypher.MERGE_DROP_MATCH_LINKS)
    assert statements.index(cypher.MERGE_MATCH_LINKS) < drop
    assert drop < statements.index(cypher.MERGE_REPOINT[RelType.LINKED_TO])
    assert merge[drop][1] == {"ids": ["p"]}


# -- neighbourhood -------------------------------------------------------------------


def _chain(statement: str, params: dict[str, Any], number: int) -> Rows:
    """A database holding a -OWNS-> b -OWNS-> c."""
    rels = [
        {"id": "ab", "type": "OWNS", "src": "a", "dst": "b"},
        {"id": "bc", "type": "OWNS", "src": "b", "dst": "c"},
    ]
    ids = [i for i in params.get("ids", ()) if i in {"a", "b", "c"}]
    if statement == cypher.RESOLVE:
        return [{"alias": i, "target": i, "type": "Company"} for i in ids]
    if statement == cypher.GET_NODES:
        return [{"row": node_to_row(Node(i, NodeType.COMPANY, i.upper()))} for i in ids]
    if "AS nid" in statement:  # rels_of_many
        found = {i: [r for r in rels if i in (r["src"], r["dst"])] for i in ids}
        return [{"nid": i, "total": len(r), "rels": r[: params["cap"]]} for i, r in found.items()]
    raise AssertionError(f"unexpected statement {statement}")


def test_a_neighbourhood_is_read_in_one_transaction() -> None:
    # As the SQLite store reads it: separate transactions could see a writer's change
    # between two hops (a relationship to a node get_many no longer finds).
    driver = FakeDriver(_chain)
    hood = store_on(driver).neighbourhood("a", hops=2)
    assert sorted(hood.nodes) == ["a", "b", "c"] and sorted(hood.rels) == ["ab", "bc"]
    assert hood.counts == {"OWNS": 2}
    assert driver.transactions == 1 and len(driver.sessions) == 1
    assert {n for _, _, n in driver.log} == {1} and len(driver.log) > 3
    assert driver.sessions[0]["default_access_mode"] == "READ"


def test_a_neighbourhood_retried_by_the_driver_starts_afresh() -> None:
    driver = FakeDriver(_chain)
    driver.fail_once = [("AS nid", 0)]  # the first hop fails mid-stream
    hood = store_on(driver).neighbourhood("a", hops=2)
    assert driver.transactions == 2 and not driver.fail_once
    assert sorted(hood.nodes) == ["a", "b", "c"] and hood.counts == {"OWNS": 2}
    assert hood == store_on(FakeDriver(_chain)).neighbourhood("a", hops=2)


# -- exact names ---------------------------------------------------------------------


def test_a_writable_open_gives_older_entities_their_name_keys() -> None:
    # Entities written before ``name_keys`` existed would never be found by exact_names.
    legacy = node_to_row(Node("c:1", NodeType.COMPANY, "华为", names=("HUAWEI",)))
    del legacy["name_keys"]
    pages = [[{"row": legacy}]]

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        if statement == cypher.MISSING_NAME_KEYS:
            return pages.pop() if pages else []
        return []

    driver = FakeDriver(answer)
    store_on(driver, read_only=False)
    written = [p["rows"] for s, p, _ in driver.log if s == cypher.UPSERT_NODES[NodeType.COMPANY]]
    assert [[r["name_keys"] for r in rows] for rows in written] == [["\n华为\nhuawei\n"]]
    assert [s for s, _, _ in driver.log if s == cypher.MARK_NAME_KEYS_DONE]
    driver = FakeDriver(answer)
    store_on(driver, read_only=True)
    assert not [s for s, _, _ in driver.log if s == cypher.MISSING_NAME_KEYS]


def test_a_marked_database_is_not_scanned_again() -> None:
    """Once every entity has ``name_keys`` a writable open reads the marker, not every
    entity (a full label scan at a million nodes)."""

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        return [{"done": True}] if statement == cypher.NAME_KEYS_DONE else []

    driver = FakeDriver(answer)
    store_on(driver, read_only=False)
    assert not [s for s, _, _ in driver.log if s == cypher.MISSING_NAME_KEYS]


def _pages_of(rows: Rows) -> Answer:
    """A database holding these entity rows, read by keyset pages (``ITER_NODES``)."""

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        if statement != cypher.ITER_NODES:
            return []
        after = sorted((r for r in rows if r["id"] > params["after"]), key=lambda r: r["id"])
        return [{"row": r} for r in after[: params["limit"]]]

    return answer


def test_a_writable_open_delimits_older_search_text() -> None:
    # An earlier version wrote "华为\nhuawei": the first name had no line break before
    # it, so the exact and prefix lookups of name search could not find it.
    legacy = node_to_row(Node("c:1", NodeType.COMPANY, "华为"))
    legacy["search_text"] = "华为\nhuawei"
    current = node_to_row(Node("c:2", NodeType.COMPANY, "万科"))
    unnamed = node_to_row(Node("c:3", NodeType.COMPANY, ""))
    driver = FakeDriver(_pages_of([legacy, current, unnamed]))
    store = store_on(driver, read_only=False)
    written = [p["rows"] for s, p, _ in driver.log if s == cypher.UPSERT_NODES[NodeType.COMPANY]]
    assert [[(r["id"], r["search_text"]) for r in rows] for rows in written] == [
        [("c:1", "\n华为\nhuawei\n")]
    ]
    marks = [p["key"] for s, p, _ in driver.log if s == cypher.MARK_NAME_KEYS_DONE]
    assert cypher.SEARCH_LINES_MARK in marks
    # Page by page, in id order.
    from graph.store.neo4j_write import delimit_search_text

    driver.log.clear()
    driver.answer = _pages_of([legacy, current, {**legacy, "id": "c:4"}])
    assert delimit_search_text(store, page=1) == 2
    pages = [p["after"] for s, p, _ in driver.log if s == cypher.ITER_NODES]
    assert pages == ["", "c:1", "c:2", "c:4"]
    # Once marked, or read-only, no scan.
    driver = FakeDriver(
        lambda s, p, n: (
            [{"done": True}] if s == cypher.NAME_KEYS_DONE else _pages_of([legacy])(s, p, n)
        )
    )
    store_on(driver, read_only=False)
    store_on(driver, read_only=True)
    assert not [s for s, _, _ in driver.log if s == cypher.ITER_NODES]


def _name_search(rows: Rows) -> Answer:
    """A database answering ``SEARCH_CONTAINS`` as its text says: per pattern, the
    rows whose search text contains it, shortest name first, up to the limit."""

    def answer(statement: str, params: dict[str, Any], number: int) -> Rows:
        if statement != cypher.SEARCH_CONTAINS:
            return []
        out: Rows = []
        for pattern in params["patterns"]:
            found = sorted(
                (r for r in rows if pattern in r["search_text"]),
                key=lambda r: (len(r["name"]), r["id"]),
            )
            out += [{"row": r} for r in found[: params["limit"]]]
        return out

    return answer


def test_short_queries_find_exact_and_prefix_matches_among_many_substrings() -> None:
    # 华为 is in every name, and the 100 shortest names only contain it: the exact
    # (on a second name) and prefix matches must still be found and ranked first.
    nodes = [Node(f"c:{i:03d}", NodeType.COMPANY, f"{chr(0x4E00 + i)}华为") for i in range(100)]
    nodes += [
        Node("c:prefix", NodeType.COMPANY, "华为技术有限公司"),
        Node("c:exact", NodeType.COMPANY, "深圳市某某某某某华为终端", names=("华为",)),
    ]
    driver = FakeDriver(_name_search([node_to_row(n) for n in nodes]))
    hits = store_on(driver).search("华为", limit=3)
    assert [(h.id, h.matched, h.score) for h in hits] == [
        ("c:exact", "华为", 0.9),
        ("c:prefix", "华为技术有限公司", 0.7),
        ("c:000", "一华为", 0.5),
    ]
    hits = store_on(driver).search("huawei", limit=2)
    assert [(h.id, h.how, h.score) for h in hits] == [
        ("c:exact", "pinyin", 0.85),
        ("c:prefix", "pinyin", 0.65),
    ]
    sent = [p["patterns"] for s, p, _ in driver.log if s == cypher.SEARCH_CONTAINS]
    assert sent == [["\n华为\n", "\n华为", "华为"], ["\nhuawei\n", "\nhuawei", "huawei"]]


# -- read-only search on a database without the schema --------------------------------

NO_INDEX = "Neo.ClientError.Procedure.ProcedureCallFailed"


def _server_error(code: str, message: str) -> Exception:
    return Neo4jError._hydrate_neo4j(code=code, message=message)


def _names(statement: str, params: dict[str, Any], number: int) -> Rows:
    if statement == cypher.SEARCH_CONTAINS:
        row = {"id": "c:1", "type": "Company", "name": "Acme Trading Ltd", "names": []}
        return [{"row": {**row, "pinyin": ""}}]
    return []


def test_read_only_search_without_the_full_text_index_still_finds_names() -> None:
    # A read-only store creates no schema: the compose UI on a database never opened
    # writable has no full-text index, and the procedure call fails.
    driver = FakeDriver(_names)
    driver.fail_once = [
        ("db.index.fulltext.queryNodes", _server_error(NO_INDEX, "There is no such fulltext"
                                                       " schema index: entity_names")),
    ]  # fmt: skip
    hits = store_on(driver).search("acme trading")
    assert [(h.id, h.how) for h in hits] == [("c:1", "name")]
    assert not driver.fail_once  # the full-text query was tried


def test_search_reports_other_server_errors() -> None:
    driver = FakeDriver(_names)
    bad = _server_error("Neo.ClientError.Statement.SyntaxError", "Invalid input")
    driver.fail_once = [("db.index.fulltext.queryNodes", bad)]
    with pytest.raises(StoreError) as err:
        store_on(driver).search("acme trading")
    assert err.value.data["code"] == "Neo.ClientError.Statement.SyntaxError"


# -- type filters in the pattern -----------------------------------------------------


def test_export_edges_reads_only_the_types_asked_for() -> None:
    driver = FakeDriver(lambda s, p, n: _growing_graph(s, p, 1))
    e = store_on(driver).export_edges(types=[RelType.CONTROLS])
    assert e.rel_ids == ["r2"]
    read = [s for s, _, _ in driver.log if "AS share_exact" in s]
    assert read == [cypher.EXPORT_EDGES[RelType.CONTROLS]]
    driver.log.clear()
    assert len(store_on(driver).export_edges(types=[])) == 0
    assert not [s for s, _, _ in driver.log if "AS share_exact" in s]


def test_rels_of_sends_the_statement_for_its_types() -> None:
    driver = FakeDriver(_resolving({"a": "Company"}))
    store = store_on(driver)
    store.rels_of("a", direction="out", types=[RelType.OWNS])
    store.rels_of_many(["a"], types=[RelType.OWNS, RelType.CONTROLS])
    sent = [(s, p) for s, p, _ in driver.log if s != cypher.RESOLVE]
    assert [s for s, _ in sent] == [
        cypher.rels_of_statement("out", [RelType.OWNS]),
        cypher.rels_of_many_statement("both", [RelType.OWNS, RelType.CONTROLS]),
    ]
    assert all("types" not in p for _, p in sent)
    # No types: nothing matches, and nothing is asked but the aliases.
    driver.log.clear()
    assert store.rels_of("a", types=[]) == ([], 0)
    assert store.rels_of_many(["a", "nope"], types=[]) == {"a": ([], 0)}
    assert {s for s, _, _ in driver.log} <= {cypher.RESOLVE}


def test_as_of_goes_to_neo4j_as_a_date() -> None:
    # A datetime would go as a LocalDateTime, which never compares with a stored Date.
    driver = FakeDriver(_resolving({"a": "Company"}))
    store = store_on(driver)
    late = datetime(2021, 12, 31, 23, 59)
    store.rels_of("a", as_of=late)
    store.rels_of_many(["a"], as_of=late)
    store.export_edges(as_of=late)
    sent = [p["as_of"] for _, p, _ in driver.log if "as_of" in p]
    assert len(sent) == 2 + len(RelType)
    assert all(type(day) is date and day == date(2021, 12, 31) for day in sent)


def test_min_share_goes_to_neo4j_as_a_number_and_only_from_rels_of() -> None:
    driver = FakeDriver(_resolving({"a": "Company"}))
    store = store_on(driver)
    store.rels_of("a", direction="out", types=[RelType.OWNS], min_share=Fraction(1, 2))
    store.rels_of("a")
    store.rels_of_many(["a"])
    sent = [p["min_share"] for s, p, _ in driver.log if s != cypher.RESOLVE]
    assert sent == [0.5, None, None]
    assert "$min_share" in cypher.rels_of_statement("out", [RelType.OWNS])


def test_names_containing_sends_folded_groups_and_tests_each_name() -> None:
    row = {"id": "c", "type": "Company", "name": "Huawei Tech", "names": ["Other Name"]}
    across = {"id": "d", "type": "Company", "name": "Huawei", "names": ["Tech Ltd"]}
    driver = FakeDriver(
        lambda s, p, n: [{"row": row}, {"row": across}] if s == cypher.NAMES_CONTAINING else []
    )
    store = store_on(driver)
    hits = store.names_containing([["HUAW", "x"], ["tech"]], limit=5)
    # d holds 'huaw' and 'tech' in two different names: no hit.
    assert [(h.id, h.matched) for h in hits] == [("c", "Huawei Tech")]
    (params,) = [p for s, p, _ in driver.log if s == cypher.NAMES_CONTAINING]
    assert params["first"] == ["huaw"] and params["groups"] == [["huaw"], ["tech"]]
    # Each line of search_text is tested in the statement, so the limit counts hits.
    statement = cypher.NAMES_CONTAINING
    assert "any(line IN split(n.search_text, $sep)" in statement
    assert statement.index("line CONTAINS x") < statement.index("LIMIT $limit")
    assert params["sep"] == "\n" and params["limit"] == 5
    driver.log.clear()
    assert store.names_containing([["hu"]]) == [] and not driver.log
