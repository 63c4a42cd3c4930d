"""Which regime an FtM Sanction's list gets, and so whether an ownership rule spreads from it.

Audit findings on the real OpenSanctions extract: SAM exclusions (authority "OFAC") were
read as the OFAC SDN list, and EU travel bans as the EU asset freeze; both made the
listed party's subsidiaries look restricted.  Each case is written here as a listed
parent P owning all of a subsidiary S, and then checked on the real file, whose
Sanction records are read independently below."""

from __future__ import annotations

from pathlib import Path

import pytest
from zala import (
    ZAKHAROV,
    cli,
    load_lines,
    load_zala,
    needs_data,
    parent_and_sub,
    sanctions,
)

from graph.store.sqlite import SQLiteStore

DAY = "2026-01-01"


def _regime_ids(url: str, regime: str, day: str = DAY) -> dict[str, str]:
    return {e["id"]: e["status"] for e in cli(url, "regime", regime, "--as-of", day)["entities"]}


def _list_regime(url: str, list_id: str) -> str:
    with SQLiteStore.from_url(url, read_only=True) as store:
        node = store.get(list_id)
        assert node is not None, list_id
        return str(node.props["regime"])


# -- 1. only the SDN list is ofac: authority "OFAC" alone is not the SDN list -------------

SAM = {
    "datasets": ["us_sam_exclusions"],
    "properties": {
        "authority": ["OFAC"],
        "country": ["us"],
        "program": ["Reciprocal"],
        "provisions": ["Prohibition/Restriction"],
        "startDate": ["2023-11-02"],
    },
}


@pytest.mark.parametrize(
    ("dataset", "authority", "list_id"),
    [
        ("us_sam_exclusions", "OFAC", "list:FTM_US_SAM_EXCLUSIONS"),
        ("us_gsa_debarred", "Office of Foreign Assets Control", "list:FTM_US_GSA_DEBARRED"),
    ],
)
def test_a_non_sdn_dataset_with_authority_ofac_is_a_us_listing(
    tmp_path: Path, dataset: str, authority: str, list_id: str
) -> None:
    """P is on a US exclusion list whose entries name OFAC as the excluding agency: P is
    listed there (a ``us`` fact), but neither P nor S is OFAC-blocked."""
    sam = {**SAM, "datasets": [dataset]}
    sam["properties"] = {**SAM["properties"], "authority": [authority]}
    url = load_lines(tmp_path, parent_and_sub(sam))
    assert _regime_ids(url, "ofac") == {}
    assert _list_regime(url, list_id) == "us"
    p = cli(url, "exposure", "ftm:P", "--as-of", DAY)
    assert p["summary"]["statuses"]["ofac"] == "none"
    assert [(o["id"], o["regime"]) for o in p["summary"]["other_lists"]] == [(list_id, "us")]
    assert cli(url, "exposure", "ftm:S", "--as-of", DAY)["findings"] == []


def test_sam_beside_the_sdn_list_is_not_cited_as_ofac(tmp_path: Path) -> None:
    """P on the SDN list and on SAM: OFAC blocks P and S because of the SDN entry only."""
    sdn = {
        "datasets": ["us_ofac_sdn"],
        "properties": {
            "authority": ["Office of Foreign Assets Control"],
            "country": ["us"],
            "program": ["RUSSIA-EO14024"],
            "startDate": ["2023-11-02"],
        },
    }
    lines = [*parent_and_sub(sdn), {**parent_and_sub(SAM)[-1], "id": "san-sam"}]
    url = load_lines(tmp_path, lines)
    assert _regime_ids(url, "ofac") == {"ftm:P": "listed", "ftm:S": "owned"}
    p = cli(url, "exposure", "ftm:P", "--as-of", DAY)
    (ofac,) = [f for f in p["findings"] if f["regime"] == "ofac"]
    assert [x["list"] for x in ofac["lists"]] == ["US_OFAC_SDN"]
    assert "us_sam_exclusions" not in ofac["explanation"]
    assert [o["id"] for o in p["summary"]["other_lists"]] == ["list:FTM_US_SAM_EXCLUSIONS"]


# -- 2. a travel ban is a listing, not an asset freeze ------------------------------------


TRAVEL = {
    "datasets": ["eu_travel_bans"],
    "properties": {"authority": ["Council of the European Union"], "country": ["eu"]},
}
UK_BAN_ONLY = {
    "datasets": ["gb_fcdo_sanctions"],
    "properties": {
        "authority": ["Foreign, Commonwealth & Development Office"],
        "country": ["gb"],
        "programId": ["GB-RUS"],
        "provisions": ["Travel Ban"],
        "startDate": ["2023-12-06"],
    },
}


