"""Reader for GLEIF data (format ``gleif``): LEI-CDF, RR-CDF and reporting exceptions.

XML (streamed with ``iterparse``, namespaces dropped) or JSON (array or lines),
plain or gzipped; the kind of file is told from its root element or its records.

- LEI records -> Company ``lei:<LEI>``; the LEI is checked with
  ``graph.lei.validate_lei`` and a failing one is kept, flagged
  (``props.lei_valid = False``, ``props.lei_issue``) and warned.  Legal name; other
  and transliterated names as aliases; jurisdiction, entity and registration
  status, category, legal form, legal and headquarters address countries; the
  registration authority's number as alias ``reg:<RA code>:<id>`` (and, for UK
  Companies House, ``RA000585``, also ``reg:GB-COH:<number>``, as ``uk-psc`` names it).
- Relationship records, child (``StartNode``) and parent (``EndNode``):
  ``IS_DIRECTLY_CONSOLIDATED_BY`` / ``IS_ULTIMATELY_CONSOLIDATED_BY`` -> CONTROLS
  parent -> child, ``props.kind`` ``accounting_consolidation_direct`` / ``_ultimate``
  (EU criterion (g): a unified business publishing consolidated accounts), start and
  end from the ``RELATIONSHIP_PERIOD``, accounting and filing periods, status and
  qualifiers in props.  ``IS_INTERNATIONAL_BRANCH_OF`` -> BRANCH_OF child -> parent.
  Fund relations (``IS_FUND-MANAGED_BY``, ``IS_SUBFUND_OF``, ``IS_FEEDER_TO``) ->
  LINKED_TO child -> parent with ``props.kind`` the relationship (management is
  neither ownership nor control of a fund's assets under the regimes we model).
  Ends are offered as ``Stub`` companies: RR files never hold the LEI records.
- Reporting exceptions -> facts on the company node:
  ``props.reporting_exceptions = [{category, reason, reference}]``, one node per run
  of consecutive records of one LEI (files are sorted by LEI).  That node has no
  name of its own, so it never renames a company already loaded; load the LEI file
  too to give a name to companies known only from exceptions.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

from graph.errors import InvalidInput
from graph.lei import validate_lei
from graph.model import Node, NodeType, Provenance, Rel, RelType, rel_id
from loaders.bods_json import is_gzip, json_records
from loaders.bods_map import bods_day as gleif_day
from loaders.files import folder_files, label
from loaders.gleif_xml import xml_records
from loaders.records import Quarantined, Record, Stub, Warned
from loaders.resolve import register_aliases

DEFAULT_SOURCE = "gleif"
CONSOLIDATION = {
    "IS_DIRECTLY_CONSOLIDATED_BY": "accounting_consolidation_direct",
    "IS_ULTIMATELY_CONSOLIDATED_BY": "accounting_consolidation_ultimate",
}
FUND_LINKS = {
    "IS_FUND-MANAGED_BY": "fund_managed_by",
    "IS_SUBFUND_OF": "subfund_of",
    "IS_FEEDER_TO": "feeder_to",
}
BRANCH = "IS_INTERNATIONAL_BRANCH_OF"


def _text(v: Any) -> str:
    """A leaf's text whether JSON gave a string or XML a dict with attributes."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k[:1].isupper() and isinstance(x, str):
                return x.strip()
        return ""
    # A list or other structure where a leaf belongs is bad data: never its repr as a name.
    if isinstance(v, str | int | float | Decimal) and not isinstance(v, bool):
        return str(v).strip()
    return ""


