"""The China ownership heuristic (DOMAIN §4.4 P11): never a legal consequence.

Chinese law has no ownership rule (P10): no measure reaches a company through
shareholding alone.  For the exposure score, a company is ``linked`` (basis heuristic,
confidence low):

- down: at least 50% owned by a party on a serious list;
- up: the listed entity's controlling shareholder (Company Law 2023 art. 265(2): more
  than 50%, from 2024-07-01; the 2018 law's art. 216: 50% or more, before; §10.3), or
  its actual controller, recorded as a CONTROLS relationship or an ``actual_controller``
  post (P10 names the actual controller as the legal link to a shareholder).
"""

from __future__ import annotations

from datetime import date

from graph.model import Node, Rel, RelType, Role
from graph.risk.china_context import COMPANY_LAW_2023, REGIME, ChinaContext, Listing
from graph.risk.evidence import ExposureFinding as Finding
from graph.share import HALF


def controlling(rel: Rel, as_of: date) -> bool:
    """Is the holding a controlling shareholding on ``as_of`` (> 50% from 2024-07-01,
    >= 50% before)?"""
    share = rel.share
    if share is None or share.at_least(HALF) is not True:
        return False
    if as_of < COMPANY_LAW_2023:
        return True
    return share.lo > HALF or share.lo_open


def ownership_heuristics(ctx: ChinaContext, company: Node, as_of: date) -> list[Finding]:
    # Only holdings that may reach half are read (``min_share``), so that a holding
    # company's thousands of minority stakes neither cost time nor push a majority one
    # past the page; the exact tests follow.
    owners = ctx.page(
        company.id, "owners that may hold 50 % or more", direction="in", types=[RelType.OWNS],
        as_of=as_of, min_share=HALF,
    )  # fmt: skip
    owned = ctx.page(
        company.id, "holdings that may reach 50 %", direction="out", types=[RelType.OWNS],
        as_of=as_of, min_share=HALF,
    )  # fmt: skip
    controls = ctx.page(
        company.id, "control links and posts", direction="out",
        types=[RelType.CONTROLS, RelType.OFFICER_OF], as_of=as_of,
    )  # fmt: skip
    links: list[tuple[Rel, str, str]] = [
        (rel, rel.src, "down")
        for rel in owners
        if rel.share is not None and rel.share.at_least(HALF) is True
    ]
    links += [(rel, rel.dst, "up") for rel in owned if controlling(rel, as_of)]
    links += [
        (rel, rel.dst, "control")
        for rel in controls
        if rel.type is not RelType.OFFICER_OF or rel.role is Role.ACTUAL_CONTROLLER
    ]
    # A holding company can hold thousands of majority stakes: their listings in one
    # read, not one each (the 1M benchmark's largest hub made 2,600 reads here).
    ctx.prefetch_listings(other for _rel, other, _how in links)
    return [
        _finding(ctx, company, other, rel, lst, how, as_of)
        for rel, other, how in links
        for lst in ctx.serious_active(other, as_of)
    ]


def _finding(
    ctx: ChinaContext, company: Node, other: str, rel: Rel, lst: Listing, how: str, as_of: date
) -> Finding:
    meta = ctx.catalog.lists.get(lst.list_id, {})
    share = rel.share.as_text() if rel.share else "share unknown"
    if how == "down":
        link = f"is at least 50% owned by {ctx.name(other)} ({share})"
    elif how == "up":
        test = (
            "more than 50%, Company Law 2023 art. 265(2)"
            if as_of >= COMPANY_LAW_2023
            else "50% or more, Company Law 2018 art. 216"
        )
        link = f"is the controlling shareholder of {ctx.name(other)} ({share}; {test})"
    else:
        basis = rel.props.get("basis") or (
            "recorded as actual controller" if rel.type is RelType.OFFICER_OF else "control"
        )
        link = f"is recorded as the actual controller of {ctx.name(other)} ({basis})"
    return Finding(
        regime=REGIME,
        rule="P11",
        basis="heuristic",
        status="linked",
        lists=[ctx.listing_ref(lst)],
        share=rel.share.lo if rel.share and how != "control" else None,
        paths=[[other, company.id] if how == "down" else [company.id, other]],
        measures=[],
        confidence="low",
        explanation=(
            f"{company.name} {link}, which is on the {meta.get('name_en', lst.list_id)} "
            f"({ctx.since(lst)}). Chinese law has no ownership rule: no measure reaches a "
            "company through shareholding or control alone (DOMAIN P10). This is a risk "
            "heuristic (P11) of low confidence, not a legal consequence."
        ),
    )
