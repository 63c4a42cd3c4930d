"""The README documents every option of every command and the keys of the JSON the
commands print, read from the click command tree and from real output, so that the two
cannot drift apart again."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from tests.ui.graph_fixture import HUAWEI, PERSON, PINGAN, build_store
from ui.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(cmd: click.Command = main, path: tuple[str, ...] = ()) -> Iterator[
    tuple[tuple[str, ...], click.Command]
]:  # fmt: skip
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from commands(sub, (*path, name))


def options(cmd: click.Command) -> set[str]:
    return {
        o
        for p in cmd.params
        if isinstance(p, click.Option) and not p.hidden
        for o in (*p.opts, *p.secondary_opts)
    }


def documented() -> dict[tuple[str, ...], set[str]]:
    """The README's option table: command path -> the options its row names."""
    table = README.split("| command | options |\n| --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    out: dict[tuple[str, ...], set[str]] = {}
    for line in table.splitlines():
        first, second = (c.strip() for c in line.strip("|").split("|", 1))
        words = first.strip("`").split()
        path = tuple(w for w in words if re.fullmatch(r"[a-z][a-z-]*", w) and w != "credgraph")
        out[path] = set(re.findall(r"`(--?[a-z][a-z0-9-]*)", second))
    return out


def test_every_option_of_every_command_is_in_the_readme() -> None:
    docs = documented()
    for path, cmd in commands():
        opts = options(cmd)
        if not opts and isinstance(cmd, click.Group) and path:
            continue  # a group of subcommands (match) has no options of its own
        name = " ".join(("credgraph", *path))
        assert path in docs, f"{name} is not in the README's option table"
        assert docs[path] == opts, (
            f"{name}: the README names {sorted(docs[path] - opts)} that it does not take "
            f"and leaves out {sorted(opts - docs[path])}"
        )
    known = {path for path, _ in commands()}
    assert set(docs) <= known, f"the README documents unknown commands {set(docs) - known}"


def test_every_option_has_help_text() -> None:
    for path, cmd in commands():
        for p in cmd.params:
            if isinstance(p, click.Option) and not p.hidden:
                assert p.help, f"credgraph {' '.join(path)} {p.opts[0]} has no help text"


# -- JSON keys ---------------------------------------------------------------------------


def paragraph(start: str) -> str:
    """The README's paragraph that starts with ``start``."""
    at = README.index(start)
    return README[at : README.find("\n\n", at)]


def keys(value: Any) -> set[str]:
    return set(value) if isinstance(value, dict) else set()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("readme") / "g.db")


def run_json(url: str, *args: str) -> Any:
    r = CliRunner().invoke(main, ["--store", url, *args, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def assert_documented(where: str, found: set[str]) -> None:
    text = paragraph(where)
    missing = sorted(k for k in found if f'"{k}"' not in text)
    assert not missing, f"{where}: keys missing from the README: {missing}"


def test_owners_json_keys(url: str) -> None:
    d = run_json(url, "owners", PINGAN, "--threshold", "1%")
    assert d["owners"], d
    where = "`credgraph owners ID --json`"
    assert_documented(where, keys(d) | keys(d["owners"][0]) - {"owners"} | {"owners"})


def test_regime_json_keys(url: str) -> None:
    d = run_json(url, "regime", "bis")
    assert_documented("`credgraph regime NAME --json`", keys(d) | keys(d["rule"]))


def test_path_json_keys(url: str) -> None:
    d = run_json(url, "path", PERSON, HUAWEI)
    (p,) = d["paths"]
    where = "`credgraph path A B --json`"
    assert_documented(where, keys(d) | keys(p) | keys(p["nodes"][0]) | keys(p["edges"][0]))


def test_load_json_keys(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    assert CliRunner().invoke(main, ["template", str(folder)]).exit_code == 0
    d = run_json(url, "load", "bundle", str(folder))
    assert_documented("`credgraph load ... --json`", keys(d) | keys(d["totals"]))


def test_match_json_keys(tmp_path: Path) -> None:
    url = build_store(tmp_path / "m.db")  # a merge of its own: the module's store stays
    confirmed = run_json(url, "match", "confirm", PINGAN, HUAWEI, "--force")
    (row,) = run_json(url, "match", "list")
    assert row["decision"] == "confirmed"
    assert_documented("`credgraph match list --json`", keys(row) | keys(confirmed))
