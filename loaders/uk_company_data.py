"""Companies House BasicCompanyData (CSV, or JSON records with the same keys) -> Company.

Part of the ``uk-psc`` format (``loaders.uk_psc``): ``reg:GB-COH:<number>``, name and
previous names, status, category, registered address, SIC codes, incorporation
(``valid_from``) and dissolution (``valid_to``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Provenance
from graph.registers import gb_alias, gb_company_number
from loaders.countries import country_code
from loaders.files import csv_rows, label
from loaders.records import WRONG_WIDTH, Quarantined, Record, Warned

COMPANY_COLUMNS = ("CompanyName", "CompanyNumber", "CompanyStatus", "IncorporationDate")


def uk_day(text: Any) -> date | None:
    """``2021-12-13`` (PSC) or ``11/09/2012`` (company data); None when neither."""
    if not isinstance(text, str) or not text.strip():
        return None
    t = text.strip()
    try:
        if "/" in t:
            d, m, y = t.split("/")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(t[:10])
    except ValueError:
        return None


def read_company_csv(path: Path, source: str) -> Iterator[Record]:
    """Companies from a BasicCompanyData CSV; ``InvalidInput`` when the header is not one."""
    file = label(path)
    rows = csv_rows(path)
    header: list[str] | None = None
    for item in rows:
        if not isinstance(item, tuple):
            if header is None and isinstance(item, Quarantined):
                raise InvalidInput(f"{path}: header row unusable: {item.reason}", path=str(path))
            yield item
            continue
        line, row = item
        if header is None:
            header = [h.strip() for h in row]
            missing = [c for c in COMPANY_COLUMNS if c not in header]
            if missing:
                raise InvalidInput(
                    f"{path}: not a Companies House BasicCompanyData CSV (header lacks"
                    f" {', '.join(missing)}; first fields {row[:3]!r})",
                    path=str(path),
                )
            continue
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            yield Quarantined(
                file, line, WRONG_WIDTH, row, detail=f"{len(row)} fields, {len(header)} expected"
            )
            continue
        yield from company_record(file, line, dict(zip(header, row, strict=True)), source)


def company_record(file: str, pos: int, rec: dict[str, Any], source: str) -> Iterator[Record]:
    """The company of one BasicCompanyData record (CSV row or JSON object)."""
    rec = {str(k).strip(): (v.strip() if isinstance(v, str) else v) for k, v in rec.items()}
    number = gb_company_number(rec.get("CompanyNumber"))
    name = str(rec.get("CompanyName") or "").strip()
    if number is None:
        yield Quarantined(
            file, pos, "no company number", rec, "Company", repr(rec.get("CompanyNumber"))
        )
        return
    if not name:
        yield Quarantined(file, pos, "no name", rec, "Company", number)
        return
    cid = gb_alias(number)
    props: dict[str, Any] = {"company_number": number}
    for key, col in (
        ("category", "CompanyCategory"),
        ("status", "CompanyStatus"),
        ("country_of_origin", "CountryOfOrigin"),
        ("uri", "URI"),
    ):
        if rec.get(col):
            props[key] = rec[col]
    origin = country_code(rec["CountryOfOrigin"]) if rec.get("CountryOfOrigin") else None
    props["country"] = [origin or "gb"]
    address = {
        k.removeprefix("RegAddress."): v
        for k, v in rec.items()
        if k.startswith("RegAddress.") and isinstance(v, str) and v
    }
    if address:
        props["address"] = address
    sic = [rec[f"SICCode.SicText_{i}"] for i in range(1, 5) if rec.get(f"SICCode.SicText_{i}")]
    if sic:
        props["sic"] = sic
    previous = []
    for i in range(1, 11):
        old = rec.get(f"PreviousName_{i}.CompanyName")
        if old:
            previous.append(
                {"name": old, "changed_on": rec.get(f"PreviousName_{i}.CONDATE") or None}
            )
    if previous:
        props["previous_names"] = previous
    born = uk_day(rec.get("IncorporationDate"))
    died = uk_day(rec.get("DissolutionDate"))
    for col, day in (("IncorporationDate", born), ("DissolutionDate", died)):
        if rec.get(col) and day is None:
            yield Warned(file, pos, cid, f"{col} not a date; dropped", repr(rec[col]))
    if born and died and died < born:
        yield Warned(file, pos, cid, "dissolved before incorporated; dates dropped")
        born = died = None
    yield Node(
        cid,
        NodeType.COMPANY,
        name,
        names=tuple(dict.fromkeys(p["name"] for p in previous if p["name"] != name)),
        props=props,
        provenance=(Provenance(source, number),),
        valid_from=born,
        valid_to=died,
    )
