"""Readers for two OpenSanctions source CSVs of US lists (formats ``bis-mieu``, ``ndaa-1286``).

- ``bis-mieu``: the BIS Military-Intelligence End-User list (15 CFR 744.22), OpenSanctions
  ``datasets/us/bis_mieu/mieu.csv``; header ``Type, Name, Alias, Country, Topics,
  Program, Date, End date, Source URL``; one row per end user.
- ``ndaa-1286``: the Department of Defense list under Section 1286 of the NDAA for
  FY2019, OpenSanctions ``datasets/us/special_leg/source_files/section_1286.csv``;
  header ``schema, name, aliases, topics, program, authority, reason, report-date,
  start-date, end-date, country, notes, source_url``; one row per institution **per
  yearly report** (``report-date`` 2022, 2023, ...).

The header decides which list a file is: ``read_us_list`` accepts either, the two
format readers their own (given the other list's file, they name the format to use),
and a file with neither header is refused (``InvalidInput``, with the path and the
headers expected).

Every party is LISTED_ON its List: ``list:US_BIS_MIEU`` or ``list:US_DOD_1286``, both
outside the catalog (``loaders.lists.dataset_list_records``, with an Agency) and both
in regime ``us``: they are listings with no ownership rule modelled.  They must not
be ``bis``: the Affiliates Rule covers only the Entity List, the MEU list and §744.8
SDNs (DOMAIN.md §7.4), and the risk engine takes a regime's listed parties from the
List's ``props["regime"]``.  ``loaders.regimes`` sends the same datasets' FtM
Sanctions to ``us`` as well, but onto ``FTM_US_BIS_MIEU`` and ``FTM_US_SPECIAL_LEG``:
an FtM List stands for a whole OpenSanctions dataset (``us_special_leg`` also holds
the Section 889, 5949 and INKSNA lists), while these files are the lists themselves,
so their ids name the list, not the export it travelled in.  The parties' ids differ
between the two routes anyway (``ftm:<id>`` there); name matching proposes them.

| source field | model |
|---|---|
| ``Type`` / ``schema`` | ``Person`` for Person; ``Company`` for Organization, Company, LegalEntity, PublicBody (and Vessel, Airplane with ``props["kind"]``); empty: ``Company``, warned; other schemata quarantined; ``props["schema"]`` keeps it |
| ``Name`` / ``name`` | name (the latest report's spelling); the other spellings are other names |
| ``Alias`` / ``aliases`` | other names, split on ``;`` |
| ``Country`` / ``country`` | ``props["country"]``: lower-case ISO codes (ISO-2 codes and names such as ``China``, ``Russia``, ``Iran`` alike, by FollowTheMoney's country type); a value it does not know stays in ``props["country_raw"]``, warned |
| ``Topics`` / ``topics`` | ``props["topics"]`` |
| ``notes`` | ``props["notes"]`` (e.g. "affiliated with Tsinghua University") |
| ``Program`` (a program key) / ``program`` (its title) | listing ``props["program_ids"]`` / ``props["programs"]`` |
| ``authority``, ``reason`` | listing ``props["authority"]``, ``props["reasons"]`` |
| ``report-date`` | listing ``props["report_year"]``; one listing per report |
| ``Date`` / ``start-date``, ``End date`` / ``end-date`` | listing ``start``, ``end`` (exclusive) |
| ``Source URL`` / ``source_url`` | listing ``props["source_url"]`` |

- One node per institution.  Rows are the same institution when their names agree
  folded to letters and digits, case and accents ignored ("Sun Yat-sen" / "Sun
  Yat-Sen", a trailing space, ``'`` / ``’``, ``-`` / ``–``), or when one row's alias
  is another row's name: a report that renames an institution keeps the old name as
  an alias (FY2025: "Ground Force Command College", alias "Army Command College").
  OpenSanctions keys these rows by a slug of the name and so splits a renamed
  institution; unlinked here it would stay two parties for good, since name
  matching never proposes two parties of one source.
- Ids: ``company:<hash>`` / ``person:<hash>`` of the list id and the folded name of
  the institution's earliest-reported row, so a new year's rows land on the same
  node.  The list id, not the provenance source, goes into the hash: ``--source``
  does not duplicate the parties.
- Rows also join when their names agree once acronyms in brackets are left out
  ("... Russian Academy of Sciences (ISSP)" in FY2022-23, without it later): split,
  the older spelling would look left out of the later reports and end its listings.
- One LISTED_ON per row, that is per yearly report, rather than one for all: each
  report is a separate publication with its own document (``source_url``), and
  each row keeps its own provenance; an institution that left the list keeps the
  listings it had, ended.  ``props["report_year"]`` says which report.  The
  relationship id is keyed by report and folded name, so a reload merges and two
  entries of one report stay two listings; the same name twice in one report is one,
  warned.
- A later report supersedes the earlier ones: an institution is listed until a
  report leaves it out or an end date closes it, and every listing of that run ends
  then (``loaders.us_lists_periods``, where the rule is).  Without it the FY2022 and
  FY2023 rows of the Institute of High Energy Physics, open in the file, kept it
  listed after its FY2024 row ended on 2026-07-23 and the FY2025 report left it out.
- Neither file has a status column: the listings record none.
- ``report-date`` is the fiscal year a report covers, not a day the listing took
  effect (the FY2022 report was published in June 2023), so it is not made a start
  date: the file's ``start-date`` is, and it is empty throughout.  An end given as a
  year or a month (``2026``) ends after that period, so that a party is never shown
  off the list before the source says it left (raw text in ``props["end_raw"]``,
  warned); an unreadable date is dropped, warned, its text kept.
- Rows of the wrong width are quarantined (``WRONG_WIDTH``), and so are rows
  without a name; empty lines are no records.  The whole file is read before the
  parties are written, because a party's names come from all its rows: these lists
  hold hundreds of rows.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "section_1286.csv"
>>> _ = p.write_text(",".join(NDAA_1286.header) + "\\n"
...     + "Company,Sun Yat-sen University,SYSU,debarment,S1286,Congress,,2024,,,,,https://a\\n"
...     + "Company,Sun Yat-Sen University,,debarment,S1286,Congress,,2025,,,China,,https://b\\n"
...     + "Company,,,debarment,S1286,Congress,,2025,,,,,\\n", encoding="utf-8")
>>> recs = list(read_us_list(p))
>>> [(n.name, n.names, n.props["country"]) for n in recs if isinstance(n, Node) and n.type is NodeType.COMPANY]
[('Sun Yat-Sen University', ('Sun Yat-sen University', 'SYSU'), ['cn'])]
>>> sorted((r.dst, r.props["report_year"]) for r in recs if isinstance(r, Rel) and r.type is RelType.LISTED_ON)
[('list:US_DOD_1286', 2024), ('list:US_DOD_1286', 2025)]
>>> [(q.line_or_record_id, q.reason) for q in recs if isinstance(q, Quarantined)]
[(4, 'no name')]

A renamed institution, its old name kept as an alias, is one node too:

>>> _ = p.write_text(",".join(NDAA_1286.header) + "\\n"
...     + "Company,Army Command College,,debarment,S1286,Congress,,2024,,,,,\\n"
...     + "Company,Ground Force Command College,Army Command College,debarment,S1286,Congress,,2025,,,China,,\\n",
...     encoding="utf-8")
>>> [(n.name, n.names) for n in read_us_list(p) if isinstance(n, Node) and n.type is NodeType.COMPANY]
[('Ground Force Command College', ('Army Command College',))]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Provenance, Rel, RelType, hashed_id, rel_id
from loaders.countries import country_code
from loaders.files import csv_header, csv_rows, label
from loaders.lists import dataset_list_records
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.us_lists_map import (
    KINDS,
    LISTS,
    MIEU,
    NDAA_1286,
    REGIME,
    SCHEMATA,
    YEAR,
    UsList,
    bare_key,
    institution_key,
    listing_day,
    split_values,
)
from loaders.us_lists_periods import settle_ends


@dataclass(slots=True)
class _Row:
    line: int
    ntype: NodeType
    fields: dict[str, str]
    countries: list[str] = field(default_factory=list)
    countries_raw: list[str] = field(default_factory=list)
    listing: dict[str, Any] = field(default_factory=dict)
    start: date | None = None
    end: date | None = None
    # (reason, detail), reported once the row's party, and so its id, is known
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> tuple[NodeType, str]:
        return self.ntype, institution_key(self.fields["name"])

    @property
    def report(self) -> str:
        return self.fields.get("report", "")

    @property
    def order(self) -> tuple[str, int]:
        return self.report, self.line

    @property
    def record_id(self) -> str:
        # The row's own key in the source (OpenSanctions keys 1286 rows by name and
        # report); line numbers would move when a new year's block is added.
        return f"{self.report}:{self.fields['name']}" if self.report else self.fields["name"]


def read_us_list(path: Path, *, source: str | None = None) -> Iterator[Record]:
    """Parties and listings from a MIEU or Section 1286 CSV, told apart by the header;
    ``source`` defaults to the list's own (``us_bis_mieu`` / ``us_dod_1286``)."""
    return _read(path, source, None)


