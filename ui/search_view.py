"""Search results as the Search page shows them: hits with type, status and risk badges.

The risk badge is the entity's own listing on the as-of date (current) or before it
(past), read in one store round trip for the whole page of hits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.model import Node, NodeType, RelType
from graph.store.base import SearchHit, Store
from ui.entity_profile import IdHint, id_hint, in_force, local_name

__all__ = ["PAGE", "IdHint", "Results", "id_hint", "listing_badges", "search_rows"]

# Hits shown at once; "show more" adds as many again.
PAGE = 50


@dataclass(frozen=True, slots=True)
class ResultRow:
    hit: SearchHit
    status: str  # the registry status (存续, 吊销, ...) or ""
    listed_now: tuple[str, ...]  # names of lists the entity is on, on the as-of date
    listed_before: tuple[str, ...]  # lists it was on before and is no longer

    @property
    def name(self) -> str:
        """The hit's name, else its id: a nameless stub can still be opened."""
        return self.hit.name if self.hit.name.strip() else self.hit.id


def listing_badges(
    store: Store, ids: Sequence[str], as_of: date, lang: str = "en"
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """id -> (lists in force on ``as_of``, lists left before it), by list name; in force
    as the Entity page tells it, by the listing's dates (``in_force``); list names in
    ``lang`` (``local_name``)."""
    if not ids:
        return {}
    found = store.rels_of_many(list(ids), direction="out", types=[RelType.LISTED_ON])
    list_ids = sorted({r.dst for rels, _ in found.values() for r in rels})
    lists = store.get_many(list_ids) if list_ids else {}
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for nid, (rels, _total) in found.items():
        now = sorted({_list_name(lists, r.dst, lang) for r in rels if in_force(r, as_of)})
        before = sorted(
            {_list_name(lists, r.dst, lang) for r in rels if r.start is None or r.start <= as_of}
            - set(now)
        )
        out[nid] = (tuple(now), tuple(before))
    return out


def _list_name(lists: dict[str, Node], list_id: str, lang: str) -> str:
    return local_name(lists.get(list_id), list_id, lang)


@dataclass(frozen=True, slots=True)
class Results:
    rows: list[ResultRow]
    more: bool  # the store has hits beyond these


def search_rows(
    store: Store,
    text: str,
    as_of: date,
    *,
    types: Sequence[NodeType] | None = None,
    limit: int = PAGE,
    lang: str = "en",
) -> Results:
    """Up to ``limit`` hits for ``text`` with registry status and listing badges on
    ``as_of``, and whether more match (one hit beyond the limit is asked for)."""
    hits = store.search(text.strip(), limit=limit + 1, types=list(types) if types else None)
    more = len(hits) > limit
    hits = hits[:limit]
    ids = [h.id for h in hits]
    nodes = store.get_many(ids) if ids else {}
    badges = listing_badges(store, ids, as_of, lang)
    rows = []
    for hit in hits:
        node = nodes.get(hit.id)
        now, before = badges.get(hit.id, ((), ()))
        status = str(node.props.get("status") or "") if node else ""
        rows.append(ResultRow(hit, status, now, before))
    return Results(rows, more)
