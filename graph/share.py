"""Exact shares: a point or an interval of fractions, never a binary float.

Registries publish a share as "53.57", a band "25-50%" or a BODS range with
exclusive bounds.  Legal thresholds (OFAC >= 50 %, UK > 50 %) must compare these
exactly: in floating point ``0.02/100 + 49.98/100 < 0.5`` is true.

>>> Share.parse("49.98") + Share.parse("0.02") >= Fraction(1, 2)
True
>>> Share.parse("25-50%")
Share(lo=Fraction(1, 4), hi=Fraction(1, 2), lo_open=False, hi_open=False)
>>> Share.parse("50%").as_text()
'50%'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from graph.errors import ModelError

ZERO = Fraction(0)
ONE = Fraction(1)
HALF = Fraction(1, 2)

_RANGE = re.compile(r"^\s*([0-9.]+)\s*%?\s*(?:-|–|to)\s*([0-9.]+)\s*%?\s*$")


def _percent(text: str) -> Fraction:
    try:
        d = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation as exc:
        raise ModelError(f"not a percentage: {text!r}", value=text) from exc
    if not d.is_finite():
        raise ModelError(f"not a finite percentage: {text!r}", value=text)
    return Fraction(d) / 100


@dataclass(frozen=True, slots=True)
class Share:
    """A fraction of an entity in [0, 1]; ``lo == hi`` for an exact share.

    ``lo_open``/``hi_open`` mark exclusive bounds (BODS ``exclusiveMinimum``).
    """

    lo: Fraction
    hi: Fraction
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        if not (ZERO <= self.lo <= self.hi <= ONE):
            raise ModelError(
                f"share out of range: {self.lo}..{self.hi}", lo=str(self.lo), hi=str(self.hi)
            )

    @classmethod
    def exact(cls, value: Fraction | int | str) -> Share:
        f = Fraction(value)
        return cls(f, f)

    @classmethod
    def parse(cls, text: str) -> Share:
        """Parse a percentage ("53.57", "50%") or a band ("25-50%") into a Share."""
        m = _RANGE.match(text)
        if m:
            return cls(_percent(m.group(1)), _percent(m.group(2)))
        f = _percent(text)
        return cls(f, f)

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi and not (self.lo_open or self.hi_open)

    @property
    def mid(self) -> Fraction:
        return (self.lo + self.hi) / 2

    def __add__(self, other: Share) -> Share:
        return Share(
            min(self.lo + other.lo, ONE),
            min(self.hi + other.hi, ONE),
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def at_least(self, threshold: Fraction) -> bool | None:
        """Is the share >= threshold?  None when the interval straddles it."""
        # Every value in the interval is >= lo, open bound or not.
        if self.lo >= threshold:
            return True
        if self.hi < threshold or (self.hi == threshold and self.hi_open):
            return False
        return None

    def __ge__(self, threshold: Fraction) -> bool:
        # The definite answer only: an interval that may reach the threshold is not >= it.
        return self.at_least(threshold) is True

    def to_dict(self) -> dict[str, Any]:
        return {
            "lo": str(self.lo),
            "hi": str(self.hi),
            "lo_open": self.lo_open,
            "hi_open": self.hi_open,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Share:
        return cls(
            Fraction(d["lo"]),
            Fraction(d["hi"]),
            bool(d.get("lo_open", False)),
            bool(d.get("hi_open", False)),
        )

    def as_text(self) -> str:
        """Human form in percent, exact where the decimal terminates, else cut (never
        rounded) to four decimals so that a share just under a threshold never reads
        as the threshold; a band keeps its open ends as ``(`` and ``)``.

        >>> Share.exact(Fraction(4999999, 10**7)).as_text(), Share.exact(Fraction(1, 3)).as_text()
        ('49.9999%', '33.3333%')
        >>> Share(Fraction(1, 4), Fraction(1, 2), lo_open=True).as_text()
        '(25-50%'
        """

        def pct(f: Fraction) -> str:
            v = f * 100
            whole, rest = divmod(v.numerator * 10**4 // v.denominator, 10**4)
            return f"{whole}.{rest:04d}".rstrip("0").rstrip(".")

        if self.lo == self.hi:
            return pct(self.lo) + "%"
        lo = ("(" if self.lo_open else "") + pct(self.lo)
        hi = pct(self.hi) + (")" if self.hi_open else "")
        return f"{lo}-{hi}%"
