""" "Possibly same as" candidates from names, and a person's decisions on them.

A name never merges two entities by itself.  After each load, every entity the load
wrote is compared with the store's entities of the same type whose normalised names
(``loaders.names``) equal one of its own.  Blocking is by index, so no pair of the
whole graph is ever enumerated: first ``Store.exact_names`` on the entity's names as
folded (and a person's with the surname at the other end), so an identical name is
always found; then a ``Store.search`` on the name's leading words (a person's longest
word), capped at ``HITS``, for the variants (legal form, brackets, punctuation).  A pair becomes a
``LINKED_TO`` relationship (``props.kind = "possibly_same_as"``) with a score in
[0, 1], the features behind it and ``props.decision = "pending"``.

Never proposed: pairs from the same source (the source already keeps them apart),
pairs with conflicting strong ids (two different USCCs), pairs already rejected, and
people known only by a short Chinese name.  Strong-id pairs the resolver did not
merge (``loaders.resolve.StrongPair``) are proposed with ``shared_strong_id``, and
with ``conflicting_strong_id`` and a lower score when another scheme both carry
disagrees.

Decisions: ``confirm`` merges the second entity into the first
(``Store.merge_entities``) and records the decision on the survivor
(``props.match_decisions``); aliases keep the merge across reloads.  ``reject``
turns the pair's relationship into ``kind = "not_same_as"``, ``decision =
"rejected"``, which every later proposal checks first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.model import (
    NOT_SAME_AS,
    POSSIBLY_SAME_AS,
    Node,
    NodeType,
    Provenance,
    Rel,
    RelType,
    rel_id,
)
from graph.registers import scheme_of
from graph.store.base import Store
from graph.store.textindex import fold
from loaders.names import NormalName, fold_text, is_common_person_name, normalise
from loaders.resolve import (
    RESOLVED_TYPES,
    StrongPair,
    conflicting_ids,
    is_strong,
    sources_of,
)

MATCH_SOURCE = "credgraph-match"
POSSIBLY = POSSIBLY_SAME_AS
NOT_SAME = NOT_SAME_AS
MAX_NAMES = 8  # names per entity used for blocking (sanctions entries carry dozens)
HITS = 20  # search hits per blocking query (same-source hits crowd in and are dropped)
EXACT_HITS = 200  # entities per entity whose name is identical (Store.exact_names)
LOOKUP_CHUNK = 500
_STRONG_FEATURES = ("shared_strong_id", "conflicting_strong_id", "strong_ids_also_name")

_COUNTRY_KEYS = ("country", "countries", "jurisdiction", "nationality")
# Country names as OFAC writes them -> ISO codes as the other sources write them.
_COUNTRY = {
    "china": "cn",
    "hong kong": "hk",
    "russia": "ru",
    "iran": "ir",
    "united kingdom": "gb",
    "united states": "us",
    "united arab emirates": "ae",
    "turkey": "tr",
    "belarus": "by",
    "ukraine": "ua",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    a: str
    b: str
    score: float
    features: dict[str, Any]


def countries(node: Node) -> set[str]:
    """ISO-like lower-case country codes a node's properties name."""
    out: set[str] = set()
    for key in _COUNTRY_KEYS:
        v = node.props.get(key)
        for c in [v] if isinstance(v, str) else v if isinstance(v, list) else []:
            if isinstance(c, str) and c.strip():
                t = c.strip().casefold()
                out.add(_COUNTRY.get(t, t))
    return out


def same_for_matching(old: Node, new: Node) -> bool:
    """True when ``new`` merged into ``old`` changes nothing a proposal looks at (type,
    names, ids, sources, countries): the entity's candidates were proposed when it was
    written before, so a reload need not search for them again.

    >>> from graph.model import Provenance
    >>> a = Node("x", NodeType.COMPANY, "甲", names=("乙",), provenance=(Provenance("s", "1"),))
    >>> same_for_matching(a, Node("x", NodeType.COMPANY, "乙", provenance=(Provenance("s", "2"),)))
    True
    >>> same_for_matching(a, Node("x", NodeType.COMPANY, "丙", provenance=(Provenance("s", "1"),)))
    False
    """
    if new.type is not old.type or not sources_of(new) <= sources_of(old):
        return False
    names, ids = set(old.all_names), set(old.all_ids)
    if not (all(n in names for n in new.all_names if n) and all(i in ids for i in new.all_ids)):
        return False
    return all(
        old.props.get(k) == new.props[k] for k in _COUNTRY_KEYS if new.props.get(k) is not None
    )


