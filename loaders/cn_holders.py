"""Reader for listed companies' top-10 holders (format ``cn-holders``).

``relation.csv`` (ts_code, ann_date, end_date, holder_name, hold_amount, hold_ratio)
with ``company.csv`` (companyId:ID(Company), name, fullname) from the same folder.
The path may be the folder or relation.csv.

- Listed companies: id ``ticker:<ts_code>`` (e.g. ``ticker:600075.SH``), named by
  their full name, short name as a second name.
- Holders are told apart by name (the source has no identifiers), see ``holder_kind``:
  a name containing brackets or ending in an organisation's word of two or more
  characters (公司, 基金, 银行, 集团, 中心, 大学, 医院, 协会, 财政厅, ...) is a Company at
  any length; a one-character ending (社, 会, 所, 院, 局, 部, 厂) only from five
  characters on, as it also ends given names (吴建会).  2-4 Han characters (or Han
  names joined by ·) are a Person, one ending in such a character with a warning; a
  Latin company word (LIMITED, FUND, ...) makes a Company; anything else is a Company
  with a warning, as is a three-character name whose first character may be a surname
  before a two-character ending (王中心).
- A holder whose name is a listed company's full name (spelt alike, see below) is that
  company.  Other holder companies are keyed by a hash of source and ``holder_key``:
  the name without what varies between spellings of one holder in the source
  (spacing, case, commas and full stops outside numbers, full-width forms), so
  ``UBS AG``, ``UBS   AG`` and ``JPMORGANCHASEBANK,...`` are one node each across
  listed companies.  The node is named by the spelling of most rows (the first on a
  tie), the others kept as names.  A person is keyed by source, listed company and
  name as written, because a name alone does not identify a person across firms.
- OWNS holder -> company with the exact share from hold_ratio (percent), valid from
  the period's end_date until the next reported period's end_date for the same
  company (exclusive), open for the latest period: a top-10 list is a snapshot, and
  the holding is taken to last until the next snapshot says otherwise.
- A holder reported twice in one period (same listed company, period and holder,
  however spelt) is one holding: the row of the later announcement (``ann_date``; the
  later line on a tie) is kept wherever it stands in the file, and the other row is
  warned with both lines.  Each row still gives one OWNS record, so the report reads every row: the
  duplicate's record is the kept one again, counted as merged.
- Periods whose reported shares sum past 100 % are warned, each holding counted once
  with its share as written; the sum is given exactly.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

from graph.errors import InvalidInput, ModelError
from graph.model import Node, NodeType, Provenance, Rel, RelType, hashed_id, rel_id
from graph.share import Share
from loaders.cn_holder_names import Spellings, holder_key, holder_kind
from loaders.files import csv_header, csv_rows, label
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.spill import SpillMap, SpillSet

DEFAULT_SOURCE = "cn-listed-top10-holders"
TWICE = "holder reported twice in one period; later announcement kept"
_UNCLEAR = {
    NodeType.COMPANY: "holder type unclear from name; taken as company",
    NodeType.PERSON: "holder type unclear from name; taken as person",
}
RELATION_COLUMNS = ("ts_code", "ann_date", "end_date", "holder_name", "hold_amount", "hold_ratio")


def _ymd(text: str) -> date:
    t = text.strip()
    return date(int(t[:4]), int(t[4:6]), int(t[6:8]))


def _amount(text: str) -> int | str | None:
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    return int(d) if d == d.to_integral_value() else format(d.normalize(), "f")


def _paths(path: Path) -> tuple[Path, Path]:
    folder = path if path.is_dir() else path.parent
    rel = path if path.is_file() else folder / "relation.csv"
    comp = folder / "company.csv"
    if not rel.exists():
        raise InvalidInput(f"{path}: no relation.csv", path=str(path))
    return rel, comp


def _listed(
    comp: Path, source: str, notes: list[Quarantined | Warned]
) -> tuple[dict[str, Node], dict[str, str]]:
    """Listed companies by code and full name; what csv_rows says about company.csv
    goes to ``notes``."""
    by_code: dict[str, Node] = {}
    by_fullname: dict[str, str] = {}
    if not comp.exists():
        return by_code, by_fullname
    rows = csv_rows(comp, kind="Company")
    head = csv_header(comp, rows)
    header = [h.split(":")[0].strip() for h in head] if head else []
    if not {"companyId", "fullname"} <= set(header):
        raise InvalidInput(f"{comp}: expected companyId and fullname columns", path=str(comp))
    ci, fi = header.index("companyId"), header.index("fullname")
    ni = header.index("name") if "name" in header else None  # the short name is optional
    for item in rows:
        if not isinstance(item, tuple):
            notes.append(item)
            continue
        line, row = item
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header) or not row[ci].strip():
            why, detail = (
                (WRONG_WIDTH, f"{len(row)} fields, {len(header)} expected")
                if len(row) != len(header)
                else ("no companyId", "")
            )
            notes.append(Quarantined(label(comp), line, why, row, "Company", detail))
            continue
        code, full = row[ci].strip(), row[fi].strip()
        short = row[ni].strip() if ni is not None else ""
        nid = f"ticker:{code}"
        by_code[code] = Node(
            nid,
            NodeType.COMPANY,
            full or short or code,
            names=(short,) if short and short != full else (),
            props={"ticker": code, "listed": True, "country": "cn"},
            provenance=(Provenance(source, code),),
        )
        if full:
            by_fullname[holder_key(full)] = nid
    return by_code, by_fullname


def read_cn_holders(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Listed companies, their top-10 holders and dated OWNS edges."""
    rel_path, comp_path = _paths(path)
    file = label(rel_path)
    notes: list[Quarantined | Warned] = []
    listed, by_fullname = _listed(comp_path, source, notes)
    # Each company holder's spellings, seen in the first pass, name its node when the
    # second first writes it.
    spellings = Spellings()
    try:
        yield from notes
        yield from _read(rel_path, file, listed, by_fullname, source, spellings)
    finally:
        spellings.close()


