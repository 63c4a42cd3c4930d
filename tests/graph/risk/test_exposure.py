"""``exposure`` on hand-built graphs in a real SQLite store: DOMAIN.md §7 worked examples,
CN-1, explanations, BIS dates and US exclusion, and the property that evaluating a regime
on an entity's ancestor subgraph gives the whole-graph verdict."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from exposure_graphs import (
    AFTER,
    BEFORE_EU,
    EU,
    LISTS,
    OFAC,
    UK,
    catalog_store,
    company,
    controls,
    example_records,
    link,
    listed,
    officer,
    owns,
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.catalog import load_catalog
from graph.errors import NotFound
from graph.model import Node, NodeType, Rel, Role
from graph.risk.exposure import SANCTIONS, exposure, sanctions_findings
from graph.risk.regime_report import list_regimes
from graph.risk.sanctions import evaluate_regime
from graph.risk.subgraph import ancestors
from graph.store.sqlite import SQLiteStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with catalog_store(tmp_path / "x.db") as s:
        yield s


def sanction_status(store: SQLiteStore, entity: str, regime: str, day: date = AFTER) -> str:
    rep = exposure(store, entity, day)
    found = [f for f in rep.findings if f.regime == regime and f.basis == "legal"]
    assert len(found) <= 1
    return found[0].status if found else "none"


@pytest.mark.parametrize("name", sorted(OFAC))
def test_ofac_examples_through_exposure(store: SQLiteStore, name: str) -> None:
    own, listed_ids, expected = OFAC[name]
    write(store, example_records("t", "ofac", own, listed_ids))
    nodes = {x for a, b, _ in own for x in (a, b)}
    for x in sorted(nodes):
        want = "listed" if x in listed_ids else expected.get(x, "none")
        assert sanction_status(store, f"t:{x}", "ofac") == want, (name, x)
        # No other regime's list is involved: nothing else may fire.
        rep = exposure(store, f"t:{x}", AFTER)
        assert {f.regime for f in rep.findings} <= {"ofac"}


@pytest.mark.parametrize("name", sorted(EU))
@pytest.mark.parametrize("day", [AFTER, BEFORE_EU])
def test_eu_examples_through_exposure(store: SQLiteStore, name: str, day: date) -> None:
    own, listed_ids, ctrl, links, expected = EU[name]
    write(store, example_records("t", "eu", own, listed_ids, ctrl, links))
    assert sanction_status(store, "t:E", "eu", day) == expected[day].get("E", "none")
    for x in listed_ids:
        assert sanction_status(store, f"t:{x}", "eu", day) == "listed"


@pytest.mark.parametrize("name", sorted(UK))
def test_uk_examples_through_exposure(store: SQLiteStore, name: str) -> None:
    own, listed_ids, ctrl, links, expected = UK[name]
    write(store, example_records("t", "uk", own, listed_ids, ctrl, links))
    assert sanction_status(store, "t:E", "uk") == expected.get("E", "none")


def test_uk_groups_merge_through_a_listed_party_outside_the_ancestors(store: SQLiteStore) -> None:
    # D3 owns nothing above E, but its joint arrangements put D1 and D2 in one group.
    write(
        store,
        example_records(
            "t",
            "uk",
            [("D1", "E", "3/10"), ("D2", "E", "1/4")],
            ["D1", "D2", "D3"],
            links=[("D1", "D3", "joint_arrangement"), ("D3", "D2", "joint_arrangement")],
        ),
    )
    rep = exposure(store, "t:E", AFTER)
    (f,) = rep.findings
    assert (f.status, f.share) == ("owned", Fraction(11, 20))


def test_ofac_3_finding_is_explained_for_a_memo(store: SQLiteStore) -> None:
    own, listed_ids, _ = OFAC["OFAC-3"]
    write(store, example_records("t", "ofac", own, listed_ids))
    rep = exposure(store, "t:B", AFTER)
    (f,) = rep.findings
    assert (f.regime, f.basis, f.status, f.share) == ("ofac", "legal", "owned", Fraction(1, 2))
    assert sorted(map(tuple, f.paths)) == [("t:X", "t:A", "t:B"), ("t:X", "t:B")]
    (lst,) = f.lists
    assert (lst.list_id, lst.start, lst.source) == (
        "US_OFAC_SDN",
        date(2020, 1, 1),
        "test-exposure",
    )
    (m,) = f.measures
    assert m.id == "OFAC_BLOCKING" and "79 FR 47726" in m.legal_basis
    text = f.explanation
    for part in ("t X Ltd", "t A Ltd", "t B Ltd", "exactly 1/2", "40%", "10%", "FAQ 401"):
        assert part in text, part
    d = rep.to_dict()
    assert d["entity"] == {"id": "t:B", "name": "t B Ltd", "type": "Company"}
    assert d["findings"][0]["share"] == "1/2"
    assert set(d["findings"][0]) >= {
        "regime", "rule", "basis", "status", "lists", "share", "paths", "measures", "explanation"
    }  # fmt: skip


def test_listing_outside_its_dates_does_not_count(store: SQLiteStore) -> None:
    write(
        store,
        company("X"),
        company("A"),
        owns("X", "A", "3/5"),
        listed("X", LISTS["ofac"], start=date(2025, 1, 1), end=date(2025, 6, 1)),
    )
    assert sanction_status(store, "A", "ofac", date(2025, 3, 1)) == "owned"
    assert sanction_status(store, "A", "ofac", date(2024, 12, 31)) == "none"
    assert sanction_status(store, "A", "ofac", date(2025, 6, 1)) == "none"


def test_bis_affiliates_by_date_and_us_exclusion(store: SQLiteStore) -> None:
    write(
        store,
        company("L"),
        company("F"),
        company("U", country="us"),
        company("G"),
        owns("L", "F", "1"),
        owns("L", "U", "1"),
        owns("U", "G", "1"),  # a foreign subsidiary of a US affiliate is covered
        listed("L", LISTS["bis"]),
    )
    in_force = date(2025, 10, 1)
    assert sanction_status(store, "F", "bis", in_force) == "owned"
    assert sanction_status(store, "U", "bis", in_force) == "none"
    assert sanction_status(store, "G", "bis", in_force) == "owned"
    suspended = exposure(store, "F", date(2026, 1, 1)).findings
    assert [(f.basis, f.status, f.rule) for f in suspended] == [
        ("heuristic", "owned", "bis.affiliate_suspended")
    ]
    assert "suspended" in suspended[0].explanation and not suspended[0].measures
    assert sanction_status(store, "F", "bis", date(2025, 9, 28)) == "none"


def test_heuristic_red_flags_and_switching_them_off(store: SQLiteStore) -> None:
    write(
        store,
        company("X"),
        company("A"),
        company("C"),
        owns("X", "A", None),  # unknown share: may be anything
        controls("X", "C", "board_majority"),
        listed("X", LISTS["ofac"]),
    )
    a = exposure(store, "A", AFTER)
    assert [(f.rule, f.basis, f.status) for f in a.findings] == [
        ("ofac.possible_owned", "heuristic", "owned")
    ]
    c = exposure(store, "C", AFTER)
    assert [(f.rule, f.basis, f.status) for f in c.findings] == [
        ("ofac.control_caution", "heuristic", "controlled")
    ]
    assert "FAQ 398" in c.findings[0].explanation
    assert exposure(store, "A", AFTER, heuristics=False).findings == []
    assert a.statuses()["ofac"] == "heuristic:owned"


def test_cn_1_through_exposure(store: SQLiteStore) -> None:
    c1 = "uscc:915001087093211864"
    write(
        store,
        company(c1, "重庆希尔康医药有限公司"),
        *(Node(p, NodeType.PERSON, p) for p in ("P_LR", "P_AC", "P_DIR")),
        officer("P_LR", c1, Role.LEGAL_REPRESENTATIVE, date(2015, 1, 1)),
        officer("P_AC", c1, Role.ACTUAL_CONTROLLER),
        officer("P_DIR", c1, Role.DIRECTOR),
        listed("uscc:915001087093211864", "list:CN_SPC_DISHONEST", start=date(2017, 6, 21)),
    )
    day = date(2024, 1, 1)
    comp = exposure(store, "915001087093211864", day)  # a bare USCC is an alias too
    assert comp.entity["id"] == c1
    own = [f for f in comp.findings if f.regime == "cn" and f.rule == "listed"]
    assert own and "M1" in {m.id for m in own[0].measures}
    for p in ("P_LR", "P_AC"):
        rep = exposure(store, p, day)
        assert any(f.rule == "P1" and "M1" in {m.id for m in f.measures} for f in rep.findings)
        assert rep.statuses()["cn"] == "restricted"
    d = exposure(store, "P_DIR", day)
    assert not any("M1" in {m.id for m in f.measures} for f in d.findings)


def test_unknown_id_and_truncation(store: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        exposure(store, "nobody", AFTER)
    chain = [company(f"C{i}") for i in range(6)]
    write(store, *chain, *(owns(f"C{i}", f"C{i + 1}", "1") for i in range(5)))
    write(store, listed("C0", LISTS["ofac"]))
    assert exposure(store, "C5", AFTER).subgraph["truncated"] is None
    assert sanction_status(store, "C5", "ofac") == "owned"
    assert exposure(store, "C5", AFTER).incomplete == []
    short = exposure(store, "C5", AFTER, max_depth=2)
    assert short.subgraph["truncated"] == "depth"
    assert [f for f in short.findings if f.regime == "ofac"] == []
    # A clean status the limit may have caused says so, in the report and its JSON.
    note = "the ownership search stopped at depth 2: owners further up were not read"
    assert short.incomplete == [
        {"where": "ownership", "reason": "depth", "depth": 2, "node": None, "note": note}
    ]
    assert short.to_dict()["summary"]["incomplete"] == short.incomplete
    small = exposure(store, "C5", AFTER, max_nodes=3)
    assert [x["reason"] for x in small.incomplete] == ["nodes"]
    assert small.incomplete[0]["note"].startswith("the ownership search stopped at 3 entities")


def test_an_owner_past_a_page_of_links_is_reported_missing(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three owners of one company with the page at 2: the listed owner may be the one
    not read, and the report must say a link was cut rather than look clean."""
    import graph.risk.subgraph as subgraph

    monkeypatch.setattr(subgraph, "PAGE", 2)
    write(store, company("T"), *(company(f"O{i}") for i in range(3)))
    write(store, *(owns(f"O{i}", "T", "1/3") for i in range(3)))
    rep = exposure(store, "T", AFTER)
    assert [(x["reason"], x["node"]) for x in rep.incomplete] == [("links", "T")]
    assert rep.incomplete[0]["note"].startswith("T has more than 2 owners, controllers or")
    monkeypatch.setattr(subgraph, "PAGE", 3)
    assert exposure(store, "T", AFTER).incomplete == []


