"""DOMAIN.md §8 worked examples (IO-1..IO-4, CS-1, UBO-1/2), cycles, §10.4."""

from __future__ import annotations

from fractions import Fraction

import pytest
from risk_helpers import AFTER, edge_arrays

from graph.errors import NotFound
from graph.risk.control import majority_control, ultimate_labels
from graph.risk.lookthrough import owners, subsidiaries
from graph.risk.reference import reference_integrated, rels_of
from graph.share import Share


def shares(lt):
    return {h.entity: h.share for h in lt.holdings}


@pytest.mark.parametrize(
    ("owns", "target", "expected"),
    [
        ([("X", "A", "1/2"), ("A", "B", "1/2")], "B", {"A": 0.5, "X": 0.25}),  # IO-1
        (
            [("X", "A", "1/2"), ("X", "B", "1/2"), ("A", "C", "1/4"), ("B", "C", "1/4")],
            "C",
            {"X": 0.25, "A": 0.25, "B": 0.25},
        ),  # IO-2
        ([("X", "A", "1/2"), ("X", "B", "1/10"), ("A", "B", "2/5")], "B", {"X": 0.3, "A": 0.4}),
        (
            [("A", "B1", "1"), ("A", "B2", "4/5"), ("B1", "C", "1/5"), ("B2", "C", "2/5")],
            "C",
            {"A": 0.52, "B2": 0.4},
        ),  # IO-4
    ],
    ids=["IO-1", "IO-2", "IO-3", "IO-4"],
)
def test_integrated_examples(owns, target, expected):
    got = shares(owners(edge_arrays(owns), target, threshold=Fraction(1, 4), as_of=AFTER))
    assert got.keys() == expected.keys()
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, abs=1e-12)


def test_owner_details_direct_paths_ultimate():
    e = edge_arrays([("X", "A", "1/2"), ("X", "B", "1/10"), ("A", "B", "2/5")])
    h = {x.entity: x for x in owners(e, "B", threshold=Fraction(0), as_of=AFTER).holdings}
    assert h["X"].direct == Fraction(1, 10) and h["A"].direct == Fraction(2, 5)
    assert set(h["X"].paths) == {("X", "B"), ("X", "A", "B")}
    assert h["X"].ultimate and h["A"].ultimate  # A is owned exactly 50%, not more


def test_cs1_control_differs_from_integrated_ownership():
    e = edge_arrays([("P", "F1", "3/5"), ("F1", "F3", "3/10"), ("P", "F3", "1/4")])
    ctl = {c.entity: c.votes for c in majority_control(e, "P", AFTER)}
    assert ctl == {"F1": Fraction(3, 5), "F3": Fraction(11, 20)}
    assert shares(owners(e, "F3", as_of=AFTER))["P"] == pytest.approx(0.43)


def test_ubo_examples():
    ubo1 = edge_arrays([("A", "B", "7/10"), ("B", "C", "3/5")])
    lab = ultimate_labels(ubo1, AFTER)
    assert (lab.of("B"), lab.of("C"), lab.of("A")) == ("A", "A", None)
    ubo2 = edge_arrays(
        [("A", "B1", "1"), ("A", "B2", "4/5"), ("B1", "C", "1/5"), ("B2", "C", "2/5")]
    )
    assert ultimate_labels(ubo2, AFTER).of("C") == "A"
    assert [c.entity for c in majority_control(ubo2, "A", AFTER)] == ["B1", "B2", "C"]


def test_sixty_chain_lookthrough_shrinks_below_half():
    chain = [("X", "C1", "3/5"), ("C1", "C2", "3/5"), ("C2", "C3", "3/5")]
    got = shares(owners(edge_arrays(chain), "C3", threshold=Fraction(0), as_of=AFTER))
    assert got["X"] == pytest.approx(0.216) and got["X"] < 0.5


def test_cycle_correction_matches_walks_that_never_return():
    owns = [("A", "B", "1/2"), ("B", "A", "1/5"), ("B", "C", "1/2"), ("P", "A", "1/2")]
    e = edge_arrays(owns)
    rels = rels_of(e)
    h = {x.entity: x for x in owners(e, "C", threshold=Fraction(0), as_of=AFTER).holdings}
    for who in ("A", "B", "P"):
        raw = reference_integrated(rels, AFTER)[(who, "C")]
        corrected = reference_integrated(rels, AFTER, skip_return_to=who)[(who, "C")]
        assert h[who].raw == pytest.approx(raw, abs=1e-9)
        assert h[who].share == pytest.approx(corrected, abs=1e-9)
    assert h["A"].share < h["A"].raw  # the cycle A->B->A was double counted


def test_degenerate_cycle_is_flagged_and_ranges_are_intervals():
    e = edge_arrays([("A", "B", "1"), ("B", "A", "1"), ("P", "T", "1/4..3/4")])
    assert set(owners(e, "A", as_of=AFTER).degenerate) == {"A", "B"}
    h = owners(e, "T", as_of=AFTER).holdings[0]
    assert (h.share, h.share_hi) == (0.25, 0.75)
    with pytest.raises(NotFound):
        owners(e, "nobody", as_of=AFTER)
    sub = {x.entity: x.share for x in subsidiaries(e, "P", as_of=AFTER).holdings}
    assert sub == {"T": 0.25}


def test_unknown_and_banded_direct_shares_keep_what_was_recorded():
    # A PSC band "more than 25% but not more than 50%" and an Ownership with no percentage.
    band = Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)
    e = edge_arrays([("U", "T", None), ("B", "T", band), ("P", "B", "1/2"), ("X", "T", "1/10")])
    h = {x.entity: x for x in owners(e, "T", threshold=Fraction(0), as_of=AFTER).holdings}
    assert h["U"].direct_unknown and h["U"].direct_share is None
    assert (h["U"].share, h["U"].share_hi, h["U"].basis) == (0.0, 1.0, "unknown")
    assert not h["B"].direct_unknown and h["B"].direct_share == band
    assert h["B"].basis == "range"
    # P's look-through rests on B's band: 1/2 of (25%, 50%] is 12.5% to 25%.
    assert h["P"].direct is None and h["P"].direct_share is None and not h["P"].direct_unknown
    assert (h["P"].share, h["P"].share_hi, h["P"].basis) == (0.125, 0.25, "range")
    assert h["X"].direct_share == Share.exact(Fraction(1, 10)) and h["X"].basis == "exact"


def test_subsidiaries_say_what_their_share_rests_on():
    e = edge_arrays([("Q", "Z", None), ("Z", "W", "1/2"), ("Q", "A", "1/2"), ("A", "V", "3/5")])
    h = {x.entity: x for x in subsidiaries(e, "Q", as_of=AFTER).holdings}
    assert {k: v.basis for k, v in h.items()} == {
        "Z": "unknown", "W": "unknown", "A": "exact", "V": "exact",
    }  # fmt: skip
    # The unknown stake implies [0, 1], so W is held 0% to 50% through Z.
    assert (h["W"].share, h["W"].share_hi) == (0.0, 0.5)
