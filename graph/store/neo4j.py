"""The Neo4j backend: a thin translation of the store protocol to parameterised Cypher.

All statement text lives in ``graph.store.cypher``; record conversion in
``graph.store.rows``.  Merging (props key by key, names/ids/provenance unioned)
happens in Python exactly as the protocol describes, then the merged record is
written whole (``graph.store.neo4j_write``).  Writes go through ``execute_write``
(managed transactions, retried per the driver's rules), reads through
``execute_read`` (routed to readers), every session with the store's one bookmark
manager so that reads see the store's own writes.

A URL that cannot be reached fails fast with ``StoreUnavailable`` naming the URL:

>>> Neo4jStore.from_url("bolt://127.0.0.1:1")
Traceback (most recent call last):
...
graph.errors.StoreUnavailable: cannot reach Neo4j at bolt://127.0.0.1:1: ...
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from fractions import Fraction
from functools import partial
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.errors import StoreError, StoreUnavailable
from graph.model import MATCH_KINDS, Node, NodeType, Rel, RelType, Role
from graph.store import cypher
from graph.store.base import (
    DEFAULT_BATCH,
    EdgeArrays,
    Neighbourhood,
    Path,
    SearchHit,
    Stats,
    without_matches,
)
from graph.store.neo4j_export import export_edges
from graph.store.neo4j_search import exact_names, names_containing, search_names
from graph.store.neo4j_write import (
    add_name_keys,
    chunks,
    delimit_search_text,
    merge_entities,
    wipe,
    write_nodes,
    write_rels,
)
from graph.store.rows import day, row_to_node, row_to_rel, type_names

T = TypeVar("T")

CONNECTION_TIMEOUT = 3.0  # seconds to open a socket
ACQUISITION_TIMEOUT = 5.0  # seconds to get a pooled connection; keeps failure under 10 s
PAGE = 5000


def _redact(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without user info, and the (user, password) it carried, if any.

    User info is percent-decoded, as URLs require: a password with ``@``, ``:``,
    ``/`` or ``%`` can only be written encoded.

    >>> _redact("neo4j://neo4j:p%40ss%2Fw%3Ard@db:7687")
    ('neo4j://db:7687', ('neo4j', 'p@ss/w:rd'))
    """
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None
    netloc = parts.netloc.rpartition("@")[2]
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, (unquote(parts.username or "") or "neo4j", unquote(parts.password or ""))


def _run_schema(statement: str, tx: ManagedTransaction) -> None:
    tx.run(statement).consume()


def _run_ids(statement: str, ids: list[str], tx: ManagedTransaction) -> None:
    tx.run(statement, {"ids": list(dict.fromkeys(ids))}).consume()