def read_bis_mieu(path: Path, *, source: str = MIEU.default_source) -> Iterator[Record]:
    """Format ``bis-mieu``: the BIS Military-Intelligence End-User list."""
    return _read(path, source, MIEU)


def read_ndaa_1286(path: Path, *, source: str = NDAA_1286.default_source) -> Iterator[Record]:
    """Format ``ndaa-1286``: the DoD Section 1286 list, one listing per yearly report."""
    return _read(path, source, NDAA_1286)


def _which(path: Path, header: list[str], expect: UsList | None) -> UsList:
    found = next((s for s in LISTS if set(s.header) <= set(header)), None)
    if found is not None and (expect is None or found is expect):
        return found
    if found is not None and expect is not None:
        raise InvalidInput(
            f"{path}: this is the {found.name} CSV: load it as format {found.format},"
            f" not {expect.format}",
            path=str(path),
            format=found.format,
        )
    wanted = (expect,) if expect is not None else LISTS
    expected = " or ".join(f"{s.format}: {','.join(s.header)}" for s in wanted)
    raise InvalidInput(
        f"{path}: not a US list CSV (expected the header {expected}; got {','.join(header)})",
        path=str(path),
        expected=[list(s.header) for s in wanted],
    )


def _read(path: Path, source: str | None, expect: UsList | None) -> Iterator[Record]:
    file = label(path)
    rows = csv_rows(path)
    first = csv_header(path, rows)
    if first is None:
        raise InvalidInput(f"{path}: empty file, expected a US list CSV header", path=str(path))
    header = [h.strip() for h in first]
    spec = _which(path, header, expect)
    src = source or spec.default_source
    col = {f: header.index(c) for f, c in spec.columns.items()}
    yield from dataset_list_records(
        spec.list_id,
        spec.name,
        REGIME,
        src,
        authority=spec.authority,
        props={"dataset": spec.dataset, "country": "us", **spec.props},
    )
    kept: list[_Row] = []
    for item in rows:
        if not isinstance(item, tuple):
            yield item
            continue
        line, raw = item
        if not any(c.strip() for c in raw):
            continue
        if len(raw) != len(header):
            detail = f"{len(raw)} fields, header has {len(header)}"
            yield Quarantined(file, line, WRONG_WIDTH, raw, detail=detail)
            continue
        fields = {f: raw[i].strip() for f, i in col.items()}
        schema = fields["schema"]
        ntype = SCHEMATA.get(schema or "Company")
        if ntype is None:
            yield Quarantined(file, line, "schema not modelled", raw, detail=repr(schema))
            continue
        if not fields["name"]:
            yield Quarantined(file, line, "no name", raw, ntype.value)
            continue
        row = _Row(line, ntype, fields)
        if not schema:
            row.warnings.append(("no schema; taken as Company", ""))
        _parse(row)
        kept.append(row)
    parties = _parties(kept)
    settle_ends(parties)
    for party in parties:
        yield from _party(file, spec, src, party)


