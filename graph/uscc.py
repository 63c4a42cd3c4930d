"""Chinese corporate identifiers: USCC (GB 32100-2015), organization code, registration number.

The Unified Social Credit Code is 18 characters: registration department (1), category (1),
administrative-division code (6 digits), the GB 11714 organization code (8 body characters and
its own check character) and a mod-31 check character over the first 17.  Input is normalised
first (spaces and hyphens dropped, full-width to half-width, upper-case) because registries,
court notices and spreadsheets all write the same code in those variants.

>>> validate_uscc("91440300192185379H").valid
True
>>> validate_uscc("９１４４ ０３００-１９２１８５３７９ｈ").code
'91440300192185379H'
>>> r = validate_uscc("91440300192185379J")
>>> (r.valid, r.issue, r.expected, r.found)
(False, 'bad_check', 'H', 'J')
>>> r.message
'check character expected H, found J'
>>> validate_uscc("91350100M0001TGQXM").issue
'legacy_pilot_checksum'
>>> org_code_of("91440300192185379H")
'192185379'
>>> validate_reg15("440301103098545")
True
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from operator import mul
from typing import Literal

from graph.errors import InvalidIdentifier

__all__ = [
    "USCC_ALPHABET",
    "USCC_WEIGHTS",
    "UsccCheck",
    "UsccIssue",
    "normalize_identifier",
    "normalize_uscc",
    "org_code_check_char",
    "org_code_of",
    "org_code_weighted_sum",
    "reg15_check_digit",
    "uscc_check_char",
    "uscc_weighted_sum",
    "validate_reg15",
    "validate_uscc",
]

#: The 31 symbols of GB 32100, in value order (I, O, Z, S, V are left out).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
#: W_i = 3^(i-1) mod 31: all non-zero mod a prime, so every single substitution is caught.
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_FORBIDDEN_LETTERS = frozenset("IOZSV")

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_VALUE = {c: i for i, c in enumerate(_ORG_ALPHABET)}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_DIGITS = frozenset("0123456789")
_ALLOWED_DESC = "0-9A-HJ-NPQRTUWXY"
_WELL_FORMED = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]*\Z")

# Hyphen-like marks people paste from Word and PDFs; all are layout, never part of a code.
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212\u30fc")
# Full-width forms are exactly U+FF01..U+FF5E shifted by 0xFEE0; we map only those (and the
# ideographic space) rather than NFKC, which would also turn circled or superscript digits
# into plain ones and let junk pass as a code.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Upper-case ASCII only: str.upper() on arbitrary text can change its length ('ß' -> 'SS').
_ASCII_UPPER = {cp: cp - 32 for cp in range(ord("a"), ord("z") + 1)}

UsccIssue = Literal[
    "bad_length", "bad_charset", "bad_check", "org_code_check", "legacy_pilot_checksum"
]


def normalize_identifier(text: str) -> str:
    """Full-width to half-width, drop whitespace and hyphens, upper-case ASCII.

    Shared by USCC, LEI and registration numbers; idempotent.

    >>> normalize_identifier(" ９１４４-0300 19218537-9h ")
    '91440300192185379H'
    """
    if text.isascii() and text.isalnum():  # the common case: nothing to drop or widen
        return text.upper()
    half = text.translate(_HALF_WIDTH)
    kept = "".join(c for c in half if not c.isspace() and c not in _HYPHENS)
    return kept.translate(_ASCII_UPPER)


def normalize_uscc(text: str) -> str:
    """Normalise a USCC as written anywhere to its 18-character canonical form.

    >>> normalize_uscc("9144 0300 1921 8537 9h")
    '91440300192185379H'
    """
    return normalize_identifier(text)


def uscc_weighted_sum(first17: str) -> int:
    """S = sum of value x weight over the first 17 characters (GB 32100 section 5).

    >>> uscc_weighted_sum("91440300192185379")
    1254
    """
    return _weighted_sum(first17, _USCC_VALUE, USCC_WEIGHTS, "in the USCC alphabet")


def uscc_check_char(first17: str) -> str:
    """The 18th character for a normalised 17-character prefix.

    >>> uscc_check_char("91440300192185379")
    'H'
    >>> uscc_check_char("91440300192203821")
    '6'
    """
    return USCC_ALPHABET[-uscc_weighted_sum(first17) % 31]


def org_code_weighted_sum(body8: str) -> int:
    """s = sum of value x weight over the 8 body characters of a GB 11714 organization code.

    >>> org_code_weighted_sum("19218537")
    200
    """
    return _weighted_sum(body8, _ORG_VALUE, _ORG_WEIGHTS, "a digit or A-Z")


def _weighted_sum(
    text: str, values: dict[str, int], weights: tuple[int, ...], alphabet: str
) -> int:
    """sum(value x weight); raises ``InvalidIdentifier`` naming a wrong length or the
    first character outside ``values``."""
    if len(text) != len(weights):
        raise InvalidIdentifier(
            f"need {len(weights)} characters, got {len(text)}", reason="bad_length", value=text
        )
    try:  # loads check millions of codes: the scan below only to name a bad character
        return sum(map(mul, map(values.__getitem__, text), weights))
    except KeyError:
        pos, char = next((k, c) for k, c in enumerate(text, start=1) if c not in values)
    raise InvalidIdentifier(
        f"character {char!r} at position {pos} is not {alphabet}",
        reason="bad_charset",
        value=text,
    )


def org_code_check_char(body8: str) -> str:
    """Check character of a GB 11714 organization code (``X`` stands for 10).

    >>> org_code_check_char("19218537")
    '9'
    """
    c9 = 11 - org_code_weighted_sum(body8) % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def org_code_of(uscc: str) -> str:
    """The 9-character organization code embedded at positions 9-17 of a USCC.

    >>> org_code_of("914403001922038216")
    '192203821'
    """
    code = normalize_uscc(uscc)
    if len(code) != 18:
        raise InvalidIdentifier(f"length {len(code)}, expected 18", reason="bad_length", value=uscc)
    return code[8:17]


@dataclass(frozen=True, slots=True)
class UsccCheck:
    """Outcome of :func:`validate_uscc`.

    ``valid`` is the GB 32100 verdict (length, character set, mod-31 check).  ``issue`` may be
    set on a valid code too: ``org_code_check`` is a warning, because the embedded GB 11714
    check is not part of GB 32100 and real registries carry codes that fail it.
    """

    input: str
    code: str
    valid: bool
    issue: UsccIssue | None = None
    expected: str | None = None
    found: str | None = None
    message: str = "valid"

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON output.

        >>> validate_uscc("9144030019218537").to_dict()["issue"]
        'bad_length'
        """
        return asdict(self)


