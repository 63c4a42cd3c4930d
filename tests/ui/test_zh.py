"""中文 mode: every page, every table header, message and drawing speaks Chinese.

Data (names, ids, rules, relationship types, the engine's explanations) stays as it is;
what is checked is the interface: titles, headers, captions, messages, widget and
button labels, table column headers, the network's legend and the printable report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.risk.screening import OUTPUT_COLUMNS
from graph.store import open_store
from tests.ui.rich_fixture import HANGZHOU, HUB, PERSON, ROOT, XIAN, build_rich_store
from tests.ui.test_pages import _go, _start
from tests.ui.test_screening_page import PORTFOLIO
from ui.i18n import LABELS
from ui.report import report_html
from ui.risk_view import CSV_COLUMNS, entity_findings, path_ids

DAY = date(2024, 6, 1)

# What the audit found in English on 中文 pages, and every machine column name.
KNOWN_ENGLISH = (
    "no entity with id", "No entity matches", "no column to match on",
    "the file has no header row", "check character expected", "matched by", "Nothing",
    " nodes", " relationships", "listed on the as-of date", " more", "Exposure report",
    "Legal findings", "Heuristic", "Measures", "Citations", "as of", "generated",
    "Officers", "Positions held", "Owners", "Subsidiaries", "Status by regime",
    "Showing the first", "Drawn", "In total", "not a findings file", "up to", "Choose",
)  # fmt: skip
MACHINE_COLUMNS = {
    *CSV_COLUMNS, *OUTPUT_COLUMNS, "property", "value", "sources", "list", "period",
    "status", "reason", "case", "agency", "measure", "legal_basis", "rules", "type", "count",
    "row", "input", "why", "records", "share", "source", "record_id", "name", "id",
    "listings", "cn", "ofac", "bis", "eu", "uk",
}  # fmt: skip


def _english_fragments() -> set[str]:
    """Pieces of every English label long enough not to be a name or a rule."""
    out = set()
    for en, _zh in LABELS.values():
        for piece in re.split(r"\{[^}]*\}", en):
            piece = piece.strip(" .,:;()'\"")
            if len(piece.split()) >= 2:
                out.add(piece)
    return out | set(KNOWN_ENGLISH)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _interface_text(at: AppTest) -> list[str]:
    """Everything on the page that the interface (not the data) says."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "caption", "info", "warning", "error",
                 "success", "exception"):  # fmt: skip
        out += [_unescape(str(x.value)) for x in getattr(at, kind)]
    out += [_unescape(e.label) for e in at.expander]
    out += [b.label for b in at.button]
    out += [x.proto.label for x in at.get("download_button")]
    for kind in ("text_input", "toggle", "slider", "multiselect", "selectbox", "number_input",
                 "date_input", "radio"):  # fmt: skip
        out += [w.label for w in getattr(at, kind)]
    out += [w.label for w in at.get("file_uploader")]
    # A picker without a placeholder of ours shows Streamlit's English "Choose options".
    # (The Paths page is left to the branch that owns it.)
    if "path_from" not in [w.key for w in at.text_input]:
        out += [
            w.proto.placeholder or f"Choose (no placeholder on {w.key})"
            for kind in ("multiselect", "selectbox")
            for w in getattr(at, kind)
        ]
    for frame in at.get("iframe"):
        html = frame.proto.srcdoc
        m = re.search(r"nodes: new vis\.DataSet\((\[.*?\])\)", html)
        for node in json.loads(m[1]) if m else []:
            if str(node["id"]).startswith("more:"):
                out += [node["label"], node["title"]]
            else:
                out += [line for line in node["title"].split("\n")[2:] if "·" not in line]
    # The legend under the network is HTML of our own (colour squares and labels).
    out += [re.sub(r"<[^>]+>|&\w+;|&#\d+;", " ", str(m.value)) for m in at.markdown
            if "&#9632;" in str(m.value)]  # fmt: skip
    return out


