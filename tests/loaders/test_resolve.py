"""Entity resolution: strong-id merges during loads, name candidates, decisions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import InvalidInput, NotFound
from graph.model import Node, NodeType, Provenance, RelType
from graph.names import normalise
from graph.store.sqlite import SQLiteStore
from graph.uscc import uscc_check_char
from loaders.cn_registry import HEADERS
from loaders.matches import NOT_SAME, POSSIBLY, confirm, list_matches, propose, reject
from loaders.pipeline import load
from loaders.resolve import CONFLICTING, conflicting_ids, org_alias
from loaders.same_uscc import SAME_USCC, SAME_USCC_OTHER_NAME

pytestmark = pytest.mark.usefixtures("spill_modes")

ENTITY_HEADER = "id,type,name,names,uscc,lei,country,status\n"


def uscc(body: str) -> str:
    """A valid USCC from its first 17 characters' variable part (8 digits of org body)."""
    from graph.uscc import org_code_check_char

    first17 = f"91110000{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)


TIANYE = uscc("12345678")
OTHER = uscc("87654321")


def registry(tmp_path: Path, rows: list[tuple[str, str]], name: str = "reg.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for company, code in rows:
            w.writerow([company, code, "2001-02-03", "N/A", "N/A", "N/A", "", "北京", "", ""])
    return path


# A bundle's source is named after its folder (docs/BUNDLE.md): these are in "bundle".
BUNDLE = "bundle:bundle"
T1 = f"{BUNDLE}:t1"


def bundle(tmp_path: Path, lines: list[str], folder: str = "bundle") -> Path:
    d = tmp_path / folder
    d.mkdir(exist_ok=True)
    (d / "entities.csv").write_text(ENTITY_HEADER + "".join(f"{x}\n" for x in lines), "utf-8")
    return d


def sdn(tmp_path: Path, rows: list[tuple[int, str, str]]) -> Path:
    path = tmp_path / "sdn.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for ent, name, remarks in rows:
            w.writerow([ent, name, "-0- ", "RUSSIA-EO14024", *["-0- "] * 7, remarks])
    return path


def pending(store: SQLiteStore) -> list[dict[str, object]]:
    return list_matches(store, pending_only=True)


# -- names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("新疆天业（集团）有限公司", "新疆天业(集团)有限责任公司"),
        ("ＡＢＣ　Trading Co., Ltd.", "abc trading limited"),
        ("LIMITED LIABILITY COMPANY ZALA AERO", "Zala Aero, LLC"),
        ("Joint Stock Company “Concern Kalashnikov”", "CONCERN KALASHNIKOV JSC"),
    ],
)
def test_name_variants_share_a_base_key(a: str, b: str) -> None:
    assert normalise(a).base == normalise(b).base != ""


def test_legal_forms_stay_apart_from_the_base() -> None:
    jsc, ltd = normalise("泛海控股股份有限公司"), normalise("泛海控股有限公司")
    assert jsc.base == ltd.base and jsc.form != ltd.form
    assert normalise("有限公司").base == "有限公司"  # never reduced to nothing


_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789(),."}


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789(),. ", max_size=30))
def test_full_width_and_case_never_change_the_key(text: str) -> None:
    wide = "".join(_FULLWIDTH.get(c, "\u3000" if c == " " else c) for c in text)
    assert normalise(wide) == normalise(text.upper()) == normalise(text)


def test_conflicting_ids_are_per_scheme() -> None:
    assert conflicting_ids([f"uscc:{TIANYE}"], [f"uscc:{OTHER}"]) == ["uscc"]
    assert conflicting_ids([f"uscc:{TIANYE}"], ["lei:X", "ftm:1"]) == []


# -- strong identifiers -----------------------------------------------------------


def test_org_code_from_registry_merges_a_bundle_record(tmp_path: Path, store: SQLiteStore) -> None:
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    org = org_alias(TIANYE)
    assert org is not None and store.resolve(org) == f"uscc:{TIANYE}"
    companies = store.stats().nodes["Company"]
    report = load(store, "bundle", [bundle(tmp_path, [f"{org},company,Xinjiang Tianye,,,,cn,"])])
    assert report.counts["Company"].merged == 1
    assert store.stats().nodes["Company"] == companies
    node = store.get(org)
    assert node is not None and node.id == f"uscc:{TIANYE}"
    assert {"新疆天业（集团）有限公司", "Xinjiang Tianye"} <= set(node.all_names)
    assert {p.source for p in node.provenance} == {"cn-enterprise-registration", BUNDLE}


