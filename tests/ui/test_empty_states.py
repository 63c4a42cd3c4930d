"""Empty drawings say why: a threshold that hides every subsidiary, a role filter that
keeps only officer links."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Role
from tests.graph.risk.exposure_graphs import catalog_store, company, officer, owns, write
from tests.ui.graph_fixture import sqlite_url
from tests.ui.test_pages import _go, _markdown, _start

DAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("empty") / "group.db"
    with catalog_store(path) as store:
        write(
            store,
            company("R", "Root Holding"),
            company("S1"),
            company("S2"),
            company("D", "Dana Director"),
            owns("R", "S1", "3/10"),
            owns("R", "S2", "1/5"),
            officer("D", "R", Role.DIRECTOR),
        )
    return sqlite_url(path)


def test_tree_says_the_threshold_hides_the_subsidiaries(
    monkeypatch: pytest.MonkeyPatch, group: str
) -> None:
    at = _go(_start(monkeypatch, group, DAY), "tree", "R")
    assert "Subsidiaries (downward) (2)" in [s.value for s in at.subheader]
    at.number_input(key="tree_threshold").set_value(100.0).run()
    infos = [str(i.value) for i in at.info]
    assert not any("No ownership links" in i for i in infos), infos
    assert any("2 " in i and "threshold" in i for i in infos), infos
    at.number_input(key="tree_threshold").set_value(25.0).run()
    assert any("1 " in str(c.value) and "threshold" in str(c.value) for c in at.caption)


def test_network_role_filter_says_it_keeps_only_officer_links(
    monkeypatch: pytest.MonkeyPatch, group: str
) -> None:
    at = _go(_start(monkeypatch, group, DAY), "network", "R")
    at.multiselect(key="net_types").set_value(["OWNS"]).run()
    at.multiselect(key="net_roles").set_value(["director"]).run()
    text = _markdown(at) + "\n".join(str(i.value) for i in at.info)
    assert "before the per-node cap: ." not in text
    assert "OFFICER_OF" in text, text
