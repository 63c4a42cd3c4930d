"""``credgraph match``: list, confirm and reject candidates through the CLI on real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.model import Node, NodeType, Provenance
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


# -- guard rails: what a confirm may merge, and what it says ---------------------------


def test_confirm_prints_what_was_merged_and_says_there_is_no_undo(url: str) -> None:
    (row,) = pending(url)
    r = run(url, "confirm", str(row["a"]), str(row["b"]))
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert f"merged {row['b']}" in out and f"into {row['a']}" in out
    assert "新疆天业(集团)有限责任公司" in out and "新疆天业（集团）有限公司" in out
    # Each side's sources: the registry merged into the bundle's record.
    # The bundle's folder is "bundle": it loads under the source bundle:bundle.
    assert "[Company; cn-enterprise-registration]" in out and "[Company; bundle:bundle]" in out
    assert "now answers to:" in out and "bundle:t1" in out
    help_text = " ".join(run(url, "confirm", "--help").stdout.split())
    assert "no undo" in help_text and "--force" in help_text


def test_confirm_json_names_both_sides(url: str) -> None:
    (row,) = pending(url)
    d = json.loads(run(url, "confirm", str(row["a"]), str(row["b"]), "--json").stdout)
    assert d["kept"] == row["a"] and d["merged"] == row["b"] and d["was"] == "pending"
    assert d["forced"] is False and d["merged_name"] == row["b_name"]
    assert d["kept_sources"] == ["bundle:bundle"]
    assert d["merged_sources"] == ["cn-enterprise-registration"]
    assert row["b"] in d["ids"]


def test_confirm_by_a_bare_uscc(url: str) -> None:
    (row,) = pending(url)
    assert row["b"] == f"uscc:{TIANYE}"
    r = run(url, "confirm", str(row["a"]), TIANYE, "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["merged"] == row["b"]


def _others(url: str) -> tuple[str, str]:
    """Two companies no load proposed as one: the Tianye record and a new one."""
    with SQLiteStore.from_url(url) as s:
        s.upsert_nodes([Node("company:x", NodeType.COMPANY, "甲乙丙公司",
                             provenance=(Provenance("elsewhere", "x"),))])  # fmt: skip
    return f"uscc:{TIANYE}", "company:x"


def test_a_pair_never_proposed_needs_force(url: str) -> None:
    a, b = _others(url)
    r = run(url, "confirm", a, b)
    assert r.exit_code == 2 and "never proposed" in r.stderr and "--force" in r.stderr
    assert "no undo" in " ".join(r.stderr.split())
    with SQLiteStore.from_url(url) as s:
        assert s.resolve(b) == b  # nothing merged
    forced = run(url, "confirm", a, b, "--force", "--json")
    assert forced.exit_code == 0, forced.output
    d = json.loads(forced.stdout)
    assert d["was"] == "never proposed" and d["forced"] is True
    with SQLiteStore.from_url(url) as s:
        assert s.resolve(b) == a


def test_a_rejected_pair_is_not_flipped_without_force(url: str) -> None:
    (row,) = pending(url)
    a, b = str(row["a"]), str(row["b"])
    assert run(url, "reject", a, b).exit_code == 0
    r = run(url, "confirm", a, b)
    assert r.exit_code == 2 and "rejected" in r.stderr and "--force" in r.stderr
    assert [x["decision"] for x in json.loads(run(url, "list", "--json").stdout)] == ["rejected"]
    assert run(url, "confirm", a, b, "--force").exit_code == 0
    assert [x["decision"] for x in json.loads(run(url, "list", "--json").stdout)] == ["confirmed"]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_only_entities_of_one_type_merge(url: str, force: list[str]) -> None:
    with SQLiteStore.from_url(url) as s:
        s.upsert_nodes([
            Node("list:A", NodeType.LIST, "List A", provenance=(Provenance("t", "a"),)),
            Node("list:B", NodeType.LIST, "List B", provenance=(Provenance("t", "b"),)),
            Node("person:p", NodeType.PERSON, "新疆天业", provenance=(Provenance("t", "p"),)),
        ])  # fmt: skip
    lists = run(url, "confirm", "list:A", "list:B", *force)
    assert lists.exit_code == 2 and "List" in lists.stderr
    mixed = run(url, "confirm", f"uscc:{TIANYE}", "person:p", *force)
    assert mixed.exit_code == 2 and "Person" in mixed.stderr and "Company" in mixed.stderr
    with SQLiteStore.from_url(url) as s:
        assert s.resolve("list:B") == "list:B" and s.resolve("person:p") == "person:p"


def test_a_pair_rejected_on_one_half_of_a_merge_stays_rejected_only(tmp_path: Path) -> None:
    # Three records of one name, each pair a candidate.  Rejecting (R, B) and then
    # merging B into A must leave (A, R) rejected, not rejected and pending at once.
    u = f"sqlite:///{tmp_path / 'three.db'}"
    name = "新疆天业(集团)有限责任公司"
    with SQLiteStore.from_url(u) as s:
        load(s, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
        load(s, "bundle", [bundle(tmp_path, [f"t1,company,{name},,,,CN,"], "ba")])
        load(s, "bundle", [bundle(tmp_path, [f"t2,company,{name},,,,CN,"], "bb")])
        reg, a, b = (s.resolve(i) for i in (f"uscc:{TIANYE}", "bundle:ba:t1", "bundle:bb:t2"))
    assert reg and a and b and len(pending(u)) == 3
    assert run(u, "reject", reg, b).exit_code == 0
    assert run(u, "confirm", a, b).exit_code == 0
    assert pending(u) == []
    rows = json.loads(run(u, "list", "--json").output)
    assert sorted((r["decision"], {r["a"], r["b"]} == {a, reg}) for r in rows) == [
        ("confirmed", False),
        ("rejected", True),
    ]
    refused = run(u, "confirm", a, reg)
    assert refused.exit_code == 2 and "were rejected" in refused.output


def test_features_line_up_with_the_stored_pair_and_decisions_credit_the_match(
    url: str,
) -> None:
    (row,) = pending(url)
    with SQLiteStore.from_url(url) as s:
        sources = [
            sorted({p.source for p in n.provenance})
            for n in (s.get(str(row["a"])), s.get(str(row["b"])))
            if n is not None
        ]
    assert row["features"]["sources"] == sources  # type: ignore[index]
    assert run(url, "confirm", str(row["a"]), str(row["b"])).exit_code == 0
    shown = CliRunner().invoke(main, ["--store", url, "show", str(row["a"]), "--json"])
    assert shown.exit_code == 0, shown.output
    node = json.loads(shown.output)["node"]
    assert node["props"]["_sources"]["match_decisions"] == ["credgraph-match"]
