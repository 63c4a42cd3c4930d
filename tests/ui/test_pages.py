"""Every page of the explorer through AppTest, from the entry point, on real SQLite."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from graph.model import RelType
from graph.store.sqlite import SQLiteStore
from graph.synth import AS_OF, write_demo
from tests.graph.risk.exposure_graphs import (
    SECO,
    catalog_store,
    company,
    listed,
    other_list,
    owns,
    write,
)
from tests.ui.graph_fixture import EVIL, HUAWEI, PERSON, PINGAN, build_store, sqlite_url
from tests.ui.test_app import APP, TIMEOUT, _page_links, _unescape

LISTED_DAY = date(2024, 6, 1)  # Ping An's listing runs from 2023-03-01


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("pages") / "small.db")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("pages") / "demo.db")
    with SQLiteStore.from_url(url) as store:
        write_demo(store, companies=300, seed=5)
    return url


@pytest.fixture(autouse=True)
def _no_reports_from_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    yield


def _start(monkeypatch: pytest.MonkeyPatch, url: str, day: date | None = None) -> AppTest:
    monkeypatch.setenv("CREDGRAPH_STORE", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if day is not None:
        at.session_state["as_of"] = day
    at.run()
    assert not at.exception, at.exception
    return at


def _go(at: AppTest, page: str, entity_id: str | None = None) -> AppTest:
    if entity_id is not None:
        at.query_params["id"] = entity_id
    at.switch_page(f"screens/{page}.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [x.value for x in at.text]


def _markdown(at: AppTest) -> str:
    """Markdown and captions as a reader sees them (data is shown Markdown-escaped)."""
    text = "\n".join(str(x.value) for x in (*at.markdown, *at.caption))
    return re.sub(r"\\(.)", r"\1", text)


# -- navigation, language, sidebar -------------------------------------------------------


def test_every_page_is_in_the_menu_and_opens(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _start(monkeypatch, small_store, LISTED_DAY)
    titles = []
    for page in ("entity", "network", "tree", "paths", "exposure", "screening", "data"):
        _go(at, page, PINGAN)
        titles.append(at.title[0].value)
    assert titles[0] == "平安银行股份有限公司"
    assert titles[1:] == [
        "Network", "Ownership tree", "Paths", "Exposure report", "Screening", "Data"
    ]  # fmt: skip


def test_language_switch_changes_labels_not_data(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _start(monkeypatch, small_store)
    at.sidebar.radio(key="lang_input").set_value("zh").run()
    assert at.title[0].value == "搜索"
    assert at.session_state["lang"] == "zh"
    at = _go(at, "network", PINGAN)
    assert at.title[0].value == "关系图谱"
    at = _go(at, "entity", PINGAN)
    assert at.title[0].value == "平安银行股份有限公司"  # names are data, never translated
    assert any(s.value.startswith("股东") for s in at.subheader)


def test_as_of_date_reaches_search_badges(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _start(monkeypatch, small_store, LISTED_DAY)
    at.text_input(key="search_text").input("平安").run()
    assert "listed: 失信被执行人名单" in _markdown(at)
    at.session_state["as_of"] = date(2022, 1, 1)
    at.text_input(key="search_text").input("平安 ").run()
    assert "失信被执行人名单" not in _markdown(at)


def test_search_by_pinyin_and_invalid_lei(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _start(monkeypatch, small_store)
    at.text_input(key="search_text").input("hua wei").run()
    assert _page_links(at).get("华为技术有限公司") == HUAWEI
    at.text_input(key="search_text").input("lei:506700GE1G29325QX364").run()
    assert [w.value for w in at.warning] == [
        "506700GE1G29325QX364 is not a valid LEI: check digits expected 63, found 64"
    ]


# -- entity ------------------------------------------------------------------------------


def test_entity_page_shows_findings_measures_and_stakes(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "entity", PINGAN)
    subheaders = [s.value for s in at.subheader]
    assert "Legal findings (1)" in subheaders
    assert not any(s.startswith("Heuristic") for s in subheaders)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("cn · listed · listed") for label in labels)
    assert "平安银行股份有限公司 → 失信被执行人名单" in _texts(at)
    frames = [d.value for d in at.dataframe]
    measure_frame = next(f for f in frames if "legal_basis" in f.columns)
    assert len(measure_frame) >= 1 and all(measure_frame["legal_basis"].astype(bool))
    assert "Shareholders (1)" in subheaders
    assert "look-through 50.50%" in _texts(at)
    assert any(t.startswith("50.5%") for t in _texts(at))
    assert _page_links(at)["张伟"] == PERSON
    listing_frame = next(f for f in frames if "case" in f.columns)
    assert list(listing_frame["list"]) == ["失信被执行人名单"]
    # P1 reaches the legal representative: his page shows the path through the company.
    at = _go(at, "entity", PERSON)
    assert "张伟 → 平安银行股份有限公司 → 失信被执行人名单" in _texts(at)


def test_entity_page_before_the_listing_has_no_findings(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, date(2022, 1, 1)), "entity", PINGAN)
    assert [s.value for s in at.success] == ["No findings on 2022-01-01."]


# -- network -----------------------------------------------------------------------------


def test_network_filters_by_type_and_opens_a_picked_node(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "network", PINGAN)
    html = at.get("iframe")[0].proto.srcdoc
    assert HUAWEI in html and PERSON in html
    at.multiselect(key="net_types").select("OFFICER_OF").run()
    html = at.get("iframe")[0].proto.srcdoc
    assert PERSON in html and HUAWEI not in html
    at.selectbox(key="net_pick").set_value(PERSON).run()
    assert _page_links(at)["张伟"] == PERSON
    assert 'window.open(base + "/entity?id="' in html


def test_network_of_a_demo_hub_draws_a_more_node(
    monkeypatch: pytest.MonkeyPatch, demo_store: str
) -> None:
    with SQLiteStore.from_url(demo_store, read_only=True) as store:
        edges = store.export_edges([RelType.OFFICER_OF, RelType.OWNS])
    degree: dict[str, int] = {}
    for s, d in zip(edges.src.tolist(), edges.dst.tolist(), strict=True):
        for n in (s, d):
            degree[edges.node_ids[n]] = degree.get(edges.node_ids[n], 0) + 1
    hub = max(degree, key=lambda n: degree[n])
    at = _start(monkeypatch, demo_store, AS_OF)
    at = _go(at, "network", hub)
    at.toggle(key="net_current").set_value(False).run()
    at.slider(key="net_cap").set_value(5).run()
    html = at.get("iframe")[0].proto.srcdoc
    assert f"more:{hub}" in html and "more" in html


# -- ownership tree ----------------------------------------------------------------------


def test_tree_marks_the_demo_cross_holding_cycle(
    monkeypatch: pytest.MonkeyPatch, demo_store: str
) -> None:
    with SQLiteStore.from_url(demo_store, read_only=True) as store:
        edges = store.export_edges([RelType.OWNS], as_of=AS_OF)
    g = nx.DiGraph(
        (edges.node_ids[s], edges.node_ids[d])
        for s, d in zip(edges.src.tolist(), edges.dst.tolist(), strict=True)
        if s != d
    )
    cycle = next(c for c in nx.strongly_connected_components(g) if len(c) > 1)
    member = sorted(cycle)[0]
    at = _go(_start(monkeypatch, demo_store, AS_OF), "tree", member)
    assert next(w.value for w in at.warning).startswith("Cross-holding cycles: ")
    html = at.get("iframe")[0].proto.srcdoc
    assert '"hierarchical"' in html and all(m in html for m in cycle)
    assert "in a cross-holding cycle" in _texts(at)


def test_tree_shows_owner_with_lookthrough_share(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "tree", PINGAN)
    assert _page_links(at)["华为技术有限公司"] == HUAWEI
    assert "50.50%" in _texts(at)
    assert any(s.value.startswith("Owners (upward) (1)") for s in at.subheader)


def test_tree_says_how_many_it_leaves_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A holding company with more subsidiaries than the tree draws: the page says how
    many of the smallest it left out, instead of looking complete."""
    from ui.ownership import TREE_LIMIT

    n = TREE_LIMIT + 3
    with catalog_store(tmp_path / "hub.db") as store:
        write(store, company("H", "Holding Group"), *(company(f"S{i:03d}") for i in range(n)))
        write(store, *(owns("H", f"S{i:03d}", f"{i + 1}/1000") for i in range(n)))
    at = _go(_start(monkeypatch, sqlite_url(tmp_path / "hub.db"), LISTED_DAY), "tree", "H")
    (info,) = [x.value for x in at.info]
    assert info.startswith(f"The tree shows the {TREE_LIMIT} largest owners")
    assert "3 more with smaller look-through shares are left out" in info
    assert any(s.value == f"Subsidiaries (downward) ({TREE_LIMIT})" for s in at.subheader)


