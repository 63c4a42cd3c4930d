"""Reader for credgraph's own CSV bundle (format ``bundle``); columns in docs/BUNDLE.md.

A bundle is a folder with ``entities.csv``, ``relationships.csv`` and
``listings.csv`` (any may be missing); a path to one of the files loads that file.
Entity ids: ``uscc:<code>`` when the USCC passes its checks (flagged when only the
check character fails; a valid one also gives the alias ``org:`` of its organization
code, ``loaders.resolve.uscc_aliases``), else ``lei:<code>``, else the ``id`` column when it already
has a prefix (``ftm:...``), else a hash of source and id.  Relationship and listing
endpoints may use the bundle's ``id`` values or any id the store knows; the bundle's
own ``id`` stays an alias ``<source>:<id>``.

>>> import tempfile; d = Path(tempfile.mkdtemp())
>>> template(d)
[...entities.csv..., ...relationships.csv..., ...listings.csv...]
>>> [type(r).__name__ for r in read_bundle(d)][:4]
['Node', 'Node', 'Rel', 'Rel']
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, ModelError
from graph.model import (
    NODE_TYPES,
    Node,
    NodeType,
    Provenance,
    Rel,
    RelType,
    Role,
    hashed_id,
    rel_id,
)
from graph.share import Share
from graph.uscc import normalize_identifier, validate_uscc
from loaders.bundle_cells import (
    NO_LIQUIDATION_END,
    NO_REVOCATION_DATE,
    NOT_IN_CATALOG,
    OVER_UNDATED,
    UNKNOWN_STATUS,
    checked_dates,
    checked_flags,
    liquidation_undated,
    not_in_catalog,
    over_undated,
    revocation_undated,
    status_cell,
)
from loaders.bundle_template import (
    ENTITY_COLUMNS,
    EXAMPLE_USCC,
    EXAMPLES,
    FILES,
    LISTING_COLUMNS,
    REL_COLUMNS,
    template,
)
from loaders.files import csv_header, csv_rows, label
from loaders.lists import catalog_list_records, in_catalog
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned
from loaders.resolve import uscc_aliases
from loaders.same_uscc import SAME_USCC, SAME_USCC_OTHER_NAME, UsccRows, same_uscc_detail

DEFAULT_SOURCE = "bundle"
DUPLICATE_ID = "id given on two rows"
# Look-through and the ownership rules ignore a company's stake in itself (treasury
# shares): it holds no rights over the company that others could be restricted for.
SELF_LINK = "relationship from an entity to itself; kept, no ownership result counts it"
_NODE_TYPE = {t.lower(): NodeType(t) for t in NODE_TYPES}
_REL_TYPES = {t.value: t for t in RelType if t is not RelType.LISTED_ON}
_ROLES = {r.value: r for r in Role}
# Shares repeat (51%, 100%, bands) and parsing goes through Decimal; Share is frozen,
# so one parsed value can serve every row.
_share = lru_cache(maxsize=4096)(Share.parse)


def bundle_source(path: Path) -> str:
    """The source a bundle loads under when the user names none: ``bundle:<folder>``
    (the folder holding the files), so two bundles that use the same local ids never
    merge, and a reload of the same folder writes the same ids.

    >>> bundle_source(Path("/data/客户名单")), bundle_source(Path("/data/colA/entities.csv"))
    ('bundle:客户名单', 'bundle:colA')
    """
    folder = path if path.is_dir() or path.name not in FILES else path.parent
    return f"{DEFAULT_SOURCE}:{folder.resolve().name or DEFAULT_SOURCE}"


# Dates repeat across rows (registration days, report periods): parse each text once.
@lru_cache(maxsize=65536)
def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class _Ids:
    """Bundle id -> canonical id, filled by entities.csv, used by the other two files."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.map: dict[str, str] = {}
        self.line: dict[str, int] = {}  # the entities.csv line that first gave each id

    def ref(self, text: str) -> str:
        t = text.strip()
        got = self.map.get(t)
        if got is not None:
            return got
        return t if ":" in t else f"{self.source}:{t}"


