"""The two US lists' file layouts and List nodes, and how their cells are read
(``loaders.us_lists`` is the reader)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.model import NodeType

REGIME = "us"


@dataclass(frozen=True, slots=True)
class UsList:
    """One list's file layout and List node.  ``columns`` maps the reader's field names
    to the file's column names; a field a file lacks is absent."""

    format: str
    list_id: str
    name: str
    authority: str
    dataset: str  # the OpenSanctions dataset the file feeds
    default_source: str
    header: tuple[str, ...]
    columns: dict[str, str]
    props: dict[str, Any] = field(default_factory=dict)


MIEU = UsList(
    format="bis-mieu",
    list_id="US_BIS_MIEU",
    name="BIS Military-Intelligence End-User List",
    authority="Bureau of Industry and Security",
    dataset="us_bis_mieu",
    default_source="us_bis_mieu",
    header=(
        "Type",
        "Name",
        "Alias",
        "Country",
        "Topics",
        "Program",
        "Date",
        "End date",
        "Source URL",
    ),
    columns={
        "schema": "Type",
        "name": "Name",
        "aliases": "Alias",
        "country": "Country",
        "topics": "Topics",
        "program_ids": "Program",
        "start": "Date",
        "end": "End date",
        "source_url": "Source URL",
    },
    props={"legal_basis": "15 CFR 744.22", "program_id": "US-BIS-MIEU"},
)
NDAA_1286 = UsList(
    format="ndaa-1286",
    list_id="US_DOD_1286",
    name="DoD Section 1286 List (NDAA FY2019)",
    authority="US Department of Defense",
    dataset="us_special_leg",
    default_source="us_dod_1286",
    header=(
        "schema",
        "name",
        "aliases",
        "topics",
        "program",
        "authority",
        "reason",
        "report-date",
        "start-date",
        "end-date",
        "country",
        "notes",
        "source_url",
    ),
    columns={
        "schema": "schema",
        "name": "name",
        "aliases": "aliases",
        "topics": "topics",
        "programs": "program",
        "authority": "authority",
        "reasons": "reason",
        "report": "report-date",
        "start": "start-date",
        "end": "end-date",
        "country": "country",
        "notes": "notes",
        "source_url": "source_url",
    },
    props={
        "legal_basis": "Section 1286, John S. McCain NDAA for FY2019 (Public Law 115-232)",
        "program_id": "US-MCCAIN-1286",
    },
)
LISTS = (MIEU, NDAA_1286)

SCHEMATA = {
    "Person": NodeType.PERSON,
    "Company": NodeType.COMPANY,
    "Organization": NodeType.COMPANY,
    "LegalEntity": NodeType.COMPANY,
    "PublicBody": NodeType.COMPANY,
    "Vessel": NodeType.COMPANY,
    "Airplane": NodeType.COMPANY,
}
KINDS = {"Vessel": "vessel", "Airplane": "aircraft"}
_DAY = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
YEAR = re.compile(r"\d{4}")
_ACRONYM = re.compile(r"\(\s*[A-Z][A-Z0-9&.-]*[A-Z0-9]\s*\)")


def institution_key(name: str) -> str:
    """What tells one listed name from another: its letters and digits, case and
    accents ignored (punctuation and spacing vary between a list's yearly reports).

    >>> institution_key("Sun Yat-sen University ") == institution_key("Sun Yat-Sen University")
    True
    >>> institution_key("Air Force Xi'an Flight Academy") == institution_key("Air Force Xi’an Flight Academy")
    True
    >>> institution_key("Institute of Solid-State Physics") == institution_key("Institute of Solid State Physics")
    True
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name).casefold() if c.isalnum())
    return folded or name.strip().casefold()


def bare_key(name: str) -> str:
    """``institution_key`` of the name without acronyms in brackets: a report may
    append one that the next leaves out ("Institute of Solid-State Physics of the
    Russian Academy of Sciences (ISSP)" in FY2022-23, without it from FY2024).  Only
    capitals count as an acronym, so "(Beijing)" or "(Group)" still tell names apart.

    >>> bare_key("Chinese Academy of Sciences (CAS) – Institute of Computing Technology (ICT)")
    'chineseacademyofsciencesinstituteofcomputingtechnology'
    >>> bare_key("Harbin Institute (Weihai)") == bare_key("Harbin Institute")
    False
    """
    return institution_key(_ACRONYM.sub(" ", name))


def split_values(text: str) -> list[str]:
    """Values of a ``;``-separated cell, stripped, empty ones and repeats dropped.

    >>> split_values("BUAA; Beihang University;; BUAA ")
    ['BUAA', 'Beihang University']
    """
    return list(dict.fromkeys(v.strip() for v in text.split(";") if v.strip()))


def listing_day(text: str, *, end: bool = False) -> date | None:
    """A listing's start or (exclusive) end day from ``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``.  A partial start takes its period's first day; a partial end the day
    after its period, so that the listing covers all of it.  ``ValueError`` when the
    text is not such a date; None when empty.

    >>> listing_day("2026-07-23"), listing_day("2026", end=True), listing_day("2021-03")
    (datetime.date(2026, 7, 23), datetime.date(2027, 1, 1), datetime.date(2021, 3, 1))
    >>> listing_day("2025-12", end=True)
    datetime.date(2026, 1, 1)
    """
    t = text.strip()
    if not t:
        return None
    m = _DAY.fullmatch(t)
    if m is None:
        raise ValueError(f"not a date: {t!r}")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    first = date(year, month, day)  # ValueError for month 13, 30 February, ...
    if not end or m[3]:
        return first
    if m[2]:
        return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year + 1, 1, 1)
