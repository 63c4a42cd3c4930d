"""Open lower bounds decide strict tests: a UK PSC band "more than 50% but less than
75%" is a holding of more than 50 %, so the UK (> 50 %) and the pre-2024 EU (> 50 %)
tests pass on it; the closed range [50 %, 75 %] may be exactly 50 % and does not.
Each case is checked by hand and against the plain reference."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from risk_helpers import BEFORE_EU, LISTS, edge_arrays

from graph.model import Node, NodeType, Rel, RelType
from graph.risk.control import majority_control, ultimate_labels
from graph.risk.exposure import exposure
from graph.risk.reference import reference_majority_control, reference_regime, rels_of
from graph.risk.sanctions import evaluate_regime
from graph.share import Share
from graph.store.sqlite import SQLiteStore

Q, H, TQ = Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)
ABOVE_HALF = Share(H, TQ, lo_open=True, hi_open=True)  # "more than 50% but less than 75%"
FROM_HALF = Share(H, TQ)  # "50% to 75%": may be exactly 50 %
UP_TO_HALF = Share(Q, H, lo_open=True)  # "more than 25% but not more than 50%"
DAY = date(2026, 1, 1)
LIST_OF = {"ofac": "list:SDN", "eu": "list:EU", "uk": "list:UK"}


def _status(owns: list[tuple[str, str, Share]], regime: str, day: date, **kw: object) -> str:
    listed = {x: LIST_OF[regime] for x in ("X", "Y")}
    e = edge_arrays(owns, listed=listed, **kw)  # type: ignore[arg-type]
    got = evaluate_regime(e, LISTS, regime, day).entities
    ref = reference_regime(rels_of(e), LISTS, regime, day)
    mine = got["A"].status if "A" in got else "none"
    assert mine == (ref["A"][0] if "A" in ref else "none")
    return mine


@pytest.mark.parametrize(
    ("share", "regime", "day", "status"),
    [
        (ABOVE_HALF, "uk", DAY, "owned"),
        (FROM_HALF, "uk", DAY, "none"),
        (ABOVE_HALF, "eu", BEFORE_EU, "owned"),  # > 50 % before 2024-07-03
        (FROM_HALF, "eu", BEFORE_EU, "none"),
        (FROM_HALF, "eu", DAY, "owned"),  # >= 50 % since
        (FROM_HALF, "ofac", DAY, "owned"),
        (UP_TO_HALF, "ofac", DAY, "none"),  # may be 26 %
    ],
)
def test_one_owner(share: Share, regime: str, day: date, status: str) -> None:
    assert _status([("X", "A", share)], regime, day) == status


def test_an_open_bound_carries_through_a_sum() -> None:
    # 25 %+ (open) and exactly 25 %: more than 50 % together, when they aggregate.
    owns = [("X", "A", UP_TO_HALF), ("Y", "A", Share.exact(Q))]
    assert _status(owns, "ofac", DAY) == "owned"
    # UK: two designated persons do not aggregate ...
    assert _status(owns, "uk", DAY) == "none"
    # ... unless a joint arrangement joins them; then the sum is above 50 %.
    joined = _status(owns, "uk", DAY, links=[("X", "Y", "joint_arrangement")])
    assert joined == "owned"


def test_a_uk_red_flag_on_a_closed_range_names_its_owners() -> None:
    # The entity a red flag is about is not restricted, so it has no group of its own;
    # the explanation named no owner at all ("Restricted owners: .").
    s = SQLiteStore.from_url("sqlite:///:memory:")
    s.upsert_nodes(
        [
            Node("X", NodeType.COMPANY, "X Corp"),
            Node("A", NodeType.COMPANY, "A Ltd"),
            Node("list:UK", NodeType.LIST, "UK list", props={"regime": "uk"}),
        ]
    )
    s.upsert_rels(
        [
            Rel("xa", RelType.OWNS, "X", "A", share=FROM_HALF),
            Rel("xl", RelType.LISTED_ON, "X", "list:UK"),
        ]
    )
    (flag,) = exposure(s, "A", DAY).findings
    assert (flag.rule, flag.basis) == ("uk.possible_owned", "heuristic")
    assert "Restricted owners: X Corp (X) holds 50% to 75% directly" in flag.explanation


def test_a_band_above_half_is_majority_control() -> None:
    e = edge_arrays([("P", "A", ABOVE_HALF), ("P", "B", FROM_HALF)])
    got = {c.entity for c in majority_control(e, "P", as_of=DAY)}
    assert got == set(reference_majority_control(rels_of(e), "P", DAY)) == {"A"}
    labels = ultimate_labels(e, DAY)
    assert (labels.of("A"), labels.of("B")) == ("P", None)


@pytest.mark.parametrize(("hi_open", "flagged"), [(True, False), (False, True)])
def test_an_open_upper_bound_at_the_threshold_is_no_red_flag(hi_open: bool, flagged: bool) -> None:
    # [25%, 50%) can never reach OFAC's 50%; [25%, 50%] may.
    e = edge_arrays([("X", "A", Share(Q, H, hi_open=hi_open))], listed={"X": "list:SDN"})
    res = evaluate_regime(e, LISTS, "ofac", DAY)
    assert ("A" in {f.entity for f in res.red_flags}) is flagged


def test_an_owner_of_more_than_half_by_an_open_band_is_not_ultimate() -> None:
    # "more than 50% but less than 75%" of M: M is not ultimately owned by no one
    # (§8.3), so only P may carry the ultimate flag; exactly 50% leaves M ultimate.
    from graph.risk.lookthrough import owners

    e = edge_arrays([("P", "M", ABOVE_HALF), ("M", "T", Share.exact(TQ))])
    flags = {
        h.entity: h.ultimate for h in owners(e, "T", as_of=DAY, threshold=Fraction(0)).holdings
    }
    assert flags == {"M": False, "P": True}
    e = edge_arrays([("P", "M", FROM_HALF), ("M", "T", Share.exact(TQ))])
    closed = owners(e, "T", as_of=DAY, threshold=Fraction(0)).holdings
    assert {h.entity: h.ultimate for h in closed}["M"] is True
