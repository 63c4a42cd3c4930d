"""P4 / P5(3): the bars after a bankrupt liquidation (DOMAIN §4.2), seen from the
person and from the company where the person serves.

- P4, Company Law 2023 art. 178(1)(3) (2018: art. 146(1)(3), the same words): a
  director, factory head or manager (董事、厂长、经理) of a company or enterprise
  liquidated in bankruptcy, personally responsible for the bankruptcy, may not be a
  director, supervisor or senior manager of any company until 3 years after the
  liquidation ended.  An appointment in breach is void (178(2)); a person already
  serving when the bar arose must be removed (178(3)), as for P2.
- P5(3), Market Entity Registration Regulations art. 12(3) (from 2022-03-01): the
  legal representative, director, factory head or manager of such an entity may not be
  a legal representative for the same 3 years.

What the data says: the company's ``bankruptcy_end_date`` (the day the liquidation
ended), whatever its status says now, else its ``status_date`` under a status saying
the liquidation ended (``graph.values.is_bankruptcy_ended_status``).  The registry has
no 厂长 / 经理 role: a ``senior_manager`` post stands for them, with confidence medium
since a senior manager may be someone the article does not name (a deputy manager, the
head of finance).  Personal responsibility for the bankruptcy is the post's
``personal_responsibility``, read as for P2: true legal, false nothing, unknown a
heuristic of low confidence.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from graph.model import Node, Rel, Role
from graph.risk.china_context import DSSM, REGIME, REGISTRATION_REGS, ChinaContext
from graph.risk.china_records import liquidation_end
from graph.risk.china_wording import company_law, fact, lowest, role_text, roles_text
from graph.risk.evidence import ExposureFinding as Finding
from graph.risk.evidence import FactRef
from graph.values import years_later, yes_no

# 董事、厂长、经理 (178(1)(3)); art. 12(3) adds the legal representative.
COMPANY_LAW_ROLES = frozenset({Role.DIRECTOR, Role.SENIOR_MANAGER})
REGISTRATION_ROLES = COMPANY_LAW_ROLES | {Role.LEGAL_REPRESENTATIVE}
REGS_12_3 = "Market Entity Registration Regulations art. 12(3)"
MANAGER_NOTE = (
    " The article names the factory head or manager (厂长、经理); the data records a senior "
    "manager post, which may be wider (a deputy manager, the head of finance), so confidence "
    "medium."
)


class Liquidation(NamedTuple):
    """A company liquidated in bankruptcy where the person held a post the bars name."""

    company: Node
    posts: list[Rel]
    day: date | None  # the liquidation's end; None: not dated (``why``)
    why: str
    personal: bool | None  # personally responsible for the bankruptcy, as recorded

    @property
    def company_law(self) -> bool:
        """Does 178(1)(3) name a post held (director, factory head or manager)?"""
        return any(p.role in COMPANY_LAW_ROLES for p in self.posts)

    @property
    def roles(self) -> str:
        return roles_text([p.role.value for p in self.posts if p.role is not None])

    def confidence(self) -> tuple[str, str]:
        """The finding's confidence and what the explanation adds about it."""
        if not self.personal:
            return "low", (
                " Personal responsibility for the bankruptcy is not recorded in the data, so "
                "this is a heuristic finding of low confidence."
            )
        if Role.DIRECTOR in {p.role for p in self.posts}:
            return "high", " The data records the person's personal responsibility."
        if Role.SENIOR_MANAGER in {p.role for p in self.posts}:
            return "medium", " The data records the person's personal responsibility." + (
                MANAGER_NOTE
            )
        return "high", " The data records the person's personal responsibility."

    def facts(self) -> list[FactRef]:
        when = f"bankrupt liquidation ended on {self.day}" if self.day else "liquidated, undated"
        return [
            fact("liquidation", self.company, f"{self.company.name}: {when}"),
            *(fact("post", p) for p in self.posts),
        ]


def liquidations(ctx: ChinaContext, person: Node) -> list[Liquidation]:
    """The person's posts the bars name at companies whose bankrupt liquidation ended,
    begun before it ended; recorded not personally responsible on every one: none."""
    by_company: dict[str, list[Rel]] = defaultdict(list)
    for p in ctx.posts(person.id):
        if p.role in REGISTRATION_ROLES:
            by_company[p.dst].append(p)
    ctx.prefetch(by_company)
    out = []
    for cid, posts in by_company.items():
        company = ctx.node(cid)
        if company is None:
            continue
        ended, day, why = liquidation_end(company)
        if not ended:
            continue
        posts = [p for p in posts if day is None or p.start is None or p.start < day]
        flags = [yes_no(p.props.get("personal_responsibility")) for p in posts]
        if not posts or all(f is False for f in flags):
            continue
        personal = True if True in flags else None
        out.append(Liquidation(company, posts, day, why, personal))
    return out