# -- paths -------------------------------------------------------------------------------


def test_paths_between_two_entities_with_evidence(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "paths", PERSON)
    assert at.text_input(key="path_from").value == PERSON
    at.text_input(key="path_to").input("华为技术").run()
    assert [s.value for s in at.subheader] == ["Path 1 (2 hops)"]
    assert "张伟 — 平安银行股份有限公司 — 华为技术有限公司" in _texts(at)
    assert "test-fixture:o1" in _markdown(at)
    at.multiselect(key="path_types").select("OFFICER_OF").run()
    assert [i.value for i in at.info] == ["No path of at most 4 hops."]


def test_paths_do_not_go_through_a_list_unless_asked(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "paths", PERSON)
    at.text_input(key="path_to").input("失信被执行人名单").run()
    assert [i.value for i in at.info] == ["No path of at most 4 hops."]
    assert at.toggle(key="path_candidates").value is False
    at.multiselect(key="path_types").select("OFFICER_OF").select("LISTED_ON").run()
    assert [s.value for s in at.subheader] == ["Path 1 (2 hops)"]


def test_paths_with_an_unknown_party_says_so(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store), "paths", PERSON)
    at.text_input(key="path_to").input("uscc:nope-nothing").run()
    assert [_unescape(e.value) for e in at.error] == ["No entity matches 'uscc:nope-nothing'."]