# -- local (ancestor subgraph) == whole graph ------------------------------------

SHARES = ["1/10", "1/4", "3/10", "2/5", "1/2", "51/100", "3/5", "1", "1/4..1/2", None]
NODES = [f"N{i}" for i in range(7)]
LIST_NODES = [r for r in load_catalog().records() if isinstance(r, Node) and r.id in LISTS.values()]


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, len(NODES)))
    names = NODES[:n]
    pair = st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(lambda p: p[0] != p[1])
    own = draw(st.lists(st.tuples(pair, st.sampled_from(SHARES)), max_size=12))
    # Several controllers of one entity too: which group names it must not depend on
    # how the whole graph or the subgraph numbers the nodes.
    ctrl = draw(st.lists(pair, max_size=3))
    lists = draw(
        st.lists(st.tuples(st.sampled_from(names), st.sampled_from(sorted(LISTS))), max_size=5)
    )
    joint = draw(st.lists(pair, max_size=2))
    return {"own": own, "ctrl": ctrl, "lists": lists, "joint": joint, "names": names}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(g=graphs())
def test_local_evaluation_equals_whole_graph(g: dict[str, Any]) -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as store:
        store.upsert_nodes(LIST_NODES)
        names: list[str] = g["names"]
        recs: list[Node | Rel] = [company(x) for x in names]
        seen: set[tuple[str, str]] = set()
        for (a, b), s in g["own"]:
            if (a, b) not in seen:  # one edge per pair: the store keys OWNS by endpoints
                seen.add((a, b))
                recs.append(owns(a, b, s))
        recs += [controls(c, t, "board_majority") for c, t in g["ctrl"]]
        recs += [listed(x, LISTS[r]) for x, r in g["lists"]]
        recs += [link(a, b, "joint_arrangement") for a, b in g["joint"]]
        write(store, recs)
        edges = store.export_edges(as_of=AFTER)
        lr = list_regimes(store)
        for regime in SANCTIONS:
            whole = evaluate_regime(edges, lr, regime, AFTER)
            for x in names:
                want = sorted(
                    (f.rule_id, f.basis, str(f.share) if f.basis == "legal" else "")
                    for f in whole.findings()
                    if f.entity == x
                )
                sub = ancestors(store, x, AFTER)
                got = sorted(
                    (f.rule, f.basis, str(f.share) if f.basis == "legal" else "")
                    for f in sanctions_findings(sub, AFTER, regimes=[regime])
                )
                assert got == want, (regime, x)


def test_one_holding_reported_by_two_sources_is_not_counted_twice() -> None:
    """Two sources stating the same 30 % stake must not add up to a blocking 60 %."""
    from graph.risk.reference import edge_arrays
    from graph.risk.sanctions import evaluate_regime

    edges = edge_arrays([("X", "A", "3/10"), ("X", "A", "3/10")], listed={"X": "list:US_OFAC_SDN"})
    result = evaluate_regime(edges, {"list:US_OFAC_SDN": "ofac"}, "ofac", date(2025, 1, 1))
    assert "A" not in {e for e, v in result.entities.items() if v.status == "owned"}
