"""The whole-graph entry points: every regime over shared matrices, look-through for all."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from risk_helpers import AFTER, LISTS, edge_arrays
from test_properties import graphs

from graph.errors import InvalidInput
from graph.risk.lookthrough import owners
from graph.risk.lookthrough_series import integrated_all
from graph.risk.matrix import list_members, parse_exact
from graph.risk.reference import arrays_from_rels, reference_integrated, rels_of
from graph.risk.sanctions import Prepared, evaluate_regime, evaluate_regimes
from graph.synth import AS_OF, Synth


@settings(max_examples=100, deadline=None)
@given(graphs(), st.sampled_from([date(2024, 1, 1), AFTER, date(2025, 10, 1)]))
def test_shared_matrices_give_what_each_regime_gives_alone(g, day):
    owns, listed, controls, links = g
    e = edge_arrays(owns, listed=listed, controls=controls, links=links)
    together = evaluate_regimes(e, LISTS, ["ofac", "bis", "eu", "uk"], day)
    for name, res in together.items():
        alone = evaluate_regime(e, LISTS, name, day)
        assert np.array_equal(res.status, alone.status)
        assert np.array_equal(res.round, alone.round)
        assert {k: (f.status, f.share) for k, f in res.entities.items()} == {
            k: (f.status, f.share) for k, f in alone.entities.items()
        }


def test_prepared_arrays_of_another_date_are_refused():
    e = edge_arrays([("X", "A", "1/2")], listed={"X": "list:SDN"})
    prep = Prepared.of(e, AFTER)
    with pytest.raises(InvalidInput):
        evaluate_regime(e, LISTS, "ofac", date(2026, 2, 1), prepared=prep)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_integrated_all_equals_the_power_series_with_cycle_correction(g):
    e = edge_arrays(g[0])
    rels = rels_of(e)
    ia = integrated_all(e, AFTER)
    assert ia.degenerate == []
    ref = reference_integrated(rels, AFTER)
    got = ia.share.tocoo()
    seen = set()
    for i, j, v in zip(got.row.tolist(), got.col.tolist(), got.data.tolist(), strict=True):
        owner, owned = e.node_ids[i], e.node_ids[j]
        corr = reference_integrated(rels, AFTER, skip_return_to=owner).get((owner, owned), 0)
        assert v == pytest.approx(corr, abs=1e-9)
        assert 0 <= v <= 1
        seen.add((owner, owned))
    # Nothing the reference finds above rounding is missing (the diagonal is not a holding).
    assert {k for k, v in ref.items() if v > 1e-9 and k[0] != k[1]} <= seen


def test_integrated_all_equals_owners_on_the_demo_graph():
    synth = Synth(400)
    nodes = [n.id for n in synth.nodes()]
    e = arrays_from_rels(list(synth.rels()), nodes)
    ia = integrated_all(e, AS_OF)
    cycle = [synth.scenarios[k] for k in synth.scenarios if "cycle" in k]
    assert cycle, "the demo graph has a cross-holding cycle"
    companies = [n for n in nodes if n.startswith("uscc:")]
    for target in companies[::7] + cycle:
        want = {
            h.entity: h.share
            for h in owners(e, target, Fraction(1, 4), AS_OF).holdings
            if h.share >= 0.25 - 1e-12
        }
        got = ia.owners_of(target)
        assert got.keys() == want.keys()
        for k, v in want.items():
            assert got[k] == pytest.approx(v, abs=1e-9)
    owner, owned, share = ia.above(Fraction(1, 4))
    assert share.size and np.all(share >= 0.25 - 1e-12)
    assert not np.any(owner == owned)


def test_a_fully_cross_held_pair_is_degenerate_and_the_series_ends():
    e = edge_arrays([("A", "B", "1"), ("B", "A", "1"), ("P", "Q", "1/2"), ("Q", "T", "1/2")])
    ia = integrated_all(e, AFTER)
    assert set(ia.degenerate) == {"A", "B"}
    assert ia.owners_of("T", Fraction(0)) == {"Q": 0.5, "P": 0.25}


def test_list_members_and_store_ranges():
    e = edge_arrays([("X", "A", "1/2")], listed={"X": "list:SDN", "A": "list:EU"})
    ent, lst = list_members(e, AFTER, {"list:EU"})
    assert [e.node_ids[i] for i in ent] == ["A"] and [e.node_ids[i] for i in lst] == ["list:EU"]
    # The SQLite store writes a range as an interval with brackets.
    assert parse_exact("[1/4,1/2]", 0.25, 0.5) == (Fraction(1, 4), Fraction(1, 2))
