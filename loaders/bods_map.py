"""BODS vocabulary -> credgraph model: interest types, shares, dates, identifiers.

Interest types are normalised to kebab case first (0.2 writes ``voting-rights``,
0.4 writes ``votingRights``), then mapped:

>>> interest_kind("votingRights"), interest_kind("voting-rights")
('voting-rights', 'voting-rights')
>>> m = INTERESTS["appointment-of-board"]
>>> m.rel.value, m.basis
('CONTROLS', {'eu': 'a', 'uk': 'board_appointment'})

Shares are percentages; ranges keep their open bounds:

>>> bods_share({"minimum": 25, "exclusiveMinimum": 25, "maximum": 50})
Share(lo=Fraction(1, 4), hi=Fraction(1, 2), lo_open=True, hi_open=False)
>>> bods_share({"exact": Decimal("26.15")}).as_text()
'26.15%'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from graph.errors import ModelError
from graph.lei import validate_lei
from graph.model import RelType, Role
from graph.share import Share
from graph.uscc import normalize_identifier, validate_uscc
from loaders.resolve import register_aliases

# Producers that compute percentages in binary floating point publish 26.150000000000002;
# more than this many decimal places of a percentage is such noise, not information.
SHARE_PLACES = 8
_QUANT = Decimal(1).scaleb(-SHARE_PLACES)


@dataclass(frozen=True, slots=True)
class InterestMap:
    """What one interest type becomes: relationship type, role, control bases."""

    rel: RelType
    role: Role | None = None
    # Control limbs the interest matches: EU Best Practices criteria (a)-(h), and
    # the UK test's limbs (shares/votes > 50 %, board appointment, significant influence).
    basis: dict[str, str] = field(default_factory=dict)


_C = RelType.CONTROLS
_L = RelType.LINKED_TO
INTERESTS: dict[str, InterestMap] = {
    "shareholding": InterestMap(RelType.OWNS),
    "voting-rights": InterestMap(_C, basis={"eu": "c", "uk": "voting_rights"}),
    "appointment-of-board": InterestMap(_C, basis={"eu": "a", "uk": "board_appointment"}),
    "other-influence-or-control": InterestMap(_C, basis={"eu": "e", "uk": "significant_influence"}),
    "senior-managing-official": InterestMap(RelType.OFFICER_OF, Role.SENIOR_MANAGER),
    "board-member": InterestMap(RelType.OFFICER_OF, Role.DIRECTOR),
    "board-chair": InterestMap(RelType.OFFICER_OF, Role.DIRECTOR),
    "settlor-of-trust": InterestMap(_C),
    "settlor": InterestMap(_C),
    "trustee-of-trust": InterestMap(_C),
    "trustee": InterestMap(_C),
    "protector-of-trust": InterestMap(_C),
    "protector": InterestMap(_C),
    "other-influence-or-control-of-trust": InterestMap(_C, basis={"uk": "significant_influence"}),
    "rights-granted-by-contract": InterestMap(_C, basis={"eu": "d"}),
    "control-via-company-rules-or-articles": InterestMap(_C, basis={"eu": "d"}),
    "control-by-legal-framework": InterestMap(_C),
    "enjoyment-and-use-of-assets": InterestMap(_C, basis={"eu": "f"}),
    # Economic or conditional rights and unknown interests are neither ownership of
    # shares nor control: kept as typed links so no regime counts them as either.
    "beneficiary-of-trust": InterestMap(_L),
    "beneficiary-of-legal-arrangement": InterestMap(_L),
    "rights-to-surplus-assets-on-dissolution": InterestMap(_L),
    "rights-to-profit-or-income": InterestMap(_L),
    "right-to-profit-or-income-from-assets": InterestMap(_L),
    "conditional-rights-granted-by-contract": InterestMap(_L),
    "unknown-interest": InterestMap(_L),
    "unpublished-interest": InterestMap(_L),
    "nominee": InterestMap(_L),
    "nominator": InterestMap(_L),
}
UNKNOWN_INTEREST = InterestMap(_L)

# org-id.guide codes for identifier schemes that only carry a name in older files.
SCHEME_NAMES = {
    "DK Centrale Virksomhedsregister": "DK-CVR",
    "Ministry of Justice Business Register": "SK-ORSR",
    "Companies House": "GB-COH",
    "Global Legal Entity Identifier Index": "XI-LEI",
}
LEI_SCHEMES = frozenset({"XI-LEI"})
USCC_SCHEMES = frozenset({"CN-USCC", "CN-SAMR", "CN-SAIC", "CN-USCI"})
_USCC_OK = (None, "org_code_check", "legacy_pilot_checksum")
_RA = re.compile(r"^RA\d{6}$")  # GLEIF registration-authority codes used as scheme names
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def interest_kind(type_: str) -> str:
    """Kebab-case form of a 0.2 or 0.4 interest type."""
    return _CAMEL.sub(r"-\1", type_.strip()).lower()


def _num(v: Any) -> Decimal:
    if isinstance(v, bool):
        raise ModelError(f"not a number: {v!r}", value=v)
    try:
        d = Decimal(str(v))
    except InvalidOperation as exc:
        raise ModelError(f"not a number: {v!r}", value=v) from exc
    if not d.is_finite():
        raise ModelError(f"not a finite number: {v!r}", value=v)
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and -exp > SHARE_PLACES:
        d = d.quantize(_QUANT, rounding=ROUND_HALF_EVEN)
    return d


def _pct(v: Any) -> Fraction:
    return Fraction(_num(v)) / 100


def bods_share(share: dict[str, Any]) -> Share | None:
    """The ``share`` object of an interest as an exact ``Share``; None when empty.

    ``exclusiveMinimum``/``exclusiveMaximum`` are numbers in BODS 0.3+ and booleans
    in some 0.2 producers (flags on ``minimum``/``maximum``); both are read.  Raises
    ``ModelError`` for values outside 0-100 or not numbers.
    """
    if not share:
        return None
    if share.get("exact") is not None:
        return Share.exact(_pct(share["exact"]))
    lo, lo_open = Fraction(0), False
    hi, hi_open = Fraction(1), False
    xmin, xmax = share.get("exclusiveMinimum"), share.get("exclusiveMaximum")
    if isinstance(xmin, bool):
        lo_open = xmin
    elif xmin is not None:
        lo, lo_open = _pct(xmin), True
    if share.get("minimum") is not None and not (xmin is not None and not isinstance(xmin, bool)):
        lo = _pct(share["minimum"])
    if isinstance(xmax, bool):
        hi_open = xmax
    elif xmax is not None:
        hi, hi_open = _pct(xmax), True
    if share.get("maximum") is not None and not (xmax is not None and not isinstance(xmax, bool)):
        hi = _pct(share["maximum"])
    if "minimum" not in share and "maximum" not in share and xmin is None and xmax is None:
        return None
    return Share(lo, hi, lo_open, hi_open)


def bods_day(text: Any) -> date | None:
    """A BODS date or date-time as a date; None when absent or unreadable.

    >>> bods_day("2012-11-29T00:00:00.000Z"), bods_day("2021"), bods_day(None)
    (datetime.date(2012, 11, 29), datetime.date(2021, 1, 1), None)
    """
    if not text or not isinstance(text, str):
        return None
    parts = text[:10].split("-")
    try:
        return date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except (ValueError, IndexError):
        return None


@dataclass(slots=True)
class EntityIds:
    """Strong ids and aliases read from an entity's ``identifiers``."""

    uscc: str | None = None
    lei: str | None = None
    lei_issue: str | None = None
    registers: list[str] = field(default_factory=list)  # reg:<scheme>:<id>
    listed: list[dict[str, str]] = field(default_factory=list)


