"""China rules seen from a company through its officers: key supervision (P9), a debtor
director to remove or appointed void (P3), tax D-grade contamination (P7), and, by
``china_appointments``, void appointments, removals and LR registrations (P2, P5, P6).
The ownership heuristic (P11) is ``china_heuristics``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.model import Node, NodeType, Rel, Role
from graph.risk.china_appointments import appointment_flags
from graph.risk.china_context import (
    COMPANY_LAW_2023,
    CREDIT_D,
    DISHONEST,
    DSSM,
    P9_ROLES,
    REGIME,
    TAX_CREDIT_2025,
    ChinaContext,
    Listing,
)
from graph.risk.china_persons import case_text
from graph.risk.china_wording import fact, roles_text
from graph.risk.evidence import ExposureFinding as Finding

# Who "registers or runs" a taxpayer (DOMAIN §2.6 direct-D (10), (11); §4.2 P7): the
# legal representative or the responsible person it is registered with.  A director,
# supervisor, shareholder or manager does not, as far as the registry shows.
RUNS = frozenset({Role.LEGAL_REPRESENTATIVE, Role.MAIN_RESPONSIBLE_PERSON})


def company_flags(ctx: ChinaContext, company: Node, as_of: date) -> list[Finding]:
    out: list[Finding] = []
    officers = ctx.officers(company.id)
    ctx.prefetch(o.src for o in officers)
    by_person: dict[str, list[Rel]] = defaultdict(list)
    for post in officers:
        by_person[post.src].append(post)
    for pid, posts in by_person.items():
        person = ctx.node(pid)
        if person is None:
            continue
        current = [p.role for p in posts if p.role is not None and p.valid_on(as_of)]
        debtor = [
            x for x in ctx.listings(person.id) if x.list_id == DISHONEST and x.active_on(as_of)
        ]
        # 141号 art. 12 asks whether the unit's actual controller "is a dishonest debtor",
        # and a company can be both (DOMAIN P10): P9 reads any officer.
        if debtor and any(r in P9_ROLES for r in current):
            out.append(
                p9(ctx, company, person, [r for r in current if r in P9_ROLES], debtor, as_of)
            )
        # The rest bar a natural person: P3 a personal debt, P2/P4/P5/P6 a person's
        # posts, P7 the person directly responsible.
        if person.type is not NodeType.PERSON:
            continue
        held = [p for p in posts if p.role in DSSM and p.valid_on(as_of)]
        if debtor and held:
            out += p3(ctx, company, person, held, debtor, as_of)
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
    posts: list[Rel],
    debtor: list[Listing],
    as_of: date,
) -> list[Finding]:
    """DOMAIN §4.2 P3.  From 2024-07-01 Company Law 2023 art. 178(1)(5) bars a person
    listed by a court as a dishonest debtor for a large personal debt: legal, with "the
    same void / removal consequences as P2": a post the company gave the person on or
    after 2024-07-01 while listed is void (178(2)), one held before must be removed
    (178(3)); one finding for each, naming its posts.  Before, the 2018 art. 146(1)(5)
    said "个人所负数额较大的债务到期未清偿" (a large personal debt due and unpaid)
    without a court listing: the listing suggests it but does not establish it, so a
    heuristic; a post given before 2024-07-01 is judged under that law too, so it is
    one to remove, not void."""
    listed = "; ".join(ctx.since(x) + case_text(ctx, x) for x in debtor)
    base = dict(
        regime=REGIME,
        rule="P3",
        status="restricted",
        lists=[ctx.listing_ref(x) for x in debtor],
        paths=[[company.id, person.id, debtor[0].rel.dst]],
    )
    if as_of < COMPANY_LAW_2023:
        held = roles_text([p.role.value for p in posts if p.role is not None])
        law = "Company Law 2018 art. 146(1)(5), 146(3)"
        return [
            Finding(
                **base,  # type: ignore[arg-type]
                basis="heuristic",
                confidence="low",
                measures=[ctx.measure_ref("M3", law)],
                issue=f"may have to remove {held} ({law})",
                explanation=(
                    f"{person.name} serves as {held} of {company.name} and has been listed by "
                    f"a people's court as a dishonest judgment debtor ({listed}). On {as_of} "
                    "the Company Law 2018 art. 146(1)(5) was in force, which bars a person "
                    'with "个人所负数额较大的债务到期未清偿" (a relatively large personal debt '
                    "due and unpaid), without requiring a court listing; the listing suggests "
                    "such a debt but does not establish it, so this is a heuristic of low "
                    "confidence. If it holds, the company must remove the person (146(3)). "
                    "From 2024-07-01 the 2023 law's art. 178(1)(5) names the court listing "
                    "itself."
                ),
            )
        ]
    starts = [x.start for x in debtor if x.start is not None]
    first = min(starts) if starts else None

    def appointed_while_listed(post: Rel) -> bool:
        return (
            first is not None
            and post.start is not None
            and post.start >= max(first, COMPANY_LAW_2023)
        )

    out = []
    void = [p for p in posts if appointed_while_listed(p)]
    serving = [p for p in posts if not appointed_while_listed(p)]
    if void:
        held = roles_text([p.role.value for p in void if p.role is not None])
        days = ", ".join(str(p.start) for p in void)
        law = "Company Law 2023 art. 178(1)(5), 178(2)"
        out.append(
            Finding(
                **base,  # type: ignore[arg-type]
                basis="legal",
                measures=[ctx.measure_ref("M3", law)],
                issue="appointment void (Company Law 178(2))",
                explanation=(
                    f"{company.name} appointed {person.name} as {held} on {days}, while the "
                    f"person was listed by a people's court as a dishonest judgment debtor "
                    f"({listed}). Under {law} such a person may not be a director, supervisor "
                    "or senior manager, and an appointment in breach is void."
                ),
            )
        )
    if serving:
        held = roles_text([p.role.value for p in serving if p.role is not None])
        law = "Company Law 2023 art. 178(1)(5), 178(3)"
        out.append(
            Finding(
                **base,  # type: ignore[arg-type]
                basis="legal",
                measures=[ctx.measure_ref("M3", law)],
                issue=f"must remove {held} (178(3))",
                explanation=(
                    f"{person.name} serves as {held} of {company.name} and has been listed by "
                    f"a people's court as a dishonest judgment debtor ({listed}). Under {law} "
                    "such a person may not be a director, supervisor or senior manager; the "
                    "company must remove them from the post."
                ),
            )
        )
    return out


def p7(ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date) -> list[Finding]:
    """DOMAIN §4.2 P7: an entity registered or run, after a D rating, by the directly
    responsible person of the D-rated taxpayer is itself rated D (纳税缴费信用管理办法,
    direct-D (11)), from 2025-07-01 when those rules took effect (§1.8, §2.6)."""
    out: list[Finding] = []
    if as_of < TAX_CREDIT_2025 or post.role not in RUNS:
        return out
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
                    measures=[
                        ctx.measure_ref("M23", "纳税缴费信用管理办法 (2025) direct-D (11) [S]")
                    ],
                    confidence="medium",
                    facts=[fact("post", other), fact("post", post)],
                    explanation=(
                        f"{person.name} is the directly responsible person of "
                        f"{ctx.name(other.dst)}, rated D for tax credit on {lst.start}, and "
                        f"became {roles_text([post.role.value]) if post.role else 'officer'} "
                        f"of {company.name} on {post.start}, after that rating. Under the 2025 "
                        "tax and fee credit rules (纳税缴费信用管理办法, in force from "
                        "2025-07-01; direct-D situation 11) an entity registered or run by such "
                        "a person after the D rating is itself rated D. Confidence medium: the "
                        "rules are known from a secondary source [S]."
                    ),
                )
            )
    return out
