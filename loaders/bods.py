"""Reader for the Beneficial Ownership Data Standard 0.2 and 0.4 (format ``bods``).

Input: a JSON array or JSON lines, plain or gzipped (told by content, see
``loaders.bods_json``).  0.2 statements carry ``statementID``/``statementType``;
0.4 statements carry ``recordId``/``recordType``/``recordDetails`` and refer to
records, not statements.  Both become one internal form here.

- Entity statements -> Company (``state``/``stateBody`` -> Agency).  Node id: the
  USCC (``uscc:``), else the LEI (``lei:``, kept flagged when its check fails), else
  the first register number (``reg:<scheme>:<id>``, e.g. ``reg:SK-ORSR:46320041``),
  else ``bods:<record id>``; every other one, and ``bods:<record id>``, are aliases.
- Person statements -> Person ``bods:<record id>``.
- Ownership-or-control statements -> one relationship per interest, interested
  party -> subject: ``shareholding`` -> OWNS with its exact share or range; control
  interests -> CONTROLS with ``props.kind`` and the EU/UK control limbs they match;
  board and senior-managing-official interests -> OFFICER_OF; economic, conditional
  and unknown interests -> LINKED_TO (see ``loaders.bods_map.INTERESTS``).  A
  statement without interests becomes one LINKED_TO of kind ``unknown_interest``.
- Replacement (0.2 ``replacesStatements``): the replacing node takes the replaced
  statements' ids as aliases, so references to them still resolve; a replaced
  entity or person statement in the same file is not loaded on its own (warned).
  A replaced ownership-or-control statement in the same file is *kept with an end
  date*: its relationships end on the replacing statement's date and carry
  ``props.superseded_by`` (history stays queryable as of a date).  In 0.4 the
  statements of one record share ids, so a later statement updates the record; a
  ``closed`` relationship record ends on its statement date.
- References to statements not in the file (files are slices of a register) are
  warned and offered as ``Stub`` nodes: the pipeline writes a stub only when
  neither the load nor the store has the id.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.model import Node, NodeType, Provenance, Rel, RelType
from loaders.bods_json import json_records
from loaders.bods_map import bods_day, entity_ids
from loaders.bods_relationships import relationship_records
from loaders.bods_statements import Statement, StatementIndex, statement
from loaders.files import folder_files, label
from loaders.records import Quarantined, Record, Warned
from loaders.resolve import uscc_aliases
from loaders.spill import SpillSet
from loaders.stakes import Stakes

DEFAULT_SOURCE = "bods"
_AGENCY_TYPES = frozenset({"state", "stateBody"})


def read_bods(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Entities, persons and ownership-or-control relationships from one BODS file
    (or from each file of a folder, in name order)."""
    if path.is_dir():
        for f in folder_files(path):
            yield from read_bods(f, source=source)
        return
    file = label(path)
    index = StatementIndex(path)
    stubs = SpillSet()
    owns = Stakes()
    try:
        for pos, obj, text in json_records(path):
            st = statement(pos, obj)
            if isinstance(st, str):
                yield Quarantined(file, pos, st, text[:500])
                continue
            prov = (Provenance(source, st.sid, st.day, st.day),)
            # Most statements are not replaced, and past the spill limit a lookup is a
            # query: ask only where the answer changes something.
            replaced = index.replaced_by.get(st.sid) if st.kind != "relationship" else None
            if replaced is not None:
                yield Warned(
                    file,
                    pos,
                    st.sid,
                    "statement replaced in this file; folded",
                    f"by {replaced[0]}",
                )
                continue
            if st.kind == "entity":
                yield from _entity(file, st, prov, index)
            elif st.kind == "person":
                yield _person(st, prov, index)
            else:
                for rec in relationship_records(file, st, prov, index, stubs):
                    if isinstance(rec, Rel) and rec.type is RelType.OWNS and rec.share is not None:
                        owns.add(rec.dst, rec.share.lo, rec.start, rec.end, pos)
                    yield rec
        yield from owns.overfull(file, "subject")
    finally:
        index.close()
        stubs.close()


def _aliases(st: Statement, index: StatementIndex, *extra: str) -> tuple[str, ...]:
    replaced = index.replaced_chain(st) if st.replaces else ()
    return tuple(dict.fromkeys([*extra, f"bods:{st.rid}", *(f"bods:{r}" for r in replaced)]))


def _names(values: Any) -> list[str]:
    return [str(v).strip() for v in values or () if isinstance(v, str) and v.strip()]


