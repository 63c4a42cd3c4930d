"""Sanctions regimes as data (DOMAIN.md §7, §7.5, §10.2-10.3).

One engine (``graph.risk.sanctions``) runs every regime; what differs between
OFAC, BIS, EU and UK is only the data below: the ownership threshold and whether
it is inclusive, whether holdings of different listed owners aggregate, whether
recorded control relations count, and from when to when the ownership rule is in
force.  Listed parties themselves are always restricted; the windows govern only
the *derived* (owned / controlled) entities.

>>> rule = REGIMES["eu"].rule_on(date(2024, 7, 2))
>>> (rule.threshold, rule.inclusive)
(Fraction(1, 2), False)
>>> REGIMES["eu"].rule_on(date(2024, 7, 3)).inclusive
True
>>> REGIMES["bis"].rule_on(date(2025, 12, 1)).mode
'red_flag'
>>> REGIMES["bis"].rule_on(date(2025, 1, 1)) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from graph.errors import InvalidInput
from graph.share import Share

HALF = Fraction(1, 2)
Mode = Literal["legal", "red_flag"]


@dataclass(frozen=True, slots=True)
class OwnershipRule:
    """The ownership test in force during ``[start, end)`` (None = open).

    ``mode`` ``red_flag`` means the rule is suspended: derived entities are still
    computed but reported as heuristic red flags, never as legal findings.
    ``caveat``: what the window rests on beyond its sources (a date switch that is an
    assumption), said in every explanation of an entity the rule reaches.
    ``aggregation``: how holdings add up under this window, with its source, when it
    differs from the regime's usual wording (``explanation.AGGREGATION``).
    """

    start: date | None
    end: date | None
    threshold: Fraction
    inclusive: bool
    mode: Mode
    document: str
    caveat: str = ""
    aggregation: str = ""

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def meets(self, share: Fraction, above: bool = False) -> bool:
        """Does an exact share meet this threshold?  ``above``: the holding is
        strictly more than ``share`` (a sum with an open lower bound, such as a UK
        PSC band "more than 50% but less than 75%"), so a strict test passes at
        the threshold itself.

        >>> rule = OwnershipRule(None, None, HALF, False, "legal", "")
        >>> rule.meets(HALF), rule.meets(HALF, above=True)
        (False, True)
        """
        if above or self.inclusive:
            return share >= self.threshold
        return share > self.threshold


@dataclass(frozen=True, slots=True)
class RegimeSpec:
    """One regime: how listed parties' ownership and control spread.

    ``aggregate``: sum the holdings of all listed/blocked owners (OFAC FAQ 399, EU
    FAQ 8).  When False (UK, OFSI guidance 4.14) holdings aggregate only within
    one designated person's group: the person, what it owns or controls, and
    designated persons joined to it by a recorded joint arrangement.
    ``control``: recorded CONTROLS relations from a restricted party make the
    controlled entity restricted (EU, UK); otherwise they are red flags only.
    """

    name: str
    rules: tuple[OwnershipRule, ...]
    aggregate: bool
    control: bool
    control_document: str = ""

    def rule_on(self, day: date) -> OwnershipRule | None:
        for rule in self.rules:
            if rule.covers(day):
                return rule
        return None


_OFAC_DOC = "OFAC 50 Percent Rule guidance 2014-08-13 (79 FR 47726); OFAC FAQ 398-401"
_BIS_DOC = "BIS Affiliates Rule, FR Doc. 2025-19001 (15 CFR 744)"
_BIS_AFTER_SUSPENSION = (
    "The rule's one-year suspension from 2025-11-10 was to end on 2026-11-10, and credgraph"
    " applies the rule again from that day; an extension or other change after that is not"
    " in its sources, so check the Federal Register before relying on this."
)
# The EU's documents by date (DOMAIN.md §7.2; graph/catalog.yaml EU_FSF ownership_basis):
# each window cites only what existed on its dates.
_EU_DOC_EARLY = "EU Best Practices for restrictive measures (versions before 2018), ownership > 50%"
_EU_DOC_2018 = "EU Best Practices 2018 for restrictive measures, ownership > 50%"
_EU_FAQ8 = "Commission FAQ 8 (2022-04-08), aggregation"
_EU_DOC_2024 = "EU Best Practices 2024 (update of 2024-07-03), ownership >= 50%"
_EU_AGG_EARLY = (
    "holdings of all listed owners are aggregated, as the Commission's FAQ 8 later confirmed "
    "(2022-04-08); no earlier document in credgraph's sources says so, and an owned "
    "intermediate's holdings count in full"
)
_EU_2018 = date(2018, 5, 4)  # Council doc. 8519/18 (the date is recalled, DOMAIN.md has none)
_EU_FAQ = date(2022, 4, 8)
_EU_2024 = date(2024, 7, 3)
_UK_DOC = "OFSI General Guidance 4.14 (ownership and control, > 50%, no aggregation)"

REGIMES: dict[str, RegimeSpec] = {
    "ofac": RegimeSpec(
        "ofac", (OwnershipRule(None, None, HALF, True, "legal", _OFAC_DOC),), True, False
    ),
    "bis": RegimeSpec(
        "bis",
        (
            OwnershipRule(date(2025, 9, 29), date(2025, 11, 10), HALF, True, "legal", _BIS_DOC),
            # Suspended for one year (DOMAIN.md §7.4): affiliates stay red flags.
            OwnershipRule(
                date(2025, 11, 10),
                date(2026, 11, 10),
                HALF,
                True,
                "red_flag",
                _BIS_DOC + " (suspended)",
            ),
            # The suspension lapses on 2026-11-10 unless changed: the rule applies again.
            OwnershipRule(
                date(2026, 11, 10), None, HALF, True, "legal", _BIS_DOC, _BIS_AFTER_SUSPENSION
            ),
        ),
        True,
        False,
    ),
    "eu": RegimeSpec(
        "eu",
        (
            OwnershipRule(
                None, _EU_2018, HALF, False, "legal", _EU_DOC_EARLY, aggregation=_EU_AGG_EARLY
            ),
            OwnershipRule(
                _EU_2018, _EU_FAQ, HALF, False, "legal", _EU_DOC_2018, aggregation=_EU_AGG_EARLY
            ),
            OwnershipRule(_EU_FAQ, _EU_2024, HALF, False, "legal", f"{_EU_DOC_2018}; {_EU_FAQ8}"),
            OwnershipRule(_EU_2024, None, HALF, True, "legal", f"{_EU_DOC_2024}; {_EU_FAQ8}"),
        ),
        True,
        True,
        "EU Best Practices: control criteria (a)-(h)",
    ),
    "uk": RegimeSpec(
        "uk",
        (OwnershipRule(None, None, HALF, False, "legal", _UK_DOC),),
        False,
        True,
        "OFSI General Guidance: control limbs (board appointment, reasonable to expect)",
    ),
}


# Recorded kinds of control -> the regimes whose control test they are a limb of
# (DOMAIN.md §7.2 criteria (a)-(h), §7.3 limbs), in the words the BODS, PSC and GLEIF
# loaders record them.  A trust's settlor, trustee or protector, or control "by legal
# framework", is no limb of either test: such control is a red flag, not control.
# A kind not in the table (a bundle's own ``basis`` text, or none) is control as recorded.
_EU_UK = frozenset({"eu", "uk"})
CONTROL_LIMBS: dict[str, frozenset[str]] = {
    "voting_rights": _EU_UK,  # EU (c), UK limb 1: a majority of the votes
    "shareholding": _EU_UK,  # shares held as trustee or firm (PSC "as-trust"): their votes
    "appointment_of_board": _EU_UK,  # EU (a), UK limb 2
    "other_influence_or_control": _EU_UK,  # EU (e), UK limb 3
    "other_influence_or_control_of_trust": frozenset({"uk"}),
    "rights_granted_by_contract": frozenset({"eu"}),  # EU (d)
    "control_via_company_rules_or_articles": frozenset({"eu"}),  # EU (d)
    "enjoyment_and_use_of_assets": frozenset({"eu"}),  # EU (f)
    "accounting_consolidation_direct": frozenset({"eu"}),  # EU (g)
    "accounting_consolidation_ultimate": frozenset({"eu"}),
    **dict.fromkeys(
        (
            "settlor_of_trust", "settlor", "trustee_of_trust", "trustee",
            "protector_of_trust", "protector", "control_by_legal_framework",
        ),
        frozenset[str](),
    ),
}  # fmt: skip


def control_counts(regime: str, kind: str, share: Share | None) -> bool:
    """Does one recorded control relation meet ``regime``'s control test?

    Its kind must be a limb of the regime's test, and a recorded share (of the votes
    or shares controlled) must be a majority: more than half, as EU criterion (c) and
    the UK's first limb say.  Without a share, control stands as recorded.

    >>> control_counts("uk", "voting_rights", Share.exact(Fraction(3, 10)))
    False
    >>> control_counts("uk", "voting_rights", Share(HALF, Fraction(3, 4), lo_open=True))
    True
    >>> control_counts("uk", "appointment_of_board", None), control_counts("uk", "settlor", None)
    (True, False)
    >>> control_counts("eu", "accounting_consolidation_direct", None)
    True
    """
    limbs = CONTROL_LIMBS.get(kind)
    if limbs is not None and regime not in limbs:
        return False
    return share is None or share.lo > HALF or (share.lo == HALF and share.lo_open)


def regime_spec(regime: str | RegimeSpec) -> RegimeSpec:
    """The spec for a regime name (``ofac``, ``bis``, ``eu``, ``uk``) or the spec itself.

    >>> regime_spec("OFAC").name
    'ofac'
    """
    if isinstance(regime, RegimeSpec):
        return regime
    spec = REGIMES.get(regime.lower())
    if spec is None:
        raise InvalidInput(
            f"unknown regime {regime!r}: choose one of {', '.join(sorted(REGIMES))}",
            regime=regime,
            choices=sorted(REGIMES),
        )
    return spec
