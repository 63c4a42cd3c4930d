"""The BIS MIEU and DoD Section 1286 readers; expected counts derived here with csv."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Rel, RelType
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.us_lists import read_bis_mieu, read_ndaa_1286, read_us_list
from ui.cli import main

MIEU_HEADER = "Type,Name,Alias,Country,Topics,Program,Date,End date,Source URL"
NDAA_HEADER = (
    "schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,"
    "country,notes,source_url"
)
# The Section 1286 file's country names, as ISO codes (written out here, not looked up).
COUNTRY = {"China": "cn", "Russia": "ru", "Iran": "ir"}


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def mieu(data: Path) -> Path:
    return data / "us-bis-mieu" / "mieu.csv"


def ndaa(data: Path) -> Path:
    return data / "us-ndaa-section-1286" / "section_1286.csv"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fold(name: str) -> str:
    """The same institution across reports: spelling aside from case, spaces and
    punctuation (the reports write "Sun Yat-sen" and "Sun Yat-Sen", ' and ’)."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKD", name).casefold())


def institutions(rows: list[dict[str, str]]) -> list[set[str]]:
    """Folded names grouped by institution: one group per name, joined when a row's
    alias is another row's name (later reports keep a renamed institution's old name
    as an alias), and when two names agree once an acronym in brackets is left out
    ("Institute of Solid-State Physics of the Russian Academy of Sciences (ISSP)" in
    FY2022-23, without "(ISSP)" from FY2024)."""
    names = {fold(r["name"]) for r in rows}
    groups = [{n} for n in names]
    links = [
        (fold(r["name"]), fold(a))
        for r in rows
        for a in r["aliases"].split(";")
        if a.strip() and fold(a) in names
    ]
    bare: dict[str, str] = {}
    for r in rows:
        short = fold(re.sub(r"\([A-Z]{2,}\)", "", r["name"]))
        links.append((fold(r["name"]), bare.setdefault(short, fold(r["name"]))))
    changed = True
    while changed:
        changed = False
        for a, b in links:
            ga = next(g for g in groups if a in g)
            gb = next(g for g in groups if b in g)
            if ga is not gb:
                ga |= gb
                groups.remove(gb)
                changed = True
    return groups


def nodes(recs: list[Record], ntype: NodeType = NodeType.COMPANY) -> list[Node]:
    return [r for r in recs if isinstance(r, Node) and r.type is ntype]


def node_of_row(recs: list[Record], rows: list[dict[str, str]]) -> dict[str, Node]:
    """Folded row name -> the node carrying that name (exactly one)."""
    row_names = {fold(r["name"]) for r in rows}
    out: dict[str, Node] = {}
    for n in nodes(recs):
        for name in n.all_names:
            if fold(name) in row_names:
                assert out.setdefault(fold(name), n) is n, name
    assert set(out) == row_names
    return out


def listings(recs: list[Record]) -> list[Rel]:
    return [r for r in recs if isinstance(r, Rel) and r.type is RelType.LISTED_ON]


def write(tmp_path: Path, name: str, header: str, *lines: str) -> Path:
    p = tmp_path / name
    p.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return p


# -- the real files ---------------------------------------------------------------------


def test_mieu_real_file(data: Path) -> None:
    rows = rows_of(mieu(data))
    recs = list(read_bis_mieu(mieu(data)))
    parties = nodes(recs)
    assert len(parties) == len({r["Name"] for r in rows}) == len(rows)
    assert {p.name for p in parties} == {r["Name"] for r in rows}
    listed = listings(recs)
    assert len(listed) == len(rows)
    assert {r.dst for r in listed} == {"list:US_BIS_MIEU"}
    by_name = {p.name: p for p in parties}
    start = {r.src: r.start for r in listed}
    for row in rows:
        p = by_name[row["Name"]]
        assert p.props["country"] == [row["Country"].lower()]
        assert start[p.id] == date.fromisoformat(row["Date"])
        assert set(p.names) == {a for a in row["Alias"].split(";") if a}
    (lst,) = [n for n in recs if isinstance(n, Node) and n.type is NodeType.LIST]
    assert lst.props["regime"] == "us" and lst.props["list_id"] == "US_BIS_MIEU"
    assert not any(isinstance(r, Quarantined | Warned) for r in recs)


def test_1286_one_node_per_institution_one_listing_per_report(data: Path) -> None:
    rows = rows_of(ndaa(data))
    groups = institutions(rows)
    recs = list(read_ndaa_1286(ndaa(data)))
    parties = nodes(recs)
    listed = listings(recs)
    assert len(parties) == len(groups)
    # Folding and renames join the reports' spellings: fewer nodes than names.
    assert len(groups) < len({fold(r["name"]) for r in rows}) < len({r["name"] for r in rows})
    assert len(listed) == len(rows) == len({r.id for r in listed})
    by_row = node_of_row(recs, rows)
    got = [{k for k, n in by_row.items() if n is p} for p in parties]
    assert sorted(map(sorted, got)) == sorted(map(sorted, groups))
    want_years: Counter[tuple[str, int]] = Counter(
        (by_row[fold(r["name"])].id, int(r["report-date"])) for r in rows
    )
    assert Counter((r.src, r.props["report_year"]) for r in listed) == want_years
    assert max(want_years.values()) == 2  # FY2024 listed "Moscow State University" twice
    assert max(Counter(src for src, _ in want_years).values()) == 4  # four reports
    # A renamed institution: the old name stays findable on the node.
    beihang = by_row[fold("Beihang University")]
    assert "Beijing University of Aeronautics and Astronautics" in beihang.all_names
    assert not any(isinstance(r, Quarantined) for r in recs)


def test_1286_countries_as_codes(data: Path) -> None:
    rows = rows_of(ndaa(data))
    named = {r["country"] for r in rows if r["country"]}
    assert named <= set(COUNTRY), named  # a new country name: add it above
    recs = list(read_ndaa_1286(ndaa(data)))
    by_row = node_of_row(recs, rows)
    want: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["country"]:
            want[by_row[fold(r["name"])].id].add(COUNTRY[r["country"]])
    parties = nodes(recs)
    for p in parties:
        assert set(p.props.get("country", [])) == want.get(p.id, set()), p.name
    assert {c for p in parties for c in p.props.get("country", [])} == set(COUNTRY.values())


# -- small files ------------------------------------------------------------------------


def test_header_decides_and_others_are_refused(tmp_path: Path) -> None:
    m = write(
        tmp_path,
        "m.csv",
        MIEU_HEADER,
        "Organization,Org A,,CN,export.control,US-BIS-MIEU,2021-03-16,,",
    )
    n = write(tmp_path, "n.csv", NDAA_HEADER, "Company,Univ B,,debarment,S1286,Congress,,2024,,,,,")
    assert {r.dst for r in listings(list(read_us_list(m)))} == {"list:US_BIS_MIEU"}
    assert {r.dst for r in listings(list(read_us_list(n)))} == {"list:US_DOD_1286"}
    with pytest.raises(InvalidInput, match="format ndaa-1286"):
        list(read_bis_mieu(n))
    with pytest.raises(InvalidInput, match="format bis-mieu"):
        list(read_ndaa_1286(m))
    wrong = write(tmp_path, "wrong.csv", "name,country,program", "X,CN,Y")
    with pytest.raises(InvalidInput) as err:
        list(read_us_list(wrong))
    msg = str(err.value)
    assert str(wrong) in msg and MIEU_HEADER in msg and NDAA_HEADER in msg
    with pytest.raises(InvalidInput) as err:
        list(read_ndaa_1286(wrong))
    assert str(wrong) in str(err.value) and NDAA_HEADER in str(err.value)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="empty"):
        list(read_us_list(empty))