def name_keys(node: Node) -> dict[str, NormalName]:
    """Normalised base key -> the normal name, for the node's first names."""
    person = node.type is NodeType.PERSON
    out: dict[str, NormalName] = {}
    for name in node.all_names[:MAX_NAMES]:
        nn = normalise(name, person=person)
        if len(nn.base) >= 2 and not (person and is_common_person_name(nn.base)):
            out.setdefault(nn.base, nn)
    return out


def blocking_query(name: str, person: bool) -> str:
    """The text to search for: the name's words before any bracket or legal form
    (a prefix or substring of every variant), a person's longest word.

    >>> blocking_query("新疆天业（集团）有限公司", False), blocking_query("Zala Aero LLC", False)
    ('新疆天业', 'zala aero')
    >>> blocking_query("ZAKHAROV, Aleksandr Vyacheslavovich", True)
    'vyacheslavovich'
    """
    if person:
        return max(fold_text(name).split() or [""], key=len)
    head = fold_text(name.replace("（", "(").split("(")[0]) or fold_text(name)
    base = normalise(head).base if head else ""
    return base or normalise(name).base


def score(a: Node, b: Node, ka: NormalName, kb: NormalName) -> Candidate:
    """Score and features for two entities whose normalised base names are equal."""
    features: dict[str, Any] = {"base_name_equal": True}
    s = 0.8
    if ka.full == kb.full:
        features["normalised_name_equal"] = True
        s += 0.1
    elif ka.form and kb.form:
        features["legal_form_differs"] = [ka.form, kb.form]
        s -= 0.1
    ca, cb = countries(a), countries(b)
    if ca and cb:
        if ca & cb:
            features["same_country"] = sorted(ca & cb)
            s += 0.05
        else:
            features["different_country"] = [sorted(ca), sorted(cb)]
            s -= 0.3
    if a.type is NodeType.PERSON:
        features["person_name_only"] = True
        s -= 0.2
    features["sources"] = [sorted(sources_of(a)), sorted(sources_of(b))]
    return Candidate(a.id, b.id, round(min(1.0, max(0.0, s)), 3), features)


def strong_pair_candidate(
    store: Store, a: str, b: str, shared: Sequence[str], also: Sequence[str] = ()
) -> Candidate:
    """A pair sharing a strong id that resolution kept apart: 0.95, unless another
    scheme both carry disagrees (the SDN list gives two different companies one
    Russian OGRN, each with its own INN), which says one of the ids is wrong rather
    than that they are one entity: 0.5, with the disagreeing ids as
    ``conflicting_strong_id``.  When the first one's ids also name other entities
    (``also``, it merged into none) the ids point several ways: 0.75, the others as
    ``strong_ids_also_name``."""
    a, b = sorted((a, b))  # the order the pair is stored in, so the features line up
    features: dict[str, Any] = {"shared_strong_id": list(shared)}
    top = 0.95
    if also:
        features["strong_ids_also_name"] = sorted(also)
        top = 0.75
    nodes = store.get_many([a, b])
    na, nb = nodes.get(a), nodes.get(b)
    if na is None or nb is None:
        return Candidate(a, b, top, features)
    schemes = set(conflicting_ids(na.all_ids, nb.all_ids))
    if not schemes:
        return Candidate(a, b, top, features)
    features["conflicting_strong_id"] = [
        sorted(i for i in n.all_ids if is_strong(i) and scheme_of(i) in schemes) for n in (na, nb)
    ]
    return Candidate(a, b, 0.5, features)


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for k in range(0, len(ids), LOOKUP_CHUNK):
        yield ids[k : k + LOOKUP_CHUNK]


def find_candidates(store: Store, ids: Sequence[str]) -> list[Candidate]:
    """Name candidates for the entities ``ids`` (any aliases) against the whole store."""
    out: dict[tuple[str, str], Candidate] = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        for node in store.get_many(chunk).values():
            if node.type not in RESOLVED_TYPES:
                continue
            for c in _candidates_of(store, node):
                key = (min(c.a, c.b), max(c.a, c.b))
                if key not in out or out[key].score < c.score:
                    out[key] = c
    return list(out.values())


def _base(name: str, person: bool) -> str:
    return normalise(name, person=person).base


