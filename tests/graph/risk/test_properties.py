"""Properties on random graphs (with cycles): the array engines equal the
plain-Python references exactly, listings are monotone, relabelling is harmless."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk_helpers import AFTER, LISTS, edge_arrays

from graph.risk.control import majority_control, ultimate_labels
from graph.risk.lookthrough import owners
from graph.risk.reference import (
    reference_integrated,
    reference_majority_control,
    reference_regime,
    rels_of,
)
from graph.risk.sanctions import evaluate_regime
from graph.share import Share

NAMES = [f"N{i}" for i in range(8)]
# Exact shares, and the UK PSC bands: ranges whose open lower bounds decide a strict
# (> 50 %) test at exactly 50 %.
BANDS = [
    Share(Fraction(1, 4), Fraction(1, 2), lo_open=True),
    Share(Fraction(1, 2), Fraction(3, 4), lo_open=True, hi_open=True),
    Share(Fraction(3, 4), Fraction(1)),
]
EXACT = ["1/10", "1/4", "3/10", "2/5", "1/2", "51/100", "3/5", "4998/10000", "2/10000"]


@st.composite
def graphs(draw, bands=True):
    """Random ownership graphs; ``bands=False``: exact shares only (the look-through
    power series needs no upper bounds, and a band reaching 100% in a cycle makes
    its upper-bound matrix degenerate)."""
    shares = st.sampled_from(EXACT + BANDS if bands else EXACT)
    n = draw(st.integers(2, 8))
    names = NAMES[:n]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=14, unique=True
        )
    )
    owns = []
    incoming: dict[str, Fraction] = {}
    over_lo: set[str] = set()  # owned companies with an open lower bound among their stakes
    for a, b in pairs:
        if a == b:
            continue
        v = draw(shares)
        s = v if isinstance(v, Share) else Share.exact(Fraction(v))
        total = incoming.get(b, Fraction(0)) + s.lo
        if total > 1 or (total == 1 and (s.lo_open or b in over_lo)):
            continue  # a company's shares sum to at most 100% (an open bound is more)
        incoming[b] = total
        if s.lo_open:
            over_lo.add(b)
        owns.append((a, b, v))
    lists = list(LISTS)
    listed = draw(st.dictionaries(st.sampled_from(names), st.sampled_from(lists), max_size=3))
    controls = draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=3))
    # Kinds that are a limb of both tests, of the EU's only, or of neither; votes with
    # a majority, exactly half, a band above half, a minority or no share recorded.
    kinds = st.sampled_from(["board_appointment", "rights_granted_by_contract", "settlor"])
    votes = st.sampled_from(
        ["3/5", "1/2", Share(Fraction(1, 2), Fraction(3, 4), lo_open=True), "3/10"]
    )
    controls = [
        (a, b, "voting_rights", draw(votes)) if draw(st.booleans()) else (a, b, draw(kinds))
        for a, b in controls
        if a != b
    ]
    links = [
        (a, b, "joint_arrangement")
        for a, b in draw(
            st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names)), max_size=2)
        )
        if a != b
    ]
    return owns, listed, controls, links


DAYS = [date(2024, 1, 1), AFTER, date(2025, 10, 1), date(2025, 12, 1)]


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from(["ofac", "bis", "eu", "uk"]), st.sampled_from(DAYS))
def test_engine_equals_reference(g, regime, day):
    owns, listed, controls, links = g
    e = edge_arrays(owns, listed=listed, controls=controls, links=links)
    res = evaluate_regime(e, LISTS, regime, day)
    ref = reference_regime(rels_of(e), LISTS, regime, day)
    got = {
        e.node_ids[j]: (
            ("listed", "owned", "controlled")[int(res.status[j]) - 1],
            int(res.round[j]),
        )
        for j in range(len(e.node_ids))
        if res.status[j] > 0
    }
    assert got == {k: (v[0], v[1]) for k, v in ref.items()}
    for f in res.entities.values():
        if f.status != "listed":
            assert f.share == ref[f.entity][2]
            assert Fraction(0) <= f.share <= 1
            assert all(p[-1] == f.entity and p[0] in listed for p in f.paths) and f.paths


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from(["ofac", "eu", "uk"]), st.sampled_from(NAMES))
def test_adding_a_listing_never_removes_a_finding(g, regime, extra):
    owns, listed, controls, links = g
    list_id = {v: k for k, v in LISTS.items()}[regime]
    before = evaluate_regime(
        edge_arrays(owns, listed=listed, controls=controls, links=links), LISTS, regime, AFTER
    )
    more = {**listed, extra: list_id} if extra not in listed else listed
    after = evaluate_regime(
        edge_arrays(owns, listed=more, controls=controls, links=links), LISTS, regime, AFTER
    )
    if regime == "uk":
        # A new designated person may join an arrangement; still, nothing is lost.
        pass
    assert set(before.entities) <= set(after.entities)


@settings(max_examples=80, deadline=None)
@given(graphs(), st.permutations(NAMES), st.sampled_from(["ofac", "eu"]))
def test_relabelling_changes_nothing(g, perm, regime):
    owns, listed, controls, _links = g
    ren = dict(zip(NAMES, perm, strict=True))
    e1 = edge_arrays(owns, listed=listed, controls=controls)
    e2 = edge_arrays(
        list(reversed([(ren[a], ren[b], s) for a, b, s in owns])),
        listed={ren[k]: v for k, v in listed.items()},
        controls=[(ren[a], ren[b], *rest) for a, b, *rest in controls],
    )
    r1 = evaluate_regime(e1, LISTS, regime, AFTER)
    r2 = evaluate_regime(e2, LISTS, regime, AFTER)
    assert {ren[k]: (f.status, f.share, f.round) for k, f in r1.entities.items()} == {
        k: (f.status, f.share, f.round) for k, f in r2.entities.items()
    }


@settings(max_examples=100, deadline=None)
@given(graphs(bands=False), st.sampled_from(NAMES[:2]))
def test_lookthrough_equals_power_series(g, target):
    owns = g[0]
    e = edge_arrays(owns)
    if target not in e.node_ids:
        return
    rels = rels_of(e)
    lt = owners(e, target, threshold=Fraction(0), as_of=AFTER)
    assert lt.degenerate == []
    ref = reference_integrated(rels, AFTER)
    for h in lt.holdings:
        assert h.raw == pytest.approx(ref[(h.entity, target)], abs=1e-9)
        corr = reference_integrated(rels, AFTER, skip_return_to=h.entity).get((h.entity, target), 0)
        assert h.share == pytest.approx(corr, abs=1e-9)
        assert 0 <= h.share <= h.share_hi <= 1
    listed_owners = {a for (a, b) in ref if b == target and a != target and ref[(a, b)] > 1e-12}
    assert {h.entity for h in lt.holdings} == listed_owners


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_majority_control_and_labels_equal_reference(g):
    e = edge_arrays(g[0])
    rels = rels_of(e)
    labels = ultimate_labels(e, AFTER)
    for who in e.node_ids:
        ref = reference_majority_control(rels, who, AFTER)
        got = majority_control(e, who, AFTER)
        assert {c.entity for c in got} == set(ref) - {who}
        if labels.of(who) is None and not labels.cyclic[e.node_ids.index(who)]:
            # An uncontrolled top: its label group is exactly what it controls.
            assert {x for x in e.node_ids if labels.of(x) == who} == set(ref) - {who}
