"""Reader for Companies House PSC and company data (format ``uk-psc``).

Input, each file told by its content (JSON array or JSON lines, plain or gzipped,
as in ``loaders.bods_json``; CSV by its header):

- PSC records ``{"company_number": ..., "data": {"kind": ..., ...}}``, as in the
  persons-with-significant-control snapshot and the API.
- BasicCompanyData, as CSV (headers such as `` CompanyNumber`` keep their leading
  spaces in the real file; they are stripped) or as JSON records with those keys.

Model:

- A company is ``reg:GB-COH:<number>`` (``graph.registers.gb_alias``), the
  alias a BODS load gives a company with a ``GB-COH`` identifier, so the two merge.
  From company data (``loaders.uk_company_data``): name, previous names, status, category, registered address,
  SIC codes, incorporation (``valid_from``) and dissolution (``valid_to``).  A
  company known only as the subject of PSC records is offered as a ``Stub``.
- Individual PSCs and beneficial owners -> Person (name without title, the
  title-bearing form as an alias; nationality, country of residence, month and year
  of birth: the register publishes no more).  Corporate entities -> Company; one
  whose identification names a UK register is that register's company
  (``reg:GB-COH:``), so chains of UK holding companies join up.  Legal persons
  (governments, public bodies) -> Company with ``props.kind = "legal_person"``.
  Other PSCs are ``psc:<hash>`` of the company number and the PSC id (the last part
  of ``links.self``, else the etag): the register
  gives no person id across companies, so the same person under two companies stays
  two nodes until resolution proposes them as candidates.
- Each nature of control -> one relationship PSC -> company
  (``loaders.uk_psc_map.nature``): shares -> OWNS with the band as an exact range;
  votes, board appointment, significant influence, and shares held as trustee or
  firm -> CONTROLS with the EU and UK control limbs; surplus-asset rights and
  nominee holdings -> LINKED_TO.  ``notified_on`` starts it and ``ceased_on`` ends
  it; the code itself is kept in ``props.nature_of_control``.
- Statements (no registrable person, steps not completed, ...), exemptions and
  super-secure PSCs are facts about the company: ``props.psc_statements`` on it,
  one list per run of consecutive records of one company (a later run of the same
  company, in this file or a later load, replaces the list).
- The snapshot's closing ``totals#...`` line is not a record: it is warned with its
  figures, once per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Provenance, Rel, RelType, hashed_id, rel_id
from graph.registers import gb_alias, gb_company_number
from loaders.bods_json import json_records, open_json_text
from loaders.countries import country_code
from loaders.files import folder_files, label
from loaders.records import Quarantined, Record, Stub, Warned
from loaders.spill import SpillSet
from loaders.stakes import Stakes
from loaders.uk_company_data import company_record, read_company_csv, uk_day
from loaders.uk_psc_map import nature, uk_registration

DEFAULT_SOURCE = "gb_coh_psc"
HEAD_RECORDS = 20  # unrecognised records before any good one that make a file "not PSC data"
PERSON_KINDS = ("individual-person-with-significant-control", "individual-beneficial-owner")
CORPORATE_KINDS = (
    "corporate-entity-person-with-significant-control",
    "corporate-entity-beneficial-owner",
)
LEGAL_KINDS = ("legal-person-person-with-significant-control", "legal-person-beneficial-owner")
FACT_KINDS = (
    "persons-with-significant-control-statement",
    "super-secure-person-with-significant-control",
    "super-secure-beneficial-owner",
    "exemptions",
)


def read_uk_psc(path: Path, *, source: str = DEFAULT_SOURCE) -> Iterator[Record]:
    """Companies, PSCs and their control from one file (or each file of a folder)."""
    if path.is_dir():
        for f in folder_files(path):
            yield from read_uk_psc(f, source=source)
        return
    if _is_json(path):
        yield from _json_file(path, source)
    else:
        yield from read_company_csv(path, source)


def _is_json(path: Path) -> bool:
    with open_json_text(path) as fh:
        head = fh.read(4096).lstrip("\ufeff \t\r\n")
    return head[:1] in ("[", "{")


def _json_file(path: Path, source: str) -> Iterator[Record]:
    file = label(path)
    stakes = Stakes()
    stubbed = SpillSet()  # companies offered as stubs: one offer each, bounded memory
    try:
        yield from _json_records(path, file, source, stakes, stubbed)
    finally:
        stubbed.close()


def _json_records(
    path: Path, file: str, source: str, stakes: Stakes, stubbed: SpillSet
) -> Iterator[Record]:
    facts: tuple[str, list[dict[str, Any]], int] | None = None  # company, statements, pos
    pending: list[Quarantined] | None = []
    for pos, obj, raw in json_records(path):
        kind = _record_kind(obj)
        if kind is None:
            why = "not JSON" if obj is None else "neither a PSC nor a company record"
            q = Quarantined(file, pos, why, raw[:2000])
            if pending is None:
                yield q
            else:
                pending.append(q)
                if len(pending) >= HEAD_RECORDS:
                    break
            continue
        if pending is not None:
            yield from pending
            pending = None
        if kind == "company":
            yield from company_record(file, pos, obj, source)
            continue
        if kind == "totals":
            d = obj["data"]
            figures = ", ".join(
                f"{k} {d[k]}" for k in sorted(d) if k not in ("kind",) and d[k] is not None
            )
            yield Warned(file, pos, "totals", "snapshot totals line passed over", figures)
            continue
        number = gb_company_number(obj.get("company_number"))
        if number is None:
            yield Quarantined(
                file, pos, "no company number", raw[:2000], detail=repr(obj.get("company_number"))
            )
            continue
        data = obj["data"]
        if facts is not None and facts[0] != number:
            yield _facts_node(facts, source)
            facts = None
        if data["kind"] in FACT_KINDS:
            facts = facts or (number, [], pos)
            facts[1].append(_statement(data))
        else:
            yield from _psc(file, pos, number, data, source, stakes)
        if number not in stubbed:
            stubbed.add(number)
            yield _subject_stub(number)
    if facts is not None:
        yield _facts_node(facts, source)
    if pending:
        raise InvalidInput(
            f"{path}: not Companies House PSC or company data (no record has"
            " company_number and data.kind, or CompanyNumber)",
            path=str(path),
        )
    yield from stakes.overfull(file, "company")


def _record_kind(obj: Any) -> str | None:
    if not isinstance(obj, dict):
        return None
    if "CompanyNumber" in obj or " CompanyNumber" in obj:
        return "company"
    data = obj.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        return None
    return "totals" if data["kind"].startswith("totals#") else "psc"


def _country(text: Any) -> str | None:
    """An ISO code for a country as the register writes it ("England", "Minnesota, Usa")."""
    return country_code(text) if isinstance(text, str) and text.strip() else None


def _subject_stub(number: str) -> Stub:
    cid = gb_alias(number)
    return Stub(
        Node(
            cid,
            NodeType.COMPANY,
            f"(company {number} not in file)",
            props={"company_number": number, "country": ["gb"]},
        )
    )


def _statement(data: dict[str, Any]) -> dict[str, Any]:
    out = {"kind": data["kind"]}
    for key in ("statement", "description", "notified_on", "ceased_on", "ceased"):
        if data.get(key) not in (None, ""):
            out[key] = data[key]
    return out


def _facts_node(facts: tuple[str, list[dict[str, Any]], int], source: str) -> Node:
    number, statements, pos = facts
    cid = gb_alias(number)
    # No name: statements name nobody, and an empty name never replaces one.
    return Node(
        cid,
        NodeType.COMPANY,
        "",
        props={"company_number": number, "psc_statements": statements},
        provenance=(Provenance(source, f"{number}/statements@{pos}"),),
    )


def _psc_key(data: dict[str, Any]) -> str | None:
    link = _mapping(data.get("links")).get("self")
    if isinstance(link, str) and link.rstrip("/"):
        return link.rstrip("/").rsplit("/", 1)[-1]
    etag = data.get("etag")
    return etag if isinstance(etag, str) and etag else None


def _psc(
    file: str, pos: int, number: str, data: dict[str, Any], source: str, stakes: Stakes
) -> Iterator[Record]:
    kind = data["kind"]
    name = str(data.get("name") or "").strip()
    key = _psc_key(data)
    if not name:
        yield Quarantined(file, pos, "PSC without a name", data, detail=kind)
        return
    if key is None:
        yield Quarantined(file, pos, "PSC without links.self or etag", data, detail=name)
        return
    record = f"{number}/{key}"
    prov = (Provenance(source, record, uk_day(data.get("notified_on"))),)
    subject = gb_alias(number)
    node = _party(kind, number, key, name, data, prov)
    if node is None:
        yield Quarantined(file, pos, "PSC kind not known", data, detail=kind)
        return
    yield node
    start = uk_day(data.get("notified_on"))
    end = uk_day(data.get("ceased_on"))
    if start and end and end < start:
        yield Warned(file, pos, record, "PSC ceases before it was notified; dates dropped")
        start = end = None
    codes = [c for c in data.get("natures_of_control") or () if isinstance(c, str)]
    if not codes:
        yield Warned(file, pos, record, "PSC lists no nature of control; kept as a link")
        codes = ["unknown"]
    for code in codes:
        n = nature(code)
        if n is None and code != "unknown":
            yield Warned(file, pos, record, "nature of control not known; kept as a link", code)
        rel = n.rel if n else RelType.LINKED_TO
        props: dict[str, Any] = {
            "nature_of_control": code,
            "kind": (n.kind if n else "unknown_interest").replace("-", "_"),
            "psc_kind": kind,
        }
        if n and n.capacity:
            props["capacity"] = n.capacity
        if n and n.register:
            props["register"] = n.register
        if n and n.basis and rel is RelType.CONTROLS:
            props["control_basis"] = n.basis
        share = n.share if n and rel is not RelType.LINKED_TO else None
        if n and n.share and share is None:
            props["share_band"] = n.share.as_text()
        if share is not None and rel is RelType.OWNS:
            stakes.add(subject, share.lo, start, end, pos)
        yield Rel(
            rel_id(rel, node.id, subject, source, f"{key}|{code}"),
            rel,
            node.id,
            subject,
            share=share,
            start=start,
            end=end,
            props=props,
            provenance=prov,
        )


def _party(
    kind: str,
    number: str,
    key: str,
    name: str,
    data: dict[str, Any],
    prov: tuple[Provenance, ...],
) -> Node | None:
    own_id = hashed_id("psc", prov[0].source, f"{number}/{key}")
    address = _mapping(data.get("address"))
    if kind in PERSON_KINDS:
        props: dict[str, Any] = {}
        for k in ("nationality", "country_of_residence"):
            if data.get(k):
                props[k] = data[k]
        dob = data.get("date_of_birth")
        if isinstance(dob, dict) and dob.get("year"):
            props["birth_month"] = f"{int(dob['year']):04d}-{int(dob.get('month') or 1):02d}"
        if data.get("is_sanctioned") is not None:
            props["is_sanctioned"] = bool(data["is_sanctioned"])
        plain = _plain_name(data.get("name_elements"))
        names = (name,) if plain and plain != name else ()
        return Node(
            own_id, NodeType.PERSON, plain or name, names=names, props=props, provenance=prov
        )
    if kind not in CORPORATE_KINDS and kind not in LEGAL_KINDS:
        return None
    ident = _mapping(data.get("identification"))
    props = {k: v for k, v in ident.items() if v not in (None, "")}
    if kind in LEGAL_KINDS:
        props["kind"] = "legal_person"
    country = _country(ident.get("country_registered")) or _country(address.get("country"))
    if country:
        props["country"] = [country]
    if address:
        props["address"] = {k: v for k, v in address.items() if v}
    if data.get("is_sanctioned") is not None:
        props["is_sanctioned"] = bool(data["is_sanctioned"])
    uk = uk_registration(ident)
    if uk:
        cid = gb_alias(uk)
        props["company_number"] = uk
        return Node(cid, NodeType.COMPANY, name, ids=(own_id,), props=props, provenance=prov)
    return Node(own_id, NodeType.COMPANY, name, props=props, provenance=prov)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _plain_name(elements: Any) -> str:
    """Forename, middle name and surname, without the title ("Mr")."""
    if not isinstance(elements, dict):
        return ""
    parts = (elements.get(k) for k in ("forename", "middle_name", "surname"))
    return " ".join(str(p).strip() for p in parts if p and str(p).strip())
