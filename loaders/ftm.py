"""Reader for FollowTheMoney JSON lines (format ``ftm``), via ``followthemoney``.

- Company, Organization, LegalEntity (and Vessel, Airplane with ``props["kind"]``)
  -> Company; Person -> Person; PublicBody -> Agency.  Ids ``ftm:<id>``; strong ids
  become aliases (``leiCode`` -> ``lei:...``; ``uscCode`` or a USCC-shaped
  ``registrationNumber`` -> ``uscc:...`` and its ``org:`` organization code
  (``loaders.resolve.uscc_aliases``); Russian INN/OGRN -> ``reg:ru-inn:...`` /
  ``reg:ru-ogrn:...``).
- Ownership -> OWNS with the exact share from ``percentage``; a percentage that
  does not parse or lies outside 0-100 keeps the edge without a share, warned; an
  asset whose owners' shares, valid at the same time, add up past 100 % is warned.
- Directorship -> OFFICER_OF with a mapped role (raw text in ``props["role_text"]``).
- Sanction -> LISTED_ON a List (``loaders.ftm_sanction``); regime and list by
  ``loaders.regimes``; ``startDate`` (else ``listingDate``) is the start, and without
  either the day its programs' legal basis took effect, marked unrecorded
  (``loaders.lists.undated_start``).  An SDN Sanction under EO 13382 (``program``
  or ``provisions`` NPWMD, or a ``reason`` naming the order) is also LISTED_ON
  ``list:US_BIS_SDN_744_8`` (15 CFR 744.8(a)(1)).
- Any other link schema (Family, Associate, UnknownLink, Employment, Membership,
  Representation, Control, ...) -> LINKED_TO with ``props["kind"]`` = schema.
- Address and identity documents are folded into the entity's props (a first pass
  collects them); other schemata are quarantined as not modelled.
- A reference to an id that is not in the file is warned here; the pipeline then
  links it if the store has it, or quarantines the edge as a dangling reference.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from followthemoney import model

from graph.errors import InvalidInput, ModelError, UnreadableInput
from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.uscc import normalize_identifier, validate_uscc
from loaders.files import label, open_text
from loaders.ftm_sanction import ftm_day, missing_refs, sanction_records
from loaders.records import Quarantined, Record, Warned
from loaders.resolve import ru_aliases, uscc_aliases
from loaders.spill import SpillMap, SpillSet
from loaders.stakes import Stakes

_UNDECODED = re.compile("[\udc80-\udcff]")
DEFAULT_SOURCE = "opensanctions"
NODE_SCHEMATA = {
    "Person": NodeType.PERSON,
    "PublicBody": NodeType.AGENCY,
    "Company": NodeType.COMPANY,
    "Organization": NodeType.COMPANY,
    "LegalEntity": NodeType.COMPANY,
    "Vessel": NodeType.COMPANY,
    "Airplane": NodeType.COMPANY,
}
FOLDED = {"Address", "Passport", "Identification"}
PROPS = (
    "country",
    "jurisdiction",
    "nationality",
    "birthDate",
    "incorporationDate",
    "dissolutionDate",
    "registrationNumber",
    "innCode",
    "ogrnCode",
    "taxNumber",
    "topics",
    "legalForm",
    "address",
    "imoNumber",
)
# Role words, first match wins; Chinese and Russian terms as OpenSanctions carries them.
ROLE_WORDS: tuple[tuple[tuple[str, ...], Role], ...] = (
    (("legal representative", "法定代表人"), Role.LEGAL_REPRESENTATIVE),
    (("supervis", "auditor", "监事"), Role.SUPERVISOR),
    (("director", "board", "директор", "董事"), Role.DIRECTOR),
    (("chief financial", "cfo", "finance", "财务"), Role.FINANCE_MANAGER),
    (
        (
            "leader",
            "official",
            "chair",
            "president",
            "ceo",
            "manager",
            "executive",
            "head",
            "经理",
            "руководитель",
        ),
        Role.SENIOR_MANAGER,
    ),
    (("shareholder", "股东", "участник"), Role.SHAREHOLDER),
)


def role_of(text: str) -> Role:
    """>>> role_of("Leader or official of"), role_of("Member of the Board"), role_of("?")
    (<Role.SENIOR_MANAGER: 'senior_manager'>, <Role.DIRECTOR: 'director'>, <Role.OTHER: 'other'>)
    """
    low = text.lower()
    for words, role in ROLE_WORDS:
        if any(w in low for w in words):
            return role
    return Role.OTHER


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    # surrogateescape: a line with bytes the encoding cannot decode is one bad record
    # (quarantined, shown with U+FFFD), not the end of the file.
    with open_text(path, errors="surrogateescape") as fh:
        line = 0
        try:
            for line, text in enumerate(fh, start=1):
                if not text.strip():
                    continue
                if _UNDECODED.search(text):
                    yield (
                        line,
                        None,
                        text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"),
                    )
                    continue
                try:
                    data = json.loads(text)
                except (json.JSONDecodeError, RecursionError):
                    yield line, None, text
                    continue
                yield line, data if isinstance(data, dict) else None, text
        except (EOFError, OSError, zlib.error) as exc:  # a truncated or corrupt gzip stream
            raise UnreadableInput(
                f"{path}: unreadable after line {line}: {exc}", path=str(path), line=line
            ) from exc


class _Folded:
    """Pass 1: ids in the file, addresses and identity documents by owner."""

    def __init__(self, path: Path) -> None:
        # Per-id, so they move to temporary files past a limit (``loaders.spill``).
        self.ids = SpillSet()
        self.addresses: SpillMap[str] = SpillMap()
        self.documents: SpillMap[list[dict[str, str]]] = SpillMap()
        first = True
        for line, data, _ in _lines(path):
            if data is None or not isinstance(data.get("schema"), str) or "id" not in data:
                if first:
                    raise InvalidInput(
                        f"{path}: line {line} is not a FollowTheMoney entity", path=str(path)
                    )
                continue
            first = False
            if not isinstance(data["id"], str):
                continue  # quarantined in pass 2
            self.ids.add(data["id"])
            props = data.get("properties") or {}
            if data["schema"] == "Address":
                full = (props.get("full") or [data.get("caption") or ""])[0]
                self.addresses[data["id"]] = full
            elif data["schema"] in ("Passport", "Identification"):
                for holder in props.get("holder") or ():
                    docs = self.documents.get(holder) or []
                    docs.append(
                        {
                            "type": data["schema"],
                            "number": (props.get("number") or [""])[0],
                            "country": (props.get("country") or [""])[0],
                        }
                    )
                    self.documents[holder] = docs

    def close(self) -> None:
        self.ids.close()
        self.addresses.close()
        self.documents.close()


def read_ftm(
    path: Path, *, source: str = DEFAULT_SOURCE, regime: str | None = None
) -> Iterator[Record]:
    """Entities, ownership, offices, links and sanctions from one FtM file."""
    file = label(path)
    folded = _Folded(path)
    try:
        yield from _records(file, path, source, regime, folded)
    finally:
        folded.close()


def _records(
    file: str, path: Path, source: str, regime: str | None, folded: _Folded
) -> Iterator[Record]:
    lists_done: set[str] = set()
    # asset -> its stakes with a share, for the end-of-file "past 100 %" check
    owns = Stakes()
    for line, data, text in _lines(path):
        if data is None:
            yield Quarantined(file, line, "not a JSON object", text[:500])
            continue
        if not isinstance(data.get("schema"), str) or not isinstance(data.get("id"), str):
            yield Quarantined(file, line, "FtM entity without a text id and schema", text[:500])
            continue
        try:
            proxy = model.get_proxy(data)
        except Exception as exc:  # followthemoney raises several types for bad input
            yield Quarantined(file, line, "not a valid FtM entity", text[:500], detail=str(exc))
            continue
        if not proxy.id:
            yield Quarantined(file, line, "FtM entity without id", text[:500])
            continue
        schema = proxy.schema.name
        prov = (Provenance(source, str(proxy.id)),)
        if schema in NODE_SCHEMATA:
            yield _node(proxy, NODE_SCHEMATA[schema], prov, folded)
        elif schema in FOLDED:
            continue
        elif schema == "Sanction":
            yield from sanction_records(file, line, proxy, prov, folded.ids, regime, lists_done)
        elif proxy.schema.edge and proxy.schema.edge_source and proxy.schema.edge_target:
            for rec in _edge(file, line, proxy, prov, folded):
                if isinstance(rec, Rel) and rec.type is RelType.OWNS and rec.share is not None:
                    owns.add(rec.dst, rec.share.lo, rec.start, rec.end, line)
                yield rec
        else:
            yield Quarantined(file, line, f"schema {schema} not modelled", proxy.id)
    yield from owns.overfull(file, "asset")


def _node(proxy: Any, ntype: NodeType, prov: tuple[Provenance, ...], folded: _Folded) -> Node:
    nid = f"ftm:{proxy.id}"
    aliases: list[str] = []
    for lei in proxy.get("leiCode", quiet=True):
        aliases.append(f"lei:{normalize_identifier(lei)}")
    for reg in [*proxy.get("uscCode", quiet=True), *proxy.get("registrationNumber", quiet=True)]:
        check = validate_uscc(reg)
        if check.issue in (None, "legacy_pilot_checksum"):
            aliases += uscc_aliases(check.code, check)
    aliases += _ru_ids(proxy)
    props: dict[str, Any] = {"schema": proxy.schema.name}
    if proxy.schema.name in ("Vessel", "Airplane"):
        props["kind"] = "vessel" if proxy.schema.name == "Vessel" else "aircraft"
    for key in PROPS:
        vals = proxy.get(key, quiet=True)
        if vals:
            props[key] = vals
    addrs = [
        full
        for a in proxy.get("addressEntity", quiet=True)
        if (full := folded.addresses.get(a)) is not None
    ]
    if addrs:
        props["addresses"] = addrs
    documents = folded.documents.get(proxy.id)
    if documents is not None:
        props["documents"] = documents
    names = tuple(n for n in proxy.get("name", quiet=True) if n)
    name = proxy.caption or (names[0] if names else proxy.id)
    return Node(
        nid,
        ntype,
        name,
        names=tuple(n for n in (*names, *proxy.get("alias", quiet=True)) if n != name),
        ids=tuple(dict.fromkeys(aliases)),
        props=props,
        provenance=prov,
    )


def _ru_ids(proxy: Any) -> list[str]:
    """Russian INN and OGRN as ``reg:ru-inn:`` / ``reg:ru-ogrn:`` aliases; for a Russian
    entity, registration and tax numbers of those shapes are the same numbers."""
    inn = list(proxy.get("innCode", quiet=True))
    ogrn = list(proxy.get("ogrnCode", quiet=True))
    places = {*proxy.get("country", quiet=True), *proxy.get("jurisdiction", quiet=True)}
    if "ru" in places:
        inn += proxy.get("taxNumber", quiet=True)
        inn += proxy.get("registrationNumber", quiet=True)
        ogrn += proxy.get("registrationNumber", quiet=True)
    return ru_aliases(inn, ogrn)


def _edge(
    file: str, line: int, proxy: Any, prov: tuple[Provenance, ...], folded: _Folded
) -> Iterator[Record]:
    schema = proxy.schema
    src_prop, dst_prop = schema.edge_source, schema.edge_target
    srcs, dsts = proxy.get(src_prop), proxy.get(dst_prop)
    if not srcs or not dsts:
        yield Quarantined(file, line, f"{schema.name} without {src_prop} or {dst_prop}", proxy.id)
        return
    yield from missing_refs(file, line, proxy, folded.ids, src_prop, dst_prop)
    src, dst = f"ftm:{srcs[0]}", f"ftm:{dsts[0]}"
    start = ftm_day(proxy.get("startDate", quiet=True))
    end = ftm_day(proxy.get("endDate", quiet=True), latest=True)
    if start and end and end < start:
        yield Warned(file, line, proxy.id, "end before start; dates dropped")
        start = end = None
    props: dict[str, Any] = {}
    for key in ("role", "relationship", "sharesCount", "sharesValue", "summary"):
        vals = proxy.get(key, quiet=True)
        if vals:
            props[key] = vals[0] if len(vals) == 1 else vals
    if schema.name == "Ownership":
        share = None
        pct = proxy.get("percentage", quiet=True)
        if pct:
            try:
                share = Share.parse(pct[0])
            except ModelError:
                yield Warned(
                    file, line, proxy.id, "percentage not a share; kept without", repr(pct[0])
                )
            props["percentage_raw"] = pct[0]
        yield Rel(
            rel_id(RelType.OWNS, src, dst, prov[0].source, proxy.id),
            RelType.OWNS,
            src,
            dst,
            share=share,
            start=start,
            end=end,
            props=props,
            provenance=prov,
        )
    elif schema.name == "Directorship":
        text = " ".join(proxy.get("role", quiet=True))
        props["role_text"] = text
        role = role_of(text)
        yield Rel(
            rel_id(RelType.OFFICER_OF, src, dst, prov[0].source, proxy.id),
            RelType.OFFICER_OF,
            src,
            dst,
            role=role,
            start=start,
            end=end,
            props=props,
            provenance=prov,
        )
    else:
        props["kind"] = schema.name
        yield Rel(
            rel_id(RelType.LINKED_TO, src, dst, prov[0].source, proxy.id),
            RelType.LINKED_TO,
            src,
            dst,
            start=start,
            end=end,
            props=props,
            provenance=prov,
        )
