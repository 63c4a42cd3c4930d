"""The ``credgraph`` command line, run with CliRunner against real SQLite stores."""

from __future__ import annotations

import importlib
import json
from collections import Counter
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import ui.cli_serve
from graph.store.sqlite import SQLiteStore
from graph.uscc import validate_uscc
from tests.ui.graph_fixture import (
    EVIL,
    HUAWEI,
    LIST,
    NODES,
    PERSON,
    PINGAN,
    PINGAN_ALIAS,
    RELS,
    build_store,
    sqlite_url,
)
from ui.cli import COMMAND_MODULES, main

VALID = "91440300192185379H"
BAD_CHECK = "91440300192185379J"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("cli") / "graph.db")


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    # The developer's own CREDGRAPH_STORE must not leak into what a test opens.
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- uscc ---------------------------------------------------------------------


def test_uscc_valid_codes_exit_zero_without_any_store(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.db"
    result = run("--store", sqlite_url(missing), "uscc", VALID, "9144 0300 1921 8537 9h")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("valid") == 2 and "INVALID" not in result.stdout
    assert not missing.parent.exists()


def test_uscc_says_why_and_exits_one_when_any_is_invalid() -> None:
    result = run("uscc", VALID, BAD_CHECK, "91440300192185379I")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(VALID) and lines[0].endswith("valid")
    assert "bad_check" in lines[1] and "expected H, found J" in lines[1]
    assert "bad_charset" in lines[2]


def test_uscc_json_is_the_list_of_checks() -> None:
    result = run("uscc", "--json", VALID, BAD_CHECK)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data == [validate_uscc(VALID).to_dict(), validate_uscc(BAD_CHECK).to_dict()]
    assert [d["valid"] for d in data] == [True, False]


# -- stats, search, show ------------------------------------------------------


def test_stats_json_counts_match_the_graph_written(store_url: str) -> None:
    result = run("--store", store_url, "stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["nodes"] == dict(Counter(n.type.value for n in NODES))
    assert data["relationships"] == dict(Counter(r.type.value for r in RELS))
    assert data["total_nodes"] == len(NODES)


def test_stats_text_lists_every_type(store_url: str) -> None:
    result = run("--store", store_url, "stats")
    assert result.exit_code == 0
    for node in NODES:
        assert node.type.value in result.stdout
    assert f"total    {len(NODES)}" in result.stdout


def test_store_comes_from_the_environment(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDGRAPH_STORE", store_url)
    data = json.loads(run("stats", "--json").stdout)
    assert data["store"] == store_url and data["total_nodes"] == len(NODES)


def test_search_two_character_chinese_name(store_url: str) -> None:
    result = run("--store", store_url, "search", "华为", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits[0]["id"] == HUAWEI and hits[0]["type"] == "Company"
    text = run("--store", store_url, "search", "华为").stdout
    assert HUAWEI in text and "华为技术有限公司" in text


def test_search_type_filter_and_limit(store_url: str) -> None:
    people = json.loads(run("--store", store_url, "search", "张伟", "--type", "person",
                            "--json").stdout)  # fmt: skip
    assert [h["id"] for h in people] == [PERSON]
    companies = json.loads(run("--store", store_url, "search", "张伟", "-t", "Company",
                               "--json").stdout)  # fmt: skip
    assert all(h["type"] == "Company" for h in companies)
    assert PERSON not in [h["id"] for h in companies]
    limited = json.loads(run("--store", store_url, "search", "有限公司", "--limit", "1",
                             "--json").stdout)  # fmt: skip
    assert len(limited) == 1


def test_search_for_a_mistyped_uscc_explains_it(store_url: str) -> None:
    result = run("--store", store_url, "search", BAD_CHECK)
    assert result.exit_code == 0
    assert "not a valid USCC" in result.stderr and "expected H, found J" in result.stderr


def test_show_by_alias_prints_identifiers_props_sources_and_relationships(
    store_url: str,
) -> None:
    result = run("--store", store_url, "show", PINGAN_ALIAS)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("平安银行股份有限公司  [Company]")
    assert f"id: {PINGAN}" in out and PINGAN_ALIAS in out
    assert "Ping An Bank" in out
    assert "status" in out and "存续" in out and "samr-2024" in out
    assert "OWNS (1)" in out and "华为技术有限公司" in out and "50.5%" in out
    assert "OFFICER_OF (1)" in out and "张伟" in out and "legal_representative" in out
    assert "LISTED_ON (1)" in out and "失信被执行人名单" in out


def test_show_takes_a_bare_uscc_as_exposure_and_path_do(store_url: str) -> None:
    result = run("--store", store_url, "show", "91440300 19218537 9h", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["node"]["id"] == PINGAN


def test_a_uk_company_number_is_found_with_or_without_its_register(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "uk.db")
    psc = tmp_path / "psc.json"
    psc.write_text(
        json.dumps(
            {
                "company_number": "08209948",
                "data": {
                    "kind": "individual-person-with-significant-control",
                    "name": "Mr A Person",
                    "links": {"self": "/company/08209948/persons-with-significant-control/x/k"},
                    "natures_of_control": ["ownership-of-shares-75-to-100-percent"],
                },
            }
        ),
        encoding="utf-8",
    )
    assert run("--store", url, "load", "uk-psc", str(psc)).exit_code == 0
    # Spreadsheets drop the leading zero; users type the register's name or not.
    for query in ("08209948", "8209948", "GB-COH:8209948", "reg:GB-COH:08209948"):
        shown = run("--store", url, "show", query, "--json")
        assert shown.exit_code == 0, (query, shown.output)
        assert json.loads(shown.stdout)["node"]["id"] == "reg:GB-COH:08209948"
        found = run("--store", url, "search", query, "--json")
        assert [h["id"] for h in json.loads(found.stdout)] == ["reg:GB-COH:08209948"], query


def test_show_json_groups_relationships_with_the_other_party(store_url: str) -> None:
    result = run("--store", store_url, "show", PERSON, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["node"]["id"] == PERSON
    rows = data["relationships"]["by_type"]["OFFICER_OF"]
    assert {(r["other"]["id"], r["role"], r["direction"]) for r in rows} == {
        (PINGAN, "legal_representative", "out"),
        (EVIL, "director", "out"),
    }
    assert data["relationships"]["total"] == 2 == data["relationships"]["shown"]


def test_show_limit_reports_shown_of_total(store_url: str) -> None:
    data = json.loads(run("--store", store_url, "show", PINGAN, "--limit", "1", "--json").stdout)
    assert data["relationships"]["shown"] == 1
    assert data["relationships"]["total"] == 3


def test_show_list_node_incoming_relationship(store_url: str) -> None:
    out = run("--store", store_url, "show", LIST).stdout
    assert "<-" in out and "平安银行股份有限公司" in out


# -- errors -------------------------------------------------------------------


def test_unknown_id_exits_two_without_traceback(store_url: str) -> None:
    result = run("--store", store_url, "show", "uscc:000000000000000000")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no entity")
    assert "Traceback" not in result.output


def test_unknown_id_with_json_prints_a_json_error(store_url: str) -> None:
    result = run("--store", store_url, "show", "nope", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["error"] == "NotFound"


def test_unknown_scheme_exits_one_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("--store", "mysql://db/x", "stats")
    assert result.exit_code == 1
    assert "unknown store URL scheme 'mysql'" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["stats"], ["search", "华为"], ["show", PINGAN], ["ui"]])
def test_missing_sqlite_directory_is_an_error_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "no-such-dir" / "graph.db"
    result = run("--store", sqlite_url(missing), *command)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "does not exist" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_read_commands_never_create_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    result = run("--store", sqlite_url(path), "show", PINGAN)
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_unreachable_neo4j_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    # Port 9 (discard) is closed on the test machines: the connection is refused at once.
    result = run("--store", "neo4j://127.0.0.1:9", "stats", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert json.loads(result.stdout)["error"] == "StoreUnavailable"


# -- ui and demo ----------------------------------------------------------------


class Recorder:
    def __init__(self, status: int = 0) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []
        self.status = status

    def __call__(self, argv: list[str], env: dict[str, str]) -> int:
        self.calls.append((argv, env))
        return self.status


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    rec = Recorder()
    monkeypatch.setattr(ui.cli_serve, "runner", rec)
    return rec


def _flag(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_ui_starts_streamlit_offline_on_the_store(store_url: str, recorder: Recorder) -> None:
    result = run("--store", store_url, "ui", "--port", "8765", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    [(argv, env)] = recorder.calls
    assert argv[1:4] == ["-m", "streamlit", "run"] and Path(argv[4]).is_file()
    assert Path(argv[4]).name == "app.py"
    assert _flag(argv, "--server.headless") == "true"
    assert _flag(argv, "--browser.gatherUsageStats") == "false"
    assert _flag(argv, "--server.port") == "8765"
    assert _flag(argv, "--server.address") == "0.0.0.0"
    assert env["CREDGRAPH_STORE"] == store_url


def test_ui_passes_on_streamlit_exit_status(store_url: str, recorder: Recorder) -> None:
    recorder.status = 3
    assert run("--store", store_url, "ui").exit_code == 3


def test_ui_flags_match_the_shipped_config() -> None:
    import tomllib

    config = tomllib.loads(
        (Path(ui.cli_serve.APP_PATH).parent / ".streamlit" / "config.toml").read_text()
    )
    argv = ui.cli_serve.streamlit_argv("127.0.0.1", 8501)
    for section, values in config.items():
        for key, value in values.items():
            shipped = str(value).lower() if isinstance(value, bool) else str(value)
            assert _flag(argv, f"--{section}.{key}") == shipped


def test_demo_builds_once_reuses_and_rebuilds(tmp_path: Path, recorder: Recorder) -> None:
    url = sqlite_url(tmp_path / "demo.db")
    first = run("--store", url, "demo", "--companies", "100", "--seed", "7", "--no-ui")
    assert first.exit_code == 0, first.output
    assert "built the demo" in first.stderr
    with SQLiteStore.from_url(url, read_only=True) as store:
        built = store.stats().to_dict()
    assert built["nodes"]["Company"] >= 100 and built["total_relationships"] > 0

    again = run("--store", url, "demo", "--companies", "100", "--seed", "7", "--no-ui")
    assert again.exit_code == 0 and "already" in again.stderr
    assert "built the demo" not in again.stderr

    rebuilt = run("--store", url, "demo", "--companies", "100", "--seed", "7", "--rebuild",
                  "--no-ui")  # fmt: skip
    assert rebuilt.exit_code == 0 and "built the demo" in rebuilt.stderr
    with SQLiteStore.from_url(url, read_only=True) as store:
        assert store.stats().to_dict() == built
    assert recorder.calls == []


def test_demo_rejects_a_bad_size_before_touching_the_store(
    store_url: str, recorder: Recorder
) -> None:
    before = json.loads(run("--store", store_url, "stats", "--json").stdout)
    result = run("--store", store_url, "demo", "--companies", "5", "--rebuild", "--no-ui")
    # A usage error: a usage line, then the one error line.
    assert result.exit_code == 2 and result.stderr.splitlines()[-1].startswith("error: ")
    assert json.loads(run("--store", store_url, "stats", "--json").stdout) == before


def test_demo_then_starts_the_ui(tmp_path: Path, recorder: Recorder) -> None:
    url = sqlite_url(tmp_path / "demo.db")
    result = run("--store", url, "demo", "--companies", "100", "--port", "8600")
    assert result.exit_code == 0, result.output
    [(argv, env)] = recorder.calls
    assert env["CREDGRAPH_STORE"] == url and _flag(argv, "--server.port") == "8600"


def test_progress_prints_plain_lines_when_not_a_tty(capsys: pytest.CaptureFixture[str]) -> None:
    progress = ui.cli_serve.Progress(interval=3600)
    for i in range(100):
        progress("companies", i)
    progress("relationships", 5)
    progress.finish()
    err = capsys.readouterr().err.splitlines()
    assert err == ["companies: 0", "companies: 99 done", "relationships: 5",
                   "relationships: 5 done"]  # fmt: skip


# -- help ---------------------------------------------------------------------


def test_every_command_is_documented() -> None:
    assert isinstance(main, click.Group)
    assert {"stats", "search", "show", "uscc", "ui", "demo"} <= set(main.commands)
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0
        assert command.help and len(command.help) > 40, name
    for module in COMMAND_MODULES:
        for command in importlib.import_module(module).COMMANDS:
            assert command.help and "Example" in command.help, command.name


def test_load_help_lists_every_format_in_one_column() -> None:
    from loaders.formats import FORMATS

    out = run("load", "--help").output.splitlines()
    rows = [line for line in out if line.split()[:1] and line.split()[0] in FORMATS]
    assert [r.split()[0] for r in rows] == sorted(FORMATS)
    assert len({len(r) - len(r.lstrip()) for r in rows}) == 1, rows
