"""Name and identifier search for the Neo4j store.

Ranking is the SQLite store's (``graph.store.sqlite_search``): an identifier match,
then an exact name, a prefix, a substring, pinyin just below the same kind of match
on the name as written.  Candidates come from the full-text index (three or more
characters) and from ``CONTAINS`` on the TEXT-indexed ``search_text`` (any length,
so two-character Chinese names are found), one limited lookup each for exact, prefix
and substring matches, as in the SQLite store; each candidate is graded in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph.errors import StoreError
from graph.model import NodeType
from graph.store import cypher
from graph.store.base import SearchHit
from graph.store.rows import NAME_SEP, SUBSTRING, classify_hit, lucene_query, type_names
from graph.store.textindex import (
    fold,
    id_candidates,
    pinyin_key,
    pinyin_query,
    substring_groups,
)

if TYPE_CHECKING:
    from graph.store.neo4j import Neo4jStore

SHORT_QUERY = 2  # queries this short skip full-text (its n-grams cannot match them)
# What db.index.fulltext.queryNodes fails with when its index does not exist.
PROCEDURE_FAILED = "Neo.ClientError.Procedure.ProcedureCallFailed"


def search_names(
    store: Neo4jStore, text: str, limit: int, types: Sequence[NodeType] | None
) -> list[SearchHit]:
    """Up to ``limit`` hits for ``text``, best first."""
    query = text.strip()
    if not query or limit <= 0:
        return []
    wanted = None if types is None else {NodeType(t) for t in types}
    hits: dict[str, SearchHit] = {}

    def add(hit: SearchHit) -> None:
        old = hits.get(hit.id)
        if (wanted is None or hit.type in wanted) and (old is None or hit.score > old.score):
            hits[hit.id] = hit

    found = store._resolve_many(id_candidates(query))
    nodes = store.get_many(list(dict.fromkeys(found.values())))
    for alias, target in found.items():
        if target in nodes:
            node = nodes[target]
            add(SearchHit(node.id, node.type, node.name, alias, "id", 1.0))
    folded, pinyin = fold(query), pinyin_query(query)
    keys = [k for k in dict.fromkeys([folded, pinyin]) if k]
    params: dict[str, Any] = {"types": type_names(types), "limit": max(limit * 4, 50)}
    rows: list[tuple[dict[str, Any], float]] = []
    if len(folded) > SHORT_QUERY:
        lucene = lucene_query(folded, pinyin)
        rows += [(r["row"], float(r["score"])) for r in _fulltext(store, lucene, params)]
    # Exact, prefix and substring candidates, each kind with its own limit (see
    # ``cypher.SEARCH_CONTAINS``); the TEXT index serves any length.
    patterns = [p for k in keys for p in (NAME_SEP + k + NAME_SEP, NAME_SEP + k, k)]
    result = store._query(cypher.SEARCH_CONTAINS, patterns=list(dict.fromkeys(patterns)), **params)
    rows += [(r["row"], 0.0) for r in result]
    for row, _ in rows:
        match = classify_hit(row, keys)
        if match is not None:
            add(SearchHit(row["id"], NodeType(row["type"]), row["name"], *match))
    ranked = sorted(hits.values(), key=lambda h: (-h.score, len(h.name), h.name, h.id))
    return ranked[:limit]


def _fulltext(store: Neo4jStore, lucene: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The full-text candidates, or none when the index is missing or not online: a
    read-only store creates no schema, so the compose UI on a database never opened
    writable has none.  The ``CONTAINS`` query finds every name that a full-text
    candidate could be graded for, so only the candidates' order under the limit is lost."""
    try:
        return store._query(cypher.SEARCH_FULLTEXT, query=lucene, **params)
    except StoreError as exc:
        if exc.data.get("code") != PROCEDURE_FAILED:
            raise
        return []


def exact_names(
    store: Neo4jStore,
    keys: Sequence[str],
    types: Sequence[NodeType] | None,
    limit: int,
    pinyin: bool = False,
) -> list[SearchHit]:
    """Entities a name of which folds to exactly one of ``keys`` (see ``cypher.EXACT_NAMES``),
    or with ``pinyin`` has it as its pinyin (``cypher.EXACT_NAMES_OR_PINYIN``)."""
    # A folded name has no line break, so a key with one names nothing (and would match
    # across two lines).
    wanted = list(dict.fromkeys(k for k in keys if k and NAME_SEP not in k))
    if not wanted or limit <= 0:
        return []
    rows = store._query(
        cypher.EXACT_NAMES_OR_PINYIN if pinyin else cypher.EXACT_NAMES,
        keys=[NAME_SEP + k + NAME_SEP for k in wanted],
        types=type_names(types),
        limit=limit,
    )
    hits: dict[str, SearchHit] = {}
    for r in rows:
        row, key = r["row"], r["key"][1:-1]
        # ``matched`` is the name as written that folds to the key.
        names = [row["name"], *(row.get("names") or ())]
        name, how = next((x for x in names if fold(x) == key), None), "name"
        if name is None and pinyin and any(pinyin_key(x) == key for x in names):
            name, how = key, "pinyin"
        if name is not None and row["id"] not in hits and len(hits) < limit:
            hits[row["id"]] = SearchHit(
                row["id"], NodeType(row["type"]), row["name"], name, how, 1.0
            )
    return list(hits.values())


def names_containing(
    store: Neo4jStore,
    groups: Sequence[Sequence[str]],
    types: Sequence[NodeType] | None,
    limit: int,
) -> list[SearchHit]:
    """Entities a name (or pinyin) of which contains one string of every group
    (``Store.names_containing``): the statement tests each line of ``search_text`` (see
    ``cypher.NAMES_CONTAINING``), so every row is a hit; here only the name that
    matched is found again, to report it."""
    wanted = substring_groups(groups)
    if not wanted or limit <= 0:
        return []
    rows = store._query(
        cypher.NAMES_CONTAINING,
        first=wanted[0],
        groups=wanted,
        sep=NAME_SEP,
        types=type_names(types),
        limit=limit,
    )
    hits: dict[str, SearchHit] = {}
    for r in rows:
        row = r["row"]
        if row["id"] in hits or len(hits) >= limit:
            continue
        found = next(
            (
                (name, kind)
                for name in [row["name"], *(row.get("names") or ())]
                for kind, key in enumerate((fold(name), pinyin_key(name)))
                if key and all(any(s in key for s in g) for g in wanted)
            ),
            None,
        )
        if found is not None:
            name, kind = found
            how = "pinyin" if kind else "name"
            hits[row["id"]] = SearchHit(
                row["id"], NodeType(row["type"]), row["name"], name, how, SUBSTRING[kind]
            )
    return list(hits.values())
