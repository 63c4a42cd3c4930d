"""China rules seen from a company: key supervision through officers (P9), a debtor
director to remove (P3), void appointments and LR registrations to change (P2, P6),
tax D-grade contamination (P7), and the ownership heuristic (P11)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from fractions import Fraction

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.risk.china_context import (
    COMPANY_LAW_2023,
    CREDIT_D,
    DISHONEST,
    DSSM,
    P9_ROLES,
    PAGE,
    REGIME,
    ChinaContext,
    Listing,
    roles_text,
    years_later,
)
from graph.risk.china_persons import case_text
from graph.risk.evidence import ExposureFinding as Finding
from graph.share import HALF
from graph.values import yes_no


def company_flags(ctx: ChinaContext, company: Node, as_of: date) -> list[Finding]:
    out: list[Finding] = []
    officers = ctx.officers(company.id)
    ctx.prefetch(o.src for o in officers)
    by_person: dict[str, list[Rel]] = defaultdict(list)
    for post in officers:
        by_person[post.src].append(post)
    for pid, posts in by_person.items():
        person = ctx.node(pid)
        if person is None or person.type is not NodeType.PERSON:
            continue
        current = [p.role for p in posts if p.role is not None and p.valid_on(as_of)]
        debtor = [
            x for x in ctx.listings(person.id) if x.list_id == DISHONEST and x.active_on(as_of)
        ]
        if debtor and any(r in P9_ROLES for r in current):
            out.append(
                p9(ctx, company, person, [r for r in current if r in P9_ROLES], debtor, as_of)
            )
        if debtor and any(r in DSSM for r in current):
            out.append(p3(ctx, company, person, [r for r in current if r in DSSM], debtor, as_of))
        for post in posts:
            if post.role is None:
                continue
            out += appointment_flags(ctx, company, person, post, as_of)
            out += p7(ctx, company, person, post, as_of)
    return out


def p9(
    ctx: ChinaContext,
    company: Node,
    person: Node,
    roles: list[Role],
    debtor: list[Listing],
    as_of: date,
) -> Finding:
    held = roles_text([r.value for r in roles])
    return Finding(
        regime=REGIME,
        rule="P9",
        basis="legal",
        status="restricted",
        lists=[ctx.listing_ref(x) for x in debtor],
        paths=[[company.id, person.id, debtor[0].rel.dst]],
        measures=[
            ctx.measure_ref("M11", "发改财金〔2016〕141号 art. 12"),
            ctx.measure_ref("M10", "发改财金〔2016〕141号 art. 11"),
        ],
        explanation=(
            f"{person.name}, {held} of {company.name} on {as_of}, is on the list of dishonest "
            f"judgment debtors ({'; '.join(ctx.since(x) + case_text(ctx, x) for x in debtor)}). "
            "Under the 2016 joint-punishment memorandum (发改财金〔2016〕141号) art. 12 a unit "
            "whose legal representative, actual controller, director, supervisor or senior "
            "manager is a dishonest debtor is a key-supervision target, and art. 11 makes it a "
            "review factor for preferences."
        ),
    )


def p3(
    ctx: ChinaContext,
    company: Node,
    person: Node,
    roles: list[Role],
    debtor: list[Listing],
    as_of: date,
) -> Finding:
    law = (
        "Company Law 2023 art. 178(1)(5), 178(3)"
        if as_of >= COMPANY_LAW_2023
        else "Company Law 2018 art. 146(1)(5)"
    )
    held = roles_text([r.value for r in roles])
    return Finding(
        regime=REGIME,
        rule="P3",
        basis="legal",
        status="restricted",
        lists=[ctx.listing_ref(x) for x in debtor],
        paths=[[company.id, person.id, debtor[0].rel.dst]],
        measures=[ctx.measure_ref("M3", law)],
        issue=f"must remove {held} (178(3))",
        explanation=(
            f"{person.name} serves as {held} of {company.name} and has been listed by a "
            f"people's court as a dishonest judgment debtor "
            f"({'; '.join(ctx.since(x) + case_text(ctx, x) for x in debtor)}). Under {law} "
            "such a person may not be a director, supervisor or senior manager; the company "
            "must remove them from the post."
        ),
    )


def appointment_flags(
    ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date
) -> list[Finding]:
    """P2/P6 seen from the company that appointed a banned person."""
    out: list[Finding] = []
    if not post.valid_on(as_of):
        return out
    for old_post, old, day in ctx.revocations(person):
        if day is None or old.id == company.id or post.role is None or post.start is None:
            continue
        until = years_later(day, 3)
        if post.role in DSSM and day <= post.start < until:
            recorded = yes_no(old_post.props.get("personal_responsibility"))
            if recorded is False:
                continue  # not personally responsible: no ban (DOMAIN §4.2 P2)
            personal = recorded is True
            out.append(
                Finding(
                    regime=REGIME,
                    rule="P2",
                    basis="legal" if personal else "heuristic",
                    status="restricted",
                    paths=[[company.id, person.id, old.id]],
                    measures=[ctx.measure_ref("M3", "Company Law 2023 art. 178(1)(4), 178(2)")],
                    issue="appointment void (Company Law 178(2))",
                    valid_from=day,
                    valid_to=until,
                    confidence="high" if personal else "low",
                    explanation=(
                        f"{company.name} appointed {person.name} as "
                        f"{post.role.value.replace('_', ' ')} on {post.start}, within three "
                        f"years of the revocation of {old.name} ({day}), where the person was "
                        "legal representative. Under Company Law art. 178(2) the appointment "
                        "is void."
                        + (
                            ""
                            if personal
                            else " Personal responsibility is not recorded: heuristic."
                        )
                    ),
                )
            )
    if post.role is Role.LEGAL_REPRESENTATIVE:
        for old_post, lst, why in ctx.serious_escalations(person):
            assert lst.start is not None
            until = years_later(lst.start, 3)
            if old_post.dst == company.id or not (lst.start <= as_of < until):
                continue
            out.append(
                Finding(
                    regime=REGIME,
                    rule="P6",
                    basis="legal",
                    status="restricted",
                    lists=[ctx.listing_ref(lst)],
                    paths=[[company.id, person.id, old_post.dst, lst.rel.dst]],
                    measures=[ctx.measure_ref("M5", "SAIC Order 83 arts. 13(2), 15")],
                    issue="must change LR registration (SAIC Order 83 art.15)",
                    valid_from=lst.start,
                    valid_to=until,
                    explanation=(
                        f"{person.name}, legal representative of {company.name}, was legal "
                        f"representative of {ctx.name(old_post.dst)} when it was moved to the "
                        f"serious list: {why}. Until {until} the person may not be legal "
                        "representative of another enterprise, and SAIC Order 83 art. 15 requires "
                        "this company to change its registration."
                    ),
                )
            )
    return out


def p7(ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date) -> list[Finding]:
    """Tax D-grade contamination through the directly responsible person."""
    out: list[Finding] = []
    if post.start is None or not post.valid_on(as_of):
        return out
    for other in ctx.posts(person.id):
        if other.role is not Role.DIRECTLY_RESPONSIBLE or other.dst == company.id:
            continue
        for lst in ctx.listings(other.dst):
            if lst.list_id != CREDIT_D or lst.start is None or not lst.active_on(as_of):
                continue
            if post.start <= lst.start:
                continue  # only entities registered or run after the D rating
            out.append(
                Finding(
                    regime=REGIME,
                    rule="P7",
                    basis="legal",
                    status="restricted",
                    lists=[ctx.listing_ref(lst)],
                    paths=[[company.id, person.id, other.dst, lst.rel.dst]],
                    measures=[ctx.measure_ref("M23", "纳税缴费信用管理办法 (2025) direct-D (11)")],
                    explanation=(
                        f"{person.name} is the directly responsible person of "
                        f"{ctx.name(other.dst)}, rated D for tax credit on {lst.start}, and "
                        f"became {post.role.value.replace('_', ' ') if post.role else 'officer'} "
                        f"of {company.name} on {post.start}, after that rating. Under the 2025 tax "
                        "and fee credit rules (direct-D situation 11) an entity registered or run "
                        "by such a person after the D rating is itself rated D."
                    ),
                )
            )
    return out


# -- heuristics ---------------------------------------------------------


def ownership_heuristics(ctx: ChinaContext, company: Node, as_of: date) -> list[Finding]:
    out = []
    owners, _ = ctx.store.rels_of(
        company.id, direction="in", types=[RelType.OWNS], as_of=as_of, limit=PAGE
    )
    for rel in owners:
        if rel.share is None or rel.share.at_least(HALF) is not True:
            continue
        for lst in ctx.serious_active(rel.src, as_of):
            out.append(heuristic(ctx, company, rel.src, rel, lst, down=True))
    owned, _ = ctx.store.rels_of(
        company.id, direction="out", types=[RelType.OWNS], as_of=as_of, limit=PAGE
    )
    for rel in owned:
        # Controlling shareholder: > 50 % under Company Law 2023 art. 265(2).
        if rel.share is None or rel.share.at_least(HALF) is not True or rel.share.lo == HALF:
            continue
        for lst in ctx.serious_active(rel.dst, as_of):
            out.append(heuristic(ctx, company, rel.dst, rel, lst, down=False))
    return out


def heuristic(
    ctx: ChinaContext, company: Node, other: str, rel: Rel, lst: Listing, down: bool
) -> Finding:
    share: Fraction | None = rel.share.lo if rel.share else None
    meta = ctx.catalog.lists.get(lst.list_id, {})
    direction = (
        f"is at least 50% owned by {ctx.name(other)}"
        if down
        else f"is the controlling shareholder of {ctx.name(other)}"
    )
    return Finding(
        regime=REGIME,
        rule="P11",
        basis="heuristic",
        status="linked",
        lists=[ctx.listing_ref(lst)],
        share=share,
        paths=[[other, company.id] if down else [company.id, other]],
        measures=[],
        explanation=(
            f"{company.name} {direction} ({rel.share.as_text() if rel.share else 'share unknown'}), "
            f"which is on the {meta.get('name_en', lst.list_id)} ({ctx.since(lst)}). Chinese law "
            "has no ownership rule: no measure reaches a company through shareholding alone "
            "(DOMAIN P10). This is a risk heuristic (P11), not a legal consequence."
        ),
    )
