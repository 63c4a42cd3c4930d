"""The store protocol: what the UI, CLI, loaders and risk engine ask of a store.

Two backends implement it (``sqlite`` and ``neo4j``); one contract suite
(``tests/graph/store/test_contract.py``) is written for both (it runs on Neo4j only
when ``NEO4J_URI`` is set).  Result types are plain
dataclasses so that the logic above the store never sees a driver object.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from graph.model import NOT_SAME_AS, POSSIBLY_SAME_AS, Node, NodeType, Rel, RelType, Role

DEFAULT_BATCH = 5000
MAX_HOPS = 3


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    type: NodeType
    name: str
    matched: str  # the name or identifier that matched
    how: str  # "id", "name", "pinyin"
    score: float = 0.0


@dataclass(slots=True)
class Neighbourhood:
    """An ego network.

    ``counts`` is the number of relationships per type touching the nodes that
    were expanded (before caps).  ``truncated`` maps a node id to
    ``(shown, total)`` for every node whose links were cut at the cap, so the UI
    can draw a "+N more" node.
    """

    center: str
    nodes: dict[str, Node] = field(default_factory=dict)
    rels: dict[str, Rel] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    truncated: dict[str, tuple[int, int]] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Path:
    """A path as alternating node ids and relationships: nodes[i] -rels[i]- nodes[i+1]."""

    nodes: tuple[str, ...]
    rels: tuple[Rel, ...]

    def __len__(self) -> int:
        return len(self.rels)


@dataclass(slots=True)
class EdgeArrays:
    """Typed edges as arrays for the risk engine.

    ``node_ids[k]`` is the id of node index k; ``src``/``dst`` index into it.
    Shares are float bounds for fast filtering *and* exact fraction strings in
    ``share_exact`` (``"num/den"``, or ``""`` where the share is unknown) so that
    a legal threshold is decided exactly.  Dates are ordinal days
    (``date.toordinal()``), 0 for open start, ``MAX_DAY`` for open end.  Edges come in
    no particular order (it differs between backends).
    """

    node_ids: list[str]
    node_types: npt.NDArray[np.int8]  # index into NODE_TYPE_ORDER
    rel_type: npt.NDArray[np.int8]  # index into REL_TYPE_ORDER
    src: npt.NDArray[np.int64]
    dst: npt.NDArray[np.int64]
    share_lo: npt.NDArray[np.float64]  # NaN where unknown
    share_hi: npt.NDArray[np.float64]
    share_exact: list[str]
    start: npt.NDArray[np.int32]
    end: npt.NDArray[np.int32]
    role: npt.NDArray[np.int8]  # index into ROLE_ORDER, -1 when none
    rel_ids: list[str]
    # props["kind"] or props["basis"] per edge ("" when absent): the risk engine reads
    # CONTROLS bases (EU criteria) and joint arrangements between designated persons.
    kind: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.src.shape[0])

    def index(self) -> dict[str, int]:
        return {nid: i for i, nid in enumerate(self.node_ids)}


NODE_TYPE_ORDER: tuple[NodeType, ...] = tuple(NodeType)
REL_TYPE_ORDER: tuple[RelType, ...] = tuple(RelType)
ROLE_ORDER: tuple[Role, ...] = tuple(Role)
MAX_DAY = date.max.toordinal()


@dataclass(slots=True)
class Stats:
    """Counts by node and relationship type.  Entity-resolution candidates and
    rejections (LINKED_TO with a ``MATCH_KINDS`` kind) are no relationships between
    parties: ``rels`` leaves them out and ``matches`` counts them by kind."""

    nodes: dict[str, int]
    rels: dict[str, int]
    matches: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": dict(sorted(self.nodes.items())),
            "relationships": dict(sorted(self.rels.items())),
            "total_nodes": sum(self.nodes.values()),
            "total_relationships": sum(self.rels.values()),
            "match_candidates": {
                "pending": self.matches.get(POSSIBLY_SAME_AS, 0),
                "rejected": self.matches.get(NOT_SAME_AS, 0),
            },
        }


def without_matches(rels: dict[str, int], matches: dict[str, int]) -> dict[str, int]:
    """Relationship counts with the match candidates and rejections taken out of LINKED_TO.

    >>> without_matches({"OWNS": 3, "LINKED_TO": 2}, {POSSIBLY_SAME_AS: 2})
    {'OWNS': 3}
    """
    out = dict(rels)
    left = out.get(RelType.LINKED_TO.value, 0) - sum(matches.values())
    if left > 0:
        out[RelType.LINKED_TO.value] = left
    else:
        out.pop(RelType.LINKED_TO.value, None)
    return out


@runtime_checkable
class Store(Protocol):
    """What every backend provides.  Ids passed in may be any alias of an entity."""

    url: str

    # -- writing ---------------------------------------------------------
    def upsert_nodes(self, nodes: Iterable[Node], batch_size: int = DEFAULT_BATCH) -> int:
        """Insert or merge nodes by id (props overwritten key by key, names, ids and
        provenance unioned), in transactions of ``batch_size``.  Returns the count."""
        ...

    def upsert_rels(self, rels: Iterable[Rel], batch_size: int = DEFAULT_BATCH) -> int:
        """Insert or replace relationships by id; endpoints may be aliases and are
        resolved to canonical ids.  Returns the count of records written: one that
        repeats an id earlier in the call counts too (it replaced that one)."""
        ...

    def merge_entities(self, keep_id: str, other_id: str) -> str:
        """Merge ``other_id`` into ``keep_id`` (either may be any alias): every
        relationship of other is re-pointed to keep (a LINKED_TO between the two is
        dropped, and of two match links to one third entity one stays, a rejection
        first: ``graph.store.merge.redundant_match_links``), other's names, ids and provenance are added to keep (keep's values
        win, other's fill gaps), and other's node is deleted so that its ids resolve to
        keep.  Returns keep's canonical id; raises ``NotFound`` for an unknown id and
        ``InvalidInput`` when the types differ.  Merging an entity into itself is a no-op."""
        ...

    # -- entities awaiting name proposals (``loaders.pipeline``) ----------
    def await_proposals(self, ids: Iterable[str]) -> None:
        """Record that the entities ``ids`` (as written) await their name candidates.
        A load marks them before it writes them and clears the marks once their
        candidates are proposed, so that a load stopped in between (interrupted,
        failed) leaves them for the next load to propose."""
        ...

    def awaiting_proposals(self) -> list[str]:
        """The ids marked by ``await_proposals`` and not cleared since."""
        ...

    def proposals_made(self, ids: Iterable[str]) -> None:
        """Clear the marks of ``ids`` (their candidates are proposed)."""
        ...

    # -- reading ---------------------------------------------------------
    def resolve(self, any_id: str) -> str | None:
        """The canonical id for any alias (USCC, LEI, FtM id, ...), or None."""
        ...

    def resolve_many(self, ids: Sequence[str]) -> dict[str, str]:
        """Alias -> canonical id for those of ``ids`` that are known (one round trip)."""
        ...

    def get(self, any_id: str) -> Node | None: ...

    def existing_rels(self, type_: RelType, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` (relationship ids of ``type_``) the store already has."""
        ...

    def get_many(self, ids: Sequence[str]) -> dict[str, Node]:
        """Canonical id -> node for those ids that exist."""
        ...

    def search(
        self, text: str, limit: int = 20, types: Sequence[NodeType] | None = None
    ) -> list[SearchHit]:
        """Identifiers exactly, names by substring (Chinese and Latin, 1+ chars)."""
        ...

    def exact_names(
        self,
        keys: Sequence[str],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 200,
        pinyin: bool = False,
    ) -> list[SearchHit]:
        """Up to ``limit`` entities one of whose names folds (``textindex.fold``: NFKC,
        case, spaces) to exactly one of ``keys``, each once (``matched`` the name,
        ``how`` "name", score 1.0).  An index lookup per key however many names share
        its words, so that entity resolution never misses an identical name.  With
        ``pinyin``, a name's toneless pinyin without spaces (``textindex.pinyin_key``)
        equal to a key matches too (``how`` "pinyin", ``matched`` that pinyin)."""
        ...

    def names_containing(
        self,
        groups: Sequence[Sequence[str]],
        *,
        types: Sequence[NodeType] | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Up to ``limit`` entities one of whose names, folded (``textindex.fold``) or as
        toneless pinyin, contains for every group one of its strings (``how`` "name" or
        "pinyin", ``matched`` that name, score 0.5 as a substring).  Strings shorter
        than 3 characters are ignored, and a group left without any; no group left, no
        hits.  Screening asks for a misspelt name's other words at once here, each by
        its two ends (``graph.risk.name_match``)."""
        ...

    def rels_of(
        self,
        node_id: str,
        *,
        direction: str = "both",  # "out", "in", "both"
        types: Sequence[RelType] | None = None,
        roles: Sequence[Role] | None = None,
        as_of: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        min_share: Fraction | None = None,
    ) -> tuple[list[Rel], int]:
        """One page of a node's relationships and the total that match.  ``min_share``
        keeps only relationships whose share may reach it (its upper bound at least
        ``min_share``; none without a share): a prefilter for a threshold test the
        caller still makes exactly, so that a holding company's 10,000 minority stakes
        are not read to find its majority ones."""
        ...

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
        """For each canonical node id: up to ``cap`` of its relationships (stable
        order: type, then id) and the total that match.  One round trip for a whole
        BFS frontier; ``graph.store.traverse`` builds neighbourhoods and paths on it."""
        ...

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
    ) -> Neighbourhood: ...

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
        """All shortest undirected paths between a and b (up to ``limit``); links whose
        ``props["kind"]`` is in ``skip_kinds`` are not followed."""
        ...

    def export_edges(
        self, types: Sequence[RelType] | None = None, as_of: date | None = None
    ) -> EdgeArrays: ...

    def iter_nodes(self, types: Sequence[NodeType] | None = None) -> Iterable[Node]: ...

    def stats(self) -> Stats: ...

    def close(self) -> None: ...


def bulk_load(store: Store) -> AbstractContextManager[Any]:
    """The store's ``bulk()`` context (one load across many upserts) if it has one.

    >>> with bulk_load(object()):  # type: ignore[arg-type]
    ...     pass
    """
    bulk = getattr(store, "bulk", None)
    return bulk() if callable(bulk) else nullcontext()
