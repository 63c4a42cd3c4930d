"""What a sanctions finding cites as its legal basis.

A listing rests on the designation under its program (EO 14024 for RUSSIA-EO14024,
Council Regulation (EU) No 269/2014 for EU-UKR), not on the ownership guidance; an
owned finding rests on the ownership rule, in the version in force on the as-of date
(DOMAIN.md §7.2: the 2018 Best Practices, > 50%, the Commission's FAQ 8 from
2022-04-08, the 2024 update from 2024-07-03)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from zala import CST, DATA, SDN_FILE, ZALA_FILE, cli, load_lines, load_zala

from graph.catalog import load_catalog
from graph.risk.regimes import REGIMES


def _lines(dataset: str, sanction: dict[str, list[str]], pct: str = "60") -> list[dict[str, Any]]:
    return [
        {"id": "X", "schema": "Company", "properties": {"name": ["X Holding"]}},
        {"id": "A", "schema": "Company", "properties": {"name": ["A Operating"]}},
        {"id": "own", "schema": "Ownership",
         "properties": {"owner": ["X"], "asset": ["A"], "percentage": [pct],
                        "startDate": ["2000-01-01"]}},
        {"id": "san", "schema": "Sanction", "datasets": [dataset],
         "properties": {"entity": ["X"], "startDate": ["2014-04-01"], **sanction}},
    ]  # fmt: skip


def _f(url: str, entity: str, day: str, regime: str) -> dict[str, Any]:
    out = cli(url, "exposure", entity, "--as-of", day)
    (f,) = [f for f in out["findings"] if f["regime"] == regime]
    return f


SDN = {"authority": ["Office of Foreign Assets Control"], "country": ["us"]}


@pytest.mark.parametrize(
    ("program", "cited", "not_cited"),
    [
        ("RUSSIA-EO14024", ["RUSSIA-EO14024", "Executive Order 14024"], ["79 FR 47726", "FAQ"]),
        ("SDGT", ["SDGT", "not in credgraph's catalog"], ["79 FR 47726", "FAQ"]),
    ],
)
def test_an_sdn_listing_cites_its_program_and_an_owned_entity_the_50_percent_rule(
    tmp_path: Path, program: str, cited: list[str], not_cited: list[str]
) -> None:
    url = load_lines(tmp_path, _lines("us_ofac_sdn", {**SDN, "program": [program]}))
    x = _f(url, "ftm:X", "2026-01-01", "ofac")
    (m,) = x["measures"]
    basis = x["explanation"].split("Legal basis: ")[1]
    for part in cited:
        assert part in m["legal_basis"] and part in basis, part
    for part in not_cited:
        assert part not in m["legal_basis"] and part not in basis, part
    a = _f(url, "ftm:A", "2026-01-01", "ofac")
    (m,) = a["measures"]
    assert "79 FR 47726" in m["legal_basis"] and "FAQ 398-401" in m["legal_basis"]
    assert program not in m["legal_basis"]


FSF = {"authority": ["DG FISMA"], "country": ["eu"], "programId": ["EU-UKR"]}


# The EU's ownership documents by date (DOMAIN.md §7.2), and what must not be cited then.
EU_DATES = [
    ("2016-06-01", ["before 2018"], ["Best Practices 2018", "FAQ 8", "2024"]),
    ("2020-06-01", ["Best Practices 2018"], ["FAQ 8", "2024"]),
    ("2023-06-01", ["Best Practices 2018", "FAQ 8"], ["2024"]),
    ("2025-06-01", ["Best Practices 2024", "FAQ 8"], ["Best Practices 2018"]),
]


@pytest.mark.parametrize(("day", "cited", "not_cited"), EU_DATES)
def test_eu_citations_follow_the_as_of_date(
    tmp_path: Path, day: str, cited: list[str], not_cited: list[str]
) -> None:
    url = load_lines(tmp_path, _lines("eu_fsf", FSF))
    a = _f(url, "ftm:A", day, "eu")
    assert a["status"] == "owned"
    (m,) = a["measures"]
    for part in cited:
        assert part in m["legal_basis"], part
    for part in not_cited:
        assert part not in m["legal_basis"], part
    # The explanation names the rule of its date; before FAQ 8 existed, it says that
    # credgraph aggregates as that later FAQ does, with the FAQ's date.
    for part in not_cited:
        if part != "FAQ 8":
            assert part not in a["explanation"], part
    if "FAQ 8" in not_cited:
        assert "FAQ 8 later confirmed (2022-04-08)" in a["explanation"]
    # The listing itself: the regulation of its programme, with its certainty tag.
    x = _f(url, "ftm:X", day, "eu")
    (m,) = x["measures"]
    assert "EU-UKR" in m["legal_basis"]
    assert "Council Regulation (EU) No 269/2014 art. 2 [R]" in m["legal_basis"]
    for part in ("Best Practices", "FAQ 8"):
        assert part not in m["legal_basis"], part


@pytest.mark.parametrize(("day", "cited", "not_cited"), EU_DATES)
def test_the_eu_rule_document_is_of_its_date(
    day: str, cited: list[str], not_cited: list[str]
) -> None:
    rule = REGIMES["eu"].rule_on(date.fromisoformat(day))
    assert rule is not None
    for part in not_cited:
        assert part not in rule.document, part


def test_dated_catalog_entries_carry_a_certainty_tag() -> None:
    cat = load_catalog()
    for lid in ("US_OFAC_SDN", "EU_FSF", "UK_HMT", "US_BIS_ENTITY", "US_BIS_MEU"):
        for b in cat.lists[lid]["ownership_basis"]:
            assert b["doc"] and b["confidence"] in {"V", "S", "R", "D"}, lid
    for pid, prog in cat.programs.items():
        assert prog["legal_basis"], pid
        for b in prog["legal_basis"]:
            assert b["doc"] and b["confidence"] in {"V", "S", "R", "D"}, pid
    eu = cat.ownership_basis("EU_FSF", date(2023, 6, 1))
    assert [b["doc"] for b in eu] == [
        "EU Best Practices 2018",
        "Commission Consolidated FAQ on the asset freeze (Russia), FAQ 8",
    ]


@pytest.mark.shared_data
@pytest.mark.skipif(
    not ZALA_FILE.exists() or not SDN_FILE.exists(), reason=f"{DATA} absent (fresh clone)"
)
def test_real_files_cite_the_program_and_dated_documents(tmp_path: Path) -> None:
    """Zakharov's SDN row 45937 and his FtM SDN Sanction both give program RUSSIA-EO14024;
    CST's eu_fsf entry (programId EU-UKR) starts 2023-12-18."""
    url = load_zala(tmp_path)
    z = _f(url, "ofac:45937", "2026-01-01", "ofac")
    (m,) = z["measures"]
    assert "Executive Order 14024" in m["legal_basis"] and "79 FR 47726" not in m["legal_basis"]
    cst = _f(url, CST, "2023-12-20", "eu")
    (m,) = cst["measures"]
    assert "269/2014" in m["legal_basis"] and "2024" not in m["legal_basis"]
    assert "Best Practices 2024" not in cst["explanation"]