def p4(ctx: ChinaContext, person: Node, as_of: date) -> list[Finding]:
    """The person's bars after a bankrupt liquidation: P4 (M3, and from 2022-03-01 M4)
    when a post held there is one 178(1)(3) names, else P5 (M4 alone)."""
    out = []
    for liq in liquidations(ctx, person):
        if liq.day is None:
            out += _undated(person, liq, as_of)
            continue
        until = years_later(liq.day, 3)
        if not (liq.day <= as_of < until):
            continue
        law = f"{company_law(as_of)[0]}(1)(3)"
        measures = [ctx.measure_ref("M3", law)] if liq.company_law else []
        if as_of >= REGISTRATION_REGS:
            measures.append(ctx.measure_ref("M4", REGS_12_3))
        if not measures:
            continue  # a legal representative only, before art. 12 was in force
        confidence, said = liq.confidence()
        bars = (
            f"Under {law} a director, factory head or manager of a company liquidated in "
            "bankruptcy who is personally responsible for the bankruptcy may not be a "
            f"director, supervisor or senior manager of any company until {until}"
            + (f", nor a legal representative ({REGS_12_3})" if len(measures) > 1 else "")
            if liq.company_law
            else f"Under {REGS_12_3} the legal representative of an entity liquidated in "
            "bankruptcy who is personally responsible for the bankruptcy may not be a legal "
            f"representative until {until}"
        )
        out.append(
            Finding(
                regime=REGIME,
                rule="P4" if liq.company_law else "P5",
                basis="legal" if liq.personal else "heuristic",
                status="restricted",
                paths=[[person.id, liq.company.id]],
                measures=measures,
                valid_from=liq.day,
                valid_to=until,
                confidence=confidence,
                facts=liq.facts(),
                explanation=(
                    f"{person.name} was {liq.roles} of {liq.company.name}, whose bankrupt "
                    f"liquidation ended on {liq.day}. {bars}.{said}"
                ),
            )
        )
    return out


def _undated(person: Node, liq: Liquidation, as_of: date) -> list[Finding]:
    """The liquidation's end cannot be dated: the 3-year window cannot be placed, so a
    low-confidence heuristic that says why, as for an undated revocation (P2)."""
    if all(p.start is not None and p.start > as_of for p in liq.posts):
        return []
    return [
        Finding(
            regime=REGIME,
            rule="P4" if liq.company_law else "P5",
            basis="heuristic",
            status="restricted",
            paths=[[person.id, liq.company.id]],
            measures=[],
            confidence="low",
            facts=liq.facts(),
            explanation=(
                f"{person.name} was {liq.roles} of {liq.company.name}, whose record says its "
                f"bankrupt liquidation ended, but {liq.why}. A director, factory head or "
                "manager personally responsible for the bankruptcy may not be a director, "
                "supervisor or senior manager of any company, nor (with the legal "
                "representative) a legal representative, for 3 years after the liquidation "
                f"ended (Company Law art. 178(1)(3), 2018: art. 146(1)(3); {REGS_12_3}); "
                "without the date credgraph cannot tell whether that window covers this "
                "date. A heuristic of low confidence: check the date the liquidation ended."
            ),
        )
    ]


def p4_flags(
    ctx: ChinaContext, company: Node, person: Node, post: Rel, as_of: date
) -> list[Finding]:
    """What ``company`` must do about ``post`` (held on ``as_of``) while the person is
    barred after a bankrupt liquidation elsewhere: an appointment in the window is void
    under the law of its day, a post held before must be removed under the law of the
    as-of day (P4); an LR registered in the window from 2022-03-01 is barred (P5(3))."""
    out: list[Finding] = []
    role = post.role
    for liq in liquidations(ctx, person):
        if liq.day is None or liq.company.id == company.id:
            continue
        until = years_later(liq.day, 3)
        if not (liq.day <= as_of < until):
            continue
        appointed = post.start is not None and liq.day <= post.start
        held = role_text(role.value) if role else "officer"
        ended = f"the end of the bankrupt liquidation of {liq.company.name} ({liq.day})"
        if role in DSSM and liq.company_law:
            rule = "P4"
            if appointed:
                assert post.start is not None
                law, art = company_law(post.start)
                issue = f"appointment void ({'Company Law 178' if art == '178' else law}(2))"
                cites = f"{law}(1)(3), {art}(2)"
                what = (
                    f"{company.name} appointed {person.name} as {held} on {post.start}, within "
                    f"three years of {ended}, where the person was {liq.roles}. Under {cites}, "
                    "the law in force on the day of the appointment, it is void."
                )
            else:
                law, art = company_law(as_of)
                issue = f"must remove {held} ({'178' if art == '178' else law}(3))"
                cites = f"{law}(1)(3), {art}(3)"
                since = f"since {post.start}" if post.start else "(start not recorded)"
                what = (
                    f"{person.name} has served as {held} of {company.name} {since}, and was "
                    f"{liq.roles} of {liq.company.name}, whose bankrupt liquidation ended on "
                    f"{liq.day}. Under {cites} a person so barred may not hold the post until "
                    f"{until}; the company must remove them."
                )
            measure = ctx.measure_ref("M3", cites)
        elif role is Role.LEGAL_REPRESENTATIVE and appointed and post.start is not None:
            if post.start < REGISTRATION_REGS:
                continue  # registered before art. 12 was in force
            rule, issue = "P5", f"LR registration barred ({REGS_12_3})"
            measure = ctx.measure_ref("M4", REGS_12_3)
            what = (
                f"{company.name} registered {person.name} as legal representative on "
                f"{post.start}, within three years of {ended}, where the person was "
                f"{liq.roles}. Under {REGS_12_3} such a person may not be legal "
                f"representative until {until}."
            )
        else:
            continue
        confidence, said = liq.confidence()
        out.append(
            Finding(
                regime=REGIME,
                rule=rule,
                basis="legal" if liq.personal else "heuristic",
                status="restricted",
                paths=[[company.id, person.id, liq.company.id]],
                measures=[measure],
                issue=issue,
                valid_from=liq.day,
                valid_to=until,
                confidence=lowest(confidence, str(post.props.get("confidence") or "high")),
                facts=[*liq.facts(), fact("post", post)],
                explanation=what + said,
            )
        )
    return out