def _charset_problem(code: str) -> tuple[int, str, str] | None:
    """First (position, expected class, message) that breaks the character rules, if any."""
    if _WELL_FORMED.match(code):
        return None
    for pos, char in enumerate(code, start=1):
        in_region = 3 <= pos <= 8
        if (char in _DIGITS) if in_region else (char in _USCC_VALUE):
            continue
        expected = "0-9" if in_region else _ALLOWED_DESC
        if char in _FORBIDDEN_LETTERS:
            why = "(I, O, Z, S, V are not used)"
        elif in_region:
            why = "(positions 3-8 are the administrative-division code, digits only)"
        else:
            why = "(only digits and upper-case letters except I, O, Z, S, V)"
        return pos, expected, f"forbidden character {char!r} at position {pos} {why}"
    return None


def _is_legacy_pilot(code: str) -> bool:
    """Fujian pilot codes issued before GB 32100 fixed the check character.

    Fujian registered enterprises under unified codes before the national standard took
    effect on 2015-10-01; some of those codes (e.g. ``91350100M0001TGQXM``,
    ``91350211M0000XUF46``, ``91350203M0001FUE2P``, all real) fail the mod-31 check yet are
    legal.  What they share, and what we require: department ``9`` (market regulation), a
    Fujian division code (``35....``), an organization code newly allocated in the ``M``
    series, and an embedded organization code whose own GB 11714 check holds, so the body
    is intact and only the final character follows the pilot's rule.  A typo in the last
    character of a valid Fujian ``M`` code looks the same; both stay stored, flagged invalid.
    """
    return (
        code[0] == "9"
        and code[2:4] == "35"
        and code[8] == "M"
        and org_code_check_char(code[8:16]) == code[16]
    )


def validate_uscc(text: str) -> UsccCheck:
    """Normalise and check a USCC; never raises, the result says what is wrong.

    >>> validate_uscc("9144030O192185379H").message
    "forbidden character 'O' at position 8 (I, O, Z, S, V are not used)"
    >>> validate_uscc("9144030019218537").message
    'length 16, expected 18'
    """
    code = normalize_uscc(text)
    if len(code) != 18:
        return UsccCheck(
            text,
            code,
            False,
            "bad_length",
            expected="18",
            found=str(len(code)),
            message=f"length {len(code)}, expected 18",
        )
    problem = _charset_problem(code)
    if problem is not None:
        pos, expected, message = problem
        return UsccCheck(
            text,
            code,
            False,
            "bad_charset",
            expected=expected,
            found=code[pos - 1],
            message=message,
        )
    check = uscc_check_char(code[:17])
    if check != code[17]:
        if _is_legacy_pilot(code):
            return UsccCheck(
                text,
                code,
                False,
                "legacy_pilot_checksum",
                expected=check,
                found=code[17],
                message=(
                    f"check character expected {check}, found {code[17]}: "
                    "early Fujian pilot code, legal but outside GB 32100"
                ),
            )
        return UsccCheck(
            text,
            code,
            False,
            "bad_check",
            expected=check,
            found=code[17],
            message=f"check character expected {check}, found {code[17]}",
        )
    org_check = org_code_check_char(code[8:16])
    if org_check != code[16]:
        return UsccCheck(
            text,
            code,
            True,
            "org_code_check",
            expected=org_check,
            found=code[16],
            message=(
                f"organization code check character expected {org_check}, found {code[16]} "
                "(GB 11714; warning only)"
            ),
        )
    return UsccCheck(text, code, True)


def reg15_check_digit(first14: str) -> str:
    """ISO 7064 MOD 11,10 check digit of a 15-digit registration number (GS 15-2006).

    >>> reg15_check_digit("52000000000501")
    '8'
    """
    if len(first14) != 14 or not all(c in _DIGITS for c in first14):
        raise InvalidIdentifier(
            "need 14 digits",
            reason="bad_length" if len(first14) != 14 else "bad_charset",
            value=first14,
        )
    p = 10
    for char in first14:
        s = (p + int(char)) % 10 or 10
        p = (2 * s) % 11
    return str((1 - p) % 10)


def validate_reg15(text: str) -> bool:
    """True if ``text`` (normalised) is 15 digits whose last digit is the MOD 11,10 check.

    >>> validate_reg15("520000000005018"), validate_reg15("520000000005019")
    (True, False)
    """
    code = normalize_identifier(text)
    if len(code) != 15 or not all(c in _DIGITS for c in code):
        return False
    return reg15_check_digit(code[:14]) == code[14]
