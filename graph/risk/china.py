"""China joint-punishment exposure for one entity, as of a date (DOMAIN.md §4).

Chinese law has no ownership-percentage rule: measures reach the listed party and
the persons in named roles, and some bans follow a person to other companies for
set terms.  The rules here are local (the subject, its officers, their other
posts), so they run per entity on store queries; ownership-based spread is only a
labelled heuristic (P11).

Redlists (DOMAIN §2.9: A-grade taxpayers, customs AEO; catalog polarity ``red``) bring
joint incentives, not measures: they never make a finding and are reported apart
(``china_redlists``) as positive credit information.

Rules implemented (ids as in DOMAIN.md §4; each cites the law in force on the day
that counts, docs/RISK.md has the table):

- ``listed``  the subject's own listing in force -> measures reaching ``entity`` /
  ``natural_person``; one finding per listing entry (case).
- ``P1``  a party (a person, or a company recorded as actual controller) holding roles
  in R(T) at a listed company at the listing's start or on the date -> one finding per
  listing with every measure of T those roles reach (``china_persons``).
- ``P2``/``P5``  LR of a company revoked or ordered closed, with personal
  responsibility -> 3-year ban on director/supervisor/senior-manager posts
  (Company Law 2023 art. 178(1)(4); 2018 art. 146(1)(4)) and on being LR
  (Market Entity Registration Regulations art. 12(4), from 2022-03-01); a company
  appointing such a person in the window is flagged (void), one where the person
  already serves must remove them, one registering them as LR is flagged (P5).
  Personal responsibility unknown -> basis ``heuristic``; recorded false -> no ban
  (``china_bans``, ``china_appointments``).
- ``P4``/``P5``  director, manager (senior manager) or LR of a company whose bankrupt
  liquidation ended, with personal responsibility -> 3-year ban on D/S/SM posts
  (2023 art. 178(1)(3); 2018 art. 146(1)(3)) and, from 2022-03-01, on being LR
  (registration regulations art. 12(3)); the company side as for P2
  (``china_bankruptcy``).
- ``P3``  an individual dishonest judgment debtor serving as director, supervisor or
  senior manager -> the company must remove them (2023 art. 178(1)(5), 178(3)), or,
  for a post given while listed (from 2024-07-01), the appointment is void (178(2));
  before 2024-07-01 a heuristic under the 2018 wording.
- ``P6``  LR or responsible person of a company put on the serious list after 3 years
  uncured on the abnormal directory, as the data shows -> 3-year ban, while that
  listing stands, on being LR or responsible person of other enterprises (Publicity
  Regulations 2014 art. 17(2), to 2024-05-01; SAIC Order 83 arts. 13(2), 15 for its
  listings).
- ``P7``  the directly responsible person of a D-rated taxpayer who then registers
  or runs (as LR or responsible person) another taxpayer -> that taxpayer is rated D
  (tax credit rules 2025, from 2025-07-01).
- ``P9``  a company whose LR, actual controller (a person or a company), director,
  supervisor or senior manager is a dishonest judgment debtor is a key-supervision
  target (141号 art. 12).
- ``P11`` heuristic: >= 50 % owned by, or the controlling shareholder / actual
  controller of, a party on a serious list (``china_heuristics``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from graph.catalog import Catalog
from graph.model import NodeType
from graph.risk.china_bans import person_bans
from graph.risk.china_companies import company_flags
from graph.risk.china_context import ChinaContext, Listing
from graph.risk.china_heuristics import ownership_heuristics
from graph.risk.china_persons import co_target, own_listings, redlists
from graph.risk.evidence import ExposureFinding as Finding
from graph.risk.listing_dates import caveat, undated_refs
from graph.store.base import Store


class ChinaRules(ChinaContext):
    """Evaluates DOMAIN.md §4 for one subject against a store."""

    def findings(self, subject_id: str, as_of: date, heuristics: bool = True) -> list[Finding]:
        node = self.node(subject_id)
        if node is None:
            return []
        out: list[Finding] = []
        out += own_listings(self, node, as_of)
        # A company can hold a role too (recorded as actual controller, P10).
        out += co_target(self, node, as_of)
        if node.type is NodeType.PERSON:
            out += person_bans(self, node, as_of)
        if node.type is NodeType.COMPANY:
            out += company_flags(self, node, as_of)
            if heuristics:
                out += ownership_heuristics(self, node, as_of)
        if not heuristics:
            out = [f for f in out if f.basis == "legal"]
        # One finding per rule, path and listing entry (two cases on one list are two
        # findings) even when several routes reach it.
        seen: set[tuple[object, ...]] = set()
        unique = []
        for f in out:
            key = (
                f.rule,
                tuple(tuple(p) for p in f.paths),
                f.status,
                f.issue,
                tuple((x.list_id, x.case_no, x.start, x.record_id) for x in f.lists),
            )
            if key not in seen:
                seen.add(key)
                unique.append(self._dated(f, as_of))
        return unique

    def redlists(self, subject_id: str, as_of: date) -> list[dict[str, Any]]:
        """The subject's redlist entries in force (``china_persons.redlists``)."""
        node = self.node(subject_id)
        return [] if node is None else redlists(self, node, as_of)

    def _dated(self, f: Finding, as_of: date) -> Finding:
        """A finding resting on a listing without a recorded start says so, as every
        regime's do (``listing_dates``)."""
        undated = undated_refs(f.lists)
        if not undated:
            return f
        listed = {x.list_id for x in undated}
        # The listed party precedes its list on the finding's path.
        who = next(
            (
                self.name(p[i - 1])
                for p in f.paths
                for i in range(1, len(p))
                if _list_key(p[i]) in listed
            ),
            "the listed party",
        )
        text = caveat(who, "China", undated, None, as_of, searched=False)
        return replace(f, explanation=f"{f.explanation} {text}", undated_listing=True)


def _list_key(node_id: str) -> str:
    return node_id.removeprefix("list:")


def china_redlists(
    store: Store, entity_id: str, as_of: date, *, catalog: Catalog | None = None
) -> list[dict[str, Any]]:
    """The entity's entries on China's redlists in force on ``as_of`` (DOMAIN §2.9):
    positive credit information, kept apart from the findings."""
    return ChinaRules(store, catalog).redlists(entity_id, as_of)


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


__all__ = ["ChinaRules", "Listing", "china_findings", "china_redlists"]
