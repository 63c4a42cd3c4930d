"""A record whose strong ids name two entities that a source keeps apart merges into
neither: it stays its own entity, the load warns, both pairs are proposed, and every
view of a shared id says which other entity it names."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.shared_ids import shared_ids
from graph.store.sqlite import SQLiteStore
from loaders.matches import list_matches
from loaders.pipeline import load
from tests.loaders.test_resolve import sdn
from ui.cli import main

REASON = "strong ids name several entities; merged into none"


def _ftm(tmp_path: Path, inn: list[str], ogrn: list[str]) -> Path:
    path = tmp_path / "e.ftm.json"
    props = {"name": ["Zala Aero"], "innCode": inn, "ogrnCode": ogrn, "jurisdiction": ["ru"]}
    path.write_text(json.dumps({"id": "zala", "schema": "Company", "properties": props}) + "\n")
    return path


@pytest.fixture
def two(tmp_path: Path, store: SQLiteStore) -> SQLiteStore:
    rows = [
        (1, "CST LLC", "Tax ID No. 1841015504 (Russia); Registration Number 1101841007938 (Russia)."),
        (2, "ZALA AERO LLC", "Tax ID No. 1841001815 (Russia); Registration Number 1091841000624 (Russia)."),
    ]  # fmt: skip
    load(store, "ofac-sdn", [sdn(tmp_path, rows)])
    return store


def test_a_record_naming_two_entities_merges_into_neither_and_warns(
    two: SQLiteStore, tmp_path: Path
) -> None:
    report = load(two, "ftm", [_ftm(tmp_path, ["1841015504", "1841001815"], ["1101841007938"])])
    assert two.resolve("ftm:zala") == "ftm:zala"
    assert report.counts["Company"].merged == 0
    assert two.resolve("reg:ru-inn:1841015504") == "ofac:1"
    assert two.resolve("reg:ru-inn:1841001815") == "ofac:2"
    assert report.warnings[REASON] == 1
    (sample,) = [w for w in report.warning_samples if w["reason"] == REASON]
    assert sample["record_id"] == "ftm:zala"
    assert "ofac:1" in sample["detail"] and "ofac:2" in sample["detail"]
    assert "reg:ru-inn:1841001815 -> ofac:2" in sample["detail"]
    rows = {(r["a"], r["b"]): r for r in list_matches(two, pending_only=True)}
    assert set(rows) == {("ftm:zala", "ofac:1"), ("ftm:zala", "ofac:2")}
    assert rows[("ftm:zala", "ofac:2")]["features"]["shared_strong_id"] == ["reg:ru-inn:1841001815"]
    assert rows[("ftm:zala", "ofac:1")]["features"]["strong_ids_also_name"] == ["ofac:2"]
    # A reload warns again and changes nothing.
    again = load(two, "ftm", [_ftm(tmp_path, ["1841015504", "1841001815"], ["1101841007938"])])
    assert again.warnings[REASON] == 1 and two.resolve("ftm:zala") == "ftm:zala"


def test_a_record_naming_one_entity_still_merges(two: SQLiteStore, tmp_path: Path) -> None:
    report = load(two, "ftm", [_ftm(tmp_path, ["1841015504"], ["1101841007938"])])
    assert two.resolve("ftm:zala") == "ofac:1" and not report.warnings[REASON]


def test_shared_ids_say_where_an_id_resolves_and_who_else_carries_it(
    two: SQLiteStore, tmp_path: Path
) -> None:
    load(two, "ftm", [_ftm(tmp_path, ["1841015504", "1841001815"], [])])
    mine = two.get("ftm:zala")
    assert mine is not None
    got = shared_ids(two, mine)
    assert set(got) == {"reg:ru-inn:1841015504", "reg:ru-inn:1841001815"}
    one = got["reg:ru-inn:1841015504"]
    assert one.resolves_to == "ofac:1" and [o.id for o in one.others] == ["ofac:1"]
    assert "also the id of ofac:1" in one.note("ftm:zala")
    owner = two.get("ofac:1")
    assert owner is not None
    theirs = shared_ids(two, owner)["reg:ru-inn:1841015504"]
    assert theirs.resolves_to == "ofac:1" and [o.id for o in theirs.others] == ["ftm:zala"]
    assert theirs.others[0].decision == "pending"
    assert "also an id of ftm:zala" in theirs.note("ofac:1")


# -- the real files ------------------------------------------------------------------

ZALA = "ftm:NK-abdzbEBkqyT29GyREbiURZ"


def _sdn_ids(sdn_csv: Path, ent: str) -> set[str]:
    """reg: aliases an SDN entry's remarks give (Tax ID No. = INN, Registration Number =
    OGRN), read from the raw file."""
    with sdn_csv.open(encoding="utf-8", errors="replace", newline="") as f:
        (row,) = [r for r in csv.reader(f) if r and r[0] == ent]
    inn = re.findall(r"Tax ID No\. (\d+) \(Russia\)", row[11])
    ogrn = re.findall(r"Registration Number (\d+) \(Russia\)", row[11])
    return {f"reg:ru-inn:{x}" for x in inn} | {f"reg:ru-ogrn:{x}" for x in ogrn}


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, object], Path]:
    data = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    if not data.is_dir():
        pytest.skip(f"real data folder {data} absent (fresh clone without ../shared)")
    url = f"sqlite:///{tmp_path_factory.mktemp('zala')}/g.db"
    with SQLiteStore.from_url(url) as s:
        load(s, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
        report = load(s, "ftm", [data / "ftm-opensanctions-zala" / "entities.ftm.json"])
    return url, report.to_dict(), data


def _run(url: str, *args: str) -> str:
    res = CliRunner().invoke(main, ["--store", url, *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_real_zala_aero_is_kept_apart_and_the_load_says_why(
    real: tuple[str, dict[str, object], Path],
) -> None:
    url, report, data = real
    a, b = (
        _sdn_ids(data / "ofac-sdn" / "sdn.csv", "45928"),
        _sdn_ids(data / "ofac-sdn" / "sdn.csv", "45934"),
    )
    assert "reg:ru-inn:1841015504" in a and "reg:ru-inn:1841001815" in b
    warnings = report["warning_samples"]
    assert isinstance(warnings, list)
    (w,) = [x for x in warnings if x["reason"] == REASON and x["record_id"] == ZALA]
    assert "ofac:45928" in w["detail"] and "ofac:45934" in w["detail"]
    with SQLiteStore.from_url(url) as s:
        assert s.resolve(ZALA) == ZALA
        assert all(s.resolve(i) == "ofac:45928" for i in a)
        assert all(s.resolve(i) == "ofac:45934" for i in b)
        pairs = {frozenset((r["a"], r["b"])) for r in list_matches(s, pending_only=True)}
    assert {frozenset((ZALA, "ofac:45928")), frozenset((ZALA, "ofac:45934"))} <= pairs
    # The two SDN entries share no id: no pair of theirs is proposed any more.
    assert frozenset(("ofac:45928", "ofac:45934")) not in pairs


def test_real_show_marks_the_ids_another_entity_answers_to(
    real: tuple[str, dict[str, object], Path],
) -> None:
    url = real[0]
    shown = json.loads(_run(url, "show", ZALA, "--json"))
    shared = shown["shared_ids"]
    assert shared["reg:ru-inn:1841015504"]["resolves_to"] == "ofac:45928"
    assert shared["reg:ru-inn:1841001815"]["resolves_to"] == "ofac:45934"
    assert "also the id of ofac:45928" in shared["reg:ru-inn:1841015504"]["note"]
    facts = [f for f in shown["facts"] if f["value"] == "reg:ru-inn:1841015504"]
    assert "ofac:45928" in facts[0]["shared"]
    text = _run(url, "show", ZALA)
    assert re.search(r"reg:ru-inn:1841015504 \(also the id of ofac:45928", text)
    owner = json.loads(_run(url, "show", "ofac:45928", "--json"))
    assert [o["id"] for o in owner["shared_ids"]["reg:ru-inn:1841015504"]["others"]] == [ZALA]


def test_real_exposure_by_a_shared_id_names_the_other_entity(
    real: tuple[str, dict[str, object], Path],
) -> None:
    url = real[0]
    rep = json.loads(_run(url, "exposure", "1841015504", "--json"))
    assert rep["entity"]["id"] == "ofac:45928"
    amb = rep["summary"]["ambiguous_id"]
    assert amb["id"] == "reg:ru-inn:1841015504" and amb["resolves_to"] == "ofac:45928"
    (other,) = amb["others"]
    assert other["id"] == ZALA and other["statuses"]["eu"] == "listed"
    text = _run(url, "exposure", "reg:ru-inn:1841015504")
    assert f"also the id of {ZALA}" in text or f"also an id of {ZALA}" in text
    plain = json.loads(_run(url, "exposure", "ofac:45928", "--json"))
    assert plain["summary"]["ambiguous_id"] is None


def test_real_screen_by_a_shared_id_says_it_is_ambiguous(
    real: tuple[str, dict[str, object], Path], tmp_path: Path
) -> None:
    url = real[0]
    path = tmp_path / "c.csv"
    # 1101841007938: the OGRN of SDN entry 45928 (CST), also carried by the OpenSanctions
    # record of Zala Aero, which is on the EU and UK lists.
    path.write_text("id\nreg:ru-inn:1841015504\nofac:45928\n1101841007938\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    _run(url, "screen", str(path), "--out", str(out), "--as-of", "2025-01-01")
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["matched_id"] == "ofac:45928"
    assert "ambiguous" in rows[0]["match_explanation"] and ZALA in rows[0]["match_explanation"]
    assert "ambiguous" not in rows[1]["match_explanation"] and rows[1]["match_flags"] == ""
    for row in (rows[0], rows[2]):
        assert row["matched_id"] == "ofac:45928" and row["match_flags"] == "ambiguous"
        assert row["status_ofac"] == "listed" and row["status_eu"] == "none"
        assert row["ambiguous_with"].startswith(f"{ZALA} (")
        assert "eu=listed" in row["ambiguous_with"] and "uk=listed" in row["ambiguous_with"]


def test_a_later_name_match_keeps_the_pairs_shared_ids(store: SQLiteStore) -> None:
    from graph.model import Node, NodeType, Provenance
    from loaders.matches import propose
    from loaders.resolve import StrongPair

    store.upsert_nodes(
        [
            Node("ofac:1", NodeType.COMPANY, "Zala Aero LLC", ids=("reg:ru-inn:1841015504",),
                 provenance=(Provenance("ofac", "1"),)),
            Node("ftm:z", NodeType.COMPANY, "Zala Aero LLC", ids=("reg:ru-inn:1841015504",),
                 provenance=(Provenance("opensanctions", "z"),)),
        ]
    )  # fmt: skip
    propose(store, [], [StrongPair("ftm:z", "ofac:1", ("reg:ru-inn:1841015504",))])
    propose(store, ["ftm:z"])
    (row,) = list_matches(store, pending_only=True)
    assert row["features"]["shared_strong_id"] == ["reg:ru-inn:1841015504"]
    assert row["features"]["base_name_equal"] is True and row["score"] == 0.95