def exact_keys(node: Node) -> list[str]:
    """Folded names (the store's name keys) to look up exactly: each name, and a
    person's name with the surname moved to the other end, as lists write it
    ("ZAKHAROV, Lavrentii" and "Lavrentii Zakharov").

    >>> exact_keys(Node("p", NodeType.PERSON, "ZAKHAROV, Lavrentii Aleksandrovich"))
    ['zakharov, lavrentii aleksandrovich', 'lavrentii aleksandrovich zakharov']
    >>> exact_keys(Node("p", NodeType.PERSON, "Lavrentii Zakharov"))
    ['lavrentii zakharov', 'zakharov, lavrentii']
    """
    person = node.type is NodeType.PERSON
    out: list[str] = []
    for name in node.all_names[:MAX_NAMES]:
        key = fold(name)
        if len(key) < 2:
            continue
        out.append(key)
        if person:
            head, comma, rest = key.partition(",")
            words = key.split()
            if comma and rest.strip():
                out.append(f"{rest.strip()} {head.strip()}")
            elif len(words) > 1:
                out.append(f"{words[-1]}, {' '.join(words[:-1])}")
    return list(dict.fromkeys(out))


def _candidates_of(store: Store, node: Node) -> Iterator[Candidate]:
    keys = name_keys(node)
    if not keys:
        return
    person = node.type is NodeType.PERSON
    hit_ids: list[str] = []
    # Identical names first, by index lookup: the search below is capped, and names
    # sharing the blocking word (same-source ones included) can fill its hits.
    for h in store.exact_names(exact_keys(node), types=[node.type], limit=EXACT_HITS):
        if h.id != node.id and _base(h.matched, person) in keys:
            hit_ids.append(h.id)
    queries = dict.fromkeys(blocking_query(n, person) for n in node.all_names[:MAX_NAMES])
    for q in queries:
        if len(q) < 2:
            continue
        for h in store.search(q, limit=HITS, types=[node.type]):
            # Fetch only the hits whose matching name already normalises equal (a
            # node's other names are compared below, once it is fetched).
            if h.id != node.id and (h.how == "id" or _base(h.matched, person) in keys):
                hit_ids.append(h.id)
    hit_ids = list(dict.fromkeys(hit_ids))
    if not hit_ids:
        return
    mine = sources_of(node)
    for other in store.get_many(hit_ids).values():
        if other.id == node.id or sources_of(other) & mine:
            continue
        if conflicting_ids(node.all_ids, other.all_ids):
            continue
        theirs = name_keys(other)
        common = [k for k in keys if k in theirs]
        if common:
            best = max(
                (score(node, other, keys[k], theirs[k]) for k in common), key=lambda c: c.score
            )
            yield best


def _pair_links(store: Store, a: str, b: str) -> list[Rel]:
    rels, _ = store.rels_of(a, types=[RelType.LINKED_TO])
    return [
        r for r in rels if {r.src, r.dst} == {a, b} and r.props.get("kind") in (POSSIBLY, NOT_SAME)
    ]


def _candidate_rel(c: Candidate, existing: Rel | None) -> Rel:
    a, b = sorted((c.a, c.b))
    rid = existing.id if existing else rel_id(RelType.LINKED_TO, a, b, MATCH_SOURCE, POSSIBLY)
    src, dst = (existing.src, existing.dst) if existing else (a, b)
    features, score = c.features, c.score
    old = existing.props.get("features") if existing else None
    if isinstance(old, dict) and "shared_strong_id" in old and "shared_strong_id" not in c.features:
        # A name match found later must not hide the shared ids that a view of the
        # pair's entities reads (``graph.shared_ids``) or lower the pair's score.
        kept = {k: v for k, v in old.items() if k in _STRONG_FEATURES}
        features = {**c.features, **kept}
        score = max(score, float(existing.props.get("score") or 0))  # type: ignore[union-attr]
    return Rel(
        rid,
        RelType.LINKED_TO,
        src,
        dst,
        props={"kind": POSSIBLY, "score": score, "features": features, "decision": "pending"},
        provenance=(Provenance(MATCH_SOURCE, f"{a}|{b}"),),
    )


def propose(store: Store, ids: Sequence[str], strong_pairs: Iterable[StrongPair] = ()) -> int:
    """Write the candidates for entities ``ids`` (and the resolver's strong-id pairs)
    as pending ``LINKED_TO`` relationships; returns how many pairs were written."""
    found = find_candidates(store, ids)
    for p in strong_pairs:
        a, b = store.resolve(p.a), store.resolve(p.b)
        if a and b and a != b:
            also = [r for o in p.also if (r := store.resolve(o))]
            found.append(strong_pair_candidate(store, a, b, p.shared, also))
    rels: dict[str, Rel] = {}
    for c in found:
        links = _pair_links(store, c.a, c.b)
        if any(r.props.get("kind") == NOT_SAME for r in links):
            continue
        rel = _candidate_rel(c, links[0] if links else None)
        rels[rel.id] = rel
    if rels:
        store.upsert_rels(list(rels.values()))
    return len(rels)


