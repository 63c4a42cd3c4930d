"""Delisting: a complete list, loaded again, ends the listings it no longer has.

Sanctions and blacklist publishers remove parties by leaving them out of the next
edition (OFAC's SDN file, BIS's lists, an OpenSanctions dataset, a Chinese agency's
export of its list).  A load only upserts what its files hold, so without this a
party removed since the last load would stay listed for ever.

When the user says the files are the complete list as published on a day
(``credgraph load ... --complete --published DATE``), every listing that this
source had written earlier on a list this load wrote listings to, still open on
that day and not written again by this load, ends on that day, with
``props["end_reason"]`` saying why.  Only listings of the same source are touched:
another source's listing of the same party on the same list is that source's word.
Listings a load writes again are written as their reader gives them, so a party
listed again in a later edition is open again (the gap between is not kept).

>>> from datetime import date
>>> from graph.model import Node, NodeType, Provenance, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> p = (Provenance("src", "1"),)
>>> _ = s.upsert_nodes([Node("L", NodeType.LIST, "List"),
...                     *(Node(x, NodeType.COMPANY, x) for x in "ab")])
>>> _ = s.upsert_rels([Rel(f"{x}L", RelType.LISTED_ON, x, "L", provenance=p) for x in "ab"])
>>> ended = absent_listings(s, ["L"], "src", {"aL"}, date(2026, 5, 1))
>>> [(r.id, r.end.isoformat()) for r in ended]
[('bL', '2026-05-01')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Protocol

from graph.model import Rel, RelType
from graph.store.base import Store

END_REASON = "end_reason"


class Written(Protocol):
    """The relationship ids a load wrote (a set, or a ``loaders.spill.SpillSet``)."""

    def __contains__(self, key: str, /) -> bool: ...


def absent_listings(
    store: Store, list_ids: Iterable[str], source: str, written: Written, published: date
) -> list[Rel]:
    """The listings on ``list_ids`` by ``source`` open on ``published`` that are not in
    ``written`` (the relationship ids this load wrote), each ended on ``published``."""
    out: list[Rel] = []
    for list_id in sorted(set(list_ids)):
        rels, _total = store.rels_of(list_id, direction="in", types=[RelType.LISTED_ON])
        for rel in rels:
            if rel.id in written or not any(p.source == source for p in rel.provenance):
                continue
            if rel.end is not None and rel.end <= published:
                continue  # already over by then
            if rel.start is not None and rel.start >= published:
                continue  # begins on or after the edition: that edition cannot end it
            reason = f"absent from the complete list published {published.isoformat()}"
            out.append(replace(rel, end=published, props={**rel.props, END_REASON: reason}))
    return out
