"""The Neo4j store's write path: node upserts, relationship upserts, entity merges.

Apart from ``graph.store.neo4j`` (connection, transactions, reads) because this is
where the protocol's merge rules are carried out, and they are carried out in Python
exactly as the SQLite store carries them out (``graph.store.merge``,
``graph.store.rows.merge_nodes``): the merged record is then written whole, each
batch in one managed write transaction (``Neo4jStore._write``), with the
parameterised statements of ``graph.store.cypher``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from neo4j import ManagedTransaction

from graph.errors import ModelError
from graph.model import MATCH_KINDS, REL_ENDPOINTS, Node, NodeType, Rel, RelType
from graph.store import cypher
from graph.store.merge import MatchLink, check_mergeable, merged_entity, redundant_match_links
from graph.store.rows import (
    merge_nodes,
    node_to_row,
    rel_to_row,
    rel_write_params,
    row_to_node,
    undelimited,
)

if TYPE_CHECKING:
    from graph.store.neo4j import Neo4jStore

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_nodes(store: Neo4jStore, batch: list[Node]) -> None:
    """Merge one batch of nodes into what the store has and write those that changed."""
    # Same rule as the SQLite store: a node merges into the entity its own id
    # already names (directly or as an alias); its other ids only add aliases,
    # and an alias, once given, keeps naming its first entity.
    pending: dict[str, Node] = {}
    for node in batch:
        prev = pending.get(node.id)
        pending[node.id] = merge_nodes(prev, node) if prev is not None else node
    found = store._resolve_many(list(pending))
    existing = store.get_many(list(dict.fromkeys(found.values())))
    current: dict[str, Node] = {}
    for nid, node in pending.items():
        target = found.get(nid)
        if target is not None and target in existing:
            base = current.get(target, existing[target])
            current[target] = merge_nodes(base, node)
        else:
            current[nid] = merge_nodes(current[nid], node) if nid in current else node
    changed = [n for k, n in current.items() if existing.get(k) != n]
    by_type: dict[NodeType, list[dict[str, Any]]] = {}
    for node in changed:
        by_type.setdefault(node.type, []).append(node_to_row(node))
    own = [{"alias": n.id, "target": n.id} for n in changed]
    # The first claim wins, and the SQLite store makes the new entities' claims before
    # the stored ones' new claims: two claiming one new alias in a batch end alike.
    claims = sorted(changed, key=lambda n: n.id in existing)
    extra = [{"alias": i, "target": n.id} for n in claims for i in n.ids if i != n.id]

    def work(tx: ManagedTransaction) -> None:
        for type_, rows in by_type.items():
            tx.run(cypher.upsert_nodes_statement(type_), {"rows": rows}).consume()
        tx.run(cypher.UPSERT_ALIASES, {"rows": own + extra}).consume()

    if changed:
        store._write(work)


def add_name_keys(store: Neo4jStore, page: int = 5000) -> int:
    """Rewrite, a page at a time, the entities written before they had ``name_keys``
    (``Store.exact_names`` finds an entity by it); returns how many were rewritten.
    Once done, a marker spares later opens the scan."""
    if store._query(cypher.NAME_KEYS_DONE, key=cypher.NAME_KEYS_MARK):
        return 0
    done = 0
    while rows := store._query(cypher.MISSING_NAME_KEYS, limit=page):
        by_type: dict[NodeType, list[dict[str, Any]]] = {}
        for r in rows:
            node = row_to_node(r["row"])
            by_type.setdefault(node.type, []).append(node_to_row(node))
        store._write(partial(_write_rows, by_type=by_type))
        done += len(rows)
    store._write(partial(_mark, cypher.NAME_KEYS_MARK))
    return done


def delimit_search_text(store: Neo4jStore, page: int = 5000) -> int:
    """Rewrite the entities whose ``search_text`` an earlier version wrote without a
    line break before its first line and after its last (name search would miss their
    first name's exact and prefix matches); returns how many were rewritten.  One pass
    in id order (keyset pages, each a seek on the id index), then a marker."""
    if store._query(cypher.NAME_KEYS_DONE, key=cypher.SEARCH_LINES_MARK):
        return 0
    done, after = 0, ""
    while rows := store._query(cypher.ITER_NODES, after=after, types=None, limit=page):
        after = rows[-1]["row"]["id"]
        by_type: dict[NodeType, list[dict[str, Any]]] = {}
        for r in rows:
            if undelimited(r["row"]):
                node = row_to_node(r["row"])
                by_type.setdefault(node.type, []).append(node_to_row(node))
        if by_type:
            store._write(partial(_write_rows, by_type=by_type))
            done += sum(map(len, by_type.values()))
    store._write(partial(_mark, cypher.SEARCH_LINES_MARK))
    return done


def _write_rows(tx: ManagedTransaction, by_type: dict[NodeType, list[dict[str, Any]]]) -> None:
    for type_, batch in by_type.items():
        tx.run(cypher.upsert_nodes_statement(type_), {"rows": batch}).consume()


def _mark(key: str, tx: ManagedTransaction) -> None:
    tx.run(cypher.MARK_NAME_KEYS_DONE, {"key": key}).consume()


def _write_rels(by_type: dict[RelType, dict[str, dict[str, Any]]], tx: ManagedTransaction) -> int:
    written = 0
    for type_, rows in by_type.items():
        statement = cypher.upsert_rels_statement(type_)
        result = tx.run(statement, {"rows": list(rows.values())})
        written += int(result.single(strict=True)["written"])
    return written


def write_rels(store: Neo4jStore, batch: list[Rel], skipped: list[str]) -> int:
    """Write one batch of relationships, endpoints resolved through aliases; the ids of
    those whose endpoints are not in the store go to ``skipped``.  Returns the count
    of records written, repeats of an id included, as the SQLite store counts."""
    ends = store._resolve_typed([i for r in batch for i in (r.src, r.dst)])
    by_id: dict[str, tuple[RelType, dict[str, Any]]] = {}
    repeats = 0
    for rel in batch:
        src, dst = ends.get(rel.src), ends.get(rel.dst)
        if src is None or dst is None:
            skipped.append(rel.id)
            continue
        allowed_src, allowed_dst = REL_ENDPOINTS[rel.type]
        if src[1] not in allowed_src or dst[1] not in allowed_dst:
            raise ModelError(
                f"{rel.type.value} cannot join {src[1]} {rel.src!r} to {dst[1]} {rel.dst!r}",
                id=rel.id,
                src_type=src[1],
                dst_type=dst[1],
            )
        row = rel_to_row(rel)
        row.update(src=src[0], dst=dst[0])
        # Last write of an id in a batch wins, whatever its type, as across batches.
        repeats += by_id.pop(rel.id, None) is not None
        by_id[rel.id] = (rel.type, rel_write_params(row))
    by_type: dict[RelType, dict[str, dict[str, Any]]] = {}
    for rid, (type_, params) in by_id.items():
        by_type.setdefault(type_, {})[rid] = params
    if not by_type:
        return 0
    # The statement counts each id once; the SQLite store counts every record written,
    # and a repeated id was written (then replaced) as often as it came.
    return store._write(partial(_write_rels, by_type)) + repeats


def _score(props: str | None) -> float:
    """A match link's score from its stored ``props`` (JSON text), 0 without one."""
    score = json.loads(props).get("score") if props else None
    return float(score) if isinstance(score, int | float) else 0.0


def merge_entities(store: Neo4jStore, keep_id: str, other_id: str) -> str:
    """Merge ``other_id`` into ``keep_id`` in one write transaction (see the protocol);
    returns the survivor's canonical id."""
    keep, other = store.get(keep_id), store.get(other_id)
    check_mergeable(keep_id, other_id, keep, other)
    assert keep is not None and other is not None
    if keep.id == other.id:
        return keep.id
    merged = merged_entity(keep, other)
    ids = {"keep": keep.id, "other": other.id}
    aliases = [{"alias": i, "target": keep.id} for i in merged.all_ids]

    def work(tx: ManagedTransaction) -> None:
        tx.run(cypher.MERGE_DROP_LINKS, ids).consume()
        links = [
            MatchLink(r["id"], r["src"], r["dst"], r["kind"], _score(r["props"]))
            for r in tx.run(cypher.MERGE_MATCH_LINKS, {**ids, "kinds": sorted(MATCH_KINDS)})
        ]
        drop = redundant_match_links(keep.id, other.id, links)
        tx.run(cypher.MERGE_DROP_MATCH_LINKS, {"ids": drop}).consume()
        for statement in cypher.MERGE_REPOINT.values():
            tx.run(statement, ids).consume()
        tx.run(cypher.MERGE_MOVE_ALIASES, {**ids, "aliases": list(other.all_ids)}).consume()
        tx.run(cypher.MERGE_DELETE_OTHER, ids).consume()
        tx.run(
            cypher.upsert_nodes_statement(merged.type), {"rows": [node_to_row(merged)]}
        ).consume()
        tx.run(cypher.UPSERT_ALIASES, {"rows": aliases}).consume()

    store._write(work)
    return keep.id


def wipe(store: Neo4jStore) -> None:
    """Delete every entity and alias, in batches (tests only)."""

    def work(tx: ManagedTransaction) -> int:
        return int(tx.run(cypher.WIPE_BATCH, {"limit": 10_000}).single(strict=True)["deleted"])

    while store._write(work):
        pass