def test_same_source_records_sharing_an_id_are_only_candidates(
    tmp_path: Path, store: SQLiteStore
) -> None:
    path = sdn(
        tmp_path,
        [
            (1, "BANK ONE", "Tax ID No. 7750004150 (Russia)."),
            (
                2,
                "BANK TWO OJSC",
                "Tax ID No. 7750004150 (Russia); Registration Number 1027700047100 (Russia).",
            ),
        ],
    )
    report = load(store, "ofac-sdn", [path])
    assert report.counts["Company"].merged == 0
    assert store.resolve("ofac:1") != store.resolve("ofac:2")
    rows = pending(store)
    assert [(r["a"], r["b"]) for r in rows] == [("ofac:1", "ofac:2")]
    assert rows[0]["features"] == {"shared_strong_id": ["reg:ru-inn:7750004150"]}
    assert report.candidates == 1


def test_a_shared_id_with_another_scheme_disagreeing_scores_lower(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """As in the real SDN list (entries 35864 and 35865): one OGRN, two INNs, two
    companies.  Still proposed, but below a pair whose other ids agree, with the INNs
    that disagree named."""
    path = sdn(
        tmp_path,
        [
            (1, "CONCERN ONE", "Tax ID No. 7842335610 (Russia); Registration Number 5067847016782 (Russia)."),
            (2, "PLANT TWO", "Tax ID No. 6444009038 (Russia); Registration Number 5067847016782 (Russia)."),
            (3, "BANK THREE", "Tax ID No. 7750004150 (Russia)."),
            (4, "BANK FOUR", "Tax ID No. 7750004150 (Russia); Registration Number 1027700047100 (Russia)."),
        ],
    )  # fmt: skip
    load(store, "ofac-sdn", [path])
    rows = {(r["a"], r["b"]): r for r in pending(store)}
    assert set(rows) == {("ofac:1", "ofac:2"), ("ofac:3", "ofac:4")}
    conflict, agreed = rows[("ofac:1", "ofac:2")], rows[("ofac:3", "ofac:4")]
    assert conflict["features"] == {
        "shared_strong_id": ["reg:ru-ogrn:5067847016782"],
        "conflicting_strong_id": [["reg:ru-inn:7842335610"], ["reg:ru-inn:6444009038"]],
    }
    assert "conflicting_strong_id" not in agreed["features"]
    assert conflict["score"] < agreed["score"]
    first = pending(store)[0]
    assert (first["a"], first["b"]) == ("ofac:3", "ofac:4")


def test_strong_id_from_another_source_merges_and_is_counted(
    tmp_path: Path, store: SQLiteStore
) -> None:
    load(store, "ofac-sdn", [sdn(tmp_path, [(7, "ACME OOO", "Tax ID No. 1832090230 (Russia).")])])
    ftm = tmp_path / "e.ftm.json"
    ftm.write_text(
        '{"id": "acme", "schema": "Company", "properties": {"name": ["Acme LLC"],'
        ' "innCode": ["1832090230"], "jurisdiction": ["ru"]}}\n',
        "utf-8",
    )
    before = store.stats()
    report = load(store, "ftm", [ftm])
    assert report.counts["Company"].merged == 1
    assert store.resolve("ftm:acme") == "ofac:7"
    assert store.stats().nodes == before.nodes
    again = load(store, "ftm", [ftm])
    assert again.counts["Company"].merged == 1 and store.stats().nodes == before.nodes


# -- name candidates and decisions ---------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path, store: SQLiteStore) -> tuple[Path, str, str]:
    """A registry company and a bundle company with the same name written differently."""
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    folder = bundle(tmp_path, ["t1,company,新疆天业(集团)有限责任公司,,,,CN,"])
    report = load(store, "bundle", [folder])
    assert report.candidates == 1
    other = store.resolve(T1)
    assert other is not None and other != f"uscc:{TIANYE}"
    return folder, f"uscc:{TIANYE}", other


def test_name_variant_becomes_a_pending_candidate_not_a_merge(
    store: SQLiteStore, pair: tuple[Path, str, str]
) -> None:
    _, a, b = pair
    rows = pending(store)
    assert len(rows) == 1
    row = rows[0]
    assert {row["a"], row["b"]} == {a, b} and row["decision"] == "pending"
    features = row["features"]
    assert isinstance(features, dict)
    assert features["normalised_name_equal"] is True and features["same_country"] == ["cn"]
    assert isinstance(row["score"], float) and 0.9 <= row["score"] <= 1.0
    rels, _ = store.rels_of(a, types=[RelType.LINKED_TO])
    assert [r.props["kind"] for r in rels] == [POSSIBLY]


def test_reload_leaves_counts_and_candidates_unchanged(
    store: SQLiteStore, pair: tuple[Path, str, str]
) -> None:
    folder, _, _ = pair
    before = store.stats()
    load(store, "bundle", [folder])
    assert store.stats() == before and len(pending(store)) == 1


def test_conflicting_uscc_is_never_a_candidate(tmp_path: Path, store: SQLiteStore) -> None:
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    report = load(
        store, "bundle", [bundle(tmp_path, [f"t1,company,新疆天业(集团)有限公司,,{OTHER},,,"])]
    )
    assert report.candidates == 0 and pending(store) == []


def test_common_chinese_person_names_are_never_proposed(store: SQLiteStore) -> None:
    store.upsert_nodes(
        [
            Node("p:1", NodeType.PERSON, "王伟", provenance=(Provenance("a", "1"),)),
            Node("p:2", NodeType.PERSON, "王伟", provenance=(Provenance("b", "1"),)),
            Node("p:3", NodeType.PERSON, "ZAKHAROV, Nikita", provenance=(Provenance("a", "2"),)),
            Node("p:4", NodeType.PERSON, "Nikita Zakharov", provenance=(Provenance("b", "2"),)),
        ]
    )
    assert propose(store, ["p:2", "p:4"]) == 1
    (row,) = pending(store)
    assert {row["a"], row["b"]} == {"p:3", "p:4"}
    assert row["features"]["person_name_only"] is True  # type: ignore[index]
    assert isinstance(row["score"], float) and row["score"] < 0.8


def test_confirm_merges_and_survives_a_reload(
    store: SQLiteStore, pair: tuple[Path, str, str]
) -> None:
    folder, a, b = pair
    assert confirm(store, a, b) == a
    assert store.resolve(b) == a and store.resolve(T1) == a
    merged = store.stats()
    report = load(store, "bundle", [folder])
    assert report.candidates == 0 and store.stats() == merged
    assert store.resolve(T1) == a
    node = store.get(a)
    assert node is not None
    assert [d["merged"] for d in node.props["match_decisions"]] == [b]
    rows = list_matches(store)
    assert [(r["decision"], r["a"], r["b"]) for r in rows] == [("confirmed", a, b)]
    assert pending(store) == []


def test_reject_is_remembered_across_reloads(
    store: SQLiteStore, pair: tuple[Path, str, str]
) -> None:
    folder, a, b = pair
    reject(store, b, a)
    assert pending(store) == []
    before = store.stats()
    load(store, "bundle", [folder])
    assert store.stats() == before and pending(store) == []
    (row,) = list_matches(store)
    assert row["decision"] == "rejected"
    rels, _ = store.rels_of(a, types=[RelType.LINKED_TO])
    assert [r.props["kind"] for r in rels] == [NOT_SAME]
    assert store.resolve(a) != store.resolve(b)


def test_decisions_on_unknown_or_identical_ids(
    store: SQLiteStore, pair: tuple[Path, str, str]
) -> None:
    _, a, b = pair
    with pytest.raises(NotFound):
        confirm(store, a, "uscc:nope")
    with pytest.raises(NotFound):
        reject(store, "nope", b)
    with pytest.raises(InvalidInput):
        confirm(store, a, a)


# -- a record whose alias is another entity's own id ---------------------------------

LEI = "213800FERQ5LE3H7WJ58"


@pytest.mark.parametrize("lei_first", [True, False])
def test_a_record_merges_into_the_entity_keyed_by_its_lei(
    tmp_path: Path, store: SQLiteStore, lei_first: bool
) -> None:
    """One bundle knows the company by its LEI alone (stored as ``lei:...``), another by
    USCC and LEI (``uscc:...`` with the LEI as an alias): one company, whichever loads
    first, so a listing by either id is found by the other."""
    by_lei = bundle(tmp_path, [f"a1,company,Dentsu International Ltd,,,{LEI},gb,"], "a")
    both = bundle(tmp_path, [f"d1,company,电通国际有限公司,,{TIANYE},{LEI},gb,"], "d")
    first, second = (by_lei, both) if lei_first else (both, by_lei)
    load(store, "bundle", [first])
    report = load(store, "bundle", [second])
    assert report.counts["Company"].merged == 1
    assert store.stats().nodes["Company"] == 1
    assert store.resolve(f"lei:{LEI}") == store.resolve(f"uscc:{TIANYE}")
    again = load(store, "bundle", [second])
    assert again.counts["Company"].merged == 1 and store.stats().nodes["Company"] == 1


# -- the organization code inside a USCC, whichever reader gave the USCC --------------


def _ftm_company(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "e.ftm.json"
    path.write_text(
        '{"id": "tianye", "schema": "Company", "properties": {"name": ["Xinjiang Tianye"],'
        f' "registrationNumber": ["{code}"], "jurisdiction": ["cn"]}}}}\n',
        "utf-8",
    )
    return path


@pytest.mark.parametrize("reader", ["bundle", "ftm"])
def test_an_org_code_record_merges_with_a_uscc_from_any_reader(
    tmp_path: Path, store: SQLiteStore, reader: str
) -> None:
    """The organization code inside a USCC names the company whichever reader gave the
    USCC: a later record known only by ``org:`` merges into it, not a name candidate."""
    if reader == "bundle":
        load(
            store,
            "bundle",
            [bundle(tmp_path, [f"a1,company,新疆天业有限公司,,{TIANYE},,cn,"], "a")],
        )
    else:
        load(store, "ftm", [_ftm_company(tmp_path, TIANYE)])
    org = org_alias(TIANYE)
    assert org is not None and store.resolve(org) == store.resolve(f"uscc:{TIANYE}")
    report = load(
        store, "bundle", [bundle(tmp_path, [f"{org},company,新疆天业有限公司,,,,cn,"], "b")]
    )
    assert report.counts["Company"].merged == 1 and report.candidates == 0
    assert store.stats().nodes["Company"] == 1


# -- a shared id with conflicting USCCs ------------------------------------------------


def test_a_shared_lei_never_merges_two_different_usccs(tmp_path: Path, store: SQLiteStore) -> None:
    """Two records of two sources with one LEI but different USCCs are two companies
    (or one id is wrong): kept apart, proposed as a pair that names the disagreeing
    USCCs, and the load warns; a reload does the same and merges nothing."""
    load(
        store,
        "bundle",
        [bundle(tmp_path, [f"a7,company,己未能源有限公司,,{TIANYE},{LEI},cn,"], "a")],
    )
    second = bundle(tmp_path, [f"b7,company,己未能源有限公司,,{OTHER},{LEI},cn,"], "b")
    for reload in (False, True):
        report = load(store, "bundle", [second])
        assert report.counts["Company"].merged == reload  # a reload rewrites its own entity
        assert store.resolve(f"uscc:{TIANYE}") != store.resolve(f"uscc:{OTHER}")
        assert store.stats().nodes["Company"] == 2
        assert store.resolve(f"lei:{LEI}") == f"uscc:{TIANYE}"  # the id stays with its first
        (warned,) = [w for w in report.warning_samples if w["record_id"] == f"uscc:{OTHER}"]
        assert f"uscc:{OTHER}" in warned["detail"] and f"uscc:{TIANYE}" in warned["detail"]
        # Reported under its own reason, not as ids naming several entities.
        assert warned["reason"] == CONFLICTING and CONFLICTING in report.warnings
        rows = pending(store)
        assert [(r["a"], r["b"]) for r in rows] == [(f"uscc:{TIANYE}", f"uscc:{OTHER}")]
        assert rows[0]["features"]["shared_strong_id"] == [f"lei:{LEI}"]
        assert rows[0]["features"]["conflicting_strong_id"] == [
            [org_alias(TIANYE), f"uscc:{TIANYE}"],
            [org_alias(OTHER), f"uscc:{OTHER}"],
        ]
        assert rows[0]["score"] == 0.5


# -- two rows of one file with one USCC -----------------------------------------------

DUP = "91110000MA00EEE51T"


def test_bundle_rows_with_one_uscc_and_two_names_stay_apart(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """The second row keeps its own id (the USCC an alias), so its listing stays on it;
    the pair is a shared_strong_id candidate and the load warns with both lines."""
    folder = bundle(
        tmp_path,
        [f"e1,company,壬戌制药有限公司,,{DUP},,cn,", f"e2,company,癸亥物流有限公司,,{DUP},,cn,"],
    )
    (folder / "listings.csv").write_text(
        "entity,list,start,end,status,case_no,reason,agency\n"
        "e2,CN_SPC_DISHONEST,2024-03-01,,active,C-1,test,SPC\n",
        "utf-8",
    )
    for _ in range(2):  # a reload keeps them apart the same way
        report = load(store, "bundle", [folder])
        assert store.stats().nodes["Company"] == 2
        first, second = store.resolve(f"{BUNDLE}:e1"), store.resolve(f"{BUNDLE}:e2")
        assert first == f"uscc:{DUP}" and second is not None and second != first
        node = store.get(second)
        assert node is not None and node.name == "癸亥物流有限公司" and f"uscc:{DUP}" in node.ids
        listed = [r.src for r in store.rels_of(second, types=[RelType.LISTED_ON])[0]]
        assert listed == [second]
        assert not store.rels_of(first, types=[RelType.LISTED_ON])[0]
        (warned,) = [w for w in report.warning_samples if w["record_id"] == "e2"]
        assert warned["reason"] == SAME_USCC_OTHER_NAME
        assert "line 2 (壬戌制药有限公司)" in warned["detail"]
        rows = pending(store)
        assert [{r["a"], r["b"]} for r in rows] == [{first, second}]
        assert rows[0]["features"]["shared_strong_id"] == [f"uscc:{DUP}", org_alias(DUP)]


def test_bundle_rows_with_one_uscc_and_one_name_are_one_company_warned(
    tmp_path: Path, store: SQLiteStore
) -> None:
    folder = bundle(
        tmp_path,
        [
            f"e1,company,壬戌制药有限公司,,{DUP},,cn,",
            f"e2,company,壬戌制药有限责任公司,,{DUP},,cn,",
        ],
    )
    report = load(store, "bundle", [folder])
    assert store.stats().nodes["Company"] == 1
    assert store.resolve(f"{BUNDLE}:e2") == store.resolve(f"{BUNDLE}:e1") == f"uscc:{DUP}"
    assert report.warnings[SAME_USCC] == 1 and pending(store) == []


def test_registry_rows_with_one_uscc_and_two_names_stay_apart(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """Each company keeps its own legal representative."""
    path = tmp_path / "reg.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for company, rep in (("壬戌制药有限公司", "张大山"), ("癸亥物流有限公司", "李小河")):
            w.writerow([company, DUP, "2002-01-01", "N/A", rep, "N/A", "", "北京", "", ""])
    report = load(store, "cn-registry", [path])
    assert store.stats().nodes["Company"] == 2
    assert report.warnings[SAME_USCC_OTHER_NAME] == 1
    officers = {}
    for n in store.search("有限公司", types=[NodeType.COMPANY]):
        rels, _ = store.rels_of(n.id, types=[RelType.OFFICER_OF])
        officers[n.name] = sorted(store.get(r.src).name for r in rels)  # type: ignore[union-attr]
    assert officers == {"壬戌制药有限公司": ["张大山"], "癸亥物流有限公司": ["李小河"]}
    rows = pending(store)
    assert len(rows) == 1
    assert rows[0]["features"]["shared_strong_id"] == [f"uscc:{DUP}", org_alias(DUP)]


def test_exposure_and_screen_by_a_uscc_two_rows_gave_name_the_other(
    tmp_path: Path, store: SQLiteStore
) -> None:
    """The USCC resolves to the first row's company; the listed second row must not be
    missed without a word by whoever asks by the USCC."""
    from graph.risk.exposure import exposure
    from graph.risk.screening import match_row

    folder = bundle(
        tmp_path,
        [f"e1,company,壬戌制药有限公司,,{DUP},,cn,", f"e2,company,癸亥物流有限公司,,{DUP},,cn,"],
    )
    load(store, "bundle", [folder])
    second = store.resolve(f"{BUNDLE}:e2")
    rep = exposure(store, DUP)
    assert rep.ambiguous is not None and [o["id"] for o in rep.ambiguous["others"]] == [second]
    match = match_row(store, {"uscc": DUP})
    assert "ambiguous" in match.flags and match.others == [second]
