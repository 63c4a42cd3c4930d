"""Readers against the real files; expected counts derived here with csv/json directly."""

from __future__ import annotations

import csv
import json
from collections import Counter
from fractions import Fraction
from pathlib import Path

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.store.sqlite import SQLiteStore
from loaders.cn_holders import read_cn_holders
from loaders.cn_registry import UNDECODED_NAME, read_cn_registry
from loaders.ftm import read_ftm
from loaders.ofac_sdn import read_ofac_sdn
from loaders.pipeline import load
from loaders.records import WRONG_WIDTH, Quarantined, Warned
from tests.loaders.test_cn_holders import spelled


def test_cn_registry_counts_and_na(data: Path) -> None:
    path = data / "cn-enterprise-registration" / "2000" / "上海.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    reps = sum(1 for r in rows if r["法人代表"].strip() not in ("", "N/A"))
    recs = list(read_cn_registry(path))
    companies = [r for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    persons = [r for r in recs if isinstance(r, Node) and r.type is NodeType.PERSON]
    officers = [r for r in recs if isinstance(r, Rel)]
    assert len(companies) == len(rows)
    assert len(persons) == reps == len(officers)
    assert all(o.role is Role.LEGAL_REPRESENTATIVE for o in officers)
    assert not any(p.name in ("N/A", "") for p in persons)
    assert reps < len(rows)  # the file does carry N/A representatives


def test_cn_registry_quarantines_mojibake_rows(data: Path) -> None:
    path = data / "cn-enterprise-registration" / "2002" / "北京.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    bad = sum(1 for r in rows if len(r) != 10 or "\ufffd" in r[0])
    # One cause, one reason: a mis-decoded name also shifts some rows' columns.
    undecoded = sum(1 for r in rows if "\ufffd" in r[0])
    shifted = sum(1 for r in rows if "\ufffd" in r[0] and len(r) != 10)
    recs = list(read_cn_registry(path))
    assert sum(isinstance(r, Quarantined) for r in recs) == bad > 0
    reasons = Counter(r.reason for r in recs if isinstance(r, Quarantined))
    assert reasons == Counter({UNDECODED_NAME: undecoded, WRONG_WIDTH: bad - undecoded})
    assert shifted > 0 and bad - undecoded == 0  # every wrong width here is mis-decoding
    companies = [r for r in recs if isinstance(r, Node) and r.type is NodeType.COMPANY]
    assert len(companies) == len(rows) - bad
    assert not any("\ufffd" in c.name for c in companies)


def test_ofac_sdn_counts(data: Path) -> None:
    path = data / "ofac-sdn" / "sdn.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if len(r) == 12]
    kinds = Counter(r[2].strip() for r in rows)
    recs = list(read_ofac_sdn(path))
    nodes = [r for r in recs if isinstance(r, Node)]
    persons = [n for n in nodes if n.type is NodeType.PERSON]
    companies = [n for n in nodes if n.type is NodeType.COMPANY]
    assert len(persons) == kinds["individual"]
    assert len(companies) == len(rows) - kinds["individual"]
    assert Counter(c.props["kind"] for c in companies)["vessel"] == kinds["vessel"]
    listings = [r for r in recs if isinstance(r, Rel) and r.type is RelType.LISTED_ON]
    listed = [r for r in listings if r.dst == "list:US_OFAC_SDN"]
    assert len(listed) == len(rows)
    # The rest: EO 13382 designations, also on the BIS side (tests/loaders/test_ofac_sdn.py).
    npwmd = sum("NPWMD" in r[3] for r in rows)
    assert Counter(r.dst for r in listings) == {
        "list:US_OFAC_SDN": len(rows),
        "list:US_BIS_SDN_744_8": npwmd,
    }
    multi = next(r for r in rows if "] [" in r[3])
    rel = next(r for r in listed if r.src == f"ofac:{multi[0]}")
    assert rel.props["programs"] == [p.strip(" []") for p in multi[3].split("] [")]
    assert not any(isinstance(r, Quarantined) for r in recs)  # the \x1a EOF line is no record


def test_ftm_shares_regimes_and_overfull(data: Path) -> None:
    path = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    raw = [json.loads(line) for line in path.open(encoding="utf-8")]
    recs = list(read_ftm(path))
    owns = {
        r.provenance[0].record_id: r for r in recs if isinstance(r, Rel) and r.type is RelType.OWNS
    }
    src_owns = [e for e in raw if e["schema"] == "Ownership"]
    assert len(owns) == len(src_owns)
    for e in src_owns:
        pct = e["properties"].get("percentage")
        share = owns[e["id"]].share
        if pct:
            assert share is not None and share.lo == share.hi == Fraction(pct[0]) / 100
        else:
            assert share is None
    listed = [r for r in recs if isinstance(r, Rel) and r.type is RelType.LISTED_ON]
    assert len(listed) == sum(e["schema"] == "Sanction" for e in raw)
    by_ds = {tuple(r.props["datasets"]): r for r in listed}
    assert by_ds[("us_ofac_sdn",)].props["regime"] == "ofac"
    assert by_ds[("us_ofac_sdn",)].dst == "list:US_OFAC_SDN"
    assert by_ds[("eu_fsf",)].props["regime"] == "eu"
    assert by_ds[("be_fod_sanctions",)].props["regime"] == "eu"  # programId EU-UKR
    assert by_ds[("gb_fcdo_sanctions",)].props["regime"] == "uk"
    assert by_ds[("us_trade_csl",)].props["regime"] == "bis"
    assert by_ds[("ch_seco_sanctions",)].props["regime"] == "ch"
    assert by_ds[("ch_seco_sanctions",)].dst == "list:FTM_CH_SECO_SANCTIONS"
    assert any(isinstance(r, Warned) and "past 100%" in r.reason for r in recs)
    overridden = [r for r in read_ftm(path, regime="eu") if isinstance(r, Rel)]
    assert {r.props["regime"] for r in overridden if r.type is RelType.LISTED_ON} == {"eu"}


def test_cn_holders_shares_and_periods(data: Path) -> None:
    folder = data / "cn-listed-top10-holders"
    with (folder / "relation.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    recs = list(read_cn_holders(folder))
    owns = [r for r in recs if isinstance(r, Rel)]
    # One holder spelled twice in one period is one holding.
    unique = {(r["ts_code"], r["end_date"], spelled(r["holder_name"])) for r in rows}
    assert len({o.id for o in owns}) == len(unique)
    row = next(r for r in rows if r["holder_name"] == "新疆天业(集团)有限公司")
    rel = next(
        o
        for o in owns
        if o.dst == f"ticker:{row['ts_code']}"
        and o.share
        and o.share.lo == Fraction(row["hold_ratio"]) / 100
    )
    assert rel.share is not None and rel.share.is_exact
    periods = sorted({r["end_date"] for r in rows if r["ts_code"] == row["ts_code"]})
    assert rel.start is not None and rel.start.strftime("%Y%m%d") == periods[0]
    if len(periods) > 1:
        assert rel.end is not None and rel.end.strftime("%Y%m%d") == periods[1]
    person = next(r for r in recs if isinstance(r, Node) and r.name == "李慧琼")
    assert person.type is NodeType.PERSON


def test_double_load_leaves_store_unchanged(data: Path, store: SQLiteStore) -> None:
    path = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    first = load(store, "ftm", [path])
    before = store.stats().to_dict()
    second = load(store, "ftm", [path])
    assert store.stats().to_dict() == before
    assert first.counts["Company"].merged == 0
    assert second.counts["Company"].merged == second.counts["Company"].written > 0
    assert before["total_nodes"] > 0
