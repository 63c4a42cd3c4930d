"""GLEIF reader: LEI, relationship and reporting-exception files, XML and JSON.

Expected values come from parsing the files here (``ElementTree`` over the whole
document, ``json``), never from the reader's output.
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from graph.lei import lei_check_digits
from graph.model import Node, NodeType, Rel, RelType
from graph.store.sqlite import SQLiteStore
from loaders.gleif import read_gleif
from loaders.pipeline import load
from loaders.records import Stub, Warned


def folder(data: Path) -> Path:
    return data / "gleif-bodspipelines"


def js(data: Path, name: str) -> list[dict[str, Any]]:
    return list(json.loads((folder(data) / name).read_text(encoding="utf-8")))


def xml_all(data: Path, name: str, tag: str) -> list[ET.Element]:
    root = ET.parse(folder(data) / name).getroot()
    return [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] == tag]


def child(el: ET.Element, *path: str) -> str:
    for step in path:
        nxt = next((c for c in el if c.tag.rsplit("}", 1)[-1] == step), None)
        if nxt is None:
            return ""
        el = nxt
    return (el.text or "").strip()


def nodes_of(path: Path) -> dict[str, Node]:
    return {r.id: r for r in read_gleif(path) if isinstance(r, Node)}


def test_lei_records_xml_and_json(data: Path) -> None:
    records = xml_all(data, "lei-data.xml", "LEIRecord")
    from_xml = nodes_of(folder(data) / "lei-data.xml")
    from_json = nodes_of(folder(data) / "lei-data.json")
    assert len(from_xml) == len(records) == len(js(data, "lei-data.json"))
    for el in records:
        lei = child(el, "LEI")
        node = from_xml[f"lei:{lei}"]
        assert node.type is NodeType.COMPANY
        assert node.name == child(el, "Entity", "LegalName")
        assert node.props["jurisdiction"] == child(el, "Entity", "LegalJurisdiction")
        assert node.props["entity_status"] == child(el, "Entity", "EntityStatus")
        assert node.props["registration_status"] == child(el, "Registration", "RegistrationStatus")
        assert node.props["country"] == child(el, "Entity", "LegalAddress", "Country").lower()
        others = [
            (o.text or "").strip()
            for o in el.iter()
            if o.tag.endswith("}OtherEntityName")
            or o.tag.endswith("}TransliteratedOtherEntityName")
        ]
        assert set(node.names) == set(others)
        ra = child(el, "Entity", "RegistrationAuthority", "RegistrationAuthorityEntityID")
        if ra:
            ra_id = child(el, "Entity", "RegistrationAuthority", "RegistrationAuthorityID")
            assert f"reg:{ra_id}:{ra}" in node.ids
        assert "lei_valid" not in node.props  # all real LEIs pass their check digits
    for rec in js(data, "lei-data.json"):
        a, b = from_xml[f"lei:{rec['LEI']}"], from_json[f"lei:{rec['LEI']}"]
        assert (a.name, a.names, a.ids) == (b.name, b.names, b.ids)
        assert (
            a.props["jurisdiction"] == b.props["jurisdiction"] == rec["Entity"]["LegalJurisdiction"]
        )


def test_consolidation_parents_become_controls(data: Path) -> None:
    raw = js(data, "rr-data.json")
    for name in ("rr-data.xml", "rr-data.json"):
        recs = list(read_gleif(folder(data) / name))
        rels = [r for r in recs if isinstance(r, Rel)]
        assert len(rels) == len(raw) == len(xml_all(data, "rr-data.xml", "RelationshipRecord"))
        controls = [r for r in rels if r.type is RelType.CONTROLS]
        want = [r for r in raw if "CONSOLIDATED_BY" in r["Relationship"]["RelationshipType"]]
        assert len(controls) == len(want) > 0
        for rec in want:
            rel = rec["Relationship"]
            parent, kid = rel["EndNode"]["NodeID"], rel["StartNode"]["NodeID"]
            got = next(c for c in controls if c.src == f"lei:{parent}" and c.dst == f"lei:{kid}")
            direct = rel["RelationshipType"] == "IS_DIRECTLY_CONSOLIDATED_BY"
            assert got.props["kind"] == (
                "accounting_consolidation_direct" if direct else "accounting_consolidation_ultimate"
            )
            period = next(
                p for p in rel["RelationshipPeriods"] if p["PeriodType"] == "RELATIONSHIP_PERIOD"
            )
            assert got.start is not None and got.start.isoformat() == period["StartDate"][:10]
            assert got.props["status"] == rel["RelationshipStatus"].lower()
        others = [r for r in rels if r.type is RelType.LINKED_TO]
        assert {r.props["kind"] for r in others} == {"fund_managed_by", "subfund_of"}
        ends = {n["Relationship"][k]["NodeID"] for n in raw for k in ("StartNode", "EndNode")}
        assert {s.node.id for s in recs if isinstance(s, Stub)} == {f"lei:{e}" for e in ends}


def test_reporting_exceptions_are_facts_on_the_company(data: Path, tmp_path: Path) -> None:
    raw = js(data, "repex-data.json")
    assert len(raw) == len(xml_all(data, "repex-data.xml", "Exception"))
    lei_file, repex = folder(data) / "lei-data.xml", folder(data) / "repex-data.xml"
    names = {n.id: n.name for n in nodes_of(lei_file).values()}
    for order in ([lei_file, repex], [repex, lei_file]):
        db = tmp_path / f"{order[0].stem}.db"
        with SQLiteStore.from_url(f"sqlite:///{db}") as store:
            for path in order:  # two loads: the store merges, whatever came first
                load(store, "gleif", [path], quarantine_path=tmp_path / "q.jsonl")
            for rec in raw:
                node = store.get(f"lei:{rec['LEI']}")
                assert node is not None
                assert node.props["reporting_exceptions"] == [
                    {"category": rec["ExceptionCategory"], "reason": [rec["ExceptionReason"]]}
                ]
                if node.id in names:
                    assert node.name == names[node.id]  # the nameless fact never renames


def test_invalid_lei_is_kept_and_flagged(tmp_path: Path) -> None:
    good = "506700GE1G29325QX3" + lei_check_digits("506700GE1G29325QX3")
    bad = good[:-2] + ("00" if good[-2:] != "00" else "01")
    recs = [
        {"LEI": lei, "Entity": {"LegalName": f"Firm {i}"}, "Registration": {}}
        for i, lei in enumerate((good, bad))
    ]
    path = tmp_path / "lei.gz"  # gzip told by content, JSON lines told by content
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in recs).encode()))
    out = list(read_gleif(path))
    nodes = {r.id: r for r in out if isinstance(r, Node)}
    assert "lei_valid" not in nodes[f"lei:{good}"].props
    flagged = nodes[f"lei:{bad}"]
    assert flagged.props["lei_valid"] is False and flagged.props["lei_issue"] == "bad_check"
    assert any(isinstance(w, Warned) and w.record_id == bad for w in out)


def test_double_load_into_sqlite_changes_nothing(data: Path, tmp_path: Path) -> None:
    paths = [folder(data) / n for n in ("lei-data.xml", "rr-data.xml", "repex-data.xml")]
    rr = js(data, "rr-data.json")
    leis = {r["LEI"] for r in js(data, "lei-data.json")} | {
        r["LEI"] for r in js(data, "repex-data.json")
    }
    ends = {n["Relationship"][k]["NodeID"] for n in rr for k in ("StartNode", "EndNode")}
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        first = load(store, "gleif", paths, quarantine_path=tmp_path / "q.jsonl")
        stats = store.stats().to_dict()
        second = load(store, "gleif", paths, quarantine_path=tmp_path / "q.jsonl")
        assert store.stats().to_dict() == stats
    assert stats["nodes"]["Company"] == len(leis | ends)
    assert first.stubs == len(ends - leis) and second.stubs == 0
    assert sum(stats["relationships"].values()) == len(rr)
    assert first.skipped_total == second.skipped_total == 0