def _parties(rows: list[_Row]) -> list[list[_Row]]:
    """Rows grouped by institution: rows of one name, and rows whose alias is another
    row's name.  A report that renames an institution gives the old name as an alias
    ("Army Command College" became "Ground Force Command College"); without the link
    the old and new names would stay two parties, and name matching never proposes
    two parties of one source.  The earliest-reported row comes first in each group.
    """
    by_key: dict[tuple[NodeType, str], list[_Row]] = {}
    for r in rows:
        by_key.setdefault(r.key, []).append(r)
    first = {k: min(r.order for r in group) for k, group in by_key.items()}
    parent = {k: k for k in by_key}

    def root(k: tuple[NodeType, str]) -> tuple[NodeType, str]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def join(k: tuple[NodeType, str], other: tuple[NodeType, str]) -> None:
        a, b = sorted((root(k), root(other)), key=lambda x: first[x])
        parent[b] = a  # the earliest-reported name keys the party

    bare: dict[tuple[NodeType, str], tuple[NodeType, str]] = {}
    for k, group in by_key.items():
        for r in group:
            for alias in split_values(r.fields["aliases"]):
                other = (r.ntype, institution_key(alias))
                if other in by_key:
                    join(k, other)
            join(k, bare.setdefault((r.ntype, bare_key(r.fields["name"])), k))
    parties: dict[tuple[NodeType, str], list[_Row]] = {}
    for k, group in by_key.items():
        parties.setdefault(root(k), []).extend(group)
    return [sorted(p, key=lambda r: r.order) for p in parties.values()]


