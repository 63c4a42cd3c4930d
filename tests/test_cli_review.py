"""Command-line defects a review found (2026-12-03), each as the user met it: a
``--regime`` in capitals that hid every listing, a default quarantine file found
unwritable half-way through a load, an LEI called an invalid USCC, JSON errors missing
for usage errors and refused loads, a screen that overwrote its own list, a prefixed
code in lower case not found, the last day of the calendar accepted, and a possible
ownership read as an exact share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.graph.risk.exposure_graphs import LISTS, catalog_store, company, listed, owns, write
from tests.ui.graph_fixture import PINGAN, build_store, sqlite_url
from ui.cli import main

FTM_SANCTION = [
    {"id": "p1", "schema": "Company", "properties": {"name": ["Acme Trading"]}},
    {
        "id": "s1",
        "schema": "Sanction",
        "properties": {"entity": ["p1"], "authority": ["Some authority"], "country": ["ch"]},
    },
]


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="credgraph")


def _ftm(tmp_path: Path) -> Path:
    f = tmp_path / "s.ftm.json"
    f.write_text("\n".join(json.dumps(r) for r in FTM_SANCTION) + "\n", encoding="utf-8")
    return f


def test_a_regime_in_capitals_is_read_in_lower_case(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "x.db")
    loaded = run("--store", url, "load", "ftm", str(_ftm(tmp_path)), "--regime", "OFAC")
    assert loaded.exit_code == 0, loaded.output
    status = json.loads(run("--store", url, "exposure", "ftm:p1", "--json").stdout)
    assert status["summary"]["statuses"]["ofac"] == "listed"


def test_a_regime_that_is_no_code_is_refused_and_another_is_noted(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "x.db")
    bad = run("--store", url, "load", "ftm", str(_ftm(tmp_path)), "--regime", "of ac")
    assert bad.exit_code == 2 and "not a regime code" in bad.stderr
    assert not (tmp_path / "x.db").exists()
    other = run("--store", url, "load", "ftm", str(_ftm(tmp_path)), "--regime", "CH")
    assert other.exit_code == 0 and "note: --regime ch:" in other.stderr


def test_an_unwritable_default_quarantine_is_refused_before_the_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "credgraph-quarantine-ftm.jsonl").mkdir()  # a folder where the file goes
    db = tmp_path / "x.db"
    result = run("--store", sqlite_url(db), "load", "ftm", str(_ftm(tmp_path)))
    assert result.exit_code == 2
    assert "name another with --quarantine FILE" in result.stderr
    assert not db.exists()  # refused before the store was opened


def test_search_explains_an_lei_as_an_lei(tmp_path: Path) -> None:
    url = build_store(tmp_path / "g.db")
    valid = run("--store", url, "search", "506700GE1G29325QX363")
    assert "note:" not in valid.stderr
    bad = run("--store", url, "search", "506700GE1G29325QX364")
    assert "note: 506700GE1G29325QX364 is not a valid LEI: check digits expected 63" in bad.stderr


@pytest.mark.parametrize(
    "args",
    [("path", "A", "B", "--max-hops", "abc"), ("path", "A", "B", "--max-hops", "0"),
     ("search", "x", "-n", "0")],
)  # fmt: skip
def test_a_usage_error_after_json_is_json_on_stdout(tmp_path: Path, args: tuple[str, ...]) -> None:
    url = build_store(tmp_path / "g.db")
    result = run("--store", url, *args, "--json")
    assert result.exit_code == 2
    err = json.loads(result.stdout)
    assert err["error"] == "UsageError" and "Invalid value" in err["message"]
    assert result.stderr.splitlines()[0].startswith("Usage:")


def test_a_load_that_loads_nothing_is_one_json_error_with_its_report(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ftm.json"
    empty.write_text("", encoding="utf-8")
    result = run("--store", sqlite_url(tmp_path / "x.db"), "load", "ftm", str(empty), "--json")
    assert result.exit_code == 1
    err = json.loads(result.stdout)  # one document: the error, carrying the report
    assert err["error"] == "LoadRefused" and "nothing could be loaded" in err["message"]
    assert err["report"]["totals"]["from_files"] == 0
    text = run("--store", sqlite_url(tmp_path / "y.db"), "load", "ftm", str(empty))
    assert text.exit_code == 1 and "type" in text.stdout  # the report, then the error line
    assert text.stderr.startswith("error: nothing could be loaded")


def test_screen_refuses_to_write_its_results_over_the_list(tmp_path: Path) -> None:
    url = build_store(tmp_path / "g.db")
    src = tmp_path / "list.csv"
    src.write_text("name\nPing An\n", encoding="utf-8")
    result = run("--store", url, "screen", str(src), "--out", str(tmp_path / "." / "list.csv"))
    assert result.exit_code == 2 and "it is the list being screened" in result.stderr
    assert src.read_text(encoding="utf-8") == "name\nPing An\n"


@pytest.mark.parametrize("given", [PINGAN.lower(), "USCC:91440300192185379h"])
def test_a_prefixed_code_in_lower_case_is_found(tmp_path: Path, given: str) -> None:
    url = build_store(tmp_path / "g.db")
    result = run("--store", url, "show", given, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["node"]["id"] == PINGAN


def test_the_last_day_of_the_calendar_is_refused(tmp_path: Path) -> None:
    url = build_store(tmp_path / "g.db")
    result = run("--store", url, "regime", "ofac", "--as-of", "9999-12-31")
    assert result.exit_code == 2 and "the last day credgraph can evaluate" in result.stderr
    assert run("--store", url, "regime", "ofac", "--as-of", "9999-12-30").exit_code == 0


def test_a_possible_ownership_reads_up_to_its_share(tmp_path: Path) -> None:
    with catalog_store(tmp_path / "p.db") as s:
        write(
            s,
            company("X"),
            company("A"),
            listed("X", LISTS["ofac"]),
            owns("X", "A", "2/5..3/5"),
        )
    url = sqlite_url(tmp_path / "p.db")
    text = run("--store", url, "exposure", "A", "--as-of", "2026-01-01").stdout
    assert "rule ofac.possible_owned  share up to 3/5" in text
    table = run("--store", url, "regime", "ofac", "--as-of", "2026-01-01").stdout
    assert "up to 60%" in table
