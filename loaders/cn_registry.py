"""Reader for Chinese enterprise-registration CSVs (format ``cn-registry``).

Headers: 企业名称, 统一社会信用代码, 注册日期, 企业类型, 法人代表, 注册资金, 经营范围,
所在省份, 地区, 注册地址.  One Company per row, keyed ``uscc:<code>``; the legal
representative becomes a Person linked OFFICER_OF with role ``legal_representative``.
A valid USCC also gives the alias ``org:<organization code>`` (``loaders.resolve``).

- ``N/A`` (and empty cells) mean missing: never a name, never a value.
- A code that fails the check character (or the embedded organization-code check,
  or is an early pilot code) is real data: the company keeps ``uscc:<code>`` with
  ``props["uscc_valid"] = False`` and ``props["uscc_issue"]``, and a warning.
- A code of the wrong length or with characters outside the USCC alphabet cannot be
  an id: the company gets a hashed id, ``props["uscc_raw"]`` keeps the text, warned.
- Rows whose name holds U+FFFD (text decoded from a different encoding, where the
  columns are often shifted too: that row is counted under this reason, its field
  count in the detail) or whose field count differs from the header are
  quarantined; so are rows holding bytes the file's encoding cannot decode
  (``loaders.files.csv_rows``).
- A second row with the same USCC is the same company when its name agrees (one
  company, warned), else kept apart under a hashed id with the USCC as an alias, and
  a candidate (``loaders.same_uscc``).
- The person's id is hashed from source, company id and name: a name alone does not
  identify a person; entity resolution may merge them later.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from graph.errors import InvalidInput
from graph.model import (
    Node,
    NodeType,
    Provenance,
    Rel,
    RelType,
    Role,
    company_id,
    hashed_id,
    rel_id,
)
from graph.uscc import validate_uscc
from loaders.capital import parse_capital
from loaders.files import csv_header, csv_rows, label
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.resolve import org_alias
from loaders.same_uscc import SAME_USCC, SAME_USCC_OTHER_NAME, UsccRows, same_uscc_detail

DEFAULT_SOURCE = "cn-enterprise-registration"
HEADERS = (
    "企业名称",
    "统一社会信用代码",
    "注册日期",
    "企业类型",
    "法人代表",
    "注册资金",
    "经营范围",
    "所在省份",
    "地区",
    "注册地址",
)
MISSING = frozenset({"", "N/A", "n/a", "NA", "无", "-", "--", "null", "NULL", "None"})
REPLACEMENT = "\ufffd"
UNDECODED_NAME = "undecodable text (U+FFFD) in name"


def value(text: str) -> str | None:
    """The cell's text, or None when it is a missing-value placeholder.

    >>> value(" N/A "), value("吴健")
    (None, '吴健')
    """
    t = text.strip()
    return None if t in MISSING else t


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def read_cn_registry(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Companies and legal representatives from one registration CSV."""
    file = label(path)
    rows = csv_rows(path, kind="Company")
    first = csv_header(path, rows)
    if first is None:
        raise InvalidInput(f"{path}: empty file, expected cn-registry headers", path=str(path))
    header = [h.strip() for h in first]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise InvalidInput(
            f"{path}: not a cn-registry file, missing column(s) {', '.join(missing)}",
            path=str(path),
            missing=missing,
        )
    col = {h: header.index(h) for h in HEADERS}
    width = len(header)
    at = col["企业名称"]
    usccs = UsccRows()
    try:
        yield from _rows(file, rows, col, width, at, source, usccs)
    finally:
        usccs.close()


