"""What the China rules read about a subject: listings with their terms, posts, officers.

``ChinaContext`` wraps a store and the catalog for one evaluation, caches the
nodes it reads, and turns catalog entries into the listing and measure
references every finding cites.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.catalog import Catalog, load_catalog
from graph.model import ListingStatus, Node, Rel, RelType, Role
from graph.risk.china_records import revocation_day, was_revoked
from graph.risk.evidence import ListingRef, MeasureRef
from graph.risk.listing_dates import dates_text
from graph.store.base import Store
from graph.values import iso_day, listing_status, years_later

REGIME = "cn"
DISHONEST = "CN_SPC_DISHONEST"
SERIOUS = "CN_SAMR_SERIOUS"
ABNORMAL = "CN_SAMR_ABNORMAL"
CREDIT_D = "CN_SAT_CREDIT_D"
INACTIVE = frozenset(
    {
        ListingStatus.DELETED,
        ListingStatus.EXPIRED,
        ListingStatus.EARLY_REMOVED,
        ListingStatus.REVOKED,
    }
)
DSSM = frozenset({Role.DIRECTOR, Role.SUPERVISOR, Role.SENIOR_MANAGER})
P9_ROLES = DSSM | {Role.LEGAL_REPRESENTATIVE, Role.ACTUAL_CONTROLLER}
# P6 (DOMAIN §4.2, catalog M5 applies_to): "the LR or responsible person" of the listed
# enterprise may not be "LR or responsible person" of another, so both sides.
P6_ROLES = frozenset({Role.LEGAL_REPRESENTATIVE, Role.MAIN_RESPONSIBLE_PERSON})
# When the laws the rules rest on took effect or ended (DOMAIN §1.8, §2.4, §2.6, §10.2).
COMPANY_LAW_2023 = date(2024, 7, 1)  # art. 178 replaces the 2018 law's art. 146
REGISTRATION_REGS = date(2022, 3, 1)  # Market Entity Registration Regulations (art. 12)
PUBLICITY_REGS_2014 = date(2014, 10, 1)  # Enterprise Information Publicity Regulations
PUBLICITY_REGS_2024 = date(2024, 5, 1)  # amended by State Council Order 777 (art. 17 -> 18)
SAIC_ORDER_83 = date(2015, 12, 30)  # serious-violation list rules, replaced by Order 44
SAMR_ORDER_44 = date(2021, 9, 1)
TAX_CREDIT_2025 = date(2025, 7, 1)  # 纳税缴费信用管理办法 (direct-D situations (10)-(12))
# Larger than any real officer or shareholder list; links beyond it are not read, and
# the evaluation says so (``ChinaContext.cuts``).
PAGE = 5000


def term_end(term: dict[str, Any], start: date) -> date | None:
    """The end (exclusive) a list's fixed term gives a listing that records none, in
    calendar years; ``earlier`` terms apply to listings begun before their ``until``
    (the serious list: 5 years under SAIC Order 83, before 2021-09-01)."""
    if not term.get("fixed") or not term.get("years"):
        return None
    years = int(term["years"])
    for e in term.get("earlier") or ():
        until = iso_day(e.get("until"))
        if until is not None and start < until:
            years = int(e["years"])
            break
    return years_later(start, years)


@dataclass(frozen=True, slots=True)
class Cut:
    """A read the China rules stopped at ``PAGE``: findings resting on the links not
    read are missing, so a clean answer is not a clean bill.

    >>> Cut("company:x", "officers", 5000, 12000).text()
    'China rules read 5,000 of 12,000 officers of company:x; findings through the other 7,000 are missing'
    """

    node: str
    links: str  # what was read, in words: "officers", "posts", "listings", ...
    read: int
    total: int

    def text(self) -> str:
        return (
            f"China rules read {self.read:,} of {self.total:,} {self.links} of {self.node};"
            f" findings through the other {self.total - self.read:,} are missing"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": "china",
            "node": self.node,
            "links": self.links,
            "read": self.read,
            "total": self.total,
            "note": self.text(),
        }


@dataclass(frozen=True, slots=True)
class Listing:
    """A LISTED_ON relationship read with the catalog's term rules."""

    rel: Rel
    subject: str
    list_id: str
    start: date | None
    end: date | None  # exclusive; the recorded end, else start + fixed term
    # No start recorded: the day the list's legal basis took effect, before which no
    # listing on it can exist (``in_force_from``), else None (every date).
    not_before: date | None = None

    def active_on(self, day: date) -> bool:
        first = self.start or self.not_before
        if first and day < first:
            return False
        if self.end and day >= self.end:
            return False
        # A deletion recorded without an end date still ends the listing; a status
        # written before the loaders read its synonyms is read the same way here.
        return not (
            self.rel.end is None and listing_status(self.rel.props.get("status")) in INACTIVE
        )


