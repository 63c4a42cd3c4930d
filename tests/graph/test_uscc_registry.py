"""Bulk check of USCCs in the real registry sample (``../shared/data/cn-enterprise-registration``).

DOMAIN.md 6.5: every syntactically valid code there passes the mod-31 and GB 11714 checks,
bar documented pilot exceptions.  Counts are derived from the files with a plain regex and
textbook reference checks, so the folder may be a subset; the tests skip when it is absent.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from graph.uscc import validate_uscc

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
REGISTRY = SHARED_DATA / "cn-enterprise-registration"
USCC_COLUMN = "统一社会信用代码"
# The syntax regex DOMAIN.md quotes; deliberately independent of graph.uscc.
SYNTAX = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
FUJIAN_M_SERIES = re.compile(r"^9.35\d{4}M")

# Textbook re-statements of DOMAIN.md 6.2 and 6.3, written out separately so the bulk counts
# do not come from the code under test.
REF_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHJKLMNPQRTUWXY")}
REF_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def reference_mod31_ok(code: str) -> bool:
    total = sum(REF_VALUES[c] * w for c, w in zip(code, REF_WEIGHTS, strict=False))
    return REF_VALUES[code[17]] == (31 - total % 31) % 31


def reference_org_ok(code: str) -> bool:
    total = sum(int(c, 36) * w for c, w in zip(code[8:16], [3, 7, 9, 10, 5, 8, 4, 2], strict=True))
    c9 = 11 - total % 11
    return code[16] == {10: "X", 11: "0"}.get(c9, str(c9))


def registry_rows() -> list[dict[str, str]]:
    files = sorted(REGISTRY.glob("*/*.csv"))
    if not files:
        pytest.skip(f"{REGISTRY} is absent (needs ../shared/data)")
    rows: list[dict[str, str]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                # Rows with surplus cells (shifted rows) get them under the None key.
                extra = row.pop(None, [])
                clean = {k: v or "" for k, v in row.items()}
                clean.update({f"_extra{i}": v for i, v in enumerate(extra)})
                rows.append(clean)
    return rows


def registry_codes() -> list[str]:
    return [row[USCC_COLUMN] for row in registry_rows()]


@pytest.mark.shared_data
def test_registry_sample_codes_pass_both_checks() -> None:
    codes = registry_codes()
    syntactic = [c for c in codes if SYNTAX.match(c)]
    other = [c for c in codes if not SYNTAX.match(c)]
    assert syntactic, "the sample should hold real codes"

    # Counted by the reference functions above, not by graph.uscc.
    ref_both = sum(1 for c in syntactic if reference_mod31_ok(c) and reference_org_ok(c))
    ref_pilot = sum(1 for c in syntactic if FUJIAN_M_SERIES.match(c) and not reference_mod31_ok(c))
    # DOMAIN.md: every syntactically valid code passes both checks, bar pilot exceptions.
    assert ref_both + ref_pilot == len(syntactic)

    results = [validate_uscc(c) for c in syntactic]
    assert sum(1 for r in results if r.valid and r.issue is None) == ref_both
    assert sum(1 for r in results if r.issue == "legacy_pilot_checksum") == ref_pilot

    # Whatever the column holds otherwise (N/A, blanks, column-shifted mis-encoded rows) is
    # rejected for its shape, never passed.
    rejected = Counter(validate_uscc(c).issue for c in other)
    assert sum(rejected.values()) == len(other)
    assert set(rejected) <= {"bad_length", "bad_charset"}


@pytest.mark.shared_data
def test_registry_codes_found_in_shifted_rows_are_valid_too() -> None:
    # Some rows are shifted by a column (the code sits under 注册日期); their codes are real
    # data as well, and must validate the same way.
    shifted = [
        value
        for row in registry_rows()
        if not SYNTAX.match(row[USCC_COLUMN])
        for key, value in row.items()
        if key != USCC_COLUMN and SYNTAX.match(value)
    ]
    ref_ok = [c for c in shifted if reference_mod31_ok(c) and reference_org_ok(c)]
    assert [validate_uscc(c).valid for c in shifted] == [True] * len(shifted)
    assert [c for c in ref_ok if validate_uscc(c).issue is not None] == []
    assert len(ref_ok) == len(shifted)


@pytest.mark.shared_data
def test_registry_sample_prefixes_are_enterprise_kinds() -> None:
    prefixes = Counter(c[:2] for c in registry_codes() if SYNTAX.match(c))
    # Department 9 (market regulation): 1 enterprise, 2 individual business, 3 co-operative.
    assert set(prefixes) <= {"91", "92", "93"}
    assert prefixes["91"] > 0
