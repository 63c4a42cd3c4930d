"""Bans that follow a person to other companies (DOMAIN §4.2), seen from the person:
P2 / P5(4) after a revocation, P4 / P5(3) after a bankrupt liquidation
(``china_bankruptcy``), P6 after the serious list (while it stands).  The company side (an
appointment void, a director to remove, an LR registration to change) is
``china_companies``."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from graph.model import Node, Rel, Role
from graph.risk.china_bankruptcy import p4
from graph.risk.china_context import (
    PUBLICITY_REGS_2014,
    PUBLICITY_REGS_2024,
    REGIME,
    REGISTRATION_REGS,
    SAIC_ORDER_83,
    SAMR_ORDER_44,
    ChinaContext,
    Listing,
)
from graph.risk.china_records import revocation_day
from graph.risk.china_wording import company_law, fact, role_text
from graph.risk.evidence import ExposureFinding as Finding
from graph.risk.evidence import FactRef
from graph.values import is_revoked_status, years_later, yes_no


def person_bans(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    return p2(ctx, person, as_of) + p4(ctx, person, as_of) + p6(ctx, person, as_of)


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
        law = f"{company_law(as_of)[0]}(1)(4)"
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
                facts=revocation_facts(company, post, day),
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


def revocation_facts(company: Node, post: Rel, day: date | None) -> list[FactRef]:
    """The revoked company's record and the LR post a P2 / P5 finding rests on."""
    when = f"licence revoked or ordered closed on {day}" if day else "revoked, date unknown"
    return [fact("revocation", company, f"{company.name}: {when}"), fact("post", post)]


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
            facts=revocation_facts(company, post, None),
            explanation=(
                f"{person.name} was legal representative of {company.name}, whose "
                f"{revoked_by(company)} its business licence was revoked or it was ordered "
                f"closed, but {why}. A legal representative personally "
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


def revoked_by(company: Node) -> str:
    """What in the company's record says it was revoked, as 'whose ... says'."""
    status = company.props.get("status")
    if is_revoked_status(status):
        return f"status ({status}) says"
    return f"record holds a revocation date (its status: {status or 'not recorded'}), so"


class P6Law(NamedTuple):
    """What P6 rests on for a serious listing of a given day, seen on a given day."""

    basis: str  # "legal", or "heuristic" after the 2024 amendment
    cites: str  # the documents, for the measure and the explanation
    issue: str  # what the other company must do about its legal representative
    note: str  # said after the explanation when the point is open

    def issue_for(self, role: Role | None) -> str:
        """The other company's issue for the post the person holds there: its legal
        representative's registration, or its responsible person's."""
        if role is Role.MAIN_RESPONSIBLE_PERSON:
            return self.issue.replace("LR", "responsible person")
        return self.issue


def p6_law(listed: date, as_of: date) -> P6Law | None:
    """P6 rests on the Enterprise Information Publicity Regulations 2014 art. 17(2)
    (in force 2014-10-01 to 2024-05-01) and, for listings under SAIC Order 83 (from
    2015-12-30 until Order 44 replaced it on 2021-09-01), Order 83 arts. 13(2) and 15
    (DOMAIN §2.4, §4.2 P6, catalog M5).  A serious listing outside the Regulations' time
    brings no P6.  Seen on or after 2024-05-01, when State Council Order 777 rewrote the
    article, whether a ban imposed before survives is an open point (P6 '⚠ verify',
    §11 item 4): the conservative reading keeps it, as a heuristic that says so."""
    if not (PUBLICITY_REGS_2014 <= listed < PUBLICITY_REGS_2024):
        return None
    regs = "Enterprise Information Publicity Regulations 2014 art. 17(2)"
    if SAIC_ORDER_83 <= listed < SAMR_ORDER_44:
        cites = f"{regs}; SAIC Order 83 art. 13(2)"
        issue = "must change LR registration (SAIC Order 83 art.15)"
    else:
        cites, issue = regs, f"LR barred ({regs})"
    if as_of < PUBLICITY_REGS_2024:
        return P6Law("legal", cites, issue, "")
    note = (
        " State Council Order 777 rewrote the 2014 article 17 as article 18 from 2024-05-01; "
        "whether the 3-year ban survives for a listing made before is not verified (DOMAIN "
        "§4.2 P6, §11 item 4). credgraph keeps it to its end as the conservative reading, "
        "as a heuristic of low confidence."
    )
    return P6Law("heuristic", cites, issue, note)


def p6_until(lst: Listing, as_of: date) -> tuple[date, str] | None:
    """The end (exclusive) of the P6 ban a serious listing brings, if it runs on
    ``as_of``, with what the explanation adds when the listing cut it short.  The ban
    runs 3 years from the listing, and only while the listing is in force: DOMAIN §4.5,
    "after deletion or early removal (credit repair), measures stop", which is how
    credgraph reads every other listing.  A listing removed early ends the ban on its
    end date; one revoked, deleted or removed on a day not recorded brings none."""
    assert lst.start is not None
    until = years_later(lst.start, 3)
    if not (lst.start <= as_of < until) or not lst.active_on(as_of):
        return None
    if lst.end is None or lst.end >= until:
        return until, ""
    status = lst.rel.props.get("status")
    return lst.end, (
        f" The serious listing ended on {lst.end}"
        + (f" (status {status})" if status else "")
        + ", before the three years ran; measures stop when a listing is deleted or removed "
        "early (DOMAIN §4.5), so credgraph ends the ban that day."
    )


def p6(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    """P6: the LR or responsible person of an enterprise moved to the serious list after
    three years uncured on the abnormal directory may not be LR or responsible person of
    another enterprise for 3 years while the listing stands (the premise as the data
    shows it: ``ChinaContext.serious_escalations``; the law as ``p6_law`` has it; the
    term as ``p6_until``)."""
    out = []
    for post, lst, why in ctx.serious_escalations(person):
        assert lst.start is not None
        law = p6_law(lst.start, as_of)
        term = p6_until(lst, as_of)
        if law is None or term is None:
            continue
        until, cut = term
        held = role_text(post.role.value) if post.role else "legal representative"
        out.append(
            Finding(
                regime=REGIME,
                rule="P6",
                basis=law.basis,
                status="restricted",
                lists=[ctx.listing_ref(lst)],
                paths=[[person.id, post.dst, lst.rel.dst]],
                measures=[ctx.measure_ref("M5", law.cites)],
                valid_from=lst.start,
                valid_to=until,
                confidence="high" if law.basis == "legal" else "low",
                facts=[fact("post", post)],
                explanation=(
                    f"{person.name} was {held} of {ctx.name(post.dst)} when it was moved to "
                    f"the serious list: {why}. Under {law.cites} the legal representative or "
                    "responsible person of an enterprise put on the serious list after three "
                    "years on the abnormal directory may not be legal representative or "
                    f"responsible person of another enterprise until {until}.{cut}{law.note}"
                ),
            )
        )
    return out
