"""Listings on lists of regimes the engine has no rule for (Swiss SECO ``ch``, Japan ``jp``,
UK Companies House ``gb``, ...): a legal ``listed`` finding about the entity itself, with its
provenance, never propagated; then the real OpenSanctions ZALA extract, checked against the
Sanction records of the file read independently."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from exposure_graphs import (
    AFTER,
    COH,
    JP_MOF,
    LISTS,
    SECO,
    catalog_store,
    company,
    listed,
    other_list,
    owns,
    write,
)

from graph.model import Node, NodeType
from graph.risk.exposure import REGIMES, exposure
from graph.store.sqlite import SQLiteStore
from ui.cli import main

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
ZALA_FILE = DATA / "ftm-opensanctions-zala" / "entities.ftm.json"  # read only after ``data``
ZAKHAROV = "ftm:NK-aU5ybkbRFJucf8YMwsJvDw"
NOTHING = dict.fromkeys(REGIMES, "none")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with catalog_store(tmp_path / "x.db") as s:
        write(
            s,
            other_list(SECO, "Swiss SECO sanctions", "ch"),
            other_list(JP_MOF, "Japan MOF sanctions", "jp"),
            other_list(COH, "UK Companies House disqualified directors", "gb"),
        )
        yield s


@pytest.fixture(scope="module")
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    return DATA


def test_entity_only_on_a_ch_list_is_listed_with_its_provenance(store: SQLiteStore) -> None:
    write(
        store,
        company("S", "Seco Target AG"),
        company("SUB", "Seco Subsidiary GmbH"),
        owns("S", "SUB", "1"),
        listed("S", SECO, start=date(2025, 3, 4), programs=["Ordinance RS 946.231.176.72"],
               program_ids=["SECO-UKRAINE"], authorities=["State Secretariat for Economic Affairs"]),
    )  # fmt: skip
    rep = exposure(store, "S", AFTER)
    (f,) = rep.findings
    assert (f.regime, f.rule, f.basis, f.status) == ("ch", "ch.listed", "legal", "listed")
    assert (f.share, f.measures, f.paths) == (None, [], [["S", SECO]])
    (ref,) = f.lists
    assert (ref.list_id, ref.list_name, ref.start, ref.end) == (
        "FTM_CH_SECO_SANCTIONS",
        "Swiss SECO sanctions",
        date(2025, 3, 4),
        None,
    )
    assert (ref.source, ref.record_id, ref.agency) == (
        "test-exposure",
        f"S@{SECO}",
        "State Secretariat for Economic Affairs",
    )
    text = f.explanation
    for part in (
        "Seco Target AG (S)",
        "since 2025-03-04",
        f"test-exposure record S@{SECO}",
        "SECO-UKRAINE; Ordinance RS 946.231.176.72",
        "models no ownership or control rule",
        "nothing is propagated",
    ):
        assert part in text, part
    # The five modelled regimes are untouched; the listing shows beside them.
    assert rep.statuses() == NOTHING
    summary = rep.to_dict()["summary"]
    assert summary["other_lists"] == [
        {"id": SECO, "list": "FTM_CH_SECO_SANCTIONS", "name": "Swiss SECO sanctions",
         "regime": "ch"}
    ]  # fmt: skip
    assert (summary["legal"], summary["heuristic"]) == (1, 0)
    assert rep.top() is f
    # Legal, so it stays when the red flags are switched off.
    assert exposure(store, "S", AFTER, heuristics=False).findings == [f]

    # 100% owned by a party on a list with no modelled rule: nothing at all.
    sub = exposure(store, "SUB", AFTER)
    assert sub.findings == [] and sub.other_lists() == []
    assert sub.to_dict()["summary"] == {
        "statuses": NOTHING, "other_lists": [], "redlists": [], "legal": 0,
        "heuristic": 0, "ambiguous_id": None, "incomplete": [],
    }  # fmt: skip


def test_modelled_regime_still_propagates_and_comes_first(store: SQLiteStore) -> None:
    write(
        store,
        company("P"),
        company("SUB"),
        owns("P", "SUB", "1"),
        listed("P", LISTS["ofac"]),
        listed("P", SECO),
        listed("P", JP_MOF),
    )
    parent = exposure(store, "P", AFTER)
    assert [(f.regime, f.rule) for f in parent.findings] == [
        ("ofac", "ofac.listed"),
        ("ch", "ch.listed"),
        ("jp", "jp.listed"),
    ]
    assert parent.statuses()["ofac"] == "listed"
    assert [o["regime"] for o in parent.other_lists()] == ["ch", "jp"]
    top = parent.top()
    assert top is not None and top.regime == "ofac"
    sub = exposure(store, "SUB", AFTER)
    assert [(f.regime, f.status, str(f.share)) for f in sub.findings] == [("ofac", "owned", "1")]
    assert sub.other_lists() == []
    # The OFAC finding cites the OFAC listing only, not the lists without a rule.
    assert [x.list_id for x in sub.findings[0].lists] == ["US_OFAC_SDN"]


def test_listing_counts_only_while_in_force(store: SQLiteStore) -> None:
    write(
        store,
        company("E"),
        listed("E", SECO, start=date(2024, 1, 1), end=date(2025, 6, 1)),
    )
    assert [f.regime for f in exposure(store, "E", date(2025, 3, 1)).findings] == ["ch"]
    for day in (date(2023, 12, 31), date(2025, 6, 1), AFTER):  # the end is exclusive
        rep = exposure(store, "E", day)
        assert rep.findings == [] and rep.to_dict()["summary"]["other_lists"] == [], day


def test_two_entries_on_one_list_are_one_finding_in_date_order(store: SQLiteStore) -> None:
    write(
        store,
        company("E"),
        listed("E", COH, start=date(2025, 4, 9), record="coh-2"),
        listed("E", COH, start=date(2023, 11, 2), record="coh-1"),
        listed("E", COH, start=date(2021, 1, 1), end=date(2022, 1, 1), record="coh-old"),
    )
    (f,) = exposure(store, "E", AFTER).findings
    # gb is Companies House, not the UK sanctions regime (uk).
    assert (f.regime, f.rule) == ("gb", "gb.listed")
    assert [x.record_id for x in f.lists] == ["coh-1", "coh-2"]
    assert f.explanation.index("since 2023-11-02") < f.explanation.index("since 2025-04-09")


def test_list_without_a_regime_property(store: SQLiteStore) -> None:
    # A catalog list keeps its catalog regime (cn: the China rules report it); a list
    # nobody describes is still a listing, under regime "other".
    write(
        store,
        Node("list:CN_SPC_DISHONEST", NodeType.LIST, "失信被执行人名单"),
        Node("list:LOCAL_WATCH", NodeType.LIST, "Local watch list"),
        company("C"),
        company("D"),
        listed("C", "list:CN_SPC_DISHONEST"),
        listed("D", "list:LOCAL_WATCH"),
    )
    c = exposure(store, "C", AFTER)
    assert {f.regime for f in c.findings} == {"cn"} and c.other_lists() == []
    (d,) = exposure(store, "D", AFTER).findings
    assert (d.regime, d.rule, d.status) == ("other", "other.listed", "listed")


# -- the real ZALA extract ---------------------------------------------------------------

_UK = re.compile(r"\bFCDO\b|foreign, commonwealth|hm treasury|\bHMT\b|\bOFSI\b", re.I)


def _day(values: list[str], latest: bool = False) -> date | None:
    days = [date(*[int(x) for x in [*v[:10].split("-"), "1", "1"][:3]]) for v in values]
    return (max(days) if latest else min(days)) if days else None


def _modelled(d: dict) -> bool:
    """Is this Sanction on one of the engine's four sanctions regimes?  Read from the
    record: the US (OFAC, BIS), the EU (its lists and member states' EU programmes),
    the UK's sanctions authorities."""
    p = d["properties"]
    ds, countries = d.get("datasets", []), p.get("country", [])
    auth = " ".join(p.get("authority", []))
    # BIS: the lists of the Affiliates Rule (Entity List, MEU), also when they come
    # inside the Consolidated Screening List.
    bis = bool({"us_bis_entity", "us_bis_meu"} & set(ds)) or bool(
        {"US-BIS-EL", "US-BIS-MEU"} & set(p.get("programId", []))
    )
    text = " ".join([*p.get("program", []), auth]).lower()
    bis = bis or "entity list" in text or "military end user" in text
    # OFAC: the SDN list only; an entry that names OFAC as its authority on another
    # list (SAM exclusions) blocks nothing.
    us = bis or "us_ofac_sdn" in ds or "specially designated nationals" in text
    eu = "eu" in countries or any(x.startswith(("eu_", "EU-")) for x in ds + p.get("programId", []))
    uk = bool(_UK.search(auth)) or any(x.startswith(("gb_fcdo", "gb_hmt")) for x in ds)
    # EU and UK: asset freezes only; a travel-ban list, or recorded sanctions without an
    # asset freeze, is a listing of its own.
    provisions = " ".join(p.get("provisions", [])).lower()
    freeze = "eu_travel_bans" not in ds and (not provisions or "freez" in provisions)
    return bool(us or ((eu or uk) and freeze))


def _other_lists(day: date) -> dict[str, set[str]]:
    """Entity id -> the ``list:FTM_<DATASET>`` ids of its Sanctions in force on ``day``
    outside the four regimes."""
    out: dict[str, set[str]] = {}
    for line in ZALA_FILE.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["schema"] != "Sanction" or _modelled(d):
            continue
        p = d["properties"]
        start = _day(p.get("startDate", [])) or _day(p.get("listingDate", []))
        end = _day(p.get("endDate", []), latest=True)
        if (start and day < start) or (end and day >= end):
            continue
        lid = "list:FTM_" + d["datasets"][0].upper()
        for e in p["entity"]:
            out.setdefault(f"ftm:{e}", set()).add(lid)
    return out


@pytest.fixture(scope="module")
def zala(tmp_path_factory: pytest.TempPathFactory, data: Path) -> Iterator[SQLiteStore]:
    path = tmp_path_factory.mktemp("zala") / "z.db"
    url = f"sqlite:///{path.resolve()}"
    r = CliRunner().invoke(main, ["--store", url, "load", "ftm", str(ZALA_FILE)])
    assert r.exit_code == 0, r.output
    with SQLiteStore.from_url(url) as s:
        yield s


@pytest.mark.shared_data
@pytest.mark.parametrize("day", [date(2022, 6, 1), date(2024, 3, 10), date(2026, 11, 1)])
def test_real_zala_other_lists(zala: SQLiteStore, day: date) -> None:
    want = _other_lists(day)
    # Every company and person of the file: only its own Sanctions count, so the
    # companies Zakharov owns must come out with none.
    ids = [
        f"ftm:{d['id']}"
        for d in map(json.loads, ZALA_FILE.read_text(encoding="utf-8").splitlines())
        if d["schema"] in ("Company", "Person")
    ]
    for nid in ids:
        rep = exposure(zala, nid, day)
        got = {o["id"] for o in rep.to_dict()["summary"]["other_lists"]}
        assert got == want.get(nid, set()), nid
        for f in rep.findings:
            if f.regime not in REGIMES:
                assert f.paths == [[rep.entity["id"], f.paths[0][1]]] and f.lists
                assert all(x.source == "opensanctions" and x.record_id for x in f.lists)
    if day == date(2026, 11, 1):
        assert {"list:FTM_CH_SECO_SANCTIONS", "list:FTM_UA_NSDC_SANCTIONS"} <= want[ZAKHAROV]
