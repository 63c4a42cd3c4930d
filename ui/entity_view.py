"""The Entity page's sections: officers by role, shareholders and subsidiaries with
direct and look-through shares, listings current and past.

Rows carry the other party's id so the page links every related entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.model import ListingStatus, Node, Rel, RelType
from graph.store.base import EdgeArrays, Store
from ui.entity_profile import display_names, in_force, listing_status, period
from ui.ownership import WORDS, holdings, lookthrough_text, share_label

# Officers, stakes and listings read per section; a page never draws more.
SECTION_LIMIT = 300
_INACTIVE = frozenset(s.value for s in ListingStatus) - {ListingStatus.ACTIVE.value}


@dataclass(frozen=True, slots=True)
class PartyRow:
    other_id: str
    other_name: str
    detail: str  # role, or direct share
    lookthrough: str  # look-through share, "" when not computed
    span: str
    sources: str
    current: bool


@dataclass(frozen=True, slots=True)
class ListingRow:
    list_id: str
    list_name: str
    span: str
    status: str  # on the page's day, from the dates (``listing_status``)
    recorded: str  # the status the source recorded, "" when none
    reason: str
    case_no: str
    agency: str
    sources: str
    current: bool


@dataclass(slots=True)
class EntityView:
    officers: dict[str, list[PartyRow]] = field(default_factory=dict)  # role -> rows
    posts: list[PartyRow] = field(default_factory=list)  # a person's offices elsewhere
    shareholders: list[PartyRow] = field(default_factory=list)
    subsidiaries: list[PartyRow] = field(default_factory=list)
    listings: list[ListingRow] = field(default_factory=list)
    cut: int = 0  # rows not read beyond SECTION_LIMIT


def _sources(rel: Rel) -> str:
    return ", ".join(sorted({p.source for p in rel.provenance}))


def _current(rel: Rel, as_of: date) -> bool:
    return rel.valid_on(as_of) and str(rel.props.get("status") or "active") not in _INACTIVE


def _case_no(rel: Rel) -> str:
    for key, value in rel.props.items():
        if key.endswith("_no") or key in ("case_no", "case_number", "document_no"):
            return str(value)
    return ""


def entity_view(
    store: Store,
    node: Node,
    as_of: date,
    owns: EdgeArrays | None,
    words: Mapping[str, str] = WORDS,
    lang: str = "en",
) -> EntityView:
    """The sections for ``node`` on ``as_of``; look-through shares when ``owns`` is given.
    ``words`` translates "unknown" (a stake with no recorded share) and "range"; lists
    are named in ``lang`` (``local_name``)."""
    view = EntityView()
    officers, n_off = store.rels_of(node.id, direction="in", types=[RelType.OFFICER_OF],
                                    limit=SECTION_LIMIT)  # fmt: skip
    posts, n_posts = store.rels_of(node.id, direction="out", types=[RelType.OFFICER_OF],
                                   limit=SECTION_LIMIT)  # fmt: skip
    owned_by, n_in = store.rels_of(
        node.id, direction="in", types=[RelType.OWNS], limit=SECTION_LIMIT
    )
    owning, n_out = store.rels_of(
        node.id, direction="out", types=[RelType.OWNS], limit=SECTION_LIMIT
    )
    listed, n_list = store.rels_of(node.id, direction="out", types=[RelType.LISTED_ON],
                                   limit=SECTION_LIMIT)  # fmt: skip
    view.cut = (n_off + n_posts + n_in + n_out + n_list) - (
        len(officers) + len(posts) + len(owned_by) + len(owning) + len(listed)
    )
    others = {r.src for r in officers + owned_by} | {r.dst for r in posts + owning + listed}
    names = display_names(store.get_many(sorted(others)), lang) if others else {}
    up = down = {}
    if owns is not None:
        up = {h.entity: lookthrough_text(h, words) for h in holdings(owns, node.id, as_of, up=True)}
        down = {
            h.entity: lookthrough_text(h, words) for h in holdings(owns, node.id, as_of, up=False)
        }

    def row(rel: Rel, other: str, detail: str, lookthrough: str = "") -> PartyRow:
        return PartyRow(other, names.get(other, other), detail, lookthrough,
                        period(rel.start, rel.end), _sources(rel), _current(rel, as_of))  # fmt: skip

    for rel in officers:
        role = rel.role.value if rel.role else "other"
        view.officers.setdefault(role, []).append(row(rel, rel.src, role))
    view.posts = [row(r, r.dst, r.role.value if r.role else "") for r in posts]
    view.shareholders = [
        row(r, r.src, share_label(r.share, words), up.get(r.src, "")) for r in owned_by
    ]
    view.subsidiaries = [
        row(r, r.dst, share_label(r.share, words), down.get(r.dst, "")) for r in owning
    ]
    view.listings = sorted(
        (
            ListingRow(
                r.dst,
                names.get(r.dst, r.dst),
                period(r.start, r.end),
                listing_status(r, as_of),
                str(r.props.get("status") or ""),
                str(r.props.get("reason") or ""),
                _case_no(r),
                str(r.props.get("agency") or ""),
                _sources(r),
                in_force(r, as_of),
            )
            for r in listed
            if r.start is None or r.start <= as_of
        ),
        key=lambda x: (not x.current, x.span),
    )
    return view
