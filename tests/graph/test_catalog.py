"""The catalog: coverage of DOMAIN.md §2/§3, citations, and consistency checks."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from graph.catalog import load_catalog, parse_catalog
from graph.errors import ModelError
from graph.model import REL_ENDPOINTS, Node, Rel

# DOMAIN.md §2 lists (§2.1-§2.7 and the §2.9 redlists) that the catalog must carry.
DOMAIN_LISTS = {
    "CN_SPC_DISHONEST",
    "CN_SPC_CONSUMPTION",
    "CN_SAMR_ABNORMAL",
    "CN_SAMR_SERIOUS",
    "CN_SAT_MAJOR_TAX",
    "CN_SAT_CREDIT_D",
    "CN_GACC_UNTRUSTWORTHY",
    "CN_GACC_AEO",
    "CN_SAT_CREDIT_A",
    "US_OFAC_SDN",
    "US_BIS_ENTITY",
    "US_BIS_MEU",
    "US_BIS_SDN_744_8",  # §7.4: SDNs under 15 CFR 744.8(a)(1)
    "EU_FSF",
    "UK_HMT",
}


@pytest.fixture(scope="module")
def raw() -> dict:
    import yaml

    from graph.catalog import CATALOG_PATH

    return yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))


def test_covers_domain_lists_and_all_measures() -> None:
    cat = load_catalog()
    assert set(cat.lists) >= DOMAIN_LISTS
    assert {f"M{i}" for i in range(1, 24)} <= set(cat.measures)


def test_every_entry_cites_a_document() -> None:
    cat = load_catalog()
    for entry in (*cat.lists.values(), *cat.measures.values()):
        assert entry["legal_basis"], entry["id"]
        for basis in entry["legal_basis"]:
            assert basis["doc"] and basis["confidence"] in {"V", "S", "R", "D"}


def test_dishonest_debtor_reaches_officers_named_by_art3() -> None:
    # DOMAIN §4.1: LR, main responsible person, actual controller, directly responsible.
    reached = load_catalog().roles_reached("CN_SPC_DISHONEST", "M1")
    assert {"legal_representative", "actual_controller", "main_responsible_person"} <= reached
    assert "director" not in reached  # CN-1: plain directors are not co-targets


def test_triggers_are_dated() -> None:
    cat = load_catalog()
    before = {t["measure"] for t in cat.triggers_of("CN_SPC_DISHONEST", date(2024, 6, 30))}
    after = {t["measure"] for t in cat.triggers_of("CN_SPC_DISHONEST", date(2024, 7, 1))}
    assert "M3" not in before and "M3" in after  # Company Law 2023 art. 178 from 2024-07-01


def test_records_respect_endpoint_rules() -> None:
    recs = list(load_catalog().records())
    nodes = {r.id: r for r in recs if isinstance(r, Node)}
    rels = [r for r in recs if isinstance(r, Rel)]
    assert rels
    for rel in rels:
        srcs, dsts = REL_ENDPOINTS[rel.type]
        assert nodes[rel.src].type in srcs and nodes[rel.dst].type in dsts, rel


def test_uncited_measure_is_rejected(raw: dict) -> None:
    bad = copy.deepcopy(raw)
    bad["measures"][0]["legal_basis"] = []
    with pytest.raises(ModelError, match="no legal basis"):
        parse_catalog(bad)


def test_trigger_may_not_widen_a_measure(raw: dict) -> None:
    bad = copy.deepcopy(raw)
    trig = next(t for t in bad["triggers"] if t["measure"] == "M8")
    trig["roles"] = [*trig["roles"], "director"]
    with pytest.raises(ModelError, match="beyond the measure"):
        parse_catalog(bad)


def test_unknown_agency_is_rejected(raw: dict) -> None:
    bad = copy.deepcopy(raw)
    bad["lists"][0]["agency"] = "NOBODY"
    with pytest.raises(ModelError, match="unknown agency"):
        parse_catalog(bad)
