"""How the pages present findings, names, search results, ownership and networks."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs

import pytest

from graph.store import open_store
from tests.ui.rich_fixture import (
    CYC_A,
    CYC_B,
    HANGZHOU,
    MANY,
    NAMELESS,
    OWNER,
    PERSON,
    ROOT,
    XIAN,
    build_rich_store,
)
from tests.ui.test_app import _page_links
from tests.ui.test_pages import _go, _markdown, _start, _texts
from ui.report import report_html
from ui.risk_view import entity_findings, path_ids

DAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_rich_store(tmp_path_factory.mktemp("display") / "rich.db")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


# -- 10: search says when it stops ------------------------------------------------------


def test_search_says_it_shows_the_first_50_and_offers_more(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.text_input(key="search_text").input("Zeta Trading").run()
    zeta = [k for k in _page_links(at) if k.startswith("Zeta")]
    assert len(zeta) == 50
    assert "Showing the first 50 results; more match." in _markdown(at)
    at.button(key="search_more").click().run()
    assert len([k for k in _page_links(at) if k.startswith("Zeta")]) == MANY
    assert f"{MANY} result(s)" in _markdown(at)
    assert not [b for b in at.button if b.key == "search_more"]
    # A new query starts again at the first page.
    at.text_input(key="search_text").input("Zeta Trading 0").run()
    assert "10 result(s)" in _markdown(at)


# -- 11: an entity without a name is shown by its id -------------------------------------


def test_an_entity_without_a_name_is_shown_and_linked_by_its_id(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.text_input(key="search_text").input("02443921").run()
    assert _page_links(at) == {NAMELESS: NAMELESS}
    at = _go(at, "entity", NAMELESS)
    assert _unescape(at.title[0].value) == NAMELESS
    at = _go(at, "entity", "co:uk-sub")
    assert _page_links(at)[NAMELESS] == NAMELESS
    at = _go(at, "exposure", NAMELESS)
    assert _page_links(at)[NAMELESS] == NAMELESS
    at = _go(at, "network", NAMELESS)
    nodes = json.loads(
        re.search(r"nodes: new vis\.DataSet\((\[.*?\])\)", at.get("iframe")[0].proto.srcdoc)[1]
    )
    assert {n["id"]: n["label"] for n in nodes}[NAMELESS] == NAMELESS


# -- 12: a cross-holding cycle through the root ------------------------------------------


def test_tree_shows_cycle_members_as_owners_and_as_subsidiaries(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _go(_start(monkeypatch, rich, DAY), "tree", ROOT)
    subheaders = [s.value for s in at.subheader]
    assert "Owners (upward) (3)" in subheaders
    assert "Subsidiaries (downward) (2)" in subheaders
    # R holds 20 % of A directly and 20 % x 30 % = 6 % of B through A; A and B also own
    # R (B directly 30 %, A through B 9 %), so they are listed on both sides.
    texts = _texts(at)
    for share in ("71.28%", "30.00%", "9.00%", "20.00%", "6.00%"):
        assert share in texts, share
    links = [parse_qs(x.proto.query_string).get("id") for x in at.get("page_link")]
    assert links.count([CYC_A]) == 2 and links.count([CYC_B]) == 2
    html = at.get("iframe")[0].proto.srcdoc
    nodes = json.loads(re.search(r"nodes: new vis\.DataSet\((\[.*?\])\)", html)[1])
    edges = json.loads(re.search(r"edges: new vis\.DataSet\((\[.*?\])\)", html)[1])
    by_id = {n["id"]: n for n in nodes}
    below_a = [n for n in nodes if n.get("entity") == CYC_A and n["level"] > 0]
    above_a = [n for n in nodes if n["id"] == CYC_A and n["level"] < 0]
    assert below_a and above_a
    assert by_id[OWNER]["level"] < 0
    down = [e for e in edges if e["from"] == ROOT and e["to"] == below_a[0]["id"]]
    assert [e["label"] for e in down] == ["20%"]


# -- 13: the network caption says what it counts ----------------------------------------


def test_network_caption_separates_drawn_from_total_counts(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _go(_start(monkeypatch, rich, DAY), "network", ROOT)
    caption = _markdown(at)
    assert re.search(r"Drawn: \d+ nodes, \d+ relationships\.", caption)
    assert "In total, before the per-node cap:" in caption


# -- 14: a person's own posts ------------------------------------------------------------


def test_a_persons_posts_are_positions_held_not_officers(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _go(_start(monkeypatch, rich, DAY), "entity", PERSON)
    subheaders = [s.value for s in at.subheader]
    assert "Positions held (2)" in subheaders and "Officers" not in subheaders
    at = _go(at, "entity", XIAN)
    assert "Officers" in [s.value for s in at.subheader]


# -- 18: findings tell themselves apart before they are opened ---------------------------


def test_finding_labels_name_the_list(monkeypatch: pytest.MonkeyPatch, rich: str) -> None:
    at = _go(_start(monkeypatch, rich, DAY), "entity", XIAN)
    labels = [_unescape(e.label) for e in at.expander if e.label.startswith("cn")]
    assert len(labels) == 2 and len(set(labels)) == 2
    assert any("List of dishonest judgment debtors" in x for x in labels)
    assert any("Directory of enterprises with abnormal operations" in x for x in labels)


# -- 19, 20: possible ownership shows its bound, exposure its per-regime status ----------


def test_possible_ownership_shows_up_to_and_the_status_per_regime(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _go(_start(monkeypatch, rich, DAY), "entity", HANGZHOU)
    (label,) = [_unescape(e.label) for e in at.expander if e.label.startswith("ofac")]
    assert "up to 60%" in label and "· 60%" not in label

    at = _go(at, "exposure", HANGZHOU)
    statuses = next(
        d.value for d in at.dataframe if "ofac" in d.value.columns and "cn" in d.value.columns
    )
    assert statuses.to_dict("records") == [
        {"cn": "none", "ofac": "heuristic:owned", "bis": "none", "eu": "none", "uk": "none"}
    ]
    findings = next(d.value for d in at.dataframe if "rule" in d.value.columns)
    assert list(findings["share"]) == ["up to 60%"]
    # 17: what a finding says comes before where it came from.
    assert list(findings.columns[:5]) == ["regime", "rule", "status", "share", "explanation"]

    store = open_store(rich, read_only=True)
    found = entity_findings(store, HANGZHOU, DAY)
    names = {k: v.name for k, v in store.get_many(path_ids(found.findings)).items()}
    entity = {"id": HANGZHOU, "name": "杭州亿创新智能有限责任公司", "type": "Company"}
    html = report_html(entity, DAY, found.findings, names, statuses=found.statuses)
    assert "up to 60%" in html
    assert re.search(r"<td>ofac</td>\s*<td>heuristic:owned</td>", html)
