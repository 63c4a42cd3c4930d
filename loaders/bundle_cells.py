"""Cells of a bundle row that the risk engine reads later, checked when the row is read.

The engine decides with them (a listing's status ends it; a revocation date starts
a 3-year ban; personal responsibility makes that ban legal rather than heuristic),
so a value it could not read must not reach the store looking like a real one:

- ``status`` of a listing: one of docs/BUNDLE.md's values or a word for one
  (``graph.values.listing_status``); anything else quarantines the row, since a
  status nobody can read would otherwise count as in force.
- any column ending in ``_date`` (``revoked_date``, ``status_date``, ...): an ISO
  date; another value is kept as ``<column>_raw`` with a warning.
- ``personal_responsibility``: yes or no (``graph.values.yes_no``); another value is
  kept as ``personal_responsibility_raw`` with a warning and counts as unknown.

>>> props = {"revoked_date": "2023/03/01", "note": "x"}
>>> [w.detail for w in checked_dates(props, "e.csv", 2, "C1")]
["'2023/03/01' is not a date as YYYY-MM-DD; kept as revoked_date_raw"]
>>> props
{'note': 'x', 'revoked_date_raw': '2023/03/01'}
>>> status_cell("已删除"), status_cell("pending")[0]
(('deleted', ''), None)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph.values import (
    STATUS_VALUES,
    is_bankruptcy_ended_status,
    is_revoked_status,
    iso_day,
    listing_status,
    yes_no,
)
from loaders.records import Warned

FLAGS = ("personal_responsibility",)
UNKNOWN_STATUS = "unknown listing status"
BAD_DATE = "bad date in a {column} column"
BAD_FLAG = "unreadable {column}"
NO_REVOCATION_DATE = "revoked or closed without a revocation date"
NO_LIQUIDATION_END = "bankrupt liquidation ended without an end date"
NOT_IN_CATALOG = "list not in the catalog"
OVER_UNDATED = "listing over without an end date"


def not_in_catalog(list_id: str) -> str:
    return (
        f"list {list_id!r} is not in graph/catalog.yaml (the lists credgraph knows); its "
        "rows load only if the store already has that list, else they are quarantined as "
        "dangling references"
    )


def over_undated(props: dict[str, Any]) -> str:
    """Why a listing whose status says it is over, with no end date, counts on no date."""
    said = props.get("status_recorded") or props["status"]
    return (
        f"status {said!r} with no end date: credgraph cannot tell when the listing ended, "
        "so it counts on no date, not even during the listing; add the end date"
    )


def status_cell(text: str) -> tuple[str | None, str]:
    """(status value, "") for a known status, else (None, what is wrong with it)."""
    status = listing_status(text)
    if status is not None:
        return status.value, ""
    allowed = ", ".join(STATUS_VALUES)
    return None, (
        f"{text!r} is not a listing status; allowed: {allowed} (any case), or "
        "有效/在列, 删除/已删除, 移出/已移出/提前移出, 信用修复/已修复, 届满/到期, 撤销 "
        "(docs/BUNDLE.md)"
    )


def checked_dates(props: dict[str, Any], file: str, line: int, record: str) -> Iterator[Warned]:
    """Move every ``*_date`` property that is no ISO date to ``<name>_raw``, warning."""
    for key in [k for k in props if k.endswith("_date")]:
        value = props[key]
        if iso_day(value) is None:
            props[f"{key}_raw"] = props.pop(key)
            yield Warned(
                file,
                line,
                record,
                BAD_DATE.format(column=key),
                f"{value!r} is not a date as YYYY-MM-DD; kept as {key}_raw",
            )
        else:
            props[key] = str(value).strip()


def checked_flags(props: dict[str, Any], file: str, line: int, record: str) -> Iterator[Warned]:
    """Turn every yes/no property into a boolean; keep an unreadable one as ``_raw``."""
    for key in FLAGS:
        if key not in props:
            continue
        value = props.pop(key)
        flag = yes_no(value)
        if flag is None:
            props[f"{key}_raw"] = value
            yield Warned(
                file,
                line,
                record,
                BAD_FLAG.format(column=key),
                f"{value!r} is not yes or no (true/false, 是/否, 1/0); counted as unknown",
            )
        else:
            props[key] = flag


def liquidation_undated(props: dict[str, Any]) -> bool:
    """A company whose status says its bankrupt liquidation ended, with no date the
    engine can start the 3-year bars from (``graph.risk.china_bankruptcy``)."""
    if not is_bankruptcy_ended_status(props.get("status")):
        return False
    return not any(iso_day(props.get(k)) for k in ("bankruptcy_end_date", "status_date"))


def revocation_undated(props: dict[str, Any]) -> bool:
    """A company whose status says revoked or closed, with no date the engine can use
    to start the bans that run from it (DOMAIN §4.5)."""
    if not is_revoked_status(props.get("status")):
        return False
    return not any(iso_day(props.get(k)) for k in ("revoked_date", "status_date"))
