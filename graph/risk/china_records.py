"""What a company's record says about how it ended, for the bans that run from that
day (DOMAIN §4.2, §4.5): a revocation or closure (P2, P5(4)), the end of a bankrupt
liquidation (P4, P5(3)).  A recorded date counts whatever the status says now, since a
company revoked or liquidated is usually deregistered next; a ``status_date`` counts only
while the status still names the event."""

from __future__ import annotations

from datetime import date

from graph.model import Node
from graph.values import is_bankruptcy_ended_status, is_revoked_status, iso_day


def was_revoked(company: Node) -> bool:
    """Was the company's licence revoked, or was it ordered closed: its status says so,
    or it records a revocation date.  The date counts whatever the status says now: a
    company revoked and later deregistered (吊销 then 注销) is an ordinary life cycle,
    and the bans run from the revocation regardless of what followed (DOMAIN §4.5)."""
    props = company.props
    return is_revoked_status(props.get("status")) or any(
        props.get(k) not in (None, "") for k in ("revoked_date", "revoked_date_raw")
    )


def revocation_day(company: Node) -> tuple[date | None, str]:
    """The day a revoked company's licence was revoked (``revoked_date``, else
    ``status_date`` while the status still says revoked: once the status has moved on,
    say to 注销, its date is that of the new status), or None and what the data says
    instead."""
    keys: tuple[str, ...] = ("revoked_date", "status_date")
    if not is_revoked_status(company.props.get("status")):
        keys = ("revoked_date",)
    for key in keys:
        value = company.props.get(key)
        if value not in (None, ""):
            day = iso_day(value)
            if day is not None:
                return day, ""
            return None, f"its recorded {key} {value!r} is not a date (YYYY-MM-DD)"
    for key in keys:
        raw = company.props.get(f"{key}_raw")
        if raw:
            return None, f"its recorded {key} {raw!r} is not a date (YYYY-MM-DD)"
    return None, "no revocation date is recorded"


def liquidation_end(company: Node) -> tuple[bool, date | None, str]:
    """Whether the company's bankrupt liquidation ended, the day (None when no usable
    date is recorded) and, then, what the data says instead."""
    props = company.props
    by_status = is_bankruptcy_ended_status(props.get("status"))
    recorded = any(
        props.get(k) not in (None, "") for k in ("bankruptcy_end_date", "bankruptcy_end_date_raw")
    )
    if not (by_status or recorded):
        return False, None, ""
    # A status_date dates the liquidation's end only while the status still says it.
    keys = ("bankruptcy_end_date", "status_date") if by_status else ("bankruptcy_end_date",)
    for key in keys:
        value = props.get(key)
        if value not in (None, ""):
            day = iso_day(value)
            why = "" if day else f"its recorded {key} {value!r} is not a date (YYYY-MM-DD)"
            return True, day, why
    for key in keys:
        raw = props.get(f"{key}_raw")
        if raw:
            return True, None, f"its recorded {key} {raw!r} is not a date (YYYY-MM-DD)"
    return True, None, "no date the liquidation ended is recorded"
