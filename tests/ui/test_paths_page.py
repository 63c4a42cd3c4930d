"""The paths page: every relationship between the two parties of a hop, and the reason
an invalid USCC finds no party."""

from __future__ import annotations

from pathlib import Path

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