def _english(at: AppTest, where: str) -> list[str]:
    found = []
    fragments = _english_fragments()
    for text in _interface_text(at):
        found += [f"{where}: {f!r} in {text!r}" for f in fragments if f in text]
    for frame in at.dataframe:
        found += [f"{where}: column {c!r}" for c in frame.value.columns if c in MACHINE_COLUMNS]
    return found


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_rich_store(tmp_path_factory.mktemp("zh") / "rich.db")


@pytest.fixture()
def reports(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "credgraph-quarantine-cn-registry.jsonl").write_text(
        json.dumps({"file": "a.csv", "record": 1, "reason": "bad USCC"}), encoding="utf-8"
    )
    (tmp_path / "cn.load.json").write_text(json.dumps({"format": "cn"}), encoding="utf-8")
    (tmp_path / "bad.load.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    yield tmp_path


def test_every_page_in_chinese_has_no_english_interface_text(
    monkeypatch: pytest.MonkeyPatch, rich: str, reports: Path
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.sidebar.radio(key="lang_input").set_value("zh").run()
    found: list[str] = []
    for text in ("西安", "Zeta", "91610104560967164X", "lei:506700GE1G29325QX364", "无此公司"):
        at.text_input(key="search_text").input(text).run()
        found += _english(at, f"search {text}")
    for page, entity in (
        ("entity", XIAN), ("entity", PERSON), ("entity", HANGZHOU), ("entity", ROOT),
        ("entity", "uscc:nope"), ("entity", "91610104560967164X"),
        ("network", XIAN), ("network", ROOT), ("tree", ROOT), ("tree", XIAN),
        ("exposure", HANGZHOU), ("exposure", XIAN), ("exposure", "uscc:nope"), ("data", None),
    ):  # fmt: skip
        at = _go(at, page, entity)
        found += _english(at, f"{page} {entity}")
    at = _go(at, "paths", PERSON)
    at.text_input(key="path_to").input("杭州亿创").run()
    found += _english(at, "paths")
    at.text_input(key="path_to").input("uscc:nope-nothing").run()
    found += _english(at, "paths unknown")

    at = _go(at, "screening")
    at.file_uploader(key="screen_file").set_value(("book.csv", PORTFOLIO, "text/csv")).run()
    at.file_uploader(key="screen_previous").set_value(("x.csv", b"a,b\n1,2\n", "text/csv")).run()
    found += _english(at, "screening")
    at.file_uploader(key="screen_previous").clear().run()
    at.file_uploader(key="screen_file").set_value(("bad.csv", b"x,y\n1,2\n", "text/csv")).run()
    found += _english(at, "screening no column")
    at.file_uploader(key="screen_file").set_value(("empty.csv", b"", "text/csv")).run()
    found += _english(at, "screening empty")
    assert found == []


def test_network_legend_and_more_node_in_chinese(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.sidebar.radio(key="lang_input").set_value("zh").run()
    at = _go(at, "network", HUB)
    at.slider(key="net_cap").set_value(5).run()
    assert '"more:person:hub"' in at.get("iframe")[0].proto.srcdoc
    assert _english(at, "network") == []


def test_printable_report_in_chinese(rich: str) -> None:
    store = open_store(rich, read_only=True)
    found = entity_findings(store, HANGZHOU, DAY)
    names = {k: v.name for k, v in store.get_many(path_ids(found.findings)).items()}
    entity = {"id": HANGZHOU, "name": "杭州亿创新智能有限责任公司", "type": "Company"}
    html = report_html(entity, DAY, found.findings, names, statuses=found.statuses, lang="zh")
    visible = unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "\n", html, flags=re.S))
    # The engine's explanation is data; everything around it is the report's own text.
    visible = visible.replace(found.findings[0].explanation, "")
    leaks = [f for f in _english_fragments() if f in visible]
    assert leaks == []
    assert "风险报告" in visible and "截至 2024-06-01" in visible