# -- exposure ----------------------------------------------------------------------------


def test_exposure_page_lists_findings_and_offers_downloads(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store, LISTED_DAY), "exposure", PINGAN)
    assert "Legal findings (1)" in [s.value for s in at.subheader]
    frames = [d.value for d in at.dataframe]
    assert frames[0].to_dict("records")[0]["cn"] == "listed"  # the status per regime first
    frame = next(f for f in frames if "rule" in f.columns)
    assert list(frame["rule"]) == ["listed"]
    assert list(frames[-1].columns) == ["agency", "measure", "legal_basis", "rules"]
    assert len(at.get("download_button")) == 2
    at.toggle(key="exp_heuristics").set_value(False).run()
    assert not at.exception


def test_exposure_page_shows_lists_without_a_modelled_rule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with catalog_store(tmp_path / "seco.db") as store:
        write(
            store,
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            company("S", "Sierra Export AG"),
            company("T", "Tango Components Ltd"),
            owns("S", "T", "1"),
            listed("S", SECO),
        )
    at = _go(_start(monkeypatch, sqlite_url(tmp_path / "seco.db"), LISTED_DAY), "exposure", "S")
    (warning,) = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
    assert warning.startswith("Also listed on: Swiss SECO sanctions (ch). credgraph models no")
    assert "Legal findings (1)" in [x.value for x in at.subheader]
    frame = next(d.value for d in at.dataframe if "rule" in d.value.columns)
    assert (list(frame["regime"]), list(frame["rule"])) == (["ch"], ["ch.listed"])
    assert "nothing is propagated" in frame["explanation"][0]
    at = _go(at, "exposure", "T")
    assert not at.warning and not [d for d in at.dataframe if "rule" in d.value.columns]
    assert [x.value for x in at.success] == [f"No findings on {LISTED_DAY.isoformat()}."]