def _addresses(details: dict[str, Any]) -> list[str]:
    out = []
    for a in details.get("addresses") or ():
        if isinstance(a, dict) and a.get("address"):
            country = a.get("country")
            code = country.get("code") if isinstance(country, dict) else country
            out.append(f"{a['address']} ({code})" if code else str(a["address"]))
    return out


def _entity(
    file: str, st: Statement, prov: tuple[Provenance, ...], index: StatementIndex
) -> Iterator[Record]:
    d = st.details
    etype = d.get("entityType")
    etype = etype.get("type") if isinstance(etype, dict) else etype
    ntype = NodeType.AGENCY if etype in _AGENCY_TYPES else NodeType.COMPANY
    ids = entity_ids(d.get("identifiers"))
    props: dict[str, Any] = {"bods_statement": st.sid}
    if etype:
        props["entity_type"] = str(etype)
    if ids.listed:
        props["identifiers"] = ids.listed
    strong: list[str] = []
    if ids.uscc:
        strong += uscc_aliases(ids.uscc)
        props["uscc"] = ids.uscc
    if ids.lei:
        strong.append(f"lei:{ids.lei}")
        props["lei"] = ids.lei
        if ids.lei_issue:
            props["lei_valid"] = False
            props["lei_issue"] = ids.lei_issue
            yield Warned(file, st.pos, st.sid, f"LEI kept despite {ids.lei_issue}", ids.lei)
    strong.extend(ids.registers)
    jur = d.get("incorporatedInJurisdiction") or d.get("jurisdiction")
    if isinstance(jur, dict) and (jur.get("code") or jur.get("name")):
        code = str(jur.get("code") or jur.get("name"))
        props["jurisdiction"] = code
        if len(code) >= 2 and code[:2].isalpha():
            props["country"] = code[:2].lower()
    founded = bods_day(d.get("foundingDate") or d.get("foundedDate"))
    dissolved = bods_day(d.get("dissolutionDate"))
    if founded:
        props["founded_on"] = founded.isoformat()
    if dissolved:
        props["dissolved_on"] = dissolved.isoformat()
    if founded and dissolved and dissolved < founded:
        founded = dissolved = None
    addrs = _addresses(d)
    if addrs:
        props["addresses"] = addrs
    if st.replaces:
        props["replaces"] = st.replaces
    if st.status:
        props["record_status"] = st.status
    alt = _names(d.get("alternateNames"))
    name = str(d.get("name") or "").strip() or (alt[0] if alt else f"(unnamed entity {st.rid})")
    all_ids = _aliases(st, index, *strong)
    yield Node(
        all_ids[0],
        ntype,
        name,
        names=tuple(n for n in alt if n != name),
        ids=all_ids[1:],
        props=props,
        provenance=prov,
        valid_from=founded,
        valid_to=dissolved,
    )


def _person(st: Statement, prov: tuple[Provenance, ...], index: StatementIndex) -> Node:
    d = st.details
    names: list[str] = []
    for n in d.get("names") or ():
        if not isinstance(n, dict):
            continue
        full = n.get("fullName") or " ".join(
            str(n[k]) for k in ("givenName", "patronymicName", "familyName") if n.get(k)
        )
        if full and full.strip():
            names.append(full.strip())
    names = list(dict.fromkeys(names))
    props: dict[str, Any] = {"bods_statement": st.sid}
    ptype = d.get("personType")
    if ptype:
        props["person_type"] = str(ptype)
    nats = [
        n.get("code") or n.get("name") for n in d.get("nationalities") or () if isinstance(n, dict)
    ]
    if any(nats):
        props["nationality"] = [str(n) for n in nats if n]
    birth = d.get("birthDate")
    if birth:
        props["birth_date"] = str(birth)
    idents = [
        {k: str(v) for k, v in i.items() if k in ("id", "scheme", "schemeName") and v}
        for i in d.get("identifiers") or ()
        if isinstance(i, dict) and i.get("id")
    ]
    if idents:
        props["identifiers"] = idents
    addrs = _addresses(d)
    if addrs:
        props["addresses"] = addrs
    if st.replaces:
        props["replaces"] = st.replaces
    name = names[0] if names else f"(unnamed person {st.rid})"
    ids = _aliases(st, index)
    return Node(
        ids[0],
        NodeType.PERSON,
        name,
        names=tuple(names[1:]),
        ids=ids[1:],
        props=props,
        provenance=prov,
    )