@pytest.mark.parametrize(
    ("sanction", "regime", "list_id"),
    [
        (TRAVEL, "eu", "list:FTM_EU_TRAVEL_BANS"),
        (UK_BAN_ONLY, "uk", "list:FTM_GB_FCDO_SANCTIONS_UK_TRAVEL_BAN"),
    ],
)
def test_a_travel_ban_does_not_restrict_what_the_party_owns(
    tmp_path: Path, sanction: dict, regime: str, list_id: str
) -> None:
    """P under a travel ban alone (EU travel-ban list; a UK designation whose recorded
    sanctions are a travel ban only): S, wholly P's, is not restricted under the EU or
    UK rule, and P's finding is a listing on a travel-ban list, with no asset freeze."""
    url = load_lines(tmp_path, parent_and_sub(sanction))
    assert _regime_ids(url, regime) == {}
    code = f"{regime}_travel_ban"
    assert _list_regime(url, list_id) == code
    p = cli(url, "exposure", "ftm:P", "--as-of", DAY)
    assert p["summary"]["statuses"][regime] == "none"
    (f,) = p["findings"]
    assert (f["regime"], f["rule"], f["status"], f["measures"]) == (
        code,
        f"{code}.listed",
        "listed",
        [],
    )
    assert "asset freeze" not in f["explanation"].lower()
    assert cli(url, "exposure", "ftm:S", "--as-of", DAY)["findings"] == []


def test_a_uk_designation_with_an_asset_freeze_stays_uk(tmp_path: Path) -> None:
    both = {**UK_BAN_ONLY}
    both["properties"] = {**UK_BAN_ONLY["properties"], "provisions": ["Travel Ban", "Asset freeze"]}
    url = load_lines(tmp_path, parent_and_sub(both))
    assert _regime_ids(url, "uk") == {"ftm:P": "listed", "ftm:S": "owned"}
    assert _list_regime(url, "list:UK_HMT") == "uk"


# -- the real file: every dataset of its Sanction records ---------------------------------

# Worked out by hand from each dataset's Sanction records in the file (authority,
# country, programId, provisions), against DOMAIN.md §7 and docs/FORMATS.md:
EXPECTED = {
    # the SDN list itself: the only OFAC list that blocks (§7.1)
    "us_ofac_sdn": "ofac",
    # SAM exclusions: authority "OFAC" is the excluding agency of a procurement
    # exclusion (program "Reciprocal"), not the SDN list
    "us_sam_exclusions": "us",
    # Consolidated Screening List entries with programId US-BIS-EL: the Entity List (§7.4)
    "us_trade_csl": "bis",
    # the EU's asset-freeze list, and two member states' freeze lists of EU designations
    # (programId EU-UKR; Belgium's FPS Finance, France's Trésor "gels des avoirs")
    "eu_fsf": "eu",
    "be_fod_sanctions": "eu",
    "fr_tresor_gels_avoir": "eu",
    # the Council's travel-ban list: a listing with no asset freeze and no ownership rule
    "eu_travel_bans": "eu_travel_ban",
    # the FCDO's UK Sanctions List: both entries record "Asset freeze" among their sanctions
    "gb_fcdo_sanctions": "uk",
    # Companies House disqualified directors: UK, but no sanctions regime
    "gb_coh_disqualified": "gb",
    # other countries' own measures (Monaco's freezes cite EU acts but are Monaco's)
    "au_dfat_sanctions": "au",
    "ca_dfatd_sema_sanctions": "ca",
    "ch_seco_sanctions": "ch",
    "jp_mof_sanctions": "jp",
    "jp_meti_ru": "jp",
    "mc_fund_freezes": "mc",
    "nz_russia_sanctions": "nz",
    "ua_nsdc_sanctions": "ua",
    "ua_war_sanctions": "ua",
}


@pytest.mark.shared_data
@needs_data
def test_real_file_every_dataset_gets_its_regime(tmp_path: Path) -> None:
    url = load_zala(tmp_path, sdn=False)
    records = sanctions()
    assert {d["datasets"][0] for d in records} == set(EXPECTED)
    with SQLiteStore.from_url(url, read_only=True) as store:
        for d in records:
            entity = f"ftm:{d['properties']['entity'][0]}"
            rels = store.neighbourhood(entity).rels.values()
            (rel,) = [r for r in rels if r.provenance and r.provenance[0].record_id == d["id"]]
            assert rel.props["regime"] == EXPECTED[d["datasets"][0]], d["id"]
            lst = store.get(rel.dst)
            assert lst is not None and lst.props["regime"] == EXPECTED[d["datasets"][0]]


@pytest.mark.shared_data
@needs_data
def test_real_file_sam_and_travel_bans_restrict_nobody_else(tmp_path: Path) -> None:
    """The audit's store: SDN rows, then the extract.  Zakharov's OFAC finding rests on
    his SDN entries alone; his SAM and EU travel-ban listings are other lists."""
    url = load_zala(tmp_path)
    z = cli(url, "exposure", "ofac:45937", "--as-of", DAY)
    (ofac,) = [f for f in z["findings"] if f["regime"] == "ofac"]
    assert {x["list"] for x in ofac["lists"]} == {"US_OFAC_SDN"}
    assert {x["record_id"] for x in ofac["lists"]} >= {"45937"}
    (eu,) = [f for f in z["findings"] if f["regime"] == "eu"]
    assert "eu_travel_bans" not in eu["explanation"]
    others = {(o["id"], o["regime"]) for o in z["summary"]["other_lists"]}
    assert {
        ("list:FTM_US_SAM_EXCLUSIONS", "us"),
        ("list:FTM_EU_TRAVEL_BANS", "eu_travel_ban"),
    } <= others
    with SQLiteStore.from_url(url, read_only=True) as store:
        assert store.resolve(ZAKHAROV) == store.resolve("ofac:45937")
