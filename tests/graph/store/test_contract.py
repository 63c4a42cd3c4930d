"""The store contract: every backend must pass this suite unchanged (protocol calls only)."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest

from graph.errors import InvalidInput, NotFound
from graph.model import (
    MATCH_KINDS,
    NOT_SAME_AS,
    POSSIBLY_SAME_AS,
    Node,
    NodeType,
    Provenance,
    Rel,
    RelType,
    Role,
)
from graph.share import Share
from graph.store.base import MAX_DAY, NODE_TYPE_ORDER, REL_TYPE_ORDER, Store, bulk_load

HUAWEI = "uscc:91440300192185379H"
HUAWEI_LEI = "lei:529900T8BM49AURSDO55"
VANKE = "uscc:91440300192181490G"
PINGAN = "uscc:91440300100012316L"
ACME = "lei:5493001KJTIIGC8Y1R12"
REN = "person:ren"
WANG = "person:wang"
SPC_LIST = "list:CN_SPC_DISHONEST"
SPC = "agency:SPC"
SRC = "contract"

PROV = Provenance(SRC, "r1", date(2024, 1, 2), date(2024, 3, 4))


def nodes() -> list[Node]:
    return [
        Node(
            HUAWEI,
            NodeType.COMPANY,
            "华为技术有限公司",
            names=("Huawei Technologies Co., Ltd.",),
            ids=(HUAWEI_LEI, "ftm:huawei"),
            props={"status": "存续", "region": "440300"},
            provenance=(PROV,),
        ),
        Node(VANKE, NodeType.COMPANY, "万科企业股份有限公司", provenance=(PROV,)),
        Node(PINGAN, NodeType.COMPANY, "中国平安保险(集团)股份有限公司"),
        Node(ACME, NodeType.COMPANY, "Acme Trading Ltd"),
        Node(REN, NodeType.PERSON, "任正非"),
        Node(WANG, NodeType.PERSON, "王石"),
        Node(SPC_LIST, NodeType.LIST, "失信被执行人名单"),
        Node(SPC, NodeType.AGENCY, "最高人民法院"),
    ]


def rels() -> list[Rel]:
    return [
        Rel("o1", RelType.OWNS, REN, "ftm:huawei", share=Share.exact(Fraction(1, 100))),
        Rel(
            "o2",
            RelType.OWNS,
            VANKE,
            HUAWEI,
            share=Share.parse("25-50%"),
            start=date(2020, 1, 1),
            end=date(2022, 1, 1),
        ),
        Rel("o3", RelType.OWNS, PINGAN, VANKE, share=Share.exact(Fraction(1, 2))),
        Rel("o4", RelType.OWNS, ACME, HUAWEI),
        Rel("o5", RelType.OWNS, PINGAN, ACME, share=Share.exact(Fraction(51, 100))),
        Rel(
            "f1",
            RelType.OFFICER_OF,
            REN,
            HUAWEI,
            role=Role.LEGAL_REPRESENTATIVE,
            start=date(2010, 1, 1),
            provenance=(PROV,),
        ),
        Rel("f2", RelType.OFFICER_OF, WANG, VANKE, role=Role.DIRECTOR),
        Rel("l1", RelType.LISTED_ON, HUAWEI_LEI, SPC_LIST, start=date(2021, 5, 1)),
        Rel("i1", RelType.ISSUED_BY, SPC_LIST, SPC),
    ]


@pytest.fixture
def g(store: Store) -> Store:
    assert store.upsert_nodes(nodes()) == len(nodes())
    assert store.upsert_rels(rels()) == len(rels())
    return store


# -- writing -----------------------------------------------------------------


def test_stats_count_by_type(g: Store) -> None:
    st = g.stats()
    assert st.nodes == {"Company": 4, "Person": 2, "List": 1, "Agency": 1}
    assert st.rels == {"OWNS": 5, "OFFICER_OF": 2, "LISTED_ON": 1, "ISSUED_BY": 1}
    assert st.to_dict()["total_relationships"] == 9


def test_existing_rels_by_type(store: Store) -> None:
    store.upsert_nodes(nodes())
    owns = ["o1", "o2", "o3", "o4", "o5"]
    assert store.existing_rels(RelType.OWNS, owns) == set()
    with bulk_load(store):  # the SQLite bulk load answers from memory, then from the table
        store.upsert_rels(rels()[:2])
        assert store.existing_rels(RelType.OWNS, [*owns, "nope"]) == {"o1", "o2"}
        assert store.existing_rels(RelType.OFFICER_OF, owns) == set()  # of another type
        store.upsert_rels(rels()[2:])
    assert store.existing_rels(RelType.OWNS, [*owns, "f1", "nope"]) == set(owns)
    assert store.existing_rels(RelType.OFFICER_OF, ["f1", "f2", "o1"]) == {"f1", "f2"}
    assert store.existing_rels(RelType.LISTED_ON, []) == set()


def test_a_relationship_id_names_one_relationship_whatever_its_type(g: Store) -> None:
    g.upsert_rels([Rel("x1", RelType.OWNS, PINGAN, HUAWEI, share=Share.parse("10%"))])
    g.upsert_rels([Rel("x1", RelType.CONTROLS, PINGAN, HUAWEI)])
    out = g.rels_of(PINGAN, direction="out")[0]
    assert [(r.id, r.type, r.share) for r in out if r.id == "x1"] == [
        ("x1", RelType.CONTROLS, None)
    ]
    assert g.existing_rels(RelType.OWNS, ["x1"]) == set()
    assert g.existing_rels(RelType.CONTROLS, ["x1"]) == {"x1"}
    # In one batch too, the last record with an id wins, whatever the order of types.
    # Both records count as written, as each replaced what the id named.
    assert (
        g.upsert_rels(
            [Rel("x2", RelType.CONTROLS, PINGAN, VANKE), Rel("x2", RelType.OWNS, PINGAN, VANKE)]
        )
        == 2
    )
    out = g.rels_of(PINGAN, direction="out")[0]
    assert [(r.id, r.type) for r in out if r.id == "x2"] == [("x2", RelType.OWNS)]
    assert sorted(g.export_edges().rel_ids) == sorted([r.id for r in rels()] + ["x1", "x2"])


def test_upserting_twice_changes_no_count(g: Store) -> None:
    before = g.stats()
    g.upsert_nodes(nodes(), batch_size=3)
    g.upsert_rels(rels(), batch_size=2)
    assert g.stats() == before
    assert g.get(HUAWEI) == nodes()[0]


def test_merge_props_key_by_key_and_union_names_ids_provenance(g: Store) -> None:
    later = Provenance(SRC, "r1", date(2023, 12, 1), date(2024, 6, 1))
    other = Provenance("registry", "x9", None, None)
    g.upsert_nodes(
        [
            Node(
                HUAWEI,
                NodeType.COMPANY,
                "华为技术有限公司",
                names=("华为",),
                ids=("reg:440301103097413",),
                props={"status": None, "region": "440304", "capital": 40_000_000_000},
                provenance=(later, other),
            )
        ]
    )
    n = g.get(HUAWEI)
    assert n is not None
    assert n.props == {"status": "存续", "region": "440304", "capital": 40_000_000_000}
    assert set(n.all_names) == {"华为技术有限公司", "Huawei Technologies Co., Ltd.", "华为"}
    assert set(n.all_ids) == {HUAWEI, HUAWEI_LEI, "ftm:huawei", "reg:440301103097413"}
    by_record = {(p.source, p.record_id): p for p in n.provenance}
    assert by_record[(SRC, "r1")] == Provenance(SRC, "r1", date(2023, 12, 1), date(2024, 6, 1))
    assert by_record[("registry", "x9")] == other
    assert g.stats().nodes["Company"] == 4
    assert g.resolve("reg:440301103097413") == HUAWEI


def test_a_new_alias_claimed_twice_in_a_batch_goes_to_the_new_entity(store: Store) -> None:
    # The first claim wins; within a batch the new entities claim before the stored
    # ones, whatever the order of the records.
    store.upsert_nodes([Node("c:b", NodeType.COMPANY, "B")])
    store.upsert_nodes(
        [
            Node("c:b", NodeType.COMPANY, "B", ids=("x:1",)),
            Node("c:a", NodeType.COMPANY, "A", ids=("x:1",)),
        ]
    )
    assert store.resolve("x:1") == "c:a"
    b = store.get("c:b")
    assert b is not None and b.ids == ("x:1",)  # listed, though it names another


def test_get_by_every_alias(g: Store) -> None:
    for alias in (HUAWEI, HUAWEI_LEI, "ftm:huawei"):
        assert g.resolve(alias) == HUAWEI
        node = g.get(alias)
        assert node is not None and node.id == HUAWEI and node.name == "华为技术有限公司"
    assert g.resolve("uscc:000000000000000000") is None
    assert g.get("nope") is None
    many = g.get_many([HUAWEI_LEI, REN, "missing"])
    assert set(many) == {HUAWEI, REN}


def test_relationship_endpoints_resolve_aliases(g: Store) -> None:
    got, _ = g.rels_of(REN, types=[RelType.OWNS])
    assert [(r.src, r.dst) for r in got] == [(REN, HUAWEI)]
    listed, _ = g.rels_of(SPC_LIST, types=[RelType.LISTED_ON])
    assert [r.src for r in listed] == [HUAWEI]


def test_provenance_share_dates_role_round_trip(g: Store) -> None:
    node = g.get(VANKE)
    assert node is not None and node.provenance == (PROV,)
    by_id = {r.id: r for r in g.rels_of(HUAWEI)[0]}
    assert by_id["f1"].provenance == (PROV,)
    assert by_id["f1"].role is Role.LEGAL_REPRESENTATIVE
    assert by_id["f1"].start == date(2010, 1, 1) and by_id["f1"].end is None
    assert by_id["o2"].share == Share(Fraction(1, 4), Fraction(1, 2))
    assert (by_id["o2"].start, by_id["o2"].end) == (date(2020, 1, 1), date(2022, 1, 1))
    assert by_id["o1"].share == Share.exact(Fraction(1, 100))
    assert by_id["o4"].share is None


HOSTILE = [
    'O\'Brien "Holdings" `Ltd`',
    "'); DROP TABLE nodes;--",
    "MATCH (n) DETACH DELETE n //",
    "} RETURN 1 UNION MATCH (m) SET m.x = {a: $b} //",
    "\\N %_ * ? [a-z] $$ ${x}",
]
UNICODE = ["𠮷野家株式会社", "Zürich Café ﬁnance", "مصرف الرافدين", "😀 Emoji Ltd", "é\u0301"]


def test_props_take_the_same_values_on_every_store(store: Store) -> None:
    # Dates, fractions, sets and tuples are stored as their text and lists.
    props = {"when": date(2020, 1, 2), "part": Fraction(1, 3), "tags": {"b", "a"}, "t": (1, 2)}
    store.upsert_nodes([Node("c:1", NodeType.COMPANY, "甲", props=props)])
    got = store.get("c:1")
    assert got is not None
    assert got.props == {"when": "2020-01-02", "part": "1/3", "tags": ["a", "b"], "t": [1, 2]}


def test_hostile_and_unicode_names_round_trip(store: Store) -> None:
    batch = [
        Node(f"company:h{i}", NodeType.COMPANY, name, props={"note": name, name: 1})
        for i, name in enumerate(HOSTILE + UNICODE)
    ]
    store.upsert_nodes(batch)
    store.upsert_rels(
        [Rel("weird", RelType.OWNS, "company:h0", "company:h1", props={"k": HOSTILE[3]})]
    )
    for n in batch:
        assert store.get(n.id) == n
    assert store.stats().nodes == {"Company": len(batch)}
    assert store.rels_of("company:h0")[0][0].props == {"k": HOSTILE[3]}
    assert "company:h1" in [h.id for h in store.search("DROP TABLE")]
    assert "company:h0" in [h.id for h in store.search("o'brien")]
    assert "company:h5" in [h.id for h in store.search("𠮷野")]


# -- search ------------------------------------------------------------------


def ids_of(store: Store, text: str, **kw: object) -> list[str]:
    return [h.id for h in store.search(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("华为", HUAWEI),  # two characters: trigrams cannot match these
        ("万科", VANKE),
        ("平安", PINGAN),
        ("非", REN),  # one character
        ("技术有限", HUAWEI),  # three and more
        ("失信被执行人", SPC_LIST),
        ("TRADING", ACME),  # Latin substring, any case
        ("cme tra", ACME),
        ("huawei tech", HUAWEI),
        ("huawei", HUAWEI),  # pinyin, and the English name
        ("Hua Wei", HUAWEI),
        ("wanke", VANKE),
        ("renzhengfei", REN),
    ],
)
def test_search_finds_names(g: Store, query: str, expected: str) -> None:
    assert expected in ids_of(g, query)


def test_search_pinyin_hit_says_so(g: Store) -> None:
    hits = {h.id: h for h in g.search("wanke")}
    assert hits[VANKE].how == "pinyin"


@pytest.mark.parametrize(
    "query",
    [
        "91440300192185379H",
        "91440300192185379h",
        "９１４４０３００１９２１８５３７９Ｈ",
        HUAWEI,
        "529900T8BM49AURSDO55",
        HUAWEI_LEI,
        "ftm:huawei",
    ],
)
def test_search_identifiers_rank_first(g: Store, query: str) -> None:
    hits = g.search(query)
    assert hits[0].id == HUAWEI and hits[0].how == "id"


def test_search_ranks_exact_then_prefix_then_substring(store: Store) -> None:
    store.upsert_nodes(
        [
            Node("company:sub", NodeType.COMPANY, "深圳市华为投资有限公司"),
            Node("company:prefix", NodeType.COMPANY, "华为终端有限公司"),
            Node("company:exact", NodeType.COMPANY, "华为"),
        ]
    )
    assert ids_of(store, "华为") == ["company:exact", "company:prefix", "company:sub"]


def test_search_finds_exact_and_prefix_matches_among_many_substrings(store: Store) -> None:
    # A short query found in every name: the exact match (on a second name) and the
    # prefix match still rank first, however many shorter names only contain it.
    store.upsert_nodes(
        [Node(f"c:{i:03d}", NodeType.COMPANY, f"{chr(0x4E00 + i)}华为") for i in range(100)]
        + [
            Node("c:prefix", NodeType.COMPANY, "华为技术有限公司"),
            Node("c:exact", NodeType.COMPANY, "深圳市某某某某某华为终端", names=("华为",)),
        ]
    )
    hits = store.search("华为", limit=3)
    assert [(h.id, h.matched) for h in hits[:2]] == [
        ("c:exact", "华为"),
        ("c:prefix", "华为技术有限公司"),
    ]
    assert hits[2].score < hits[1].score
    assert ids_of(store, "huawei", limit=2) == ["c:exact", "c:prefix"]


@pytest.mark.parametrize("placeholder", ["(entity 甲乙丙 not in file)", "(entity XYZ not in file)"])
def test_search_forgets_a_stub_placeholder_once_a_record_names_it(
    store: Store, placeholder: str
) -> None:
    store.upsert_nodes([Node("company:o", NodeType.COMPANY, "甲乙丙丁贸易公司")])
    store.upsert_nodes([Node("company:s", NodeType.COMPANY, placeholder, props={"stub": True})])
    assert "company:s" in ids_of(store, "not in file")
    # The placeholder was the last name written, so the names written after it goes
    # may take its place in an index: the old text must not find them.
    store.upsert_nodes([Node("company:s", NodeType.COMPANY, "华东电子有限公司")])
    store.upsert_nodes(
        [Node("company:n", NodeType.COMPANY, "Northwind Ltd", names=("北方风贸易",))]
    )
    for query in ("not in file", "entity", placeholder):
        assert "company:s" not in ids_of(store, query), query
    assert ids_of(store, "甲乙丙") == ["company:o"]
    assert "company:s" in ids_of(store, "华东电子")
    assert ids_of(store, "北方风") == ["company:n"]
    assert ids_of(store, "northwind") == ["company:n"]
    got = store.get("company:s")
    assert got is not None and got.all_names == ("华东电子有限公司",)


def test_search_type_filter_and_limit(g: Store) -> None:
    assert ids_of(g, "有限公司", types=[NodeType.PERSON]) == []
    assert PINGAN not in ids_of(g, "平安", types=[NodeType.PERSON])
    assert len(g.search("有限公司", limit=1)) == 1
    assert g.search("") == []
    assert g.search("zzzzqqqq") == []


# -- relationships -------------------------------------------------------------


def test_rels_of_direction_type_role_filters(g: Store) -> None:
    _, total = g.rels_of(HUAWEI)
    assert total == 5
    out, n_out = g.rels_of(HUAWEI, direction="out")
    assert n_out == 1 and out[0].type is RelType.LISTED_ON
    inc, n_in = g.rels_of(HUAWEI, direction="in", types=[RelType.OWNS])
    assert n_in == 3 and {r.id for r in inc} == {"o1", "o2", "o4"}
    lr, _ = g.rels_of(HUAWEI, roles=[Role.LEGAL_REPRESENTATIVE])
    assert [r.id for r in lr] == ["f1"]
    assert g.rels_of(HUAWEI, roles=[Role.DIRECTOR]) == ([], 0)
    with pytest.raises(InvalidInput):
        g.rels_of(HUAWEI, direction="sideways")


def test_rels_of_as_of_end_is_exclusive(g: Store) -> None:
    def ids(day: date) -> set[str]:
        return {r.id for r in g.rels_of(HUAWEI, types=[RelType.OWNS], as_of=day)[0]}

    assert ids(date(2019, 12, 31)) == {"o1", "o4"}
    assert ids(date(2020, 1, 1)) == {"o1", "o2", "o4"}
    assert ids(date(2021, 12, 31)) == {"o1", "o2", "o4"}
    assert ids(date(2022, 1, 1)) == {"o1", "o4"}


def test_as_of_may_be_a_datetime_and_counts_its_day(g: Store) -> None:
    # datetime is a date: the day it falls on decides, at any hour.
    late = datetime(2021, 12, 31, 23, 59)
    got = g.rels_of(HUAWEI, types=[RelType.OWNS], as_of=late)[0]
    assert {r.id for r in got} == {"o1", "o2", "o4"}
    many = g.rels_of_many([HUAWEI], types=[RelType.OWNS], as_of=datetime(2022, 1, 1, 0, 1))
    assert {r.id for r in many[HUAWEI][0]} == {"o1", "o4"}
    assert sorted(g.export_edges([RelType.OWNS], as_of=late).rel_ids) == [
        "o1",
        "o2",
        "o3",
        "o4",
        "o5",
    ]


def test_rels_of_pages_are_stable_and_disjoint(g: Store) -> None:
    full, total = g.rels_of(HUAWEI)
    pages = [g.rels_of(HUAWEI, limit=2, offset=k) for k in (0, 2, 4)]
    assert all(t == total for _, t in pages)
    assert [r.id for p, _ in pages for r in p] == [r.id for r in full]
    assert [r.type.value for r in full] == sorted(r.type.value for r in full)


def test_rels_of_many_caps_and_totals(g: Store) -> None:
    got = g.rels_of_many([HUAWEI, VANKE, "ftm:huawei"], cap=2)
    assert set(got) == {HUAWEI, VANKE}
    assert [len(got[HUAWEI][0]), got[HUAWEI][1]] == [2, 5]
    assert got[HUAWEI][0] == g.rels_of(HUAWEI, limit=2)[0]
    assert got[VANKE][1] == 3
    zero = g.rels_of_many([HUAWEI], cap=0)
    assert zero[HUAWEI] == ([], 5)


def test_rels_of_many_takes_any_alias_and_answers_by_canonical_id(g: Store) -> None:
    got = g.rels_of_many(["ftm:huawei"], cap=2)
    assert list(got) == [HUAWEI] and got[HUAWEI][1] == 5
    assert got[HUAWEI][0] == g.rels_of(HUAWEI, limit=2)[0]
    # Two aliases of one entity give it once.
    both = g.rels_of_many([HUAWEI_LEI, "ftm:huawei", "nope"], direction="out")
    assert {k: [r.id for r in v[0]] for k, v in both.items()} == {HUAWEI: ["l1"]}


HUB = "company:hub"


@pytest.fixture
def hub(store: Store) -> Store:
    n = 10_000
    store.upsert_nodes(
        [Node(HUB, NodeType.COMPANY, "Hub Holdings")]
        + [Node(f"company:s{i:05d}", NodeType.COMPANY, f"Sub {i}") for i in range(n)]
        + [Node("person:boss", NodeType.PERSON, "Boss")]
    )
    store.upsert_rels(
        [Rel(f"own:{i:05d}", RelType.OWNS, HUB, f"company:s{i:05d}") for i in range(n)]
        + [Rel("boss", RelType.OFFICER_OF, "person:boss", HUB, role=Role.DIRECTOR)]
    )
    return store


def test_hub_returns_a_page_and_a_count(hub: Store) -> None:
    page, total = hub.rels_of(HUB, limit=25, offset=100)
    assert total == 10_001 and len(page) == 25
    nb = hub.neighbourhood(HUB, cap=50)
    assert len(nb.nodes) == 51 and len(nb.rels) == 50
    assert nb.truncated == {HUB: (50, 10_001)}
    assert nb.counts == {"OWNS": 10_000, "OFFICER_OF": 1}
    boss = hub.neighbourhood("person:boss", hops=2, cap=10)
    assert boss.truncated[HUB] == (10, 10_001)
    assert boss.depth["person:boss"] == 0 and boss.depth[HUB] == 1
    assert len(boss.nodes) == 11


def test_neighbourhood_max_nodes(hub: Store) -> None:
    nb = hub.neighbourhood(HUB, cap=1000, max_nodes=100)
    assert len(nb.nodes) == 100
    assert nb.truncated[HUB] == (99, 10_001)


# -- traversal -----------------------------------------------------------------


def test_neighbourhood_hops_counts_and_roles(g: Store) -> None:
    one = g.neighbourhood(REN)
    assert set(one.nodes) == {REN, HUAWEI}
    assert set(one.rels) == {"o1", "f1"}
    assert one.counts == {"OWNS": 1, "OFFICER_OF": 1}
    two = g.neighbourhood(REN, hops=2)
    assert set(two.nodes) == {REN, HUAWEI, VANKE, ACME, SPC_LIST}
    assert two.depth[VANKE] == 2
    assert two.counts == {"OWNS": 3, "OFFICER_OF": 1, "LISTED_ON": 1}
    three = g.neighbourhood("ftm:huawei", hops=3)
    assert three.center == HUAWEI and set(three.nodes) == {n.id for n in nodes()}
    led = g.neighbourhood(HUAWEI, roles=[Role.LEGAL_REPRESENTATIVE])
    assert set(led.nodes) == {HUAWEI, REN}
    owns = g.neighbourhood(HUAWEI, types=[RelType.OWNS], as_of=date(2023, 1, 1))
    assert set(owns.nodes) == {HUAWEI, REN, ACME}
    assert one.nodes[HUAWEI].name == "华为技术有限公司"


def test_neighbourhood_rejects_bad_hops_and_unknown_ids(g: Store) -> None:
    with pytest.raises(InvalidInput):
        g.neighbourhood(HUAWEI, hops=4)
    with pytest.raises(NotFound):
        g.neighbourhood("uscc:nobody")


def test_shortest_paths_all_of_them(g: Store) -> None:
    paths = g.shortest_paths(REN, PINGAN)
    assert sorted(p.nodes for p in paths) == sorted(
        [(REN, HUAWEI, VANKE, PINGAN), (REN, HUAWEI, ACME, PINGAN)]
    )
    for p in paths:
        assert len(p) == 3
        for i, rel in enumerate(p.rels):
            assert {rel.src, rel.dst} == {p.nodes[i], p.nodes[i + 1]}


def test_shortest_paths_limits_filters_and_none(g: Store) -> None:
    assert g.shortest_paths(REN, PINGAN, max_hops=2) == []
    assert len(g.shortest_paths(REN, PINGAN, limit=1)) == 1
    dated = g.shortest_paths(REN, PINGAN, as_of=date(2023, 1, 1))
    assert [p.nodes for p in dated] == [(REN, HUAWEI, ACME, PINGAN)]
    assert g.shortest_paths(REN, PINGAN, types=[RelType.OFFICER_OF]) == []
    listed = g.shortest_paths(SPC, WANG, types=None)
    assert [p.nodes for p in listed] == [(SPC, SPC_LIST, HUAWEI, VANKE, WANG)]
    assert g.shortest_paths(SPC, WANG, max_hops=3) == []
    assert g.shortest_paths(HUAWEI_LEI, "ftm:huawei") == [g.shortest_paths(HUAWEI, HUAWEI)[0]]


def _match_links() -> list[Rel]:
    # As loaders.matches writes them: a pending candidate and a rejection, plus a real link.
    return [
        Rel("m1", RelType.LINKED_TO, WANG, REN, props={"kind": POSSIBLY_SAME_AS, "score": 0.9}),
        Rel("m2", RelType.LINKED_TO, VANKE, ACME, props={"kind": NOT_SAME_AS}),
        Rel("k1", RelType.LINKED_TO, WANG, PINGAN, props={"kind": "associate"}),
    ]


def test_shortest_paths_can_skip_link_kinds(g: Store) -> None:
    g.upsert_rels(_match_links())
    assert [p.nodes for p in g.shortest_paths(WANG, REN)] == [(WANG, REN)]
    skipped = g.shortest_paths(WANG, REN, skip_kinds=MATCH_KINDS)
    assert sorted(p.nodes for p in skipped) == [(WANG, VANKE, HUAWEI, REN)]
    assert all(r.props.get("kind") not in MATCH_KINDS for p in skipped for r in p.rels)
    # Only the named kinds are skipped: the associate link still joins Wang and Ping An.
    assert [p.nodes for p in g.shortest_paths(WANG, PINGAN, skip_kinds=MATCH_KINDS)] == [
        (WANG, PINGAN)
    ]


def test_stats_count_match_candidates_apart(g: Store) -> None:
    g.upsert_rels(_match_links())
    st = g.stats()
    assert st.rels["LINKED_TO"] == 1
    assert st.matches == {POSSIBLY_SAME_AS: 1, NOT_SAME_AS: 1}
    d = st.to_dict()
    assert d["total_relationships"] == 10
    assert d["match_candidates"] == {"pending": 1, "rejected": 1}


# -- export --------------------------------------------------------------------


def test_export_edges_arrays(g: Store) -> None:
    e = g.export_edges()
    assert len(e) == 9 == len(e.rel_ids) == len(e.share_exact) == e.dst.shape[0]
    idx = e.index()
    expected = {r.id: r for r in rels()}
    for k, rid in enumerate(e.rel_ids):
        r = expected[rid]
        assert e.node_ids[e.src[k]] == g.resolve(r.src)
        assert e.node_ids[e.dst[k]] == g.resolve(r.dst)
        assert REL_TYPE_ORDER[e.rel_type[k]] is r.type
        assert e.start[k] == (r.start.toordinal() if r.start else 0)
        assert e.end[k] == (r.end.toordinal() if r.end else MAX_DAY)
    at = {rid: k for k, rid in enumerate(e.rel_ids)}
    assert Fraction(e.share_exact[at["o3"]]) == Fraction(1, 2)
    assert Fraction(e.share_exact[at["o1"]]) == Fraction(1, 100)
    assert e.share_exact[at["o4"]] == ""
    assert e.share_lo[at["o2"]] == 0.25 and e.share_hi[at["o2"]] == 0.5
    assert e.share_lo[at["o4"]] != e.share_lo[at["o4"]]  # NaN
    assert e.role[at["f1"]] >= 0 and e.role[at["o1"]] == -1
    assert NODE_TYPE_ORDER[e.node_types[idx[SPC]]] is NodeType.AGENCY


def test_export_edges_filters(g: Store) -> None:
    owns = g.export_edges(types=[RelType.OWNS])
    assert sorted(owns.rel_ids) == ["o1", "o2", "o3", "o4", "o5"]
    later = g.export_edges(types=[RelType.OWNS], as_of=date(2022, 1, 1))
    assert sorted(later.rel_ids) == ["o1", "o3", "o4", "o5"]
    assert later.share_lo.dtype.kind == "f" and later.src.dtype.kind == "i"


def test_iter_nodes(g: Store) -> None:
    assert {n.id for n in g.iter_nodes()} == {n.id for n in nodes()}
    assert {n.id for n in g.iter_nodes([NodeType.PERSON])} == {REN, WANG}


# -- merging entities ----------------------------------------------------------

DUP = "ftm:huawei-dup"


@pytest.fixture
def dup(g: Store) -> Store:
    """A second record of Huawei from another source, with its own links."""
    g.upsert_nodes(
        [
            Node(
                DUP,
                NodeType.COMPANY,
                "Huawei Technologies",
                names=("华为",),
                ids=("reg:ru-inn:7701234567",),
                props={"status": "dissolved", "country": "cn"},
                provenance=(Provenance("other", "h2"),),
            )
        ]
    )
    g.upsert_rels(
        [
            Rel("d1", RelType.OWNS, WANG, DUP, share=Share.exact(Fraction(3, 10))),
            Rel("d2", RelType.OWNS, DUP, ACME, share=Share.exact(Fraction(1, 10))),
            Rel("d3", RelType.LINKED_TO, HUAWEI, DUP, props={"kind": "possibly_same_as"}),
            Rel("d4", RelType.LISTED_ON, "reg:ru-inn:7701234567", SPC_LIST),
        ]
    )
    return g


def test_merge_entities_repoints_relationships_and_keeps_ids(dup: Store) -> None:
    before = dup.stats()
    assert dup.merge_entities(HUAWEI_LEI, DUP) == HUAWEI
    after = dup.stats()
    assert after.nodes["Company"] == before.nodes["Company"] - 1
    assert after.rels.get("LINKED_TO", 0) == 0  # the link between the two halves is gone
    assert after.rels["OWNS"] == before.rels["OWNS"]
    for alias in (DUP, "reg:ru-inn:7701234567", HUAWEI_LEI):
        assert dup.resolve(alias) == HUAWEI
    rels_, _ = dup.rels_of(HUAWEI)
    by_id = {r.id: r for r in rels_}
    assert by_id["d1"].src == WANG and by_id["d1"].dst == HUAWEI
    assert by_id["d2"].src == HUAWEI and by_id["d2"].dst == ACME
    assert by_id["d4"].src == HUAWEI and by_id["o4"].dst == HUAWEI
    n = dup.get(DUP)
    assert n is not None and n.id == HUAWEI
    assert n.name == "华为技术有限公司"
    assert n.props["status"] == "存续" and n.props["country"] == "cn"  # keep wins, other fills
    assert {"Huawei Technologies", "华为"} <= set(n.all_names)
    assert {DUP, "reg:ru-inn:7701234567", "ftm:huawei"} <= set(n.all_ids)
    assert {p.source for p in n.provenance} == {SRC, "other"}
    assert [h.id for h in dup.search("Huawei Technologies")][:1] == [HUAWEI]
    edges = dup.export_edges()
    assert DUP not in edges.node_ids


def test_merge_entities_leaves_one_match_link_per_pair_a_rejection_first(dup: Store) -> None:
    def link(rid: str, a: str, b: str, kind: str, score: float) -> Rel:
        return Rel(rid, RelType.LINKED_TO, a, b, props={"kind": kind, "score": score})

    dup.upsert_rels(
        [
            # A candidate from one half, a rejection recorded on the other: rejected.
            link("m1", HUAWEI, VANKE, POSSIBLY_SAME_AS, 0.9),
            link("m2", VANKE, DUP, NOT_SAME_AS, 0.9),
            # Candidates from both halves: one, the better score.
            link("m3", HUAWEI, PINGAN, POSSIBLY_SAME_AS, 0.7),
            link("m4", PINGAN, DUP, POSSIBLY_SAME_AS, 0.8),
            # Only the other half's: it moves.
            link("m5", DUP, ACME, POSSIBLY_SAME_AS, 0.6),
            # Not a match link: LINKED_TO of another kind is left alone.
            Rel("m6", RelType.LINKED_TO, HUAWEI, ACME, props={"kind": "same_address"}),
        ]
    )
    dup.merge_entities(HUAWEI, DUP)
    links, _ = dup.rels_of(HUAWEI, types=[RelType.LINKED_TO])
    by_end = sorted(
        (r.dst if r.src == HUAWEI else r.src, r.props["kind"], r.id, r.props.get("score"))
        for r in links
    )
    assert by_end == sorted(
        [
            (VANKE, NOT_SAME_AS, "m2", 0.9),
            (PINGAN, POSSIBLY_SAME_AS, "m4", 0.8),
            (ACME, POSSIBLY_SAME_AS, "m5", 0.6),
            (ACME, "same_address", "m6", None),
        ]
    )
    assert dup.stats().matches == {POSSIBLY_SAME_AS: 2, NOT_SAME_AS: 1}
    assert not dup.existing_rels(RelType.LINKED_TO, ["m1", "m3", "d3"])


def test_merge_entities_survives_a_reload_of_the_other(dup: Store) -> None:
    dup.merge_entities(HUAWEI, DUP)
    counts = dup.stats()
    dup.upsert_nodes([Node(DUP, NodeType.COMPANY, "Huawei Technologies")])
    dup.upsert_rels([Rel("d1", RelType.OWNS, WANG, DUP, share=Share.exact(Fraction(3, 10)))])
    assert dup.stats() == counts
    assert dup.resolve(DUP) == HUAWEI


def test_merge_entities_rejects_unknown_ids_and_other_types(g: Store) -> None:
    with pytest.raises(NotFound):
        g.merge_entities(HUAWEI, "ftm:nobody")
    with pytest.raises(NotFound):
        g.merge_entities("ftm:nobody", HUAWEI)
    with pytest.raises(InvalidInput):
        g.merge_entities(HUAWEI, REN)
    assert g.merge_entities(HUAWEI, HUAWEI_LEI) == HUAWEI
    assert g.stats().nodes["Company"] == 4


@pytest.mark.parametrize(
    ("query", "alias"),
    [
        ("1832090230", "reg:ru-inn:1832090230"),
        ("1111832003018", "reg:ru-ogrn:1111832003018"),
        ("000046.SZ", "ticker:000046.SZ"),
        ("000046", "ticker:000046.SZ"),
    ],
)
def test_search_finds_bare_register_numbers_and_tickers(
    store: Store, query: str, alias: str
) -> None:
    store.upsert_nodes(
        [
            Node("ofac:16911", NodeType.COMPANY, "CONCERN KALASHNIKOV",
                 ids=("reg:ru-inn:1832090230", "reg:ru-ogrn:1111832003018")),
            Node("ticker:000046.SZ", NodeType.COMPANY, "泛海控股股份有限公司"),
        ]
    )  # fmt: skip
    hit = store.search(query)[0]
    assert hit.how == "id" and hit.matched == alias  # the alias names the scheme


def test_exact_names_finds_only_names_that_fold_to_a_key(store: Store) -> None:
    store.upsert_nodes(
        [
            Node("p:1", NodeType.PERSON, "ZAKHAROV, Lavrentii Aleksandrovich"),
            Node("p:2", NodeType.PERSON, "Zakharov, Lavrentii Aleksandrovich Jr"),
            Node(
                "p:3",
                NodeType.PERSON,
                "Ivan",
                names=("ＺＡＫＨＡＲＯＶ,  lavrentii aleksandrovich",),
            ),
            Node("c:1", NodeType.COMPANY, "Zakharov, Lavrentii Aleksandrovich"),
            Node("c:2", NodeType.COMPANY, "华为"),
        ]
    )
    key = "zakharov, lavrentii aleksandrovich"
    hits = store.exact_names([key], types=[NodeType.PERSON])
    assert sorted((h.id, h.matched) for h in hits) == [
        ("p:1", "ZAKHAROV, Lavrentii Aleksandrovich"),
        ("p:3", "ＺＡＫＨＡＲＯＶ,  lavrentii aleksandrovich"),
    ]
    assert {h.id for h in store.exact_names([key, "华为"])} == {"p:1", "p:3", "c:1", "c:2"}
    assert [h.id for h in store.exact_names(["华"])] == []  # never a substring
    assert len(store.exact_names([key], limit=1)) == 1
    assert store.exact_names([]) == []


def test_exact_names_limit_counts_names_not_pinyin(store: Store) -> None:
    # "huawei" is the pinyin of 华为 and the Latin name of another entity: the limit
    # must not be spent on the entities whose pinyin it only is.
    store.upsert_nodes(
        [Node(f"c:{i}", NodeType.COMPANY, "华为") for i in range(1, 4)]
        + [Node("c:9", NodeType.COMPANY, "HUAWEI")]
    )
    hits = store.exact_names(["huawei"], limit=2)
    assert [(h.id, h.matched) for h in hits] == [("c:9", "HUAWEI")]
    assert len(store.exact_names(["华为"], limit=2)) == 2
    assert store.exact_names(["华为\nhuawei"]) == []  # a key is one whole name


def test_exact_names_with_pinyin_finds_a_chinese_name_however_spaced(store: Store) -> None:
    store.upsert_nodes(
        [
            Node("c:1", NodeType.COMPANY, "北京 鸿运 达 科技有限公司"),
            Node("c:2", NodeType.COMPANY, "北京鸿运达科技"),  # pinyin only a prefix
            Node("c:3", NodeType.COMPANY, "Beijinghongyundakejiyouxiangongsi"),
        ]
    )
    key = "beijinghongyundakejiyouxiangongsi"
    assert [h.id for h in store.exact_names([key])] == ["c:3"]
    hits = store.exact_names([key], pinyin=True)
    assert sorted((h.id, h.how, h.matched) for h in hits) == [
        ("c:1", "pinyin", key),
        ("c:3", "name", "Beijinghongyundakejiyouxiangongsi"),
    ]


def test_resolve_many_maps_each_known_alias_to_its_entity(g: Store) -> None:
    got = g.resolve_many([HUAWEI_LEI, "ftm:huawei", VANKE, "nope", HUAWEI_LEI])
    assert got == {HUAWEI_LEI: HUAWEI, "ftm:huawei": HUAWEI, VANKE: VANKE}
    assert g.resolve_many([]) == {}


def test_rels_of_min_share_keeps_the_shares_that_may_reach_it(g: Store) -> None:
    """A prefilter for threshold tests: the upper bound decides (a 25-50% band may
    reach a half), a relationship without a share is left out, and the total counts
    what the filter keeps."""

    def ids(node: str, direction: str, at_least: Fraction) -> tuple[set[str], int]:
        got, total = g.rels_of(node, direction=direction, types=[RelType.OWNS], min_share=at_least)
        return {r.id for r in got}, total

    assert ids(HUAWEI, "in", Fraction(1, 2)) == ({"o2"}, 1)  # o1 1%, o4 no share
    assert ids(HUAWEI, "in", Fraction(1, 100)) == ({"o1", "o2"}, 2)
    assert ids(PINGAN, "out", Fraction(1, 2)) == ({"o3", "o5"}, 2)
    assert ids(PINGAN, "out", Fraction(51, 100)) == ({"o5"}, 1)
    assert ids(PINGAN, "out", Fraction(52, 100)) == (set(), 0)
    assert g.rels_of(PINGAN, direction="out", min_share=None)[1] == 2


def test_names_containing_wants_one_string_of_every_group_in_one_name(g: Store) -> None:
    """A misspelt name's other words, each by its two ends: one name must hold them all."""

    def ids(groups: list[list[str]], types: list[NodeType] | None = None) -> set[str]:
        return {h.id for h in g.names_containing(groups, types=types)}

    assert ids([["huawx", "huaw"], ["nolog", "tech"]]) == {HUAWEI}
    hit = g.names_containing([["huaw"], ["tech"]])[0]
    assert (hit.matched, hit.how) == ("Huawei Technologies Co., Ltd.", "name")
    # 'huaw' is in the Latin name, '有限公司' in the Chinese one: no single name has both.
    assert ids([["huaw"], ["有限公司"]]) == set()
    assert ids([["有限公司"]], types=[NodeType.COMPANY]) == {HUAWEI, VANKE, PINGAN}
    assert ids([["有限公司"]], types=[NodeType.PERSON]) == set()
    # Strings under 3 characters are ignored, and a group left empty with them.
    assert ids([["huaw"], ["te", ""]]) == {HUAWEI}
    assert ids([["hu"]]) == set() and ids([]) == set()
    # Pinyin counts as a name: 万科 is wanke.
    assert [h.how for h in g.names_containing([["wanke"]])] == ["pinyin"]
    assert len(g.names_containing([["有限公司"]], limit=2)) == 2


