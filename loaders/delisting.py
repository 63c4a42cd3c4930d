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

A truncated download or the wrong file would end almost everything, so an edition that
lists nobody ends nothing, and one that would end more than ``max_ended`` of this
source's open listings on those lists (default a tenth, and never fewer than
``ALWAYS_ALLOWED``) ends nothing either: ``guard`` says why, and the user can allow
more when the publisher really removed that many.

>>> from datetime import date
>>> from graph.model import Node, NodeType, Provenance, Rel, RelType
>>> from graph.store.sqlite import SQLiteStore
>>> s = SQLiteStore.from_url("sqlite:///:memory:")
>>> p = (Provenance("src", "1"),)
>>> _ = s.upsert_nodes([Node("L", NodeType.LIST, "List"),
...                     *(Node(x, NodeType.COMPANY, x) for x in "ab")])
>>> _ = s.upsert_rels([Rel(f"{x}L", RelType.LISTED_ON, x, "L", provenance=p) for x in "ab"])
>>> plan = absent_listings(s, ["L"], "src", {"aL"}, date(2026, 5, 1))
>>> [(r.id, r.end.isoformat()) for r in plan.ended], plan.open
([('bL', '2026-05-01')], 2)
>>> guard(plan, written=1, max_ended=Fraction(1, 10)) is None  # 1 of 2, under ALWAYS_ALLOWED
True
>>> guard(plan, written=0, max_ended=Fraction(1, 10))
'the files list nobody on these lists: a wrong or truncated file? nothing was ended'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Protocol

from graph.model import Rel, RelType
from graph.store.base import Store

END_REASON = "end_reason"
# An edition may always end this many listings, whatever share of the list they are.
ALWAYS_ALLOWED = 10
DEFAULT_MAX_ENDED = Fraction(1, 10)


class Written(Protocol):
    """The relationship ids a load wrote (a set, or a ``loaders.spill.SpillSet``)."""

    def __contains__(self, key: str, /) -> bool: ...


@dataclass(frozen=True, slots=True)
class Plan:
    """What a complete edition would end, and how many listings it was measured against."""

    ended: list[Rel] = field(default_factory=list)
    open: int = 0  # this source's listings on the lists open on the day, written or not


def absent_listings(
    store: Store, list_ids: Iterable[str], source: str, written: Written, published: date
) -> Plan:
    """The listings on ``list_ids`` by ``source`` open on ``published`` that are not in
    ``written`` (the relationship ids this load wrote), each ended on ``published``."""
    out: list[Rel] = []
    open_ = 0
    for list_id in sorted(set(list_ids)):
        rels, _total = store.rels_of(list_id, direction="in", types=[RelType.LISTED_ON])
        for rel in rels:
            if not any(p.source == source for p in rel.provenance):
                continue
            if rel.end is not None and rel.end <= published:
                continue  # already over by then
            if rel.start is not None and rel.start >= published:
                continue  # begins on or after the edition: that edition cannot end it
            open_ += 1
            if rel.id in written:
                continue
            reason = f"absent from the complete list published {published.isoformat()}"
            out.append(replace(rel, end=published, props={**rel.props, END_REASON: reason}))
    return Plan(out, open_)


def guard(plan: Plan, *, written: int, max_ended: Fraction) -> str | None:
    """Why ``plan`` must not be carried out, or None: an edition that lists nobody, or
    one that would end more than ``max_ended`` of the open listings (and more than
    ``ALWAYS_ALLOWED``)."""
    if written == 0:
        return "the files list nobody on these lists: a wrong or truncated file? nothing was ended"
    n = len(plan.ended)
    if n > ALWAYS_ALLOWED and Fraction(n, max(plan.open, 1)) > max_ended:
        share = Fraction(n * 100, max(plan.open, 1))
        return (
            f"this edition would end {n:,} of {plan.open:,} open listings ({float(share):.1f}%), "
            f"more than the {float(max_ended * 100):g}% allowed: a wrong or truncated file? "
            "nothing was ended; if the publisher really removed that many, load it again "
            f"with --max-ended {int(-(-share // 1))}"
        )
    return None