def _read(
    rel_path: Path,
    file: str,
    listed: dict[str, Node],
    by_fullname: dict[str, str],
    source: str,
    spellings: Spellings,
) -> Iterator[Record]:
    # A holding lasts until the same company's next reported period, so a first pass
    # collects each company's periods (and quarantines bad rows) and a second reads the
    # file again to emit: a full dump has millions of rows, and holding them (a dict
    # each) took more memory than everything else of a load.
    periods: dict[str, set[date]] = defaultdict(set)
    # The first pass also picks, per holding, the row to keep: a later row may be the
    # earlier announcement.  Holdings reported twice are few; only theirs are kept here.
    best: SpillMap[tuple[str, int]] = SpillMap()  # holding key -> (ann_date, line)
    twice: dict[str, list[tuple[int, str]]] = {}  # holding key -> its rows (line, ann_date)
    try:
        for row in _rows(rel_path, file):
            if not isinstance(row, tuple):
                yield row
                continue
            line, rec, end_date, _ = row
            periods[rec["ts_code"]].add(end_date)
            holder = _holder(rec, by_fullname, source)
            if holder.by_name:
                spellings.add(holder.id, rec["holder_name"])
            key, mine = _holding(rec, holder.id), (rec["ann_date"], line)
            prev = best.get(key)
            if prev is not None:
                twice.setdefault(key, [(prev[1], prev[0])]).append((line, rec["ann_date"]))
            if prev is None or mine >= prev:
                best[key] = mine
    finally:
        best.close()
    kept = {k: max(rows, key=lambda r: (r[1], r[0]))[0] for k, rows in twice.items()}
    next_period: dict[tuple[str, date], date | None] = {}
    for code, days in periods.items():
        ordered = sorted(days)
        for i, d in enumerate(ordered):
            next_period[(code, d)] = ordered[i + 1] if i + 1 < len(ordered) else None
    good = (r for r in _rows(rel_path, file) if isinstance(r, tuple))
    yield from _emit(file, good, next_period, listed, by_fullname, source, twice, kept, spellings)


Row = tuple[int, dict[str, str], date, Share | None]  # line, columns, end_date, share


class _Holder(NamedTuple):
    id: str
    kind: NodeType
    certain: bool
    by_name: bool  # a company keyed by its name, whose spellings are collected


def _holder(rec: dict[str, str], by_fullname: dict[str, str], source: str) -> _Holder:
    name = rec["holder_name"]
    key = holder_key(name)
    listed = by_fullname.get(key)
    if listed is not None:
        return _Holder(listed, NodeType.COMPANY, True, False)
    kind, certain = holder_kind(name)
    if kind is NodeType.PERSON:
        return _Holder(
            hashed_id("person", source, f"{rec['ts_code']}|{name}"), kind, certain, False
        )
    return _Holder(hashed_id("company", source, key), kind, certain, True)


def _holding(rec: dict[str, str], holder_id: str) -> str:
    """A short key for (listed company, period, holder): names can be long, and a full
    dump has millions of rows."""
    text = "\x1f".join((rec["ts_code"], rec["end_date"], holder_id))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _percent(total: Fraction) -> str:
    """``total`` in percent, exactly (shares written as decimals sum to a decimal).

    >>> _percent(Fraction(100001, 100000)), _percent(Fraction(1)), _percent(Fraction(4, 3))
    ('100.001', '100', '133.3333333333')
    """
    v = total * 100
    for places in range(12):
        scaled = v * 10**places
        if scaled.denominator == 1:
            return format(Decimal(scaled.numerator).scaleb(-places), "f")
    return format(Decimal(v.numerator) / Decimal(v.denominator), ".10f")


