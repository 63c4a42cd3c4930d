"""Name candidates: an exact name match is always proposed, however many entities
share the name's longest word (``Store.exact_names`` before the fuzzy search)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.model import Node, NodeType, Provenance
from graph.names import normalise
from graph.store.sqlite import SQLiteStore
from loaders.candidates import HITS, find_candidates, score
from loaders.matches import list_matches
from loaders.pipeline import load

NAME = "ZAKHAROV, Lavrentii Aleksandrovich"


def _person(nid: str, name: str, source: str) -> Node:
    return Node(nid, NodeType.PERSON, name, provenance=(Provenance(source, nid),))


def test_an_exact_name_is_found_past_the_fuzzy_search_cap(store: SQLiteStore) -> None:
    # Shorter names sharing the longest word rank first in a search for it and fill
    # every one of its hits (same-source hits are dropped only after).
    decoys = [_person(f"ofac:{k}", f"Ivan{k} Aleksandrovich", "ofac") for k in range(HITS + 5)]
    store.upsert_nodes([*decoys, _person("ofac:46004", NAME, "ofac")])
    store.upsert_nodes([_person("ftm:NK-h", NAME, "opensanctions")])
    assert ("ftm:NK-h", "ofac:46004") in {(c.a, c.b) for c in find_candidates(store, ["ftm:NK-h"])}


def test_an_exact_name_in_another_word_order_is_found(store: SQLiteStore) -> None:
    decoys = [_person(f"ofac:{k}", f"Ivan{k} Aleksandrovich", "ofac") for k in range(HITS + 5)]
    store.upsert_nodes([*decoys, _person("ofac:46004", NAME, "ofac")])
    store.upsert_nodes([_person("ftm:x", "Lavrentii Aleksandrovich Zakharov", "opensanctions")])
    assert "ofac:46004" in {c.b for c in find_candidates(store, ["ftm:x"])}


SPACED, PACKED = "北京 鸿运 达 科技有限公司", "北京鸿运达科技有限公司"


@pytest.mark.parametrize(("first", "then"), [(SPACED, PACKED), (PACKED, SPACED)])
def test_chinese_names_apart_only_by_spaces_meet_in_either_load_order(
    tmp_path: Path, store: SQLiteStore, first: str, then: str
) -> None:
    for folder, name in (("sA", first), ("sB", then)):
        d = tmp_path / folder
        d.mkdir()
        (d / "entities.csv").write_text(
            f"id,type,name,names,uscc,lei,country,status\nc1,Company,{name},,,,cn,\n", "utf-8"
        )
        load(store, "bundle", [d])
    (row,) = list_matches(store)
    assert {row["a_name"], row["b_name"]} == {SPACED, PACKED}
    assert row["decision"] == "pending"


def test_a_spaced_chinese_name_is_looked_up_without_its_spaces(store: SQLiteStore) -> None:
    # Past the search's cap: only an exact lookup finds an identical name there.
    decoys = [
        Node(
            f"r:{k}",
            NodeType.COMPANY,
            f"北京鸿运达科技{k}",
            provenance=(Provenance("r", "x"),),
        )
        for k in range(HITS + 5)
    ]
    store.upsert_nodes(
        [*decoys, Node("r:p", NodeType.COMPANY, PACKED, provenance=(Provenance("r", "p"),))]
    )
    store.upsert_nodes([Node("b:s", NodeType.COMPANY, SPACED, provenance=(Provenance("b", "s"),))])
    assert "r:p" in {c.a for c in find_candidates(store, ["b:s"])} | {
        c.b for c in find_candidates(store, ["b:s"])
    }


def _identical_names(data: Path) -> list[tuple[str, str]]:
    """(ftm:<id>, ofac:<ent_num>) for every FtM entity one of whose names is exactly an
    SDN entry's primary name, read from the raw files."""
    sdn: dict[str, list[str]] = {}
    with (data / "ofac-sdn" / "sdn.csv").open(encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            if len(row) == 12:
                sdn.setdefault(row[1].strip(), []).append(row[0])
    out = []
    ftm = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    for line in ftm.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        if e["schema"] in ("Person", "Company", "Organization", "LegalEntity"):
            for name in e["properties"].get("name", []):
                out += [(f"ftm:{e['id']}", f"ofac:{ent}") for ent in sdn.get(name, [])]
    return out


def test_every_real_identical_name_pair_is_merged_or_proposed(
    data: Path, store: SQLiteStore
) -> None:
    pairs = _identical_names(data)
    assert ("ftm:NK-hUAjuiA3vTKXF6v2X6MYnS", "ofac:46004") in pairs
    load(store, "ofac-sdn", [data / "ofac-sdn" / "sdn.csv"])
    load(store, "ftm", [data / "ftm-opensanctions-zala" / "entities.ftm.json"])
    proposed = {frozenset((m["a"], m["b"])) for m in list_matches(store, pending_only=True)}
    for ftm_id, ofac_id in pairs:
        a, b = store.resolve(ftm_id), store.resolve(ofac_id)
        assert a is not None and b is not None
        assert a == b or frozenset((a, b)) in proposed, (ftm_id, ofac_id)


def test_score_features_follow_the_stored_pair_order_not_the_comparison() -> None:
    a = Node(
        "z:1",
        NodeType.COMPANY,
        "甲公司",
        props={"country": "cn"},
        provenance=(Provenance("zs", "1"),),
    )
    b = Node(
        "a:1",
        NodeType.COMPANY,
        "甲有限公司",
        props={"country": "ru"},
        provenance=(Provenance("as", "1"),),
    )
    ka, kb = normalise(a.name), normalise(b.name)
    for c in (score(a, b, ka, kb), score(b, a, kb, ka)):
        assert (c.a, c.b) == ("a:1", "z:1")
        assert c.features["sources"] == [["as"], ["zs"]]
        assert c.features["different_country"] == [["ru"], ["cn"]]
