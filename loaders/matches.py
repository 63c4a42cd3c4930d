""" "Possibly same as" candidates as relationships, and a person's decisions on them.

A name never merges two entities by itself.  After each load, the candidates found
for every entity the load wrote (``loaders.candidates``: blocking by index, score,
features) and the strong-id pairs the resolver did not merge
(``loaders.resolve.StrongPair``) are written as ``LINKED_TO`` relationships
(``props.kind = "possibly_same_as"``) with their score in [0, 1], the features
behind it and ``props.decision = "pending"``.  A pair already rejected is never
proposed again.

Decisions: ``confirm`` merges the second entity into the first
(``Store.merge_entities``) and records the decision on the survivor
(``props.match_decisions``); aliases keep the merge across reloads.  There is no
undo, so a confirm merges only entities that resolution merges (``RESOLVED_TYPES``:
companies, persons, agencies) of one type, and a pair that was never proposed or was
rejected only with ``force`` (``pair_of`` says which it is).  ``reject`` turns the
pair's relationship into ``kind = "not_same_as"``, ``decision = "rejected"``, which
every later proposal checks first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.model import NOT_SAME_AS, POSSIBLY_SAME_AS, Node, Provenance, Rel, RelType, rel_id
from graph.risk.subgraph import resolve_id
from graph.store.base import Store
from graph.store.merge import SOURCES
from loaders.candidates import Candidate, find_candidates, lookup_chunks, strong_pair_candidate
from loaders.resolve import RESOLVED_TYPES, StrongPair

MATCH_SOURCE = "credgraph-match"
POSSIBLY = POSSIBLY_SAME_AS
NOT_SAME = NOT_SAME_AS
_STRONG_FEATURES = ("shared_strong_id", "conflicting_strong_id", "strong_ids_also_name")


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

NEVER_PROPOSED = "never proposed"
_MERGEABLE = ", ".join(sorted(t.value for t in RESOLVED_TYPES))


def _entity(store: Store, any_id: str) -> Node:
    """The entity ``any_id`` names, resolved as every command resolves ids (a bare USCC
    too; an invalid one says why)."""
    node = store.get(resolve_id(store, any_id))
    if node is None:  # resolved, then gone: a concurrent merge
        raise NotFound(f"no entity with id {any_id!r}", id=any_id)
    return node


def _sources(node: Node) -> list[str]:
    return sorted({p.source for p in node.provenance})


@dataclass(frozen=True, slots=True)
class Pair:
    """Two distinct entities a decision is about, and what was decided on them so far:
    ``was`` is ``pending`` (a candidate), ``rejected`` or ``never proposed``."""

    keep: Node
    other: Node
    was: str
    links: tuple[Rel, ...]

    def describe(self, node: Node) -> str:
        return f"{node.id} {node.name!r} [{node.type.value}; {', '.join(_sources(node))}]"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kept": self.keep.id,
            "kept_name": self.keep.name,
            "kept_sources": _sources(self.keep),
            "merged": self.other.id,
            "merged_name": self.other.name,
            "merged_sources": _sources(self.other),
            "was": self.was,
        }


def pair_of(store: Store, a_id: str, b_id: str) -> Pair:
    """The two entities ``a_id`` and ``b_id`` name and their decision so far.  Raises
    ``NotFound`` for an unknown id and ``InvalidInput`` when both name one entity."""
    a, b = _entity(store, a_id), _entity(store, b_id)
    if a.id == b.id:
        raise InvalidInput(f"{a_id!r} and {b_id!r} are already one entity", id=a.id)
    links = tuple(_pair_links(store, a.id, b.id))
    kinds = {r.props.get("kind") for r in links}
    was = "rejected" if NOT_SAME in kinds else "pending" if POSSIBLY in kinds else NEVER_PROPOSED
    return Pair(a, b, was, links)


def check_confirm(pair: Pair, *, force: bool = False) -> None:
    """Raise ``InvalidInput`` unless ``pair`` may be merged: two entities of one type that
    resolution merges, proposed as the same and not rejected, or ``force``."""
    keep, other = pair.keep, pair.other
    for node in (keep, other):
        if node.type not in RESOLVED_TYPES:
            raise InvalidInput(
                f"{node.id} is a {node.type.value}: only entities ({_MERGEABLE}) are merged",
                id=node.id,
                type=node.type.value,
            )
    if keep.type is not other.type:
        raise InvalidInput(
            f"cannot merge a {other.type.value} ({other.id}) into a {keep.type.value} "
            f"({keep.id}): only entities of one type are merged",
            keep=keep.id,
            other=other.id,
        )
    if force or pair.was == "pending":
        return
    why = (
        "were rejected as different entities (credgraph match list)"
        if pair.was == "rejected"
        else "were never proposed as the same entity"
    )
    raise InvalidInput(
        f"{keep.id} and {other.id} {why}. With --force, {pair.describe(other)} is merged "
        f"into {pair.describe(keep)}: it then answers to every id of both and has every "
        "relationship and listing of both. There is no undo.",
        kept=keep.id,
        merged=other.id,
        was=pair.was,
    )


def confirm(
    store: Store, keep_id: str, other_id: str, *, force: bool = False, on: date | None = None
) -> str:
    """Merge ``other_id`` into ``keep_id`` and record the decision; returns the survivor.

    Refused (``InvalidInput``) as ``check_confirm`` says: a pair never proposed or
    rejected needs ``force``."""
    pair = pair_of(store, keep_id, other_id)
    check_confirm(pair, force=force)
    keep, other = pair.keep, pair.other
    decision: dict[str, Any] = {
        "decision": "confirmed",
        "merged": other.id,
        "name": other.name,
        "on": (on or date.today()).isoformat(),
    }
    if pair.was != "pending":
        decision["was"] = pair.was
    if pair.links:
        link = pair.links[0]
        decision.update(score=link.props.get("score"), features=link.props.get("features"))
    survivor = store.merge_entities(keep.id, other.id)
    node = store.get(survivor)
    if node is None:  # merged, then gone: a concurrent delete
        raise NotFound(f"no entity with id {survivor!r}", id=survivor)
    history = list(node.props.get("match_decisions") or [])
    # Credited to the decision, not to the data sources the survivor's facts come from.
    props = {"match_decisions": [*history, decision], SOURCES: {"match_decisions": [MATCH_SOURCE]}}
    store.upsert_nodes([Node(node.id, node.type, node.name, props=props)])
    return survivor


def reject(store: Store, a_id: str, b_id: str, *, on: date | None = None) -> str:
    """Record that ``a_id`` and ``b_id`` are different entities; returns the link's id."""
    pair = pair_of(store, a_id, b_id)
    a, b = pair.keep, pair.other
    for node in (a, b):
        if node.type not in RESOLVED_TYPES:
            raise InvalidInput(
                f"{node.id} is a {node.type.value}: only entities ({_MERGEABLE}) are matched",
                id=node.id,
                type=node.type.value,
            )
    links = list(pair.links)
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
    for chunk in lookup_chunks(srcs):
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
