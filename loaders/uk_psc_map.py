"""Companies House vocabulary -> credgraph model: natures of control, UK registrations.

A PSC's ``natures_of_control`` codes are built from parts: what is held, a band,
the capacity it is held in, and the kind of register.

>>> n = nature("ownership-of-shares-25-to-50-percent")
>>> n.rel.value, n.share.as_text(), n.capacity, n.kind
('OWNS', '(25-50%', '', 'shareholding')
>>> n = nature("voting-rights-50-to-75-percent-as-trust-limited-liability-partnership")
>>> n.rel.value, n.share.as_text(), n.capacity, n.register
('CONTROLS', '(50-75)%', 'trust', 'limited-liability-partnership')
>>> nature("significant-influence-or-control").basis
{'eu': 'e', 'uk': 'significant_influence'}
>>> nature("no-such-nature") is None
True

Bands are the statutory ones (Companies Act 2006 Sch. 1A): "more than 25% but not
more than 50%", "more than 50% but less than 75%", "75% or more"; registered
overseas entities report only "more than 25%".  Bounds stay exact and open where
the words say so, so a 50-75 band passes the 50 % tests and a 25-50 band is
undecided at exactly 50 %.

Shares held *as trust* or *as firm* are held by trustees or a firm that the PSC
controls or belongs to, not by the PSC itself: they become CONTROLS with the band
kept, never OWNS, so no ownership test counts them as the PSC's own shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from graph.model import RelType
from graph.registers import gb_company_number
from graph.share import Share
from loaders.bods_map import INTERESTS

_Q, _H, _TQ = Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)
BANDS: dict[str, Share] = {
    "25-to-50-percent": Share(_Q, _H, lo_open=True),
    "50-to-75-percent": Share(_H, _TQ, lo_open=True, hi_open=True),
    "75-to-100-percent": Share(_TQ, Fraction(1)),
    "more-than-25-percent": Share(_Q, Fraction(1), lo_open=True),
}
# What is held -> the BODS interest type with the same meaning (``loaders.bods_map``),
# so PSC and BODS loads of one register give the same relationship types and limbs.
HELD: dict[str, str] = {
    "ownership-of-shares": "shareholding",
    "voting-rights": "voting-rights",
    "right-to-appoint-and-remove-directors": "appointment-of-board",
    "right-to-appoint-and-remove-members": "appointment-of-board",
    "right-to-appoint-and-remove-person": "appointment-of-board",
    "significant-influence-or-control": "other-influence-or-control",
    "right-to-share-surplus-assets": "rights-to-surplus-assets-on-dissolution",
    "part-right-to-share-surplus-assets": "rights-to-surplus-assets-on-dissolution",
}
CAPACITIES = ("as-control-over-trust", "as-control-over-firm", "as-trust", "as-firm")
REGISTERS = ("limited-liability-partnership", "registered-overseas-entity")
_NOMINEE = re.compile(r"^registered-owner-as-nominee-(person|another-entity)-([a-z-]+?)-")


@dataclass(frozen=True, slots=True)
class Nature:
    """One nature-of-control code, understood."""

    code: str
    kind: str  # the BODS interest type, or "nominee"
    rel: RelType
    share: Share | None = None
    capacity: str = ""  # "", trust, firm, control-over-trust, control-over-firm
    register: str = ""  # "", limited-liability-partnership, registered-overseas-entity
    basis: dict[str, str] = field(default_factory=dict)


def nature(code: str) -> Nature | None:
    """The parts of a natures-of-control code; None when it is not one we know."""
    rest = code.strip().lower()
    register = next((r for r in REGISTERS if rest.endswith("-" + r)), "")
    if register:
        rest = rest[: -len(register) - 1]
    if _NOMINEE.match(rest):
        # A nominee holding of land: a link to the overseas entity, not control of it.
        return Nature(code, "nominee", RelType.LINKED_TO, register=register)
    capacity = next((c for c in CAPACITIES if rest.endswith("-" + c)), "")
    if capacity:
        rest = rest[: -len(capacity) - 1]
    share = None
    for band, value in BANDS.items():
        if rest.endswith("-" + band):
            share, rest = value, rest[: -len(band) - 1]
            break
    held = HELD.get(rest)
    if held is None:
        return None
    m = INTERESTS[held]
    rel = RelType.CONTROLS if m.rel is RelType.OWNS and capacity else m.rel
    basis = dict(m.basis) or ({"uk": "significant_influence"} if rel is RelType.CONTROLS else {})
    return Nature(code, held, rel, share, capacity.removeprefix("as-"), register, basis)


_UK_REGISTER = re.compile(
    r"companies house|register of companies|england|wales|scotland|northern ireland"
    r"|united kingdom|great britain|\buk\b",
    re.I,
)


def uk_registration(identification: dict[str, object]) -> str | None:
    """The Companies House number of a corporate PSC, when its identification says
    it is registered in the UK; a foreign registration number stays a plain fact.

    >>> uk_registration({"place_registered": "Companies House Cardiff",
    ...                  "registration_number": "00686734"})
    '00686734'
    >>> uk_registration({"place_registered": "Connecticut", "registration_number": "41-0406690"})
    """
    number = gb_company_number(identification.get("registration_number"))
    if number is None:
        return None
    where = " ".join(
        str(identification.get(k) or "")
        for k in ("place_registered", "country_registered", "legal_authority")
    )
    return number if _UK_REGISTER.search(where) else None
