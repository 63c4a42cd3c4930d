"""View modules without Streamlit: labels, escaping, the printable report, the tree."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from graph.model import Node, NodeType, Rel, RelType
from graph.risk.evidence import ExposureFinding, ListingRef, MeasureRef
from graph.share import Share
from graph.store.sqlite import SQLiteStore
from tests.graph.risk.exposure_graphs import SECO, catalog_store, company, listed, other_list, write
from ui.entity_view import entity_view
from ui.i18n import LABELS, t
from ui.markup import md
from ui.ownership import Tree, ownership_tree, owns_edges, share_label
from ui.report import report_html
from ui.risk_view import measure_rows
from ui.search_view import id_hint
from ui.tree import build_tree, tree_html

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_every_label_has_english_and_chinese() -> None:
    for key, (en, zh) in LABELS.items():
        assert en.strip() and zh.strip(), key
        # The same placeholders in both, so switching language never breaks a format.
        assert set(re.findall(r"{(\w+)", en)) == set(re.findall(r"{(\w+)", zh)), key
    assert t("search", "zh") == "搜索" and t("search", "en") == "Search"


@pytest.mark.parametrize(
    ("text", "kind", "valid"),
    [
        ("91440300192185379H", "uscc", True),
        ("uscc:91440300192185379J", "uscc", False),
        ("506700GE1G29325QX363", "lei", True),
        ("lei:506700GE1G29325QX364", "lei", False),
    ],
)
def test_identifier_hints(text: str, kind: str, valid: bool) -> None:
    hint = id_hint(text)
    assert hint is not None and (hint.kind, hint.valid) == (kind, valid)


def test_names_are_not_hints() -> None:
    assert id_hint("华为") is None and id_hint("huawei") is None


def test_markdown_escape_keeps_text_literal() -> None:
    assert md("**x** [a](http://e) :red[y]") == (
        "\\*\\*x\\*\\* \\[a\\]\\(http\u2060\\://e\\) \\:red\\[y\\]"
    )


def _finding() -> ExposureFinding:
    m = MeasureRef("M1", "限制高消费", "No high consumption", ["People's courts"], "art. 3 <b>")
    listing = ListingRef("CN_SPC_DISHONEST", EVIL, start=date(2023, 3, 1), source="court")
    return ExposureFinding(
        regime="cn", rule="listed", basis="legal", status="listed",
        paths=[["uscc:A", "list:X"]], explanation=f"{EVIL} is listed.",
        lists=[listing], measures=[m], share=Fraction(101, 200),
    )  # fmt: skip


def test_report_escapes_every_value_and_cites_measures() -> None:
    html = report_html(
        {"id": "uscc:A", "name": EVIL, "type": "Company"}, date(2024, 6, 1), [_finding()],
        {"uscc:A": EVIL}, generated=date(2024, 6, 2),
    )  # fmt: skip
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "art. 3 &lt;b&gt;" in html
    assert "<sup>[1]</sup>" in html and "50.5%" in html
    assert re.search(r"<[^>]*\b(src|href)\s*=", html) is None


def test_measure_rows_are_unique_per_measure() -> None:
    rows = measure_rows([_finding(), _finding()])
    assert rows == [
        {
            "agency": "People's courts",
            "measure": "限制高消费 (No high consumption)",
            "legal_basis": "art. 3 <b>",
            "rules": "listed",
        }
    ]


def test_share_text_never_rounds_up_a_threshold() -> None:
    # The tree draws stakes with Share.as_text (it had a formatter of its own).
    assert Share.exact(Fraction(4999999, 10**7)).as_text() == "49.9999%"
    assert share_label(Share.exact(Fraction(1, 2))) == "50%"


def test_tree_html_levels_cycles_and_escaping() -> None:
    tree = Tree(root="r")
    tree.nodes = {
        "r": Node("r", NodeType.COMPANY, EVIL),
        "a": Node("a", NodeType.COMPANY, "A"),
        "b": Node("b", NodeType.COMPANY, "B"),
    }
    tree.up_level = {"a": -1, "b": -1}
    tree.up = {"a": 0.6, "b": 0.4}
    tree.up_label = {"a": "60.00%", "b": "40.00%"}
    tree.edges = [("a", "r", "60%"), ("b", "a", "50%"), ("a", "b", "50%")]
    tree.cycles = [["a", "b"]]
    labels = {"ultimate": "ultimate", "cycle": "cycle"}
    html = tree_html(tree, set(), labels)
    assert EVIL not in html and "<img" not in html
    net = build_tree(tree, set(), labels)
    nodes = {n["id"]: n for n in net.nodes}
    assert nodes["a"]["level"] == -1 and "cycle" in nodes["a"]["label"]
    assert "60.00%" in nodes["a"]["label"]
    dashed = {(e["from"], e["to"]) for e in net.edges if e.get("dashes")}
    assert dashed == {("a", "b"), ("b", "a")}


def test_shipped_streamlit_config_sends_no_usage_statistics() -> None:
    import tomllib
    from pathlib import Path

    config = Path(__file__).resolve().parents[2] / "ui" / ".streamlit" / "config.toml"
    assert tomllib.loads(config.read_text(encoding="utf-8"))["browser"]["gatherUsageStats"] is False


def test_entity_page_and_tree_show_unknown_shares_and_bands(tmp_path) -> None:
    # Q holds Z with no recorded share, Z holds half of W; H holds Z by a PSC band.
    day = date(2026, 1, 1)
    band = Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        store.upsert_nodes([Node(x, NodeType.COMPANY, f"{x} Co") for x in ("Q", "Z", "W", "H")])
        store.upsert_rels([
            Rel("qz", RelType.OWNS, "Q", "Z"),
            Rel("zw", RelType.OWNS, "Z", "W", share=Share.exact(Fraction(1, 2))),
            Rel("hz", RelType.OWNS, "H", "Z", share=band),
        ])  # fmt: skip
        owns = owns_edges(store, day)
        view = entity_view(store, store.get("Z"), day, owns)
        rows = {r.other_id: r for r in view.shareholders}
        assert (rows["Q"].detail, rows["Q"].lookthrough) == ("unknown", "0.00-100.00% (unknown)")
        assert (rows["H"].detail, rows["H"].lookthrough) == ("(25-50%", "25.00-50.00% (range)")
        (sub,) = view.subsidiaries
        assert (sub.detail, sub.lookthrough) == ("50%", "50.00%")
        tree = ownership_tree(store, owns, "W", day)
        assert sorted(tree.edges) == [
            ("H", "Z", "(25-50%"),
            ("Q", "Z", "unknown"),
            ("Z", "W", "50%"),
        ]
        assert tree.up_label == {
            "Q": "0.00-50.00% (unknown)", "H": "12.50-25.00% (range)", "Z": "50.00%",
        }  # fmt: skip
        net = build_tree(tree, set(), {"ultimate": "ultimate", "cycle": "cycle"})
        labels = {n["id"]: n["label"] for n in net.nodes}
        assert labels["Q"].startswith("Q Co\n0.00-50.00% (unknown)")


def test_report_says_what_the_exposure_page_says_besides_the_findings(tmp_path: Path) -> None:
    """The downloaded report is the record a reviewer files: the page's "also listed on"
    (a regime with no ownership rule) and redlist notes belong in it too."""
    from ui.risk_view import entity_findings

    with catalog_store(tmp_path / "r.db") as store:
        write(
            store,
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            company("S", "Sierra Export AG"),
            listed("S", SECO),
            listed("S", "list:CN_SAT_CREDIT_A", start=date(2025, 8, 1)),
        )
        day = date(2025, 9, 1)
        found = entity_findings(store, "S", day)
    assert found.other_lists and found.redlists
    entity = {"id": "S", "name": "Sierra Export AG", "type": "Company"}
    html = report_html(
        entity, day, found.findings, {}, other_lists=found.other_lists, redlists=found.redlists
    )
    assert "Also listed on: Swiss SECO sanctions (ch). credgraph models no" in html
    assert "On a redlist: A-grade taxpayers" in html and "since 2025-08-01" in html
    zh = report_html(
        entity, day, found.findings, {}, other_lists=found.other_lists,
        redlists=found.redlists, lang="zh",
    )  # fmt: skip
    assert "另列入以下名单：Swiss SECO sanctions (ch)" in zh and "列入守信红名单" in zh
    plain = report_html(entity, day, found.findings, {})
    assert "Also listed on" not in plain and "redlist" not in plain
    assert "Not everything was read" not in plain
    note = "China rules read 2 of 4 officers of S; findings through the other 2 are missing"
    cut = report_html(entity, day, found.findings, {}, incomplete=[note])
    assert f"Not everything was read, so findings may be missing: {note}." in cut
