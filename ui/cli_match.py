"""``credgraph match``: review "possibly same as" candidates (list, confirm, reject)."""

from __future__ import annotations

import click

from loaders.matches import confirm, list_matches, reject
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state


@click.group()
def match() -> None:
    """Review entity-resolution candidates proposed by name after each load.

    A name never merges two entities by itself: loads propose pairs with a score
    and the features behind it; a person confirms (merge) or rejects them.
    Decisions survive reloads.

    \b
    Examples:
      credgraph match list --pending
      credgraph match confirm uscc:911100006188158771 ticker:000046.SZ
      credgraph match reject ofac:17015 ofac:18291
    """


@match.command("list")
@click.option("--pending", is_flag=True, help="Only candidates still waiting for a decision.")
@json_option
@pass_state
def list_cmd(state: CliState, pending: bool, as_json: bool) -> None:
    """List candidates (best score first), then rejected pairs and confirmed merges."""
    rows = list_matches(state.open(), pending_only=pending)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no candidates" if pending else "no candidates or decisions")
        return
    table = [("decision", "score", "A", "B", "features")]
    for r in rows:
        score = "" if r["score"] is None else f"{r['score']:.2f}"
        table.append(
            (
                r["decision"],
                score,
                f"{r['a']} {r['a_name'] or ''}".strip(),
                f"{r['b']} {r['b_name'] or ''}".strip(),
                ", ".join(k for k in r["features"] if k != "sources"),
            )
        )
    echo_table(table)


@match.command("confirm")
@click.argument("a")
@click.argument("b")
@json_option
@pass_state
def confirm_cmd(state: CliState, a: str, b: str, as_json: bool) -> None:
    """A and B are the same entity: merge B into A (B's ids stay addressable)."""
    survivor = confirm(state.open(read_only=False), a, b)
    if as_json:
        echo_json({"decision": "confirmed", "kept": survivor, "merged": b})
    else:
        click.echo(f"merged {b} into {survivor}")


@match.command("reject")
@click.argument("a")
@click.argument("b")
@json_option
@pass_state
def reject_cmd(state: CliState, a: str, b: str, as_json: bool) -> None:
    """A and B are different entities: the pair is never proposed again."""
    rel = reject(state.open(read_only=False), a, b)
    if as_json:
        echo_json({"decision": "rejected", "a": a, "b": b, "rel_id": rel})
    else:
        click.echo(f"rejected: {a} and {b} are different entities")


COMMANDS = [match]
