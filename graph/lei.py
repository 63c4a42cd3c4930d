"""Legal Entity Identifier (ISO 17442): 18 alphanumeric characters and 2 check digits.

The check digits follow ISO 7064 MOD 97-10: letters become two-digit numbers (A=10 ... Z=35),
and the whole code read as one integer is 1 modulo 97.  Input is normalised first (spaces and
hyphens dropped, full-width to half-width, upper-case), as for the USCC.

>>> validate_lei("506700GE1G29325QX363").valid
True
>>> lei_check_digits("506700GE1G29325QX3")
'63'
>>> r = validate_lei("506700GE1G29325QX364")
>>> (r.valid, r.issue, r.expected, r.found)
(False, 'bad_check', '63', '64')
>>> r.message
'check digits expected 63, found 64'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from graph.errors import InvalidIdentifier
from graph.uscc import normalize_identifier

__all__ = [
    "LeiCheck",
    "LeiIssue",
    "lei_check_digits",
    "lei_to_integer",
    "normalize_lei",
    "validate_lei",
]

_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")

LeiIssue = Literal["bad_length", "bad_charset", "bad_check"]


def normalize_lei(text: str) -> str:
    """Canonical 20-character form of an LEI as written anywhere.

    >>> normalize_lei("5493 00-nfty73920oyk69")
    '549300NFTY73920OYK69'
    """
    return normalize_identifier(text)


def lei_to_integer(code: str) -> int:
    """The ISO 7064 reading of an alphanumeric string: each letter becomes 10..35.

    >>> lei_to_integer("A1Z")
    10135
    """
    if not code or not all(c in _ALNUM for c in code):
        raise InvalidIdentifier(
            f"{code!r} is not made of digits and A-Z", reason="bad_charset", value=code
        )
    return int("".join(str(int(c, 36)) for c in code))


def lei_check_digits(first18: str) -> str:
    """The two check digits for a normalised 18-character LEI prefix.

    >>> lei_check_digits("HWUPKR0MPOU8FGXBT3")
    '94'
    """
    if len(first18) != 18:
        raise InvalidIdentifier(
            f"need 18 characters, got {len(first18)}", reason="bad_length", value=first18
        )
    return f"{98 - lei_to_integer(first18 + '00') % 97:02d}"


@dataclass(frozen=True, slots=True)
class LeiCheck:
    """Outcome of :func:`validate_lei`; same shape as :class:`graph.uscc.UsccCheck`."""

    input: str
    code: str
    valid: bool
    issue: LeiIssue | None = None
    expected: str | None = None
    found: str | None = None
    message: str = "valid"

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output.

        >>> validate_lei("ABC").to_dict()["message"]
        'length 3, expected 20'
        """
        return asdict(self)


def validate_lei(text: str) -> LeiCheck:
    """Normalise and check an LEI; never raises, the result says what is wrong.

    >>> validate_lei("HWUPKR0MPOU8FGXBT3A4").message
    "forbidden character 'A' at position 19 (positions 19-20 are check digits)"
    """
    code = normalize_lei(text)
    if len(code) != 20:
        return LeiCheck(
            text,
            code,
            False,
            "bad_length",
            expected="20",
            found=str(len(code)),
            message=f"length {len(code)}, expected 20",
        )
    for pos, char in enumerate(code, start=1):
        if pos > 18 and char not in _DIGITS:
            expected, why = "0-9", "(positions 19-20 are check digits)"
        elif char not in _ALNUM:
            expected, why = "0-9A-Z", "(only digits and upper-case letters A-Z)"
        else:
            continue
        return LeiCheck(
            text,
            code,
            False,
            "bad_charset",
            expected=expected,
            found=char,
            message=f"forbidden character {char!r} at position {pos} {why}",
        )
    check = lei_check_digits(code[:18])
    if check != code[18:]:
        return LeiCheck(
            text,
            code,
            False,
            "bad_check",
            expected=check,
            found=code[18:],
            message=f"check digits expected {check}, found {code[18:]}",
        )
    return LeiCheck(text, code, True)
