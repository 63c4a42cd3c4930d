"""Relationships of the synthetic demo graph (see ``graph.synth`` for what and why).

Every relationship of a company (offices, shareholders) cites that company's registry
record as provenance, as a registry extract would; a listing cites its own record, the
case or decision number, under the same source.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from graph.model import ListingStatus, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.synth_context import Context, officer
from graph.synth_names import REGIONS
from graph.synth_scenarios import (
    EXPLICIT_LR,
    LISTINGS,
    LR_UNTIL,
    OFFICERS,
    OWNS,
    SCENARIO_COMPANIES,
    SCENARIO_PERSONS,
)
from graph.synth_tables import KIND_BY_LIST, KIND_CUMULATIVE, LISTING_KINDS
from graph.values import years_later

if TYPE_CHECKING:
    from graph.synth import Synth

_OWNS, _LISTED = RelType.OWNS, RelType.LISTED_ON
_LR = Role.LEGAL_REPRESENTATIVE
_P_LR = 0.5  # the LR is the first shareholder
_P_COMPANY_OWNER = 0.35
_P_PAST_LR = 0.1
_P_RANGE = 0.03  # a stake published as a band
# About 1.8 % of companies and 2.2 % of persons listed: ~50k listings at 1M companies.
_LISTED_COMPANY_RATE = 0.018
_LISTED_PERSON_RATE = 0.022


def generic_rels(synth: Synth, rng: random.Random) -> Iterator[Rel]:
    """Offices, holdings and listings of the generated (non-scenario) companies and persons."""
    ctx = Context(synth, rng)
    plan = ctx.plan
    today = ctx.as_of.toordinal()
    fromord = date.fromordinal
    pid_of, cid_of = plan.person_id, plan.company_id
    source, first_seen, as_of = ctx.source, ctx.first_seen, ctx.as_of
    for i in range(ctx.n_gen):
        cid = cid_of(i)
        prov = (Provenance(source, f"C{i}", first_seen, as_of),)
        reg = plan.reg[i]
        reg_d = fromord(reg)
        # -- offices
        lr = ctx.lr_person(i)
        lr_id = pid_of(lr)
        lr_start = reg_d
        if rng.random() < _P_PAST_LR and today - reg > 400:
            past = ctx.person()
            if past != lr:
                lr_start = fromord(reg + 30 + rng.randrange(today - reg - 60))
                yield officer(ctx, pid_of(past), cid, _LR, reg_d, lr_start, {}, prov)
        yield officer(ctx, lr_id, cid, _LR, lr_start, None, {}, prov)
        seen = {lr}
        r = rng.random()
        if r < 0.18:
            yield officer(ctx, lr_id, cid, Role.DIRECTOR, reg_d, None, {"title": "执行董事"}, prov)
        elif r < 0.30:
            for k in range(1 + (r > 0.26) + (r > 0.29)):
                d = ctx.person()
                if d not in seen:
                    seen.add(d)
                    title = "董事长" if k == 0 else "董事"
                    yield officer(
                        ctx, pid_of(d), cid, Role.DIRECTOR, reg_d, None, {"title": title}, prov
                    )
        r = rng.random()
        if r < 0.15:
            s = ctx.person()
            if s not in seen:
                seen.add(s)
                yield officer(
                    ctx, pid_of(s), cid, Role.SUPERVISOR, reg_d, None, {"title": "监事"}, prov
                )
        elif r < 0.25:
            yield officer(
                ctx, lr_id, cid, Role.SENIOR_MANAGER, reg_d, None, {"title": "总经理"}, prov
            )
        elif r < 0.29:
            f = ctx.person()
            yield officer(
                ctx,
                pid_of(f),
                cid,
                Role.FINANCE_MANAGER,
                reg_d,
                None,
                {"title": "财务负责人"},
                prov,
            )
        if rng.random() < 0.05:
            yield officer(
                ctx,
                lr_id,
                cid,
                Role.ACTUAL_CONTROLLER,
                reg_d,
                None,
                {"basis": "annual_report"},
                prov,
            )
        # -- shareholders
        yield from _holders(ctx, i, cid, reg, lr, prov)
        # -- listings
        if rng.random() < _LISTED_COMPANY_RATE:
            region = REGIONS[plan.region[i]]
            yield from _company_listings(ctx, cid, reg, region.code, region.court, prov)
    for p in range(ctx.m_gen):
        if rng.random() < _LISTED_PERSON_RATE:
            region = REGIONS[plan.home[p]]
            pid = pid_of(p)
            prov = (Provenance(source, f"P{p}", first_seen, as_of),)
            start = max(ctx.in_force["CN_SPC_DISHONEST"], today - 3000) + rng.randrange(2900)
            kind = KIND_BY_LIST["CN_SPC_DISHONEST"]
            listing = ctx.listing(pid, kind, start, region.code, region.court, prov)
            yield listing
            # Every dishonest debtor is also consumption-restricted (法释〔2015〕17号 art. 1(2)).
            yield ctx.listing(
                pid,
                KIND_BY_LIST["CN_SPC_CONSUMPTION"],
                start,
                region.code,
                region.court,
                prov,
                listing.end.toordinal() if listing.end else None,
                ListingStatus(listing.props["status"]),
            )


def _holders(
    ctx: Context, i: int, cid: str, reg: int, lr: int, prov: tuple[Provenance, ...]
) -> Iterator[Rel]:
    rng = ctx.rng
    u = rng.random()
    k = 5
    for n, c in enumerate((0.12, 0.67, 0.87, 0.95, 0.98)):
        if u < c:
            k = n
            break
    if k == 0:
        return
    if k == 1:
        parts = [10000 if rng.random() < 0.85 else 5100 + rng.randrange(4900)]
    else:
        total = 10000 if rng.random() < 0.9 else 6000 + rng.randrange(4000)
        step = 100 if rng.random() < 0.7 else 1
        cuts = sorted(rng.sample(range(1, total // step), k - 1))
        bounds = [0, *(c * step for c in cuts), total]
        parts = [b - a for a, b in itertools.pairwise(bounds)]
    owners: set[str] = set()
    today = ctx.as_of.toordinal()
    for n, bp in enumerate(parts):
        if n == 0 and rng.random() < _P_LR:
            owner = ctx.plan.person_id(lr)
        elif i > 0 and rng.random() < _P_COMPANY_OWNER:
            if rng.random() < 0.5:  # preferential: P(j) ~ 1/(j+1), hubs at the lowest indexes
                j = int(i ** rng.random()) - 1
            else:  # a near, slightly older company: builds long chains
                j = max(0, i - 1 - int(rng.expovariate(0.05)))
            owner = ctx.plan.company_id(j)
        else:
            owner = ctx.plan.person_id(ctx.person())
        if owner in owners:
            continue
        owners.add(owner)
        share = ctx.share_bp(max(0, bp - 500), bp) if rng.random() < _P_RANGE else ctx.share_bp(bp)
        start = reg if rng.random() < 0.7 or today - reg < 90 else reg + rng.randrange(today - reg)
        end = None
        if rng.random() < 0.05 and today - start > 60:
            end = start + 30 + rng.randrange(today - start - 30)
        yield Rel(
            rel_id(_OWNS, owner, cid, ctx.source),
            _OWNS,
            owner,
            cid,
            None,
            share,
            date.fromordinal(start),
            date.fromordinal(end) if end else None,
            {},
            prov,
        )


def _company_listings(
    ctx: Context, cid: str, reg: int, region_code: str, court: str, prov: tuple[Provenance, ...]
) -> Iterator[Rel]:
    rng = ctx.rng
    u = rng.random() * KIND_CUMULATIVE[-1]
    kind = next(k for k, c in zip(LISTING_KINDS, KIND_CUMULATIVE, strict=True) if u < c)
    today = ctx.as_of.toordinal()
    lo = max(reg + 180, ctx.in_force.get(kind.list_id, 0))
    if lo >= today - 1:
        return
    start = lo + rng.randrange(today - lo)
    first = ctx.listing(cid, kind, start, region_code, court, prov)
    yield first
    if kind.list_id == "CN_SPC_DISHONEST":
        yield ctx.listing(
            cid,
            KIND_BY_LIST["CN_SPC_CONSUMPTION"],
            start,
            region_code,
            court,
            prov,
            first.end.toordinal() if first.end else None,
            ListingStatus(first.props["status"]),
        )
    elif kind.list_id == "CN_SAMR_ABNORMAL" and rng.random() < 0.15:
        # Three years uncured on the abnormal directory escalates to the serious list
        # (DOMAIN §2.3): only an entry still open three years on.
        three = years_later(date.fromordinal(start), 3).toordinal()
        serious = max(three, ctx.in_force["CN_SAMR_SERIOUS"])
        uncured = first.end is None or first.end.toordinal() >= three
        if uncured and serious < today:
            yield ctx.listing(
                cid,
                KIND_BY_LIST["CN_SAMR_SERIOUS"],
                serious,
                region_code,
                court,
                prov,
                extra={"reason": "列入经营异常名录届满3年"},
            )


def scenario_rels(synth: Synth) -> Iterator[Rel]:
    """The hand-built shapes of ``graph.synth_scenarios`` with generic LRs where needed."""
    ctx = Context(synth, random.Random(synth.seed * 31 + 8))
    plan, ids = ctx.plan, synth.scenarios
    source = ctx.source
    index = {key: synth.generic_companies + k for k, key in enumerate(SCENARIO_COMPANIES)}
    pindex = {key: synth.generic_persons + k for k, key in enumerate(SCENARIO_PERSONS)}

    def prov(key: str) -> tuple[Provenance, ...]:
        rec = f"C{index[key]}" if key in index else f"P{pindex[key]}"
        return (Provenance(source, rec, ctx.first_seen, ctx.as_of),)

    for key, i in index.items():
        if key in EXPLICIT_LR and key not in LR_UNTIL:
            continue
        reg = date.fromordinal(plan.reg[i])
        yield officer(
            ctx,
            plan.person_id(ctx.lr_person(i)),
            ids[key],
            _LR,
            reg,
            LR_UNTIL.get(key),
            {},
            prov(key),
        )
    for o in OFFICERS:
        yield officer(
            ctx,
            ids[o.person],
            ids[o.company],
            o.role,
            o.start,
            o.end,
            dict(o.props),
            prov(o.company),
        )
    for w in OWNS:
        share = Share(w.lo, w.hi)
        yield Rel(
            rel_id(_OWNS, ids[w.owner], ids[w.owned], source),
            _OWNS,
            ids[w.owner],
            ids[w.owned],
            None,
            share,
            w.start,
            None,
            {},
            prov(w.owned),
        )
    for li in LISTINGS:
        subject = ids[li.subject]
        if li.subject.startswith("c:"):
            region = REGIONS[plan.region[index[li.subject]]]
        else:
            region = REGIONS[plan.home[pindex[li.subject]]]
        kind = KIND_BY_LIST.get(li.list_id)
        if kind is None:  # OFAC: no Chinese case number
            ctx.serial += 1
            dst = "list:" + li.list_id
            props = {"status": li.status.value, "agency": "OFAC", **li.props}
            yield Rel(
                rel_id(_LISTED, subject, dst, source, f"S{ctx.serial}"),
                _LISTED,
                subject,
                dst,
                start=li.start,
                end=li.end,
                props=props,
                provenance=prov(li.subject),
            )
            continue
        yield ctx.listing(
            subject,
            kind,
            li.start.toordinal(),
            region.code,
            region.court,
            prov(li.subject),
            li.end.toordinal() if li.end else None,
            li.status,
            dict(li.props),
        )
