"""China joint-punishment exposure for one entity, as of a date (DOMAIN.md §4).

Chinese law has no ownership-percentage rule: measures reach the listed party and
the persons in named roles, and some bans follow a person to other companies for
set terms.  The rules here are local (the subject, its officers, their other
posts), so they run per entity on store queries; ownership-based spread is only a
labelled heuristic (P11).

Rules implemented (ids as in DOMAIN.md §4):

- ``listed``  the subject's own active listing -> measures reaching ``entity`` /
  ``natural_person``.
- ``P1``  a person holding a role in R(T) at a listed company at the listing's start
  or on the date -> the measures of T that reach that role.
- ``P2``/``P5``  LR of a company revoked or ordered closed, with personal
  responsibility -> 3-year ban on director/supervisor/senior-manager posts
  (Company Law 2023 art. 178(1)(4); 2018 art. 146(1)(4)) and on being LR
  (Market Entity Registration Regulations art. 12(4), from 2022-03-01); companies
  appointing such a person in the window are flagged (appointment void).
  Personal responsibility unknown -> the same finding with basis ``heuristic``.
- ``P3``  an individual dishonest judgment debtor serving as director, supervisor or
  senior manager -> the company must remove them (art. 178(1)(5), 178(3)).
- ``P6``  LR of a company put on the serious list after 3 years on the abnormal
  directory -> 3-year ban on being LR of other enterprises (Publicity Regulations
  2014 art. 17(2); SAIC Order 83 arts. 13(2), 15).
- ``P7``  the directly responsible person of a D-rated taxpayer who then registers
  or runs another taxpayer -> that taxpayer is rated D (tax credit rules 2025).
- ``P9``  a company whose LR, actual controller, director, supervisor or senior
  manager is a dishonest judgment debtor is a key-supervision target (141号 art. 12).
- ``P11`` heuristic: >= 50 % owned by, or the controlling shareholder / actual
  controller of, a party on a serious list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from graph.catalog import Catalog, load_catalog
from graph.model import ListingStatus, Node, NodeType, Rel, RelType, Role
from graph.risk.evidence import ExposureFinding as Finding
from graph.risk.evidence import ListingRef, MeasureRef
from graph.share import HALF
from graph.store.base import Store

REGIME = "cn"
DISHONEST = "CN_SPC_DISHONEST"
SERIOUS = "CN_SAMR_SERIOUS"
ABNORMAL = "CN_SAMR_ABNORMAL"
CREDIT_D = "CN_SAT_CREDIT_D"
REVOKED_STATUSES = frozenset({"吊销", "责令关闭", "revoked", "ordered_closed"})
INACTIVE = frozenset(
    {
        ListingStatus.DELETED,
        ListingStatus.EXPIRED,
        ListingStatus.EARLY_REMOVED,
        ListingStatus.REVOKED,
    }
)
DSSM = frozenset({Role.DIRECTOR, Role.SUPERVISOR, Role.SENIOR_MANAGER})
P9_ROLES = DSSM | {Role.LEGAL_REPRESENTATIVE, Role.ACTUAL_CONTROLLER}
COMPANY_LAW_2023 = date(2024, 7, 1)
REGISTRATION_REGS = date(2022, 3, 1)
# A page large enough for any real officer list; hubs beyond it are reported truncated.
PAGE = 5000


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@dataclass(frozen=True, slots=True)
class Listing:
    """A LISTED_ON relationship read with the catalog's term rules."""

    rel: Rel
    subject: str
    list_id: str
    start: date | None
    end: date | None  # exclusive; the recorded end, else start + fixed term

    def active_on(self, day: date) -> bool:
        if self.start and day < self.start:
            return False
        if self.end and day >= self.end:
            return False
        status = self.rel.props.get("status")
        # A deletion recorded without an end date still ends the listing.
        return not (self.rel.end is None and status in INACTIVE)


