"""中文 mode: list names from the catalog's Chinese name, listing status words, role names
and the listings table's headers are Chinese wherever a page shows them."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from graph.model import Role
from tests.graph.risk.exposure_graphs import LISTS, catalog_store, company, listed, officer, write
from tests.ui.graph_fixture import sqlite_url
from tests.ui.test_pages import _go, _start

DAY = date(2023, 12, 1)
OFAC_ZH = "美国特别指定国民清单"
OFAC_EN = "OFAC Specially Designated Nationals"


@pytest.fixture(scope="module")
def listed_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("zh_lists") / "lists.db"
    with catalog_store(path) as store:
        write(
            store,
            company("X", "Xylo Trading"),
            company("P", "Pavel Person"),
            listed("X", LISTS["ofac"], start=date(2023, 8, 1), end=date(2024, 7, 7),
                   status="deleted"),
            officer("P", "X", Role.DIRECTOR),
        )  # fmt: skip
    return sqlite_url(path)


def _zh(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    at = _start(monkeypatch, url, DAY)
    at.session_state["lang"] = "zh"
    at.run()
    return at


def test_entity_listings_table_in_chinese(
    monkeypatch: pytest.MonkeyPatch, listed_store: str
) -> None:
    at = _go(_zh(monkeypatch, listed_store), "entity", "X")
    table = next(d.value for d in at.dataframe if "名单" in d.value.columns)
    assert "recorded status" not in table.columns and "登记状态" in table.columns
    (row,) = table.to_dict("records")
    assert row["名单"] == OFAC_ZH
    assert row["状态"] == "有效" and row["登记状态"] == "已删除"


def test_list_names_in_chinese_on_search_entity_and_network(
    monkeypatch: pytest.MonkeyPatch, listed_store: str
) -> None:
    at = _zh(monkeypatch, listed_store)
    at.text_input(key="search_text").input("Xylo").run()
    badges = " ".join(str(m.value) for m in at.markdown if "badge" in str(m.value))
    assert OFAC_ZH in badges and OFAC_EN not in badges, badges
    at = _go(at, "entity", LISTS["ofac"])
    assert at.title[0].value.replace("\\", "") == OFAC_ZH
    at = _go(at, "network", "X")
    html = at.get("iframe")[0].proto.srcdoc
    nodes = json.loads(re.search(r"nodes: new vis\.DataSet\((\[.*?\])\)", html)[1])
    labels = {n["id"]: n["label"] for n in nodes}
    assert labels[LISTS["ofac"]] == OFAC_ZH
    roles = at.multiselect(key="net_roles")
    assert "董事" in roles.options and "director" not in roles.options
