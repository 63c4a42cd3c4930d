"""Exact shares: parsing, arithmetic and threshold tests against a brute-force reference."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import ModelError
from graph.share import HALF, Share

fractions01 = st.fractions(min_value=0, max_value=1, max_denominator=400)


@st.composite
def shares(draw: st.DrawFn) -> Share:
    a, b = draw(fractions01), draw(fractions01)
    lo, hi = min(a, b), max(a, b)
    lo_open = draw(st.booleans()) and lo < hi
    hi_open = draw(st.booleans()) and lo < hi
    return Share(lo, hi, lo_open, hi_open)


def members(s: Share, t: Fraction, grid: int = 800) -> list[Fraction]:
    """Points of the interval: its bounds, a grid, and points either side of ``t``
    (brute-force reference; the points beside ``t`` witness a member on each side)."""
    pts = {s.lo, s.hi, (s.lo + s.hi) / 2, t, (s.lo + t) / 2, (t + s.hi) / 2}
    pts |= {Fraction(k, grid) for k in range(grid + 1)}
    return [
        p
        for p in pts
        if (s.lo < p or (p == s.lo and not s.lo_open))
        and (p < s.hi or (p == s.hi and not s.hi_open))
    ]


@given(shares(), fractions01)
def test_at_least_agrees_with_every_member(s: Share, t: Fraction) -> None:
    verdicts = {p >= t for p in members(s, t)}
    answer = s.at_least(t)
    if answer is None:
        assert verdicts == {True, False}
    else:
        assert verdicts == {answer}


def test_the_float_trap_is_exact() -> None:
    assert (Share.parse("49.98") + Share.parse("0.02")).at_least(HALF) is True
    assert Share.parse("49.99").at_least(HALF) is False


def test_open_lower_bound_at_the_threshold_is_above_it() -> None:
    # A PSC band "more than 25% up to 50%": every value is >= 25%.
    assert Share(Fraction(1, 4), HALF, lo_open=True).at_least(Fraction(1, 4)) is True
    assert Share(Fraction(1, 4), HALF, hi_open=True).at_least(HALF) is False
    assert Share(Fraction(1, 4), HALF).at_least(HALF) is None


@pytest.mark.parametrize("text", ["-1", "101", "NaN", "五十", "abc"])
def test_absurd_percentages_are_rejected(text: str) -> None:
    with pytest.raises(ModelError):
        Share.parse(text)


@given(shares())
def test_dict_round_trip(s: Share) -> None:
    assert Share.from_dict(s.to_dict()) == s