def test_names_containing_limit_counts_only_true_hits(store: Store) -> None:
    """Names holding one group's string each, in two different names, are no hits and
    must not use up the limit before the one name that holds both."""
    store.upsert_nodes(
        [
            Node(f"c:{i:03d}", NodeType.COMPANY, f"Huawei {i}", names=(f"Tech {i}",))
            for i in range(60)
        ]
        + [Node("c:zzz", NodeType.COMPANY, "Huawei Technologies Co Ltd")]
    )
    hits = store.names_containing([["huaw"], ["tech"]], limit=5)
    assert [(h.id, h.matched) for h in hits] == [("c:zzz", "Huawei Technologies Co Ltd")]


def test_entities_awaiting_proposals_are_marked_until_cleared(g: Store) -> None:
    assert g.awaiting_proposals() == []
    g.await_proposals([VANKE, HUAWEI, VANKE])
    g.await_proposals(iter([HUAWEI, "ftm:not-yet-written"]))
    assert g.awaiting_proposals() == sorted([HUAWEI, VANKE, "ftm:not-yet-written"])
    g.proposals_made(iter([HUAWEI, "ftm:never-marked", HUAWEI]))
    assert g.awaiting_proposals() == sorted([VANKE, "ftm:not-yet-written"])
    assert g.stats().nodes["Company"] == 4  # marks are no entities
