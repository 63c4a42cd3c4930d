"""How two records of one entity become one: the merge rules every backend shares.

Two cases: the same entity seen again under its canonical id (``merge_nodes``: the
newer record's non-null values win), and a confirmed match folding one entity
into another (``merged_entity``: the survivor's values win).  In both, names, ids
and provenance are unioned, and per-fact sources (``props["_sources"]``) are
evidence, so a second source for a fact adds to the list rather than replacing it.

>>> from graph.model import NodeType
>>> a = Node("x", NodeType.COMPANY, "甲", props={"status": "存续", "city": "深圳"})
>>> b = Node("x", NodeType.COMPANY, "甲公司", props={"status": None, "city": "广州"})
>>> m = merge_nodes(a, b)
>>> (m.name, m.names, m.props)
('甲公司', ('甲',), {'status': '存续', 'city': '广州'})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.model import NOT_SAME_AS, Node, merge_provenance

SOURCES = "_sources"
STUB = "stub"


def union_sources(first: dict[str, list[str]], then: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per-fact source lists of both, ``first``'s sources first."""
    return {p: list(dict.fromkeys([*first.get(p, []), *then.get(p, [])])) for p in {*first, *then}}


def merge_props(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Key by key, a new non-null value wins; per-fact sources are unioned."""
    out = dict(old)
    for k, v in new.items():
        if v is None:
            continue
        if k == SOURCES and isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = union_sources(out[k], v)
        else:
            out[k] = v
    return out


def merge_nodes(old: Node, new: Node) -> Node:
    """``new`` seen after ``old`` under the same canonical id (``old.id`` is kept).

    The newest non-empty name becomes the primary one; every other name, id and
    provenance record is kept; properties merge key by key, new non-null values win.

    A stub (``props["stub"]``: written only because a relationship needed the id)
    has a placeholder for a name; the first real record with a name replaces it,
    and the stub's marks go, instead of the placeholder staying on as an alias.

    >>> from graph.model import NodeType
    >>> stub = Node("lei:L", NodeType.COMPANY, "LEI L", props={"stub": True})
    >>> m = merge_nodes(stub, Node("lei:L", NodeType.COMPANY, "Real Ltd"))
    >>> m.name, m.names, m.props
    ('Real Ltd', (), {})
    """
    if old.props.get(STUB) and new.name and not new.props.get(STUB):
        old = replace(
            old,
            name=new.name,
            props={k: v for k, v in old.props.items() if k != STUB and not k.startswith("stub_")},
        )
    name = new.name or old.name
    names = tuple(dict.fromkeys(x for x in (*old.all_names, *new.all_names) if x and x != name))
    ids = tuple(dict.fromkeys(x for x in (*old.ids, new.id, *new.ids) if x and x != old.id))
    return Node(
        id=old.id,
        type=new.type,
        name=name,
        names=names,
        ids=ids,
        props=merge_props(old.props, new.props),
        provenance=merge_provenance(old.provenance, new.provenance),
        valid_from=new.valid_from or old.valid_from,
        valid_to=new.valid_to or old.valid_to,
    )


def merged_entity(keep: Node, other: Node) -> Node:
    """``other`` folded into ``keep``: keep's id, name and values win, the rest is unioned.

    >>> from graph.model import NodeType
    >>> m = merged_entity(Node("a", NodeType.COMPANY, "甲", props={"x": 1}),
    ...                   Node("b", NodeType.COMPANY, "乙", ids=("lei:L",), props={"x": 2, "y": 3}))
    >>> m.id, m.name, m.names, m.ids, m.props
    ('a', '甲', ('乙',), ('b', 'lei:L'), {'x': 1, 'y': 3})
    """
    props: dict[str, Any] = {k: v for k, v in other.props.items() if v is not None}
    for k, v in keep.props.items():
        if v is not None:
            props[k] = v
    a, b = other.props.get(SOURCES), keep.props.get(SOURCES)
    if isinstance(a, dict) and isinstance(b, dict):
        props[SOURCES] = union_sources(b, a)
    return Node(
        id=keep.id,
        type=keep.type,
        name=keep.name,
        names=tuple(
            dict.fromkeys(x for x in (*keep.all_names, *other.all_names) if x and x != keep.name)
        ),
        ids=tuple(dict.fromkeys(x for x in (*keep.ids, *other.all_ids) if x and x != keep.id)),
        props=props,
        provenance=merge_provenance(keep.provenance, other.provenance),
        valid_from=keep.valid_from or other.valid_from,
        valid_to=keep.valid_to or other.valid_to,
    )


@dataclass(frozen=True, slots=True)
class MatchLink:
    """A match ``LINKED_TO`` (kind ``possibly_same_as`` or ``not_same_as``) of one of
    the two entities being merged, as ``redundant_match_links`` reads it."""

    id: str
    src: str
    dst: str
    kind: str
    score: float = 0.0


def redundant_match_links(keep_id: str, other_id: str, links: Iterable[MatchLink]) -> list[str]:
    """The match links to delete before ``other_id``'s relationships move to ``keep_id``,
    so that the survivor holds one match link per third entity: two links to one
    entity would say both "pending" and "rejected" about one pair (a rejection was
    recorded on one half, the candidate found from the other), and a rejection wins
    (it is a person's decision; the candidate only a name match).  Of two candidates
    the better score stays, the survivor's on a tie.  Links between the two are
    dropped by the merge itself and are left out here.

    >>> from graph.model import POSSIBLY_SAME_AS
    >>> keep, other = "a", "b"
    >>> redundant_match_links(keep, other, [
    ...     MatchLink("p1", "a", "x", POSSIBLY_SAME_AS, 0.9),
    ...     MatchLink("n1", "x", "b", NOT_SAME_AS),
    ...     MatchLink("p2", "a", "y", POSSIBLY_SAME_AS, 0.7),
    ...     MatchLink("p3", "b", "y", POSSIBLY_SAME_AS, 0.8),
    ...     MatchLink("p4", "b", "z", POSSIBLY_SAME_AS, 0.8),
    ... ])
    ['p1', 'p2']
    """
    pair = {keep_id, other_id}
    by_far: dict[str, list[MatchLink]] = {}
    for link in dict.fromkeys(links):
        ends = {link.src, link.dst}
        if ends <= pair or not ends & pair:
            continue
        far = link.dst if link.src in pair else link.src
        by_far.setdefault(far, []).append(link)
    drop: list[str] = []
    for group in by_far.values():
        if len(group) < 2:
            continue
        best = min(
            group,
            key=lambda r: (
                r.kind != NOT_SAME_AS,
                -r.score,
                keep_id not in (r.src, r.dst),
                r.id,
            ),
        )
        drop += [r.id for r in group if r is not best]
    return sorted(drop)


def check_mergeable(keep_id: str, other_id: str, keep: Node | None, other: Node | None) -> None:
    """Raise ``NotFound`` for an unknown id and ``InvalidInput`` for different types."""
    for given, node in ((keep_id, keep), (other_id, other)):
        if node is None:
            raise NotFound(f"no entity with id {given!r}", id=given)
    assert keep is not None and other is not None
    if keep.type is not other.type:
        raise InvalidInput(
            f"cannot merge a {other.type.value} into a {keep.type.value}",
            keep=keep.id,
            other=other.id,
        )