def test_exposure_and_entity_pages_say_what_a_limit_left_unread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Three owners with the ownership page at 2: a listed owner could be the one not
    read, so the pages warn instead of showing a bare "no findings"."""
    import graph.risk.subgraph as subgraph

    with catalog_store(tmp_path / "cut.db") as store:
        write(store, company("T", "Tango Components Ltd"), *(company(f"O{i}") for i in range(3)))
        write(store, *(owns(f"O{i}", "T", "1/3") for i in range(3)))
    at = _go(_start(monkeypatch, sqlite_url(tmp_path / "cut.db"), LISTED_DAY), "exposure", "T")
    assert not at.warning
    monkeypatch.setattr(subgraph, "PAGE", 2)
    for page in ("exposure", "entity"):
        at = _go(at, page, "T")
        (warning,) = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]
        assert warning.startswith("Not everything was read, so findings may be missing:")
        assert "more than 2 owners, controllers or listings" in warning
        assert not at.success  # no green "no findings" beside it
        assert [x.value for x in at.info] == [
            f"No findings on {LISTED_DAY.isoformat()} in what was read."
        ]


# -- screening ---------------------------------------------------------------------------


PORTFOLIO = (
    "企业名称,统一社会信用代码\n"
    ",91440300192185379H\n"  # Ping An by USCC: listed
    "华为技术有限公司,\n"  # by name: no findings
    "不存在的公司,91440300192185379J\n"  # invalid USCC, unknown name
).encode()


def test_screening_matches_rows_and_explains(small_store: str) -> None:
    from graph.store import open_store
    from ui.screening_view import run_screening

    store = open_store(small_store, read_only=True)
    ticks: list[tuple[int, int]] = []
    result = run_screening(
        store, PORTFOLIO, "book.csv", LISTED_DAY, progress=lambda d, n: ticks.append((d, n))
    )
    assert ticks == [(1, 3), (2, 3), (3, 3)]  # the page's progress bar follows these
    by_row = {r["row"]: r for r in result.summary}
    assert by_row[2]["matched_id"] == PINGAN and by_row[2]["match_method"] == "uscc"
    assert by_row[3]["matched_id"] == HUAWEI and by_row[3]["match_method"] == "name"
    assert by_row[4]["matched_id"] == "" and "invalid" in by_row[4]["match_explanation"]
    rules = {(f["row"], f["rule"], f["basis"]) for f in result.findings}
    assert ("2", "listed", "legal") in rules
    # Huawei holds 50.5 % of a listed company: a heuristic flag, never a legal finding.
    assert {r for r in rules if r[0] == "3"} <= {("3", "P11", "heuristic")}
    assert [r["row"] for r in result.unmatched] == [4]


def test_screening_page_shows_results_and_monitoring_diff(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    from graph.store import open_store
    from ui.screening_view import compare, read_result_csv, run_screening, screening_findings_csv

    store = open_store(small_store, read_only=True)
    before = run_screening(store, PORTFOLIO, "book.csv", date(2022, 1, 1))
    after = run_screening(store, PORTFOLIO, "book.csv", LISTED_DAY)
    diff = compare(read_result_csv(screening_findings_csv(before.findings)), after.findings)
    assert before.findings == []
    assert (PINGAN, "listed") in [(d["entity"], d["rule"]) for d in diff.new]
    assert len(diff.new) == len(after.findings) and diff.removed == []
    back = compare(read_result_csv(screening_findings_csv(after.findings)), before.findings)
    assert len(back.removed) == len(after.findings) and back.new == []
    same = compare(read_result_csv(screening_findings_csv(after.findings)), after.findings)
    assert same.new == [] and same.removed == []

    at = _start(monkeypatch, small_store, LISTED_DAY)
    at = _go(at, "screening")
    assert at.title[0].value == "Screening" and not at.dataframe
    at.file_uploader(key="screen_file").set_value(("book.csv", PORTFOLIO, "text/csv")).run()
    assert not at.exception
    assert list(at.dataframe[0].value["matched_id"]) == [PINGAN, HUAWEI, ""]
    assert "Rows without a match (1)" in [s.value for s in at.subheader]
    assert len(at.get("download_button")) == 2


# -- data --------------------------------------------------------------------------------


def test_data_page_counts_lists_and_quarantine(
    monkeypatch: pytest.MonkeyPatch, small_store: str, tmp_path: Path
) -> None:
    q = tmp_path / "credgraph-quarantine-cn-registry.jsonl"
    q.write_text(
        "\n".join(
            json.dumps({"file": "a.csv", "record": i, "reason": r, "kind": "Company"})
            for i, r in enumerate(["bad USCC", "bad USCC", "dangling reference"])
        ),
        encoding="utf-8",
    )
    (tmp_path / "cn.load.json").write_text(json.dumps({"format": "cn-registry"}), encoding="utf-8")
    at = _go(_start(monkeypatch, small_store), "data")
    counts = at.dataframe[0].value
    assert dict(zip(counts["type"], counts["count"], strict=True)) == {
        "Company": 3, "List": 1, "Person": 1
    }  # fmt: skip
    lists = at.dataframe[2].value
    assert list(lists["listings"]) == [1]
    assert any(c.value.startswith("Match candidates: 0 pending, 0 rejected") for c in at.caption)
    labels = [_unescape(e.label) for e in at.expander]
    assert "credgraph-quarantine-cn-registry.jsonl (3)" in labels
    assert "cn.load.json" in labels


# -- failures ----------------------------------------------------------------------------


def test_a_store_that_is_down_shows_a_message_on_every_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    at = _start(monkeypatch, "neo4j://127.0.0.1:1")
    assert at.error and "127.0.0.1:1" in _unescape(at.error[0].value)
    for page in ("entity", "network", "tree", "paths", "exposure", "screening", "data"):
        at = _go(at, page, PINGAN)
        assert at.error and "127.0.0.1:1" in _unescape(at.error[0].value), page


def test_hostile_name_is_text_on_entity_and_tree(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store), "entity", EVIL)
    assert _unescape(at.title[0].value).startswith("<script>")
    at = _go(at, "tree", EVIL)
    assert not at.exception


def test_findings_csv_round_trips(monkeypatch: pytest.MonkeyPatch, small_store: str) -> None:
    from graph.store import open_store
    from ui.risk_view import entity_findings, finding_row, findings_csv

    store = open_store(small_store, read_only=True)
    found = entity_findings(store, PINGAN, LISTED_DAY)
    rows = [{"entity": PINGAN, **finding_row(f, {}), "explanation": "=HYPERLINK(1)"}
            for f in found.findings]  # fmt: skip
    back = list(csv.DictReader(io.StringIO(findings_csv(rows).decode("utf-8-sig"))))
    assert [r["rule"] for r in back] == [f.rule for f in found.findings]
    assert all(r["explanation"] == "'=HYPERLINK(1)" for r in back)


def test_entity_page_folds_long_name_and_id_lists(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A sanctions entry with 30 names and 12 ids: 8 of each up front, the rest folded,
    none lost, and the findings still on the page."""
    from graph.model import Node, NodeType

    aliases = tuple(f"Alias Number {k} LLC" for k in range(29))
    ids = tuple(f"reg:ru-inn:77{k:08d}" for k in range(11))
    with catalog_store(tmp_path / "many.db") as store:
        write(
            store,
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            Node("S", NodeType.COMPANY, "Sierra Export AG", names=aliases, ids=ids),
            listed("S", SECO),
        )
    at = _go(_start(monkeypatch, sqlite_url(tmp_path / "many.db"), LISTED_DAY), "entity", "S")
    labels = [e.label for e in at.expander]
    assert "22 more names" in labels and "4 more identifiers" in labels
    assert set(_texts(at)) >= {"Sierra Export AG", *aliases}
    assert {c.value for c in at.code} == {"S", *ids}
    names_box = next(e for e in at.expander if e.label == "22 more names")
    assert [x.value for x in names_box.text] == list(aliases[7:])
    assert "Legal findings (1)" in [s.value for s in at.subheader]


def test_entity_page_marks_an_id_another_entity_answers_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from graph.model import Node, NodeType, Rel, RelType

    inn = "reg:ru-inn:1841015504"
    with catalog_store(tmp_path / "shared.db") as store:
        write(
            store,
            Node("ofac:45928", NodeType.COMPANY, "A LEVEL AEROSYSTEMS CST LLC", ids=(inn,)),
            Node("ftm:z", NodeType.COMPANY, "Zala Aero", ids=(inn,)),
            Rel("m", RelType.LINKED_TO, "ftm:z", "ofac:45928", props={"decision": "pending"}),
        )
    at = _go(_start(monkeypatch, sqlite_url(tmp_path / "shared.db")), "entity", "ftm:z")
    warnings = [w.value.replace("\\", "") for w in at.warning]  # markdown escapes
    assert any("also the id of ofac:45928 (A LEVEL" in w for w in warnings), warnings