# -- decisions -------------------------------------------------------------------


def _entity(store: Store, any_id: str) -> Node:
    node = store.get(any_id)
    if node is None:
        raise NotFound(f"no entity with id {any_id!r}", id=any_id)
    return node


def confirm(store: Store, keep_id: str, other_id: str, *, on: date | None = None) -> str:
    """Merge ``other_id`` into ``keep_id`` and record the decision; returns the survivor."""
    keep, other = _entity(store, keep_id), _entity(store, other_id)
    if keep.id == other.id:
        raise InvalidInput(f"{keep_id!r} and {other_id!r} are already one entity", id=keep.id)
    links = _pair_links(store, keep.id, other.id)
    decision: dict[str, Any] = {
        "decision": "confirmed",
        "merged": other.id,
        "name": other.name,
        "on": (on or date.today()).isoformat(),
    }
    if links:
        decision.update(score=links[0].props.get("score"), features=links[0].props.get("features"))
    survivor = store.merge_entities(keep.id, other.id)
    node = _entity(store, survivor)
    history = list(node.props.get("match_decisions") or [])
    store.upsert_nodes(
        [Node(node.id, node.type, node.name, props={"match_decisions": [*history, decision]})]
    )
    return survivor


def reject(store: Store, a_id: str, b_id: str, *, on: date | None = None) -> str:
    """Record that ``a_id`` and ``b_id`` are different entities; returns the link's id."""
    a, b = _entity(store, a_id), _entity(store, b_id)
    if a.id == b.id:
        raise InvalidInput(f"{a_id!r} and {b_id!r} are one entity already", id=a.id)
    links = _pair_links(store, a.id, b.id)
    first, second = sorted((a.id, b.id))
    base = links[0] if links else None
    props: dict[str, Any] = dict(base.props) if base else {}
    props.update(kind=NOT_SAME, decision="rejected", on=(on or date.today()).isoformat())
    rel = Rel(
        base.id if base else rel_id(RelType.LINKED_TO, first, second, MATCH_SOURCE, POSSIBLY),
        RelType.LINKED_TO,
        base.src if base else first,
        base.dst if base else second,
        props=props,
        provenance=(Provenance(MATCH_SOURCE, f"{first}|{second}"),),
    )
    store.upsert_rels([rel])
    return rel.id


def list_matches(store: Store, *, pending_only: bool = False) -> list[dict[str, Any]]:
    """Candidates and decisions as rows: pending first (best score first), then rejected,
    then confirmed merges (these are read from the survivors' properties)."""
    edges = store.export_edges(types=[RelType.LINKED_TO])
    kinds = (POSSIBLY,) if pending_only else (POSSIBLY, NOT_SAME)
    srcs = sorted(
        {edges.node_ids[int(edges.src[k])] for k in range(len(edges)) if edges.kind[k] in kinds}
    )
    rels: list[Rel] = []
    for chunk in _chunks(srcs):
        for page, _ in store.rels_of_many(
            chunk, direction="out", types=[RelType.LINKED_TO]
        ).values():
            rels += [r for r in page if r.props.get("kind") in kinds]
    ends = store.get_many(sorted({e for r in rels for e in (r.src, r.dst)}))
    rows: list[dict[str, Any]] = []
    for r in rels:
        a, b = ends.get(r.src), ends.get(r.dst)
        rows.append(
            {
                "a": r.src,
                "a_name": a.name if a else None,
                "b": r.dst,
                "b_name": b.name if b else None,
                "score": r.props.get("score"),
                "decision": r.props.get("decision", "pending"),
                "features": r.props.get("features") or {},
                "rel_id": r.id,
            }
        )
    if not pending_only:
        for node in store.iter_nodes(types=sorted(RESOLVED_TYPES)):
            for d in node.props.get("match_decisions") or []:
                rows.append(
                    {
                        "a": node.id,
                        "a_name": node.name,
                        "b": d.get("merged"),
                        "b_name": d.get("name"),
                        "score": d.get("score"),
                        "decision": d.get("decision", "confirmed"),
                        "features": d.get("features") or {},
                        "rel_id": None,
                    }
                )
    order = {"pending": 0, "rejected": 1, "confirmed": 2}
    rows.sort(key=lambda x: (order.get(x["decision"], 3), -(x["score"] or 0), x["a"], x["b"]))
    return rows