def entity_ids(identifiers: list[Any] | None) -> EntityIds:
    """USCC, LEI and register numbers among BODS identifiers.

    >>> ids = entity_ids([{"id": "46320041", "scheme": "SK-ORSR"},
    ...                   {"id": "S000005113", "schemeName": "RA000665"},
    ...                   {"id": "/entities/1", "schemeName": "OpenOwnership Register"}])
    >>> ids.registers
    ['reg:SK-ORSR:46320041', 'reg:RA000665:S000005113']
    """
    out = EntityIds()
    for ident in identifiers or ():
        if not isinstance(ident, dict):
            continue
        raw = str(ident.get("id") or "").strip()
        scheme = str(ident.get("scheme") or "").strip()
        name = str(ident.get("schemeName") or "").strip()
        if not scheme:
            scheme = SCHEME_NAMES.get(name) or (name if _RA.match(name) else "")
        if raw:
            out.listed.append(
                {k: v for k, v in (("scheme", scheme), ("name", name)) if v} | {"id": raw}
            )
        if not raw or not scheme:
            continue
        code = normalize_identifier(raw)
        if scheme in LEI_SCHEMES:
            if out.lei is None:
                lei = validate_lei(code)
                out.lei, out.lei_issue = lei.code, lei.issue
            continue
        if scheme in USCC_SCHEMES or scheme.startswith("CN-"):
            check = validate_uscc(code)
            if check.issue in _USCC_OK and out.uscc is None:
                out.uscc = check.code
                continue
        out.registers += register_aliases(scheme, raw)
    return out
