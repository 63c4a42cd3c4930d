"""``credgraph match``: list, confirm and reject candidates through the CLI on real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load
from tests.loaders.test_resolve import T1, TIANYE, bundle, registry
from ui.cli import main


@pytest.fixture
def url(tmp_path: Path) -> str:
    u = f"sqlite:///{tmp_path / 'graph.db'}"
    with SQLiteStore.from_url(u) as s:
        load(s, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
        load(s, "bundle", [bundle(tmp_path, ["t1,company,新疆天业(集团)有限责任公司,,,,CN,"])])
    return u


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", url, "match", *args])


def pending(url: str) -> list[dict[str, object]]:
    r = run(url, "list", "--pending", "--json")
    assert r.exit_code == 0, r.output
    rows: list[dict[str, object]] = json.loads(r.output)
    return rows


def test_list_shows_the_candidate_with_score_and_features(url: str) -> None:
    (row,) = pending(url)
    assert row["decision"] == "pending" and isinstance(row["score"], float)
    assert "normalised_name_equal" in row["features"]  # type: ignore[operator]
    text = run(url, "list")
    assert text.exit_code == 0 and "新疆天业" in text.output and "pending" in text.output


def test_confirm_merges_and_the_list_says_so(url: str) -> None:
    (row,) = pending(url)
    r = run(url, "confirm", str(row["a"]), str(row["b"]), "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["kept"] == row["a"]
    assert pending(url) == []
    every = json.loads(run(url, "list", "--json").output)
    assert [x["decision"] for x in every] == ["confirmed"]
    with SQLiteStore.from_url(url) as s:
        assert s.resolve(str(row["b"])) == row["a"] and s.resolve(T1) == row["a"]


def test_reject_is_listed_and_no_longer_pending(url: str) -> None:
    (row,) = pending(url)
    r = run(url, "reject", str(row["a"]), str(row["b"]))
    assert r.exit_code == 0 and "different" in r.output
    assert pending(url) == []
    every = json.loads(run(url, "list", "--json").output)
    assert [x["decision"] for x in every] == ["rejected"]


@pytest.mark.parametrize("verb", ["confirm", "reject"])
def test_unknown_ids_exit_2_without_a_traceback(url: str, verb: str) -> None:
    r = run(url, verb, f"uscc:{TIANYE}", "uscc:NOPE")
    assert r.exit_code == 2
    assert "no entity with id 'uscc:NOPE'" in r.output and "Traceback" not in r.output
