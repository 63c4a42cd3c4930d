"""Sanctions findings in the public shape, with a paragraph a compliance officer can paste.

The engine's ``Finding`` says *what* (status, exact share, paths of ids, list
ids, document); ``Explainer`` adds *who* and *why* for a reader: names beside
ids, each restricted owner with its direct share and its own reason, the exact
aggregate, the rule and its source, the listing entries with their sources, and
the measure the regime imposes (blocking / asset freeze / licence requirement)
with its legal basis from the catalog: for a listing, the designation under the
entry's program(s) (``programs`` in the catalog; a program it lacks is named as
such); for an owned or controlled entity, the regime's ownership documents in force
on the as-of date (the lists' ``ownership_basis``).  Documents the catalog does not
tag as verified carry their tag (``[R]`` recalled, ``[S]`` secondary, ``[D]``
derived).  A finding that rests on a listing without a recorded start says so
(``listing_dates``).

Statuses in the output (see docs/RISK.md): the engine's ``listed``, ``owned`` and
``controlled`` stay; heuristic red flags map onto them with basis ``heuristic``:
``possible_owned`` and ``affiliate`` (BIS while suspended) -> ``owned``,
``control_caution`` -> ``controlled``.  The engine's status stays in ``rule``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from graph.catalog import Catalog, load_catalog
from graph.model import Node, Rel
from graph.risk.evidence import ExposureFinding, ListingRef, MeasureRef
from graph.risk.finding import Finding
from graph.risk.listing_dates import (
    caveat,
    dates_text,
    earliest_dated,
    entry_text,
    listing_ref,
    undated_refs,
)
from graph.risk.matrix import Owns
from graph.risk.measures import MEASURES, measure_ref
from graph.risk.result import CONTROLLED, LISTED, OWNED, RegimeResult

MAX_OWNERS = 8
MAX_UNDATED = 3  # listed parties whose undated entries a finding spells out


STATUS_MAP = {
    "listed": "listed",
    "owned": "owned",
    "controlled": "controlled",
    "possible_owned": "owned",
    "affiliate": "owned",
    "control_caution": "controlled",
}

REGIME_NAMES = {"ofac": "OFAC", "bis": "BIS", "eu": "EU", "uk": "UK"}
RULE_TITLES = {
    "ofac": "OFAC 50 Percent Rule",
    "bis": "BIS Affiliates Rule",
    "eu": "EU ownership and control test",
    "uk": "UK ownership and control test (OFSI)",
}
AGGREGATION = {
    "ofac": "holdings of all blocked owners are aggregated (OFAC FAQ 399) and a blocked "
    "intermediate's holdings count in full, never multiplied along the chain (FAQ 401)",
    "bis": "holdings of all listed owners and their covered affiliates are aggregated and "
    "count in full (15 CFR 744, FR Doc. 2025-19001)",
    "eu": "holdings of all listed owners are aggregated (Commission FAQ 8) and an owned "
    "intermediate's holdings count in full",
    "uk": "holdings of different designated persons are not aggregated unless a joint "
    "arrangement is recorded or one controls the other (OFSI General Guidance 4.14); these "
    "owners form one such group",
}


def pct(f: Fraction) -> str:
    """Percent text, exact when it terminates within 6 decimals.

    >>> pct(Fraction(1, 2)), pct(Fraction(4998, 10000)), pct(Fraction(1, 3))
    ('50%', '49.98%', '33.333333%')
    """
    v = f * 100
    s = f"{v.numerator * 10**6 // v.denominator:07d}"
    return (s[:-6] + "." + s[-6:]).rstrip("0").rstrip(".") + "%"


def threshold_text(result: RegimeResult) -> str:
    rule = result.rule
    if rule is None:
        return "no ownership rule in force"
    return f"{'>=' if rule.inclusive else '>'} {pct(rule.threshold)}"


class Explainer:
    """Turns one regime result's ``Finding``s into ``ExposureFinding``s.

    ``nodes`` gives names (ids missing from it are shown as ids); ``listings``
    maps an entity id to its LISTED_ON relationships (with provenance).
    """

    def __init__(
        self,
        result: RegimeResult,
        nodes: Mapping[str, Node],
        listings: Mapping[str, Sequence[Rel]],
        catalog: Catalog | None = None,
    ) -> None:
        self.r = result
        self.nodes = nodes
        self.listings = listings
        self.catalog = catalog or load_catalog()
        self.index = {nid: i for i, nid in enumerate(result.node_ids)}
        self.regime_lists = {
            lid for lid, n in nodes.items() if str(n.props.get("regime") or "") == result.regime
        }

    # -- names ---------------------------------------------------------------
    def name(self, nid: str) -> str:
        n = self.nodes.get(nid)
        return n.name if n is not None and n.name else nid

    def label(self, nid: str) -> str:
        name = self.name(nid)
        return nid if name == nid else f"{name} ({nid})"

    def path_text(self, path: Sequence[str]) -> str:
        return " -> ".join(self.name(x) for x in path)

    # -- listings and measures ------------------------------------------------
    def _regime_rels(self, entity: str) -> list[tuple[Rel, Node | None]]:
        out = []
        for rel in self.listings.get(entity, ()):
            lst = self.nodes.get(rel.dst)
            regime = str(lst.props.get("regime") or "") if lst is not None else ""
            if regime == self.r.regime:
                out.append((rel, lst))
        return out

    def listing_refs(self, entity: str) -> list[ListingRef]:
        """The entity's entries on the regime's lists in force on the as-of date."""
        return [
            listing_ref(rel, lst, self.catalog)
            for rel, lst in self._regime_rels(entity)
            if rel.valid_on(self.r.as_of)
        ]

    def dated_ref(self, entity: str) -> ListingRef | None:
        """The entity's earliest entry under the regime with a recorded start, on any
        date the given listings cover (callers pass every date's where they can)."""
        return earliest_dated(
            [listing_ref(rel, lst, self.catalog) for rel, lst in self._regime_rels(entity)]
        )

    def measure(self, lists: Sequence[ListingRef], status: str = "owned") -> MeasureRef:
        """The regime's measure and its legal basis (``measures.measure_ref``)."""
        return measure_ref(self.catalog, self.r.regime, self.r.as_of, lists, status)

    # -- owners behind a finding -----------------------------------------------
    def _why(self, p: int) -> str:
        st = int(self.r.status[p])
        nid = self.r.node_ids[p]
        if st == LISTED:
            refs = self.listing_refs(nid)
            where = "; ".join(f"{x.list_name}, {dates_text(x)}" for x in refs)
            return f"listed on {where}" if where else "listed"
        if st == OWNED:
            return f"itself owned {pct(self.r.aggregate(p))} by restricted parties"
        if st == CONTROLLED:
            return "itself controlled by a restricted party"
        return "not restricted"

    def holders(
        self,
        j: int,
        controls: bool = False,
        among: set[int] | None = None,
        caution: bool = False,
    ) -> list[tuple[int, Fraction, Fraction]]:
        """Restricted direct owners (or controllers) of ``j`` in its group, with the
        exact lower and upper bounds of their direct shares, largest first.  ``among``:
        the owners a red flag names (an unrestricted ``j`` has no group of its own);
        ``caution``: controllers by control that is only a red flag."""
        via = self._controls(caution) if controls else self.r.owns
        out: dict[int, tuple[Fraction, Fraction]] = {}
        for k in via.into(j).tolist():
            p = int(via.src[k])
            if p == j or self.r.status[p] == 0:
                continue
            if among is not None:
                if p not in among:
                    continue
            elif not controls and not self.r.in_group(p, int(self.r.label[j])):
                continue
            lo, hi = (Fraction(1), Fraction(1)) if controls else via.exact(k)
            old = out.get(p, (Fraction(0), Fraction(0)))
            out[p] = (old[0] + lo, old[1] + hi)
        ranked = sorted(out.items(), key=lambda kv: (-kv[1][0], -kv[1][1], self.r.node_ids[kv[0]]))
        return [(p, lo, hi) for p, (lo, hi) in ranked]

    def _owners_text(
        self, owners: list[tuple[int, Fraction, Fraction]], shares: bool = True
    ) -> str:
        parts = []
        for p, lo, hi in owners[:MAX_OWNERS]:
            held = pct(lo) if lo == hi else f"{pct(lo)} to {pct(hi)}"
            parts.append(
                f"{self.label(self.r.node_ids[p])}"
                + (f" holds {held} directly" if shares else "")
                + f" ({self._why(p)})"
            )
        if len(owners) > MAX_OWNERS:
            parts.append(f"and {len(owners) - MAX_OWNERS} more")
        return "; ".join(parts)

    # -- the conversion ----------------------------------------------------------
    def convert(self, f: Finding) -> ExposureFinding:
        roots = {p[0] for p in f.paths if p}
        if f.status == "listed":
            roots.add(f.entity)
        by_root = {nid: self.listing_refs(nid) for nid in sorted(roots)}
        lists = [ref for refs in by_root.values() for ref in refs]
        legal = f.basis == "legal"
        explanation = self.explain(f, lists)
        undated = {nid: u for nid, refs in by_root.items() if (u := undated_refs(refs))}
        reg = REGIME_NAMES.get(self.r.regime, self.r.regime.upper())
        for nid, refs in list(undated.items())[:MAX_UNDATED]:
            text = caveat(self.label(nid), reg, refs, self.dated_ref(nid), self.r.as_of)
            explanation += f" {text}"
        if len(undated) > MAX_UNDATED:
            explanation += f" ({len(undated) - MAX_UNDATED} more listed parties likewise.)"
        return ExposureFinding(
            regime=f.regime,
            rule=f.rule_id,
            basis=f.basis,
            status=STATUS_MAP.get(f.status, f.status),
            paths=[list(p) for p in f.paths],
            explanation=explanation,
            lists=lists,
            measures=[self.measure(lists, f.status)] if legal else [],
            share=f.share,
            confidence="high" if legal else "low",
            undated_listing=bool(undated),
        )

    def explain(self, f: Finding, lists: Sequence[ListingRef]) -> str:
        r = self.r
        reg = REGIME_NAMES.get(r.regime, r.regime.upper())
        title = RULE_TITLES.get(r.regime, reg)
        who = self.label(f.entity)
        j = self.index.get(f.entity, -1)
        head = f"As of {r.as_of.isoformat()}, {who}"
        paths = "; ".join(self.path_text(p) for p in f.paths)
        sources = "; ".join(entry_text(x) for x in lists)
        measure = MEASURES[r.regime].name_en
        if f.status == "listed":
            return (
                f"{head} is listed under the {reg} regime: {sources or ', '.join(f.lists)}. "
                f"A listed party is restricted itself; measure: {measure}. "
                f"Legal basis: {self.measure(lists, 'listed').legal_basis or f.document}."
            )
        if f.status in ("owned", "affiliate", "possible_owned"):
            among = (
                {self.index[p[-2]] for p in f.paths if len(p) > 1 and p[-2] in self.index}
                if f.status == "possible_owned"
                else None
            )
            owners = self.holders(j, among=among) if j >= 0 else []
            aggregation = (r.rule.aggregation if r.rule else "") or AGGREGATION.get(r.regime, "")
            share = f.share if f.share is not None else Fraction(0)
            exact = f" (exactly {share.numerator}/{share.denominator})" if share else ""
            text = (
                f"{head} is owned {pct(share)}{exact} in the aggregate by parties restricted "
                f"under {reg}"
                if f.status != "possible_owned"
                else f"{head} may be owned by parties restricted under {reg}: their shares "
                f"reach {pct(share)} at the upper bound of recorded ranges or unknown shares, "
                f"while the definite lower bounds stay below the threshold"
            )
            text += (
                f", against the {title} threshold of {threshold_text(r)} ({f.document}). "
                f"Restricted owners: {self._owners_text(owners)}. "
                f"Under this rule {aggregation}. Ownership paths: {paths}."
            )
            if f.status == "owned":
                text += f" Consequence: {measure}."
            elif f.status == "affiliate":
                text += (
                    " The rule is suspended on this date, so this is a red flag, not a legal "
                    "finding; only listed parties are restricted."
                )
            else:
                text += " Verify the actual shares before relying on this red flag."
            if r.rule is not None and r.rule.caveat:
                text += f" {r.rule.caveat}"
            if lists:
                text += f" Listing sources: {sources}."
            return text
        caution = f.status != "controlled"
        controllers = self.holders(j, controls=True, caution=caution) if j >= 0 else []
        kinds = sorted({k for k in self._control_kinds(j, caution) if k}) if j >= 0 else []
        basis = f" (recorded basis: {', '.join(kinds)})" if kinds else ""
        if f.status == "controlled":
            return (
                f"{head} is controlled{basis} by {self._owners_text(controllers, False)}, "
                f"restricted under {reg}. Under the {title} ({f.document}) control by a "
                f"restricted party restricts the controlled entity. Paths: {paths}. "
                f"Consequence: {measure}." + (f" Listing sources: {sources}." if lists else "")
            )
        why = (
            f"under the {title} recorded control restricts an entity only when it is one of "
            "the test's control limbs and, where the share of the votes or shares it rests on "
            "is recorded, that share is a majority; this control is not, so dealings call for "
            "caution (a red flag, not a legal finding)"
            if r.spec.control
            else "control alone does not restrict it, but dealings call for caution "
            "(a red flag, not a legal finding)"
        )
        shares = self._control_shares(j, "; ")
        recorded = basis[:-1] + shares + ")" if basis else self._control_shares(j)
        return (
            f"{head} is controlled{recorded} by "
            f"{self._owners_text(controllers, False)}, restricted under {reg}, without being "
            f"owned {threshold_text(r)} by restricted parties. {f.document}: {why}. "
            f"Paths: {paths}." + (f" Listing sources: {sources}." if lists else "")
        )

    def _control_shares(self, j: int, sep: str = "") -> str:
        """``recorded share: (25-50%`` for the shares a red flag's control relations
        record, after ``sep`` (else in brackets of its own); "" when none does."""
        c = self.r.cautions
        shares = sorted({s.as_text() for k in c.into(j).tolist() if (s := c.share(k))})
        if not shares:
            return ""
        text = f"recorded share: {', '.join(shares)}"
        return sep + text if sep else f" ({text})"

    def _controls(self, caution: bool) -> Owns:
        return self.r.cautions if caution else self.r.controls

    def _control_kinds(self, j: int, caution: bool = False) -> list[str]:
        c = self._controls(caution)
        kinds = self.r.owns.edges.kind
        return [kinds[int(c.pos[k])] for k in c.into(j).tolist()] if kinds else []