def test_bad_rows_are_quarantined_and_odd_ones_warned(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "mieu.csv",
        MIEU_HEADER,
        "Organization,,NoName,CN,export.control,US-BIS-MIEU,2021-03-16,,",
        "Organization,Short Row,,CN",
        "",
        "Vessel?,Odd Schema,,CN,export.control,US-BIS-MIEU,2021-03-16,,",
        "Person,Jane Roe,,Narnia,export.control,US-BIS-MIEU,2021-03-16,2021-01-01,",
        "Organization,Org C,C;CC,CN;RU,export.control,US-BIS-MIEU,2021-3-16,2023,https://x",
    )
    recs = list(read_bis_mieu(p))
    quarantined = [
        (q.line_or_record_id, q.reason, q.kind) for q in recs if isinstance(q, Quarantined)
    ]
    assert quarantined == [
        (2, "no name", "Company"),
        (3, WRONG_WIDTH, "record"),
        (5, "schema not modelled", "record"),
    ]
    (person,) = nodes(recs, NodeType.PERSON)
    assert person.name == "Jane Roe" and person.props["country_raw"] == ["Narnia"]
    assert "country" not in person.props
    (org,) = nodes(recs)
    assert org.props["country"] == ["cn", "ru"] and org.names == ("C", "CC")
    by_src = {r.src: r for r in listings(recs)}
    assert by_src[person.id].end is None  # it ended before it started: end dropped
    assert by_src[org.id].start is None and by_src[org.id].props["start_raw"] == "2021-3-16"
    assert by_src[org.id].end == date(2024, 1, 1)
    assert sorted(w.reason for w in recs if isinstance(w, Warned)) == [
        "bad start date; dropped",
        "listing ends before it starts; end dropped",
        "partial end date; listing kept to its period's end",
        "unknown country; raw text kept",
    ]


