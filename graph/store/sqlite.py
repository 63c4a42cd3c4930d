"""The embedded store: stdlib sqlite3, WAL, FTS5 name search, batched upserts.

>>> from graph.model import Node, NodeType, Rel, RelType
>>> with SQLiteStore.from_url("sqlite:///:memory:") as s:
...     s.upsert_nodes([Node("uscc:91440300192185379H", NodeType.COMPANY, "华为技术有限公司"),
...                     Node("person:1", NodeType.PERSON, "任正非")])
...     s.upsert_rels([Rel("r1", RelType.OWNS, "person:1", "uscc:91440300192185379H")])
...     [h.name for h in s.search("华为")], [h.id for h in s.search("huawei")]
2
1
(['华为技术有限公司'], ['uscc:91440300192185379H'])
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from fractions import Fraction
from functools import partial
from types import TracebackType
from typing import Any, TypeVar

from graph.errors import StoreError
from graph.model import MATCH_KINDS, Node, NodeType, Rel, RelType, Role
from graph.store import sqlite_ego, traverse
from graph.store.base import (
    DEFAULT_BATCH,
    EdgeArrays,
    Neighbourhood,
    Path,
    SearchHit,
    Stats,
    without_matches,
)
from graph.store.sqlite_bulk import BulkLoad, begin_bulk, end_bulk
from graph.store.sqlite_edges import rel_filters
from graph.store.sqlite_export import export_edges
from graph.store.sqlite_merge import merge_entities
from graph.store.sqlite_rels import rels_of, rels_of_many
from graph.store.sqlite_rows import IN_JSON, NODE_COLS, dumps, row_to_node
from graph.store.sqlite_schema import connect
from graph.store.sqlite_search import exact_names, names_containing, search_names
from graph.store.sqlite_write import (
    NodeBatch,
    batched,
    prepare_nodes,
    prepare_rels,
    write_nodes,
    write_rels,
)

T = TypeVar("T")


def _prepare_nodes(batch: list[Node]) -> tuple[NodeBatch, int]:
    return prepare_nodes(batch), len(batch)


class SQLiteStore:
    """A credgraph store in one SQLite file (``sqlite:///path.db``)."""

    def __init__(self, conn: sqlite3.Connection, url: str, read_only: bool = False) -> None:
        self._conn = conn
        self.url = url
        self.read_only = read_only
        self._lock = threading.RLock()
        # Relationships whose endpoints were unknown in the last upsert_rels call.
        self.skipped_rels: list[str] = []
        self._load: BulkLoad | None = None

    @classmethod
    def from_url(cls, url: str, read_only: bool = False) -> SQLiteStore:
        """Open (creating the file and schema if writable) the store at ``sqlite:///path``."""
        return cls(connect(url, read_only), url, read_only)

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the store is unusable afterwards."""
        with self._lock:
            self._conn.close()

    # -- writing ---------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            raise StoreError(f"{self.url} is open read-only", url=self.url)
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:  # SQLite ends some failed ones itself
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                # Disk full, I/O error, still locked after the busy timeout: earlier
                # batches stay committed, this one is rolled back; say so, not a traceback.
                raise StoreError(
                    f"{self.url}: a write failed and was rolled back ({exc}); "
                    "what was committed before it is kept",
                    url=self.url,
                ) from exc

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """One load across many ``upsert_*`` calls (see ``graph.store.sqlite_bulk``): ids
        kept in memory, indexes of empty tables and the FTS5 name indexes built at the
        end.  Each batch is still its own transaction.  Reentrant."""
        if self.read_only:
            raise StoreError(f"{self.url} is open read-only", url=self.url)
        with self._lock:
            if self._load is not None:
                yield
                return
            self._load = begin_bulk(self._conn)
            try:
                yield
            finally:
                load, self._load = self._load, None
                try:
                    end_bulk(self._conn, load)
                except sqlite3.Error as exc:
                    raise StoreError(
                        f"{self.url}: finishing the load's indexes failed ({exc}); the "
                        "loaded rows are committed and the next writable open finishes them",
                        url=self.url,
                    ) from exc

    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = DEFAULT_BATCH) -> int:
        """Insert or merge nodes by id (see ``graph.store.merge.merge_nodes``); returns the count.

        A node whose id is already an alias of another node merges into that node.
        """
        count = 0
        with self.bulk():
            for prepared, size in map(_prepare_nodes, batched(nodes, batch_size)):
                self._batch(partial(write_nodes, nb=prepared))
                count += size
        return count

    def upsert_rels(self, rels: Iterable[Rel], batch_size: int = DEFAULT_BATCH) -> int:
        """Insert or replace relationships by id, endpoints resolved through aliases.

        Relationships whose endpoints are not in the store are skipped (their ids are
        left in ``skipped_rels``) and not counted; an endpoint of a type the model does
        not allow for the relationship raises ``ModelError``.
        """
        self.skipped_rels = []
        count = 0
        with self.bulk():
            for prepared in map(prepare_rels, batched(rels, batch_size)):
                count += self._batch(partial(write_rels, batch=prepared, skipped=self.skipped_rels))
        return count

    def _batch(self, write: Callable[..., T]) -> T:
        """One batch, one transaction, inside ``bulk()``."""
        load = self._load
        assert load is not None
        try:
            with self._tx() as conn:
                load.check(conn)
                out = write(conn, bulk=load)
        except BaseException:
            load.forget()  # what it remembers of this batch was rolled back
            raise
        load.done(conn)
        return out

    def merge_entities(self, keep_id: str, other_id: str) -> str:
        """Merge ``other_id`` into ``keep_id`` (see ``graph.store.sqlite_merge``)."""
        with self._tx() as conn:
            return merge_entities(conn, keep_id, other_id)

    # -- entities awaiting name proposals ----------------------------------

    def await_proposals(self, ids: Iterable[str]) -> None:
        """Mark ``ids`` as awaiting their name candidates (see the protocol)."""
        with self._tx() as conn:
            conn.executemany("INSERT OR IGNORE INTO unproposed VALUES (?)", ((i,) for i in ids))
        self._own_write()

    def awaiting_proposals(self) -> list[str]:
        return [i for (i,) in self._all("SELECT id FROM unproposed ORDER BY id")]

    def proposals_made(self, ids: Iterable[str]) -> None:
        with self._tx() as conn:
            conn.executemany("DELETE FROM unproposed WHERE id = ?", ((i,) for i in ids))
        self._own_write()

    def _own_write(self) -> None:
        # The marks touch nothing a bulk load remembers (ids, rids, names): tell it so,
        # or its next batch takes them for another writer's and forgets everything,
        # the FTS5 build beside it included (measured: a bundle load 15% slower).
        if self._load is not None:
            self._load.changes = self._conn.total_changes

    # -- reading ---------------------------------------------------------

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def resolve(self, any_id: str) -> str | None:
        """The canonical id for any alias, or None."""
        row = self._one(
            "SELECT n.id FROM aliases a JOIN nodes n ON n.rid = a.rid WHERE a.alias = ?", (any_id,)
        )
        return None if row is None else str(row[0])

    def resolve_many(self, ids: Sequence[str]) -> dict[str, str]:
        """Alias -> canonical id for those of ``ids`` that are known."""
        if not ids:
            return {}
        rows = self._all(
            "SELECT a.alias, n.id FROM aliases a JOIN nodes n ON n.rid = a.rid "
            f"WHERE a.alias IN {IN_JSON}",
            (dumps(list(dict.fromkeys(ids))),),
        )
        return {str(a): str(n) for a, n in rows}

    def get(self, any_id: str) -> Node | None:
        """The node any of whose ids is ``any_id``."""
        row = self._one(
            f"SELECT {NODE_COLS} FROM aliases a JOIN nodes n ON n.rid = a.rid WHERE a.alias = ?",
            (any_id,),
        )
        return None if row is None else row_to_node(row)

    def get_many(self, ids: Sequence[str]) -> dict[str, Node]:
        """Canonical id -> node for those of ``ids`` (any aliases) that exist."""
        if not ids:
            return {}
        rows = self._all(
            f"SELECT DISTINCT {NODE_COLS} FROM aliases a JOIN nodes n ON n.rid = a.rid "
            f"WHERE a.alias IN {IN_JSON}",
            (dumps(list(ids)),),
        )
        return {r[0]: row_to_node(r) for r in rows}

    def existing_rels(self, type_: RelType, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` (relationship ids of ``type_``) the store already has."""
        if not ids:
            return set()
        with self._lock:
            load = self._load
            if load is not None and load.rels_fresh:
                # A load into an empty rels table has dropped its id index but remembers
                # each id's row: the type is checked by row, not by a table scan.
                known = load.rel_rids
                column, keys = "rid", dumps([known[i] for i in ids if i in known])
            else:
                column, keys = "id", dumps(list(ids))
            rows = self._conn.execute(
                f"SELECT id FROM rels WHERE {column} IN {IN_JSON} AND type = ?",
                (keys, RelType(type_).value),
            ).fetchall()
        return {r[0] for r in rows}

    def search(
        self, text: str, limit: int = 20, types: Sequence[NodeType] | None = None
    ) -> list[SearchHit]:
        """Ids exactly (also bare USCC/LEI), then names: exact, prefix, substring, pinyin."""
        with self._lock:
            return search_names(self._conn, text, limit, types)

    def exact_names(
        self,
        keys: Sequence[str],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 200,
        pinyin: bool = False,
    ) -> list[SearchHit]:
        """Entities a name of which folds to exactly one of ``keys`` (an index lookup)."""
        with self._lock:
            return exact_names(self._conn, keys, types, limit, pinyin)

    def names_containing(
        self,
        groups: Sequence[Sequence[str]],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Entities a name of which contains a string of every group (one FTS5 query)."""
        with self._lock:
            return names_containing(self._conn, groups, types, limit)

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
        """One page (ordered by type, then id) of a node's relationships, and their total
        (see ``graph.store.sqlite_rels``)."""
        with self._lock:
            return rels_of(
                self._conn, node_id, direction=direction, types=types, roles=roles,
                as_of=as_of, limit=limit, offset=offset, min_share=min_share,
            )  # fmt: skip

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
        """For each node: up to ``cap`` relationships (by type, then id) and the total."""
        with self._lock:
            return rels_of_many(
                self._conn, node_ids, direction=direction, types=types, roles=roles,
                as_of=as_of, cap=cap,
            )  # fmt: skip

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
        """Ego network, see ``graph.store.traverse.neighbourhood`` (read by
        ``graph.store.sqlite_ego``)."""
        traverse.check_ego_args(hops, cap, max_nodes)
        filters = rel_filters(types, roles, as_of)
        with self._lock:
            return sqlite_ego.neighbourhood(
                self._conn,
                node_id,
                hops=hops,
                types=types,
                cap=cap,
                max_nodes=max_nodes,
                filters=filters,
            )

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
        """All shortest undirected paths, see ``graph.store.traverse.shortest_paths``."""
        return traverse.shortest_paths(
            self, a, b, max_hops=max_hops, types=types, as_of=as_of, limit=limit,
            skip_kinds=skip_kinds,
        )  # fmt: skip

    def export_edges(
        self, types: Sequence[RelType] | None = None, as_of: date | None = None
    ) -> EdgeArrays:
        """Every node and the matching edges as arrays (see ``base.EdgeArrays``)."""
        where, params = rel_filters(types, None, as_of)
        with self._lock:
            return export_edges(self._conn, where, params)

    def iter_nodes(self, types: Sequence[NodeType] | None = None) -> Iterator[Node]:
        """Stream nodes in insertion order."""
        params: list[Any] = []
        if types is not None:
            params.append(dumps([NodeType(t).value for t in types]))
        last = 0
        while True:
            # Keyset pages rather than one open cursor: writers may commit between pages.
            rows = self._all(
                f"SELECT n.rid, {NODE_COLS} FROM nodes n WHERE n.rid > ?"
                + (f" AND n.type IN {IN_JSON}" if types is not None else "")
                + " ORDER BY n.rid LIMIT 2000",
                [last, *params],
            )
            if not rows:
                return
            last = rows[-1][0]
            yield from (row_to_node(r[1:]) for r in rows)

    def stats(self) -> Stats:
        """Counts by node type and relationship type; match candidates apart."""
        nodes = dict(self._all("SELECT type, count(*) FROM nodes GROUP BY type"))
        rels = dict(self._all("SELECT type, count(*) FROM rels GROUP BY type"))
        matches = dict(
            self._all(
                f"SELECT kind, count(*) FROM rels WHERE type = 'LINKED_TO' AND kind IN {IN_JSON} "
                "GROUP BY kind",
                [dumps(sorted(MATCH_KINDS))],
            )
        )
        return Stats(nodes=nodes, rels=without_matches(rels, matches), matches=matches)
