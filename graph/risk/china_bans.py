"""Bans that follow a person to other companies (DOMAIN §4.2), seen from the person:
P2 / P5(4) after a revocation, P6 after the serious list.  The company side (an
appointment void, a director to remove, an LR registration to change) is
``china_companies``."""

from __future__ import annotations

from datetime import date

from graph.model import Node, Rel
from graph.risk.china_context import (
    COMPANY_LAW_2023,
    REGIME,
    REGISTRATION_REGS,
    ChinaContext,
    revocation_day,
    years_later,
)
from graph.risk.evidence import ExposureFinding as Finding
from graph.values import yes_no


def person_bans(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    return p2(ctx, person, as_of) + p6(ctx, person, as_of)


def responsibility(post: Rel) -> bool | None:
    """The LR's personal responsibility for a revocation as recorded: True, False, or
    None when the data does not say (DOMAIN §9 CN-2 and its variant)."""
    return yes_no(post.props.get("personal_responsibility"))


def p2(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    """P2 / P5(4): the LR of a company whose licence was revoked (or which was ordered
    closed) who bears personal responsibility may not be a director, supervisor or
    senior manager of any company, nor (from 2022-03-01) a legal representative, for 3
    years from the revocation.  Recorded not responsible: no ban; not recorded: a
    heuristic of low confidence."""
    out = []
    for post, company, day in ctx.revocations(person):
        personal = responsibility(post)
        if personal is False:
            continue
        if day is None:
            out += undated_revocation(ctx, person, post, company, as_of)
            continue
        until = years_later(day, 3)
        if not (day <= as_of < until):
            continue
        law = (
            "Company Law 2023 art. 178(1)(4)"
            if as_of >= COMPANY_LAW_2023
            else "Company Law 2018 art. 146(1)(4)"
        )
        measures = [ctx.measure_ref("M3", law)]
        if as_of >= REGISTRATION_REGS:
            measures.append(
                ctx.measure_ref("M4", "Market Entity Registration Regulations art. 12(4)")
            )
        out.append(
            Finding(
                regime=REGIME,
                rule="P2",
                basis="legal" if personal else "heuristic",
                status="restricted",
                paths=[[person.id, company.id]],
                measures=measures,
                valid_from=day,
                valid_to=until,
                confidence="high" if personal else "low",
                explanation=(
                    f"{person.name} was legal representative of {company.name} when its "
                    f"business licence was revoked or it was ordered closed on {day}. "
                    f"Under {law} such a person, if personally responsible, may not be a "
                    f"director, supervisor or senior manager of any company until {until}"
                    + (
                        ", nor a legal representative (Market Entity Registration "
                        "Regulations art. 12(4))"
                        if as_of >= REGISTRATION_REGS
                        else ""
                    )
                    + "."
                    + (
                        " The data records the person's personal responsibility."
                        if personal
                        else " Personal responsibility is not recorded in the data, so this "
                        "is a heuristic finding of low confidence."
                    )
                ),
            )
        )
    return out


def undated_revocation(
    ctx: ChinaContext, person: Node, post: Rel, company: Node, as_of: date
) -> list[Finding]:
    """P2 / P5(4) when the revocation cannot be dated: the 3-year window cannot be
    placed, so the finding is a low-confidence heuristic that says why."""
    if post.start is not None and post.start > as_of:
        return []
    _, why = revocation_day(company)
    return [
        Finding(
            regime=REGIME,
            rule="P2",
            basis="heuristic",
            status="restricted",
            paths=[[person.id, company.id]],
            measures=[],
            confidence="low",
            explanation=(
                f"{person.name} was legal representative of {company.name}, whose status "
                f"({company.props.get('status')}) says its business licence was revoked or "
                f"it was ordered closed, but {why}. A legal representative personally "
                "responsible for a revocation may not be a director, supervisor or senior "
                "manager of any company, nor a legal representative, for 3 years from the "
                "revocation (Company Law art. 178(1)(4), 2018: art. 146(1)(4); Market Entity "
                "Registration Regulations art. 12(4)); without the date credgraph cannot "
                "tell whether that window covers this date or whether the person was legal "
                "representative at revocation. A heuristic of low confidence: check the "
                "revocation date."
            ),
        )
    ]


def p6(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    """P6: the LR of an enterprise moved to the serious list after three years uncured
    on the abnormal directory may not be LR or responsible person of another enterprise
    for 3 years (the premise as the data shows it: ``ChinaContext.serious_escalations``)."""
    out = []
    for post, lst, why in ctx.serious_escalations(person):
        assert lst.start is not None
        until = years_later(lst.start, 3)
        if not (lst.start <= as_of < until):
            continue
        out.append(
            Finding(
                regime=REGIME,
                rule="P6",
                basis="legal",
                status="restricted",
                lists=[ctx.listing_ref(lst)],
                paths=[[person.id, post.dst, lst.rel.dst]],
                measures=[
                    ctx.measure_ref(
                        "M5",
                        "Enterprise Information Publicity Regulations 2014 art. 17(2); "
                        "SAIC Order 83 art. 13(2)",
                    )
                ],
                valid_from=lst.start,
                valid_to=until,
                explanation=(
                    f"{person.name} was legal representative of {ctx.name(post.dst)} when it "
                    f"was moved to the serious list: {why}. Under the Enterprise Information "
                    "Publicity Regulations 2014 art. 17(2) and SAIC Order 83 art. 13(2) the "
                    "legal representative of an enterprise put on the serious list after "
                    "three years on the abnormal directory may not be legal representative "
                    f"or responsible person of another enterprise until {until}."
                ),
            )
        )
    return out
