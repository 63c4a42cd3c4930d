"""Every finding carries where it came from: the records it rests on (``facts``), its
``confidence`` and the ``issue`` it raises reach the Exposure table, the CSV, the
printable report and the Entity page, as they reach ``credgraph exposure --json``."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from graph.model import Role
from tests.graph.risk.china_helpers import company, load, person, post
from tests.graph.risk.exposure_graphs import catalog_store
from tests.ui.graph_fixture import sqlite_url
from tests.ui.test_pages import _go, _start
from ui.report import report_html
from ui.risk_view import entity_findings, finding_row, findings_csv, path_ids, table_rows

DAY = date(2023, 10, 1)
ISSUE = "appointment void (Company Law 2018 art. 146(2))"


@pytest.fixture(scope="module")
def p2(tmp_path_factory: pytest.TempPathFactory) -> str:
    """P was the legal representative, personally responsible, of C_OLD when its licence
    was revoked; C_23 appointed P director within three years (rule P2)."""
    path = tmp_path_factory.mktemp("evidence") / "p2.db"
    with catalog_store(path) as store:
        load(
            store,
            company("C_OLD", "旧公司", status="吊销", revoked_date="2023-03-01"),
            company("C_23", "二三年任命公司"),
            person("P"),
            post(
                "P",
                "C_OLD",
                Role.LEGAL_REPRESENTATIVE,
                date(2018, 1, 1),
                date(2023, 3, 1),
                personal_responsibility=True,
            ),
            post("P", "C_23", Role.DIRECTOR, date(2023, 9, 1)),
        )
    return sqlite_url(path)


def _p2(url: str):  # type: ignore[no-untyped-def]
    from graph.store import open_store

    store = open_store(url, read_only=True)
    found = entity_findings(store, "C_23", DAY)
    (f,) = [f for f in found.findings if f.rule == "P2"]
    return f, {k: v.name for k, v in store.get_many(path_ids([f])).items()}


def test_finding_rows_and_csv_carry_facts_confidence_and_issue(p2: str) -> None:
    f, names = _p2(p2)
    row = finding_row(f, names)
    assert row["issue"] == ISSUE and row["confidence"] == "high"
    # The revoked company's record and both posts, each with its source and record id.
    assert "test-cn C_OLD" in row["facts"] and "test-cn P-C_OLD" in row["facts"]
    assert "test-cn P-C_23" in row["facts"]
    assert "licence revoked or ordered closed on 2023-03-01" in row["facts"]
    got = next(csv.DictReader(io.StringIO(findings_csv([row]).decode("utf-8-sig"))))
    assert (got["issue"], got["confidence"], got["facts"]) == (ISSUE, "high", row["facts"])
    (shown,) = table_rows([row], lang="en")
    assert shown["issue"] == ISSUE and shown["facts"] == row["facts"]
    (zh,) = table_rows([row], lang="zh")
    assert {"置信度", "需处理事项", "依据记录"} <= set(zh)


def test_report_cites_the_records_a_finding_without_listings_rests_on(p2: str) -> None:
    f, names = _p2(p2)
    html = report_html({"id": "C_23", "name": "二三年任命公司", "type": "Company"}, DAY, [f], names)
    assert "P-C_OLD" in html and "P-C_23" in html and "test-cn" in html
    assert ISSUE in html
    assert "confidence high" in html


def test_exposure_and_entity_pages_show_the_evidence(
    monkeypatch: pytest.MonkeyPatch, p2: str
) -> None:
    at = _go(_start(monkeypatch, p2, DAY), "exposure", "C_23")
    table = next(d.value for d in at.dataframe if "issue" in d.value.columns)
    assert ISSUE in list(table["issue"]) and "P-C_OLD" in " ".join(table["facts"])
    at = _go(at, "entity", "C_23")
    box = next(e for e in at.expander if "P2" in e.label)
    text = " ".join(str(x.value) for x in (*box.markdown, *box.caption)).replace("\\", "")
    assert ISSUE in text and "test-cn P-C_OLD" in text and "high" in text


def test_entity_page_names_the_other_party_of_each_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Two P2 findings of one company: its paths start at the company itself, so the
    label names their far end (the revoked company), with no dangling separator."""
    path = tmp_path_factory.mktemp("two") / "two.db"
    with catalog_store(path) as store:
        load(
            store,
            company("OLD1", "一号旧公司", status="吊销", revoked_date="2023-03-01"),
            company("OLD2", "二号旧公司", status="吊销", revoked_date="2023-04-01"),
            company("NEW", "新公司"),
            person("P"),
            person("Q"),
            post("P", "OLD1", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), date(2023, 3, 1),
                 personal_responsibility=True),
            post("Q", "OLD2", Role.LEGAL_REPRESENTATIVE, date(2018, 1, 1), date(2023, 4, 1),
                 personal_responsibility=True),
            post("P", "NEW", Role.DIRECTOR, date(2023, 9, 1)),
            post("Q", "NEW", Role.SUPERVISOR, date(2023, 9, 1)),
        )  # fmt: skip
    at = _go(_start(monkeypatch, sqlite_url(path), DAY), "entity", "NEW")
    labels = [e.label.replace("\\", "") for e in at.expander if " P2 " in e.label]
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert not [x for x in labels if x.rstrip().endswith("·")], labels
    assert any(x.endswith("一号旧公司") for x in labels), labels
