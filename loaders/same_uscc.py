"""Two rows of one file that give one USCC (``bundle``, ``cn-registry``).

Those readers key a company by ``uscc:<code>``, so two rows with one USCC would be one
node before entity resolution could see them, and their names, properties and
officers would be mixed silently.  A reader asks ``UsccRows.seen`` for every row
with a USCC, and then:

- the same name (``graph.names.normalise``: the same base and legal form, so width,
  brackets and 有限公司 / 有限责任公司 do not count) is the same company written
  twice: the rows stay one company, and the reader warns ``SAME_USCC`` with both lines;
- another name is another record (a renamed company, a wrong USCC, a copy-paste
  slip): the reader keys the later row by its own id (as if it had no USCC) and keeps
  the USCC as an alias, so the two stay apart.  Entity resolution then makes them a
  "possibly same as" candidate (``shared_strong_id``, as for any two records of one
  source sharing a strong id, ``loaders.resolve``) and the reader warns
  ``SAME_USCC_OTHER_NAME`` with both lines.  The USCC keeps answering for the first
  row's company; ``show``, ``exposure`` and ``screen`` by it say the other carries it
  too (``graph.shared_ids``).

Which row is "first" is the file's order.

>>> rows = UsccRows()
>>> rows.seen("91110000MA00EEE51T", "壬戌制药有限公司", 2) is None
True
>>> rows.seen("91110000MA00EEE51T", "壬戌制药有限责任公司", 3)
(2, '壬戌制药有限公司', True)
>>> rows.seen("91110000MA00EEE51T", "癸亥物流有限公司", 4)
(2, '壬戌制药有限公司', False)
>>> rows.close()
"""

from __future__ import annotations

from graph.names import normalise
from loaders.spill import SpillMap

SAME_USCC = "USCC on two rows; one company (rows combined)"
SAME_USCC_OTHER_NAME = "USCC on two rows with different names; kept apart, a candidate to review"


def same_uscc_detail(first_line: int, first_name: str, same: bool) -> str:
    """The warning's detail: the other line and what became of the two rows.

    >>> same_uscc_detail(2, "甲公司", False).split("; ")
    ['line 2 (甲公司) has it too', 'this row is its own entity with the USCC as an alias, the pair is a candidate (credgraph match list)']
    """
    if same:
        return (
            f"line {first_line} ({first_name}) has it too; one company "
            "(names combined, the later row's properties win)"
        )
    return (
        f"line {first_line} ({first_name}) has it too; this row is its own entity with the "
        "USCC as an alias, the pair is a candidate (credgraph match list)"
    )


class UsccRows:
    """The first row of each USCC in one file: its line and name.  Kept in a
    ``SpillMap``: a registry file has millions of rows."""

    def __init__(self) -> None:
        self._first: SpillMap[tuple[int, str]] = SpillMap()

    def seen(self, code: str, name: str, line: int) -> tuple[int, str, bool] | None:
        """None for the first row with ``code``; else (that row's line, its name,
        whether this row names the same company)."""
        first = self._first.setdefault(code, (line, name))
        if first == (line, name):
            return None
        return first[0], first[1], normalise(first[1]) == normalise(name)

    def close(self) -> None:
        self._first.close()
