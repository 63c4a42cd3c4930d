"""The synthetic demo generator: determinism, validity and the shapes it promises."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import InvalidInput
from graph.model import ListingStatus, Node, NodeType, Rel, RelType, Role
from graph.synth import AS_OF, SOURCE, Synth, write_demo
from graph.synth_names import FAMOUS_PEOPLE, FAMOUS_TRADE_NAMES, REGIONS, TRADE_CHARS
from graph.uscc import validate_uscc

N = 2000


@pytest.fixture(scope="module")
def synth() -> Synth:
    return Synth(N)


@pytest.fixture(scope="module")
def nodes(synth: Synth) -> list[Node]:
    return list(synth.nodes())


@pytest.fixture(scope="module")
def rels(synth: Synth) -> list[Rel]:
    return list(synth.rels())


@pytest.fixture(scope="module")
def owns_graph(rels: list[Rel]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_edges_from((r.src, r.dst) for r in rels if r.type is RelType.OWNS)
    return g


def _companies(nodes: list[Node]) -> list[Node]:
    return [n for n in nodes if n.type is NodeType.COMPANY]


def test_two_runs_and_two_calls_yield_identical_records(synth: Synth, nodes, rels) -> None:
    again = Synth(N)
    assert [n.to_dict() for n in again.nodes()] == [n.to_dict() for n in nodes]
    assert [r.to_dict() for r in again.rels()] == [r.to_dict() for r in rels]
    # the same instance can be iterated again
    assert [r.id for r in synth.rels()] == [r.id for r in rels]


def test_another_seed_gives_another_graph(nodes) -> None:
    other = [n.name for n in _companies(list(Synth(N, seed=7).nodes()))]
    assert other != [n.name for n in _companies(nodes)]


def test_counts_scale_with_companies(nodes, rels) -> None:
    small = Synth(500)
    small_nodes = Counter(n.type for n in small.nodes())
    small_rels = Counter(r.type for r in small.rels())
    big_nodes = Counter(n.type for n in nodes)
    big_rels = Counter(r.type for r in rels)
    assert small_nodes[NodeType.COMPANY] == 500 and big_nodes[NodeType.COMPANY] == N
    assert small_nodes[NodeType.PERSON] == 250 and big_nodes[NodeType.PERSON] == N // 2
    for t in (RelType.OWNS, RelType.OFFICER_OF):
        ratio = big_rels[t] / small_rels[t]
        assert 3.0 < ratio < 5.0, (t, ratio)
    # about three OWNS + OFFICER_OF per company (the benchmark's ~3M at 1M companies)
    per_company = (big_rels[RelType.OWNS] + big_rels[RelType.OFFICER_OF]) / N
    assert 2.5 < per_company < 3.8


def test_too_few_companies_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Synth(10)


def test_ids_are_unique(nodes, rels) -> None:
    assert len({n.id for n in nodes}) == len(nodes)
    assert len({r.id for r in rels}) == len(rels)


def test_every_company_uscc_is_valid_and_matches_its_region(nodes) -> None:
    by_prefix = defaultdict(set)
    for r in REGIONS:
        by_prefix[r.prefix].add(r.code)
    for n in _companies(nodes):
        code = n.id.removeprefix("uscc:")
        check = validate_uscc(code)
        assert check.valid and check.issue is None, (n.id, check.message)
        assert code[2:8] == n.props["region_code"]
        prefix = next(p for p in by_prefix if n.name.startswith(p))
        assert n.props["region_code"] in by_prefix[prefix]


def test_company_names_are_unique_and_not_famous(nodes) -> None:
    names = [n.name for n in _companies(nodes)]
    assert len(set(names)) == len(names)
    for famous in FAMOUS_TRADE_NAMES:
        assert not set(famous) <= set(TRADE_CHARS), famous
    real = {"平安银行股份有限公司", "华为技术有限公司", "万科企业股份有限公司"}
    assert not real & set(names)
    persons = {n.name for n in nodes if n.type is NodeType.PERSON}
    assert not persons & FAMOUS_PEOPLE


def test_some_companies_have_english_names_and_statuses_vary(nodes) -> None:
    companies = _companies(nodes)
    english = [n for n in companies if n.names]
    assert 0.05 * N < len(english) < 0.3 * N
    assert all(n.names[0].isascii() for n in english)
    statuses = Counter(n.props["status"] for n in companies)
    assert statuses["存续"] > 0.8 * N and statuses["吊销"] > 0 and statuses["注销"] > 0
    for n in companies:
        if n.props["status"] == "吊销":
            assert n.props["revoked_date"] > n.props["registered_date"]


def test_every_rel_endpoint_exists(nodes, rels) -> None:
    ids = {n.id for n in nodes}
    missing = [(r.id, r.src, r.dst) for r in rels if r.src not in ids or r.dst not in ids]
    assert missing == []


def test_every_synthetic_record_cites_the_demo(nodes, rels) -> None:
    for rec in (*nodes, *rels):
        assert rec.provenance, rec.id
        src = rec.provenance[0].source
        is_catalog = rec.id.startswith(("list:", "agency:", "measure:")) or rec.type in (
            RelType.ISSUED_BY,
            RelType.TRIGGERS,
            RelType.IMPLEMENTED_BY,
        )
        assert src == ("credgraph-catalog" if is_catalog else SOURCE), rec.id


def test_exactly_one_current_lr_per_company(nodes, rels) -> None:
    current = Counter(
        r.dst
        for r in rels
        if r.type is RelType.OFFICER_OF and r.role is Role.LEGAL_REPRESENTATIVE and r.end is None
    )
    companies = {n.id for n in _companies(nodes)}
    assert set(current) == companies
    assert set(current.values()) == {1}
    past = [r for r in rels if r.role is Role.LEGAL_REPRESENTATIVE and r.end is not None]
    assert len(past) > 0.03 * N


def test_officer_roles_and_dates(rels) -> None:
    officers = [r for r in rels if r.type is RelType.OFFICER_OF]
    roles = Counter(r.role for r in officers)
    for role in (Role.DIRECTOR, Role.SUPERVISOR, Role.SENIOR_MANAGER, Role.ACTUAL_CONTROLLER):
        assert roles[role] > 0, role
    assert all(r.start is not None for r in officers)


def test_shares_sum_to_at_most_one_except_the_documented_odd_case(synth: Synth, rels) -> None:
    total: defaultdict[str, Fraction] = defaultdict(Fraction)
    for r in rels:
        if r.type is RelType.OWNS:
            assert r.share is not None
            total[r.dst] += r.share.hi
    over = {dst for dst, s in total.items() if s > 1}
    assert over == set(synth.odd_share_companies)
    assert total[synth.odd_share_companies[0]] == Fraction(10002, 10000)


def test_shares_are_exact_and_some_are_ranges(rels) -> None:
    shares = [r.share for r in rels if r.type is RelType.OWNS and r.share is not None]
    assert all(isinstance(s.lo, Fraction) for s in shares)
    assert any(not s.is_exact for s in shares)
    assert any(s.is_exact and s.lo == Fraction(1, 2) for s in shares)


def test_a_cross_holding_cycle_exists(synth: Synth, owns_graph) -> None:
    cycles = [c for c in nx.simple_cycles(owns_graph) if len(c) >= 3]
    assert cycles
    ids = synth.scenarios
    assert {ids["c:cycle_a"], ids["c:cycle_b"], ids["c:cycle_c"]} in [set(c) for c in cycles]


def test_a_pyramid_at_least_ten_deep_exists(owns_graph) -> None:
    companies_only = owns_graph.subgraph(n for n in owns_graph if n.startswith("uscc:"))
    dag = nx.condensation(companies_only)
    assert nx.dag_longest_path_length(dag) >= 10


def test_hub_holding_companies_exist(synth: Synth, owns_graph) -> None:
    owners = [(n, d) for n, d in owns_graph.out_degree() if n.startswith("uscc:") and d]
    degrees = sorted((d for _, d in owners), reverse=True)
    median = degrees[len(degrees) // 2]
    assert degrees[0] >= 20 * median
    top = max(owners, key=lambda x: x[1])[0]
    assert top in synth.hubs


def test_listings_are_dated_and_consistent(nodes, rels) -> None:
    listings = [r for r in rels if r.type is RelType.LISTED_ON]
    listed_companies = {r.src for r in listings if r.src.startswith("uscc:")}
    assert 0.01 * N <= len(listed_companies) <= 0.04 * N
    assert any(r.src.startswith("person:") for r in listings)
    for r in listings:
        assert r.start is not None and r.start <= AS_OF, r.id
        status = ListingStatus(r.props["status"])
        if status is ListingStatus.ACTIVE:
            assert r.end is None or r.end > AS_OF, r.id
        else:
            assert r.end is not None and r.end <= AS_OF, r.id
        assert r.props.get("case_no") or r.props.get("program") or r.props.get("decision_no")
    statuses = Counter(r.props["status"] for r in listings)
    assert statuses["active"] and (statuses["expired"] + statuses["deleted"])
    spc = [r for r in listings if r.dst == "list:CN_SPC_DISHONEST" and r.props.get("case_no")]
    assert spc and all(r.props["case_no"].endswith("号") for r in spc)


def test_dishonest_debtors_are_also_consumption_restricted(rels) -> None:
    on = defaultdict(set)
    for r in rels:
        if r.type is RelType.LISTED_ON:
            on[r.src].add(r.dst)
    debtors = [s for s, lists in on.items() if "list:CN_SPC_DISHONEST" in lists]
    assert debtors
    assert all("list:CN_SPC_CONSUMPTION" in on[s] for s in debtors)


def test_ofac_rule_shapes(synth: Synth, rels) -> None:
    ids = synth.scenarios
    owns = {(r.src, r.dst): r.share for r in rels if r.type is RelType.OWNS}
    sdn = {r.src for r in rels if r.dst == "list:US_OFAC_SDN"}
    assert {ids["c:ofac_x"], ids["p:ofac_y"]} <= sdn
    chain = [ids[k] for k in ("c:ofac_x", "c:ofac_o1", "c:ofac_o2", "c:ofac_o3")]
    for a, b in itertools.pairwise(chain):
        share = owns[(a, b)]
        assert share is not None and share >= Fraction(1, 2)
    below = owns[(ids["c:ofac_x"], ids["c:ofac_n1"])]
    assert below is not None and below.at_least(Fraction(1, 2)) is False


def test_joint_punishment_shapes(synth: Synth, nodes, rels) -> None:
    ids = synth.scenarios
    debtor = ids["c:cn1_debtor"]
    assert any(r.src == debtor and r.dst == "list:CN_SPC_DISHONEST" for r in rels)

    def posts(person: str) -> set[tuple[str, Role | None]]:
        return {(r.dst, r.role) for r in rels if r.type is RelType.OFFICER_OF and r.src == person}

    lr, ac = ids["p:cn1_lr"], ids["p:cn1_ac"]
    assert (debtor, Role.LEGAL_REPRESENTATIVE) in posts(lr)
    assert (debtor, Role.ACTUAL_CONTROLLER) in posts(ac)
    assert {d for d, _ in posts(lr)} - {debtor} and {d for d, _ in posts(ac)} - {debtor}

    # P2: revoked company whose LR at revocation later directs another company
    old = next(n for n in nodes if n.id == ids["c:cn2_old"])
    assert old.props["status"] == "吊销" and old.props["revoked_date"] == "2023-03-01"
    later = [
        r
        for r in rels
        if r.src == ids["p:cn2_p"] and r.role is Role.DIRECTOR and r.dst == ids["c:cn2_new"]
    ]
    assert later and later[0].start is not None and later[0].start.isoformat() > "2023-03-01"


def test_write_demo_into_sqlite(tmp_path: Path) -> None:
    from graph.store.sqlite import SQLiteStore

    seen: list[tuple[str, int]] = []
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        write_demo(store, companies=300, progress=lambda phase, n: seen.append((phase, n)))
        stats = store.stats()
        synth = Synth(300)
        assert stats.nodes["Company"] == 300
        assert stats.nodes["Person"] == 150
        assert sum(stats.rels.values()) == sum(1 for _ in synth.rels())
        x = store.get(synth.scenarios["c:ofac_x"])
        assert x is not None and x.props["status"] == "存续"
    assert seen[-1][0] == "rels" and any(p == "nodes" for p, _ in seen)
    assert seen[-1][1] == sum(stats.rels.values())
