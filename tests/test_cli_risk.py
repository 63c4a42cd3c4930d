"""Risk commands (exposure, regime, owners, subsidiaries, path, screen) through CliRunner on
real SQLite stores, including the §7 worked examples through ``credgraph regime --json``."""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from graph.model import NOT_SAME_AS, POSSIBLY_SAME_AS, Node, NodeType, Rel, RelType, rel_id
from graph.share import Share
from tests.graph.risk.exposure_graphs import (
    AFTER,
    BEFORE_EU,
    EU,
    JP_MOF,
    LISTS,
    OFAC,
    SECO,
    UK,
    catalog_store,
    company,
    example_records,
    listed,
    other_list,
    owns,
    prov,
    write,
)
from ui.cli import main

USCC_A = "91440300192185379H"  # valid
USCC_BAD = "91440300192185379J"  # check character should be H


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", url, *args], catch_exceptions=False)


def url_of(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def build(path: Path, records: list) -> str:
    with catalog_store(path) as s:
        write(s, records)
    return url_of(path)


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    """X (OFAC-listed) -60%-> A -100%-> B; P -30%-> B; A has a USCC alias."""
    path = tmp_path_factory.mktemp("risk") / "g.db"
    with catalog_store(path) as s:
        write(
            s,
            company("X", "Xenon Holdings"),
            company(f"uscc:{USCC_A}", "平安示范有限公司"),
            company("B", "Beta Trading"),
            company("P", "Pilot Partners"),
            owns("X", f"uscc:{USCC_A}", "3/5"),
            owns(f"uscc:{USCC_A}", "B", "1"),
            owns("P", "B", "3/10"),
            listed("X", LISTS["ofac"]),
        )
    return url_of(path)


# -- regime: the worked examples ---------------------------------------------------


def regime_json(url: str, name: str, day: str) -> dict:
    r = run(url, "regime", name, "--as-of", day, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_ofac_examples_through_regime_json(tmp_path: Path) -> None:
    recs = []
    for name, (own, listed_ids, _) in OFAC.items():
        recs += example_records(name, "ofac", own, listed_ids)
    out = regime_json(build(tmp_path / "o.db", recs), "ofac", AFTER.isoformat())
    got = {e["id"]: e["status"] for e in out["entities"]}
    for name, (_, listed_ids, expected) in OFAC.items():
        mine = {k.split(":", 1)[1]: v for k, v in got.items() if k.split(":", 1)[0] == name}
        want = {**expected, **dict.fromkeys(listed_ids, "listed")}
        assert mine == want, name
    b3 = next(e for e in out["entities"] if e["id"] == "OFAC-3:B")
    assert b3["aggregate_share"] == "1/2" and len(b3["paths"]) == 2
    assert "OFAC-3 X Ltd" in b3["explanation"]


@pytest.mark.parametrize("day", [AFTER, BEFORE_EU])
def test_eu_examples_through_regime_json(tmp_path: Path, day) -> None:
    recs = []
    for name, (own, listed_ids, ctrl, links, _) in EU.items():
        recs += example_records(name, "eu", own, listed_ids, ctrl, links)
    out = regime_json(build(tmp_path / "e.db", recs), "eu", day.isoformat())
    got = {e["id"]: e["status"] for e in out["entities"] if e["status"] != "listed"}
    want = {f"{n}:{k}": v for n, ex in EU.items() for k, v in ex[4][day].items()}
    assert got == want


def test_uk_examples_through_regime_json(tmp_path: Path) -> None:
    recs = []
    for name, (own, listed_ids, ctrl, links, _) in UK.items():
        recs += example_records(name, "uk", own, listed_ids, ctrl, links)
    out = regime_json(build(tmp_path / "u.db", recs), "uk", AFTER.isoformat())
    got = {e["id"]: e["status"] for e in out["entities"] if e["status"] != "listed"}
    assert got == {f"{n}:{k}": v for n, ex in UK.items() for k, v in ex[4].items()}


def test_regime_text_and_errors(graph: str) -> None:
    r = run(graph, "regime", "ofac", "--as-of", "2026-01-01")
    assert r.exit_code == 0 and "owned" in r.stdout and "Beta Trading" in r.stdout
    bad = run(graph, "regime", "xyz", "--json")
    assert bad.exit_code == 2 and json.loads(bad.stdout)["error"] == "InvalidInput"
    assert run(graph, "regime", "ofac", "--as-of", "2026-13-01").exit_code == 2


# -- exposure ------------------------------------------------------------------------


def test_exposure_json_contract_by_alias(graph: str) -> None:
    r = run(graph, "exposure", USCC_A, "--as-of", "2026-01-01", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["entity"] == {"id": f"uscc:{USCC_A}", "name": "平安示范有限公司", "type": "Company"}
    assert d["as_of"] == "2026-01-01"
    (f,) = d["findings"]
    assert {"regime", "rule", "basis", "status", "lists", "share", "paths", "measures",
            "explanation"} <= set(f)  # fmt: skip
    assert (f["regime"], f["status"], f["share"], f["basis"]) == ("ofac", "owned", "3/5", "legal")
    assert f["paths"] == [["X", f"uscc:{USCC_A}"]]


def test_exposure_text_dates_and_errors(graph: str) -> None:
    r = run(graph, "exposure", "B", "--as-of", "2026-01-01")
    assert r.exit_code == 0 and "ofac=owned" in r.stdout and "Xenon Holdings" in r.stdout
    before = run(graph, "exposure", "B", "--as-of", "2019-12-31", "--json")
    assert json.loads(before.stdout)["findings"] == []  # listed only from 2020-01-01
    missing = run(graph, "exposure", "nobody", "--json")
    assert missing.exit_code == 2 and json.loads(missing.stdout)["error"] == "NotFound"
    bad = run(graph, "exposure", "B", "--as-of", "yesterday")
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.output


# -- lists of regimes without a modelled rule ----------------------------------------


@pytest.fixture(scope="module")
def other_graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    """S is on Swiss SECO (ch) and Japan MOF (jp) only and owns all of T."""
    path = tmp_path_factory.mktemp("other") / "o.db"
    with catalog_store(path) as s:
        write(
            s,
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            other_list(JP_MOF, "Japan MOF sanctions", "jp"),
            company("S", "Sierra Export AG"),
            company("T", "Tango Components Ltd"),
            owns("S", "T", "1"),
            listed("S", SECO, program_ids=["SECO-UKRAINE"]),
            listed("S", JP_MOF),
        )
    return url_of(path)


def test_exposure_shows_lists_without_a_modelled_rule(other_graph: str, graph: str) -> None:
    d = json.loads(run(other_graph, "exposure", "S", "--as-of", "2026-01-01", "--json").stdout)
    assert d["summary"]["statuses"] == dict.fromkeys(["cn", "ofac", "bis", "eu", "uk"], "none")
    assert d["summary"]["other_lists"] == [
        {"id": SECO, "list": "FTM_CH_SECO_SANCTIONS", "name": "Swiss SECO sanctions", "regime": "ch"},
        {"id": JP_MOF, "list": "FTM_JP_MOF_SANCTIONS", "name": "Japan MOF sanctions", "regime": "jp"},
    ]  # fmt: skip
    assert d["summary"]["legal"] == 2
    ch = d["findings"][0]
    assert (ch["regime"], ch["rule"], ch["basis"], ch["status"]) == (
        "ch",
        "ch.listed",
        "legal",
        "listed",
    )
    assert (ch["lists"][0]["start"], ch["lists"][0]["record_id"]) == ("2020-01-01", f"S@{SECO}")
    text = run(other_graph, "exposure", "S", "--as-of", "2026-01-01").stdout.splitlines()
    assert text[2] == "status: cn=none  ofac=none  bis=none  eu=none  uk=none"
    assert text[3] == "also listed on: Swiss SECO sanctions (ch), Japan MOF sanctions (jp)"
    assert "findings (2 legal, 0 heuristic):" in text
    assert any("SECO-UKRAINE" in line for line in text)
    # The owned company: nothing propagates, and its output has no such line.
    t = run(other_graph, "exposure", "T", "--as-of", "2026-01-01")
    assert t.stdout.splitlines()[-1] == "no findings" and "also listed on" not in t.stdout
    assert json.loads(run(other_graph, "exposure", "T", "--json").stdout)["summary"][
        "other_lists"
    ] == []  # fmt: skip
    # Before the listings start: none.
    early = run(other_graph, "exposure", "S", "--as-of", "2019-12-31", "--json")
    assert json.loads(early.stdout)["summary"]["other_lists"] == []
    assert "also listed on" not in run(graph, "exposure", "B", "--as-of", "2026-01-01").stdout


def test_screen_does_not_pass_a_row_on_such_lists_as_clean(
    other_graph: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nSierra Export AG\nTango Components Ltd\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run(other_graph, "screen", str(src), "--as-of", "2026-01-01", "--out", str(out), "--json")
    rows = json.loads(r.stdout)["rows"]
    assert rows[0]["other_lists"] == "Swiss SECO sanctions (ch), Japan MOF sanctions (jp)"
    assert (
        rows[0]["legal_findings"] == 2
        and "no ownership or control rule" in rows[0]["top_explanation"]
    )
    assert all(rows[0][f"status_{k}"] == "none" for k in ("cn", "ofac", "bis", "eu", "uk"))
    assert (rows[1]["other_lists"], rows[1]["legal_findings"]) == ("", 0)
    with out.open(encoding="utf-8-sig") as fh:
        written = list(csv.DictReader(fh))
    assert [w["other_lists"] for w in written] == [rows[0]["other_lists"], ""]
    text = run(other_graph, "screen", str(src), "--as-of", "2026-01-01").stdout.splitlines()
    sierra = next(line for line in text if "Sierra" in line)
    assert sierra.endswith("also listed on: Swiss SECO sanctions (ch), Japan MOF sanctions (jp)")
    tango = next(line for line in text if "Tango" in line)
    assert "also listed on" not in tango


# -- owners / subsidiaries -------------------------------------------------------------


def test_owners_and_subsidiaries(graph: str) -> None:
    r = run(graph, "owners", "B", "--as-of", "2026-01-01", "--json")
    d = json.loads(r.stdout)
    rows = {o["id"]: o for o in d["owners"]}
    assert set(rows) == {f"uscc:{USCC_A}", "X", "P"}
    assert rows["X"]["share"] == "0.6" and rows["X"]["direct_share"] is None
    assert rows["P"]["direct_share"] == "3/10" and rows["P"]["share_percent"] == "30%"
    assert rows["X"]["paths"] == [["X", f"uscc:{USCC_A}", "B"]]
    high = json.loads(run(graph, "owners", "B", "--threshold", "50%", "--json").stdout)
    assert {o["id"] for o in high["owners"]} == {f"uscc:{USCC_A}", "X"}
    subs = json.loads(run(graph, "subsidiaries", "X", "--json").stdout)
    assert {s["id"]: s["share"] for s in subs["subsidiaries"]} == {
        f"uscc:{USCC_A}": "0.6",
        "B": "0.6",
    }
    text = run(graph, "owners", "B")
    assert text.exit_code == 0 and "Xenon Holdings" in text.stdout
    assert run(graph, "owners", "B", "--threshold", "150%").exit_code == 2
    assert run(graph, "owners", "B", "--threshold", "abc").exit_code == 2
    assert run(graph, "subsidiaries", "nobody").exit_code == 2


@pytest.fixture(scope="module")
def vague(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Q holds Z with no recorded share, Z holds half of W; H holds T by a PSC band
    "more than 25% but not more than 50%"."""
    path = tmp_path_factory.mktemp("risk") / "vague.db"
    band = Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)
    with catalog_store(path) as s:
        write(
            s,
            *(company(x, f"{x} Co") for x in ("Q", "Z", "W", "H", "T")),
            owns("Q", "Z", None),
            owns("Z", "W", "1/2"),
            Rel(rel_id(RelType.OWNS, "H", "T", "psc"), RelType.OWNS, "H", "T", share=band),
        )
    return url_of(path)


def test_ownership_shows_unknown_shares_and_bands_as_recorded(vague: str) -> None:
    subs = json.loads(run(vague, "subsidiaries", "Q", "--json").stdout)["subsidiaries"]
    rows = {o["id"]: o for o in subs}
    z, w = rows["Z"], rows["W"]
    assert (z["direct_share"], z["direct_percent"]) == ("unknown", "unknown")
    assert (z["share"], z["share_hi"], z["share_basis"]) == ("0", "1", "unknown")
    assert (w["direct_share"], w["share"], w["share_hi"]) == (None, "0", "0.5")
    assert (w["share_hi_percent"], w["share_basis"]) == ("50%", "unknown")
    (t,) = json.loads(run(vague, "owners", "T", "--json").stdout)["owners"]
    assert (t["direct_share"], t["direct_percent"]) == ("(1/4,1/2]", "(25-50%")
    assert (t["share"], t["share_hi"], t["share_basis"]) == ("0.25", "0.5", "range")
    text = run(vague, "subsidiaries", "Q").stdout
    z_line = next(x for x in text.splitlines() if " Z " in x)
    assert "0-100%" in z_line and "direct unknown" in z_line and "unknown share" in z_line
    assert "direct 0%" not in text
    t_line = next(x for x in run(vague, "owners", "T").stdout.splitlines() if " H " in x)
    assert "25-50%" in t_line and "direct (25-50%" in t_line and "range" in t_line
    # The stake itself, wherever it is shown, reads "share unknown" rather than nothing.
    assert "->[OWNS share unknown]->" in run(vague, "path", "Q", "W").stdout
    assert "share unknown" in run(vague, "show", "Z").stdout


# -- path ------------------------------------------------------------------------------


def test_path_json_text_and_errors(graph: str) -> None:
    r = run(graph, "path", "X", "P", "--types", "OWNS", "--json")
    d = json.loads(r.stdout)
    (p,) = d["paths"]
    assert [n["id"] for n in p["nodes"]] == ["X", f"uscc:{USCC_A}", "B", "P"]
    e = p["edges"][0]
    assert (e["type"], e["direction"], e["share"]) == ("OWNS", "forward", "3/5")
    assert e["provenance"][0]["source"] == "test-exposure"
    assert p["edges"][2]["direction"] == "backward"
    none = json.loads(run(graph, "path", "X", "P", "--max-hops", "2", "--json").stdout)
    assert none["paths"] == []
    txt = run(graph, "path", "X", "B")
    assert txt.exit_code == 0 and "Xenon Holdings ->[OWNS 60%]->" in txt.stdout
    assert run(graph, "path", "X", "B", "--types", "OWNZ").exit_code == 2
    assert run(graph, "path", "X", "B", "--max-hops", "0").exit_code == 2
    assert run(graph, "path", "X", "nobody").exit_code == 2


@pytest.fixture(scope="module")
def parties(tmp_path_factory: pytest.TempPathFactory) -> str:
    """C (a Chinese company) and R (a Russian) are both on the SDN list and nothing else
    joins them; R's company K is a "possibly same as" candidate of L, and M was
    rejected as the same as L."""
    path = tmp_path_factory.mktemp("risk") / "parties.db"
    with catalog_store(path) as s:
        write(
            s,
            *(company(x, f"{x} Co") for x in ("C", "R", "K", "L", "M")),
            listed("C", LISTS["ofac"]),
            listed("R", LISTS["ofac"]),
            owns("R", "K", "51/100"),
            Rel("cand", RelType.LINKED_TO, "K", "L", props={"kind": POSSIBLY_SAME_AS}),
            Rel("rej", RelType.LINKED_TO, "L", "M", props={"kind": NOT_SAME_AS}),
        )
    return url_of(path)


def test_path_follows_only_links_between_parties_by_default(parties: str) -> None:
    d = json.loads(run(parties, "path", "C", "R", "--json").stdout)
    assert d["paths"] == [] and "LISTED_ON" not in d["types"] and "OWNS" in d["types"]
    assert d["candidates"] is False
    assert "no path" in run(parties, "path", "C", "R").stdout
    # Asked for by name, the list is followed (and the report says it is a shared list).
    listed_on = json.loads(run(parties, "path", "C", "R", "--types", "LISTED_ON", "--json").stdout)
    (p,) = listed_on["paths"]
    assert [n["id"] for n in p["nodes"]] == ["C", LISTS["ofac"], "R"]
    # A pending entity-resolution candidate is no link, unless asked for.
    assert json.loads(run(parties, "path", "R", "L", "--json").stdout)["paths"] == []
    cand = json.loads(run(parties, "path", "R", "L", "--candidates", "--json").stdout)
    (p,) = cand["paths"]
    assert [n["id"] for n in p["nodes"]] == ["R", "K", "L"] and cand["candidates"] is True
    assert p["edges"][1]["kind"] == POSSIBLY_SAME_AS
    text = run(parties, "path", "R", "L", "--candidates").stdout
    assert "possibly same as" in text
    # A rejection records that two entities differ: never a path.
    for extra in ([], ["--candidates"], ["--types", "LINKED_TO", "--candidates"]):
        assert json.loads(run(parties, "path", "L", "M", *extra, "--json").stdout)["paths"] == []


def test_stats_show_match_candidates_apart(parties: str) -> None:
    d = json.loads(run(parties, "stats", "--json").stdout)
    assert "LINKED_TO" not in d["relationships"]
    assert d["match_candidates"] == {"pending": 1, "rejected": 1}
    text = run(parties, "stats").stdout
    assert "match candidates:" in text and "LINKED_TO" not in text


# -- screen ----------------------------------------------------------------------------


def test_screen_csv_to_csv(graph: str, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "序号,企业名称,统一社会信用代码\n"
        f"1,,{USCC_A}\n"
        f"2,Beta Trading,{USCC_BAD}\n"
        "3,Pilot Partner,\n"
        "4,Nothing Like It Anywhere,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    r = run(graph, "screen", str(src), "--out", str(out), "--as-of", "2026-01-01", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["rows"]
    assert [x["match_method"] for x in rows] == ["uscc", "name", "name", "none"]
    assert rows[0]["matched_id"] == f"uscc:{USCC_A}" and rows[0]["status_ofac"] == "owned"
    assert (
        "invalid" in rows[1]["match_explanation"]
        and "check character" in rows[1]["match_explanation"]
    )
    assert rows[1]["matched_id"] == "B" and rows[1]["match_score"] == 1.0
    assert rows[2]["matched_id"] == "P" and 0.6 <= rows[2]["match_score"] < 1
    assert "partial" in rows[2]["match_explanation"]
    assert rows[3]["matched_id"] == "" and rows[3]["legal_findings"] == 0
    assert rows[0]["legal_findings"] == 1 and "Xenon" in rows[0]["top_explanation"]
    with out.open(encoding="utf-8-sig") as fh:
        written = list(csv.DictReader(fh))
    assert [w["row"] for w in written] == ["2", "3", "4", "5"]
    assert written[0]["status_ofac"] == "owned"


def test_screen_console_flags_ambiguous_and_weak_matches(tmp_path: Path) -> None:
    url = build(
        tmp_path / "acme.db",
        [company("A1", "Acme Trading Co"), company("A2", "ACME TRADING CO."),
         company("P", "Pilot Partners")],
    )  # fmt: skip
    src = tmp_path / "in.csv"
    src.write_text("name\nAcme\nPilot Partners\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run(url, "screen", str(src), "--out", str(out), "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.output
    acme, pilot = [x for x in r.stdout.splitlines() if x.startswith("  ")]
    # "acme" in "acmetradingco": 0.5 + 0.45*4/13 = 0.64 (difflib 8/17 = 0.47), twice.
    assert "0.64" in acme and "ambiguous" in acme and "weak" in acme
    assert "1.00" in pilot and "ambiguous" not in pilot and "weak" not in pilot
    with out.open(encoding="utf-8-sig") as fh:
        written = list(csv.DictReader(fh))
    assert [w["match_flags"] for w in written] == ["ambiguous weak", ""]
    # The tie's other entity is named with its statuses.
    assert [w["ambiguous_with"] for w in written] == ["A1 (Acme Trading Co): none", ""]


def test_screen_xlsx_in_and_out_and_errors(graph: str, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Company Name", "LEI"])
    ws.append(["Xenon Holdings", ""])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    r = run(graph, "screen", str(src), "--out", str(out), "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.output
    assert "1 rows, 1 matched" in r.stdout
    got = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    header = list(got[0])
    assert got[1][header.index("matched_id")] == "X"
    assert got[1][header.index("status_ofac")] == "listed"
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("foo,bar\n1,2\n", encoding="utf-8")
    bad = run(graph, "screen", str(nocol), "--json")
    assert bad.exit_code == 2 and "no column to match on" in bad.stderr
    assert run(graph, "screen", str(tmp_path / "missing.csv")).exit_code == 2


@pytest.mark.parametrize("where", ["no/such/folder/out.csv", "."])
def test_screen_refuses_an_out_it_cannot_write_before_screening(
    graph: str, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.cli_screen

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("screened before checking --out")

    monkeypatch.setattr(ui.cli_screen, "run_screen", never)
    src = tmp_path / "in.csv"
    src.write_text("name\nXenon Holdings\n", encoding="utf-8")
    r = run(graph, "screen", str(src), "--out", str(tmp_path / where))
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(f"error: --out {tmp_path / where}: cannot write: ")
    assert "Traceback" not in r.output


def test_risk_commands_registered() -> None:
    assert {"exposure", "regime", "owners", "subsidiaries", "path", "screen"} <= set(main.commands)


def test_read_only_store_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    r = run(url_of(missing), "exposure", "X")
    assert r.exit_code != 0 and not missing.exists()


def test_path_edge_share_keeps_a_band_open_ends(tmp_path: Path) -> None:
    """A PSC band "more than 25% but not more than 50%" is (1/4,1/2] in the path JSON,
    as the store writes it, not 1/4..1/2 with its open end lost."""
    from graph.store.sqlite import SQLiteStore

    url = f"sqlite:///{tmp_path / 'band.db'}"
    with SQLiteStore.from_url(url) as s:
        s.upsert_nodes([Node(x, NodeType.COMPANY, x.upper()) for x in ("a", "b")])
        band = Share(Fraction(1, 4), Fraction(1, 2), lo_open=True)
        s.upsert_rels([Rel("ab", RelType.OWNS, "a", "b", share=band)])
    (e,) = json.loads(run(url, "path", "a", "b", "--json").stdout)["paths"][0]["edges"]
    assert (e["share"], e["share_text"]) == ("(1/4,1/2]", "(25-50%")


def test_screen_out_never_writes_a_formula_or_a_character_a_workbook_refuses(
    tmp_path: Path,
) -> None:
    hostile = ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1+cmd", "-2+3"]
    url = build(tmp_path / "h.db", [company(f"F{i}", n) for i, n in enumerate(hostile)])
    src = tmp_path / "in.csv"
    src.write_text("id\n" + "".join(f"F{i}\n" for i in range(4)), encoding="utf-8")
    for name in ("o.csv", "o.xlsx"):
        out = tmp_path / name
        r = run(url, "screen", str(src), "--out", str(out), "--as-of", "2026-01-01")
        assert r.exit_code == 0, r.output
        if name.endswith(".csv"):
            with out.open(encoding="utf-8-sig") as fh:
                got = [w["matched_name"] for w in csv.DictReader(fh)]
        else:
            ws = openpyxl.load_workbook(out).active
            header = [c.value for c in ws[1]]
            col = header.index("matched_name")
            cells = [row[col] for row in ws.iter_rows(min_row=2)]
            assert {c.data_type for c in cells} == {"s"}
            got = [c.value for c in cells]
        assert got == ["'" + n for n in hostile]
    ctl = tmp_path / "ctl.csv"
    ctl.write_bytes(b"name\nAB\x01C\n")
    r = run(url, "screen", str(ctl), "--out", str(tmp_path / "z.xlsx"), "--as-of", "2026-01-01")
    assert r.exit_code == 0, r.output
    rows = list(openpyxl.load_workbook(tmp_path / "z.xlsx").active.iter_rows(values_only=True))
    assert rows[1][rows[0].index("input")] == "name=AB\ufffdC"


def test_screen_by_an_id_two_entities_carry_flags_it_and_names_the_others_statuses(
    tmp_path: Path,
) -> None:
    ogrn = "reg:ru-ogrn:1101841007938"
    url = build(
        tmp_path / "amb.db",
        [
            Node("A", NodeType.COMPANY, "CST LLC", ids=(ogrn,), provenance=prov("A")),
            Node("Z", NodeType.COMPANY, "Zala Aero", ids=(ogrn,), provenance=prov("Z")),
            Rel("l", RelType.LINKED_TO, "A", "Z", props={"decision": "pending"}),
            listed("A", LISTS["ofac"]),
            listed("Z", LISTS["eu"]),
            listed("Z", LISTS["uk"]),
        ],
    )
    src = tmp_path / "c.csv"
    src.write_text(f"id\n1101841007938\n{ogrn}\nA\n", encoding="utf-8")
    r = run(url, "screen", str(src), "--as-of", "2026-01-01", "--json")
    assert r.exit_code == 0, r.output
    by_bare, by_alias, by_own = json.loads(r.stdout)["rows"]
    for row in (by_bare, by_alias):
        assert row["matched_id"] == "A" and row["match_flags"] == "ambiguous"
        # The statuses stay A's own; the other entity's are in their own column.
        assert (row["status_ofac"], row["status_eu"]) == ("listed", "none")
        assert row["ambiguous_with"] == "Z (Zala Aero): eu=listed uk=listed"
    # A's own canonical id names A alone.
    assert by_own["match_flags"] == "" and by_own["ambiguous_with"] == ""


def test_exposure_and_screen_say_what_a_limit_left_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three owners with the ownership page at 2: a listed owner could be the one not
    read, so no command may pass the company as clean without saying a link was cut
    (stderr and --json for exposure, a column for screen)."""
    import graph.risk.subgraph as subgraph

    records = [company("T", "Target Trading Co"), *(company(f"O{i}") for i in range(3))]
    records += [owns(f"O{i}", "T", "1/3") for i in range(3)]
    records += [company("H"), *(company(f"S{i}") for i in range(3))]
    records += [owns("H", f"S{i}", "1") for i in range(3)]
    url = build(tmp_path / "g.db", records)
    whole = run(url, "exposure", "T", "--as-of", "2026-01-01")
    assert whole.exit_code == 0 and "note:" not in whole.stderr
    monkeypatch.setattr(subgraph, "PAGE", 2)
    text = run(url, "exposure", "T", "--as-of", "2026-01-01")
    assert text.exit_code == 0, text.output
    assert "note: T has more than 2 owners, controllers or listings" in text.stderr
    assert text.stdout.splitlines()[-1] == "no findings in what was read"
    data = json.loads(run(url, "exposure", "T", "--as-of", "2026-01-01", "--json").stdout)
    assert [x["reason"] for x in data["summary"]["incomplete"]] == ["links"]
    src = tmp_path / "in.csv"
    src.write_text("id\nT\nO0\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(url, "screen", str(src), "--out", str(out), "--as-of", "2026-01-01").exit_code == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert "more than 2 owners" in rows[0]["incomplete"]
    assert rows[1]["incomplete"] == ""
    # T's other holder of a shared name ties with it: its cut shows in ambiguous_with.
    records.append(company("T2", "Target Trading Co"))
    records += [owns(f"O{i}", "T2", "1/3") for i in range(3)]
    tied = build(tmp_path / "tied.db", records)
    src.write_text("name\nTarget Trading Co\n", encoding="utf-8")
    (row,) = json.loads(run(tied, "screen", str(src), "--json").stdout)["rows"]
    assert row["ambiguous_with"].endswith(": none (incomplete: 1 limit(s) reached)"), row
    # owners lists what it read, and says the rest was not.
    owners = run(url, "owners", "T", "--as-of", "2026-01-01", "--threshold", "0")
    assert owners.exit_code == 0
    assert "note: T has more than 2 owners, controllers or listings" in owners.stderr
    assert len(json.loads(run(url, "owners", "T", "--json").stdout)["incomplete"]) == 1
    assert json.loads(run(url, "subsidiaries", "O0", "--json").stdout)["incomplete"] == []
    subs = run(url, "subsidiaries", "H", "--as-of", "2026-01-01")
    assert "note: H has more than 2 holdings in force: the others were not read" in subs.stderr


def test_screen_shows_progress_on_a_terminal_only(
    graph: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A long list takes minutes: on a terminal a live line counts the rows, and ends
    with a newline so the table starts clean; piped, nothing."""
    import ui.cli_screen
    from ui.cli_screen import progress_line

    assert progress_line(False) is None
    show = progress_line(True, every=3600)
    assert show is not None
    for done in (1, 2, 3):
        show(done, 3)
    # The first row shows at once, the second waits for the interval, the last ends it.
    assert capsys.readouterr().err == "\rscreened 1 of 3 rows\rscreened 3 of 3 rows\n"

    src = tmp_path / "in.csv"
    src.write_text("name\nXenon Holdings\nPilot Partner\n", encoding="utf-8")
    piped = run(graph, "screen", str(src), "--as-of", "2026-01-01")
    assert "screened" not in piped.stderr
    monkeypatch.setattr(ui.cli_screen, "_tty", lambda: True)
    r = run(graph, "screen", str(src), "--as-of", "2026-01-01")
    assert r.exit_code == 0 and r.stderr.endswith("screened 2 of 2 rows\n"), r.stderr


def test_screen_says_how_many_tied_entities_it_did_not_screen(tmp_path: Path) -> None:
    """Eight companies tie on the best score: the row gives the statuses of the first
    five others (MAX_OTHERS) and says how many more there are, never just drops them."""
    from graph.risk.screening import MAX_OTHERS

    url = build(tmp_path / "t.db", [company(f"A{i}", "Acme Trading Co") for i in range(8)])
    src = tmp_path / "in.csv"
    src.write_text("name\nAcme Trading Co\n", encoding="utf-8")
    (row,) = json.loads(run(url, "screen", str(src), "--json").stdout)["rows"]
    parts = row["ambiguous_with"].split("; ")
    assert len(parts) == MAX_OTHERS + 1 and parts[-1] == f"{7 - MAX_OTHERS} more not screened"
    assert "8 entities score the same" in row["match_explanation"]
