"""Import direction: ui -> loaders -> graph.  graph and loaders never touch the UI stack."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN: dict[str, frozenset[str]] = {
    "graph": frozenset({"streamlit", "pyvis", "ui", "loaders"}),
    "loaders": frozenset({"streamlit", "pyvis", "ui"}),
}


def imported_roots(source: str, package: str) -> set[str]:
    """Top-level names of every module a source file imports, anywhere in it.

    Relative imports are resolved against ``package`` (they stay inside it).
    """
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                roots.add(package)
            elif node.module:
                roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upward(package: str) -> None:
    files = _sources(package)
    assert files, f"no Python files found under {package}/"
    offenders = {
        str(path.relative_to(ROOT)): sorted(bad)
        for path in files
        if (bad := imported_roots(path.read_text(encoding="utf-8"), package) & FORBIDDEN[package])
    }
    assert offenders == {}


def test_graph_core_modules_are_checked() -> None:
    checked = {p.relative_to(ROOT).as_posix() for p in _sources("graph")}
    assert {"graph/model.py", "graph/store/base.py", "graph/store/__init__.py"} <= checked


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import streamlit as st", {"streamlit"}),
        ("from pyvis.network import Network", {"pyvis"}),
        ("def f():\n    import ui.cli\n", {"ui"}),
        ("from . import model", {"graph"}),
        ("import importlib\nimportlib.import_module('loaders.files')", {"importlib", "loaders"}),
        ("from graph.model import Node", {"graph"}),
    ],
)
def test_import_walk_sees_every_form(source: str, expected: set[str]) -> None:
    assert imported_roots(source, "graph") == expected