class ChinaRules:
    """Evaluates DOMAIN.md §4 for one subject against a store."""

    def __init__(self, store: Store, catalog: Catalog | None = None) -> None:
        self.store = store
        self.catalog = catalog or load_catalog()
        self._nodes: dict[str, Node] = {}

    # -- gathering ---------------------------------------------------------
    def _node(self, node_id: str) -> Node | None:
        if node_id not in self._nodes:
            node = self.store.get(node_id)
            if node is None:
                return None
            self._nodes[node_id] = node
        return self._nodes[node_id]

    def _prefetch(self, ids: Iterable[str]) -> None:
        missing = [i for i in set(ids) if i not in self._nodes]
        if missing:
            self._nodes.update(self.store.get_many(missing))

    def listings(self, subject: str) -> list[Listing]:
        rels, _ = self.store.rels_of(
            subject, direction="out", types=[RelType.LISTED_ON], limit=PAGE
        )
        out = []
        for r in rels:
            lst = self._node(r.dst)
            list_id = str(lst.props.get("list_id") or r.dst.removeprefix("list:")) if lst else ""
            end = r.end
            term = self.catalog.lists.get(list_id, {}).get("term") or {}
            if end is None and r.start and term.get("fixed") and term.get("default_days"):
                end = r.start + timedelta(days=int(term["default_days"]))
            out.append(Listing(r, subject, list_id, r.start, end))
        return out

    def officers(self, company: str) -> list[Rel]:
        rels, _ = self.store.rels_of(
            company, direction="in", types=[RelType.OFFICER_OF], limit=PAGE
        )
        return rels

    def posts(self, person: str) -> list[Rel]:
        rels, _ = self.store.rels_of(
            person, direction="out", types=[RelType.OFFICER_OF], limit=PAGE
        )
        return rels

    # -- findings ----------------------------------------------------------
    def findings(self, subject_id: str, as_of: date, heuristics: bool = True) -> list[Finding]:
        node = self._node(subject_id)
        if node is None:
            return []
        out: list[Finding] = []
        out += self._own_listings(node, as_of)
        if node.type is NodeType.PERSON:
            out += self._co_target(node, as_of)
            out += self._person_bans(node, as_of)
        if node.type is NodeType.COMPANY:
            out += self._company_flags(node, as_of)
            if heuristics:
                out += self._ownership_heuristics(node, as_of)
        # One finding per (rule, path) even when several routes reach it.
        seen: set[tuple[str, tuple[tuple[str, ...], ...], str]] = set()
        unique = []
        for f in out:
            key = (f.rule, tuple(tuple(p) for p in f.paths), f.status)
            if key not in seen:
                seen.add(key)
                unique.append(f)
        return unique

    def _measures(self, list_id: str, on: date, role: str) -> list[MeasureRef]:
        refs = []
        for t in self.catalog.triggers_of(list_id, on):
            if role not in t["roles"]:
                continue
            m = self.catalog.measures[t["measure"]]
            refs.append(
                MeasureRef(
                    id=m["id"],
                    name_zh=m["name_zh"],
                    name_en=m["name_en"],
                    agencies=[self.catalog.agencies[a]["name_en"] for a in m["agencies"]],
                    legal_basis=str(t["via"]),
                )
            )
        return refs

    def _listing_ref(self, lst: Listing) -> ListingRef:
        meta = self.catalog.lists.get(lst.list_id, {})
        prov = lst.rel.provenance[0] if lst.rel.provenance else None
        return ListingRef(
            list_id=lst.list_id,
            list_name=str(meta.get("name_en") or lst.list_id),
            list_name_zh=str(meta.get("name_zh") or ""),
            agency=str(lst.rel.props.get("agency") or meta.get("agency") or ""),
            start=lst.start,
            end=lst.end,
            status=str(lst.rel.props.get("status") or "active"),
            case_no=str(lst.rel.props.get("case_no") or ""),
            source=prov.source if prov else "",
            record_id=prov.record_id if prov else "",
        )

    def _name(self, node_id: str) -> str:
        n = self._node(node_id)
        return n.name if n else node_id

    def _own_listings(self, node: Node, as_of: date) -> list[Finding]:
        role = "entity" if node.type is NodeType.COMPANY else "natural_person"
        out = []
        for lst in self.listings(node.id):
            meta = self.catalog.lists.get(lst.list_id)
            if meta is None or meta.get("regime") != REGIME or not lst.active_on(as_of):
                continue
            measures = self._measures(lst.list_id, as_of, role)
            out.append(
                Finding(
                    regime=REGIME,
                    rule="listed",
                    basis="legal",
                    status="listed",
                    lists=[self._listing_ref(lst)],
                    paths=[[node.id, lst.rel.dst]],
                    measures=measures,
                    explanation=(
                        f"{node.name} is on the {meta['name_en']} ({meta['name_zh']}) since "
                        f"{lst.start or 'an unknown date'}"
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

    def _co_target(self, person: Node, as_of: date) -> list[Finding]:
        """P1: roles in R(T) at a listed company, at the listing's start or now."""
        out = []
        for post in self.posts(person.id):
            if post.role is None:
                continue
            for lst in self.listings(post.dst):
                meta = self.catalog.lists.get(lst.list_id)
                if meta is None or meta.get("regime") != REGIME or not lst.active_on(as_of):
                    continue
                if post.role.value not in (meta.get("role_set") or ()):
                    continue
                at_start = lst.start is not None and post.valid_on(lst.start)
                if not (at_start or post.valid_on(as_of)):
                    continue
                measures = self._measures(lst.list_id, as_of, post.role.value)
                if not measures:
                    continue
                when = "when the listing started" if at_start else f"on {as_of}"
                out.append(
                    Finding(
                        regime=REGIME,
                        rule="P1",
                        basis="legal",
                        status="restricted",
                        lists=[self._listing_ref(lst)],
                        paths=[[person.id, post.dst, lst.rel.dst]],
                        measures=measures,
                        explanation=(
                            f"{person.name} was {post.role.value.replace('_', ' ')} of "
                            f"{self._name(post.dst)} {when}; that company is on the "
                            f"{meta['name_en']} since {lst.start}. The list's rules name the "
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
    def _revocations(self, person: Node) -> list[tuple[Rel, Node, date]]:
        """LR posts at companies revoked or closed while (or when) the person was LR."""
        out = []
        posts = [p for p in self.posts(person.id) if p.role is Role.LEGAL_REPRESENTATIVE]
        self._prefetch(p.dst for p in posts)
        for post in posts:
            company = self._node(post.dst)
            if company is None or str(company.props.get("status")) not in REVOKED_STATUSES:
                continue
            revoked = company.props.get("revoked_date") or company.props.get("status_date")
            if not revoked:
                continue
            day = date.fromisoformat(str(revoked))
            # "LR at revocation": the post covers the day, or ended on it.
            if post.valid_on(day) or post.end == day:
                out.append((post, company, day))
        return out

    def _serious_escalations(self, person: Node) -> list[tuple[Rel, Listing]]:
        """P6: LR posts at companies moved to the serious list after 3 years abnormal."""
        out = []
        for post in self.posts(person.id):
            if post.role is not Role.LEGAL_REPRESENTATIVE:
                continue
            listings = self.listings(post.dst)
            abnormal = [x for x in listings if x.list_id == ABNORMAL and x.start]
            for lst in listings:
                if lst.list_id != SERIOUS or lst.start is None:
                    continue
                reason = str(lst.rel.props.get("reason") or "")
                escalated = (
                    "经营异常" in reason
                    or "abnormal" in reason.lower()
                    or any(a.start and _years_later(a.start, 3) <= lst.start for a in abnormal)
                )
                if escalated and (post.valid_on(lst.start) or post.end == lst.start):
                    out.append((post, lst))
        return out

    def _person_bans(self, person: Node, as_of: date) -> list[Finding]:
        out = []
        for post, company, day in self._revocations(person):
            until = _years_later(day, 3)
            if not (day <= as_of < until):
                continue
            personal = post.props.get("personal_responsibility")
            basis = "legal" if personal is True else "heuristic"
            law = (
                "Company Law 2023 art. 178(1)(4)"
                if as_of >= COMPANY_LAW_2023
                else "Company Law 2018 art. 146(1)(4)"
            )
            measures = [self._measure_ref("M3", law)]
            if as_of >= REGISTRATION_REGS:
                measures.append(
                    self._measure_ref("M4", "Market Entity Registration Regulations art. 12(4)")
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
        for post, lst in self._serious_escalations(person):
            assert lst.start is not None
            until = _years_later(lst.start, 3)
            if not (lst.start <= as_of < until):
                continue
            out.append(
                Finding(
                    regime=REGIME,
                    rule="P6",
                    basis="legal",
                    status="restricted",
                    lists=[self._listing_ref(lst)],
                    paths=[[person.id, post.dst, lst.rel.dst]],
                    measures=[
                        self._measure_ref(
                            "M5",
                            "Enterprise Information Publicity Regulations 2014 art. 17(2); SAIC Order 83 art. 13(2)",
                        )
                    ],
                    valid_from=lst.start,
                    valid_to=until,
                    explanation=(
                        f"{person.name} was legal representative of {self._name(post.dst)} when it "
                        f"was moved to the serious illegal and untrustworthy list on {lst.start} after "
                        "three years on the abnormal-operations directory. Under the Enterprise "
                        "Information Publicity Regulations 2014 art. 17(2) and SAIC Order 83 "
                        f"art. 13(2) the person may not be legal representative or responsible "
                        f"person of another enterprise until {until}."
                    ),
                )
            )
        return out

    def _measure_ref(self, measure_id: str, basis: str) -> MeasureRef:
        m = self.catalog.measures[measure_id]
        return MeasureRef(
            id=m["id"],
            name_zh=m["name_zh"],
            name_en=m["name_en"],
            agencies=[self.catalog.agencies[a]["name_en"] for a in m["agencies"]],
            legal_basis=basis,
        )

    # -- flags on companies through their officers --------------------------
    def _company_flags(self, company: Node, as_of: date) -> list[Finding]:
        out: list[Finding] = []
        officers = self.officers(company.id)
        self._prefetch(o.src for o in officers)
        for post in officers:
            person = self._node(post.src)
            if person is None or person.type is not NodeType.PERSON or post.role is None:
                continue
            current = post.valid_on(as_of)
            debtor = [
                x for x in self.listings(person.id) if x.list_id == DISHONEST and x.active_on(as_of)
            ]
            if current and debtor and post.role in P9_ROLES:
                out.append(self._p9(company, person, post, debtor[0], as_of))
            if current and debtor and post.role in DSSM:
                out.append(self._p3(company, person, post, debtor[0], as_of))
            out += self._appointment_flags(company, person, post, as_of)
            out += self._p7(company, person, post, as_of)
        return out

    def _p9(self, company: Node, person: Node, post: Rel, lst: Listing, as_of: date) -> Finding:
        role = post.role.value.replace("_", " ") if post.role else "officer"
        return Finding(
            regime=REGIME,
            rule="P9",
            basis="legal",
            status="restricted",
            lists=[self._listing_ref(lst)],
            paths=[[company.id, person.id, lst.rel.dst]],
            measures=[
                self._measure_ref("M11", "发改财金〔2016〕141号 art. 12"),
                self._measure_ref("M10", "发改财金〔2016〕141号 art. 11"),
            ],
            explanation=(
                f"{person.name}, {role} of {company.name} on {as_of}, is on the list of dishonest "
                f"judgment debtors since {lst.start}. Under the 2016 joint-punishment memorandum "
                "(发改财金〔2016〕141号) art. 12 a unit whose legal representative, actual "
                "controller, director, supervisor or senior manager is a dishonest debtor is a "
                "key-supervision target, and art. 11 makes it a review factor for preferences."
            ),
        )

    def _p3(self, company: Node, person: Node, post: Rel, lst: Listing, as_of: date) -> Finding:
        law = (
            "Company Law 2023 art. 178(1)(5), 178(3)"
            if as_of >= COMPANY_LAW_2023
            else "Company Law 2018 art. 146(1)(5)"
        )
        role = post.role.value.replace("_", " ") if post.role else "officer"
        return Finding(
            regime=REGIME,
            rule="P3",
            basis="legal",
            status="restricted",
            lists=[self._listing_ref(lst)],
            paths=[[company.id, person.id, lst.rel.dst]],
            measures=[self._measure_ref("M3", law)],
            issue="must remove director (178(3))",
            explanation=(
                f"{person.name} serves as {role} of {company.name} and has been listed by a "
                f"people's court as a dishonest judgment debtor since {lst.start}. Under {law} "
                "such a person may not be a director, supervisor or senior manager; the company "
                "must remove them from the post."
            ),
        )

    def _appointment_flags(
        self, company: Node, person: Node, post: Rel, as_of: date
    ) -> list[Finding]:
        """P2/P6 seen from the company that appointed a banned person."""
        out: list[Finding] = []
        if not post.valid_on(as_of):
            return out
        for old_post, old, day in self._revocations(person):
            until = _years_later(day, 3)
            if old.id == company.id or post.role is None or post.start is None:
                continue
            if post.role in DSSM and day <= post.start < until:
                personal = old_post.props.get("personal_responsibility") is True
                out.append(
                    Finding(
                        regime=REGIME,
                        rule="P2",
                        basis="legal" if personal else "heuristic",
                        status="restricted",
                        paths=[[company.id, person.id, old.id]],
                        measures=[
                            self._measure_ref("M3", "Company Law 2023 art. 178(1)(4), 178(2)")
                        ],
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
            for old_post, lst in self._serious_escalations(person):
                assert lst.start is not None
                until = _years_later(lst.start, 3)
                if old_post.dst == company.id or not (lst.start <= as_of < until):
                    continue
                out.append(
                    Finding(
                        regime=REGIME,
                        rule="P6",
                        basis="legal",
                        status="restricted",
                        lists=[self._listing_ref(lst)],
                        paths=[[company.id, person.id, old_post.dst, lst.rel.dst]],
                        measures=[self._measure_ref("M5", "SAIC Order 83 arts. 13(2), 15")],
                        issue="must change LR registration (SAIC Order 83 art.15)",
                        valid_from=lst.start,
                        valid_to=until,
                        explanation=(
                            f"{person.name}, legal representative of {company.name}, was legal "
                            f"representative of {self._name(old_post.dst)} when it was moved to the "
                            f"serious list on {lst.start} after three years on the abnormal-operations "
                            f"directory; until {until} the person may not be legal representative of "
                            "another enterprise, and SAIC Order 83 art. 15 requires this company to "
                            "change its registration."
                        ),
                    )
                )
        return out

    def _p7(self, company: Node, person: Node, post: Rel, as_of: date) -> list[Finding]:
        """Tax D-grade contamination through the directly responsible person."""
        out: list[Finding] = []
        if post.start is None or not post.valid_on(as_of):
            return out
        for other in self.posts(person.id):
            if other.role is not Role.DIRECTLY_RESPONSIBLE or other.dst == company.id:
                continue
            for lst in self.listings(other.dst):
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
                        lists=[self._listing_ref(lst)],
                        paths=[[company.id, person.id, other.dst, lst.rel.dst]],
                        measures=[
                            self._measure_ref("M23", "纳税缴费信用管理办法 (2025) direct-D (11)")
                        ],
                        explanation=(
                            f"{person.name} is the directly responsible person of "
                            f"{self._name(other.dst)}, rated D for tax credit on {lst.start}, and "
                            f"became {post.role.value.replace('_', ' ') if post.role else 'officer'} "
                            f"of {company.name} on {post.start}, after that rating. Under the 2025 tax "
                            "and fee credit rules (direct-D situation 11) an entity registered or run "
                            "by such a person after the D rating is itself rated D."
                        ),
                    )
                )
        return out

    # -- heuristics ---------------------------------------------------------
    def _serious_active(self, node_id: str, as_of: date) -> list[Listing]:
        return [
            x
            for x in self.listings(node_id)
            if self.catalog.lists.get(x.list_id, {}).get("is_serious")
            and self.catalog.lists[x.list_id].get("regime") == REGIME
            and x.active_on(as_of)
        ]

    def _ownership_heuristics(self, company: Node, as_of: date) -> list[Finding]:
        out = []
        owners, _ = self.store.rels_of(
            company.id, direction="in", types=[RelType.OWNS], as_of=as_of, limit=PAGE
        )
        for rel in owners:
            if rel.share is None or rel.share.at_least(HALF) is not True:
                continue
            for lst in self._serious_active(rel.src, as_of):
                out.append(self._heuristic(company, rel.src, rel, lst, down=True))
        owned, _ = self.store.rels_of(
            company.id, direction="out", types=[RelType.OWNS], as_of=as_of, limit=PAGE
        )
        for rel in owned:
            # Controlling shareholder: > 50 % under Company Law 2023 art. 265(2).
            if rel.share is None or rel.share.at_least(HALF) is not True or rel.share.lo == HALF:
                continue
            for lst in self._serious_active(rel.dst, as_of):
                out.append(self._heuristic(company, rel.dst, rel, lst, down=False))
        return out

    def _heuristic(self, company: Node, other: str, rel: Rel, lst: Listing, down: bool) -> Finding:
        share: Fraction | None = rel.share.lo if rel.share else None
        meta = self.catalog.lists.get(lst.list_id, {})
        direction = (
            f"is at least 50% owned by {self._name(other)}"
            if down
            else f"is the controlling shareholder of {self._name(other)}"
        )
        return Finding(
            regime=REGIME,
            rule="P11",
            basis="heuristic",
            status="linked",
            lists=[self._listing_ref(lst)],
            share=share,
            paths=[[other, company.id] if down else [company.id, other]],
            measures=[],
            explanation=(
                f"{company.name} {direction} ({rel.share.as_text() if rel.share else 'share unknown'}), "
                f"which is on the {meta.get('name_en', lst.list_id)} since {lst.start}. Chinese law "
                "has no ownership rule: no measure reaches a company through shareholding alone "
                "(DOMAIN P10). This is a risk heuristic (P11), not a legal consequence."
            ),
        )


def china_findings(
    store: Store,
    entity_id: str,
    as_of: date,
    *,
    heuristics: bool = True,
    catalog: Catalog | None = None,
) -> list[Finding]:
    """Joint-punishment findings for one entity (any alias) as of a date."""
    return ChinaRules(store, catalog).findings(entity_id, as_of, heuristics)


__all__ = ["ChinaRules", "Listing", "china_findings"]
