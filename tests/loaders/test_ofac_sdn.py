"""The OFAC SDN reader against the real ``sdn.csv``: identifiers and aliases written in
the remarks.  Expected values come from the raw file with this module's own regexes."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph.model import Node
from graph.risk.subgraph import resolve_id
from graph.store.sqlite import SQLiteStore
from graph.uscc import validate_uscc
from loaders.ofac_sdn import read_ofac_sdn
from loaders.pipeline import load


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


def test_a_chinese_registration_number_that_is_no_uscc_stays_out(data: Path) -> None:
    # 312106037714354404 fails the USCC check character (expected A), and 15-digit
    # registration numbers have no scheme in credgraph: neither becomes an alias.
    node = sdn_nodes(data)["ofac:24518"]
    assert "312106037714354404" in sdn_rows(data)["24518"][11]
    assert not any("312106037714354404" in i for i in node.ids)


def test_uscc_certificate_resolves_in_the_store(data: Path, store: SQLiteStore) -> None:
    load(store, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
    assert resolve_id(store, "91420112711981060J") == "ofac:23063"
    assert resolve_id(store, "91350400MA32K7W49G") == "ofac:27024"
