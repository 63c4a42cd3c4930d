"""``credgraph show``: a listing's status is told from its dates on the as-of day (today
by default); the status a source recorded stays visible beside it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.store.sqlite import SQLiteStore
from tests.graph.risk.exposure_graphs import COH, SECO, company, listed, other_list, write
from tests.ui.graph_fixture import sqlite_url
from ui.cli import main

UA = "list:FTM_UA_NSDC_SANCTIONS"
DOD = "list:US_DOD_1286"
LATER = date(2099, 1, 1)  # after any day these tests run on


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def listings_store(path: Path) -> str:
    """N with: a sanction 2021-10-30..2024-10-30 recorded "active" (as FtM loads
    ua_nsdc), a 1286 listing ending 2026-07-23 with no recorded status, an open SECO
    listing, one that starts in 2099, and a removal recorded without an end date."""
    url = sqlite_url(path)
    with SQLiteStore.from_url(url) as store:
        write(
            store,
            company("N", "November Metals"),
            other_list(UA, "Ukraine NSDC sanctions", "ua"),
            other_list(DOD, "DoD Section 1286 List", "us"),
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            other_list(COH, "Disqualified directors", "gb"),
            other_list("list:CN_X", "Abnormal operations", "cn"),
            listed("N", UA, date(2021, 10, 30), date(2024, 10, 30)),
            replace(listed("N", DOD, None, date(2026, 7, 23)), props={"report_year": 2024}),
            listed("N", SECO, date(2020, 1, 1)),
            listed("N", COH, LATER),
            listed("N", "list:CN_X", None, status="deleted"),
        )
    return url


def _show(url: str, *args: str) -> str:
    r = CliRunner().invoke(main, ["--store", url, "show", "N", *args], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def _line(out: str, list_id: str) -> str:
    (line,) = [x for x in out.splitlines() if f" {list_id} " in x]
    return line


def test_show_says_ended_for_a_listing_past_its_end(tmp_path: Path) -> None:
    url = listings_store(tmp_path / "s.db")
    for out in (_show(url), _show(url, "--as-of", "2026-12-03")):
        ua = _line(out, UA)
        assert "ended 2024-10-30, recorded status: active, 2021-10-30..2024-10-30" in ua
        assert "  active" not in ua
        assert "ended 2026-07-23, ..2026-07-23" in _line(out, DOD)
        assert "  active, 2020-01-01.." in _line(out, SECO)
        assert f"starts {LATER.isoformat()}, recorded status: active" in _line(out, COH)
        assert "  deleted  " in _line(out, "list:CN_X")
    before = _show(url, "--as-of", "2022-01-01")
    assert "  active, 2021-10-30..2024-10-30  " in _line(before, UA)
    assert "  active, ..2026-07-23  " in _line(before, DOD)
    # The first day after the end is the first day it is over (ends are exclusive).
    assert "  ended 2026-07-23" in _line(_show(url, "--as-of", "2026-07-23"), DOD)
    assert "  active" in _line(_show(url, "--as-of", "2026-07-22"), DOD)


def test_show_json_gives_the_listing_status_and_its_day(tmp_path: Path) -> None:
    url = listings_store(tmp_path / "s.db")
    data = json.loads(_show(url, "--as-of", "2026-12-03", "--json"))
    assert data["as_of"] == "2026-12-03"
    rows = {r["dst"]: r for r in data["relationships"]["by_type"]["LISTED_ON"]}
    assert rows[UA]["listing_status"] == "ended 2024-10-30"
    assert rows[UA]["props"]["status"] == "active"  # the record as stored
    assert rows[DOD]["listing_status"] == "ended 2026-07-23"
    assert rows[SECO]["listing_status"] == "active"
    assert rows["list:CN_X"]["listing_status"] == "deleted"
    facts = {f["id"]: f["value"] for f in data["facts"] if f["fact"] == "relationship"}
    assert facts[rows[UA]["id"]].startswith("ended 2024-10-30, recorded status: active")


def test_show_rejects_a_bad_as_of(tmp_path: Path) -> None:
    url = listings_store(tmp_path / "s.db")
    r = CliRunner().invoke(main, ["--store", url, "show", "N", "--as-of", "2026-13-01"])
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2024, 10, 29), "active"), (date(2024, 10, 30), "ended 2024-10-30")],
)
def test_a_removal_with_an_end_date_was_in_force_before_it(on: date, expected: str) -> None:
    """A deletion recorded with its end date: active until then (as the China engine
    counts it), ended from then on; only a removal with no end date ends it outright."""
    from graph.model import Rel, RelType
    from graph.risk.china_context import Listing
    from ui.entity_profile import listing_status

    rel = Rel("r", RelType.LISTED_ON, "N", UA, start=date(2021, 10, 30),
              end=date(2024, 10, 30), props={"status": "deleted"})  # fmt: skip
    assert listing_status(rel, on) == expected
    engine = Listing(rel=rel, subject="N", list_id=UA, start=rel.start, end=rel.end)
    assert engine.active_on(on) is (expected == "active")