class ChinaContext:
    """Store access for the China rules, with a node cache for one evaluation."""

    def __init__(self, store: Store, catalog: Catalog | None = None) -> None:
        self.store = store
        self.catalog = catalog or load_catalog()
        self._nodes: dict[str, Node] = {}
        # LISTED_ON relationships by canonical node id, filled in one round trip for
        # many nodes (``prefetch_listings``): a hub's heuristics read thousands.
        self._listed: dict[str, list[Rel]] = {}
        # Reads cut at ``PAGE``, first seen first, one per node and kind of link.
        self.cuts: list[Cut] = []

    def _cut(self, node_id: str, links: str, read: int, total: int) -> None:
        if total > read and not any(c.node == node_id and c.links == links for c in self.cuts):
            self.cuts.append(Cut(node_id, links, read, total))

    def page(self, node_id: str, links: str, **query: Any) -> list[Rel]:
        """``store.rels_of`` up to ``PAGE``, noting a cut (``links`` names it)."""
        rels, total = self.store.rels_of(node_id, limit=PAGE, **query)
        self._cut(node_id, links, len(rels), total)
        return rels

    # -- gathering ---------------------------------------------------------

    def node(self, node_id: str) -> Node | None:
        if node_id not in self._nodes:
            node = self.store.get(node_id)
            if node is None:
                return None
            self._nodes[node_id] = node
        return self._nodes[node_id]

    def prefetch(self, ids: Iterable[str]) -> None:
        missing = [i for i in set(ids) if i not in self._nodes]
        if missing:
            self._nodes.update(self.store.get_many(missing))

    def prefetch_listings(self, ids: Iterable[str]) -> None:
        """Read the listings of many nodes (canonical ids) at once, for ``listings``."""
        missing = sorted({i for i in ids if i not in self._listed})
        if not missing:
            return
        found = self.store.rels_of_many(
            missing, direction="out", types=[RelType.LISTED_ON], cap=PAGE
        )
        fetched = {}
        for node_id in missing:
            rels, total = found.get(node_id, ([], 0))
            self._cut(node_id, "listings", len(rels), total)
            fetched[node_id] = rels
        self._listed.update(fetched)
        self.prefetch(r.dst for rels in fetched.values() for r in rels)

    def listings(self, subject: str) -> list[Listing]:
        rels = self._listed.get(subject)
        if rels is None:
            rels = self.page(subject, "listings", direction="out", types=[RelType.LISTED_ON])
        out = []
        for r in rels:
            lst = self.node(r.dst)
            list_id = str(lst.props.get("list_id") or r.dst.removeprefix("list:")) if lst else ""
            meta = self.catalog.lists.get(list_id, {})
            end = r.end
            if end is None and r.start is not None:
                end = term_end(meta.get("term") or {}, r.start)
            floor = iso_day(meta.get("in_force_from")) if r.start is None else None
            out.append(Listing(r, subject, list_id, r.start, end, floor))
        return out

    def officers(self, company: str) -> list[Rel]:
        return self.page(company, "officers", direction="in", types=[RelType.OFFICER_OF])

    def posts(self, person: str) -> list[Rel]:
        return self.page(person, "posts", direction="out", types=[RelType.OFFICER_OF])

    def is_red(self, list_id: str) -> bool:
        """A redlist (DOMAIN §2.9, polarity ``red``): joint incentives, no restriction."""
        return self.catalog.lists.get(list_id, {}).get("polarity") == "red"

    # -- findings ----------------------------------------------------------

    def measures(self, lst: Listing, on: date, role: str) -> list[MeasureRef]:
        """The measures a listing brings on ``on`` to ``role`` (``entity``,
        ``natural_person`` or an officer role), by the catalog's triggers in force then.
        A trigger ``with_serious`` (customs since Order 251, DOMAIN §1.4) applies only
        while the listed party is also on a serious list."""
        refs = []
        for t in self.catalog.triggers_of(lst.list_id, on):
            if role not in t["roles"]:
                continue
            if t.get("with_serious") and not self.also_serious(lst, on):
                continue
            m = self.catalog.measures[t["measure"]]
            tag = str(t.get("confidence") or "V")
            refs.append(
                MeasureRef(
                    id=m["id"],
                    name_zh=m["name_zh"],
                    name_en=m["name_en"],
                    agencies=[self.catalog.agencies[a]["name_en"] for a in m["agencies"]],
                    legal_basis=str(t["via"]) + ("" if tag == "V" else f" [{tag}]"),
                )
            )
        return refs

    def also_serious(self, lst: Listing, on: date) -> bool:
        """Is the listed party on another China list with ``is_serious`` on ``on``?"""
        return any(x.rel.id != lst.rel.id for x in self.serious_active(lst.subject, on))

    def listing_ref(self, lst: Listing) -> ListingRef:
        meta = self.catalog.lists.get(lst.list_id, {})
        prov = lst.rel.provenance[0] if lst.rel.provenance else None
        props = lst.rel.props
        return ListingRef(
            list_id=lst.list_id,
            list_name=str(meta.get("name_en") or lst.list_id),
            list_name_zh=str(meta.get("name_zh") or ""),
            agency=str(props.get("agency") or meta.get("agency") or ""),
            start=lst.start,
            end=lst.end,
            status=str(props.get("status") or "active"),
            # Courts number cases, agencies their decisions (DOMAIN §2.1, §2.4).
            case_no=str(props.get("case_no") or props.get("decision_no") or ""),
            source=prov.source if prov else "",
            record_id=prov.record_id if prov else "",
            not_before=lst.not_before,
            start_basis=(
                f"list {lst.list_id} in force from {lst.not_before}: no listing on it is older"
                if lst.not_before
                else ""
            ),
        )

    def list_note(self, lst: Listing, as_of: date) -> str:
        """What a finding on ``lst`` adds about how credgraph dated it: an end taken from
        the catalog's fixed term when the source records none."""
        if lst.rel.end is None and lst.end is not None:
            term = self.catalog.lists.get(lst.list_id, {}).get("term") or {}
            return (
                f" The source records no end date; the list's fixed term "
                f"({term.get('text', 'catalog')}) ends it on {lst.end}."
            )
        return ""

    def since(self, lst: Listing) -> str:
        """The listing's dates as every finding says them (``listing_dates.dates_text``)."""
        return dates_text(self.listing_ref(lst))

    def name(self, node_id: str) -> str:
        n = self.node(node_id)
        return n.name if n else node_id

    def measure_ref(self, measure_id: str, basis: str) -> MeasureRef:
        m = self.catalog.measures[measure_id]
        return MeasureRef(
            id=m["id"],
            name_zh=m["name_zh"],
            name_en=m["name_en"],
            agencies=[self.catalog.agencies[a]["name_en"] for a in m["agencies"]],
            legal_basis=basis,
        )

    # -- flags on companies through their officers --------------------------

    def revocations(self, person: Node) -> list[tuple[Rel, Node, date | None]]:
        """LR posts at companies revoked or closed while (or when) the person was LR
        (``was_revoked``).  The day is None when the company records no readable
        revocation date: then whether the person was LR at revocation cannot be told
        either, and every LR post there is returned (``revocation_day`` says why)."""
        out: list[tuple[Rel, Node, date | None]] = []
        posts = [p for p in self.posts(person.id) if p.role is Role.LEGAL_REPRESENTATIVE]
        self.prefetch(p.dst for p in posts)
        for post in posts:
            company = self.node(post.dst)
            if company is None or not was_revoked(company):
                continue
            day, _ = revocation_day(company)
            # "LR at revocation": the post covers the day, or ended on it.
            if day is None or post.valid_on(day) or post.end == day:
                out.append((post, company, day))
        return out

    def serious_escalations(self, person: Node) -> list[tuple[Rel, Listing, str]]:
        """P6: the person's LR or responsible-person posts, at the time, at companies
        moved to the serious list after three years on the abnormal directory, with what
        shows it (``why``, a clause for the explanation); one per company and listing,
        the LR post first when the person held both.  Whether the listing is still in
        force is ``china_bans.p6_until``'s to say.  DOMAIN §2.3 / §4.2 P6: three years on the
        directory *uncured*.  Shown by the data: an abnormal-directory listing that
        began three years or more before the serious listing and was not removed before
        those three years ran; else by the serious listing's recorded reason naming the
        abnormal directory (Order 83 ground (1)), which the explanation then quotes."""
        out = []
        seen: set[tuple[str, str]] = set()
        posts = [p for p in self.posts(person.id) if p.role in P6_ROLES]
        posts.sort(key=lambda p: p.role is not Role.LEGAL_REPRESENTATIVE)
        for post in posts:
            listings = self.listings(post.dst)
            abnormal = [x for x in listings if x.list_id == ABNORMAL and x.start]
            for lst in listings:
                if lst.list_id != SERIOUS or lst.start is None:
                    continue
                if not (post.valid_on(lst.start) or post.end == lst.start):
                    continue
                why = _escalation(lst, abnormal, self.name(post.dst))
                if why and (post.dst, lst.rel.id) not in seen:
                    seen.add((post.dst, lst.rel.id))
                    out.append((post, lst, why))
        return out

    def serious_active(self, node_id: str, as_of: date) -> list[Listing]:
        return [
            x
            for x in self.listings(node_id)
            if self.catalog.lists.get(x.list_id, {}).get("is_serious")
            and self.catalog.lists[x.list_id].get("regime") == REGIME
            and x.active_on(as_of)
        ]


def _escalation(serious: Listing, abnormal: list[Listing], company: str) -> str:
    assert serious.start is not None
    for a in sorted(abnormal, key=lambda x: x.start or date.min):
        assert a.start is not None
        three = years_later(a.start, 3)
        if three > serious.start:
            continue
        ended = a.rel.end
        if ended is None and listing_status(a.rel.props.get("status")) in INACTIVE:
            continue  # removed on a day not recorded: the three years are not shown
        if ended is not None and ended < three:
            continue  # cured before three years ran
        left = f", removed on {ended}" if ended is not None else ", not removed"
        return (
            f"{company} was on the abnormal-operations directory since {a.start}{left}, "
            f"and was moved to the serious illegal and untrustworthy list on {serious.start}, "
            f"three years or more after it went on the directory"
        )
    reason = str(serious.rel.props.get("reason") or "")
    if "经营异常" in reason or "abnormal" in reason.lower():
        return (
            f"{company} was moved to the serious illegal and untrustworthy list on "
            f"{serious.start}; the listing's recorded reason ({reason!r}) is the abnormal-"
            "directory ground (three years on the directory uncured), which credgraph takes "
            "from that reason: the data holds no abnormal-directory listing that shows it"
        )
    return ""
