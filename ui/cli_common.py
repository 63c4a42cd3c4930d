"""What every ``credgraph`` command shares: the store URL, ``--json``, output."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from graph.store import open_store, store_url
from graph.store.base import Store

# ctx.meta is shared by the group's context and every subcommand's, so the error
# boundary in the group can see whether the failing command was asked for JSON.
JSON_META_KEY = "credgraph.json"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(slots=True)
class CliState:
    """The group's options, handed to every command as ``ctx.obj``."""

    store_option: str | None

    @property
    def url(self) -> str:
        return store_url(self.store_option)

    def open(self, *, read_only: bool = True) -> Store:
        """Open the store for the current command; it is closed when the command ends.

        Read commands open read-only so that a mistyped path never creates a file.
        """
        ctx = click.get_current_context()
        store = open_store(self.url, read_only=read_only)
        ctx.call_on_close(store.close)
        return store


pass_state = click.make_pass_decorator(CliState, ensure=False)


def _remember_json(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[JSON_META_KEY] = True
    return value


def json_option(f: F) -> F:
    """``--json``: machine-readable output on stdout."""
    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        default=False,
        callback=_remember_json,
        is_eager=True,
        help="Print machine-readable JSON on stdout instead of text.",
    )(f)


def echo_json(data: Any) -> None:
    # ensure_ascii off: Chinese names stay readable; the output is still valid UTF-8 JSON.
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_table(rows: Sequence[Sequence[str]], indent: str = "") -> None:
    """Left-aligned columns; widths counted in characters (CJK looks wider, still aligned
    well enough for a terminal and exact for grep/cut)."""
    if not rows:
        return
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = [c.ljust(w) for c, w in zip(r[:-1], widths[:-1], strict=True)]
        click.echo(indent + "  ".join([*cells, r[-1]]).rstrip())
