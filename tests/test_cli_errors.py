"""How the command line fails: one ``error: ...`` line and the README's exit status, for
usage errors, malformed dates and thresholds, and files that cannot be written."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.ui.graph_fixture import HUAWEI, PINGAN, build_store, sqlite_url
from tests.unprivileged import credgraph
from ui.cli import main


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("errors") / "graph.db")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False, prog_name="credgraph")


def last_line(result: Result) -> str:
    return result.stderr.rstrip("\n").splitlines()[-1]


def assert_one_error(result: Result, status: int) -> str:
    """Exit ``status``, no traceback, stderr ending in one ``error:`` line (a usage hint
    line may stand before it); returns that line."""
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.rstrip("\n").splitlines()
    assert lines and lines[-1].startswith("error: "), result.stderr
    assert sum(x.startswith(("error:", "Error:")) for x in lines) == 1, result.stderr
    assert len(lines) <= 2, result.stderr
    return lines[-1]


# -- usage errors (click's) -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("path", PINGAN, HUAWEI, "--max-hops", "abc"),
        ("path", PINGAN, HUAWEI, "--limit", "0"),
        ("search", "x", "--type", "foo"),
        ("load", "ofac-sdn", "x.csv", "--complete", "--published", "2026-13-01"),
        ("frobnicate",),
        ("show",),
        ("path", PINGAN),
        ("stats", "--no-such-option"),
    ],
)
def test_usage_errors_end_in_one_error_line_with_status_2(url: str, args: tuple[str, ...]) -> None:
    result = run("--store", url, *args)
    line = assert_one_error(result, 2)
    assert "Usage:" not in result.stderr.splitlines()[-1]
    assert not line.startswith("error: Error")


def test_usage_error_names_the_command_for_help(url: str) -> None:
    result = run("--store", url, "path", PINGAN, HUAWEI, "--max-hops", "abc")
    assert "credgraph path" in result.stderr and "--help" in result.stderr
    assert "'abc' is not a valid integer" in last_line(result)


def test_help_and_version_still_exit_0() -> None:
    assert run("--help").exit_code == 0
    assert run("path", "--help").exit_code == 0
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("credgraph ")


# -- --as-of and --threshold ----------------------------------------------------------


@pytest.mark.parametrize("day", ["20250101", "2025-W01-1", "", " ", "2025-1-1", "2025-01-01T00"])
@pytest.mark.parametrize("command", ["exposure", "owners", "show"])
def test_as_of_takes_exactly_yyyy_mm_dd(url: str, command: str, day: str) -> None:
    line = assert_one_error(run("--store", url, command, PINGAN, "--as-of", day), 2)
    assert "YYYY-MM-DD" in line


def test_as_of_yyyy_mm_dd_is_taken(url: str) -> None:
    assert run("--store", url, "exposure", PINGAN, "--as-of", "2025-01-01").exit_code == 0


@pytest.mark.parametrize(
    "value", ["inf", "Infinity", "inf%", "-inf", "nan", "NaN%", "", " ", "1e99999999",
              "1e-99999999", "1e99999999%", "9" * 5000, "1/" + "9" * 5000]
)  # fmt: skip
@pytest.mark.parametrize("command", ["owners", "subsidiaries"])
def test_threshold_rejects_quickly_what_is_no_share(url: str, command: str, value: str) -> None:
    started = time.monotonic()
    result = run("--store", url, command, PINGAN, "--threshold", value)
    assert time.monotonic() - started < 5
    assert "--threshold" in assert_one_error(result, 2)


@pytest.mark.parametrize("value", ["25%", "0.25", "1/4", "25", "0", "100%", "1e-3", "2.5e1%"])
def test_threshold_forms_still_taken(url: str, value: str) -> None:
    assert run("--store", url, "owners", PINGAN, "--threshold", value).exit_code == 0


# -- files that cannot be written ------------------------------------------------------


def _csv(tmp_path: Path) -> Path:
    f = tmp_path / "sdn.csv"
    f.write_text('1,"ACME",-0-,"SDGT",-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-\n', encoding="utf-8")
    return f


@pytest.mark.parametrize("where", ["dir", "proc", "missing"])
def test_quarantine_that_cannot_be_written_is_refused_before_the_load(
    tmp_path: Path, where: str
) -> None:
    target = {
        "dir": tmp_path,
        "proc": Path("/proc/credgraph-q.jsonl"),
        "missing": tmp_path / "nowhere" / "q.jsonl",
    }[where]
    db = tmp_path / "x.db"
    result = run("--store", sqlite_url(db), "load", "ofac-sdn", str(_csv(tmp_path)),
                 "--quarantine", str(target))  # fmt: skip
    line = assert_one_error(result, 2)
    assert "--quarantine" in line
    assert not (tmp_path / "nowhere").exists()
    assert not db.exists()  # checked before the store was opened or anything loaded


def test_quarantine_check_leaves_no_file_behind(tmp_path: Path) -> None:
    q = tmp_path / "q.jsonl"
    result = run("--store", sqlite_url(tmp_path / "x.db"), "load", "ofac-sdn",
                 str(_csv(tmp_path)), "--quarantine", str(q))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not q.exists()  # written only when a record is quarantined


def test_template_into_an_unwritable_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        # A child process the permission bits bind, under root too.
        done = credgraph("template", str(ro / "b"))
    finally:
        ro.chmod(0o755)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = [x for x in done.stderr.splitlines() if x.strip()]
    assert line.startswith("error: ") and "cannot write" in line


def test_template_into_a_file_path(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    # DIR under a file: the folder cannot be made, whoever runs it.
    line = assert_one_error(run("template", str(f / "b")), 2)
    assert "cannot write" in line


# -- one id resolution, one reason ------------------------------------------------------

BAD_USCC = "91440300192185379J"  # PINGAN's code with a wrong check character
REASON = "91440300192185379J is not a valid USCC: check character expected H, found J"


@pytest.mark.parametrize(
    "args",
    [
        ("show", BAD_USCC),
        ("exposure", BAD_USCC),
        ("owners", BAD_USCC),
        ("subsidiaries", BAD_USCC),
        ("path", BAD_USCC, HUAWEI),
        ("path", HUAWEI, BAD_USCC),
        ("match", "confirm", BAD_USCC, HUAWEI),
        ("match", "reject", HUAWEI, BAD_USCC),
    ],
)
def test_an_invalid_uscc_says_why_everywhere(url: str, args: tuple[str, ...]) -> None:
    line = assert_one_error(run("--store", url, *args), 2)
    assert line == f"error: no entity with id {BAD_USCC!r} ({REASON})"


def test_the_reason_is_in_the_json_error_too(url: str) -> None:
    result = run("--store", url, "exposure", BAD_USCC, "--json")
    data = json.loads(result.stdout)
    assert data["error"] == "NotFound" and REASON in data["message"]
    assert data["hint"]["expected"] == "H" and data["hint"]["found"] == "J"


def test_an_unknown_valid_id_keeps_the_plain_message(url: str) -> None:
    line = assert_one_error(run("--store", url, "exposure", "uscc:911100006188158771"), 2)
    assert line == "error: no entity with id 'uscc:911100006188158771'"
