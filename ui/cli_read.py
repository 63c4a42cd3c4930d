"""Read commands: ``stats``, ``search``, ``show``."""

from __future__ import annotations

import click

from graph.id_hint import invalid_id_hint
from graph.model import NodeType
from graph.registers import scheme_of
from ui.access import redact_url
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state
from ui.cli_parse import parse_day
from ui.entity_profile import DEFAULT_REL_LIMIT, fact_sources, period, profile
from ui.facts import facts

_TYPE_NAMES = [t.value for t in NodeType]


@click.command()
@json_option
@pass_state
def stats(state: CliState, as_json: bool) -> None:
    """Count nodes and relationships by type.

    Entity-resolution candidates (pending "possibly same as" pairs) and rejections are
    stored as LINKED_TO but are not relationships between parties: they are counted
    apart, as match candidates.

    \b
    Example:
      credgraph stats --json
    """
    result = state.open().stats().to_dict()
    if as_json:
        echo_json({"store": redact_url(state.url), **result})
        return
    click.echo(f"store: {redact_url(state.url)}")
    for title, key, total in (
        ("nodes", "nodes", "total_nodes"),
        ("relationships", "relationships", "total_relationships"),
    ):
        click.echo(f"{title}:")
        rows = [(name, str(n)) for name, n in result[key].items()]
        echo_table([*rows, ("total", str(result[total]))], indent="  ")
    cands = result["match_candidates"]
    click.echo("match candidates:")
    echo_table([(k, str(v)) for k, v in cands.items()], indent="  ")


@click.command()
@click.argument("text")
@click.option(
    "--limit",
    "-n",
    default=20,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Most hits to return.",
)
@click.option(
    "--type",
    "-t",
    "types",
    multiple=True,
    type=click.Choice(_TYPE_NAMES, case_sensitive=False),
    help="Only entities of this type (repeatable).",
)
@json_option
@pass_state
def search(state: CliState, text: str, limit: int, types: tuple[str, ...], as_json: bool) -> None:
    """Find entities by name or identifier.

    TEXT is a Chinese or Latin name fragment (two-character Chinese names work),
    toneless pinyin, or an identifier (USCC, LEI, source id) matched exactly.  A
    bare register number is tried under each register whose numbers it fits (UK
    Companies House, Russian INN or OGRN, ...) and a stock code under its exchange;
    the hit says which alias matched.

    \b
    Examples:
      credgraph search 华为
      credgraph search huawei --type Company --limit 5 --json
    """
    wanted = [NodeType(_canonical_type(t)) for t in types] or None
    hits = state.open().search(text, limit=limit, types=wanted)
    hint = invalid_id_hint(text)
    if as_json:
        echo_json(
            [
                {
                    "id": h.id,
                    "type": h.type.value,
                    "name": h.name,
                    "matched": h.matched,
                    "how": h.how,
                    # Which identifier scheme answered (a bare number may fit several).
                    "scheme": scheme_of(h.matched) if h.how == "id" else None,
                    "score": h.score,
                }
                for h in hits
            ]
        )
    else:
        echo_table([(h.id, h.type.value, h.name, f"({h.how}: {h.matched})") for h in hits])
    if hint is not None:
        click.echo(f"note: {hint.reason}", err=True)
    if not hits and not as_json:
        click.echo(f"no entity matches {text!r}", err=True)


def _canonical_type(name: str) -> str:
    return next(t for t in _TYPE_NAMES if t.lower() == name.lower())


@click.command()
@click.argument("entity_id", metavar="ID")
@click.option(
    "--limit",
    "-n",
    default=DEFAULT_REL_LIMIT,
    show_default=True,
    type=click.IntRange(0, 100_000),
    help="Most relationships to list.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    default=None,
    help="Tell listings' status on this date, exactly YYYY-MM-DD (default: today): ended, "
    "starts, active. "
    "Every relationship is listed whatever its dates.",
)
@json_option
@pass_state
def show(state: CliState, entity_id: str, limit: int, as_of: str | None, as_json: bool) -> None:
    """Show one entity by any of its ids.

    ID may be the canonical id or any alias the entity had in a source: a USCC
    (uscc:91440300192185379H), an LEI (lei:...), an FtM id.  Prints identifiers,
    names, properties with their sources, provenance, and relationships grouped
    by type with the other party's name; an identifier that another entity answers
    to or carries too says which ("also the id of ...; see credgraph match list",
    "shared_ids" in --json).  A listing's status is told from its dates on --as-of
    ("ended 2024-10-30" once past its end), followed by the status its source
    recorded when that differs.  With --json, "facts" lists every name, identifier,
    property and relationship with the sources it came from, and each listing has
    "listing_status".  Exit status 2 when no entity has ID or the date is malformed.

    \b
    Example:
      credgraph show uscc:91440300192185379H --json
    """
    day = parse_day(as_of)
    prof = profile(state.open(), entity_id, limit=limit, status_on=day)
    if as_json:
        echo_json({**prof.to_dict(), "facts": facts(prof)})
        return
    node = prof.node
    click.echo(f"{node.name}  [{node.type.value}]")
    click.echo(f"id: {node.id}")
    if len(node.all_ids) > 1 or prof.shared:
        click.echo(
            "identifiers: "
            + ", ".join(f"{i} ({n})" if (n := prof.id_note(i)) else i for i in node.all_ids)
        )
    if len(node.all_names) > 1:
        click.echo("names: " + " | ".join(node.all_names))
    span = period(node.valid_from, node.valid_to)
    if span:
        click.echo(f"valid: {span}")
    sources = fact_sources(node)
    if sources:
        click.echo("properties:")
        echo_table(
            [(k, _text(node.props[k]), f"[{', '.join(v)}]") for k, v in sources.items()],
            indent="  ",
        )
    if node.provenance:
        click.echo("provenance:")
        echo_table(
            [
                (
                    p.source,
                    p.record_id,
                    period(p.first_seen, p.last_seen).replace("..", " to ") or "-",
                )
                for p in node.provenance
            ],
            indent="  ",
        )
    click.echo(f"relationships ({prof.shown} of {prof.total}; listings as of {day.isoformat()}):")
    for rel_type, rows in prof.groups.items():
        click.echo(f"  {rel_type} ({len(rows)})")
        echo_table(
            [
                (
                    "->" if r.direction == "out" else "<-",
                    r.other_name,
                    r.other_id,
                    r.detail,
                    f"[{', '.join(sorted({p.source for p in r.rel.provenance}))}]",
                )
                for r in rows
            ],
            indent="    ",
        )


def _text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


COMMANDS = [stats, search, show]
