"""What the commands' options take: a day (``--as-of``, ``--published``), a share
(``--threshold``) and a file to write (``--out``, ``--quarantine``), each refused with
``InvalidInput`` (exit status 2) when malformed or unwritable."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from graph.errors import InvalidInput

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str | None, option: str = "--as-of") -> date:
    """Exactly ``YYYY-MM-DD``; ``None`` (the option not given) is today.  Anything else,
    an empty string included, is ``InvalidInput`` (exit status 2): Python's ISO reader
    would also take ``20250101`` and week dates (``2025-W01-1`` is 2024-12-30), which
    no one means as a day.

    >>> parse_day("2025-01-01")
    datetime.date(2025, 1, 1)
    >>> parse_day("2025-W01-1")
    Traceback (most recent call last):
    graph.errors.InvalidInput: --as-of must be a date as YYYY-MM-DD, not '2025-W01-1'
    """
    if text is None:
        return date.today()
    bad = InvalidInput(
        f"{option} must be a date as YYYY-MM-DD, not {text!r}",
        option=option.lstrip("-").replace("-", "_"),
        value=text,
    )
    if not _DAY.fullmatch(text):
        raise bad
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise bad from exc
    if day >= date.max:
        # 9999-12-31 is where every open validity ends (exclusive): on it nothing is in
        # force, which no one means.
        raise InvalidInput(
            f"{option} {text}: the last day credgraph can evaluate is 9999-12-30",
            option=option.lstrip("-").replace("-", "_"),
            value=text,
        )
    return day


# A share is at most 100%: a number written with more integer digits than this, or an
# exponent past these bounds, is refused before any exact arithmetic on it (a Fraction
# of 1e99999999 takes minutes to build).  Twenty decimal places are beyond any share a
# register records.
_MAX_INT_DIGITS = 3
_MAX_PLACES = 20
_SLASH = re.compile(r"\s*([0-9]{1,30})\s*/\s*([0-9]{1,30})\s*")


def parse_threshold(text: str) -> Fraction:
    """A share in [0, 1]: ``25%``, ``1/4``, ``0.25``, or a bare number above 1 read as
    percent.  Empty, infinite, NaN and out-of-range values are ``InvalidInput``, told
    at once however many digits or how large an exponent they have.

    >>> parse_threshold("25%"), parse_threshold("1/4"), parse_threshold("25")
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 4))
    """
    raw = text.strip()
    form = InvalidInput(
        f"--threshold must be a share such as 25%, 0.25 or 1/4, not {text!r}", value=text
    )
    out_of_range = InvalidInput(
        f"--threshold must be between 0% and 100%, not {text!r}", value=text
    )
    if "/" in raw:
        m = _SLASH.fullmatch(raw)
        if m is None:
            raise form
        num, den = int(m[1]), int(m[2])
        if den == 0:
            raise form
        if num > den:
            raise out_of_range
        return Fraction(num, den)
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    try:
        dec = Decimal(number)
    except InvalidOperation as exc:
        raise form from exc
    if not dec.is_finite():
        raise form
    if dec.is_zero():
        return Fraction(0)
    if dec < 0 or dec.adjusted() >= _MAX_INT_DIGITS:
        raise out_of_range
    if dec.as_tuple().exponent < -_MAX_PLACES:  # type: ignore[operator]
        raise InvalidInput(
            f"--threshold has more than {_MAX_PLACES} decimal places: {text!r}", value=text
        )
    value = Fraction(dec)
    if percent or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise out_of_range
    return value


def as_of_option(f: Any) -> Any:
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        default=None,
        help="Evaluate on this date, exactly YYYY-MM-DD (default: today). Listings and "
        "relationships outside "
        "their validity on that date do not count.",
    )(f)


def check_output(path: Path, option: str) -> None:
    """Refuse a file to write that could not be, before any work is done for it: a
    folder, a file in a folder that does not exist (none is created), or one the system
    will not let us create.  Creating the file to find out leaves nothing behind.

    >>> check_output(Path("/no/such/folder/out.csv"), "--out")
    Traceback (most recent call last):
    graph.errors.InvalidInput: --out /no/such/folder/out.csv: cannot write: folder '/no/such/folder' does not exist; create it first
    """
    where = f"{option} {path}: cannot write"
    if path.is_dir():
        raise InvalidInput(f"{where}: it is a folder; give a file name", path=str(path))
    parent = path.parent
    if not parent.is_dir():
        raise InvalidInput(
            f"{where}: folder {str(parent)!r} does not exist; create it first", path=str(path)
        )
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise InvalidInput(f"{where}: {exc.strerror or exc}", path=str(path)) from exc
    if not existed:
        path.unlink(missing_ok=True)
