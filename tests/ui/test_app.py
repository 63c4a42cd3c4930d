"""The Streamlit explorer, driven by AppTest against real SQLite stores."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from graph.model import Node, NodeType
from graph.store.sqlite import SQLiteStore
from graph.synth import Synth, write_demo
from tests.ui.graph_fixture import (
    EVIL,
    EVIL_NAME,
    HUAWEI,
    PERSON,
    PINGAN,
    PINGAN_ALIAS,
    build_store,
    sqlite_url,
)

APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")
TIMEOUT = 60


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[Node]]:
    url = sqlite_url(tmp_path_factory.mktemp("ui") / "synth.db")
    with SQLiteStore.from_url(url) as store:
        write_demo(store, companies=100, seed=11)
    return url, list(Synth(companies=100, seed=11).nodes())


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("ui") / "small.db")


def _app(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("CREDGRAPH_STORE", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _page_links(at: AppTest) -> dict[str, str]:
    """label (as a reader sees it: labels are Markdown-escaped) -> the id in the link."""
    out = {}
    for link in at.get("page_link"):
        got = parse_qs(link.proto.query_string).get("id")
        if got:
            out[re.sub(r"\\(.)", r"\1", link.proto.label)] = got[0]
    return out


def _unescape(text: str) -> str:
    """Markdown as a reader sees it: data in messages is shown escaped."""
    return re.sub(r"\\(.)", r"\1", text)


def _open_page(at: AppTest, page: str, entity_id: str) -> AppTest:
    at.query_params["id"] = entity_id
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _unique_bigram(nodes: list[Node]) -> tuple[str, Node]:
    """A two-character Chinese substring that occurs in exactly one company's name."""
    counts: Counter[str] = Counter()
    for node in nodes:
        counts.update({node.name[i : i + 2] for i in range(len(node.name) - 1)})
    for node in nodes:
        if node.type is not NodeType.COMPANY:
            continue
        for i in range(len(node.name) - 1):
            gram = node.name[i : i + 2]
            if counts[gram] == 1 and all("\u4e00" <= c <= "\u9fff" for c in gram):
                return gram, node
    raise AssertionError("the synthetic graph has no unique two-character name fragment")


def test_search_finds_a_two_character_chinese_name(
    monkeypatch: pytest.MonkeyPatch, synth_store: tuple[str, list[Node]]
) -> None:
    url, nodes = synth_store
    gram, company = _unique_bigram(nodes)
    at = _app(monkeypatch, url)
    assert at.title[0].value == "Search"
    at.text_input(key="search_text").input(gram).run()
    assert not at.exception
    links = _page_links(at)
    assert links.get(company.name) == company.id
    assert not at.warning


def test_search_explains_an_invalid_uscc(monkeypatch: pytest.MonkeyPatch, small_store: str) -> None:
    at = _app(monkeypatch, small_store)
    at.text_input(key="search_text").input("91440300192185379J").run()
    assert [w.value for w in at.warning] == [
        "91440300192185379J is not a valid USCC: check character expected H, found J"
    ]


def test_search_type_filter(monkeypatch: pytest.MonkeyPatch, small_store: str) -> None:
    at = _app(monkeypatch, small_store)
    at.text_input(key="search_text").input("张伟").run()
    assert _page_links(at) == {"张伟": PERSON}
    at.multiselect(key="search_types").select("Company").run()
    assert PERSON not in _page_links(at).values()


def test_entity_page_shows_identifiers_and_clickable_relationships(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _open_page(_app(monkeypatch, small_store), "screens/entity.py", PINGAN_ALIAS)
    assert at.title[0].value == "平安银行股份有限公司"
    assert {c.value for c in at.code} == {PINGAN, PINGAN_ALIAS}
    links = _page_links(at)
    assert links["华为技术有限公司"] == HUAWEI
    assert links["张伟"] == PERSON
    assert any("OWNS" in e.label for e in at.expander)
    assert any(t.value.startswith("50.5%") for t in at.text)
    # The alias in the URL is replaced by the canonical id.
    assert at.query_params["id"] in (PINGAN, [PINGAN])


def test_entity_page_for_an_unknown_id_says_so(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _open_page(_app(monkeypatch, small_store), "screens/entity.py", "uscc:nope")
    assert [_unescape(e.value) for e in at.error] == ["No entity with id 'uscc:nope'."]


def test_entity_page_in_a_synthetic_graph(
    monkeypatch: pytest.MonkeyPatch, synth_store: tuple[str, list[Node]]
) -> None:
    url, nodes = synth_store
    company = next(n for n in nodes if n.type is NodeType.COMPANY)
    at = _open_page(_app(monkeypatch, url), "screens/entity.py", company.id)
    assert at.title[0].value == company.name
    assert company.id in {c.value for c in at.code}


def test_network_page_renders_an_offline_html_component(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _open_page(_app(monkeypatch, small_store), "screens/network.py", PERSON)
    [frame] = at.get("iframe")
    html = frame.proto.srcdoc
    assert "new vis.Network" in html
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html) is None
    # Two hops reach the company whose name is a script tag: drawn, never executed.
    at.slider(key="net_hops").set_value(2).run()
    html = at.get("iframe")[0].proto.srcdoc
    assert EVIL in html and HUAWEI in html
    assert EVIL_NAME not in html


def test_store_that_cannot_be_opened_shows_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "absent" / "graph.db"
    at = _app(monkeypatch, sqlite_url(missing))
    at.text_input(key="search_text").input("华为").run()
    assert not at.exception
    assert at.error and "does not exist" in at.error[0].value
    assert not missing.parent.exists()
    at = _open_page(at, "screens/entity.py", PINGAN)
    assert at.error and not at.exception


def test_unknown_scheme_shows_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, "mysql://db/x")
    assert "unknown store URL scheme" in at.error[0].value


def test_sidebar_as_of_date_is_kept_in_session_state(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    # AppTest renders app.py (and so the sidebar) on the first run only; later runs and
    # switch_page execute the page file alone.
    at = _app(monkeypatch, small_store)
    assert at.sidebar.date_input(key="as_of_input").value == date.today()
    at.sidebar.date_input(key="as_of_input").set_value(date(2021, 6, 30)).run()
    assert at.session_state["as_of"] == date(2021, 6, 30)


def test_network_page_filters_links_on_the_as_of_date(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _app(monkeypatch, small_store)
    # No sidebar after switch_page (see above), so the date is set as the sidebar would.
    at.session_state["as_of"] = date(2019, 12, 31)
    at = _open_page(at, "screens/network.py", PINGAN)
    # Current links only by default: Huawei's stake starts on 2020-01-01, the legal
    # representative's term in 2019.
    html = at.get("iframe")[0].proto.srcdoc
    assert HUAWEI not in html and PERSON in html
    at.toggle(key="net_current").set_value(False).run()
    assert HUAWEI in at.get("iframe")[0].proto.srcdoc