def read_bundle(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Entities, relationships and listings from a bundle folder (or one of its files)."""
    if path.is_dir():
        files = [path / n for n in FILES if (path / n).exists()]
        if not files:
            raise InvalidInput(
                f"{path}: no entities.csv, relationships.csv or listings.csv", path=str(path)
            )
    elif path.name in FILES:
        files = [path]
    else:
        raise InvalidInput(
            f"{path}: a bundle is a folder or one of {', '.join(FILES)}", path=str(path)
        )
    ids = _Ids(source)
    for f in files:
        reader = {
            "entities.csv": _entities,
            "relationships.csv": _relationships,
            "listings.csv": _listings,
        }[f.name]
        yield from reader(f, source, ids)


class _Table:
    """A bundle file's rows as lists, with its columns' positions.

    Rows stay lists (a dict per row cost more than the rest of a relationship's
    parsing); a record is built as a dict only for the quarantine file.
    """

    def __init__(
        self, path: Path, columns: tuple[str, ...], required: int, kind: str = "record"
    ) -> None:
        """``columns``: the format's, the first ``required`` of them required; an
        optional column left out reads as empty in every row.  ``kind``: what a row
        the file cuts short is counted as (``loaders.files.csv_rows``)."""
        self.rows = csv_rows(path, kind=kind)
        first = csv_header(path, self.rows)
        if first is None:
            raise InvalidInput(f"{path}: the file is empty (no header row)", path=str(path))
        self.header = [h.strip() for h in first]
        missing = [c for c in columns[:required] if c not in self.header]
        if missing:
            raise InvalidInput(
                f"{path}: missing column(s) {', '.join(missing)}", path=str(path), missing=missing
            )
        # The last of repeated headers wins, as it did when rows were dicts.
        self.pos = {h: i for i, h in enumerate(self.header)}
        self.extra = [(h, i) for h, i in self.pos.items() if h not in columns]
        self.width = len(self.header)
        absent = [c for c in columns if c not in self.pos]
        # Left-out optional columns all point at one empty cell appended to each row.
        for c in absent:
            self.pos[c] = self.width
        self.pad = bool(absent)

    def col(self, name: str) -> int:
        return self.pos[name]

    def record(self, row: list[str]) -> dict[str, str]:
        return dict(zip(self.header, row[: self.width], strict=True))

    def extras(self, row: list[str]) -> dict[str, Any]:
        """Columns outside the format's, non-empty, as properties."""
        return {h: row[i] for h, i in self.extra if row[i] != ""}

    def __iter__(self) -> Iterator[tuple[int, list[str] | str] | Quarantined | Warned]:
        """(line, row), or (line, how wide it is) for a row of the wrong width; what
        ``csv_rows`` says about the file, as it says it."""
        width = self.width
        for item in self.rows:
            if not isinstance(item, tuple):
                yield item
                continue
            line, row = item
            if len(row) != width:
                if not any(c.strip() for c in row):
                    continue
                yield line, f"{len(row)} fields, header has {width}"
                continue
            if self.pad:
                row.append("")
            yield line, row


def _entities(path: Path, source: str, ids: _Ids) -> Iterator[Record]:
    rows = UsccRows()
    try:
        yield from _entity_rows(path, source, ids, rows)
    finally:
        rows.close()


def _entity_rows(path: Path, source: str, ids: _Ids, rows: UsccRows) -> Iterator[Record]:
    file = label(path)
    table = _Table(path, ENTITY_COLUMNS, required=3)
    c_id, c_type, c_name, c_names, c_uscc, c_lei, c_country, c_status = map(
        table.col, ENTITY_COLUMNS
    )
    has_extra = bool(table.extra)
    prefix = f"{source}:"
    for item in table:
        if not isinstance(item, tuple):
            yield item
            continue
        line, row = item
        if isinstance(row, str):
            yield Quarantined(file, line, WRONG_WIDTH, None, detail=row)
            continue
        local, name = row[c_id].strip(), row[c_name].strip()
        type_text = row[c_type]
        ntype = _NODE_TYPE.get(type_text.strip().lower())
        if ntype is None or not local or not name:
            reason = "unknown type" if ntype is None else "missing id or name"
            yield Quarantined(file, line, reason, table.record(row), detail=repr(type_text))
            continue
        props = table.extras(row) if has_extra else {}
        aliases: list[str] = []
        cid = None
        uscc = row[c_uscc].strip()
        if uscc:
            check = validate_uscc(uscc)
            if check.issue in ("bad_length", "bad_charset"):
                props["uscc_raw"] = uscc
                props["uscc_valid"] = False
                props["uscc_issue"] = check.issue
                yield Warned(file, line, local, f"USCC unusable as id ({check.issue})")
            else:
                cid, *org = uscc_aliases(check.code, check)
                aliases += org
                props["uscc"] = check.code
                if check.issue is not None:
                    props["uscc_valid"] = check.valid
                    props["uscc_issue"] = check.issue
                    yield Warned(file, line, local, f"USCC kept despite {check.issue}")
                # Another row (another id) with this USCC: the same company when the
                # names agree, else kept apart (``loaders.same_uscc``).  A repeated id is
                # DUPLICATE_ID's case, below.
                other = None if local in ids.line else rows.seen(check.code, name, line)
                if other is not None:
                    first_line, first_name, same = other
                    reason = SAME_USCC if same else SAME_USCC_OTHER_NAME
                    detail = same_uscc_detail(first_line, first_name, same)
                    yield Warned(file, line, local, reason, detail)
                    if not same:
                        aliases.insert(0, cid)
                        cid = None
        lei_text = row[c_lei]
        lei = normalize_identifier(lei_text) if lei_text else ""
        if lei:
            props["lei"] = lei
            if cid is None:
                cid = "lei:" + lei
            else:
                aliases.append("lei:" + lei)
        prefixed = ":" in local
        alias = local if prefixed else prefix + local
        if cid is None:
            cid = local if prefixed else hashed_id(ntype.value.lower(), source, local)
        if alias != cid:
            aliases.append(alias)
        first = ids.line.get(local)
        if first is not None:
            yield Warned(
                file,
                line,
                local,
                DUPLICATE_ID,
                f"line {first} has it too; both rows describe one entity "
                "(names and ids combined, the later row's name and properties win)",
            )
        else:
            ids.line[local] = line
        ids.map[local] = cid
        if row[c_country]:
            props["country"] = row[c_country]
        if row[c_status]:
            props["status"] = row[c_status]
        if has_extra:
            yield from checked_dates(props, file, line, local)
        if revocation_undated(props):
            yield Warned(
                file,
                line,
                local,
                NO_REVOCATION_DATE,
                f"status {props['status']!r}: the bans that run from a revocation "
                "(Company Law art. 178(1)(4), registration regulations art. 12(4)) cannot "
                "be dated; add revoked_date",
            )
        if liquidation_undated(props):
            yield Warned(
                file,
                line,
                local,
                NO_LIQUIDATION_END,
                f"status {props['status']!r}: the bars that run from the end of a bankrupt "
                "liquidation (Company Law art. 178(1)(3), registration regulations art. "
                "12(3)) cannot be dated; add bankruptcy_end_date",
            )
        names_text = row[c_names]
        names = tuple(n.strip() for n in names_text.split(";") if n.strip()) if names_text else ()
        yield Node(
            cid,
            ntype,
            name,
            names=names,
            ids=tuple(aliases),
            props=props,
            provenance=(Provenance(source, local),),
        )


def _relationships(path: Path, source: str, ids: _Ids) -> Iterator[Record]:
    file = label(path)
    table = _Table(path, REL_COLUMNS, required=3)
    c_type, c_src, c_dst, c_role, c_share, c_start, c_end, c_basis, c_record = map(
        table.col, REL_COLUMNS
    )
    has_extra = bool(table.extra)
    ref = ids.ref
    for item in table:
        if not isinstance(item, tuple):
            yield item
            continue
        line, row = item
        if isinstance(row, str):
            yield Quarantined(file, line, WRONG_WIDTH, None, detail=row)
            continue
        rtype = _REL_TYPES.get(row[c_type].strip().upper())
        if rtype is None:
            yield Quarantined(
                file, line, f"unknown relationship type {row[c_type]!r}", table.record(row)
            )
            continue
        role_text = row[c_role].strip()
        role = _ROLES.get(role_text) if role_text else None
        start_text, source_record = row[c_start], row[c_record]
        try:
            if role_text and role is None:
                raise ModelError(f"unknown role {role_text!r}")
            share_text = row[c_share]
            share = _share(share_text) if share_text.strip() else None
            start, end = _day(start_text.strip()), _day(row[c_end].strip())
            src, dst = ref(row[c_src]), ref(row[c_dst])
            props = table.extras(row) if has_extra else {}
            if row[c_basis]:
                props["basis"] = row[c_basis]
            record = source_record or f"{file}:{line}"
            if has_extra:
                yield from checked_dates(props, file, line, record)
                yield from checked_flags(props, file, line, record)
            key = f"{role_text}|{start_text}|{source_record}"
            rel = Rel(
                rel_id(rtype, src, dst, source, key),
                rtype,
                src,
                dst,
                role=role,
                share=share,
                start=start,
                end=end,
                props=props,
                provenance=(Provenance(source, record),),
            )
        except (ModelError, ValueError) as exc:
            msg = exc.message if isinstance(exc, ModelError) else str(exc)
            yield Quarantined(file, line, "bad value", table.record(row), rtype.value, msg)
            continue
        if src == dst:
            # Real for OWNS (treasury shares), odd for the rest; kept, said.
            yield Warned(file, line, record, SELF_LINK, f"{rtype.value} from {src} to itself")
        yield rel


def _listings(path: Path, source: str, ids: _Ids) -> Iterator[Record]:
    file = label(path)
    table = _Table(path, LISTING_COLUMNS, required=2, kind="LISTED_ON")
    c_entity, c_list, c_start, c_end = map(table.col, LISTING_COLUMNS[:4])
    kept = [(k, table.col(k)) for k in ("status", "case_no", "reason", "agency")]
    c_case, c_status = table.col("case_no"), table.col("status")
    emitted: set[str] = set()
    for item in table:
        if not isinstance(item, tuple):
            yield item
            continue
        line, row = item
        if isinstance(row, str):
            yield Quarantined(file, line, WRONG_WIDTH, None, "LISTED_ON", row)
            continue
        list_id = row[c_list].strip().removeprefix("list:")
        if not list_id or not row[c_entity].strip():
            yield Quarantined(file, line, "missing entity or list", table.record(row), "LISTED_ON")
            continue
        if list_id not in emitted:
            emitted.add(list_id)
            if in_catalog(list_id):
                yield from catalog_list_records(list_id)
            else:
                yield Warned(file, line, list_id, NOT_IN_CATALOG, not_in_catalog(list_id))
        src, dst = ids.ref(row[c_entity]), f"list:{list_id}"
        props = table.extras(row)
        for k, i in kept:
            if row[i]:
                props[k] = row[i]
        if props.get("status"):
            status, problem = status_cell(row[c_status])
            if status is None:
                yield Quarantined(
                    file, line, UNKNOWN_STATUS, table.record(row), "LISTED_ON", problem
                )
                continue
            if status != props["status"]:
                props["status_recorded"] = props["status"]
                props["status"] = status
        case_no = row[c_case]
        yield from checked_dates(props, file, line, case_no or f"{file}:{line}")
        try:
            start, end = _day(row[c_start].strip()), _day(row[c_end].strip())
            key = f"{case_no}|{row[c_start]}"
            rel = Rel(
                rel_id(RelType.LISTED_ON, src, dst, source, key),
                RelType.LISTED_ON,
                src,
                dst,
                start=start,
                end=end,
                props=props,
                provenance=(Provenance(source, case_no or f"{file}:{line}"),),
            )
        except (ModelError, ValueError) as exc:
            msg = exc.message if isinstance(exc, ModelError) else str(exc)
            yield Quarantined(file, line, "bad value", table.record(row), "LISTED_ON", msg)
            continue
        if end is None and props.get("status", "active") != "active":
            yield Warned(file, line, case_no or f"{file}:{line}", OVER_UNDATED, over_undated(props))
        yield rel


__all__ = [
    "DEFAULT_SOURCE",
    "ENTITY_COLUMNS",
    "EXAMPLES",
    "EXAMPLE_USCC",
    "FILES",
    "LISTING_COLUMNS",
    "REL_COLUMNS",
    "bundle_source",
    "read_bundle",
    "template",
]
