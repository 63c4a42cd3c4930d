"""``credgraph path``: the shortest paths between two parties, every edge explained.

The logic lives in ``graph.risk.paths``; this command parses options and prints.
"""

from __future__ import annotations

from typing import Any

import click

from graph.errors import InvalidInput
from graph.model import POSSIBLY_SAME_AS, RelType
from graph.risk.paths import path_report
from ui.cli_common import CliState, echo_json, json_option, pass_state
from ui.cli_parse import as_of_option, parse_day

# -- path -----------------------------------------------------------------------


def _types(values: tuple[str, ...]) -> list[RelType] | None:
    names = [x.strip().upper() for v in values for x in v.split(",") if x.strip()]
    if not names:
        return None
    known = {t.value for t in RelType}
    bad = [n for n in names if n not in known]
    if bad:
        raise InvalidInput(
            f"unknown relationship type(s) {', '.join(bad)}: choose from {', '.join(sorted(known))}",
            types=bad,
        )
    return [RelType(n) for n in names]


def _link_kind(edge: dict[str, Any]) -> str | None:
    """What a LINKED_TO edge is (associate, family, ...); a match candidate says so."""
    if edge["type"] != "LINKED_TO" or not edge["kind"]:
        return None
    if edge["kind"] == POSSIBLY_SAME_AS:
        return "possibly same as (a match candidate, not a confirmed link)"
    return str(edge["kind"]).replace("_", " ")


@click.command()
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option(
    "--max-hops", default=4, show_default=True, type=click.IntRange(1, 10), help="Longest path."
)
@click.option(
    "--types",
    "types",
    multiple=True,
    metavar="TYPE[,TYPE]",
    help="Only these relationship types (OWNS, OFFICER_OF, CONTROLS, LINKED_TO, LISTED_ON, ...). "
    "Default: the relationships between parties; LISTED_ON, ISSUED_BY, TRIGGERS and "
    "IMPLEMENTED_BY (through List, Agency and Measure nodes) only when named here.",
)
@click.option(
    "--candidates",
    is_flag=True,
    help='Also follow pending "possibly same as" entity-resolution candidates '
    "(credgraph match list); rejected pairs are never followed.",
)
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Most paths to list (1-100); all are as short as the shortest.",
)
@as_of_option
@json_option
@pass_state
def path(
    state: CliState,
    a: str,
    b: str,
    max_hops: int,
    types: tuple[str, ...],
    candidates: bool,
    limit: int,
    as_of: str | None,
    as_json: bool,
) -> None:
    """Shortest paths between A and B, each edge with type, role, share, dates and source.

    Only real links between parties count by default: not a shared list, agency or
    measure, and not an unconfirmed entity-resolution candidate.  Each hop shows the
    relationship the path took and, as "also:", every other relationship of the
    followed types between the same two parties ("parallel" in --json).

    \b
    Example:
      credgraph path 91440300192185379H 914403001922038216 --types OWNS,OFFICER_OF
    """
    day = parse_day(as_of)
    rep = path_report(
        state.open(), a, b, max_hops=max_hops, types=_types(types), as_of=day, limit=limit,
        candidates=candidates,
    )  # fmt: skip
    if as_json:
        echo_json(rep)
        return
    click.echo(
        f"{rep['from']['name']} ({rep['from']['id']}) -> {rep['to']['name']} ({rep['to']['id']})"
    )
    click.echo(
        f"following {', '.join(rep['types'])}"
        + ("; match candidates included" if candidates else "")
    )
    if not rep["paths"]:
        click.echo(f"no path of at most {max_hops} hops as of {rep['as_of']}")
        return
    for i, p in enumerate(rep["paths"], 1):
        click.echo(f"path {i} ({p['length']} hops):")
        for k, e in enumerate(p["edges"]):
            left, right = p["nodes"][k]["name"], p["nodes"][k + 1]["name"]
            click.echo(f"  {left} {_edge_text(e)} {right}")
            # Every other relationship between the same two parties (an owner who is
            # also an officer): the path took one, none is hidden.
            for other in p["parallel"][k]:
                click.echo(f"    also: {left} {_edge_text(other)} {right}")


def _edge_text(e: dict[str, Any]) -> str:
    """``->[OWNS 51%]->  2015-11-25..  [opensanctions]`` for one edge of a path."""
    arrow = "->" if e["direction"] == "forward" else "<-"
    share = e["share_text"] or ("share unknown" if e["type"] == "OWNS" else None)
    bits = [x for x in (e["role"], share, _link_kind(e)) if x]
    span = f"{e['start'] or '...'}..{e['end'] or ''}" if e["start"] or e["end"] else ""
    src = ", ".join(sorted({pv["source"] for pv in e["provenance"]}))
    label = f"{e['type']}{' ' + ' '.join(bits) if bits else ''}"
    return (
        f"{arrow}[{label}]{arrow}" + (f"  {span}" if span else "") + (f"  [{src}]" if src else "")
    )


COMMANDS = [path]
