"""Every Cypher statement the Neo4j store runs, and nothing else.

Values always travel as ``$`` parameters.  Labels and relationship types cannot be
parameters in Cypher, so the statements that need them are pre-built here once per
member of the model's whitelists (``NodeType``, ``RelType``) and looked up by type;
no text from input ever reaches a statement.

Graph shape: every entity is ``(:Entity:<NodeType> {id, type, name, ...})``;
every alias (any id the entity had in a source, and its own id) is an
``(:Alias {id, target})`` node, so resolving an alias is one unique-index seek.
Relationships carry their model type as the Cypher type and ``id`` as a property.

>>> upsert_nodes_statement(NodeType.COMPANY).splitlines()[2]
'SET n = row, n:Company'
>>> upsert_nodes_statement("Robot")
Traceback (most recent call last):
...
graph.errors.ModelError: unknown node type 'Robot'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from graph.errors import InvalidInput, ModelError
from graph.model import NodeType, RelType

FULLTEXT_INDEX = "entity_names"

# Relationship filters shared by every read; each term is disabled by a null parameter.
# Dates are stored as Cypher DATEs and ``end`` is exclusive, as in ``Rel.valid_on``.
# Types are not filtered here but written into the pattern (``rel_types``), so that a
# hub's relationships of other types are never read.
AS_OF_FILTER = (
    "($as_of IS NULL OR ((r.start IS NULL OR r.start <= $as_of)"
    " AND (r.end IS NULL OR $as_of < r.end)))"
)
REL_FILTER = f"($roles IS NULL OR r.role IN $roles) AND {AS_OF_FILTER}"
# ``rels_of`` and ``rels_of_many`` also take ``$min_share`` (``Store.rels_of``); a
# relationship without a share has no share_hi, and null >= x is not true.
PAGE_FILTER = f"{REL_FILTER} AND ($min_share IS NULL OR r.share_hi >= $min_share)"

# What a relationship read returns: its stored properties plus type and endpoints.
REL_MAP = "r {.*, type: type(r), src: startNode(r).id, dst: endNode(r).id}"

# Every relationship joins two entities, so the far end needs no label check.
DIRECTION_PATTERNS: dict[str, str] = {
    "out": "(n)-[{r}]->()",
    "in": "(n)<-[{r}]-()",
    "both": "(n)-[{r}]-()",
}


def node_label(type_: NodeType | str) -> str:
    """The Cypher label for a node type, from the whitelist only.

    >>> node_label("Person")
    'Person'
    """
    try:
        return NodeType(type_).value
    except ValueError:
        raise ModelError(f"unknown node type {type_!r}", type=str(type_)) from None


def rel_type_name(type_: RelType | str) -> str:
    """The Cypher relationship type for a model type, from the whitelist only.

    >>> rel_type_name("OWNS")
    'OWNS'
    """
    try:
        return RelType(type_).value
    except ValueError:
        raise ModelError(f"unknown relationship type {type_!r}", type=str(type_)) from None


def _direction(direction: str) -> str:
    try:
        return DIRECTION_PATTERNS[direction]
    except KeyError:
        raise InvalidInput(
            f"direction must be one of out, in, both, not {direction!r}", direction=direction
        ) from None


def rel_types(types: Sequence[RelType | str] | None) -> tuple[str, ...] | None:
    """Whitelisted type names in the model's order, each once (None: every type).

    >>> rel_types(["LINKED_TO", RelType.OWNS, "OWNS"])
    ('OWNS', 'LINKED_TO')
    """
    if types is None:
        return None
    names = {rel_type_name(t) for t in types}
    if not names:
        # A pattern cannot say "no type": callers answer an empty list without a query.
        raise InvalidInput("no relationship types to match", types=[])
    return tuple(t.value for t in RelType if t.value in names)


def _pattern(direction: str, types: tuple[str, ...] | None) -> str:
    return _direction(direction).format(r="r" if types is None else "r:" + "|".join(types))


# -- schema -------------------------------------------------------------------


def _schema() -> tuple[str, ...]:
    # A relationship id names one relationship, as in the SQLite store: unique per type
    # by constraint (Neo4j >= 5.7, Community too), and across types by the upsert.
    # The plain per-type indexes of earlier versions are dropped first, since a
    # constraint cannot be created beside an index on the same schema.
    old_rel_indexes = tuple(f"DROP INDEX rel_{t.value.lower()}_id IF EXISTS" for t in RelType)
    rel_ids = tuple(
        f"CREATE CONSTRAINT rel_{t.value.lower()}_id_unique IF NOT EXISTS"
        f" FOR ()-[r:{t.value}]-() REQUIRE r.id IS UNIQUE"
        for t in RelType
    )
    return (
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE",
        # Entities a load wrote and has not yet proposed name candidates for.
        "CREATE CONSTRAINT unproposed_id IF NOT EXISTS FOR (u:Unproposed) REQUIRE u.id IS UNIQUE",
        "CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)",
        # A TEXT index serves CONTAINS for any query length, including the
        # one- and two-character Chinese names that n-gram full-text cannot match.
        "CREATE TEXT INDEX entity_search_text IF NOT EXISTS FOR (n:Entity) ON (n.search_text)",
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH"
        " [n.search_text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
        # The folded names alone, one per delimited line: serves Store.exact_names.
        "CREATE TEXT INDEX entity_name_keys IF NOT EXISTS FOR (n:Entity) ON (n.name_keys)",
        *old_rel_indexes,
        *rel_ids,
    )


SCHEMA: tuple[str, ...] = _schema()

# -- writes -------------------------------------------------------------------


def _upsert_nodes(label: str) -> str:
    others = ":".join(t.value for t in NodeType if t.value != label)
    # The row is the whole merged record (merging happens in Python), so SET n = row
    # replaces; a node whose type changed loses its old label.
    return (
        "UNWIND $rows AS row\n"
        "MERGE (n:Entity {id: row.id})\n"
        f"SET n = row, n:{label}\n"
        f"REMOVE n:{others}"
    )


def _upsert_rels(rtype: str) -> str:
    # Replace by id: the old relationship may join other endpoints or have another
    # type, so delete any with the id (one index seek per type) and create afresh
    # rather than MERGE on the (src, dst) pattern.
    deletes = "".join(
        f"CALL (row) {{\n  MATCH ()-[old:{t.value} {{id: row.id}}]->()\n  DELETE old\n}}\n"
        for t in RelType
    )
    return (
        "UNWIND $rows AS row\n"
        f"{deletes}"
        "MATCH (a:Entity {id: row.src})\n"
        "MATCH (b:Entity {id: row.dst})\n"
        f"CREATE (a)-[r:{rtype}]->(b)\n"
        "SET r = row.props\n"
        "RETURN count(r) AS written"
    )


UPSERT_NODES: dict[NodeType, str] = {t: _upsert_nodes(t.value) for t in NodeType}
UPSERT_RELS: dict[RelType, str] = {t: _upsert_rels(t.value) for t in RelType}


def upsert_nodes_statement(type_: NodeType | str) -> str:
    """The pre-built batch upsert for one node type."""
    return UPSERT_NODES[NodeType(node_label(type_))]


def upsert_rels_statement(type_: RelType | str) -> str:
    """The pre-built batch upsert (replace by id) for one relationship type.

    >>> "CREATE (a)-[r:OWNS]->(b)" in upsert_rels_statement("OWNS")
    True
    """
    return UPSERT_RELS[RelType(rel_type_name(type_))]


def _existing_rels(rtype: str) -> str:
    return f"UNWIND $ids AS id\nMATCH ()-[r:{rtype} {{id: id}}]->()\nRETURN DISTINCT r.id AS id"


EXISTING_RELS: dict[RelType, str] = {t: _existing_rels(t.value) for t in RelType}


def existing_rels_statement(type_: RelType | str) -> str:
    """Which relationship ids of one type exist (served by the per-type id constraint).

    >>> existing_rels_statement("OWNS").splitlines()[1]
    'MATCH ()-[r:OWNS {id: id}]->()'
    """
    return EXISTING_RELS[RelType(rel_type_name(type_))]


# First claim wins, as in the SQLite store: an alias never moves to another entity.
UPSERT_ALIASES = (
    "UNWIND $rows AS row\nMERGE (a:Alias {id: row.alias})\nON CREATE SET a.target = row.target"
)

# -- entities awaiting name proposals (Store.await_proposals) ------------------

AWAIT_PROPOSALS = "UNWIND $ids AS id\nMERGE (:Unproposed {id: id})"
AWAITING_PROPOSALS = "MATCH (u:Unproposed)\nRETURN u.id AS id\nORDER BY id"
PROPOSALS_MADE = "UNWIND $ids AS id\nMATCH (u:Unproposed {id: id})\nDELETE u"

# -- merging two entities (Store.merge_entities) ------------------------------

MERGE_DROP_LINKS = "MATCH (k:Entity {id: $keep})-[r:LINKED_TO]-(o:Entity {id: $other})\nDELETE r"

# The match links of both entities (``graph.store.merge.redundant_match_links``
# picks those to delete, by id, before the others move to the survivor).
MERGE_MATCH_LINKS = (
    "MATCH (n:Entity)-[r:LINKED_TO]-()\n"
    "WHERE n.id IN [$keep, $other] AND r.kind IN $kinds\n"
    "WITH DISTINCT r\n"
    "RETURN r.id AS id, startNode(r).id AS src, endNode(r).id AS dst, r.kind AS kind,"
    " r.props AS props"
)
MERGE_DROP_MATCH_LINKS = "UNWIND $ids AS rid\nMATCH ()-[r:LINKED_TO {id: rid}]->()\nDELETE r"


def _merge_repoint(rtype: str) -> str:
    # Cypher cannot move a relationship's endpoint: copy it onto the survivor and
    # delete the original (a self-loop on the other node becomes one on the survivor).
    # The original goes before the copy is made: its id is unique per type.
    return (
        "MATCH (k:Entity {id: $keep}), (o:Entity {id: $other})\n"
        "CALL (k, o) {\n"
        f"  MATCH (o)-[r:{rtype}]->(b:Entity)\n"
        "  WITH k, r, properties(r) AS p, CASE WHEN b = o THEN k ELSE b END AS target\n"
        "  DELETE r\n"
        f"  CREATE (k)-[c:{rtype}]->(target)\n"
        "  SET c = p\n"
        "  RETURN count(*) AS outgoing\n"
        "}\n"
        "CALL (k, o) {\n"
        f"  MATCH (a:Entity)-[r:{rtype}]->(o) WHERE a <> o\n"
        "  WITH k, a, r, properties(r) AS p\n"
        "  DELETE r\n"
        f"  CREATE (a)-[c:{rtype}]->(k)\n"
        "  SET c = p\n"
        "  RETURN count(*) AS incoming\n"
        "}\n"
        "RETURN outgoing + incoming AS moved"
    )


MERGE_REPOINT: dict[RelType, str] = {t: _merge_repoint(t.value) for t in RelType}

# Only the aliases that name the other entity move: an id it listed but that was
# first claimed by a third entity keeps naming that one.
MERGE_MOVE_ALIASES = (
    "UNWIND $aliases AS aid\n"
    "MATCH (a:Alias {id: aid})\n"
    "WHERE a.target = $other\n"
    "SET a.target = $keep"
)

MERGE_DELETE_OTHER = "MATCH (o:Entity {id: $other})\nDETACH DELETE o"

# -- reads --------------------------------------------------------------------

RESOLVE = (
    "UNWIND $ids AS alias\n"
    "MATCH (a:Alias {id: alias})\n"
    "MATCH (n:Entity {id: a.target})\n"
    "RETURN alias, n.id AS target, n.type AS type"
)

GET_NODES = "UNWIND $ids AS id\nMATCH (n:Entity {id: id})\nRETURN n {.*} AS row"

SEARCH_FULLTEXT = (
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node, score\n"
    "WHERE $types IS NULL OR node.type IN $types\n"
    "RETURN node {.id, .type, .name, .names, .pinyin} AS row, score\n"
    "ORDER BY score DESC, node.id\n"
    "LIMIT $limit"
)

# Name search candidates, one limited lookup per pattern through the TEXT index on
# ``search_text``, whose lines (a folded name or its pinyin) each stand between line
# breaks: the caller sends, per query key, "\n" + key + "\n" (a whole name),
# "\n" + key (a name's start) and the key alone (anywhere).  As in the SQLite store,
# which runs one limited query per kind of match, a key found in every name still
# has its exact and prefix matches among the candidates.
SEARCH_CONTAINS = (
    "UNWIND $patterns AS pattern\n"
    "CALL (pattern) {\n"
    "  MATCH (n:Entity)\n"
    "  WHERE n.search_text CONTAINS pattern AND ($types IS NULL OR n.type IN $types)\n"
    "  RETURN n ORDER BY size(n.name), n.id LIMIT $limit\n"
    "}\n"
    "RETURN n {.id, .type, .name, .names, .pinyin} AS row"
)

# Names containing one string of every group (``Store.names_containing``): the first
# group's strings go through the TEXT index on ``search_text``; then each line of it (a
# name or its pinyin; ``$sep`` is the line break) is tested whole, before the limit,
# since strings found in two different names are no match and must not take its place.
NAMES_CONTAINING = (
    "UNWIND $first AS s\n"
    "MATCH (n:Entity)\n"
    "WHERE n.search_text CONTAINS s AND ($types IS NULL OR n.type IN $types)\n"
    "  AND any(line IN split(n.search_text, $sep)\n"
    "    WHERE all(g IN $groups WHERE any(x IN g WHERE line CONTAINS x)))\n"
    "WITH DISTINCT n\n"
    "ORDER BY size(n.name), n.id\n"
    "LIMIT $limit\n"
    "RETURN n {.id, .type, .name, .names, .pinyin} AS row"
)

# Exact folded names: each key arrives between line breaks, and ``name_keys`` holds
# each folded name (never its pinyin) between line breaks, so the TEXT index finds the
# entities with a whole name equal to the key, and the limit counts only those.
EXACT_NAMES = (
    "UNWIND $keys AS key\n"
    "CALL (key) {\n"
    "  MATCH (n:Entity)\n"
    "  WHERE n.name_keys CONTAINS key AND ($types IS NULL OR n.type IN $types)\n"
    "  RETURN n ORDER BY n.id LIMIT $limit\n"
    "}\n"
    "RETURN key, n {.id, .type, .name, .names} AS row"
)

# The same over ``search_text``, which holds each name's pinyin too (between line
# breaks, ``rows.search_fields``): exact names or pinyin (``exact_names(pinyin=True)``).
EXACT_NAMES_OR_PINYIN = EXACT_NAMES.replace("n.name_keys CONTAINS", "n.search_text CONTAINS")

# Entities written before ``name_keys`` existed, a page at a time, to be rewritten.
MISSING_NAME_KEYS = (
    "MATCH (n:Entity)\nWHERE n.name_keys IS NULL\nRETURN n {.*} AS row\nLIMIT $limit"
)
# Once every entity has ``name_keys`` a marker says so, so that a writable open does not
# scan every entity again (entities written since always carry them).
NAME_KEYS_DONE = "MATCH (m:CredgraphMeta {key: $key}) RETURN m.done AS done"
MARK_NAME_KEYS_DONE = "MERGE (m:CredgraphMeta {key: $key}) SET m.done = true"
NAME_KEYS_MARK = "name_keys"
# The same two statements record that every entity's ``search_text`` has its lines
# delimited (``neo4j_write.delimit_search_text``).
SEARCH_LINES_MARK = "search_lines"


def _rels_of(direction: str, types: tuple[str, ...] | None, page: str) -> str:
    pattern = _pattern(direction, types)
    # Out or in, a relationship matches once per node; both ways, a self-loop twice.
    distinct = "DISTINCT " if direction == "both" else ""
    return (
        "CALL (n) {\n"
        f"  MATCH {pattern} WHERE {PAGE_FILTER}\n"
        f"  RETURN count({distinct}r) AS total\n"
        "}\n"
        "CALL (n) {\n"
        f"  MATCH {pattern} WHERE {PAGE_FILTER}\n"
        f"  WITH {distinct}r ORDER BY type(r), r.id {page}\n"
        f"  RETURN collect({REL_MAP}) AS rels\n"
        "}\n"
    )


@cache
def _rels_of_one(direction: str, types: tuple[str, ...] | None) -> str:
    return (
        "MATCH (n:Entity {id: $id})\n"
        + _rels_of(direction, types, "SKIP $offset LIMIT $limit")
        + "RETURN total, rels"
    )


@cache
def _rels_of_many(direction: str, types: tuple[str, ...] | None) -> str:
    return (
        # Any alias may be passed: resolve each (one seek), and answer once per entity.
        "UNWIND $ids AS alias\n"
        "MATCH (a:Alias {id: alias})\n"
        "MATCH (n:Entity {id: a.target})\n"
        "WITH DISTINCT n\n"
        + _rels_of(direction, types, "LIMIT $cap")
        + "RETURN n.id AS nid, total, rels"
    )


RELS_OF: dict[str, str] = {d: _rels_of_one(d, None) for d in DIRECTION_PATTERNS}
RELS_OF_MANY: dict[str, str] = {d: _rels_of_many(d, None) for d in DIRECTION_PATTERNS}


def rels_of_statement(direction: str, types: Sequence[RelType | str] | None = None) -> str:
    """One page of one node's relationships of ``types`` (None: all), with the total
    that match; one statement per direction and set of types, built on first use."""
    _direction(direction)
    return _rels_of_one(direction, rel_types(types))


def rels_of_many_statement(direction: str, types: Sequence[RelType | str] | None = None) -> str:
    """Capped relationships and totals for a whole frontier of nodes at once."""
    _direction(direction)
    return _rels_of_many(direction, rel_types(types))


EXPORT_NODES = "MATCH (n:Entity) RETURN n.id AS id, n.type AS type ORDER BY n.id"


def _export_edges(rtype: str) -> str:
    # One statement per type, so that a type asked for alone is read alone; the edges
    # come in no particular order (the risk engine indexes them itself).
    return (
        f"MATCH (a)-[r:{rtype}]->(b)\n"
        f"WHERE {AS_OF_FILTER}\n"
        "RETURN a.id AS src, b.id AS dst, type(r) AS type, r.id AS id, r.role AS role,\n"
        "  r.share_lo AS share_lo, r.share_hi AS share_hi, r.share_exact AS share_exact,\n"
        "  r.start AS start, r.end AS end, r.kind AS kind"
    )


EXPORT_EDGES: dict[RelType, str] = {t: _export_edges(t.value) for t in RelType}

# Keyset pagination: each page is its own short read transaction.
ITER_NODES = (
    "MATCH (n:Entity)\n"
    "WHERE n.id > $after AND ($types IS NULL OR n.type IN $types)\n"
    "RETURN n {.*} AS row\n"
    "ORDER BY n.id\n"
    "LIMIT $limit"
)

# Per-label and per-type counts are answered from Neo4j's count store, which only
# happens when the label or type is written in the pattern: one branch per whitelist entry.
COUNT_NODES = "\nUNION ALL\n".join(
    f"MATCH (n:{t.value}) RETURN '{t.value}' AS type, count(n) AS total" for t in NodeType
)
COUNT_RELS = "\nUNION ALL\n".join(
    f"MATCH ()-[r:{t.value}]->() RETURN '{t.value}' AS type, count(r) AS total" for t in RelType
)

# Entity-resolution candidates and rejections, counted apart from real links.
COUNT_MATCHES = (
    "MATCH ()-[r:LINKED_TO]->() WHERE r.kind IN $kinds\nRETURN r.kind AS kind, count(r) AS total"
)

# Tests only: batched so a large graph does not need one huge transaction.
WIPE_BATCH = (
    "MATCH (n) WHERE n:Entity OR n:Alias OR n:Unproposed\n"
    "WITH n LIMIT $limit\n"
    "DETACH DELETE n\n"
    "RETURN count(*) AS deleted"
)


def all_statements() -> dict[str, str]:
    """Every statement by a descriptive key (for review and the whitelist tests)."""
    out: dict[str, str] = {f"schema[{i}]": s for i, s in enumerate(SCHEMA)}
    out.update({f"upsert_nodes[{t.value}]": s for t, s in UPSERT_NODES.items()})
    out.update({f"upsert_rels[{t.value}]": s for t, s in UPSERT_RELS.items()})
    out.update({f"existing_rels[{t.value}]": s for t, s in EXISTING_RELS.items()})
    out.update({f"rels_of[{d}]": s for d, s in RELS_OF.items()})
    out.update({f"rels_of_many[{d}]": s for d, s in RELS_OF_MANY.items()})
    out.update(
        {
            "upsert_aliases": UPSERT_ALIASES,
            "resolve": RESOLVE,
            "get_nodes": GET_NODES,
            "search_fulltext": SEARCH_FULLTEXT,
            "search_contains": SEARCH_CONTAINS,
            "exact_names": EXACT_NAMES,
            "exact_names_or_pinyin": EXACT_NAMES_OR_PINYIN,
            "names_containing": NAMES_CONTAINING,
            "missing_name_keys": MISSING_NAME_KEYS,
            "name_keys_done": NAME_KEYS_DONE,
            "mark_name_keys_done": MARK_NAME_KEYS_DONE,
            "export_nodes": EXPORT_NODES,
            "iter_nodes": ITER_NODES,
            "count_nodes": COUNT_NODES,
            "count_rels": COUNT_RELS,
            "count_matches": COUNT_MATCHES,
            "wipe_batch": WIPE_BATCH,
            "await_proposals": AWAIT_PROPOSALS,
            "awaiting_proposals": AWAITING_PROPOSALS,
            "proposals_made": PROPOSALS_MADE,
            "merge_drop_links": MERGE_DROP_LINKS,
            "merge_match_links": MERGE_MATCH_LINKS,
            "merge_drop_match_links": MERGE_DROP_MATCH_LINKS,
            "merge_move_aliases": MERGE_MOVE_ALIASES,
            "merge_delete_other": MERGE_DELETE_OTHER,
        }
    )
    out.update({f"merge_repoint[{t.value}]": s for t, s in MERGE_REPOINT.items()})
    out.update({f"export_edges[{t.value}]": s for t, s in EXPORT_EDGES.items()})
    # Statements for a set of types are built on use; two samples for review.
    some = [RelType.OWNS, RelType.LINKED_TO]
    out.update({f"rels_of[{d},OWNS|LINKED_TO]": rels_of_statement(d, some) for d in RELS_OF})
    out.update({f"rels_of_many[{d},OWNS]": rels_of_many_statement(d, some[:1]) for d in RELS_OF})
    return out
