"""Fixtures for the risk tests; the hand-written edge builder lives in
``graph.risk.reference.edge_arrays`` (re-exported by ``risk_helpers``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph.risk.reference import edge_arrays


@pytest.fixture
def build() -> Callable[..., Any]:
    return edge_arrays