def _node_id(spec: UsList, ntype: NodeType, ikey: str) -> str:
    return hashed_id(ntype.value.lower(), spec.list_id, ikey)


def _parse(row: _Row) -> None:
    """Countries, dates and listing props of one row, noting what is odd."""
    f, warn = row.fields, row.warnings
    for value in split_values(f.get("country", "")):
        code = country_code(value)
        if code is None:
            warn.append(("unknown country; raw text kept", repr(value)))
            row.countries_raw.append(value)
        else:
            row.countries.append(code)
    days: dict[str, date | None] = {}
    for which in ("start", "end"):
        text = f.get(which, "")
        try:
            days[which] = day = listing_day(text, end=which == "end")
        except ValueError:
            warn.append((f"bad {which} date; dropped", repr(text)))
            row.listing[f"{which}_raw"] = text
            days[which] = None
            continue
        if day is not None and len(text) < len("YYYY-MM-DD"):
            row.listing[f"{which}_raw"] = text
            if which == "end":
                reason = "partial end date; listing kept to its period's end"
                warn.append((reason, f"{text!r} -> {day.isoformat()}"))
    row.start, row.end = days["start"], days["end"]
    if row.start and row.end and row.end <= row.start:
        detail = f"{row.start.isoformat()} .. {row.end.isoformat()}"
        warn.append(("listing ends before it starts; end dropped", detail))
        row.end = None
    for key in ("program_ids", "programs", "reasons"):
        values = split_values(f.get(key, ""))
        if values:
            row.listing[key] = values
    for key in ("authority", "source_url"):
        if f.get(key):
            row.listing[key] = f[key]
    if "report" not in f:
        return
    if YEAR.fullmatch(row.report):
        row.listing["report_year"] = int(row.report)
    else:
        warn.append(("report-date not a year; kept as text", repr(row.report)))
        row.listing["report_date"] = row.report


def _party(file: str, spec: UsList, source: str, rows: list[_Row]) -> Iterator[Record]:
    """One party's node, its rows' warnings and one listing per row (``rows`` in
    report order, earliest first)."""
    ntype, ikey = rows[0].key
    nid = _node_id(spec, ntype, ikey)
    latest = rows[-1]
    # The latest report's spelling names the party; older spellings and aliases follow.
    names = [r.fields["name"] for r in reversed(rows)]
    names += [a for r in rows for a in split_values(r.fields["aliases"])]
    props: dict[str, Any] = {"schema": latest.fields["schema"] or "Company"}
    kind = KINDS.get(props["schema"])
    if kind:
        props["kind"] = kind
    countries = sorted({c for r in rows for c in r.countries})
    if countries:
        props["country"] = countries
    raw_countries = list(dict.fromkeys(c for r in rows for c in r.countries_raw))
    if raw_countries:
        props["country_raw"] = raw_countries
    for key in ("topics", "notes"):
        values = list(dict.fromkeys(v for r in rows for v in split_values(r.fields.get(key, ""))))
        if values:
            props[key] = values
    name = latest.fields["name"]
    yield Node(
        nid,
        ntype,
        name,
        names=tuple(n for n in dict.fromkeys(names) if n != name),
        props=props,
        provenance=tuple(Provenance(source, r.record_id) for r in rows),
    )
    lid = f"list:{spec.list_id}"
    seen: dict[str, int] = {}
    for r in rows:
        for reason, detail in r.warnings:
            yield Warned(file, r.line, nid, reason, detail)
        # Two entries of one report stay two listings (FY2024 listed both "Moscow State
        # University" and "Lomonosov Moscow State University"); the same name twice in
        # one report is one.
        key = f"{r.report}:{r.key[1]}"
        if key in seen:
            yield Warned(
                file, r.line, nid, "listed twice in one report; listings merged",
                f"line {seen[key]} and line {r.line}",
            )  # fmt: skip
        seen.setdefault(key, r.line)
        yield Rel(
            rel_id(RelType.LISTED_ON, nid, lid, source, key),
            RelType.LISTED_ON,
            nid,
            lid,
            start=r.start,
            end=r.end,
            props=r.listing,
            provenance=(Provenance(source, r.record_id),),
        )
