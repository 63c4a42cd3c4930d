"""Section 1286 listing periods: a later report ends what an earlier one listed.

Expected periods are worked out here from the raw rows (csv, own grouping), not from
the reader.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.model import Rel
from loaders.records import Warned
from loaders.us_lists import read_ndaa_1286
from tests.loaders.test_us_lists import (
    NDAA_HEADER,
    fold,
    institutions,
    listings,
    ndaa,
    node_of_row,
    nodes,
    rows_of,
    write,
)
from ui.cli import main

IHEP = "company:f703ee78002c33a3aaa5"  # Institute of High Energy Physics
MNIRTI = "company:dcdfefb358a96a4ff091"  # Moscow ... Radio Engineering Institute JSC
TODAY = date(2026, 12, 3)  # the audit's "today", after the FY2025 report


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def _row(name: str, year: int, end: str = "", alias: str = "") -> str:
    return f"Company,{name},{alias},debarment,S1286,Congress,,{year},,{end},,,"


def _ends(recs: list, name: str) -> list[tuple[int, date | None]]:
    (node,) = [n for n in nodes(recs) if n.name == name]
    return sorted(
        ((r.props["report_year"], r.end) for r in listings(recs) if r.src == node.id),
        key=lambda x: (x[0], x[1] or date.max),
    )


# -- the real file ----------------------------------------------------------------------


def test_1286_real_file_periods_from_the_raw_rows(data: Path) -> None:
    rows = rows_of(ndaa(data))
    years = sorted({int(r["report-date"]) for r in rows})
    assert years == [2022, 2023, 2024, 2025]
    latest = years[-1]
    # Every full date in end-date is 2026-07-23, on rows of institutions the FY2025
    # report leaves out: that report's date, as far as the file tells.
    full_ends = {r["end-date"] for r in rows if len(r["end-date"]) == len("2026-07-23")}
    assert full_ends == {"2026-07-23"}
    fy2025 = date(2026, 7, 23)
    want: Counter[tuple[str, int, date | None]] = Counter()
    recs = list(read_ndaa_1286(ndaa(data)))
    by_row = node_of_row(recs, rows)
    dropped = []
    for group in institutions(rows):
        mine = [r for r in rows if fold(r["name"]) in group]
        held = sorted({int(r["report-date"]) for r in mine})
        assert held == list(range(held[0], held[-1] + 1))  # no gaps in this file
        if held[-1] == latest:
            # Still listed: a row ends only where its own end-date says so.
            for r in mine:
                end = date.fromisoformat(r["end-date"]) if r["end-date"] else None
                want[(by_row[fold(r["name"])].id, int(r["report-date"]), end)] += 1
        else:
            # Left out of the next report (always FY2025 here): every listing ends on
            # that report's date, or earlier where an end-date says so (none does).
            assert held[-1] == latest - 1
            dropped.append(min(r["name"] for r in mine))
            for r in mine:
                want[(by_row[fold(r["name"])].id, int(r["report-date"]), fy2025)] += 1
    got = Counter((r.src, r.props["report_year"], r.end) for r in listings(recs))
    assert got == want
    assert sorted(dropped) == [
        "Air Force Aviation University",  # no end-date anywhere: ended by its absence
        "Institute of High Energy Physics",
        "Mabna Institute",
        "Moscow Order of the Red Banner of Labor Research Radio Engineering Institute JSC",
        "Naval Service Academy",  # end-date "2026", but the FY2025 report left it out
    ]
    # The one year-only end is still warned and kept as written.
    warned = [w for w in recs if isinstance(w, Warned)]
    assert [w.reason for w in warned] == ["partial end date; listing kept to its period's end"]
    nsa = [r for r in listings(recs) if r.props.get("end_raw") == "2026"]
    assert len(nsa) == 1 and nsa[0].end == fy2025
    assert "FY2025" in nsa[0].props["end_reason"]


def test_1286_acronym_variants_are_one_institution(data: Path) -> None:
    rows = rows_of(ndaa(data))
    recs = list(read_ndaa_1286(ndaa(data)))
    by_row = node_of_row(recs, rows)
    issp = "Institute of Solid-State Physics of the Russian Academy of Sciences"
    with_acronym = by_row[fold(issp + " (ISSP)")]
    assert with_acronym is by_row[fold(issp)]
    years = sorted(r.props["report_year"] for r in listings(recs) if r.src == with_acronym.id)
    assert years == sorted(
        int(r["report-date"]) for r in rows if fold(r["name"]).startswith(fold(issp))
    )
    assert {r.end for r in listings(recs) if r.src == with_acronym.id} == {None}


def test_1286_cli_exposure_and_show_after_the_fy2025_report(data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/l.db"

    def run(*args: str) -> dict:
        r = CliRunner().invoke(main, ["--store", url, *args], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    run("load", "ndaa-1286", str(ndaa(data)), "--quarantine", str(tmp_path / "q"), "--json")
    for eid in (IHEP, MNIRTI):
        today = run("exposure", eid, "--as-of", TODAY.isoformat(), "--json")
        assert today["findings"] == [] and today["summary"]["other_lists"] == []
        before = run("exposure", eid, "--as-of", "2026-07-22", "--json")
        assert [o["list"] for o in before["summary"]["other_lists"]] == ["US_DOD_1286"]
        listed = run("show", eid, "--json")["relationships"]["by_type"]["LISTED_ON"]
        assert sorted(r["props"]["report_year"] for r in listed) == [2022, 2023, 2024]
        assert {r["end"] for r in listed} == {"2026-07-23"}


# -- small files ------------------------------------------------------------------------


def test_a_report_that_leaves_an_institution_out_ends_its_listings(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "s.csv",
        NDAA_HEADER,
        _row("Kept U", 2023),
        _row("Dropped U", 2023),
        _row("Ended U", 2023),
        _row("Kept U", 2024),
        _row("Dropped U", 2024),
        _row("Ended U", 2024, "2026-07-23"),
        _row("Year U", 2024, "2026"),
        _row("Kept U", 2025),
    )
    recs = list(read_ndaa_1286(p))
    day = date(2026, 7, 23)  # the end-date the source gives what FY2025 dropped
    assert _ends(recs, "Kept U") == [(2023, None), (2024, None), (2025, None)]
    assert _ends(recs, "Ended U") == [(2023, day), (2024, day)]
    assert _ends(recs, "Dropped U") == [(2023, day), (2024, day)]
    assert _ends(recs, "Year U") == [(2024, day)]  # dropped before its "2026" ran out
    by_name = {n.id: n.name for n in nodes(recs)}
    reasons = {
        (by_name[r.src], r.props["report_year"]): r.props.get("end_reason") for r in listings(recs)
    }
    assert reasons[("Ended U", 2024)] is None  # its own end-date
    assert reasons[("Ended U", 2023)] == "end-date of the FY2024 entry"
    assert reasons[("Dropped U", 2023)].startswith("not in the FY2025 report")
    dropped = [r for r in listings(recs) if by_name[r.src] == "Dropped U"]
    assert {r.props["ended_by_report"] for r in dropped} == {2025}


def test_an_end_date_on_the_latest_entry_closes_the_earlier_ones(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "s.csv",
        NDAA_HEADER,
        _row("Early U", 2024),
        _row("Early U", 2025, "2025-03-01"),
        _row("Own U", 2024, "2024-12-31"),
        _row("Own U", 2025),
    )
    recs = list(read_ndaa_1286(p))
    assert _ends(recs, "Early U") == [(2024, date(2025, 3, 1)), (2025, date(2025, 3, 1))]
    # An entry's own earlier end stands; the institution stays listed by the later one.
    assert _ends(recs, "Own U") == [(2024, date(2024, 12, 31)), (2025, None)]
    assert not [w for w in recs if isinstance(w, Warned)]


def test_a_drop_without_any_dated_end_ends_after_the_year_after(tmp_path: Path) -> None:
    # Nothing in the file dates the FY2025 report: a report for fiscal year Y comes
    # out during Y + 1, so the listing is kept until that year is over, and warned.
    p = write(tmp_path, "s.csv", NDAA_HEADER, _row("Gone U", 2024), _row("Other U", 2025))
    recs = list(read_ndaa_1286(p))
    assert _ends(recs, "Gone U") == [(2024, date(2027, 1, 1))]
    (w,) = [w for w in recs if isinstance(w, Warned)]
    assert w.reason == (
        "left out of a later report of unknown date; listing kept to the end of the year"
        " after that report's fiscal year"
    )
    assert "FY2025" in w.detail and "2027-01-01" in w.detail


def test_a_gap_ends_the_first_run_and_the_return_is_listed_again(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "s.csv",
        NDAA_HEADER,
        _row("Back U", 2022),
        _row("Other U", 2022, "2024-07-01"),  # stays listed: its end dates no report
        _row("Other U", 2023),
        _row("Back U", 2024),
        _row("Gone U", 2023, "2024-07-15"),
        _row("Other U", 2024),
    )
    recs = list(read_ndaa_1286(p))
    # FY2023 left Back U out, and nothing FY2023 left out has an end-date: its date is
    # unknown, so Back U's first run is kept to the end of 2024.  FY2024 left Gone U
    # out, dated by Gone U's own end-date.
    assert _ends(recs, "Back U") == [(2022, date(2025, 1, 1)), (2024, None)]
    assert _ends(recs, "Gone U") == [(2023, date(2024, 7, 15))]
    back = [r for r in listings(recs) if isinstance(r, Rel) and r.props["report_year"] == 2022]
    assert {r.props.get("ended_by_report") for r in back if r.end == date(2025, 1, 1)} == {2023}
