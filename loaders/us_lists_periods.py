"""When a Section 1286 listing ends: each yearly report supersedes the earlier ones.

The file has one row per institution per yearly report (``report-date``, a fiscal
year), an empty ``start-date`` throughout, and an ``end-date`` on a few rows only.
The source dates the end where it noticed one (the three rows of Mabna Institute all
end 2026-07-23, the day of the FY2025 report that left it out) but not on every row
(Institute of High Energy Physics: FY2022 and FY2023 rows open, FY2024 row ending
2026-07-23), and not at all for some institutions a report left out (Air Force
Aviation University, in FY2023 and FY2024, not in FY2025).  Read row by row, the
open rows kept such an institution listed for good.

The rule (``settle_ends``), per institution (one party of the reader):

- A *run* is a stretch of consecutive reports of the file that list it.  It ends on
  the earlier of (a) the end-date of its last report's entries (the latest of them,
  when all have one: an institution stays listed while one entry of it is open) and
  (b) the date of the next report of the file when that report leaves it out.  A run
  that reaches the file's latest report and has an open entry there does not end.
- Every entry of the run ends there too, unless its own end-date is earlier: one
  listing per report still, but a later report's end closes the earlier ones.
- A report's date is the latest full end-date the source gives the entries of the
  institutions that report left out (FY2025: 2026-07-23).  When the file dates none
  of them, a report for fiscal year Y is taken to have come out by the end of Y + 1
  (the FY2022, FY2023 and FY2025 documents came out in 2023, 2024 and 2026): the
  listing is kept to then, and warned.
- A listing whose end is not its own end-date says why in ``props["end_reason"]``;
  one ended by a report that left the institution out has ``props["ended_by_report"]``.
- Start dates stay as the source gives them (empty): a run after a gap is not given
  the re-listing report's date, so on a day in the gap the later listing counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any, Protocol

from loaders.us_lists_map import YEAR

UNDATED_DROP = (
    "left out of a later report of unknown date; listing kept to the end of the year"
    " after that report's fiscal year"
)


class Entry(Protocol):
    """What ``settle_ends`` reads and sets on one row (``loaders.us_lists._Row``)."""

    end: date | None
    listing: dict[str, Any]
    warnings: list[tuple[str, str]]

    @property
    def report(self) -> str: ...


Run = tuple[list[int], dict[int, list[Entry]]]  # report years, the party's rows by year


def _dated(entry: Entry) -> bool:
    # A year-only end (``end_raw``) was pushed to its year's end: it dates no report.
    return entry.end is not None and "end_raw" not in entry.listing


def settle_ends(parties: Sequence[Sequence[Entry]]) -> None:
    """Set each row's end by the rule above (rows without a year as report keep theirs)."""
    years = sorted({int(r.report) for p in parties for r in p if YEAR.fullmatch(r.report)})
    following = dict(pairwise(years))
    runs: list[Run] = []
    for party in parties:
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for r in party:
            if YEAR.fullmatch(r.report):
                by_year[int(r.report)].append(r)
        held: list[int] = []
        for y in sorted(by_year):
            if held and following.get(held[-1]) != y:
                runs.append((held, by_year))
                held = []
            held.append(y)
        if held:
            runs.append((held, by_year))
    report_day: dict[int, date] = {}
    for held, by_year in runs:
        after = following.get(held[-1])
        if after is None:
            continue
        for r in by_year[held[-1]]:
            if _dated(r) and r.end is not None:
                report_day[after] = max(report_day.get(after, r.end), r.end)
    for held, by_year in runs:
        _close(held, by_year, following.get(held[-1]), report_day)


def _close(
    held: list[int], by_year: dict[int, list[Entry]], after: int | None, report_day: dict[int, date]
) -> None:
    last = by_year[held[-1]]
    own = max(e for e in (r.end for r in last) if e) if all(r.end for r in last) else None
    end, reason, dropped = own, f"end-date of the FY{held[-1]} entry", None
    if after is not None:
        day = report_day.get(after)
        if day is None:
            day = date(after + 2, 1, 1)
            detail = f"not in the FY{after} report; ended {day.isoformat()}"
            last[0].warnings.append((UNDATED_DROP, detail))
            why = (
                f"not in the FY{after} report, which the file does not date: kept to the"
                f" end of {after + 1}"
            )
        else:
            why = (
                f"not in the FY{after} report, dated {day.isoformat()} by the end-date the"
                " source gives the institutions it left out"
            )
        if own is None or day < own:
            end, reason, dropped = day, why, after
    if end is None:
        return
    for y in held:
        for r in by_year[y]:
            if r.end is not None and r.end <= end:
                continue  # its own end-date, no later than the run's
            r.end = end
            r.listing["end_reason"] = reason
            if dropped is not None:
                r.listing["ended_by_report"] = dropped
