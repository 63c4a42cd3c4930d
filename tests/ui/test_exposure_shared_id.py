"""The Exposure page and its report when the id asked for names more than one entity."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Node, NodeType, Rel, RelType
from tests.graph.risk.exposure_graphs import LISTS, catalog_store, company, listed, write
from tests.ui.graph_fixture import sqlite_url
from tests.ui.test_pages import _go, _start

INN = "reg:ru-inn:7707083893"
DAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("shared") / "shared.db"
    with catalog_store(path) as store:
        a = company("a", "Alpha Clean Ltd")
        b = company("b", "Beta Sanctioned LLC")
        write(
            store,
            Node(a.id, NodeType.COMPANY, a.name, ids=(INN,), provenance=a.provenance),
            Node(b.id, NodeType.COMPANY, b.name, ids=(INN,), provenance=b.provenance),
            Rel("l", RelType.LINKED_TO, "a", "b", props={"decision": "pending"}),
            listed("b", LISTS["ofac"]),
        )
    return sqlite_url(path)


def _plain(text: object) -> str:
    return str(text).replace("\\", "")


def test_exposure_by_a_shared_id_warns_with_the_others_statuses(
    monkeypatch: pytest.MonkeyPatch, shared: str
) -> None:
    at = _go(_start(monkeypatch, shared, DAY), "exposure", INN)
    warnings = [_plain(w.value) for w in at.warning]
    assert any("also an id of b (Beta Sanctioned LLC)" in w for w in warnings), warnings
    assert any("ofac=listed" in w for w in warnings), warnings
    # Not a clean bill: the id names a listed entity too.
    assert not at.success, [s.value for s in at.success]
    # The URL keeps the id asked for, so a rerun (a toggle) still warns.
    assert at.query_params["id"] in (INN, [INN])
    at.toggle(key="exp_heuristics").set_value(False).run()
    assert any("ofac=listed" in _plain(w.value) for w in at.warning)


def test_exposure_report_names_the_other_entity(
    monkeypatch: pytest.MonkeyPatch, shared: str
) -> None:
    import ui.report

    made: list[str] = []

    def keep(*args: object, **kwargs: object) -> str:
        made.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    real = ui.report.report_html
    monkeypatch.setattr(ui.report, "report_html", keep)
    _go(_start(monkeypatch, shared, DAY), "exposure", INN)
    assert made
    assert "also an id of b (Beta Sanctioned LLC)" in made[-1]
    assert "ofac=listed" in made[-1]
