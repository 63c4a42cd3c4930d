"""The "shares past 100 %" check readers run at the end of a file: owners' lowest
shares of one company, valid at the same time, adding up past 100 % are odd but real
(double-reported stakes, stale filings), so they are warned, not skipped.

A big file has millions of ownership edges, so only a few fields of each are kept,
per owned company, in a ``SpillMap`` (bounded memory, ``loaders.spill``).

>>> from datetime import date
>>> s = Stakes()
>>> s.add("co", Fraction(3, 5), None, None, 1)
>>> s.add("co", Fraction(1, 2), date(2020, 1, 1), None, 2)
>>> [(w.reason, w.detail) for w in s.overfull("f.json", "asset")]
[('shares of one asset sum past 100%', '110.00% on 2020-01-01')]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import NamedTuple

from loaders.records import Warned
from loaders.spill import SpillMap


class Stake(NamedTuple):
    lo: Fraction
    start: date | None
    end: date | None
    line: int

    def valid_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class Stakes:
    """Stakes by owned company, for one file."""

    def __init__(self) -> None:
        self._by_owned: SpillMap[list[Stake]] = SpillMap()

    def add(
        self, owned: str, lo: Fraction, start: date | None, end: date | None, line: int
    ) -> None:
        stakes = self._by_owned.get(owned) or []
        stakes.append(Stake(lo, start, end, line))
        self._by_owned[owned] = stakes

    def overfull(self, file: str, noun: str) -> Iterator[Warned]:
        """One warning per owned company whose stakes held on one day add past 100 %
        (checked on each day a stake starts), at the line of its first stake; then
        the stakes are dropped."""
        try:
            for owned, stakes in self._by_owned.items():
                if len(stakes) == 1 and stakes[0].lo <= 1:
                    continue
                for day in sorted({s.start or date.min for s in stakes}):
                    total = sum((s.lo for s in stakes if s.valid_on(day)), Fraction(0))
                    if total > 1:
                        yield Warned(
                            file,
                            stakes[0].line,
                            owned,
                            f"shares of one {noun} sum past 100%",
                            f"{float(total) * 100:.2f}% on {day}",
                        )
                        break
        finally:
            self._by_owned.close()