def _obj(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _open_bytes(path: Path) -> IO[bytes]:
    try:
        if is_gzip(path):
            return cast(IO[bytes], gzip.open(path, "rb"))
        return path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc


def _records(path: Path) -> Iterator[tuple[str | None, int, Any, str]]:
    """(kind or None when the JSON record does not say, position, record, raw text)."""
    with _open_bytes(path) as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        with _open_bytes(path) as stream:
            try:
                for kind, number, rec in xml_records(stream):
                    yield kind, number, rec, ""
            except ET.ParseError as exc:
                raise InvalidInput(f"{path}: not well-formed XML: {exc}", path=str(path)) from exc
        return
    for pos, obj, text in json_records(path):
        yield None, pos, obj, text


def _kind_of(rec: Any) -> str | None:
    if not isinstance(rec, dict):
        return None
    if "Relationship" in rec:
        return "rr"
    if "ExceptionCategory" in rec:
        return "repex"
    if "Entity" in rec and "LEI" in rec:
        return "lei"
    return None


def read_gleif(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Companies, consolidation parents and reporting exceptions from one GLEIF file
    (or from each file of a folder, in name order)."""
    if path.is_dir():
        for f in folder_files(path):
            yield from read_gleif(f, source=source)
        return
    file = label(path)
    first = True
    stubs: set[str] = set()
    pending: list[tuple[int, dict[str, Any]]] = []  # one LEI's run of exceptions
    for kind, pos, rec, text in _records(path):
        kind = kind or _kind_of(rec)
        if kind is None:
            if first:
                raise InvalidInput(
                    f"{path}: record {pos} is not a GLEIF LEI, relationship or exception record",
                    path=str(path),
                )
            yield Quarantined(file, pos, "not a GLEIF record", text[:500] or None)
            continue
        first = False
        if kind == "lei":
            yield from _lei(file, pos, rec, source)
        elif kind == "rr":
            yield from _rr(file, pos, rec, source, stubs)
        else:
            lei = _text(rec.get("LEI"))
            if pending and _text(pending[0][1].get("LEI")) != lei:
                yield from _exceptions(file, pending, source)
                pending = []
            pending.append((pos, rec))
    if pending:
        yield from _exceptions(file, pending, source)


def _lei_id(file: str, pos: int, raw: str, props: dict[str, Any]) -> Iterator[Warned]:
    check = validate_lei(raw)
    props["lei"] = check.code
    if not check.valid:
        props["lei_valid"] = False
        props["lei_issue"] = check.issue
        yield Warned(file, pos, check.code, f"LEI kept despite {check.issue}", check.message)


def _address(a: Any) -> str:
    if not isinstance(a, dict):
        return ""
    parts = [
        *(_text(x) for x in _list(a.get("FirstAddressLine"))),
        *(_text(x) for x in _list(a.get("AdditionalAddressLine"))),
        _text(a.get("City")),
        _text(a.get("Region")),
        _text(a.get("PostalCode")),
        _text(a.get("Country")),
    ]
    return ", ".join(p for p in parts if p)


def _lei(file: str, pos: int, rec: dict[str, Any], source: str) -> Iterator[Record]:
    raw = _text(rec.get("LEI"))
    entity = _obj(rec.get("Entity"))
    reg = _obj(rec.get("Registration"))
    name = _text(entity.get("LegalName"))
    if not raw or not name:
        yield Quarantined(file, pos, "LEI record without LEI or legal name", raw or None, "Company")
        return
    props: dict[str, Any] = {}
    yield from _lei_id(file, pos, raw, props)
    lei = props["lei"]
    names: list[str] = []
    for key, inner in (
        ("OtherEntityNames", "OtherEntityName"),
        ("TransliteratedOtherEntityNames", "TransliteratedOtherEntityName"),
    ):
        for n in _list(entity.get(key)):
            text = _text(n.get(inner)) if isinstance(n, dict) else _text(n)
            if text and text != name:
                names.append(text)
    for key, out in (
        ("LegalJurisdiction", "jurisdiction"),
        ("EntityCategory", "category"),
        ("EntityStatus", "entity_status"),
    ):
        v = _text(entity.get(key))
        if v:
            props[out] = v
    form = entity.get("LegalForm")
    if isinstance(form, dict):
        code, other = _text(form.get("EntityLegalFormCode")), _text(form.get("OtherLegalForm"))
        if code:
            props["legal_form_code"] = code
        if other:
            props["legal_form"] = other
    legal = entity.get("LegalAddress")
    hq = entity.get("HeadquartersAddress")
    if isinstance(legal, dict) and _text(legal.get("Country")):
        props["country"] = _text(legal.get("Country")).lower()
        props["address"] = _address(legal)
    if isinstance(hq, dict) and _text(hq.get("Country")):
        props["hq_country"] = _text(hq.get("Country")).lower()
    aliases: list[str] = []
    ra = entity.get("RegistrationAuthority")
    if isinstance(ra, dict):
        ra_id, ra_entity = (
            _text(ra.get("RegistrationAuthorityID")),
            _text(ra.get("RegistrationAuthorityEntityID")),
        )
        if ra_id and ra_entity:
            aliases += register_aliases(ra_id, ra_entity)
            props["registration_authority"] = {"id": ra_id, "entity_id": ra_entity}
    for key, out in (
        ("RegistrationStatus", "registration_status"),
        ("InitialRegistrationDate", "registered_on"),
        ("LastUpdateDate", "last_update"),
        ("NextRenewalDate", "next_renewal"),
        ("ManagingLOU", "managing_lou"),
    ):
        v = _text(reg.get(key))
        if v:
            props[out] = v[:10] if out in ("registered_on", "last_update", "next_renewal") else v
    events = [
        {
            k: _text(e.get(k))
            for k in ("LegalEntityEventType", "LegalEntityEventEffectiveDate")
            if _text(e.get(k))
        }
        for e in _list(entity.get("LegalEntityEvents"))
        if isinstance(e, dict)
    ]
    if events:
        props["events"] = events
    created = gleif_day(_text(entity.get("EntityCreationDate")))
    seen = gleif_day(_text(reg.get("LastUpdateDate")))
    yield Node(
        f"lei:{lei}",
        NodeType.COMPANY,
        name,
        names=tuple(dict.fromkeys(names)),
        ids=tuple(aliases),
        props=props,
        provenance=(Provenance(source, lei, seen, seen),),
        valid_from=created,
    )


def _stub(lei: str) -> Stub:
    return Stub(Node(f"lei:{lei}", NodeType.COMPANY, f"LEI {lei}", props={"lei": lei}))


def _rr(file: str, pos: int, rec: dict[str, Any], source: str, stubs: set[str]) -> Iterator[Record]:
    rel = _obj(rec.get("Relationship"))
    rtype = _text(rel.get("RelationshipType"))
    ends = []
    for key in ("StartNode", "EndNode"):
        node = _obj(rel.get(key))
        id_type = _text(node.get("NodeIDType")) or "LEI"
        if id_type != "LEI" or not _text(node.get("NodeID")):
            yield Quarantined(
                file, pos, f"{key} is not an LEI ({id_type or 'missing'})", rtype, "record"
            )
            return
        ends.append(validate_lei(_text(node.get("NodeID"))).code)
    child, parent = ends
    for lei in ends:
        if lei not in stubs:
            stubs.add(lei)
            yield _stub(lei)
    props: dict[str, Any] = {"relationship_type": rtype}
    start: date | None = None
    end: date | None = None
    for p in _list(rel.get("RelationshipPeriods")):
        if not isinstance(p, dict):
            continue
        ptype = _text(p.get("PeriodType"))
        s, e = gleif_day(_text(p.get("StartDate"))), gleif_day(_text(p.get("EndDate")))
        if ptype == "RELATIONSHIP_PERIOD":
            start, end = s, e
        else:
            props.setdefault(ptype.lower() + "s", []).append(
                {"start": s.isoformat() if s else None, "end": e.isoformat() if e else None}
            )
    if start and end and end < start:
        yield Warned(
            file, pos, f"{child}>{parent}", "relationship ends before it starts; end dropped"
        )
        end = None
    status = _text(rel.get("RelationshipStatus"))
    if status:
        props["status"] = status.lower()
    for key, out in (
        ("RelationshipQualifiers", "qualifiers"),
        ("RelationshipQuantifiers", "quantifiers"),
    ):
        vals = [q for q in _list(rel.get(key)) if isinstance(q, dict)]
        if vals:
            props[out] = vals
    reg = _obj(rec.get("Registration"))
    if _text(reg.get("RegistrationStatus")):
        props["registration_status"] = _text(reg.get("RegistrationStatus"))
    if rtype in CONSOLIDATION:
        rt, src, dst = RelType.CONTROLS, f"lei:{parent}", f"lei:{child}"
        props["kind"] = CONSOLIDATION[rtype]
        props["control_basis"] = {"eu": "g"}
    elif rtype == BRANCH:
        rt, src, dst = RelType.BRANCH_OF, f"lei:{child}", f"lei:{parent}"
    else:
        rt, src, dst = RelType.LINKED_TO, f"lei:{child}", f"lei:{parent}"
        props["kind"] = FUND_LINKS.get(rtype) or rtype.lower().replace("-", "_")
        if rtype not in FUND_LINKS:
            yield Warned(
                file, pos, f"{child}>{parent}", f"relationship type {rtype!r} kept as a link"
            )
    record = f"{child}>{parent}:{rtype}"
    yield Rel(
        rel_id(rt, src, dst, source, f"{rtype}|{start.isoformat() if start else ''}"),
        rt,
        src,
        dst,
        start=start,
        end=end,
        props=props,
        provenance=(Provenance(source, record),),
    )


def _exceptions(file: str, run: list[tuple[int, dict[str, Any]]], source: str) -> Iterator[Record]:
    pos, first = run[0]
    raw = _text(first.get("LEI"))
    if not raw:
        yield Quarantined(file, pos, "reporting exception without LEI", first, "Company")
        return
    props: dict[str, Any] = {}
    yield from _lei_id(file, pos, raw, props)
    found = []
    for _, rec in run:
        entry = {
            "category": _text(rec.get("ExceptionCategory")),
            "reason": [_text(r) for r in _list(rec.get("ExceptionReason")) if _text(r)],
        }
        refs = [_text(r) for r in _list(rec.get("ExceptionReference")) if _text(r)]
        if refs:
            entry["reference"] = refs
        found.append(entry)
    props["reporting_exceptions"] = found
    lei = props["lei"]
    # No name: the exception file has none, and an empty name never replaces one.
    yield Node(
        f"lei:{lei}",
        NodeType.COMPANY,
        "",
        props=props,
        provenance=(Provenance(source, f"repex:{lei}"),),
    )
