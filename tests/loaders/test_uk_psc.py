"""The ``uk-psc`` reader: Companies House PSC records and company data.

Expected counts on the real files are derived here with ``json`` directly.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Rel, RelType
from graph.risk.exposure import exposure
from graph.share import Share
from graph.store.sqlite import SQLiteStore
from loaders.gleif import read_gleif
from loaders.pipeline import load
from loaders.records import Quarantined, Stub, Warned
from loaders.uk_psc import read_uk_psc
from loaders.uk_psc_map import nature

HALF = Fraction(1, 2)
PARTY_KINDS = (
    "individual-person-with-significant-control",
    "corporate-entity-person-with-significant-control",
    "corporate-entity-beneficial-owner",
    "legal-person-person-with-significant-control",
    "legal-person-beneficial-owner",
)


def _psc_files(data: Path) -> list[Path]:
    return sorted((data / "uk-psc-companies-house").glob("psc-data-*.json"))


def _raw_records(data: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in _psc_files(data):
        out += json.loads(f.read_text(encoding="utf-8"))
    return out


def test_real_psc_files_counts(data: Path) -> None:
    raw = _raw_records(data)
    parties = [r for r in raw if r["data"]["kind"] in PARTY_KINDS]
    natures = [n for r in parties for n in r["data"]["natures_of_control"]]
    subjects = {r["company_number"] for r in raw if "company_number" in r}
    totals = [r for r in raw if r["data"]["kind"].startswith("totals#")]
    assert len(raw) == 35 and len(parties) == 17  # the data README's 35 records

    recs = [r for f in _psc_files(data) for r in read_uk_psc(f)]
    rels = [r for r in recs if isinstance(r, Rel)]
    people = [r for r in recs if isinstance(r, Node) and r.type is NodeType.PERSON]
    stubs = {r.node.id for r in recs if isinstance(r, Stub)}
    assert len(rels) == len(natures)
    assert len(people) == sum(r["data"]["kind"].startswith("individual") for r in parties)
    assert stubs == {f"reg:GB-COH:{n}" for n in subjects}
    # Plain shareholdings are ownership; shares held as trustee or firm, and every other
    # nature, are not.
    plain_shares = [n for n in natures if n.startswith("ownership-of-shares") and "-as-" not in n]
    assert sum(r.type is RelType.OWNS for r in rels) == len(plain_shares)
    warned = [r for r in recs if isinstance(r, Warned)]
    assert [w.reason for w in warned] == ["snapshot totals line passed over"] * len(totals)
    assert not [r for r in recs if isinstance(r, Quarantined)]


def test_bands_titles_and_registrations(data: Path) -> None:
    recs = [r for f in _psc_files(data) for r in read_uk_psc(f)]
    nodes = {r.id: r for r in recs if isinstance(r, Node)}
    rels = [r for r in recs if isinstance(r, Rel)]
    feldman = next(n for n in nodes.values() if "Feldman" in n.name)
    assert feldman.name == "Marc Anthony Feldman"
    assert feldman.names == ("Mr Marc Anthony Feldman",)
    assert feldman.props["birth_month"] == "1961-12"
    (owns,) = [r for r in rels if r.src == feldman.id]
    assert owns.type is RelType.OWNS and owns.dst == "reg:GB-COH:08209948"
    assert owns.share == Share(Fraction(3, 4), Fraction(1))
    assert owns.start == date(2021, 12, 13)
    # A corporate PSC registered at Companies House is that register's company ...
    robert = next(n for n in nodes.values() if n.name == "Robert Hitchins Limited")
    assert robert.id == "reg:GB-COH:00686734"
    # ... one registered abroad keeps its number as a fact, and its country.
    st_paul = next(n for n in nodes.values() if n.name.startswith("St. Paul Fire"))
    assert not st_paul.id.startswith("reg:")
    assert st_paul.props["registration_number"] == "41-0406690"
    assert st_paul.props["country"] == ["us"]
    safe = next(n for n in nodes.values() if n.name == "State Administration Of Foreign Exchange")
    assert safe.props["kind"] == "legal_person" and safe.props["country"] == ["cn"]
    # Voting rights 25-50 % control, they do not own; the band stays exact and open.
    wpp_votes = next(
        r for r in rels if r.props["nature_of_control"] == "voting-rights-25-to-50-percent"
    )
    assert wpp_votes.type is RelType.CONTROLS
    assert wpp_votes.share == Share(Fraction(1, 4), HALF, lo_open=True)
    assert wpp_votes.props["control_basis"] == {"eu": "c", "uk": "voting_rights"}
    ceased = next(n for n in nodes.values() if n.name == "Karol Kuczkowski")
    assert {r.end for r in rels if r.src == ceased.id} == {date(2018, 2, 27)}


@pytest.mark.parametrize(
    ("code", "rel", "share", "capacity"),
    [
        (
            "ownership-of-shares-25-to-50-percent",
            RelType.OWNS,
            Share(Fraction(1, 4), HALF, True),
            "",
        ),
        (
            "ownership-of-shares-50-to-75-percent",
            RelType.OWNS,
            Share(HALF, Fraction(3, 4), True, True),
            "",
        ),
        ("ownership-of-shares-75-to-100-percent-as-firm", RelType.CONTROLS, None, "firm"),
        (
            "ownership-of-shares-more-than-25-percent-as-control-over-trust-registered-overseas-entity",
            RelType.CONTROLS,
            Share(Fraction(1, 4), Fraction(1), True),
            "control-over-trust",
        ),
        (
            "voting-rights-75-to-100-percent-limited-liability-partnership",
            RelType.CONTROLS,
            None,
            "",
        ),
        (
            "right-to-appoint-and-remove-members-as-trust-limited-liability-partnership",
            RelType.CONTROLS,
            None,
            "trust",
        ),
        ("right-to-appoint-and-remove-person", RelType.CONTROLS, None, ""),
        ("significant-influence-or-control-as-firm", RelType.CONTROLS, None, "firm"),
        (
            "right-to-share-surplus-assets-50-to-75-percent-limited-liability-partnership",
            RelType.LINKED_TO,
            None,
            "",
        ),
        (
            "part-right-to-share-surplus-assets-25-to-50-percent-as-trust",
            RelType.LINKED_TO,
            None,
            "trust",
        ),
        (
            "registered-owner-as-nominee-person-england-wales-registered-overseas-entity",
            RelType.LINKED_TO,
            None,
            "",
        ),
    ],
)
def test_natures_of_control(code: str, rel: RelType, share: Share | None, capacity: str) -> None:
    n = nature(code)
    assert n is not None
    assert n.rel is rel
    assert n.capacity == capacity
    if share is not None:
        assert n.share == share


def test_a_50_to_75_band_passes_the_uk_test_a_25_to_50_band_does_not() -> None:
    above, upto = (
        nature("ownership-of-shares-50-to-75-percent"),
        nature("ownership-of-shares-25-to-50-percent"),
    )
    assert above is not None and upto is not None
    assert above.share is not None and upto.share is not None
    assert above.share.at_least(HALF) is True
    assert upto.share.at_least(HALF) is None  # exactly 50 % is inside the band


def _write(path: Path, records: list[dict[str, Any]], lines: bool = False) -> Path:
    text = "\n".join(json.dumps(r) for r in records) if lines else json.dumps(records)
    path.write_text(text, encoding="utf-8")
    return path


def _psc(number: str, key: str, name: str, natures: list[str], **data: Any) -> dict[str, Any]:
    return {
        "company_number": number,
        "data": {
            "kind": data.pop("kind", "corporate-entity-person-with-significant-control"),
            "name": name,
            "links": {"self": f"/company/{number}/persons-with-significant-control/x/{key}"},
            "natures_of_control": natures,
            "notified_on": "2016-04-06",
            **data,
        },
    }


def test_json_lines_and_array_give_the_same_records(tmp_path: Path) -> None:
    recs = [
        _psc("1234567", "k1", "Alpha Holdings Ltd", ["ownership-of-shares-75-to-100-percent"]),
        _psc("01234567", "k2", "Beta Ltd", ["voting-rights-25-to-50-percent"]),
    ]
    a = list(read_uk_psc(_write(tmp_path / "a.json", recs)))
    b = list(read_uk_psc(_write(tmp_path / "b.txt", recs, lines=True)))
    assert [r for r in a if not isinstance(r, Warned)] == [
        r for r in b if not isinstance(r, Warned)
    ]
    # 1234567 is 01234567 with its leading zero dropped: one subject company.
    assert {r.node.id for r in a if isinstance(r, Stub)} == {"reg:GB-COH:01234567"}


def test_bad_records_are_quarantined_or_warned(tmp_path: Path) -> None:
    recs = [
        _psc("01234567", "k1", "", ["ownership-of-shares-75-to-100-percent"]),
        _psc("not a number!", "k2", "Gamma Ltd", ["ownership-of-shares-75-to-100-percent"]),
        _psc("01234567", "k3", "Delta Ltd", ["a-new-nature-of-control"]),
        {"something": "else"},
    ]
    out = list(read_uk_psc(_write(tmp_path / "bad.json", recs)))
    reasons = [r.reason for r in out if isinstance(r, Quarantined)]
    assert reasons == [
        "PSC without a name",
        "no company number",
        "neither a PSC nor a company record",
    ]
    (warned,) = [r for r in out if isinstance(r, Warned)]
    assert warned.reason == "nature of control not known; kept as a link"
    assert warned.detail == "a-new-nature-of-control"
    (link,) = [r for r in out if isinstance(r, Rel)]
    assert link.type is RelType.LINKED_TO and link.props["kind"] == "unknown_interest"


def test_a_file_of_something_else_is_refused(tmp_path: Path) -> None:
    other = _write(tmp_path / "x.json", [{"statementID": "s1"}] * 25)
    with pytest.raises(InvalidInput, match="not Companies House PSC or company data"):
        list(read_uk_psc(other))


def test_the_hard_wrapped_company_csv_is_refused_with_its_header(data: Path) -> None:
    path = data / "uk-psc-companies-house" / "basic-company-data-1.csv"
    with pytest.raises(InvalidInput, match="header lacks CompanyStatus, IncorporationDate"):
        list(read_uk_psc(path))


COMPANY_HEADER = (
    "CompanyName, CompanyNumber,RegAddress.PostTown,CompanyCategory,CompanyStatus,"
    "CountryOfOrigin,DissolutionDate,IncorporationDate,SICCode.SicText_1,"
    "PreviousName_1.CONDATE, PreviousName_1.CompanyName"
)


def test_company_csv(tmp_path: Path) -> None:
    path = tmp_path / "BasicCompanyData.csv"
    path.write_text(
        COMPANY_HEADER + "\n"
        '"ACME LTD","1234567","LONDON","Private Limited Company","Active","United Kingdom",'
        '"","11/09/2012","99999 - Dormant Company","01/02/2015","ACME HOLDINGS LTD"\n'
        '"SHORT ROW","7654321"\n',
        encoding="utf-8",
    )
    out = list(read_uk_psc(path))
    (node,) = [r for r in out if isinstance(r, Node)]
    assert node.id == "reg:GB-COH:01234567"
    assert node.name == "ACME LTD" and node.names == ("ACME HOLDINGS LTD",)
    assert node.valid_from == date(2012, 9, 11) and node.valid_to is None
    assert node.props["sic"] == ["99999 - Dormant Company"]
    assert node.props["country"] == ["gb"]
    (q,) = [r for r in out if isinstance(r, Quarantined)]
    assert q.line_or_record_id == 3 and q.reason == "wrong field count"


def test_load_names_the_subjects_and_reloads_unchanged(data: Path, store: SQLiteStore) -> None:
    files = [*_psc_files(data), data / "uk-psc-companies-house" / "company-data-1.json"]
    first = load(store, "uk-psc", files)
    before = store.stats().to_dict()
    load(store, "uk-psc", files)
    assert store.stats().to_dict() == before
    assert first.counts["OWNS"].written > 0
    company = store.get("reg:GB-COH:08209948")
    assert company is not None and company.name == "! LTD"
    # The statement of the same company, read from its PSC file, is on it too.
    (statement,) = company.props["psc_statements"]
    assert statement["statement"] == "no-individual-or-entity-with-signficant-control"
    assert statement["ceased_on"] == "2021-12-13"
    rels, total = store.rels_of("reg:GB-COH:08209948", direction="in")
    assert total == 1 and rels[0].type is RelType.OWNS


def test_a_designated_corporate_psc_with_a_majority_band_makes_its_company_owned(
    tmp_path: Path, store: SQLiteStore
) -> None:
    recs = [
        _psc(
            "01234567",
            "k1",
            "Designated Holdings Ltd",
            ["ownership-of-shares-50-to-75-percent"],
            identification={
                "place_registered": "Companies House",
                "registration_number": "7654321",
            },
        ),
        _psc(
            "02222222",
            "k2",
            "Designated Holdings Ltd",
            ["ownership-of-shares-25-to-50-percent"],
            identification={
                "place_registered": "Companies House",
                "registration_number": "7654321",
            },
        ),
    ]
    load(store, "uk-psc", [_write(tmp_path / "p.json", recs)])
    store.upsert_nodes([Node("list:UK", NodeType.LIST, "UK list", props={"regime": "uk"})])
    store.upsert_rels([Rel("l1", RelType.LISTED_ON, "reg:GB-COH:07654321", "list:UK")])
    day = date(2026, 1, 1)
    assert exposure(store, "reg:GB-COH:01234567", day).statuses()["uk"] == "owned"
    assert exposure(store, "reg:GB-COH:02222222", day).statuses()["uk"] == "none"


def test_gleif_and_psc_name_one_uk_company_alike(
    data: Path, store: SQLiteStore, tmp_path: Path
) -> None:
    lei_file = data / "gleif-bodspipelines" / "lei-data.json"
    uk = [
        n
        for n in read_gleif(lei_file)
        if isinstance(n, Node)
        and (n.props.get("registration_authority") or {}).get("id") == "RA000585"
    ]
    assert uk, "the GLEIF sample has UK companies"
    number = uk[0].props["registration_authority"]["entity_id"]
    assert f"reg:GB-COH:{number}" in uk[0].ids
    load(store, "gleif", [lei_file])
    psc = _psc(
        number,
        "k1",
        "Some Person",
        ["ownership-of-shares-75-to-100-percent"],
        kind="individual-person-with-significant-control",
    )
    load(store, "uk-psc", [_write(tmp_path / "p.json", [psc])])
    owned = store.get(f"reg:GB-COH:{number}")
    assert owned is not None and owned.id == uk[0].id  # the GLEIF company, not a stub
    rels, total = store.rels_of(uk[0].id, direction="in", types=[RelType.OWNS])
    assert total == 1 and rels[0].props["nature_of_control"].startswith("ownership-of-shares")


def test_a_later_company_record_replaces_the_stubs_placeholder_name(
    tmp_path: Path, store: SQLiteStore
) -> None:
    psc = _psc("07102351", "k1", "Some Holder Ltd", ["ownership-of-shares-75-to-100-percent"])
    load(store, "uk-psc", [_write(tmp_path / "p.json", [psc])])
    stub = store.get("reg:GB-COH:07102351")
    assert stub is not None and stub.props["stub"] is True
    assert stub.name == "(company 07102351 not in file)"
    company = {
        "CompanyName": "REAL NAME LTD",
        "CompanyNumber": "7102351",
        "CompanyStatus": "Active",
    }
    load(store, "uk-psc", [_write(tmp_path / "c.json", [company])])
    real = store.get("reg:GB-COH:07102351")
    assert real is not None
    assert (real.name, real.names) == ("REAL NAME LTD", ())
    assert "stub" not in real.props and real.props["status"] == "Active"
