"""BODS reader: real DK/SK register slices and GLEIF conversions, plus 0.4 and range cases.

Expected counts come from parsing the JSON here with ``json``/``gzip``, never from
the reader's output.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.share import Share
from graph.store.sqlite import SQLiteStore
from loaders.bods import read_bods
from loaders.pipeline import load
from loaders.records import Quarantined, Stub, Warned

# The test's own reading of the codelist, kept apart from loaders.bods_map.
EXPECTED_TYPE = {
    "shareholding": RelType.OWNS,
    "voting-rights": RelType.CONTROLS,
    "other-influence-or-control": RelType.CONTROLS,
    "appointment-of-board": RelType.CONTROLS,
}


def raw_statements(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8").strip()
    if text.startswith("["):
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def real_files(data: Path) -> list[Path]:
    return [
        *sorted((data / "bods-oo-register-dk-sk").iterdir()),
        data / "gleif-bodspipelines" / "lei-data-out.json",
        data / "gleif-bodspipelines" / "rr-data-out.json",
    ]


def expected(stmts: list[dict[str, Any]]) -> dict[str, int]:
    replaced = {r for s in stmts for r in s.get("replacesStatements") or ()}
    ids = {s["statementID"] for s in stmts}
    out: Counter[str] = Counter()
    for s in stmts:
        t = s["statementType"]
        if t == "personStatement" and s["statementID"] not in replaced:
            out["Person"] += 1
        elif t == "entityStatement" and s["statementID"] not in replaced:
            out["Company"] += 1
        elif t == "ownershipOrControlStatement":
            interests = s.get("interests") or []
            if not interests:
                out["LINKED_TO"] += 1
            for i in interests:
                out[EXPECTED_TYPE[i["type"]].value] += 1
    refs = set()
    for s in stmts:
        for key in ("subject", "interestedParty"):
            for k, v in (s.get(key) or {}).items():
                if k.startswith("describedBy") and v not in ids:
                    refs.add(v)
    if refs:
        out["dangling"] = len(refs)
    return dict(out)


def counts(recs: list[Any]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for r in recs:
        if isinstance(r, Node | Rel):
            out[r.type.value] += 1
        elif isinstance(r, Stub):
            out["dangling"] += 1
    return dict(out)


def test_counts_per_real_file_match_the_json(data: Path) -> None:
    for path in real_files(data):
        recs = list(read_bods(path))
        assert counts(recs) == expected(raw_statements(path)), path.name
        assert not any(isinstance(r, Quarantined) for r in recs), path.name


def test_gzip_is_detected_by_content_not_name(data: Path, tmp_path: Path) -> None:
    plain = data / "bods-oo-register-dk-sk" / "test-bods-data-1.json"
    disguised = tmp_path / "statements.json"  # gzip bytes under a .json name
    disguised.write_bytes(gzip.compress(plain.read_bytes()))
    as_array = tmp_path / "array.txt"  # the same statements as one JSON array
    as_array.write_text(json.dumps(raw_statements(plain)), encoding="utf-8")
    want = [r.to_dict() for r in read_bods(plain) if isinstance(r, Node | Rel)]
    assert [r.to_dict() for r in read_bods(disguised) if isinstance(r, Node | Rel)] == want
    assert [r.to_dict() for r in read_bods(as_array) if isinstance(r, Node | Rel)] == want


def test_real_shares_are_exact_and_dated(data: Path) -> None:
    path = data / "bods-oo-register-dk-sk" / "test-bods-data-1.json"
    stmts = {s["statementID"]: s for s in raw_statements(path)}
    owns = [r for r in read_bods(path) if isinstance(r, Rel) and r.type is RelType.OWNS]
    assert owns
    for rel in owns:
        s = stmts[rel.provenance[0].record_id]
        interest = next(i for i in s["interests"] if i["type"] == "shareholding")
        text = repr(interest["share"]["exact"])  # e.g. 26.150000000000002
        assert rel.share is not None and rel.share.is_exact
        assert abs(rel.share.lo - Fraction(Decimal(text)) / 100) < Fraction(1, 10**10)
        assert (rel.share.lo * 100 * 10**8).denominator == 1  # float noise rounded away
        assert rel.start is not None and rel.start.isoformat() == interest["startDate"]
        assert rel.src == f"bods:{s['interestedParty']['describedByPersonStatement']}"
        assert rel.dst == f"bods:{s['subject']['describedByEntityStatement']}"


def test_entities_take_register_numbers_and_lei_as_ids(data: Path) -> None:
    sk = data / "bods-oo-register-dk-sk" / "bods-data-check-2.json.gz"
    raw = {
        s["statementID"]: s for s in raw_statements(sk) if s["statementType"] == "entityStatement"
    }
    nodes = [r for r in read_bods(sk) if isinstance(r, Node) and r.type is NodeType.COMPANY]
    for n in nodes:
        s = raw[n.props["bods_statement"]]
        orsr = next(i["id"] for i in s["identifiers"] if i.get("scheme") == "SK-ORSR")
        assert n.id == f"reg:SK-ORSR:{orsr}"
        assert f"bods:{s['statementID']}" in n.ids
        assert n.name == s["name"]
    gleif = data / "gleif-bodspipelines" / "lei-data-out.json"
    for n in read_bods(gleif):
        assert isinstance(n, Node) and n.id.startswith("lei:") and n.props.get("lei_valid") is None


BODS04 = [
    {
        "statementId": "s-entity-1-000000000000000000000000000",
        "statementDate": "2024-01-02",
        "recordId": "e1",
        "recordType": "entity",
        "recordStatus": "new",
        "declarationSubject": "e1",
        "recordDetails": {
            "entityType": {"type": "registeredEntity"},
            "name": "深圳市腾讯计算机系统有限公司",
            "jurisdiction": {"name": "China", "code": "CN"},
            "identifiers": [{"id": "91440300192185379H", "scheme": "CN-USCC"}],
        },
    },
    {
        "statementId": "s-person-1-000000000000000000000000000",
        "statementDate": "2024-01-02",
        "recordId": "p1",
        "recordType": "person",
        "declarationSubject": "e1",
        "recordDetails": {"personType": "knownPerson", "names": [{"fullName": "马化腾"}]},
    },
    {
        "statementId": "s-rel-1-00000000000000000000000000000",
        "statementDate": "2024-01-02",
        "recordId": "r1",
        "recordType": "relationship",
        "recordStatus": "new",
        "declarationSubject": "e1",
        "recordDetails": {
            "isComponent": False,
            "subject": "e1",
            "interestedParty": "p1",
            "interests": [
                {
                    "type": "shareholding",
                    "share": {"exclusiveMinimum": 25, "maximum": 50},
                    "startDate": "2020-01-01",
                },
                {"type": "appointmentOfBoard", "startDate": "2020-01-01"},
                {"type": "boardMember", "startDate": "2021-01-01"},
                {"type": "rightsToProfitOrIncome"},
            ],
        },
    },
    {
        "statementId": "s-rel-2-00000000000000000000000000000",
        "statementDate": "2024-06-30",
        "recordId": "r2",
        "recordType": "relationship",
        "recordStatus": "closed",
        "declarationSubject": "e1",
        "recordDetails": {
            "isComponent": False,
            "subject": "e1",
            "interestedParty": "x9",
            "interests": [
                {"type": "votingRights", "share": {"minimum": 50, "exclusiveMaximum": 75}}
            ],
        },
    },
    {
        "statementId": "s-rel-3-00000000000000000000000000000",
        "statementDate": "2024-06-30",
        "recordId": "r3",
        "recordType": "relationship",
        "declarationSubject": "e1",
        "recordDetails": {
            "isComponent": False,
            "subject": "e1",
            "interestedParty": {"reason": "subjectUnableToConfirmOrIdentifyBeneficialOwner"},
            "interests": [],
        },
    },
]


def test_bods_04_records_ranges_and_closed_relationships(tmp_path: Path) -> None:
    path = tmp_path / "bods04.json.gz"
    path.write_bytes(gzip.compress(json.dumps(BODS04, ensure_ascii=False).encode("utf-8")))
    recs = list(read_bods(path))
    nodes = {r.id: r for r in recs if isinstance(r, Node)}
    company = nodes["uscc:91440300192185379H"]
    assert company.props["country"] == "cn" and "bods:e1" in company.ids
    assert "org:19218537-9" in company.ids  # the organization code inside the USCC
    assert nodes["bods:p1"].name == "马化腾"
    rels = [r for r in recs if isinstance(r, Rel)]
    by_kind = {r.props["kind"]: r for r in rels}
    owns = by_kind["shareholding"]
    assert owns.type is RelType.OWNS and owns.src == "bods:p1" and owns.dst == "bods:e1"
    assert owns.share == Share(Fraction(1, 4), Fraction(1, 2), lo_open=True, hi_open=False)
    assert owns.share.at_least(Fraction(1, 2)) is None  # the band may or may not reach 50 %
    board = by_kind["appointment_of_board"]
    assert board.type is RelType.CONTROLS and board.props["control_basis"]["eu"] == "a"
    assert by_kind["board_member"].type is RelType.OFFICER_OF
    assert by_kind["board_member"].role is Role.DIRECTOR
    assert by_kind["rights_to_profit_or_income"].type is RelType.LINKED_TO
    votes = by_kind["voting_rights"]
    assert votes.share == Share(Fraction(1, 2), Fraction(3, 4), lo_open=False, hi_open=True)
    assert votes.end is not None and votes.end.isoformat() == "2024-06-30"  # closed record
    assert votes.src == "bods:x9"
    stubs = [r.node for r in recs if isinstance(r, Stub)]
    assert [s.id for s in stubs] == ["bods:x9"]
    quarantined = [r for r in recs if isinstance(r, Quarantined)]
    assert len(quarantined) == 1 and "not specified" in quarantined[0].reason


def test_replaced_statements_are_folded_or_end_dated(tmp_path: Path) -> None:
    def person(sid: str, name: str, replaces: list[str]) -> dict[str, Any]:
        return {
            "statementID": sid,
            "statementType": "personStatement",
            "statementDate": "2023-01-01",
            "names": [{"fullName": name}],
            "replacesStatements": replaces,
        }

    def ooc(sid: str, date: str, pct: float, replaces: list[str]) -> dict[str, Any]:
        return {
            "statementID": sid,
            "statementType": "ownershipOrControlStatement",
            "statementDate": date,
            "subject": {"describedByEntityStatement": "E"},
            "interestedParty": {"describedByPersonStatement": "P-old"},
            "interests": [
                {"type": "shareholding", "share": {"exact": pct}, "startDate": "2020-01-01"}
            ],
            "replacesStatements": replaces,
        }

    entity = {
        "statementID": "E",
        "statementType": "entityStatement",
        "statementDate": "2020-01-01",
        "name": "Acme A/S",
        "identifiers": [{"id": "12345678", "scheme": "DK-CVR"}],
    }
    stmts = [
        entity,
        person("P-old", "Jens Hansen", []),
        person("P-new", "Jens Peter Hansen", ["P-old"]),
        ooc("O-old", "2021-01-01", 30, []),
        ooc("O-new", "2022-05-01", 60, ["O-old"]),
    ]
    path = tmp_path / "replaced.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in stmts), encoding="utf-8")
    recs = list(read_bods(path))
    persons = [r for r in recs if isinstance(r, Node) and r.type is NodeType.PERSON]
    assert [(p.id, p.name, p.ids) for p in persons] == [
        ("bods:P-new", "Jens Peter Hansen", ("bods:P-old",))
    ]
    assert any(isinstance(r, Warned) and r.detail == "by P-new" for r in recs)
    owns = {r.provenance[0].record_id: r for r in recs if isinstance(r, Rel)}
    old, new = owns["O-old"], owns["O-new"]
    assert old.end is not None and old.end.isoformat() == "2022-05-01"
    assert old.props["superseded_by"] == "O-new" and new.props["replaces"] == ["O-old"]
    assert new.end is None and new.share == Share.exact(Fraction(3, 5))

    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        report = load(store, "bods", [path], quarantine_path=tmp_path / "q.jsonl")
        assert report.skipped_total == 0 and report.stubs == 0
        # The references to the replaced person statement land on the replacing one.
        rels, total = store.rels_of("bods:P-new")
        assert total == 2 and {r.src for r in rels} == {"bods:P-new"}
        assert store.get("reg:DK-CVR:12345678") is not None


def test_a_chain_of_replacements_keeps_every_reference(tmp_path: Path, spill_modes: str) -> None:
    # P1 is updated by P2, P2 by P3 (a register's history): an ownership statement
    # that still names P1 must land on P3, the only one loaded, not dangle.
    def person(sid: str, replaces: list[str]) -> dict[str, Any]:
        return {
            "statementID": sid,
            "statementType": "personStatement",
            "names": [{"fullName": f"Jens {sid}"}],
            "replacesStatements": replaces,
        }

    stmts = [
        {"statementID": "E", "statementType": "entityStatement", "name": "Acme A/S"},
        person("P1", []),
        person("P2", ["P1"]),
        person("P3", ["P2"]),
        person("Q1", ["Q2"]),  # a cycle in bad data: both folded, neither loops
        person("Q2", ["Q1"]),
        {
            "statementID": "O",
            "statementType": "ownershipOrControlStatement",
            "subject": {"describedByEntityStatement": "E"},
            "interestedParty": {"describedByPersonStatement": "P1"},
            "interests": [{"type": "shareholding", "share": {"exact": 40}}],
        },
    ]
    path = tmp_path / "chain.jsonl"
    path.write_text("\n".join(json.dumps(s) for s in stmts), encoding="utf-8")
    recs = list(read_bods(path))
    persons = [r for r in recs if isinstance(r, Node) and r.type is NodeType.PERSON]
    assert [(p.id, p.ids) for p in persons] == [("bods:P3", ("bods:P2", "bods:P1"))]
    folded = [r for r in recs if isinstance(r, Warned) and "folded" in r.reason]
    assert [(w.record_id, w.detail) for w in folded] == [
        ("P1", "by P2"),
        ("P2", "by P3"),
        ("Q1", "by Q2"),
        ("Q2", "by Q1"),
    ]
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        report = load(store, "bods", [path])
        assert report.skipped_total == 0 and report.stubs == 0
        rels, total = store.rels_of("bods:P1")
        assert total == 1 and rels[0].src == "bods:P3" and rels[0].dst == "bods:E"


def test_double_load_into_sqlite_changes_nothing(data: Path, tmp_path: Path) -> None:
    paths = real_files(data)
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        first = load(store, "bods", paths, quarantine_path=tmp_path / "q.jsonl")
        stats = store.stats().to_dict()
        second = load(store, "bods", paths, quarantine_path=tmp_path / "q.jsonl")
        assert store.stats().to_dict() == stats
    stmts = [s for p in paths for s in raw_statements(p)]
    want: Counter[str] = Counter()
    for p in paths:
        want.update(expected(raw_statements(p)))
    ids = {s["statementID"] for s in stmts}
    dangling = {
        v
        for s in stmts
        for key in ("subject", "interestedParty")
        for k, v in (s.get(key) or {}).items()
        if k.startswith("describedBy") and v not in ids
    }
    for kind in ("Person", "Company", "OWNS", "CONTROLS", "LINKED_TO"):
        assert first.count(kind).read == want[kind], kind
        assert second.count(kind).read == want[kind], kind
    assert first.stubs == len(dangling) and second.stubs == 0
    assert first.skipped_total == second.skipped_total == 0
    assert stats["nodes"]["Person"] + stats["nodes"]["Company"] == (
        want["Person"] + want["Company"] + len(dangling)
    )


def test_cli_loads_bods_and_refuses_other_json(data: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ui.cli import main

    url = f"sqlite:///{tmp_path}/g.db"
    ok = CliRunner().invoke(
        main,
        ["--store", url, "load", "bods", str(data / "bods-oo-register-dk-sk"), "--json",
         "--quarantine", str(tmp_path / "q.jsonl")],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    wrong = tmp_path / "wrong.json"
    wrong.write_text('[{"hello": 1}]', encoding="utf-8")
    bad = CliRunner().invoke(main, ["--store", url, "load", "bods", str(wrong)])
    assert bad.exit_code == 2 and "not a BODS statement" in bad.output


@pytest.mark.parametrize(
    ("share", "want"),
    [
        ({"exact": 50}, Share.exact(Fraction(1, 2))),
        ({"minimum": 25, "maximum": 50, "exclusiveMinimum": True}, Share(Fraction(1, 4), Fraction(1, 2), True)),
        ({"exclusiveMinimum": 50, "exclusiveMaximum": 75}, Share(Fraction(1, 2), Fraction(3, 4), True, True)),
        ({"minimum": 75}, Share(Fraction(3, 4), Fraction(1))),
    ],
)  # fmt: skip
def test_share_forms(share: dict[str, Any], want: Share) -> None:
    from loaders.bods_map import bods_share

    assert bods_share(share) == want


def test_owners_past_100_percent_are_warned_once(tmp_path: Path) -> None:
    def stake(rid: str, party: str, pct: int) -> dict[str, Any]:
        return {
            "statementId": f"s-{rid}-{'0' * 30}",
            "statementDate": "2024-01-02",
            "recordId": rid,
            "recordType": "relationship",
            "declarationSubject": "e1",
            "recordDetails": {
                "isComponent": False,
                "subject": "e1",
                "interestedParty": party,
                "interests": [{"type": "shareholding", "share": {"exact": pct}}],
            },
        }

    def warned(stmts: list[dict[str, Any]]) -> list[Warned]:
        path = tmp_path / "overfull.json"
        path.write_text(json.dumps([*BODS04[:2], *stmts], ensure_ascii=False), encoding="utf-8")
        return [r for r in read_bods(path) if isinstance(r, Warned) and "past 100%" in r.reason]

    over = warned([stake("a", "p1", 60), stake("b", "x9", 50)])
    assert len(over) == 1 and over[0].record_id == "bods:e1" and "110.00%" in over[0].detail
    assert "subject" in over[0].reason
    assert warned([stake("a", "p1", 60), stake("b", "x9", 40)]) == []
