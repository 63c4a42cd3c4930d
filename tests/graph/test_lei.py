"""LEI (ISO 17442) check digits, ISO 7064 MOD 97-10."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import InvalidIdentifier
from graph.lei import lei_check_digits, lei_to_integer, normalize_lei, validate_lei

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GLEIF = SHARED_DATA / "gleif-bodspipelines"
LEI_SHAPE = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
ALNUM = string.digits + string.ascii_uppercase

# Public LEIs; each was checked here by recomputing MOD 97-10 independently.
PUBLIC_LEIS = {
    "506700GE1G29325QX363": "Global Legal Entity Identifier Foundation",
    "HWUPKR0MPOU8FGXBT394": "Apple Inc.",
    "784F5XWPLTWKTBV3E584": "The Goldman Sachs Group, Inc.",
    "54930053HGCFWVHYZX42": "Bank of China Limited",
    "5493002ERZU2K9PZDL40": "Industrial and Commercial Bank of China Limited",
}

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def reference_mod97(code: str) -> int:
    """Textbook ISO 7064 MOD 97-10 by digit-string substitution, independent of graph.lei."""
    digits = "".join(str(ALNUM.index(c)) for c in code)
    return int(digits) % 97


@pytest.mark.parametrize("lei", sorted(PUBLIC_LEIS))
def test_public_leis_are_valid(lei: str) -> None:
    assert reference_mod97(lei) == 1
    assert lei_check_digits(lei[:18]) == lei[18:]
    result = validate_lei(lei)
    assert (result.valid, result.issue, result.code) == (True, None, lei)


def test_lei_to_integer_expands_letters() -> None:
    assert lei_to_integer("09AZ") == int("0" + "9" + "10" + "35")
    assert lei_to_integer("HWUPKR0MPOU8FGXBT394") % 97 == 1


@pytest.mark.parametrize(
    ("text", "issue", "expected", "found", "message"),
    [
        ("506700GE1G29325QX364", "bad_check", "63", "64", "check digits expected 63, found 64"),
        ("HWUPKR0MPOU8FGXBT349", "bad_check", "94", "49", "check digits expected 94, found 49"),
        ("506700GE1G29325QX36", "bad_length", "20", "19", "length 19, expected 20"),
        ("", "bad_length", "20", "0", "length 0, expected 20"),
        (
            "506700GE1G29325QX3A3",
            "bad_charset",
            "0-9",
            "A",
            "forbidden character 'A' at position 19 (positions 19-20 are check digits)",
        ),
        (
            "506700GE1G29325Q_363",
            "bad_charset",
            "0-9A-Z",
            "_",
            "forbidden character '_' at position 17 (only digits and upper-case letters A-Z)",
        ),
    ],
)
def test_invalid_leis(text: str, issue: str, expected: str, found: str, message: str) -> None:
    result = validate_lei(text)
    assert not result.valid
    assert (result.issue, result.expected, result.found, result.message) == (
        issue,
        expected,
        found,
        message,
    )
    assert result.to_dict()["issue"] == issue


@pytest.mark.parametrize(
    "text",
    [
        "506700ge1g29325qx363",
        "5067 00GE 1G29 325Q X363",
        "５０６７００ＧＥ１Ｇ２９３２５ＱＸ３６３",
    ],
)
def test_written_variants_are_valid(text: str) -> None:
    result = validate_lei(text)
    assert (result.valid, result.code, result.input) == (True, "506700GE1G29325QX363", text)


@pytest.mark.parametrize(
    ("arg", "reason"), [("506700GE1G29325QX", "bad_length"), ("506700GE1G29325QX_", "bad_charset")]
)
def test_check_digits_need_a_clean_prefix(arg: str, reason: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        lei_check_digits(arg)
    assert info.value.data["reason"] == reason


def test_digit_letter_swap_can_escape_mod_97() -> None:
    # A limit of ISO 7064 on alphanumerics, not of our code: a letter is two digits, so
    # swapping a digit for a letter shifts the number and 1 in ~250 such swaps still passes.
    original, swapped = "LI0FP3PRBKQGF2HIUZ84", "LI0FPGPRBKQGF2HIUZ84"
    assert reference_mod97(original) == reference_mod97(swapped) == 1
    assert validate_lei(original).valid and validate_lei(swapped).valid


# --- properties ------------------------------------------------------------------------------

bodies = st.text(alphabet=ALNUM, min_size=18, max_size=18)


@st.composite
def valid_leis(draw: st.DrawFn) -> str:
    body = draw(bodies)
    return body + lei_check_digits(body)


@given(bodies)
def test_body_plus_check_digits_validates(body: str) -> None:
    code = body + lei_check_digits(body)
    assert reference_mod97(code) == 1
    assert validate_lei(code).valid


@given(valid_leis(), st.integers(0, 19), st.integers(1, 35))
def test_same_class_substitution_is_caught(code: str, pos: int, shift: int) -> None:
    # Digit for digit or letter for letter changes the number by k * 10^n with 0 < |k| < 97,
    # which 97 (prime, coprime to 10) always notices.
    pool = string.digits if code[pos].isdigit() else string.ascii_uppercase
    char = pool[(pool.index(code[pos]) + shift) % len(pool)]
    if char == code[pos]:
        char = pool[(pool.index(char) + 1) % len(pool)]
    result = validate_lei(code[:pos] + char + code[pos + 1 :])
    assert not result.valid
    assert result.issue == "bad_check"


@given(st.text())
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_lei(text)
    assert normalize_lei(once) == once


@given(st.data(), valid_leis())
def test_full_width_lower_case_and_spaces_validate_the_same(data: st.DataObject, code: str) -> None:
    out = []
    for char in code:
        if data.draw(st.booleans()):
            char = char.lower()
        if data.draw(st.booleans()):
            char = FULL_WIDTH[char]
        out.append(char + data.draw(st.sampled_from(["", " ", "-"])))
    result = validate_lei("".join(out))
    assert (result.valid, result.code) == (True, code)


# --- real GLEIF records ----------------------------------------------------------------------


def gleif_leis() -> list[str]:
    lei_file, rr_file = GLEIF / "lei-data.json", GLEIF / "rr-data.json"
    if not lei_file.exists() or not rr_file.exists():
        pytest.skip(f"{GLEIF} is absent (needs ../shared/data)")
    leis = []
    for record in json.loads(lei_file.read_text(encoding="utf-8")):
        leis.append(record["LEI"])
        leis.append(record["Registration"]["ManagingLOU"])
    for record in json.loads(rr_file.read_text(encoding="utf-8")):
        rel = record["Relationship"]
        leis.extend(
            node["NodeID"]
            for node in (rel["StartNode"], rel["EndNode"])
            if node["NodeIDType"] == "LEI"
        )
        leis.append(record["Registration"]["ManagingLOU"])
    return sorted(set(leis))


@pytest.mark.shared_data
def test_gleif_leis_are_valid() -> None:
    leis = gleif_leis()
    shaped = [lei for lei in leis if LEI_SHAPE.match(lei)]
    assert shaped, "the GLEIF sample should hold LEIs"
    assert len(shaped) == len(leis)
    assert [lei for lei in leis if reference_mod97(lei) != 1] == []
    assert [lei for lei in leis if not validate_lei(lei).valid] == []
