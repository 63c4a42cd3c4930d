"""The company side of the bans that follow a person (DOMAIN §4.2): what a company must
do about an officer barred elsewhere, under the law in force on the day that counts.

- P2: the LR (with personal responsibility) of a company revoked on day R may not be a
  director, supervisor or senior manager until R + 3 years.  An appointment made in
  that window is void (Company Law 2023 art. 178(2); before 2024-07-01, 2018 art.
  146(2)), under the law in force on the appointment day; a person already serving
  when the bar arose must be removed (178(3); 2018: 146(3)), under the law in force on
  the as-of day.
- P5(4): such a person may not be registered as LR (Market Entity Registration
  Regulations art. 12(4), in force from 2022-03-01): an LR registration made in the
  window, on or after that day, is flagged.
- P6: the LR or responsible person of an enterprise moved to the serious list after
  three years uncured on the abnormal directory may not be LR or responsible person of
  another enterprise for 3 years, while the listing stands; under SAIC Order 83 art. 15
  such an enterprise had to change its registration (``china_bans.p6_law`` says which
  documents apply, ``p6_until`` how long).

Only a post the company holds on the as-of day, inside the ban's window, is flagged: a
ban that ended, or a post that ended, is history, not an issue.
"""

from __future__ import annotations

from datetime import date

from graph.model import Node, Rel, Role
from graph.risk.china_bankruptcy import p4_flags
from graph.risk.china_bans import p6_law, p6_until, responsibility, revocation_facts
from graph.risk.china_context import (
    DSSM,
    P6_ROLES,
    REGIME,
    REGISTRATION_REGS,
    ChinaContext,
)
from graph.risk.china_wording import company_law, fact, role_text
from graph.risk.evidence import ExposureFinding as Finding
from graph.values import years_later


def appointment_flags(
    ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date
) -> list[Finding]:
    if post.role is None or not post.valid_on(as_of):
        return []
    out = _p2_p5(ctx, company, person, post, as_of)
    out += p4_flags(ctx, company, person, post, as_of)
    if post.role in P6_ROLES:
        out += _p6(ctx, company, person, post, as_of)
    return out


def _p2_p5(ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date) -> list[Finding]:
    out: list[Finding] = []
    role = post.role
    assert role is not None
    for old_post, old, day in ctx.revocations(person):
        if day is None or old.id == company.id:
            continue
        personal = responsibility(old_post)
        if personal is False:
            continue  # not personally responsible: no ban (DOMAIN §4.2 P2)
        until = years_later(day, 3)
        if not (day <= as_of < until):
            continue
        appointed = post.start is not None and day <= post.start
        if role in DSSM:
            rule = "P2"
            if appointed:
                assert post.start is not None
                law, art = company_law(post.start)
                issue = (
                    "appointment void (Company Law 178(2))"
                    if art == "178"
                    else f"appointment void ({law}(2))"
                )
                cites = f"{law}(1)(4), {art}(2)"
                what = (
                    f"{company.name} appointed {person.name} as {role_text(role.value)} on "
                    f"{post.start}, within three years of the revocation of {old.name} "
                    f"({day}), where the person was legal representative. Under {cites}, "
                    "the law in force on the day of the appointment, it is void."
                )
            else:
                law, art = company_law(as_of)
                issue = (
                    f"must remove {role_text(role.value)} (178(3))"
                    if art == "178"
                    else f"must remove {role_text(role.value)} ({law}(3))"
                )
                cites = f"{law}(1)(4), {art}(3)"
                since = f"since {post.start}" if post.start else "(start not recorded)"
                what = (
                    f"{person.name} has served as {role_text(role.value)} of {company.name} "
                    f"{since}, and was legal representative of {old.name} when its licence "
                    f"was revoked or it was ordered closed on {day}. Under {cites} a person "
                    f"so barred may not hold the post until {until}; the company must remove "
                    "them."
                )
            measure = ctx.measure_ref("M3", cites)
        elif role is Role.LEGAL_REPRESENTATIVE and appointed and post.start is not None:
            if post.start < REGISTRATION_REGS:
                continue  # registered before art. 12 was in force
            rule, issue = (
                "P5",
                ("LR registration barred (Market Entity Registration Regulations art. 12(4))"),
            )
            measure = ctx.measure_ref("M4", "Market Entity Registration Regulations art. 12(4)")
            what = (
                f"{company.name} registered {person.name} as legal representative on "
                f"{post.start}, within three years of the revocation of {old.name} ({day}), "
                "where the person was legal representative. Under the Market Entity "
                "Registration Regulations art. 12(4) such a person may not be legal "
                f"representative of a company until {until}."
            )
        else:
            continue
        if not personal:
            what += (
                " Personal responsibility for the revocation is not recorded in the data, so "
                "this is a heuristic finding of low confidence."
            )
        out.append(
            Finding(
                regime=REGIME,
                rule=rule,
                basis="legal" if personal else "heuristic",
                status="restricted",
                paths=[[company.id, person.id, old.id]],
                measures=[measure],
                issue=issue,
                valid_from=day,
                valid_to=until,
                confidence="high" if personal else "low",
                facts=[*revocation_facts(old, old_post, day), fact("post", post)],
                explanation=what,
            )
        )
    return out


def _p6(ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date) -> list[Finding]:
    out = []
    here = role_text(post.role.value) if post.role else "legal representative"
    for old_post, lst, why in ctx.serious_escalations(person):
        assert lst.start is not None
        law = p6_law(lst.start, as_of)
        term = p6_until(lst, as_of)
        if law is None or term is None or old_post.dst == company.id:
            continue
        until, cut = term
        there = role_text(old_post.role.value) if old_post.role else "legal representative"
        out.append(
            Finding(
                regime=REGIME,
                rule="P6",
                basis=law.basis,
                status="restricted",
                lists=[ctx.listing_ref(lst)],
                paths=[[company.id, person.id, old_post.dst, lst.rel.dst]],
                measures=[ctx.measure_ref("M5", law.cites)],
                issue=law.issue_for(post.role),
                valid_from=lst.start,
                valid_to=until,
                confidence="high" if law.basis == "legal" else "low",
                facts=[fact("post", old_post), fact("post", post)],
                explanation=(
                    f"{person.name}, {here} of {company.name}, was {there} of "
                    f"{ctx.name(old_post.dst)} when it was moved to the serious list: {why}. "
                    f"Under {law.cites} the person may not be legal representative or "
                    f"responsible person of another enterprise until {until}"
                    + (
                        ", and SAIC Order 83 art. 15 requires this company to change its "
                        "registration."
                        if "Order 83" in law.cites
                        else "."
                    )
                    + cut
                    + law.note
                ),
            )
        )
    return out
