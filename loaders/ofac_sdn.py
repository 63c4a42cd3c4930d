"""Reader for OFAC's legacy SDN CSV files (format ``ofac-sdn``).

``sdn.csv`` has no header: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign,
Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks, with ``-0-`` for empty.
``alt.csv`` (ent_num, alt_num, alt_type, alt_name, alt_remarks) and ``add.csv``
(ent_num, add_num, address, city/state/zip, country, add_remarks) are read when they
sit beside it.  Individuals become Person nodes; entities, vessels and aircraft
become Company nodes with ``props["kind"]``.  Ids are ``ofac:<ent_num>``.  Every
entry is LISTED_ON ``list:US_OFAC_SDN`` (regime ``ofac``, issued by ``agency:OFAC``,
as in the catalog) with ``props["programs"]`` split from "SDGT] [IRGC".  An entry
designated under EO 13382 (program ``NPWMD``) is also LISTED_ON
``list:US_BIS_SDN_744_8`` (regime ``bis``): 15 CFR 744.8(a)(1) puts a BIS licence
requirement on it, and the Affiliates Rule reaches what it owns (DOMAIN.md §7.4).

Aliases come from alt.csv and, for the weak aliases the legacy files keep there, from
the remarks (``remark_aliases``); identifiers from the remarks (``remark_ids``).  The file
gives no designation dates: a listing whose programs the catalog dates starts on the
day their legal basis took effect, marked ``start_recorded = False``
(``loaders.lists.undated_start``); any other has no start.

The file ends with a DOS end-of-file byte (``\\x1a``) on its own line: that is not
a record and is passed over.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.lei import validate_lei
from graph.model import Node, NodeType, Provenance, Rel, RelType, rel_id
from graph.uscc import org_code_check_char, validate_uscc
from loaders.files import csv_rows, label
from loaders.lists import bis_744_8_listing, catalog_list_records, undated_start
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.regimes import BIS_SDN_LIST, under_744_8
from loaders.resolve import org_alias, ru_aliases

DEFAULT_SOURCE = "us_ofac_sdn"
HEAD_ROWS = 20  # bad rows before the first good one that make a file "not an SDN file"
LIST_ID = "list:US_OFAC_SDN"
COLUMNS = (
    "ent_num",
    "name",
    "type",
    "program",
    "title",
    "call_sign",
    "vess_type",
    "tonnage",
    "grt",
    "vess_flag",
    "vess_owner",
    "remarks",
)
_ORG_CODE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")
KINDS = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft", "": "entity"}


def cell(text: str) -> str:
    """OFAC writes ``-0-`` (often with a trailing space) for an empty cell.

    >>> cell("-0- "), cell(" SDGT ")
    ('', 'SDGT')
    """
    t = text.strip()
    return "" if t == "-0-" else t


def programs(text: str) -> list[str]:
    """>>> programs("IRAN] [SDGT] [IRGC")
    ['IRAN', 'SDGT', 'IRGC']
    """
    return [p.strip(" []") for p in cell(text).split("] [") if p.strip(" []")]


_REMARK_ID = re.compile(
    r"(Tax ID No\.|(?:Business )?Registration Number|Registration ID|Organization Code"
    r"|Unified Social Credit Code \(USCC\)|United Social Credit Code Certificate \(USCCC\)"
    r"|Legal Entity Number)\s+([A-Z0-9]+)(?:\s+\(([^)]*)\))?"
)
# Labels under which OFAC has written a Chinese company's registration: a value there
# that passes the GB 32100 checks is a USCC whatever the label says, and whatever the
# country after it or none ("Registration Number 91210200242663544B." on ent 26244):
# a code that passes both the check character and the organization code inside it
# is no other country's number by chance (about one in 341).
_CN_REGISTRATION = ("Business Registration Number", "Registration Number", "Registration ID")


def remark_ids(remarks: str) -> tuple[str, ...]:
    """Strong identifiers written in an entry's remarks, as aliases (``loaders.resolve``):
    USCC (with its organization code), LEI, and Russian tax (INN) and state registration
    (OGRN) numbers.  "alt." entries count too; other countries' numbers are not yet
    mapped to a scheme.

    OFAC spells the USCC two ways, and writes some under a registration label, not
    always followed by "(China)" (``_uscc``); a Chinese GB 11714 organization code is
    kept as ``org:``.  A Chinese 15-digit
    registration number has no scheme here and is left in the remarks.

    >>> remark_ids("Tax ID No. 1832090230 (Russia); Registration Number 1111832003018 (Russia).")
    ('reg:ru-inn:1832090230', 'reg:ru-ogrn:1111832003018')
    >>> remark_ids("Unified Social Credit Code (USCC) 91440300192185379H (China)")
    ('uscc:91440300192185379H', 'org:19218537-9')
    >>> remark_ids("United Social Credit Code Certificate (USCCC) 91420112711981060J (China).")
    ('uscc:91420112711981060J', 'org:71198106-0')
    >>> remark_ids("Registration ID 91320594MA1MAHHR9W (China); Organization Code 259861969 (China)")
    ('uscc:91320594MA1MAHHR9W', 'org:MA1MAHHR-9', 'org:25986196-9')
    >>> remark_ids("Registration Number 110108007999360 (China); Organization Code 259861968 (China)")
    ()
    >>> remark_ids("Registration Number 91210200242663544B.")  # no country written
    ('uscc:91210200242663544B', 'org:24266354-4')
    """
    out: list[str] = []
    for label_, value, country in _REMARK_ID.findall(remarks):
        uscc = _uscc(label_, value, country)
        if uscc is not None:
            out.append(f"uscc:{uscc}")
            org = org_alias(uscc)
            if org:
                out.append(org)
        elif label_ == "Organization Code":
            valid = _ORG_CODE.match(value) and org_code_check_char(value[:8]) == value[8]
            if country == "China" and valid:
                out.append(f"org:{value[:8]}-{value[8]}")
        elif label_.startswith("Legal Entity"):
            if validate_lei(value).valid:
                out.append(f"lei:{value}")
        elif country == "Russia":
            if label_.startswith("Tax"):
                out += ru_aliases(inn=[value])
            else:
                out += ru_aliases(ogrn=[value])
    return tuple(dict.fromkeys(out))


def _uscc(label_: str, value: str, country: str) -> str | None:
    """The USCC a remark gives, if it gives one: under a USCC label, a code passing the
    GB 32100 checks or a legacy Fujian pilot code; under a registration label, one
    passing every check whatever the country (a pilot code only when it says China).

    >>> _uscc("Registration Number", "91210200242663544B", ""), _uscc("Registration ID", "1", "")
    ('91210200242663544B', None)
    >>> _uscc("Registration Number", "91210200242663544C", "Cyprus") is None
    True
    """
    if "Social Credit" not in label_ and label_ not in _CN_REGISTRATION:
        return None
    check = validate_uscc(value)
    pilot_ok = "Social Credit" in label_ or country == "China"
    if check.issue is None or (check.issue == "legacy_pilot_checksum" and pilot_ok):
        return check.code
    return None


# The legacy files keep an entry's weak aliases (nicknames, acronyms, former names) in
# the remarks, not in alt.csv (OFAC FAQ 123): "a.k.a. 'NAME'", "f.k.a." (formerly),
# "n.k.a." (now).  A name runs to the quote that ends its remark, so apostrophes inside
# it ("ABU-'UMAR", "SUE RC 'KMP'") stay; a nickname OFAC quotes again (''FOOPIE'')
# loses the inner pair.
_REMARK_ALIAS = re.compile(r"\b([afn])\.k\.a\. '(.+?)'(?=\s*;|\.?\s*$)")
_ALIAS_OPENED = re.compile(r"\b[afn]\.k\.a\. '")
REMARKS_CUT = 1000  # OFAC cuts the remarks cell at this length, mid-alias at times


def remark_aliases(remarks: str) -> tuple[list[tuple[str, str]], int]:
    """``(kind, name)`` for the aliases in an entry's remarks, kind ``aka``, ``fka`` or
    ``nka`` as in alt.csv; and how many aliases were opened but cut off.

    >>> remark_aliases("Tax ID No. 1 (Russia); a.k.a. 'NPO IZHBS'; f.k.a. 'OOO X'.")
    ([('aka', 'NPO IZHBS'), ('fka', 'OOO X')], 0)
    >>> remark_aliases("a.k.a. ''FOOPIE''; a.k.a. ''ABD-AL-'IZ'; a.k.a. 'WHOIS HACKIN")
    ([('aka', 'FOOPIE'), ('aka', "'ABD-AL-'IZ")], 1)
    >>> remark_aliases("a.k.a. 'IG'; a.k.a. 'IG'.")
    ([('aka', 'IG')], 0)
    """
    out = []
    for k, name in _REMARK_ALIAS.findall(remarks):
        if len(name) > 2 and name[0] == name[-1] == "'":
            name = name[1:-1]
        out.append((f"{k}ka", name))
    cut = len(_ALIAS_OPENED.findall(remarks)) - len(out)
    return list(dict.fromkeys(out)), cut


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _is_eof(row: list[str]) -> bool:
    return len(row) == 1 and row[0].strip("\x1a \t") == ""


def _side_file(
    path: Path,
    name: str,
    width: int,
    file_refs: dict[str, list[tuple[int, list[str]]]],
    notes: list[Quarantined | Warned],
) -> None:
    side = path.with_name(name)
    if not side.exists():
        return
    for item in csv_rows(side):
        if not isinstance(item, tuple):
            notes.append(item)
            continue
        line, row = item
        if _is_eof(row) or not any(c.strip() for c in row):
            continue
        if len(row) < width or not cell(row[0]).isdigit():
            why, detail = (
                (WRONG_WIDTH, f"{len(row)} fields, at least {width} expected")
                if len(row) < width
                else ("entry number is not a number", repr(cell(row[0])[:40]))
            )
            notes.append(Quarantined(label(side), line, why, row, detail=detail))
            continue
        file_refs[cell(row[0])].append((line, row))


def read_ofac_sdn(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """SDN entries, their aliases and addresses, and their listings."""
    file = label(path)
    alts: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    adds: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    notes: list[Quarantined | Warned] = []
    _side_file(path, "alt.csv", 4, alts, notes)
    _side_file(path, "add.csv", 5, adds, notes)
    yield from catalog_list_records("US_OFAC_SDN")
    yield from notes
    seen: set[str] = set()
    lists_done: set[str] = set()
    # Rows before the first good one wait here: a file with no good row in its head is
    # not an SDN file (refused), one with a bad first row is (the row is quarantined).
    pending: list[Quarantined] | None = []
    for item in csv_rows(path):
        if isinstance(item, Warned):
            yield item
            continue
        if isinstance(item, Quarantined):
            # Counts as a bad row of the head, like one of the wrong width.
            if pending is None:
                yield item
            else:
                pending.append(item)
            continue
        line, row = item
        if _is_eof(row) or not any(c.strip() for c in row):
            continue
        ent_cell = cell(row[0])
        ok = len(row) == len(COLUMNS) and ent_cell.isascii() and ent_cell.isdigit()
        if not ok:
            why, detail = (
                (WRONG_WIDTH, f"{len(row)} fields, {len(COLUMNS)} expected")
                if len(row) != len(COLUMNS)
                else ("entry number is not a number", repr(ent_cell[:40]))
            )
            q = Quarantined(file, line, why, row, detail=detail)
            if pending is None:
                yield q
                continue
            pending.append(q)
            if len(pending) >= HEAD_ROWS:
                break
            continue
        if pending is not None:
            yield from pending
            pending = None
        rec = dict(zip(COLUMNS, (cell(c) for c in row), strict=True))
        ent = rec["ent_num"]
        if not rec["name"]:
            yield Quarantined(file, line, "no name", row)
            continue
        seen.add(ent)
        yield from _entry(file, line, rec, source, alts.get(ent, []), adds.get(ent, []), lists_done)
    if pending:
        row = pending[0].raw
        raise InvalidInput(
            f"{path}: not an OFAC sdn.csv (expected {len(COLUMNS)} columns starting with"
            f" an entry number, got {len(row)}: {row[:3]!r})",
            path=str(path),
        )
    for ent in sorted(set(alts) | set(adds)):
        if ent not in seen:
            side = "alt.csv" if ent in alts else "add.csv"
            line = (alts.get(ent) or adds[ent])[0][0]
            yield Warned(side, line, f"ofac:{ent}", "reference to record not in sdn.csv")


def _entry(
    file: str,
    line: int,
    rec: dict[str, str],
    source: str,
    alts: list[tuple[int, list[str]]],
    adds: list[tuple[int, list[str]]],
    lists_done: set[str],
) -> Iterator[Record]:
    ent = rec["ent_num"]
    nid = f"ofac:{ent}"
    kind = KINDS.get(rec["type"].lower(), rec["type"].lower())
    ntype = NodeType.PERSON if kind == "individual" else NodeType.COMPANY
    props: dict[str, Any] = {"kind": kind, "ofac_ent_num": int(ent)}
    for key in ("title", "call_sign", "vess_type", "tonnage", "grt", "vess_flag", "vess_owner"):
        if rec[key]:
            props[key] = rec[key]
    aliases: list[dict[str, Any]] = [{"type": cell(r[2]), "name": cell(r[3])} for _, r in alts]
    # alt.csv holds the strong aliases; the remarks add the weak ones, which may repeat.
    known = {_fold(a["name"]) for a in aliases}
    weak, cut = remark_aliases(rec["remarks"])
    for kind_, name in weak:
        if _fold(name) not in known:
            known.add(_fold(name))
            aliases.append({"type": kind_, "name": name, "weak": True})
    if cut:
        yield Warned(
            file,
            line,
            f"ofac:{ent}",
            f"alias cut off where OFAC truncates the remarks at {REMARKS_CUT} characters; skipped",
            detail=rec["remarks"][-60:],
        )
    names = tuple(dict.fromkeys(a["name"] for a in aliases if a["name"]))
    if aliases:
        props["aliases"] = aliases
    if adds:
        props["addresses"] = [
            {
                "address": cell(r[2]),
                "city": cell(r[3]),
                "country": cell(r[4]),
            }
            for _, r in adds
        ]
        countries = sorted({cell(r[4]) for _, r in adds if cell(r[4])})
        if countries:
            props["countries"] = countries
    prov = (Provenance(source, ent),)
    ids = remark_ids(rec["remarks"])
    yield Node(nid, ntype, rec["name"], names=names, ids=ids, props=props, provenance=prov)
    listing: dict[str, Any] = {"programs": programs(rec["program"]), "status": "active"}
    if rec["remarks"]:
        listing["remarks"] = rec["remarks"]
    # The file has no designation dates; a program the catalog dates bounds the start.
    bound = undated_start([], listing["programs"], None)
    start = None
    if bound is not None:
        start = bound.pop("start")
        listing.update(bound)
    sdn = Rel(
        rel_id(RelType.LISTED_ON, nid, LIST_ID, source),
        RelType.LISTED_ON,
        nid,
        LIST_ID,
        start=start,
        props=listing,
        provenance=prov,
    )
    yield sdn
    if under_744_8(listing["programs"]):
        if BIS_SDN_LIST not in lists_done:
            lists_done.add(BIS_SDN_LIST)
            yield from catalog_list_records(BIS_SDN_LIST)
        yield bis_744_8_listing(sdn)
