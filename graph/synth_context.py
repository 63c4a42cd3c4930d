"""What both generators of the synthetic demo's relationships (``graph.synth_rels``)
build with: one pass's state (the plan, the rng, cached values), the choice of a
person for an office, and the officer and listing records themselves.

Apart from ``graph.synth_rels`` because the generic and the scenario relationships
must come out alike (ids, provenance, case numbers, terms by the catalog), so one
builder serves both; the generators then only say which relationships exist.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING, Any

from graph.catalog import load_catalog
from graph.model import ListingStatus, Provenance, Rel, RelType, Role, rel_id
from graph.synth_tables import ListingKind
from graph.values import years_later

if TYPE_CHECKING:
    from graph.synth import Synth, _Plan

_OFFICER, _LISTED = RelType.OFFICER_OF, RelType.LISTED_ON


class Context:
    """State one pass needs: the plan, the rng and cached values."""

    def __init__(self, synth: Synth, rng: random.Random) -> None:
        from graph.synth import AS_OF, FIRST_SEEN, SOURCE, share_bp

        self.plan: _Plan = synth.plan
        self.rng = rng
        self.source = SOURCE
        self.first_seen, self.as_of = FIRST_SEEN, AS_OF
        self.share_bp = share_bp
        self.m_gen = synth.generic_persons
        self.n_gen = synth.generic_companies
        self.serial = 0
        cat = load_catalog()
        self.in_force = {
            lid: date.fromisoformat(str(lst["in_force_from"])).toordinal()
            for lid, lst in cat.lists.items()
            if lst.get("in_force_from")
        }

    def person(self) -> int:
        # density ~ 1/sqrt(p): a few persons hold hundreds of posts, most a handful
        u = self.rng.random()
        return int(self.m_gen * u * u)

    def lr_person(self, i: int) -> int:
        # The first m_gen companies map one-to-one onto persons so nobody is left idle.
        if i < self.m_gen:
            return (i * 48_271 + 11) % self.m_gen
        return self.person()

    def listing(
        self,
        subject: str,
        kind: ListingKind,
        start: int,
        region_code: str,
        court: str,
        prov: tuple[Provenance, ...],
        end: int | None = None,
        status: ListingStatus | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Rel:
        rng = self.rng
        self.serial += 1
        start_d = date.fromordinal(start)
        if status is None:
            end, status = self._term(kind, start)
        props: dict[str, Any] = {
            "status": status.value,
            kind.number_prop: kind.number(court, region_code, start_d.year, rng.randrange(1, 9999)),
            "reason": kind.reasons[rng.randrange(len(kind.reasons))],
            "agency": kind.agency,
        }
        if extra:
            props.update(extra)
        dst = "list:" + kind.list_id
        # The listing's own record (its case or decision number), seen as the company's.
        prov = tuple(
            Provenance(p.source, str(props[kind.number_prop]), p.first_seen, p.last_seen)
            for p in prov
        )
        return Rel(
            rel_id(_LISTED, subject, dst, self.source, f"L{self.serial}"),
            _LISTED,
            subject,
            dst,
            start=start_d,
            end=date.fromordinal(end) if end else None,
            props=props,
            provenance=prov,
        )

    def _term(self, kind: ListingKind, start: int) -> tuple[int | None, ListingStatus]:
        rng, today = self.rng, self.as_of.toordinal()
        if rng.random() < kind.early_end:
            end = min(today - 1, start + 30 + rng.randrange(700))
            if end > start:
                early = ListingStatus.EARLY_REMOVED if kind.agency in ("SAMR", "SAT") else None
                return end, early or ListingStatus.DELETED
        if kind.term_years is None or rng.random() < kind.open_ended:
            return None, ListingStatus.ACTIVE
        end = years_later(date.fromordinal(start), kind.term_years).toordinal()
        return end, ListingStatus.EXPIRED if end <= today else ListingStatus.ACTIVE


def officer(
    ctx: Context,
    pid: str,
    cid: str,
    role: Role,
    start: date,
    end: date | None,
    props: dict[str, Any],
    prov: tuple[Provenance, ...],
) -> Rel:
    key = f"{role.value}:{start.isoformat()}"
    return Rel(
        rel_id(_OFFICER, pid, cid, ctx.source, key),
        _OFFICER,
        pid,
        cid,
        role,
        None,
        start,
        end,
        props,
        prov,
    )
