"""USCC (GB 32100), embedded organization code (GB 11714) and 15-digit registration numbers.

Vectors come from DOMAIN.md section 6.5; the bulk test over the real registry sample is in
``test_uscc_registry.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import InvalidIdentifier
from graph.uscc import (
    USCC_ALPHABET,
    USCC_WEIGHTS,
    normalize_uscc,
    org_code_check_char,
    org_code_of,
    org_code_weighted_sum,
    reg15_check_digit,
    uscc_check_char,
    uscc_weighted_sum,
    validate_reg15,
    validate_uscc,
)

# (code, weighted sum S, S mod 31, check character) from DOMAIN.md 6.5.
VALID_VECTORS = [
    ("91440300192185379H", 1254, 14, "H"),
    ("914403001922038216", 831, 25, "6"),
    ("91520000214434146R", 750, 6, "R"),
    ("91440300192181490G", 976, 15, "G"),
    ("915001087093211864", 1081, 27, "4"),
    ("91350100M000100Y43", 1640, 28, "3"),
]

# More real codes from bluesky335/IDCheck's test table, including the post-2015 "MA" series
# and Fujian codes that do satisfy GB 32100 (so the pilot rule must leave them alone).
MORE_PUBLIC_CODES = [
    "9135010557098120XJ",
    "91120222MA06DG3067",
    "91120222MA0699U071",
    "91310000MA1K35Y38P",
    "91110108795101314G",
    "91330000704202479R",
    "91500105MA5UM6TF71",
    "913504001555807674",
    "9135020026015919XW",
    "913502006120495420",
]

# Real early Fujian pilot codes (aarioai/id-rule) with the check character GB 32100 expects.
PILOT_CODES = [
    ("91350100M0001TGQXM", "1"),
    ("91350211M0000XUF46", "R"),
    ("91350203M0001FUE2P", "J"),
]

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def to_full_width(text: str) -> str:
    return "".join(FULL_WIDTH.get(c, c) for c in text)


# --- the standard's own examples -------------------------------------------------------------


@pytest.mark.parametrize(("code", "total", "remainder", "check"), VALID_VECTORS)
def test_valid_vectors(code: str, total: int, remainder: int, check: str) -> None:
    assert uscc_weighted_sum(code[:17]) == total
    assert total % 31 == remainder
    assert USCC_ALPHABET[(31 - remainder) % 31] == check
    assert uscc_check_char(code[:17]) == check
    result = validate_uscc(code)
    assert result.valid
    assert result.issue is None
    assert result.code == code
    assert result.message == "valid"


@pytest.mark.parametrize("code", MORE_PUBLIC_CODES)
def test_more_public_codes_are_valid(code: str) -> None:
    result = validate_uscc(code)
    assert (result.valid, result.issue, result.code) == (True, None, code)
    assert uscc_check_char(code[:17]) == code[17]
    assert org_code_check_char(code[8:16]) == code[16]


def test_weights_are_powers_of_three_mod_31() -> None:
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_worked_example_terms_and_sums() -> None:
    code = "91440300192185379H"
    terms = [USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True)]
    assert terms == [9, 3, 36, 108, 0, 78, 0, 0, 20, 261, 50, 13, 64, 120, 30, 210, 252]
    assert sum(terms) == uscc_weighted_sum(code[:17]) == 1254
    assert org_code_of(code) == "192185379"
    assert org_code_weighted_sum("19218537") == 200
    assert 11 - 200 % 11 == 9
    assert org_code_check_char("19218537") == "9"


def test_org_code_check_char_special_values() -> None:
    # 11 - (s mod 11) is 10 -> 'X' and 11 -> '0'; find bodies hitting both by search.
    bodies = [f"{n:08d}" for n in range(200)]
    by_rest = {org_code_weighted_sum(b) % 11: b for b in bodies}
    assert org_code_check_char(by_rest[1]) == "X"
    assert org_code_check_char(by_rest[0]) == "0"


@pytest.mark.parametrize(
    ("text", "expected", "found", "message"),
    [
        ("91440300192185379J", "H", "J", "check character expected H, found J"),
        ("914403001922038217", "6", "7", "check character expected 6, found 7"),
    ],
)
def test_bad_check(text: str, expected: str, found: str, message: str) -> None:
    result = validate_uscc(text)
    assert (result.valid, result.issue) == (False, "bad_check")
    assert (result.expected, result.found, result.message) == (expected, found, message)


@pytest.mark.parametrize(
    ("text", "found", "message"),
    [
        (
            "91440300192185379I",
            "I",
            "forbidden character 'I' at position 18 (I, O, Z, S, V are not used)",
        ),
        (
            "9144030O192185379H",
            "O",
            "forbidden character 'O' at position 8 (I, O, Z, S, V are not used)",
        ),
        (
            "91440A00192185379H",
            "A",
            "forbidden character 'A' at position 6 "
            "(positions 3-8 are the administrative-division code, digits only)",
        ),
        (
            "9144030019218537#H",
            "#",
            "forbidden character '#' at position 17 "
            "(only digits and upper-case letters except I, O, Z, S, V)",
        ),
        ("N/A_______________", "/", None),
    ],
)
def test_bad_charset(text: str, found: str, message: str | None) -> None:
    result = validate_uscc(text)
    assert (result.valid, result.issue, result.found) == (False, "bad_charset", found)
    assert result.expected in {"0-9", "0-9A-HJ-NPQRTUWXY"}
    if message is not None:
        assert result.message == message


@pytest.mark.parametrize(
    ("text", "length"), [("9144030019218537", 16), ("", 0), ("N/A", 3), ("9" * 19, 19)]
)
def test_bad_length(text: str, length: int) -> None:
    result = validate_uscc(text)
    assert (result.valid, result.issue) == (False, "bad_length")
    assert (result.expected, result.found) == ("18", str(length))
    assert result.message == f"length {length}, expected 18"


@pytest.mark.parametrize(
    "text",
    [
        "91440300192185379h",
        "９１４４０３００１９２１８５３７９Ｈ",
        "９１４４０３００１９２１８５３７９ｈ",
        " 9144 0300 1921 8537 9H\t",
        "91440300-19218537-9-H",
        "91440300\u300019218537\u20109H",
    ],
)
def test_normalised_variants_are_valid(text: str) -> None:
    result = validate_uscc(text)
    assert result.valid
    assert result.code == "91440300192185379H"
    assert result.input == text


def test_normalisation_does_not_fold_lookalike_digits() -> None:
    # NFKC would turn circled digits into plain ones; an identifier must not gain meaning so.
    assert validate_uscc("①1440300192185379H").issue == "bad_charset"


@pytest.mark.parametrize(("code", "expected"), PILOT_CODES)
def test_fujian_pilot_codes_are_flagged_not_bad(code: str, expected: str) -> None:
    result = validate_uscc(code)
    assert (result.valid, result.issue) == (False, "legacy_pilot_checksum")
    assert (result.expected, result.found) == (expected, code[17])
    assert result.message.startswith(f"check character expected {expected}, found {code[17]}")
    assert org_code_check_char(code[8:16]) == code[16]


def test_pilot_rule_needs_intact_org_code_and_fujian_m_series() -> None:
    pilot = "91350100M0001TGQXM"
    broken_org = pilot[:16] + "1" + pilot[17]
    assert org_code_check_char(broken_org[8:16]) != "1"
    assert uscc_check_char(broken_org[:17]) != broken_org[17]
    assert validate_uscc(broken_org).issue == "bad_check"
    # Same body moved to Guangdong (440300): no longer a Fujian pilot.
    elsewhere = "914403" + pilot[6:]
    assert uscc_check_char(elsewhere[:17]) != elsewhere[17]
    assert validate_uscc(elsewhere).issue == "bad_check"


def test_org_code_failure_is_a_warning_on_a_valid_code() -> None:
    first17 = "91440300192185378"  # organization code 19218537-8, whose check is 9
    code = first17 + uscc_check_char(first17)
    result = validate_uscc(code)
    assert result.valid
    assert (result.issue, result.expected, result.found) == ("org_code_check", "9", "8")
    assert "expected 9, found 8" in result.message


def test_to_dict_has_every_field() -> None:
    d = validate_uscc("91440300192185379J").to_dict()
    assert d == {
        "input": "91440300192185379J",
        "code": "91440300192185379J",
        "valid": False,
        "issue": "bad_check",
        "expected": "H",
        "found": "J",
        "message": "check character expected H, found J",
    }


@pytest.mark.parametrize(
    ("func", "arg", "reason"),
    [
        (uscc_check_char, "9144030019218537", "bad_length"),
        (uscc_check_char, "9144030019218537I", "bad_charset"),
        (org_code_check_char, "1921853", "bad_length"),
        (org_code_check_char, "1921853-", "bad_charset"),
        (org_code_of, "91440300", "bad_length"),
        (reg15_check_digit, "5200000000050", "bad_length"),
        (reg15_check_digit, "5200000000050A", "bad_charset"),
    ],
)
def test_building_blocks_raise_with_reason(
    func: Callable[[str], object], arg: str, reason: str
) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        func(arg)
    assert info.value.data["reason"] == reason


# --- properties ------------------------------------------------------------------------------

alphabet31 = st.sampled_from(USCC_ALPHABET)
digit = st.sampled_from("0123456789")


@st.composite
def uscc_bodies(draw: st.DrawFn) -> str:
    """17 characters that obey the positional character rules."""
    head = draw(st.lists(alphabet31, min_size=2, max_size=2))
    region = draw(st.lists(digit, min_size=6, max_size=6))
    tail = draw(st.lists(alphabet31, min_size=9, max_size=9))
    return "".join(head + region + tail)


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    """Fully valid codes: embedded organization code and mod-31 check both hold."""
    body = draw(uscc_bodies())
    first17 = body[:16] + org_code_check_char(body[8:16])
    return first17 + uscc_check_char(first17)


@given(uscc_bodies())
def test_appending_check_char_validates(body: str) -> None:
    result = validate_uscc(body + uscc_check_char(body))
    assert result.valid
    assert result.issue in {None, "org_code_check"}


@given(valid_usccs())
def test_valid_with_org_code_has_no_issue(code: str) -> None:
    result = validate_uscc(code)
    assert (result.valid, result.issue) == (True, None)


@given(valid_usccs(), st.integers(0, 17), alphabet31)
def test_every_single_substitution_is_caught(code: str, pos: int, char: str) -> None:
    if code[pos] == char:
        char = USCC_ALPHABET[(USCC_ALPHABET.index(char) + 1) % 31]
    mutated = code[:pos] + char + code[pos + 1 :]
    result = validate_uscc(mutated)
    assert not result.valid
    if 2 <= pos <= 7 and not char.isdigit():
        assert result.issue == "bad_charset"
    else:
        assert result.issue in {"bad_check", "legacy_pilot_checksum"}


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_uscc(text)
    assert normalize_uscc(once) == once


@st.composite
def written_variants(draw: st.DrawFn, code: str) -> str:
    """``code`` as people write it: some characters full-width or lower-case, with separators."""
    out = []
    for char in code:
        form = draw(st.sampled_from(["plain", "full", "lower", "full_lower"]))
        if form in {"lower", "full_lower"}:
            char = char.lower()
        if form in {"full", "full_lower"}:
            char = to_full_width(char)
        out.append(char + draw(st.sampled_from(["", "", " ", "-", "\u3000", "\uff0d"])))
    return "".join(out)


@given(st.data(), st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=20))
def test_written_variants_validate_the_same(data: st.DataObject, code: str) -> None:
    variant = data.draw(written_variants(code))
    a, b = validate_uscc(code), validate_uscc(variant)
    assert (a.code, a.valid, a.issue, a.expected, a.found, a.message) == (
        b.code,
        b.valid,
        b.issue,
        b.expected,
        b.found,
        b.message,
    )


@given(st.data(), valid_usccs())
def test_written_variants_of_valid_codes_are_valid(data: st.DataObject, code: str) -> None:
    result = validate_uscc(data.draw(written_variants(code)))
    assert (result.code, result.valid, result.issue) == (code, True, None)


# --- legacy 15-digit registration numbers ----------------------------------------------------

REG15 = ["520000000005018", "440301103098545"]


@pytest.mark.parametrize("number", REG15)
def test_reg15_valid(number: str) -> None:
    assert validate_reg15(number)
    assert reg15_check_digit(number[:14]) == number[14]
    assert validate_reg15(f" {number[:6]}-{number[6:]} ")


@pytest.mark.parametrize("number", REG15)
def test_reg15_every_single_digit_mutation_is_invalid(number: str) -> None:
    mutations = [
        number[:i] + d + number[i + 1 :] for i in range(15) for d in "0123456789" if d != number[i]
    ]
    assert len(mutations) == 135
    assert not [m for m in mutations if validate_reg15(m)]


@pytest.mark.parametrize("text", ["", "52000000000501", "5200000000050180", "52000000000501A"])
def test_reg15_rejects_wrong_shape(text: str) -> None:
    assert not validate_reg15(text)
