"""China rules seen from the listed party itself and from the parties holding roles at a
listed company: own listings (``listed``), redlist entries (apart from the findings),
and co-targeting by role (P1).  Bans that follow a person are ``china_bans``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from graph.model import Node, NodeType, Rel
from graph.risk.china_context import (
    REGIME,
    ChinaContext,
    Listing,
)
from graph.risk.china_wording import confidence_of, lowest, role_text, roles_text
from graph.risk.evidence import ExposureFinding as Finding
from graph.risk.evidence import MeasureRef
from graph.values import yes_no

REDLIST_NOTE = (
    "redlist (守信联合激励, DOMAIN §2.9): positive credit information that brings joint "
    "incentives; not a restriction, and counted in no status"
)


def case_text(ctx: ChinaContext, lst: Listing) -> str:
    number = ctx.listing_ref(lst).case_no
    return f", case {number}" if number else ""


def own_listings(ctx: ChinaContext, node: Node, as_of: date) -> list[Finding]:
    """One ``listed`` finding per listing of the subject in force (two cases on one list
    are two findings, each citing its own case)."""
    role = "entity" if node.type is NodeType.COMPANY else "natural_person"
    out = []
    for lst in ctx.listings(node.id):
        meta = ctx.catalog.lists.get(lst.list_id)
        if meta is None or meta.get("regime") != REGIME or not lst.active_on(as_of):
            continue
        if ctx.is_red(lst.list_id):
            continue  # a joint incentive, reported by ``redlists``
        measures = ctx.measures(lst, as_of, role)
        who = "entity" if role == "entity" else "person"
        brings = (
            f"Under the catalog's triggers this listing brings {len(measures)} measure(s) "
            f"applying to the listed {who} as of {as_of}: "
            + "; ".join(f"{m.id} {m.name_en} ({m.legal_basis})" for m in measures)
            + "."
            if measures
            else f"The catalog holds no measure of this list applying to the listed {who} "
            f"as of {as_of}."
        )
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
                    f"{ctx.since(lst)}{case_text(ctx, lst)}. {brings}" + ctx.list_note(lst, as_of)
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


def co_target(ctx: ChinaContext, subject: Node, as_of: date) -> list[Finding]:
    """P1: the subject's roles in R(T) at a listed company, at the listing's start or on
    ``as_of``.  One finding per listing that names every role the subject holds there
    and every measure any of them brings (a person both LR and actual controller gets
    the LR's exit ban and the controller's consumption ban).  A role the list names
    only on a condition (``role_conditions``) makes a heuristic finding of its own when
    the data does not say whether it holds, and none when the data says it does not."""
    posts: dict[str, list[Rel]] = defaultdict(list)
    for post in ctx.posts(subject.id):
        if post.role is not None:
            posts[post.dst].append(post)
    out = []
    for company, held in posts.items():
        for lst in ctx.listings(company):
            meta = ctx.catalog.lists.get(lst.list_id)
            if meta is None or meta.get("regime") != REGIME or ctx.is_red(lst.list_id):
                continue
            if not lst.active_on(as_of):
                continue
            named = set(meta.get("role_set") or ())
            conditions: dict[str, str] = meta.get("role_conditions") or {}
            met, unmet = [], []
            for post in held:
                assert post.role is not None
                role = post.role.value
                at_start = lst.start is not None and post.valid_on(lst.start)
                if role not in named or not (at_start or post.valid_on(as_of)):
                    continue
                holds = yes_no(post.props.get("personal_responsibility"))
                if role not in conditions or holds is True:
                    met.append((post, at_start))
                elif holds is None:
                    unmet.append((post, at_start))
                # Recorded false: the list names the role only on that condition, so
                # the post is not a co-target at all.
            for group, legal in ((met, True), (unmet, False)):
                found = _p1(ctx, subject, company, lst, group, as_of, legal) if group else None
                if found is not None:
                    out.append(found)
                    if legal:
                        break  # the legal finding covers the person; no heuristic beside it
    return out


def _p1(
    ctx: ChinaContext,
    subject: Node,
    company: str,
    lst: Listing,
    posts: list[tuple[Rel, bool]],
    as_of: date,
    legal: bool,
) -> Finding | None:
    meta = ctx.catalog.lists[lst.list_id]
    measures: dict[str, MeasureRef] = {}
    for post, _ in posts:
        assert post.role is not None
        for m in ctx.measures(lst, as_of, post.role.value):
            measures.setdefault(m.id, m)
    if not measures:
        return None
    basis = meta.get("role_set_basis") or {}
    tag = str(basis.get("confidence") or "")
    cited = " ".join(x for x in (str(basis.get("doc") or ""), str(basis.get("article") or "")) if x)
    if tag and tag != "V":
        cited += f" [{tag}]"
    roles = [post.role.value for post, _ in posts if post.role is not None]
    kind = "company" if subject.type is NodeType.COMPANY else "person"
    text = (
        f"{subject.name} {_held(posts, ctx.name(company), as_of)}; that company is on the "
        f"{meta['name_en']} ({ctx.since(lst)}{case_text(ctx, lst)}). The list's rules name "
        f"the {roles_text(roles)} as co-target{'s' if len(roles) > 1 else ''} ({cited}), so "
        f"these measures reach the {kind}: "
        + "; ".join(f"{m.id} {m.name_en}" for m in measures.values())
        + "."
    )
    confidence = lowest(
        confidence_of(tag), *(str(p.props.get("confidence") or "high") for p, _ in posts)
    )
    if confidence_of(tag) != "high":
        text += (
            f" Confidence {confidence_of(tag)}: the role set rests on a source tagged {tag} "
            "(S secondary, R recalled; DOMAIN's tags)."
        )
    if not legal:
        conditions = meta.get("role_conditions") or {}
        text += (
            f" The list names the {roles_text(roles)} only "
            f"{'; '.join(dict.fromkeys(str(conditions[r]) for r in roles))}; the data does not "
            "record whether this holds (personal_responsibility), so this is a heuristic of "
            "low confidence."
        )
        confidence = "low"
    return Finding(
        regime=REGIME,
        rule="P1",
        basis="legal" if legal else "heuristic",
        status="restricted",
        lists=[ctx.listing_ref(lst)],
        paths=[[subject.id, company, lst.rel.dst]],
        measures=list(measures.values()),
        explanation=text + ctx.list_note(lst, as_of),
        confidence=confidence,
    )


def _held(posts: list[tuple[Rel, bool]], company: str, as_of: date) -> str:
    """'was legal representative and actual controller of C when the listing started',
    with the time of each role when they differ."""
    whens = {at for _, at in posts}
    if len(whens) == 1:
        at = whens.pop()
        roles = roles_text([p.role.value for p, _ in posts if p.role is not None])
        return f"was {roles} of {company} " + ("when the listing started" if at else f"on {as_of}")
    parts = [
        f"{role_text(p.role.value)} ({'when the listing started' if at else f'on {as_of}'})"
        for p, at in posts
        if p.role is not None
    ]
    return "was " + ", ".join(parts[:-1]) + " and " + parts[-1] + f" of {company}"
