"""The paths page: every relationship between the two parties of a hop, and the reason
an invalid USCC finds no party."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest

from graph.model import Provenance, Rel, RelType
from graph.share import Share
from graph.store.sqlite import SQLiteStore
from tests.ui.graph_fixture import PERSON, PINGAN, build_store
from tests.ui.test_app import _unescape
from tests.ui.test_pages import LISTED_DAY, _go, _markdown, _start, _texts, small_store

__all__ = ["small_store"]  # the fixture, shared with test_pages


def test_paths_show_every_relationship_between_two_parties(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = build_store(tmp_path / "parallel.db")
    # 张伟 is 平安银行's legal representative and, here, also holds 10% of it.
    with SQLiteStore.from_url(url) as s:
        s.upsert_rels([Rel("zw-owns", RelType.OWNS, PERSON, PINGAN, share=Share.parse("10"),
                           provenance=(Provenance("test-fixture", "o2"),))])  # fmt: skip
    at = _go(_start(monkeypatch, url, LISTED_DAY), "paths", PERSON)
    at.text_input(key="path_to").input(PINGAN).run()
    assert [s.value for s in at.subheader] == ["Path 1 (1 hops)"]
    hops = [t for t in _texts(at) if t.startswith(("→", "←"))]
    assert hops == ["→ OFFICER_OF", "→ OWNS"]
    assert "10%" in _texts(at) and "test-fixture:o2" in _markdown(at)
    assert "also" in _markdown(at)


def test_paths_with_an_invalid_uscc_say_why(
    monkeypatch: pytest.MonkeyPatch, small_store: str
) -> None:
    at = _go(_start(monkeypatch, small_store), "paths", PERSON)
    at.text_input(key="path_to").input("91440300192185379J").run()
    (err,) = [_unescape(e.value) for e in at.error]
    assert "check character expected H, found J" in err, err


def test_paths_links_keep_the_date_and_language_and_names_stay_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from graph.model import Node, NodeType
    from ui.markup import md

    url = build_store(tmp_path / "md.db")
    evil = "[Trusted Bank](https://evil.example) **Ltd**"
    with SQLiteStore.from_url(url) as s:
        s.upsert_nodes([Node("co:md", NodeType.COMPANY, evil, provenance=(Provenance("t", "m"),))])
        s.upsert_rels([Rel("zw-md", RelType.OWNS, PERSON, "co:md", share=Share.parse("10"),
                           provenance=(Provenance("t", "o"),))])  # fmt: skip
    at = _start(monkeypatch, url, LISTED_DAY)
    at.session_state["lang"] = "zh"
    at = _go(at, "paths", PERSON)
    at.text_input(key="path_to").input("co:md").run()
    assert "截至 2024\\-06\\-01" in [c.value for c in at.caption]
    links = [x.proto for x in at.get("page_link")]
    assert links
    for link in links:
        query = parse_qs(link.query_string)
        assert query["as_of"] == ["2024-06-01"] and query["lang"] == ["zh"], link.query_string
    labels = {x.label for x in links}
    assert md(evil) in labels and evil not in labels
