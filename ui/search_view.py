"""Search results as the Search page shows them: hits with type, status and risk badges.

The risk badge is the entity's own listing on the as-of date (current) or before it
(past), read in one store round trip for the whole page of hits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.lei import validate_lei
from graph.model import ListingStatus, Node, NodeType, Rel, RelType
from graph.store.base import SearchHit, Store
from graph.uscc import normalize_identifier
from ui.entity_profile import code_hint

_INACTIVE = frozenset(s.value for s in ListingStatus) - {ListingStatus.ACTIVE.value}
# Check digits last, and digits enough that a 20-letter word is not taken for a code.
_LEI_LIKE = re.compile(r"^(?=(?:[A-Z]*[0-9]){6})[0-9A-Z]{18}[0-9]{2}$")


@dataclass(frozen=True, slots=True)
class IdHint:
    """Why a pasted identifier is invalid (``kind`` is ``uscc`` or ``lei``)."""

    kind: str
    code: str
    valid: bool
    message: str


def id_hint(text: str) -> IdHint | None:
    """A check of input that looks like a USCC or an LEI, else None.

    >>> id_hint("华为") is None
    True
    >>> id_hint("lei:506700GE1G29325QX364").message
    'check digits expected 63, found 64'
    >>> id_hint("91440300192185379J").kind
    'uscc'
    """
    raw = text.strip()
    lowered = raw.lower()
    # A USCC has 18 characters, an LEI 20: a 20-character code is read as an LEI.
    bare = normalize_identifier(raw)
    if lowered.startswith("lei:") or (not lowered.startswith("uscc:") and _LEI_LIKE.match(bare)):
        lei = validate_lei(raw.split(":", 1)[1] if lowered.startswith("lei:") else raw)
        return IdHint("lei", lei.code, lei.valid, lei.message)
    uscc = code_hint(raw[5:] if lowered.startswith("uscc:") else raw)
    if uscc is None:
        return None
    return IdHint("uscc", uscc.code, uscc.valid, uscc.message)


@dataclass(frozen=True, slots=True)
class ResultRow:
    hit: SearchHit
    status: str  # the registry status (存续, 吊销, ...) or ""
    listed_now: tuple[str, ...]  # names of lists the entity is on, on the as-of date
    listed_before: tuple[str, ...]  # lists it was on before and is no longer


def _in_force(rel: Rel, day: date) -> bool:
    return rel.valid_on(day) and str(rel.props.get("status") or "active") not in _INACTIVE


def listing_badges(
    store: Store, ids: Sequence[str], as_of: date
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """id -> (lists in force on ``as_of``, lists left before it), by list name."""
    if not ids:
        return {}
    found = store.rels_of_many(list(ids), direction="out", types=[RelType.LISTED_ON])
    list_ids = sorted({r.dst for rels, _ in found.values() for r in rels})
    lists = store.get_many(list_ids) if list_ids else {}
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for nid, (rels, _total) in found.items():
        now = sorted({_list_name(lists, r.dst) for r in rels if _in_force(r, as_of)})
        before = sorted(
            {_list_name(lists, r.dst) for r in rels if r.start is None or r.start <= as_of}
            - set(now)
        )
        out[nid] = (tuple(now), tuple(before))
    return out


def _list_name(lists: dict[str, Node], list_id: str) -> str:
    node = lists.get(list_id)
    return node.name if node else list_id


def search_rows(
    store: Store,
    text: str,
    as_of: date,
    *,
    types: Sequence[NodeType] | None = None,
    limit: int = 50,
) -> list[ResultRow]:
    """The hits for ``text`` with registry status and listing badges on ``as_of``."""
    hits = store.search(text.strip(), limit=limit, types=list(types) if types else None)
    ids = [h.id for h in hits]
    nodes = store.get_many(ids) if ids else {}
    badges = listing_badges(store, ids, as_of)
    rows = []
    for hit in hits:
        node = nodes.get(hit.id)
        now, before = badges.get(hit.id, ((), ()))
        status = str(node.props.get("status") or "") if node else ""
        rows.append(ResultRow(hit, status, now, before))
    return rows
