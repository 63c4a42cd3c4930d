"""China rules seen from a person or the listed party itself: own listings (``listed``),
co-targeting by role (P1), and bans that follow the person (P2/P5, P6)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import Node, NodeType, Rel
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

REDLIST_NOTE = (
    "redlist (守信联合激励, DOMAIN §2.9): positive credit information that brings joint "
    "incentives; not a restriction, and counted in no status"
)


def own_listings(ctx: ChinaContext, node: Node, as_of: date) -> list[Finding]:
    role = "entity" if node.type is NodeType.COMPANY else "natural_person"
    out = []
    for lst in ctx.listings(node.id):
        meta = ctx.catalog.lists.get(lst.list_id)
        if meta is None or meta.get("regime") != REGIME or not lst.active_on(as_of):
            continue
        if ctx.is_red(lst.list_id):
            continue  # a joint incentive, reported by ``redlists``
        measures = ctx.measures(lst.list_id, as_of, role)
        out.append(
            Finding(
                regime=REGIME,
                rule="listed",
                basis="legal",
                status="listed",
                lists=[ctx.listing_ref(lst)],
                paths=[[node.id, lst.rel.dst]],
                measures=measures,
                explanation=(
                    f"{node.name} is on the {meta['name_en']} ({meta['name_zh']}), "
                    f"{ctx.since(lst)}"
                    + (
                        f" (case {lst.rel.props['case_no']})"
                        if lst.rel.props.get("case_no")
                        else ""
                    )
                    + f". Under the catalog's triggers this listing brings {len(measures)} "
                    f"measure(s) applying to the listed {'entity' if role == 'entity' else 'person'}"
                    f" as of {as_of}: "
                    + "; ".join(f"{m.id} {m.name_en} ({m.legal_basis})" for m in measures)
                    + "."
                ),
            )
        )
    return out


def redlists(ctx: ChinaContext, node: Node, as_of: date) -> list[dict[str, Any]]:
    """The subject's own listings in force on redlists (polarity ``red``): what the
    report shows as positive information, never as a finding."""
    out = []
    for lst in ctx.listings(node.id):
        if not ctx.is_red(lst.list_id) or not lst.active_on(as_of):
            continue
        ref = ctx.listing_ref(lst)
        out.append(
            {
                "id": lst.rel.dst,
                "list": lst.list_id,
                "name": ref.list_name,
                "name_zh": ref.list_name_zh,
                "since": ref.start.isoformat() if ref.start else None,
                "until": ref.end.isoformat() if ref.end else None,
                "case_no": ref.case_no,
                "source": ref.source,
                "record_id": ref.record_id,
                "note": REDLIST_NOTE,
            }
        )
    return out


def co_target(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    """P1: roles in R(T) at a listed company, at the listing's start or now."""
    out = []
    for post in ctx.posts(person.id):
        if post.role is None:
            continue
        for lst in ctx.listings(post.dst):
            meta = ctx.catalog.lists.get(lst.list_id)
            if meta is None or meta.get("regime") != REGIME or not lst.active_on(as_of):
                continue
            if post.role.value not in (meta.get("role_set") or ()):
                continue
            at_start = lst.start is not None and post.valid_on(lst.start)
            if not (at_start or post.valid_on(as_of)):
                continue
            measures = ctx.measures(lst.list_id, as_of, post.role.value)
            if not measures:
                continue
            when = "when the listing started" if at_start else f"on {as_of}"
            out.append(
                Finding(
                    regime=REGIME,
                    rule="P1",
                    basis="legal",
                    status="restricted",
                    lists=[ctx.listing_ref(lst)],
                    paths=[[person.id, post.dst, lst.rel.dst]],
                    measures=measures,
                    explanation=(
                        f"{person.name} was {post.role.value.replace('_', ' ')} of "
                        f"{ctx.name(post.dst)} {when}; that company is on the "
                        f"{meta['name_en']} ({ctx.since(lst)}). The list's rules name the "
                        f"{post.role.value.replace('_', ' ')} as a co-target "
                        f"({(meta.get('role_set_basis') or {}).get('doc', '')} "
                        f"{(meta.get('role_set_basis') or {}).get('article', '')}), so these "
                        "measures reach the person: "
                        + "; ".join(f"{m.id} {m.name_en}" for m in measures)
                        + "."
                    ),
                    confidence=str(post.props.get("confidence") or "high"),
                )
            )
    return out


# -- bans that follow the person ---------------------------------------


def person_bans(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    out = []
    for post, company, day in ctx.revocations(person):
        if day is None:
            out += undated_revocation(ctx, person, post, company, as_of)
            continue
        until = years_later(day, 3)
        if not (day <= as_of < until):
            continue
        personal = yes_no(post.props.get("personal_responsibility"))
        basis = "legal" if personal is True else "heuristic"
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
                basis=basis,
                status="restricted",
                paths=[[person.id, company.id]],
                measures=measures,
                valid_from=day,
                valid_to=until,
                confidence="high" if personal is True else "low",
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
                        ""
                        if personal is True
                        else " Personal responsibility is not recorded in the data, so this "
                        "is a heuristic finding of low confidence."
                    )
                ),
            )
        )
    for post, lst in ctx.serious_escalations(person):
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
                        "Enterprise Information Publicity Regulations 2014 art. 17(2); SAIC Order 83 art. 13(2)",
                    )
                ],
                valid_from=lst.start,
                valid_to=until,
                explanation=(
                    f"{person.name} was legal representative of {ctx.name(post.dst)} when it "
                    f"was moved to the serious illegal and untrustworthy list on {lst.start} after "
                    "three years on the abnormal-operations directory. Under the Enterprise "
                    "Information Publicity Regulations 2014 art. 17(2) and SAIC Order 83 "
                    f"art. 13(2) the person may not be legal representative or responsible "
                    f"person of another enterprise until {until}."
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
