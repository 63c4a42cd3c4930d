"""Hardening tests: a per-session count of fuzz cases, written where CI keeps artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.fuzz_count import FUZZ_CASES, FUZZ_OUTCOMES

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running; run with -m slow")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not FUZZ_CASES:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{fmt}\t{n}" for fmt, n in sorted(FUZZ_CASES.items())]
    lines.append(f"total\t{sum(FUZZ_CASES.values())}")
    lines += [f"outcome:{k}\t{n}" for k, n in sorted(FUZZ_OUTCOMES.items())]
    (ARTIFACTS / "fuzz-cases.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
