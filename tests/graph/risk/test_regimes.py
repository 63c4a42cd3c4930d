"""DOMAIN.md §7 worked examples, the float trap and §10.4, through evaluate_regime."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from risk_helpers import AFTER, BEFORE_EU, LISTS, listed_on

from graph.errors import InvalidInput
from graph.risk.reference import edge_arrays
from graph.risk.sanctions import evaluate_regime
from graph.share import Share

HALF = Fraction(1, 2)


def status(edges, regime, day=AFTER, excluded=()):
    r = evaluate_regime(edges, LISTS, regime, day, excluded)
    return {k: f.status for k, f in r.entities.items()}, r


@pytest.mark.parametrize(
    ("owns", "listed", "blocked"),
    [
        ([("X", "A", "1/2"), ("A", "B", "1/2")], ["X"], {"A", "B"}),  # OFAC-1
        (
            [("X", "A", "1/2"), ("X", "B", "1/2"), ("A", "C", "1/4"), ("B", "C", "1/4")],
            ["X"],
            {"A", "B", "C"},
        ),  # OFAC-2
        ([("X", "A", "1/2"), ("X", "B", "1/10"), ("A", "B", "2/5")], ["X"], {"A", "B"}),  # OFAC-3
        ([("X", "A", "1/4"), ("Y", "A", "1/4")], ["X", "Y"], {"A"}),  # OFAC-4
        (
            [("X", "A", "1/4"), ("X", "B", "1/4"), ("A", "C", "1/2"), ("B", "C", "1/2")],
            ["X"],
            set(),
        ),  # OFAC-4b
    ],
    ids=["OFAC-1", "OFAC-2", "OFAC-3", "OFAC-4", "OFAC-4b"],
)
def test_ofac_examples(owns, listed, blocked):
    e = edge_arrays(owns, listed=listed_on("list:SDN", *listed))
    got, _ = status(e, "ofac")
    assert {k for k, v in got.items() if v == "owned"} == blocked
    assert {k for k, v in got.items() if v == "listed"} == set(listed)


def test_ofac_3_aggregate_and_paths_are_explained():
    e = edge_arrays(
        [("X", "A", "1/2"), ("X", "B", "1/10"), ("A", "B", "2/5")],
        listed=listed_on("list:SDN", "X"),
    )
    _, r = status(e, "ofac")
    b = r.entities["B"]
    assert b.share == Fraction(1, 2)
    assert set(b.paths) == {("X", "B"), ("X", "A", "B")}
    assert b.lists == ("list:SDN",)
    assert b.to_dict()["share"] == "1/2"


def test_float_trap_ofac_blocks_exactly_fifty():
    assert 0.4998 + 0.0002 < 0.5 or 49.98 / 100 + 0.02 / 100 < 0.5
    e = edge_arrays(
        [("X", "A", "4998/10000"), ("Y", "A", "2/10000")],
        listed={"X": "list:SDN", "Y": "list:SDN"},
    )
    got, r = status(e, "ofac")
    assert got["A"] == "owned"
    assert r.entities["A"].share == Fraction(1, 2)


@pytest.mark.parametrize(("day", "owned"), [(BEFORE_EU, False), (date(2024, 7, 3), True)])
def test_eu_2_threshold_switch(day, owned):
    e = edge_arrays([("L", "E", "1/2")], listed=listed_on("list:EU", "L"))
    got, _ = status(e, "eu", day)
    assert ("E" in got) is owned


@pytest.mark.parametrize("day", [BEFORE_EU, AFTER])
def test_eu_1_aggregates_and_eu_3_control(day):
    e1 = edge_arrays(
        [("L1", "E", "3/10"), ("L2", "E", "1/4")], listed=listed_on("list:EU", "L1", "L2")
    )
    assert status(e1, "eu", day)[0]["E"] == "owned"
    e3 = edge_arrays(
        [("L", "E", "1/10")],
        listed=listed_on("list:EU", "L"),
        controls=[("L", "E", "eu_criterion_a")],
    )
    got, r = status(e3, "eu", day)
    assert got["E"] == "controlled"
    assert r.entities["E"].share == Fraction(1, 10)


def test_eu_float_trap_exactly_fifty_after_switch_only():
    e = edge_arrays(
        [("L1", "E", "4998/10000"), ("L2", "E", "2/10000")], listed=listed_on("list:EU", "L1", "L2")
    )
    assert "E" in status(e, "eu", AFTER)[0]
    assert "E" not in status(e, "eu", BEFORE_EU)[0]


def test_uk_examples():
    two = [("D1", "E", "3/10"), ("D2", "E", "1/4")]
    lst = listed_on("list:UK", "D1", "D2")
    assert "E" not in status(edge_arrays(two, listed=lst), "uk")[0]  # UK-1
    joint = edge_arrays(two, listed=lst, links=[("D1", "D2", "joint_arrangement")])
    assert status(joint, "uk")[0]["E"] == "owned"  # UK-2
    one = listed_on("list:UK", "D")
    assert "E" not in status(edge_arrays([("D", "E", "1/2")], listed=one), "uk")[0]  # UK-3
    assert status(edge_arrays([("D", "E", "51/100")], listed=one), "uk")[0]["E"] == "owned"  # UK-4
    ctl = edge_arrays([("D", "E", "1/2")], listed=one, controls=[("D", "E", "board_appointment")])
    assert status(ctl, "uk")[0]["E"] == "controlled"  # UK-3 control limb


def test_uk_aggregates_a_persons_own_group_but_not_across_persons():
    # D owns 60% of A; D and A together hold 55% of E (same person's group): owned.
    own = edge_arrays(
        [("D", "A", "3/5"), ("D", "E", "1/4"), ("A", "E", "3/10")], listed=listed_on("list:UK", "D")
    )
    assert status(own, "uk")[0]["E"] == "owned"
    # Two different persons' subsidiaries: no aggregation.
    two = edge_arrays(
        [("D1", "A", "3/5"), ("D2", "E", "1/4"), ("A", "E", "3/10")],
        listed=listed_on("list:UK", "D1", "D2"),
    )
    assert "E" not in status(two, "uk")[0]


def test_sixty_percent_chain_blocks_every_link():
    chain = [("X", "C1", "3/5"), ("C1", "C2", "3/5"), ("C2", "C3", "3/5"), ("C3", "C4", "3/5")]
    got, r = status(edge_arrays(chain, listed=listed_on("list:SDN", "X")), "ofac")
    assert [got[c] for c in ("C1", "C2", "C3", "C4")] == ["owned"] * 4
    assert [r.entities[c].round for c in ("C1", "C2", "C3", "C4")] == [1, 2, 3, 4]


def test_bis_date_switch_and_us_exclusion():
    e = edge_arrays(
        [("X", "A", "1/2"), ("X", "US", "1"), ("US", "F", "1")], listed=listed_on("list:BIS", "X")
    )
    before, _ = status(e, "bis", date(2025, 9, 1))
    assert before == {"X": "listed"}
    active, r = status(e, "bis", date(2025, 10, 1), excluded={"US"})
    assert active == {"X": "listed", "A": "owned", "F": "owned"}
    assert r.entities["F"].paths == (("X", "US", "F"),)
    suspended, r = status(e, "bis", date(2025, 12, 1), excluded={"US"})
    assert suspended == {"X": "listed"}
    flags = {f.entity: (f.status, f.basis) for f in r.red_flags}
    assert flags == {"A": ("affiliate", "heuristic"), "F": ("affiliate", "heuristic")}
    assert set(status(e, "bis", date(2026, 11, 10))[0]) == {"X", "A", "US", "F"}


@pytest.mark.parametrize(
    ("country", "us"),
    [
        ("US", True), ("usa", True), ("U.S.A.", True), ("United States", True),
        (["cn", "USA"], True), ("AUS", False), ("RUS", False), ("", False), (None, False),
    ],
)  # fmt: skip
def test_bis_leaves_out_us_entities_however_the_country_is_written(country, us):
    from graph.model import Node, NodeType
    from graph.risk.exposure import is_us

    assert is_us(Node("a", NodeType.COMPANY, "a", props={"country": country})) is us


def test_listing_and_ownership_dates():
    from graph.model import Rel, RelType
    from graph.share import Share

    e = edge_arrays(
        extra=[
            Rel(
                "l",
                RelType.LISTED_ON,
                "X",
                "list:SDN",
                start=date(2022, 1, 1),
                end=date(2023, 1, 1),
            ),
            Rel("o", RelType.OWNS, "X", "A", share=Share.exact(1), start=date(2022, 6, 1)),
        ]
    )
    assert status(e, "ofac", date(2021, 1, 1))[0] == {}
    assert status(e, "ofac", date(2022, 1, 1))[0] == {"X": "listed"}
    assert status(e, "ofac", date(2022, 6, 1))[0] == {"X": "listed", "A": "owned"}
    assert status(e, "ofac", date(2023, 1, 1))[0] == {}


def test_ranges_count_by_lower_bound_and_flag_upper():
    e = edge_arrays([("X", "A", "1/4..3/5"), ("X", "B", None)], listed=listed_on("list:SDN", "X"))
    got, r = status(e, "ofac")
    assert got == {"X": "listed"}
    flags = {f.entity: f for f in r.red_flags}
    assert flags["A"].status == "possible_owned" and flags["A"].share == Fraction(3, 5)
    assert flags["B"].share == 1
    assert flags["A"].paths == (("X", "A"),)


def test_control_alone_is_a_caution_under_ofac():
    e = edge_arrays(
        [("X", "E", "1/10")], listed=listed_on("list:SDN", "X"), controls=[("X", "E", "board")]
    )
    got, r = status(e, "ofac")
    assert "E" not in got
    assert [(f.entity, f.status) for f in r.red_flags] == [("E", "control_caution")]


@pytest.mark.parametrize(
    ("kind", "share", "eu", "uk"),
    [
        ("voting_rights", "3/10", False, False),  # 30% of the votes is no majority
        ("voting_rights", "1/2", False, False),  # half is no majority either
        ("voting_rights", Share(HALF, Fraction(3, 4), lo_open=True), True, True),  # PSC 50-75
        ("voting_rights", "3/5", True, True),
        ("appointment_of_board", None, True, True),  # EU (a), UK limb 2
        ("rights_granted_by_contract", None, True, False),  # EU (d) only
        ("accounting_consolidation_direct", None, True, False),  # EU (g) only
        ("settlor_of_trust", None, False, False),  # no limb of either test
        ("control_by_legal_framework", None, False, False),
        ("board", None, True, True),  # a bundle's own basis text: control as recorded
        ("", "3/10", False, False),  # a recorded minority share, whatever the basis
    ],
)
def test_control_restricts_only_when_it_meets_the_regimes_control_test(kind, share, eu, uk):
    """DOMAIN §7.2 (a)-(h) and (c) "a majority of the voting rights", §7.3 limbs 1-2:
    recorded control short of the test is a caution red flag, never ``controlled``."""
    e = edge_arrays(
        [("D", "E", "1/10")],
        listed={"D": ["list:EU", "list:UK"]},
        controls=[("D", "E", kind, share)],
    )
    for regime, legal in (("eu", eu), ("uk", uk)):
        got, r = status(e, regime)
        flags = [(f.entity, f.status, f.basis) for f in r.red_flags]
        if legal:
            assert got.get("E") == "controlled" and flags == [], (regime, got, flags)
        else:
            assert "E" not in got, (regime, got)
            assert flags == [("E", "control_caution", "heuristic")], (regime, flags)


def test_control_short_of_the_test_does_not_merge_uk_groups():
    # D1 has 30% of D2's votes: no control of D2, so their stakes in E stay apart.
    e = edge_arrays(
        [("D1", "E", "3/10"), ("D2", "E", "1/4")],
        listed=listed_on("list:UK", "D1", "D2"),
        controls=[("D1", "D2", "voting_rights", "3/10")],
    )
    assert "E" not in status(e, "uk")[0]
    e = edge_arrays(
        [("D1", "E", "3/10"), ("D2", "E", "1/4")],
        listed=listed_on("list:UK", "D1", "D2"),
        controls=[("D1", "D2", "voting_rights", "3/5")],
    )
    assert status(e, "uk")[0]["E"] == "owned"


def test_cycle_cannot_block_itself_and_json():
    e = edge_arrays(
        [("A", "B", "3/5"), ("B", "A", "3/5"), ("X", "A", "1/10")],
        listed=listed_on("list:SDN", "X"),
    )
    got, r = status(e, "ofac")
    assert got == {"X": "listed"}
    d = r.to_dict()
    assert d["counts"]["listed"] == 1 and d["rule"]["threshold"] == "1/2"
    with pytest.raises(InvalidInput):
        evaluate_regime(e, LISTS, "nope", AFTER)


def test_a_minority_of_the_votes_is_explained_as_a_caution_with_its_share():
    from graph.model import Node, NodeType, Rel, RelType
    from graph.risk.exposure import exposure
    from graph.store.sqlite import SQLiteStore

    s = SQLiteStore.from_url("sqlite:///:memory:")
    s.upsert_nodes(
        [
            Node("D", NodeType.COMPANY, "D Holdings"),
            Node("E", NodeType.COMPANY, "E Ltd"),
            Node("list:UK", NodeType.LIST, "UK list", props={"regime": "uk"}),
        ]
    )
    s.upsert_rels(
        [
            Rel("de", RelType.CONTROLS, "D", "E", share=Share.exact(Fraction(3, 10)),
                props={"kind": "voting_rights"}),
            Rel("dl", RelType.LISTED_ON, "D", "list:UK"),
        ]
    )  # fmt: skip
    (f,) = exposure(s, "E", AFTER).findings
    assert (f.rule, f.basis, f.status) == ("uk.control_caution", "heuristic", "controlled")
    assert "(recorded basis: voting_rights; recorded share: 30%)" in f.explanation
    assert "that share is a majority; this control is not" in f.explanation


@pytest.mark.parametrize(
    ("later", "owned"),
    [
        (None, True),  # no share: says nothing against 60 %
        (Share(Fraction(1, 5), Fraction(1)), True),  # 20-100 % holds 60 %
        (Share.exact(Fraction(3, 10)), False),  # a new figure: 30 %
        (Share(Fraction(1, 5), Fraction(2, 5)), False),  # 20-40 % rules 60 % out
    ],
)
def test_a_later_vaguer_report_does_not_erase_an_exact_stake(later, owned):
    """X reported 60 % of A in 2015 and again in 2020 with less or other detail: the
    2020 report counts unless it only says less (review finding, DOMAIN §7.1)."""
    from graph.model import Rel, RelType
    from graph.risk.reference import arrays_from_rels, reference_regime

    rels = [
        Rel("o1", RelType.OWNS, "X", "A", share=Share.exact(Fraction(3, 5)), start=date(2015, 1, 1)),
        Rel("o2", RelType.OWNS, "X", "A", share=later, start=date(2020, 1, 1)),
        Rel("l", RelType.LISTED_ON, "X", "list:SDN"),
    ]  # fmt: skip
    e = arrays_from_rels(rels)
    got, r = status(e, "ofac")
    assert ("A" in got) is owned
    assert ("A" in reference_regime(rels, LISTS, "ofac", AFTER)) is owned
    if owned:
        assert r.entities["A"].share == Fraction(3, 5)
    # Before the second report only the first exists.
    assert status(e, "ofac", date(2019, 1, 1))[0]["A"] == "owned"


def test_narrowing_follows_a_chain_of_reports():
    from graph.model import Rel, RelType
    from graph.risk.matrix import current_holdings
    from graph.risk.reference import arrays_from_rels

    rels = [
        Rel("a", RelType.OWNS, "X", "A", share=Share.exact(Fraction(3, 5)), start=date(2015, 1, 1)),
        Rel("b", RelType.OWNS, "X", "A", share=Share(Fraction(1, 5), Fraction(1)), start=date(2018, 1, 1)),
        Rel("c", RelType.OWNS, "X", "A", start=date(2021, 1, 1)),
        Rel("d", RelType.OWNS, "Y", "A", share=Share.exact(Fraction(1, 10)), start=date(2021, 1, 1)),
    ]  # fmt: skip
    e = arrays_from_rels(rels)
    import numpy as np

    kept = current_holdings(e, np.arange(4))
    assert [e.rel_ids[p] for p in kept.tolist()] == ["a", "d"]


UK_GROUP_CASES = {
    # D1 owns 60% of D2, both designated: D2's stake counts with D1's (OFSI 4.14,
    # one party controls the rights of another): 30% + 25% of E.
    "majority-owned designated person": (
        [("D1", "D2", "3/5"), ("D1", "E", "3/10"), ("D2", "E", "1/4")], [],
        [("D1", "D2", "E"), ("D1", "E")],
    ),
    # The same through an undesignated intermediate: D1 -60%-> A -60%-> D2.
    "through an intermediate": (
        [("D1", "A", "3/5"), ("A", "D2", "3/5"), ("D1", "E", "3/10"), ("D2", "E", "1/4")], [],
        [("D1", "A", "D2", "E"), ("D1", "E")],
    ),
    # A is D1's (60%) and D2 appoints A's board: A is in both groups, so A's 30% of E
    # counts with D2's own 25%.
    "owned by one, controlled by another": (
        [("D1", "A", "3/5"), ("A", "E", "3/10"), ("D2", "E", "1/4")],
        [("D2", "A", "board_appointment")],
        [("D2", "A", "E"), ("D2", "E")],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(UK_GROUP_CASES))
def test_uk_groups_follow_ownership_and_control_between_designated_persons(case):
    """Review findings: designating one more party, or raising one's stake, cleared E."""
    from graph.risk.reference import reference_regime, rels_of

    owns, controls, paths = UK_GROUP_CASES[case]
    e = edge_arrays(owns, listed=listed_on("list:UK", "D1", "D2"), controls=controls)
    got, r = status(e, "uk")
    assert got["E"] == "owned"
    assert r.entities["E"].share == Fraction(11, 20)
    assert sorted(r.entities["E"].paths) == sorted(paths)
    ref = reference_regime(rels_of(e), LISTS, "uk", AFTER)
    assert {k: v[0] for k, v in ref.items()} == got
    assert ref["E"][2] == Fraction(11, 20)
    # Neither designated person alone holds more than half of E: without the link
    # between their groups, E is not owned.
    apart = edge_arrays(
        [o for o in owns if o[2] != "3/5" or o[1] == "E"], listed=listed_on("list:UK", "D1", "D2")
    )
    assert "E" not in status(apart, "uk")[0]


def test_which_group_names_an_entity_two_groups_own_does_not_depend_on_numbering():
    # Odd but real: recorded stakes of 51% and 60% (sources disagree). The larger holder
    # names the finding, however the nodes are numbered.
    for owns in (
        [("N0", "E", "51/100"), ("N1", "E", "3/5")],
        [("N1", "E", "3/5"), ("N0", "E", "51/100")],
    ):
        e = edge_arrays(owns, listed=listed_on("list:UK", "N0", "N1"))
        r = status(e, "uk")[1]
        assert r.entities["E"].share == Fraction(3, 5)
        assert r.entities["E"].paths == (("N1", "E"),)


def test_bis_control_is_a_caution_only_while_its_rule_exists():
    # Review: BIS cautions were issued before the Affiliates Rule and cited OFAC FAQ 398.
    e = edge_arrays(
        [("X", "E", "1/10")], listed=listed_on("list:BIS", "X"), controls=[("X", "E", "board")]
    )
    assert status(e, "bis", date(2025, 1, 1))[1].red_flags == []
    (flag,) = status(e, "bis", date(2025, 10, 1))[1].red_flags
    assert flag.status == "control_caution" and "BIS Affiliates Rule" in flag.document
    assert "OFAC" not in flag.document