class Neo4jStore:
    """The store protocol over a Neo4j 5 (>= 5.23) database."""

    def __init__(
        self,
        driver: Driver,
        *,
        url: str = "neo4j://",
        database: str | None = None,
        read_only: bool = False,
    ) -> None:
        self.url = url
        self.database = database
        self.read_only = read_only
        self._driver = driver
        # Every session of this store carries one bookmark manager, so that on a cluster
        # a read (routed to any member) sees the writes this store has just made.
        self._bookmarks = GraphDatabase.bookmark_manager()
        # Set only on a view of the store bound to one read transaction (``_within``).
        self._tx: ManagedTransaction | None = None
        self.skipped_rels: list[str] = []
        if not read_only:
            # One transaction per schema statement: some servers refuse to mix index
            # kinds in one transaction, and each statement is idempotent on its own.
            for statement in cypher.SCHEMA:
                self._write(partial(_run_schema, statement))
            add_name_keys(self)
            delimit_search_text(self)

    @classmethod
    def from_url(
        cls, url: str, read_only: bool = False, *, env: Mapping[str, str] | None = None
    ) -> Neo4jStore:
        """Connect, verify connectivity, ensure the schema (unless read-only).

        Credentials come from ``NEO4J_USER`` (default ``neo4j``) and ``NEO4J_PASSWORD``,
        or from user info in the URL; the database from ``NEO4J_DATABASE``.
        """
        env = os.environ if env is None else env
        clean, from_url = _redact(url)
        auth = from_url or (env.get("NEO4J_USER") or "neo4j", env.get("NEO4J_PASSWORD") or "")
        database = env.get("NEO4J_DATABASE") or None
        try:
            driver = GraphDatabase.driver(
                clean,
                auth=auth,
                connection_timeout=CONNECTION_TIMEOUT,
                connection_acquisition_timeout=ACQUISITION_TIMEOUT,
                max_transaction_retry_time=ACQUISITION_TIMEOUT,
            )
        except (DriverError, ValueError) as exc:
            raise StoreUnavailable(
                f"bad Neo4j URL {clean}: {exc}", url=clean, reason=type(exc).__name__
            ) from exc
        try:
            driver.verify_connectivity()
            return cls(driver, url=clean, database=database, read_only=read_only)
        except StoreError:
            driver.close()
            raise
        except (DriverError, Neo4jError, OSError, ValueError) as exc:
            driver.close()
            what = "Neo4j refused the credentials" if isinstance(exc, AuthError) else "cannot reach"
            detail = str(exc).replace(auth[1], "***") if auth[1] else str(exc)
            message = (
                f"{what} at {clean} (user {auth[0]!r}; set NEO4J_USER/NEO4J_PASSWORD)"
                if isinstance(exc, AuthError)
                else f"cannot reach Neo4j at {clean}: {detail}"
            )
            raise StoreUnavailable(message, url=clean, reason=type(exc).__name__) from exc

    # -- plumbing ---------------------------------------------------------

    def _run(self, mode: str, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self._driver.session(
                database=self.database, default_access_mode=mode, bookmark_manager=self._bookmarks
            ) as s:
                if mode == WRITE_ACCESS:
                    return s.execute_write(work)
                return s.execute_read(work)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(
                f"lost Neo4j at {self.url}: {exc}", url=self.url, reason=type(exc).__name__
            ) from exc
        except (Neo4jError, DriverError) as exc:
            raise StoreError(
                f"Neo4j at {self.url} failed: {exc}",
                url=self.url,
                reason=type(exc).__name__,
                code=getattr(exc, "code", None),  # the server's status code, if any
            ) from exc

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only", url=self.url)
        return self._run(WRITE_ACCESS, work)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        if self._tx is not None:
            return work(self._tx)
        return self._run(READ_ACCESS, work)

    def _within(self, tx: ManagedTransaction) -> Neo4jStore:
        """This store with every read in ``tx``: protocol calls made through it see one
        snapshot, as the SQLite store's do within its transaction."""
        view = copy.copy(self)
        view._tx = tx
        return view

    def _query(self, statement: str, **params: Any) -> list[dict[str, Any]]:
        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(statement, params)]

        return self._read(work)

    # -- writing (``graph.store.neo4j_write``) -------------------------------

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = DEFAULT_BATCH) -> int:
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only", url=self.url)
        count = 0
        for batch in chunks(nodes, batch_size):
            count += len(batch)
            write_nodes(self, batch)
        return count

    def upsert_rels(self, rels: Iterable[Rel], batch_size: int = DEFAULT_BATCH) -> int:
        """Insert or replace relationships by id, endpoints resolved through aliases.

        As in the SQLite store: relationships whose endpoints are not in the store are
        skipped (their ids left in ``skipped_rels``) and not counted; an endpoint of a
        type the model does not allow for the relationship raises ``ModelError``.
        """
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only", url=self.url)
        self.skipped_rels = []
        count = 0
        for batch in chunks(rels, batch_size):
            count += write_rels(self, batch, self.skipped_rels)
        return count

    def merge_entities(self, keep_id: str, other_id: str) -> str:
        """Merge ``other_id`` into ``keep_id`` in one write transaction (see the protocol)."""
        if self.read_only:
            raise StoreError(f"store {self.url} is open read-only", url=self.url)
        return merge_entities(self, keep_id, other_id)

    # -- entities awaiting name proposals: one ``Unproposed`` node per id --------

    def await_proposals(self, ids: Iterable[str]) -> None:
        for batch in chunks(ids, PAGE):
            self._write(partial(_run_ids, cypher.AWAIT_PROPOSALS, batch))

    def awaiting_proposals(self) -> list[str]:
        return [str(r["id"]) for r in self._query(cypher.AWAITING_PROPOSALS)]

    def proposals_made(self, ids: Iterable[str]) -> None:
        for batch in chunks(ids, PAGE):
            self._write(partial(_run_ids, cypher.PROPOSALS_MADE, batch))

    def wipe(self) -> None:
        """Delete every entity and alias, in batches (tests only)."""
        wipe(self)

    # -- reading ----------------------------------------------------------

    def _resolve_typed(self, ids: Sequence[str]) -> dict[str, tuple[str, NodeType]]:
        unique = list(dict.fromkeys(ids))
        if not unique:
            return {}
        rows = self._query(cypher.RESOLVE, ids=unique)
        return {r["alias"]: (r["target"], NodeType(r["type"])) for r in rows}

    def _resolve_many(self, ids: Sequence[str]) -> dict[str, str]:
        return {k: v[0] for k, v in self._resolve_typed(ids).items()}

    def resolve_many(self, ids: Sequence[str]) -> dict[str, str]:
        return self._resolve_many(ids)

    def resolve(self, any_id: str) -> str | None:
        return self._resolve_many([any_id]).get(any_id)

    def get(self, any_id: str) -> Node | None:
        canonical = self.resolve(any_id)
        if canonical is None:
            return None
        return self.get_many([canonical]).get(canonical)

    def get_many(self, ids: Sequence[str]) -> dict[str, Node]:
        resolved = self._resolve_many(ids)
        targets = list(dict.fromkeys(resolved[i] for i in ids if i in resolved))
        if not targets:
            return {}
        rows = self._query(cypher.GET_NODES, ids=targets)
        return {r["row"]["id"]: row_to_node(r["row"]) for r in rows}

    def existing_rels(self, type_: RelType, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self._query(cypher.existing_rels_statement(type_), ids=list(ids))
        return {r["id"] for r in rows}

    def search(
        self, text: str, limit: int = 20, types: Sequence[NodeType] | None = None
    ) -> list[SearchHit]:
        return search_names(self, text, limit, types)

    def exact_names(
        self,
        keys: Sequence[str],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 200,
        pinyin: bool = False,
    ) -> list[SearchHit]:
        return exact_names(self, keys, types, limit, pinyin)

    def names_containing(
        self,
        groups: Sequence[Sequence[str]],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        return names_containing(self, groups, types, limit)

    def rels_of(
        self,
        node_id: str,
        *,
        direction: str = "both",
        types: Sequence[RelType] | None = None,
        roles: Sequence[Role] | None = None,
        as_of: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        min_share: Fraction | None = None,
    ) -> tuple[list[Rel], int]:
        cypher.rels_of_statement(direction)  # an unknown direction raises, as in SQLite
        canonical = self.resolve(node_id)
        if canonical is None or (types is not None and not types):
            return [], 0
        rows = self._query(
            cypher.rels_of_statement(direction, types),
            id=canonical,
            roles=type_names(roles),
            as_of=day(as_of),
            offset=max(offset, 0),
            limit=2**62 if limit is None else max(limit, 0),
            min_share=None if min_share is None else float(min_share),
        )
        if not rows:
            return [], 0
        return [row_to_rel(r) for r in rows[0]["rels"]], int(rows[0]["total"])

    def rels_of_many(
        self,
        node_ids: Sequence[str],
        *,
        direction: str = "both",
        types: Sequence[RelType] | None = None,
        roles: Sequence[Role] | None = None,
        as_of: date | None = None,
        cap: int | None = None,
    ) -> dict[str, tuple[list[Rel], int]]:
        cypher.rels_of_many_statement(direction)  # an unknown direction raises
        ids = list(dict.fromkeys(node_ids))
        if not ids:
            return {}
        if types is not None and not types:
            return {canonical: ([], 0) for canonical in self._resolve_many(ids).values()}
        rows = self._query(
            cypher.rels_of_many_statement(direction, types),
            ids=ids,
            roles=type_names(roles),
            as_of=day(as_of),
            cap=2**62 if cap is None else max(cap, 0),
            min_share=None,
        )
        return {r["nid"]: ([row_to_rel(x) for x in r["rels"]], int(r["total"])) for r in rows}

    def neighbourhood(
        self,
        node_id: str,
        *,
        hops: int = 1,
        types: Sequence[RelType] | None = None,
        roles: Sequence[Role] | None = None,
        as_of: date | None = None,
        cap: int = 50,
        max_nodes: int = 500,
    ) -> Neighbourhood:
        from graph.store import traverse

        # One read transaction for the whole search (resolve, each hop, the per-type
        # totals, the nodes), as SQLite reads it in one: a writer between two hops could
        # otherwise leave a relationship to a node that get_many no longer finds.  The
        # search only reads, so the driver may run it again on a transient error.
        def work(tx: ManagedTransaction) -> Neighbourhood:
            return traverse.neighbourhood(
                self._within(tx),
                node_id,
                hops=hops,
                types=types,
                roles=roles,
                as_of=as_of,
                cap=cap,
                max_nodes=max_nodes,
            )

        return self._read(work)

    def shortest_paths(
        self,
        a: str,
        b: str,
        *,
        max_hops: int = 4,
        types: Sequence[RelType] | None = None,
        as_of: date | None = None,
        limit: int = 10,
        skip_kinds: Collection[str] = (),
    ) -> list[Path]:
        from graph.store import traverse

        return traverse.shortest_paths(
            self, a, b, max_hops=max_hops, types=types, as_of=as_of, limit=limit,
            skip_kinds=skip_kinds,
        )  # fmt: skip

    def export_edges(
        self, types: Sequence[RelType] | None = None, as_of: date | None = None
    ) -> EdgeArrays:
        return export_edges(self, types, day(as_of))

    def iter_nodes(self, types: Sequence[NodeType] | None = None) -> Iterator[Node]:
        after = ""
        while True:
            rows = self._query(cypher.ITER_NODES, after=after, types=type_names(types), limit=PAGE)
            for r in rows:
                yield row_to_node(r["row"])
            if len(rows) < PAGE:
                return
            after = rows[-1]["row"]["id"]

    def stats(self) -> Stats:
        nodes = {r["type"]: int(r["total"]) for r in self._query(cypher.COUNT_NODES)}
        rels = {r["type"]: int(r["total"]) for r in self._query(cypher.COUNT_RELS)}
        found = self._query(cypher.COUNT_MATCHES, kinds=sorted(MATCH_KINDS))
        matches = {str(r["kind"]): int(r["total"]) for r in found if r["total"]}
        return Stats(
            nodes={k: v for k, v in nodes.items() if v},
            rels=without_matches({k: v for k, v in rels.items() if v}, matches),
            matches=matches,
        )

    # -- lifecycle --------------------------------------------------------

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