def test_twice_in_one_report_is_one_listing_warned(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "s.csv",
        NDAA_HEADER,
        "Company,Univ B,UB,debarment,S1286,Congress,,2024,,,,,https://a",
        "Company,Univ  B ,,debarment,S1286,Congress,,2024,,,China,,https://a",
        "Company,Univ B,,debarment,S1286,Congress,,2025,,,China,,https://b",
    )
    recs = list(read_ndaa_1286(p))
    (node,) = nodes(recs)
    assert node.props["country"] == ["cn"]
    listed = listings(recs)
    assert len(listed) == 3 and len({r.id for r in listed}) == 2
    (w,) = [w for w in recs if isinstance(w, Warned)]
    assert w.reason == "listed twice in one report; listings merged" and w.line == 3


def test_renamed_institutions_are_one_node_keyed_by_the_first_name(tmp_path: Path) -> None:
    first = "Company,Old Name Institute,,debarment,S1286,Congress,,2023,,,,,"
    p = write(
        tmp_path,
        "s.csv",
        NDAA_HEADER,
        first,
        "Company,Middle Name Institute,Old Name Institute,debarment,S1286,Congress,,2024,,,,,",
        "Company,Lomonosov U,,debarment,S1286,Congress,,2024,,2026-07-23,,,",
        "Company,Moscow U,,debarment,S1286,Congress,,2024,,,,,",
        "Company,New Name Institute,Middle Name Institute,debarment,S1286,Congress,,2025,,,,,",
        "Company,Moscow U,Lomonosov U,debarment,S1286,Congress,,2025,,,,,",
    )
    recs = list(read_ndaa_1286(p))
    parties = {n.name: n for n in nodes(recs)}
    assert set(parties) == {"New Name Institute", "Moscow U"}
    assert parties["New Name Institute"].names == ("Middle Name Institute", "Old Name Institute")
    # The earliest row keys the node: the 2023 file alone gives the same id.
    (alone,) = nodes(list(read_ndaa_1286(write(tmp_path, "a.csv", NDAA_HEADER, first))))
    assert parties["New Name Institute"].id == alone.id
    # Two entries of one report (2024) stay two listings, each with its own end.
    msu = [r for r in listings(recs) if r.src == parties["Moscow U"].id]
    assert sorted((r.props["report_year"], str(r.end)) for r in msu) == [
        (2024, "2026-07-23"),
        (2024, "None"),
        (2025, "None"),
    ]
    assert not any(isinstance(r, Warned | Quarantined) for r in recs)


