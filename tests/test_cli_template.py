"""``credgraph template`` and per-fact sources in ``credgraph show --json``."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from loaders.bundle import FILES
from loaders.cn_registry import DEFAULT_SOURCE as REGISTRY
from ui.cli import main


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_template_writes_headers_and_examples(tmp_path: Path) -> None:
    # DIR itself is made; a folder above it that does not exist is not (README).
    nested = run("template", str(tmp_path / "new" / "bundle"))
    assert nested.exit_code == 2 and "does not exist; create it first" in nested.output
    assert not (tmp_path / "new").exists()
    out = tmp_path / "bundle"
    result = run("template", str(out))
    assert result.exit_code == 0, result.output
    for name, columns in FILES.items():
        got = rows(out / name)
        assert got[0] == list(columns)
        assert len(got) >= 2 and all(len(r) == len(columns) for r in got[1:])


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "entities.csv").write_text("mine\n", encoding="utf-8")
    refused = run("template", str(tmp_path))
    assert refused.exit_code == 2
    assert "--force" in refused.output and "entities.csv" in refused.output
    assert (tmp_path / "entities.csv").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "listings.csv").exists()  # nothing written at all
    forced = run("template", str(tmp_path), "--force", "--json")
    assert forced.exit_code == 0
    assert len(json.loads(forced.stdout)["written"]) == len(FILES)
    assert rows(tmp_path / "entities.csv")[0][0] == "id"


def test_written_template_loads_as_a_bundle(tmp_path: Path) -> None:
    run("template", str(tmp_path / "b"))
    url = f"sqlite:///{tmp_path}/g.db"
    loaded = run("--store", url, "load", "bundle", str(tmp_path / "b"), "--json", "--strict")
    assert loaded.exit_code == 0, loaded.output
    report = json.loads(loaded.stdout)
    stats = json.loads(run("--store", url, "stats", "--json").stdout)
    examples = {n: len(rows(tmp_path / "b" / n)) - 1 for n in FILES}
    entity_rows = rows(tmp_path / "b" / "entities.csv")[1:]
    for kind in ("Company", "Person"):
        assert stats["nodes"][kind] == sum(r[1] == kind for r in entity_rows)
    rel_rows = rows(tmp_path / "b" / "relationships.csv")[1:]
    for kind in {r[0] for r in rel_rows}:
        assert stats["relationships"][kind] == sum(r[0] == kind for r in rel_rows)
    assert stats["relationships"]["LISTED_ON"] == examples["listings.csv"]
    assert report["totals"]["skipped"] == 0 and report["totals"]["written"] > 0


REGISTRY_HEADER = (
    "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址"
)


def by_fact(facts: list[dict[str, Any]], fact: str, value: Any = None) -> list[str]:
    hits = [f for f in facts if f["fact"] == fact and (value is None or f["value"] == value)]
    assert len(hits) == 1, (fact, value, hits)
    return sorted(hits[0]["sources"])


def test_show_json_lists_the_sources_of_each_fact(tmp_path: Path) -> None:
    # The template's example company and a registry row share one USCC.  The bundle's
    # source is named after its folder, b (docs/BUNDLE.md).
    bundle = tmp_path / "b"
    run("template", str(bundle))
    company = rows(bundle / "entities.csv")[1]
    uscc, bundle_name, english = company[4], company[2], company[3]
    registry = tmp_path / "registry.csv"
    registry.write_text(
        REGISTRY_HEADER + "\n"
        f"示例计算机系统,{uscc},1998-11-11,有限责任公司,马化腾,"
        "6500万人民币,计算机软硬件,广东省,深圳市,深圳市南山区\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path}/g.db"
    q = str(tmp_path / "q.jsonl")
    assert (
        run("--store", url, "load", "cn-registry", str(registry), "--quarantine", q).exit_code == 0
    )
    assert run("--store", url, "load", "bundle", str(bundle), "--quarantine", q).exit_code == 0
    shown = run("--store", url, "show", f"uscc:{uscc}", "--json")
    assert shown.exit_code == 0, shown.output
    facts = json.loads(shown.stdout)["facts"]
    mine = "bundle:b"
    both = sorted({REGISTRY, mine})
    assert by_fact(facts, "props.company_type") == [REGISTRY]  # only the registry says it
    assert by_fact(facts, "props.status") == [mine]  # only the bundle says it
    assert by_fact(facts, "props.uscc") == both  # both say it
    assert by_fact(facts, "props.country") == both
    assert by_fact(facts, "name", "示例计算机系统") == [REGISTRY]
    assert by_fact(facts, "name", bundle_name) == [mine]
    assert by_fact(facts, "name", english) == [mine]
    assert by_fact(facts, "identifier", f"uscc:{uscc}") == both
    links = [f for f in facts if f["fact"] == "relationship"]
    assert {(f["type"], tuple(f["sources"])) for f in links} >= {
        ("OFFICER_OF", (REGISTRY,)),
        ("OWNS", (mine,)),
        ("LISTED_ON", (mine,)),
    }
    node = json.loads(shown.stdout)["node"]
    assert {p["source"] for p in node["provenance"]} == set(both)
