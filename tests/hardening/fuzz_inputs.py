"""Hypothesis strategies that write one input of each format: good records the load
must keep, and hostile records it must quarantine or warn about, mixed in one file.

A strategy draws a ``Case``: the files to write (bytes, so encodings are part of
the draw), the path to hand to ``load``, the ids that must be in the store
afterwards and how many hostile records it holds.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from hypothesis import strategies as st

# Real, valid codes: hostile records never need a valid id to be hostile.
USCCS = (
    "91440300192185379H",
    "911101177000702372",
    "91110302633715751M",
    "91520000214434146R",
    "914403001922038216",
)
LEIS = ("001GPB6A9XPE8XJICC14", "5493001Z012YSB2A0K51")

# The absurd shares of issue 7, plus a few their parsers might trip over.
ABSURD_SHARES = (
    "-5", "150", "100.0000001", "NaN", "nan", "inf", "-inf", "五十", "50%", "1e400",
    "0x10", "--1", "", " ", "５０", "½", "50,5", "1/0", "None", "null",
)  # fmt: skip
ABSURD_JSON_SHARES: tuple[object, ...] = (
    -5, 150, 1e308, "NaN", "50%", "五十", None, True, [], {}, {"exact": 1}, "inf",
)  # fmt: skip

# Shares a reader may rightly read as a share (a percent sign, full-width digits).
# Blank is a share not given.
SANE_SHARES = frozenset({"50%", "５０", "50", "", " "})

# Names: anything printable, including markup, quotes, CSV and JSON metacharacters.
HOSTILE_TEXT = st.one_of(
    st.sampled_from(
        ['"', "'", ",", "\n", "\r\n", "\\", "{}", "${x}", "<b>", "\x00", "\ufeff", "\u202e",
         "'); DROP TABLE nodes;--", "MATCH (n) DETACH DELETE n", "`x`"]
    ),
    st.text(min_size=1, max_size=12),
)  # fmt: skip
# A name a good record may carry: hostile, but with something visible in it.
NAME = HOSTILE_TEXT.map(lambda s: f"{s}名")
CJK_NAME = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2,
                   max_size=8)  # fmt: skip


@dataclass
class Case:
    fmt: str
    files: dict[str, bytes]
    path: str  # relative to the case folder
    good: list[str] = field(default_factory=list)
    bad: int = 0
    # Whole-file damage (truncation, another encoding): a clear InvalidInput is a
    # handled answer too, and the good ids are no longer promised.
    damaged: bool = False


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    # CRLF rows: the writer then quotes a field holding a bare CR too, as Excel does.
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@st.composite
def damage(draw: st.DrawFn, case: Case) -> Case:
    """Maybe truncate one file, re-encode it (GBK, UTF-16) or splice in random bytes."""
    how = draw(st.sampled_from(["none", "none", "truncate", "gbk", "utf16", "bytes"]))
    if how == "none":
        return case
    name = draw(st.sampled_from(sorted(case.files)))
    data = case.files[name]
    if how == "truncate":
        data = data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    elif how == "gbk":
        text = data.decode("utf-8")
        data = text.encode("gbk", errors="replace")
        if data.decode("gbk", errors="replace") == text:
            # A faithful GBK file is not damage: the loaders must read it as it is.
            return Case(case.fmt, {**case.files, name: data}, case.path, case.good, case.bad)
    elif how == "utf16":
        data = data.decode("utf-8").encode("utf-16")
    else:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=40)) + data[at:]
    return Case(case.fmt, {**case.files, name: data}, case.path, case.good, case.bad, True)


REGISTRY_HEADER = ["企业名称", "统一社会信用代码", "注册日期", "企业类型", "法人代表", "注册资金",
                   "经营范围", "所在省份", "地区", "注册地址"]  # fmt: skip


@st.composite
def cn_registry(draw: st.DrawFn) -> Case:
    rows: list[list[str]] = []
    good, bad = [], 0
    codes = draw(st.lists(st.sampled_from(USCCS), min_size=1, max_size=3, unique=True))
    for code in codes:
        capital = draw(st.sampled_from(["10(万元)", "N/A", *ABSURD_SHARES]))
        rows.append([draw(CJK_NAME) + "有限公司", code, draw(st.sampled_from(["1999-01-01",
                     "1999-13-45", "", "昨天"])), "N/A", draw(CJK_NAME), capital, "x", "北京",
                     "平谷", draw(HOSTILE_TEXT)])  # fmt: skip
        good.append(f"uscc:{code}")
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["short", "long", "noname"]))
        row = [draw(CJK_NAME), "", "", "", "x", "", "", "", "", ""]
        if kind == "short":
            row = row[: draw(st.integers(1, 9))]
        elif kind == "long":
            row += [draw(HOSTILE_TEXT)]
        else:
            row[0] = ""
        rows.insert(draw(st.integers(0, len(rows))), row)
        bad += 1
    text = _csv([REGISTRY_HEADER, *rows])
    return draw(damage(Case("cn-registry", {"reg.csv": text.encode()}, "reg.csv", good, bad)))


@st.composite
def cn_holders(draw: st.DrawFn) -> Case:
    company = _csv([["companyId:ID(Company)", "name:string", "fullname:string", ":LABEL"],
                    ["600075.SH", "新疆天业", "新疆天业股份有限公司", "Company"]])  # fmt: skip
    rows = [["600075.SH", "20201016", "20200930", "李慧琼", "18364944.0", "1.35"]]
    bad = 0
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["share", "short", "date", "noname"]))
        row = ["600075.SH", "20201016", "20200930", draw(CJK_NAME), "1.0", "2.0"]
        if kind == "share":
            row[5] = draw(st.sampled_from(ABSURD_SHARES))
            bad -= row[5] in SANE_SHARES
        elif kind == "short":
            row = row[: draw(st.integers(1, 5))]
        elif kind == "date":
            row[2] = draw(st.sampled_from(["2020-09-30x", "", "99999999", "二〇二〇"]))
        else:
            row[3] = ""
        rows.append(row)
        bad += 1
    files = {
        "h/company.csv": company.encode(),
        "h/relation.csv": _csv([
            ["ts_code", "ann_date", "end_date", "holder_name", "hold_amount", "hold_ratio"], *rows
        ]).encode(),
    }  # fmt: skip
    return draw(damage(Case("cn-holders", files, "h", ["ticker:600075.SH"], bad)))


@st.composite
def ofac_sdn(draw: st.DrawFn) -> Case:
    rows, good, bad = [], [], 0
    for n in draw(st.lists(st.integers(1, 99999), min_size=1, max_size=3, unique=True)):
        name = draw(NAME)
        rows.append(
            [
                str(n),
                name,
                draw(st.sampled_from(["-0- ", "individual", "vessel"])),
                "CUBA",
                "-0- ",
                "-0- ",
                "-0- ",
                "-0- ",
                "-0- ",
                "-0- ",
                "-0- ",
                draw(st.sampled_from(["-0- ", "a.k.a. 'X'.", "Linked To: NOBODY."])),
            ]
        )
        good.append(f"ofac:{n}")  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["short", "num", "name"]))
        row = ["100001", "X", "-0- ", "CUBA", *["-0- "] * 8]
        if kind == "short":
            row = row[: draw(st.integers(1, 11))]
        elif kind == "num":
            row[0] = draw(st.sampled_from(["abc", "", "-0- ", "1.5", "五"]))
        else:
            row[1] = draw(st.sampled_from(["", "-0- ", " "]))
        rows.insert(draw(st.integers(0, len(rows))), row)
        bad += 1
    text = _csv(rows) + "\x1a\n"
    return draw(damage(Case("ofac-sdn", {"sdn.csv": text.encode()}, "sdn.csv", good, bad)))


def _jl(objs: list[object]) -> bytes:
    return "".join(
        (o if isinstance(o, str) else json.dumps(o, ensure_ascii=False)) + "\n" for o in objs
    ).encode()


@st.composite
def ftm(draw: st.DrawFn) -> Case:
    owner = {"id": "c-owner", "schema": "Company", "properties": {"name": [draw(NAME)]}}
    asset = {"id": "c-asset", "schema": "Company", "properties": {"name": ["Asset"]}}
    lines: list[object] = [owner, asset]
    bad = 0
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["share", "json", "notdict", "schema", "props"]))
        if kind == "share":
            pct = draw(st.sampled_from([*ABSURD_SHARES, *ABSURD_JSON_SHARES]))
            bad -= isinstance(pct, str) and pct in SANE_SHARES
            lines.append({"id": f"own{i}", "schema": "Ownership", "properties": {
                "owner": ["c-owner"], "asset": ["c-asset"], "percentage": [pct]}})  # fmt: skip
        elif kind == "json":
            lines.append(draw(st.sampled_from(['{"id": "x", "schema": ', "{", "][", "{'a': 1}"])))
        elif kind == "notdict":
            lines.append(draw(st.sampled_from([[1, 2], "text", None, 5])))
        elif kind == "schema":
            lines.append({"id": f"u{i}", "schema": draw(st.sampled_from(["Nope", "", 5, None]))})
        else:
            lines.append({"id": f"p{i}", "schema": "Company",
                          "properties": draw(st.sampled_from([[], "x", {"name": [{"a": 1}]},
                                                              {"name": [None]}, None]))})  # fmt: skip
        bad += 1
    return draw(damage(Case("ftm", {"e.json": _jl(lines)}, "e.json", ["ftm:c-owner"], bad)))


def _bods_entity(sid: str, name: str) -> dict[str, object]:
    return {"statementID": sid, "statementType": "entityStatement", "entityType":
            "registeredEntity", "name": name, "publicationDetails": {"bodsVersion": "0.2"}}  # fmt: skip


@st.composite
def bods(draw: st.DrawFn) -> Case:
    lines: list[object] = [_bods_entity("e1", draw(NAME)), _bods_entity("e2", "Two")]
    bad = 0
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["share", "json", "notdict", "type", "refs"]))
        if kind == "share":
            share = draw(st.sampled_from(ABSURD_JSON_SHARES))
            # {"exact": null} or {} is a share not given, {"exact": 1} a share of 1 %: both fine.
            bad -= share in (None, {}, {"exact": 1})
            lines.append(
                {
                    "statementID": f"o{i}",
                    "statementType": "ownershipOrControlStatement",
                    "subject": {"describedByEntityStatement": "e2"},
                    "interestedParty": {"describedByEntityStatement": "e1"},
                    "interests": [
                        {
                            "type": "shareholding",
                            "share": share if isinstance(share, dict) else {"exact": share},
                        }
                    ],
                }
            )
        elif kind == "json":
            lines.append(draw(st.sampled_from(['{"statementID": ', "{", "]"])))
        elif kind == "notdict":
            lines.append(draw(st.sampled_from([[1], "s", None, 3])))
        elif kind == "type":
            lines.append(
                {
                    "statementID": f"t{i}",
                    "statementType": draw(st.sampled_from(["bogus", None, 1, ""])),
                }
            )
        else:
            lines.append(
                {
                    "statementID": f"r{i}",
                    "statementType": "ownershipOrControlStatement",
                    "subject": draw(st.sampled_from([None, "e2", {}, []])),
                    "interestedParty": draw(st.sampled_from([None, 5, {"x": 1}])),
                    "interests": draw(st.sampled_from([None, "x", [None], [{"share": 5}]])),
                }
            )
        bad += 1  # fmt: skip
    return draw(damage(Case("bods", {"b.json": _jl(lines)}, "b.json", ["bods:e1"], bad)))


@st.composite
def gleif(draw: st.DrawFn) -> Case:
    recs: list[object] = [{"LEI": LEIS[0], "Entity": {"LegalName": draw(NAME)},
                           "Registration": {"RegistrationStatus": "ISSUED"}}]  # fmt: skip
    bad = 0
    for _ in range(draw(st.integers(0, 4))):
        recs.append(draw(st.sampled_from([
            {"LEI": None, "Entity": {"LegalName": "x"}},
            {"LEI": 5, "Entity": {"LegalName": "x"}},
            {"LEI": LEIS[1], "Entity": None},
            {"LEI": LEIS[1], "Entity": {"LegalName": ["x"]}},
            {"LEI": LEIS[1], "Entity": "x"},
            {"Relationship": {"StartNode": {"NodeID": LEIS[0]}, "EndNode": None,
                              "RelationshipType": "IS_DIRECTLY_CONSOLIDATED_BY"}},
            {"Relationship": {"StartNode": {"NodeID": 5}, "EndNode": {"NodeID": [1]},
                              "RelationshipType": None}},
            {"Relationship": "x"},
            [1, 2], "text", None,
        ])))  # fmt: skip
        bad += 1
    data = json.dumps(recs, ensure_ascii=False).encode()
    return draw(damage(Case("gleif", {"l.json": data}, "l.json", [f"lei:{LEIS[0]}"], bad)))


@st.composite
def bundle(draw: st.DrawFn) -> Case:
    ents = [["id", "type", "name", "names", "uscc", "lei", "country", "status"],
            ["E1", "Company", draw(NAME), "", USCCS[0], "", "cn", "active"],
            ["P1", "Person", "张三", "", "", "", "cn", ""]]  # fmt: skip
    rels = [["type", "src", "dst", "role", "share", "start", "end", "basis", "source_record"],
            ["OWNS", "P1", "E1", "", "51%", "2015-01-01", "", "", "r1"]]  # fmt: skip
    lists = [["entity", "list", "start", "end", "status", "case_no", "reason", "agency"]]
    bad = 0
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["share", "type", "short", "date", "entity"]))
        if kind == "share":
            share = draw(st.sampled_from(ABSURD_SHARES))
            bad -= share in SANE_SHARES
            rels.append(["OWNS", "E1", "P1" if i % 2 else "E1", "", share, "", "", "", f"x{i}"])
        elif kind == "type":
            rels.append(
                [
                    draw(st.sampled_from(["OWNZ", "DROP", "", "`X`"])),
                    "P1",
                    "E1",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"t{i}",
                ]
            )
        elif kind == "short":
            rels.append(["OWNS", "P1"])
        elif kind == "date":
            rels.append(
                [
                    "OWNS",
                    "P1",
                    "E1",
                    "",
                    "10%",
                    draw(st.sampled_from(["2015-02-30", "tomorrow", "0000-00-00"])),
                    "",
                    "",
                    f"d{i}",
                ]
            )
        else:
            ents.append(
                [f"X{i}", draw(st.sampled_from(["Nope", "", "Firma"])), "x", "", "", "", "", ""]
            )
        bad += 1  # fmt: skip
    files = {"b/entities.csv": _csv(ents).encode(), "b/relationships.csv": _csv(rels).encode(),
             "b/listings.csv": _csv(lists).encode()}  # fmt: skip
    return draw(damage(Case("bundle", files, "b", [f"uscc:{USCCS[0]}"], bad)))


STRATEGIES = {
    "cn-registry": cn_registry,
    "cn-holders": cn_holders,
    "ofac-sdn": ofac_sdn,
    "ftm": ftm,
    "bods": bods,
    "gleif": gleif,
    "bundle": bundle,
}
