"""``credgraph demo`` never mixes its invented graph into a store holding anything else,
and reuses a demo only when it was built with the same --companies and --seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.ui.graph_fixture import build_store, sqlite_url
from ui.cli import main


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", url, *args], catch_exceptions=False)


def demo(url: str, *args: str) -> Result:
    return run(url, "demo", "--no-ui", *args)


def stats(url: str) -> dict[str, object]:
    got: dict[str, object] = json.loads(run(url, "stats", "--json").stdout)
    return got


def test_demo_refuses_a_store_holding_other_data(tmp_path: Path) -> None:
    url = build_store(tmp_path / "real.db")
    before = stats(url)
    for extra in ([], ["--rebuild"], ["--companies", "150", "--seed", "3"]):
        r = demo(url, *extra)
        assert r.exit_code == 2, r.output
        text = " ".join(r.stderr.split())
        assert text.startswith("error: ") and "holds data other than the demo" in text
        assert "test-fixture" in text  # what is there: its sources
        assert "Company" in text and "--store" in text
        assert stats(url) == before
    assert (tmp_path / "real.db").exists()


def test_rebuild_on_a_foreign_store_says_it_deletes_nothing(tmp_path: Path) -> None:
    url = build_store(tmp_path / "real.db")
    r = demo(url, "--rebuild")
    assert "never deletes" in " ".join(r.stderr.split())


def test_demo_reused_only_with_the_same_parameters(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "demo.db")
    assert demo(url, "--companies", "100", "--seed", "7").exit_code == 0
    built = stats(url)
    assert built["nodes"]["Company"] == 100  # type: ignore[index]
    again = demo(url, "--companies", "100", "--seed", "7")
    assert again.exit_code == 0 and "already" in again.stderr
    for other in (["--companies", "150", "--seed", "7"], ["--companies", "100", "--seed", "8"],
                  ["--seed", "7"]):  # fmt: skip
        r = demo(url, *other)
        assert r.exit_code == 2, r.output
        text = " ".join(r.stderr.split())
        assert "other --companies or --seed" in text and "--rebuild" in text
        assert stats(url) == built
    rebuilt = demo(url, "--companies", "150", "--seed", "7", "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert stats(url)["nodes"]["Company"] == 150  # type: ignore[index]


def test_an_empty_store_gets_the_demo(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.db")
    assert run(url, "stats").exit_code != 0  # nothing there yet
    assert demo(url, "--companies", "100").exit_code == 0


def test_companies_range_says_100() -> None:
    r = CliRunner().invoke(main, ["demo", "--companies", "5", "--no-ui"])
    assert r.exit_code == 2 and "100<=x<=10000000" in r.stderr
    assert "100<=x<=10000000" in CliRunner().invoke(main, ["demo", "--help"]).stdout


def test_the_option_range_is_the_generators() -> None:
    import graph.synth
    import ui.cli_serve

    assert ui.cli_serve.MIN_COMPANIES == graph.synth.MIN_COMPANIES


def test_a_demo_holding_a_match_decision_is_refused_naming_it(tmp_path: Path) -> None:
    # Nodes all the demo's own, but a user rejected a match: the refusal must say that,
    # not list counts that are exactly the demo's (review finding).
    url = sqlite_url(tmp_path / "demo.db")
    assert demo(url, "--companies", "100", "--seed", "7").exit_code == 0
    companies = [
        c["id"] for c in json.loads(run(url, "search", "公司", "--json", "-n", "2").stdout)
    ]
    assert len(companies) == 2
    assert run(url, "match", "reject", *companies).exit_code == 0
    r = demo(url, "--companies", "100", "--seed", "7")
    assert r.exit_code == 2
    assert "match candidates or decisions (1 rejected)" in " ".join(r.stderr.split())