def test_ids_do_not_depend_on_the_source_name(tmp_path: Path) -> None:
    p = write(tmp_path, "n.csv", NDAA_HEADER, "Company,Univ B,,debarment,S1286,Congress,,2024,,,,,")
    a = nodes(list(read_ndaa_1286(p)))
    b = nodes(list(read_ndaa_1286(p, source="my-copy")))
    assert [n.id for n in a] == [n.id for n in b]
    assert b[0].provenance[0].source == "my-copy"


# -- through the pipeline and the CLI ---------------------------------------------------


def test_load_into_sqlite_twice_changes_nothing(data: Path, store: SQLiteStore) -> None:
    rows_m, rows_n = rows_of(mieu(data)), rows_of(ndaa(data))
    parties = len({r["Name"] for r in rows_m}) + len(institutions(rows_n))
    first = [load(store, "bis-mieu", [mieu(data)]), load(store, "ndaa-1286", [ndaa(data)])]
    stats = store.stats().to_dict()
    assert stats["nodes"]["Company"] == parties
    assert stats["nodes"]["List"] == 2
    assert stats["relationships"]["LISTED_ON"] == len(rows_m) + len(rows_n)
    assert sum(r.count("Company").written for r in first) == parties
    second = [load(store, "bis-mieu", [mieu(data)]), load(store, "ndaa-1286", [ndaa(data)])]
    assert store.stats().to_dict() == stats
    for r in second:
        assert r.count("Company").merged == r.count("Company").written > 0
        assert r.count("LISTED_ON").merged == r.count("LISTED_ON").written > 0
        assert r.skipped_total == 0
    for lid in ("list:US_BIS_MIEU", "list:US_DOD_1286"):
        lst = store.get(lid)
        assert lst is not None and lst.props["regime"] == "us"
    mabna = [r for r in rows_n if r["name"] == "Mabna Institute"]
    (hit,) = [h for h in store.search("Mabna Institute") if h.type is NodeType.COMPANY]
    rels, total = store.rels_of(hit.id, types=[RelType.LISTED_ON])
    assert total == len(mabna) and {r.end for r in rels} == {date(2026, 7, 23)}


def test_cli_loads_both_and_bis_sees_none_of_them(data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/g.db"

    def run(*args: str) -> dict:
        r = CliRunner().invoke(main, ["--store", url, *args, "--json"], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    q = str(tmp_path / "q.jsonl")
    rows_n = rows_of(ndaa(data))
    out = run("load", "ndaa-1286", str(ndaa(data)), "--quarantine", q)
    assert out["counts"]["Company"]["written"] == len(institutions(rows_n))
    assert out["counts"]["LISTED_ON"]["written"] == len(rows_n)
    out = run("load", "bis-mieu", str(mieu(data)), "--quarantine", q)
    assert out["counts"]["Company"]["written"] == len(rows_of(mieu(data)))
    # The 2024 report named CISS without Tsinghua (a note said "affiliated with
    # Tsinghua University"); the 2025 report's name and alias join the two.
    hits = run("search", "Tsinghua")
    tsinghua = {r["name"] for r in rows_n if "Tsinghua" in r["name"]}
    assert tsinghua <= {h["name"] for h in hits}
    (ciss,) = [h for h in hits if h["name"] in tsinghua]
    shown = run("show", ciss["id"])["node"]
    noted = [r for r in rows_n if "Tsinghua" in r["notes"]]
    assert noted and {r["name"] for r in noted} <= set(shown["names"])
    assert shown["props"]["notes"] == [r["notes"] for r in noted]
    # Neither list is one the BIS Affiliates Rule covers (DOMAIN.md §7.4).
    assert run("regime", "bis", "--as-of", "2025-10-15")["entities"] == []
    wrong = CliRunner().invoke(main, ["--store", url, "load", "bis-mieu", str(ndaa(data))])
    assert wrong.exit_code != 0 and "ndaa-1286" in wrong.output