def _rows(
    file: str,
    rows: Iterator[tuple[int, list[str]] | Record],
    col: dict[str, int],
    width: int,
    at: int,
    source: str,
    usccs: UsccRows,
) -> Iterator[Record]:
    for item in rows:
        if not isinstance(item, tuple):
            yield item
            continue
        line, row = item
        if not any(c.strip() for c in row):
            continue
        wrong = f"{len(row)} fields, header has {width}" if len(row) != width else ""
        # Before the width: text decoded from another encoding also loses the quotes
        # and commas that delimit it, so its wrong width is that one cause again.
        if at < len(row) and REPLACEMENT in row[at]:
            yield Quarantined(file, line, UNDECODED_NAME, row, "Company", wrong)
            continue
        if wrong:
            yield Quarantined(file, line, WRONG_WIDTH, row, "Company", wrong)
            continue
        name = value(row[at])
        if name is None:
            yield Quarantined(file, line, "no company name", row, "Company")
            continue
        yield from _company(file, line, row, col, name, source, usccs)


def _company(
    file: str,
    line: int,
    row: list[str],
    col: dict[str, int],
    name: str,
    source: str,
    usccs: UsccRows,
) -> Iterator[Record]:
    raw_code = value(row[col["统一社会信用代码"]]) or ""
    props: dict[str, object] = {}
    if raw_code:
        check = validate_uscc(raw_code)
        if check.issue in (None, "bad_check", "org_code_check", "legacy_pilot_checksum"):
            cid = company_id(uscc=check.code)
            props["uscc"] = check.code
            # The organization code inside a valid USCC is how older records name the
            # company (entity resolution merges on it).
            org = org_alias(check.code, check)
            ids: tuple[str, ...] = (org,) if org else ()
            # An earlier row with this USCC: the same company when the names agree,
            # else this row is kept apart under its own id (``loaders.same_uscc``).
            other = usccs.seen(check.code, name, line)
            if other is not None:
                first_line, first_name, same = other
                if not same:
                    ids = (cid, *ids)
                    cid = hashed_id("company", source, f"{check.code}|{name}")
                reason = SAME_USCC if same else SAME_USCC_OTHER_NAME
                yield Warned(
                    file, line, cid, reason, same_uscc_detail(first_line, first_name, same)
                )
            if check.issue is not None:
                props["uscc_valid"] = check.valid
                props["uscc_issue"] = check.issue
                yield Warned(file, line, cid, f"USCC kept despite {check.issue}")
        else:
            cid = hashed_id("company", source, f"{raw_code}|{name}")
            props["uscc_raw"] = raw_code
            props["uscc_valid"] = False
            props["uscc_issue"] = check.issue
            ids = ()
            yield Warned(file, line, cid, f"USCC unusable as id ({check.issue}); hashed id")
    else:
        cid = hashed_id("company", source, f"|{name}")
        ids = ()
        yield Warned(file, line, cid, "no USCC; hashed id")
    for key, header in (
        ("company_type", "企业类型"),
        ("business_scope", "经营范围"),
        ("province", "所在省份"),
        ("district", "地区"),
        ("address", "注册地址"),
    ):
        v = value(row[col[header]])
        if v is not None:
            props[key] = v
    props["country"] = "cn"
    cap_text = value(row[col["注册资金"]])
    if cap_text is not None:
        props["capital_raw"] = cap_text
        cap = parse_capital(cap_text)
        if cap is None:
            yield Warned(file, line, cid, "registered capital not understood; raw text kept")
        else:
            props["capital_amount"] = cap.amount
            props["capital_currency"] = cap.currency
    registered = _day(value(row[col["注册日期"]]))
    if registered:
        props["registered_on"] = registered.isoformat()
    record = props.get("uscc") or f"{file}:{line}"
    prov = (Provenance(source, str(record)),)
    yield Node(
        cid, NodeType.COMPANY, name, ids=ids, props=props, provenance=prov, valid_from=registered
    )
    rep = value(row[col["法人代表"]])
    if rep is None:
        return
    pid = hashed_id("person", source, f"{cid}|{rep}")
    yield Node(pid, NodeType.PERSON, rep, provenance=prov)
    role = Role.LEGAL_REPRESENTATIVE
    yield Rel(
        rel_id(RelType.OFFICER_OF, pid, cid, source, role.value),
        RelType.OFFICER_OF,
        pid,
        cid,
        role=role,
        provenance=prov,
    )
