"""``credgraph match``: review "possibly same as" candidates (list, confirm, reject)."""

from __future__ import annotations

import click

from loaders.matches import check_confirm, confirm, list_matches, pair_of, reject
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state


@click.group()
def match() -> None:
    """Review entity-resolution candidates proposed by name after each load.

    A name never merges two entities by itself: loads propose pairs with a score
    and the features behind it; a person confirms (merge) or rejects them.
    Decisions survive reloads.  A merge cannot be undone.

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
@click.option(
    "--force",
    is_flag=True,
    help="Merge a pair that was never proposed as a candidate, or that was rejected.",
)
@json_option
@pass_state
def confirm_cmd(state: CliState, a: str, b: str, force: bool, as_json: bool) -> None:
    """A and B are the same entity: merge B into A (B's ids stay addressable).

    A and B may be any of their ids (a bare USCC too).  Only entities (Company,
    Person, Agency) of one type merge.  A pair that "match list" does not show as
    pending (never proposed, or rejected) is refused unless --force.  There is no
    undo: A then answers to every id of both and has every relationship and listing
    of both; prints both sides (ids, names, sources).

    \b
    Example:
      credgraph match confirm uscc:911100006188158771 ticker:000046.SZ
    """
    store = state.open(read_only=False)
    pair = pair_of(store, a, b)
    check_confirm(pair, force=force)
    survivor = confirm(store, pair.keep.id, pair.other.id, force=force)
    node = store.get(survivor)
    ids = list(node.all_ids) if node else [survivor]
    if as_json:
        echo_json({"decision": "confirmed", **pair.to_dict(), "kept": survivor,
                   "forced": force, "ids": ids})  # fmt: skip
        return
    click.echo(f"merged {pair.describe(pair.other)}")
    click.echo(f"  into {pair.describe(pair.keep)}")
    if pair.was != "pending":
        click.echo(f"  (the pair was {pair.was}; merged with --force)")
    click.echo(f"{survivor} now answers to: {', '.join(ids)}")


@match.command("reject")
@click.argument("a")
@click.argument("b")
@json_option
@pass_state
def reject_cmd(state: CliState, a: str, b: str, as_json: bool) -> None:
    """A and B are different entities: the pair is never proposed again.

    A later "match confirm" of the pair needs --force."""
    rel = reject(state.open(read_only=False), a, b)
    if as_json:
        echo_json({"decision": "rejected", "a": a, "b": b, "rel_id": rel})
    else:
        click.echo(f"rejected: {a} and {b} are different entities")


COMMANDS = [match]
