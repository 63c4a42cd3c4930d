"""The OFAC SDN reader against the real ``sdn.csv``: identifiers and aliases written in
the remarks.  Expected values come from the raw file with this module's own regexes."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.model import Node, NodeType, Rel, RelType
from graph.risk.exposure import exposure
from graph.risk.regime_report import regime_report
from graph.risk.screening import screen
from graph.risk.subgraph import resolve_id
from graph.store.sqlite import SQLiteStore
from graph.uscc import validate_uscc
from loaders.ofac_sdn import read_ofac_sdn
from loaders.pipeline import load
from loaders.records import Quarantined, Warned
from tests.loaders.conftest import DATA


def sdn_rows(data: Path) -> dict[str, list[str]]:
    with (data / "ofac-sdn" / "sdn.csv").open(encoding="utf-8") as fh:
        return {r[0]: r for r in csv.reader(fh) if len(r) == 12}


def sdn_nodes(data: Path) -> dict[str, Node]:
    recs = read_ofac_sdn(data / "ofac-sdn" / "sdn.csv")
    return {r.id: r for r in recs if isinstance(r, Node) and r.id.startswith("ofac:")}


# -- Chinese identifiers in the remarks ---------------------------------------------

# Both spellings OFAC uses for the USCC: "Unified Social Credit Code (USCC)" and, on
# seven entries, "United Social Credit Code Certificate (USCCC)".
USCC_LABEL = re.compile(r"Social Credit Code(?: Certificate)? \(USCCC?\) ([0-9A-Z]{18}) \(China\)")


def test_every_uscc_spelling_becomes_an_id(data: Path) -> None:
    rows = sdn_rows(data)
    expected = {
        (ent, f"uscc:{code}")
        for ent, r in rows.items()
        for code in USCC_LABEL.findall(r[11])
        if validate_uscc(code).valid
    }
    certificate = {ent for ent, r in rows.items() if "(USCCC)" in r[11]}
    assert certificate == {"23063", "27025", "27029", "28348", "28363", "28650", "28654"}
    assert len(expected) == 91  # 84 "Unified ... (USCC)" + 7 "United ... (USCCC)"
    nodes = sdn_nodes(data)
    got = {(n.id[5:], i) for n in nodes.values() for i in n.ids if i.startswith("uscc:")}
    assert expected <= got
    wuhan = nodes["ofac:23063"]
    assert wuhan.name == "WUHAN SANJIANG IMPORT AND EXPORT CO. LTD"
    assert {"uscc:91420112711981060J", "org:71198106-0"} <= set(wuhan.ids)


@pytest.mark.parametrize(
    ("ent", "label", "alias"),
    [
        # A USCC written under a registration label: it passes GB 32100, so it is one.
        ("27024", "Business Registration Number", "uscc:91350400MA32K7W49G"),
        ("27031", "Registration ID", "uscc:91320594MA1MAHHR9W"),
        ("48019", "Registration Number", "uscc:911101143979147669"),
        # GB 11714 organization codes (check digit verified by hand: 7924703 0 -> 9).
        ("36023", "Organization Code", "org:79247030-9"),
        ("40213", "Organization Code", "org:25986196-9"),
        ("41127", "Organization Code", "org:79130139-4"),
    ],
)
def test_chinese_ids_under_other_labels(data: Path, ent: str, label: str, alias: str) -> None:
    raw = sdn_rows(data)[ent][11]
    code = alias.split(":", 1)[1].replace("-", "")
    assert f"{label} {code} (China)" in raw
    assert alias in sdn_nodes(data)[f"ofac:{ent}"].ids


# Any registration label, any country after it or none: the test's own reading.
REGISTRATION = re.compile(
    r"(?:Business Registration Number|Registration Number|Registration ID) ([0-9A-Z]+)"
)


def test_a_registration_number_passing_every_uscc_check_is_one_whatever_the_country(
    data: Path,
) -> None:
    rows = sdn_rows(data)
    expected = {
        (ent, f"uscc:{code}")
        for ent, r in rows.items()
        for code in REGISTRATION.findall(r[11])
        if len(code) == 18 and validate_uscc(code).issue is None
    }
    # ent 26244 writes its USCC with no "(China)" after it.
    assert ("26244", "uscc:91210200242663544B") in expected
    assert "Registration Number 91210200242663544B." in rows["26244"][11]
    nodes = sdn_nodes(data)
    got = {(n.id[5:], i) for n in nodes.values() for i in n.ids if i.startswith("uscc:")}
    assert expected <= got
    assert "org:24266354-4" in nodes["ofac:26244"].ids  # the organization code inside it


def test_a_chinese_registration_number_that_is_no_uscc_stays_out(data: Path) -> None:
    # 312106037714354404 fails the USCC check character (expected A), and 15-digit
    # registration numbers have no scheme in credgraph: neither becomes an alias.
    node = sdn_nodes(data)["ofac:24518"]
    assert "312106037714354404" in sdn_rows(data)["24518"][11]
    assert not any("312106037714354404" in i for i in node.ids)


def test_uscc_certificate_resolves_in_the_store(sdn_store: SQLiteStore) -> None:
    assert resolve_id(sdn_store, "91420112711981060J") == "ofac:23063"
    assert resolve_id(sdn_store, "91350400MA32K7W49G") == "ofac:27024"
    assert resolve_id(sdn_store, "91210200242663544B") == "ofac:26244"


# -- aliases in the remarks -----------------------------------------------------------

# The test's own reading of OFAC's remarks: "a.k.a. 'NAME'" (also f.k.a., n.k.a.), the
# name running to the quote that ends the remark (before "; " or the final full stop).
# Names carry apostrophes ("ABU-'UMAR") and nicknames in their own quotes
# (''FOOPIE'').  OFAC cuts remarks at 1000 characters: three end inside an alias.
AKA = re.compile(r"([afn])\.k\.a\. '(.+?)'(?=;|\.?$)")
OPENED = re.compile(r"[afn]\.k\.a\. '")


def raw_aliases(rows: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for ent, r in rows.items():
        got = [
            (f"{k}ka", n[1:-1] if len(n) > 2 and n[0] == n[-1] == "'" else n)
            for k, n in AKA.findall(r[11].strip())
        ]
        if got:
            out[ent] = got
    return out


def test_remark_aliases_counts(data: Path) -> None:
    rows = sdn_rows(data)
    expected = raw_aliases(rows)
    opened = sum(len(OPENED.findall(r[11])) for r in rows.values())
    total = sum(len(v) for v in expected.values())
    assert total == opened - 3 == 3663  # 3575 a.k.a., 87 f.k.a., 1 n.k.a.; 3 cut off
    assert len(expected) == 2100
    nodes = sdn_nodes(data)
    for ent, pairs in expected.items():
        node = nodes[f"ofac:{ent}"]
        kept = [(a["type"], a["name"]) for a in node.props["aliases"]]
        assert kept == list(dict.fromkeys(pairs)), ent
        assert all(a["weak"] for a in node.props["aliases"])
        assert {n for _, n in pairs} - {node.name} <= set(node.names), ent


@pytest.mark.parametrize(
    ("ent", "aliases"),
    [
        ("45928", [("aka", "OOO TSST"), ("aka", "LIMITED LIABILITY COMPANY CST")]),
        ("35337", [("aka", "NPO IZHBS"), ("aka", "OOO NPO IZHBS")]),
        ("37798", [("aka", "AO NII SVT"), ("aka", "NII SVT PAO")]),
        ("6925", [("aka", "AHMED, A."), ("aka", "KHABAR, Abu"), ("aka", "BAKR, Abu"),
                  ("aka", "FOOPIE"), ("aka", "FUPI"), ("aka", "AHMED THE TANZANIAN")]),
        ("6368", [("aka", "'ABD-AL-'IZ"), ("aka", "ABU YASIR")]),
        ("21040", [("aka", "SUE RC 'KMP'")]),
        ("4694", [("aka", "IG"), ("aka", "GI")]),
    ],
)  # fmt: skip
def test_remark_aliases_by_hand(data: Path, ent: str, aliases: list[tuple[str, str]]) -> None:
    node = sdn_nodes(data)[f"ofac:{ent}"]
    assert [(a["type"], a["name"]) for a in node.props["aliases"]] == aliases
    assert [n for _, n in aliases] == list(node.names)


def test_former_and_now_known_as_keep_their_kind(data: Path) -> None:
    rows = sdn_rows(data)
    nodes = sdn_nodes(data)
    lgok = next(e for e, r in rows.items() if "n.k.a. 'LGOK'" in r[11])
    assert {"type": "nka", "name": "LGOK", "weak": True} in nodes[f"ofac:{lgok}"].props["aliases"]
    fka = next(e for e, r in rows.items() if "f.k.a. 'GUADALAJARA CARTEL'" in r[11])
    node = nodes[f"ofac:{fka}"]
    assert {"type": "fka", "name": "GUADALAJARA CARTEL", "weak": True} in node.props["aliases"]
    assert "GUADALAJARA CARTEL" in node.names  # a former name is screened too


def test_cut_off_alias_is_reported_not_indexed(data: Path) -> None:
    recs = list(read_ofac_sdn(data / "ofac-sdn" / "sdn.csv"))
    cut = [r for r in recs if isinstance(r, Warned) and "alias" in r.reason]
    assert sorted(w.record_id for w in cut) == ["ofac:27307", "ofac:28263", "ofac:47682"]
    lazarus = next(r for r in recs if isinstance(r, Node) and r.id == "ofac:27307")
    assert "THE NEW ROMANTIC CYBER ARMY TEAM" in lazarus.names
    assert not any(n.startswith("WHOIS") for n in lazarus.names)


def test_alt_csv_and_remarks_do_not_duplicate(data: Path, tmp_path: Path) -> None:
    rows = sdn_rows(data)
    with (tmp_path / "sdn.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows["45928"], rows["35337"]])
    # alt.csv repeats one remark alias and adds one of its own.
    (tmp_path / "alt.csv").write_text(
        '45928,1,"aka","OOO TSST",-0- \n45928,2,"fka","A LEVEL CST",-0- \n', encoding="utf-8"
    )
    nodes = {r.id: r for r in read_ofac_sdn(tmp_path / "sdn.csv") if isinstance(r, Node)}
    cst = nodes["ofac:45928"]
    assert list(cst.names) == ["OOO TSST", "A LEVEL CST", "LIMITED LIABILITY COMPANY CST"]
    assert cst.props["aliases"] == [
        {"type": "aka", "name": "OOO TSST"},
        {"type": "fka", "name": "A LEVEL CST"},
        {"type": "aka", "name": "LIMITED LIABILITY COMPANY CST", "weak": True},
    ]
    assert list(nodes["ofac:35337"].names) == ["NPO IZHBS", "OOO NPO IZHBS"]


@pytest.fixture(scope="module")
def sdn_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    if not DATA.is_dir():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    url = f"sqlite:///{tmp_path_factory.mktemp('sdn')}/graph.db"
    with SQLiteStore.from_url(url) as s:
        load(s, "ofac-sdn", [DATA / "ofac-sdn" / "sdn.csv"])
        yield s


@pytest.mark.parametrize(
    ("query", "ent"),
    [("NPO IZHBS", "35337"), ("AO NII SVT", "37798"), ("ELIX M", "47930"),
     ("USC LTD", "48441"), ("LLC EDS", "45956"), ("OOO TSST", "45928")],
)  # fmt: skip
def test_search_and_screening_find_remark_aliases(
    sdn_store: SQLiteStore, query: str, ent: str
) -> None:
    assert f"ofac:{ent}" in [h.id for h in sdn_store.search(query, limit=5)]
    (row,) = screen(sdn_store, ["name"], [[query]], date(2025, 1, 1))
    assert row.match.entity_id == f"ofac:{ent}" and row.match.score == 1.0


def test_show_lists_the_remark_aliases(sdn_store: SQLiteStore) -> None:
    node = sdn_store.get("ofac:45928")
    assert node is not None
    assert {"OOO TSST", "LIMITED LIABILITY COMPANY CST"} <= set(node.names)


# -- SDNs under 15 CFR 744.8(a)(1): also BIS listings ------------------------------------


def test_npwmd_entries_are_also_on_the_bis_744_8_list(data: Path) -> None:
    rows = sdn_rows(data)
    npwmd = {e for e, r in rows.items() if "NPWMD" in re.split(r"\] \[", r[3].strip(" []"))}
    assert len(npwmd) == 943
    recs = list(read_ofac_sdn(data / "ofac-sdn" / "sdn.csv"))
    listed = [r for r in recs if isinstance(r, Rel) and r.type is RelType.LISTED_ON]
    on_sdn = {r.src for r in listed if r.dst == "list:US_OFAC_SDN"}
    on_bis = [r for r in listed if r.dst == "list:US_BIS_SDN_744_8"]
    assert on_sdn == {f"ofac:{e}" for e in rows}  # every entry stays an OFAC listing
    assert sorted(r.src for r in on_bis) == sorted(f"ofac:{e}" for e in npwmd)
    wuhan = next(r for r in on_bis if r.src == "ofac:23063")
    assert wuhan.props["programs"] == ["NPWMD", "IFSR"]
    assert [(p.source, p.record_id) for p in wuhan.provenance] == [("us_ofac_sdn", "23063")]
    lists = [r for r in recs if isinstance(r, Node) and r.type is NodeType.LIST]
    assert {(n.id, n.props["regime"]) for n in lists} == {
        ("list:US_OFAC_SDN", "ofac"),
        ("list:US_BIS_SDN_744_8", "bis"),
    }


def test_bis_regime_lists_every_npwmd_sdn(sdn_store: SQLiteStore, data: Path) -> None:
    rows = sdn_rows(data)
    npwmd = sum("NPWMD" in r[3] for r in rows.values())
    rep = regime_report(sdn_store, "bis", date(2025, 10, 1))
    assert rep["counts"]["listed"] == npwmd == 943
    (wuhan,) = [e for e in rep["entities"] if e["id"] == "ofac:23063"]
    assert "744.8(a)(1)" in wuhan["explanation"]
    ofac = exposure(sdn_store, "ofac:45928", date(2025, 10, 1)).statuses()
    assert (ofac["ofac"], ofac["bis"]) == ("listed", "none")  # RUSSIA-EO14024 only


def test_a_bad_alt_or_add_row_is_quarantined_not_dropped(data: Path, tmp_path: Path) -> None:
    rows = sdn_rows(data)
    with (tmp_path / "sdn.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows["45928"]])
    (tmp_path / "alt.csv").write_text(
        '45928,1,"aka"\nX1,2,"aka","NAME",-0- \n\x1a\n', encoding="utf-8"
    )
    (tmp_path / "add.csv").write_text("45928,1\n", encoding="utf-8")
    bad = [
        (q.file.split("/")[-1], q.line_or_record_id, q.reason)
        for q in read_ofac_sdn(tmp_path / "sdn.csv")
        if isinstance(q, Quarantined)
    ]
    assert bad == [
        ("alt.csv", 1, "wrong field count"),
        ("alt.csv", 2, "entry number is not a number"),
        ("add.csv", 1, "wrong field count"),
    ]
