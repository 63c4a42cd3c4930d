"""Values sources write in many ways, read one way by the loaders and the risk engine.

A loader checks them when it reads a record (and warns or quarantines with the
value); the engine reads stored values through the same functions and never raises
on one it cannot read, because a store may hold data written before a check existed.

Listing statuses (DOMAIN.md §2.1, §1.6, §2.3, §2.4, §4.5, §5.1): the five values
``active``, ``deleted``, ``expired``, ``early_removed``, ``revoked``, in any case and
with a space or hyphen for the underscore, and the words Chinese sources use:

>>> [listing_status(t) for t in ("Deleted", "early removed", "已删除", "信用修复", "届满")]
[<ListingStatus.DELETED: 'deleted'>, <ListingStatus.EARLY_REMOVED: 'early_removed'>, <ListingStatus.DELETED: 'deleted'>, <ListingStatus.EARLY_REMOVED: 'early_removed'>, <ListingStatus.EXPIRED: 'expired'>]
>>> listing_status("pending") is None
True
>>> yes_no("是"), yes_no("FALSE"), yes_no("maybe")
(True, False, None)
>>> iso_day("2023-03-01"), iso_day("2023/03/01")
(datetime.date(2023, 3, 1), None)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import ListingStatus

# Chinese and English words for a listing's status.  删除: the SPC deletes an entry
# (§2.1); 移出 / 提前移出: removal from the abnormal directory once cured and early
# removal from the serious list, both credit repair (信用修复, §1.6, §2.3, §2.4); after
# deletion or early removal the measures stop (§4.5).  credgraph does not tell a
# removal at the end of a term from an early one: every status but ``active`` ends
# the listing, and an end date, when recorded, says when.
STATUS_WORDS: dict[str, ListingStatus] = {
    "有效": ListingStatus.ACTIVE,
    "在列": ListingStatus.ACTIVE,
    "删除": ListingStatus.DELETED,
    "已删除": ListingStatus.DELETED,
    "移出": ListingStatus.EARLY_REMOVED,
    "已移出": ListingStatus.EARLY_REMOVED,
    "提前移出": ListingStatus.EARLY_REMOVED,
    "信用修复": ListingStatus.EARLY_REMOVED,
    "已修复": ListingStatus.EARLY_REMOVED,
    "repaired": ListingStatus.EARLY_REMOVED,
    "届满": ListingStatus.EXPIRED,
    "到期": ListingStatus.EXPIRED,
    "已到期": ListingStatus.EXPIRED,
    "撤销": ListingStatus.REVOKED,
    "已撤销": ListingStatus.REVOKED,
}
STATUS_VALUES = tuple(s.value for s in ListingStatus)

_YES = frozenset({"true", "yes", "y", "1", "是", "有"})
_NO = frozenset({"false", "no", "n", "0", "否", "无"})


def listing_status(value: Any) -> ListingStatus | None:
    """The status a source's word means, None when it is not one credgraph knows."""
    if isinstance(value, ListingStatus):
        return value
    text = str(value or "").strip()
    key = text.lower().replace(" ", "_").replace("-", "_")
    if key in STATUS_VALUES:
        return ListingStatus(key)
    return STATUS_WORDS.get(text) or STATUS_WORDS.get(key)


def yes_no(value: Any) -> bool | None:
    """A yes/no cell (true/false, 是/否, 1/0, yes/no in any case); None when it is
    neither or empty."""
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def iso_day(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` date (or a ``date``), None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        return None


def years_later(d: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for 29 February): terms and bans
    run in calendar years, not in 365-day blocks.

    >>> years_later(date(2025, 8, 1), 3), years_later(date(2024, 2, 29), 1)
    (datetime.date(2028, 8, 1), datetime.date(2025, 2, 28))
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def is_revoked_status(value: Any) -> bool:
    """Does a company status say its licence was revoked or it was ordered closed
    (吊销, 责令关闭, also as 吊销，未注销 / 吊销，已注销)?"""
    text = str(value or "").strip().lower()
    return (
        "吊销" in text
        or "责令关闭" in text
        or text.replace(" ", "_") in ("revoked", "ordered_closed", "licence_revoked")
    )


def is_bankruptcy_ended_status(value: Any) -> bool:
    """Does a company status say its bankrupt liquidation has ended (破产清算终结,
    破产程序终结, 破产清算完结, 破产注销 / 因破产注销)?  A status saying only that it
    is in bankruptcy (破产, 破产清算, 破产清算中) does not: the bars of Company Law art.
    178(1)(3) run from the end of the liquidation.

    >>> [is_bankruptcy_ended_status(t) for t in ("破产清算终结", "因破产注销", "破产", "破产清算中")]
    [True, True, False, False]
    """
    text = str(value or "").strip().lower()
    if "破产" in text:
        return any(w in text for w in ("终结", "完结", "注销"))
    return text.replace(" ", "_") in ("bankruptcy_ended", "bankrupt_liquidated")
