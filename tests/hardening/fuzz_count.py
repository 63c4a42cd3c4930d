"""Fuzz cases run in this session, by format and by outcome (the conftest writes them)."""

from __future__ import annotations

from collections import Counter

FUZZ_CASES: Counter[str] = Counter()
FUZZ_OUTCOMES: Counter[str] = Counter()