def _rows(rel_path: Path, file: str) -> Iterator[Row | Quarantined | Warned]:
    """Each row of relation.csv, or why it is unusable."""
    rows = csv_rows(rel_path, kind="OWNS")
    head = csv_header(rel_path, rows)
    header = [h.strip() for h in head] if head else []
    missing = [c for c in RELATION_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(
            f"{rel_path}: not a cn-holders relation.csv, missing {', '.join(missing)}",
            path=str(rel_path),
        )
    col = {c: header.index(c) for c in RELATION_COLUMNS}
    for item in rows:
        if not isinstance(item, tuple):
            yield item
            continue
        line, row = item
        if len(row) != len(header):
            detail = f"{len(row)} fields, header has {len(header)}"
            yield Quarantined(file, line, WRONG_WIDTH, row, "OWNS", detail)
            continue
        rec = {c: row[i].strip() for c, i in col.items()}
        if not rec["ts_code"] or not rec["holder_name"]:
            yield Quarantined(file, line, "missing ts_code or holder_name", rec, "OWNS")
            continue
        try:
            end_date = _ymd(rec["end_date"])
        except (ValueError, IndexError):
            yield Quarantined(file, line, "bad end_date", rec, "OWNS", repr(rec["end_date"]))
            continue
        try:
            share = Share.parse(rec["hold_ratio"]) if rec["hold_ratio"] else None
        except ModelError:
            yield Quarantined(file, line, "bad hold_ratio", rec, "OWNS", repr(rec["hold_ratio"]))
            continue
        yield line, rec, end_date, share


def _emit(
    file: str,
    good: Iterable[Row],
    next_period: dict[tuple[str, date], date | None],
    listed: dict[str, Node],
    by_fullname: dict[str, str],
    source: str,
    twice: dict[str, list[tuple[int, str]]],
    kept: dict[str, int],
    spellings: Spellings,
) -> Iterator[Record]:
    emitted = SpillSet()  # node ids yielded
    totals: dict[tuple[str, date], Fraction] = defaultdict(Fraction)  # per period
    try:
        for line, rec, end_date, share in good:
            code, name = rec["ts_code"], rec["holder_name"]
            company = listed.get(code)
            if company is None:
                company = Node(
                    f"ticker:{code}",
                    NodeType.COMPANY,
                    code,
                    props={"ticker": code, "listed": True},
                    provenance=(Provenance(source, code),),
                )
                listed[code] = company
                yield Warned(file, line, code, "listed company not in company.csv; named by code")
            if company.id not in emitted:
                emitted.add(company.id)
                yield company
            holder = _holder(rec, by_fullname, source)
            holder_id = holder.id
            # A listed company as holder is written as a listed company, not here.
            if holder_id not in emitted and (holder.by_name or holder.kind is NodeType.PERSON):
                emitted.add(holder_id)
                if holder.by_name:
                    yield from _company_holder(
                        file, line, holder, spellings.names(holder_id, name), source
                    )
                else:
                    if not holder.certain:
                        yield Warned(file, line, name, _UNCLEAR[holder.kind])
                    yield Node(holder_id, holder.kind, name, provenance=(Provenance(source, name),))
            period = end_date.isoformat()
            rid = rel_id(RelType.OWNS, holder_id, company.id, source, period)
            key = _holding(rec, holder_id) if twice else ""
            copies = 1
            if key in twice:
                if line != kept[key]:
                    # Its record is the kept row's, given where that row is read.
                    yield Warned(file, line, rid, TWICE, _twice(twice[key], kept[key]))
                    continue
                copies = len(twice[key])
            if share is not None:
                totals[(code, end_date)] += share.lo
            props: dict[str, Any] = {"period": period, "ann_date": rec["ann_date"]}
            amount = _amount(rec["hold_amount"]) if rec["hold_amount"] else None
            if amount is not None:
                props["hold_amount"] = amount
            rel = Rel(
                rid,
                RelType.OWNS,
                holder_id,
                company.id,
                share=share,
                start=end_date,
                end=next_period[(code, end_date)],
                props=props,
                provenance=(Provenance(source, f"{file}:{line}"),),
            )
            # One record per row read, so that read counts rows: a holding reported
            # twice gives the kept record twice, and the second counts as merged.
            for _ in range(copies):
                yield rel
    finally:
        emitted.close()
    for (code, day), total in totals.items():
        if total > 1:
            yield Warned(
                file,
                None,
                f"ticker:{code}",
                "reported shares sum past 100% in one period",
                f"{_percent(total)}% in period {day.isoformat()}",
            )


def _company_holder(
    file: str, line: int, holder: _Holder, names: list[str], source: str
) -> Iterator[Record]:
    """The node of a company holder keyed by its name, with every spelling of it."""
    if not any(holder_kind(n)[1] for n in names):
        yield Warned(file, line, names[0], _UNCLEAR[NodeType.COMPANY])
    yield Node(
        holder.id,
        NodeType.COMPANY,
        names[0],
        names=tuple(names[1:]),
        provenance=tuple(Provenance(source, n) for n in names),
    )


def _twice(rows: list[tuple[int, str]], kept: int) -> str:
    seen = " and ".join(f"line {line} (announced {ann})" for line, ann in sorted(rows))
    return f"{seen}; kept line {kept}"
