"""Risk commands: ``exposure``, ``regime``, ``owners``, ``subsidiaries`` (``path`` is in
``ui.cli_path``, ``screen`` in ``ui.cli_screen``, option parsing in ``ui.cli_parse``).

The logic lives in ``graph.risk``; these commands parse options, open the store
and print either JSON (``--json``) or a readable text report.
"""

from __future__ import annotations

import textwrap
from typing import Any

import click

from graph.risk.exposure import exposure as run_exposure
from graph.risk.other_lists import redlist_text, summary_text
from graph.risk.ownership import owners as run_owners
from graph.risk.ownership import subsidiaries as run_subsidiaries
from graph.risk.regime_report import regime_report
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state

# Where the screen command and older code import them from.
from ui.cli_parse import as_of_option as as_of_option
from ui.cli_parse import parse_day as parse_day
from ui.cli_parse import parse_threshold as parse_threshold

WIDTH = 100


def _wrap(text: str, indent: str) -> None:
    click.echo(textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent))


# -- exposure -----------------------------------------------------------------


@click.command()
@click.argument("entity_id", metavar="ID")
@as_of_option
@click.option("--no-heuristics", is_flag=True, help="Only legal findings, no red flags.")
@json_option
@pass_state
def exposure(
    state: CliState, entity_id: str, as_of: str | None, no_heuristics: bool, as_json: bool
) -> None:
    """China joint-punishment and sanctions (OFAC, BIS, EU, UK) exposure of one entity.

    ID may be any id of the entity (USCC, LEI, FtM id, ...).  Every finding has its
    regime, rule, basis (legal or heuristic), status, lists, share, paths, measures
    and an explanation.  Listings on lists of other regimes (Swiss SECO, Japan, ...)
    are findings about the entity itself, shown as "also listed on"; no ownership
    rule of theirs is modelled.  When ID is also an id of other entities (resolution
    kept them apart), a note names them with their statuses ("ambiguous_id").  Exit status 2 for an unknown ID or a bad date.

    \b
    Examples:
      credgraph exposure 91440300192185379H
      credgraph exposure ftm:NK-abc --as-of 2024-03-10 --json
    """
    day = parse_day(as_of)
    rep = run_exposure(state.open(), entity_id, day, heuristics=not no_heuristics)
    if as_json:
        echo_json(rep.to_dict())
        return
    e = rep.entity
    click.echo(f"{e['name']}  [{e['type']}]  {e['id']}")
    click.echo(f"as of {rep.as_of.isoformat()}")
    click.echo("status: " + "  ".join(f"{k}={v}" for k, v in rep.statuses().items()))
    if rep.ambiguous:
        _wrap("note: " + rep.ambiguous["note"], "")
        for o in rep.ambiguous["others"]:
            st = "  ".join(f"{k}={v}" for k, v in o["statuses"].items())
            _wrap(f"{o['id']} ({o['name']}): {st}", "  ")
    others = rep.other_lists()
    if others:
        _wrap("also listed on: " + summary_text(others), "")
    if rep.redlists:
        _wrap(
            "redlists (positive credit information, not a restriction): "
            + redlist_text(rep.redlists),
            "",
        )
    for x in rep.incomplete:
        # On stderr as well as in --json's summary: findings may be missing.
        click.echo(f"note: {x['note']}", err=True)
    if not rep.findings:
        click.echo("no findings in what was read" if rep.incomplete else "no findings")
        return
    click.echo(f"findings ({len(rep.legal)} legal, {len(rep.heuristic)} heuristic):")
    for i, f in enumerate(rep.findings, 1):
        # A possible-ownership flag carries the upper bound of recorded ranges only.
        upto = "up to " if f.rule.endswith(".possible_owned") else ""
        share = f"  share {upto}{f.share} " if f.share is not None else ""
        undated = "  (undated listing)" if f.undated_listing else ""
        click.echo(f"{i:>3}. [{f.basis}] {f.regime} {f.status}  rule {f.rule}{share}{undated}")
        _wrap(f.explanation, "     ")
        for m in f.measures:
            _wrap(f"- measure {m.id}: {m.name_en} ({m.legal_basis})", "     ")


# -- regime -------------------------------------------------------------------


@click.command()
@click.argument("name", metavar="NAME")
@as_of_option
@click.option("--no-heuristics", is_flag=True, help="Leave out the red flags.")
@json_option
@pass_state
def regime(
    state: CliState, name: str, as_of: str | None, no_heuristics: bool, as_json: bool
) -> None:
    """Every entity listed, owned or controlled under one regime (ofac, bis, eu, uk).

    \b
    Examples:
      credgraph regime ofac
      credgraph regime eu --as-of 2024-07-02 --json
    """
    day = parse_day(as_of)
    rep = regime_report(state.open(), name, day, heuristics=not no_heuristics)
    if as_json:
        echo_json(rep)
        return
    rule = rep["rule"]
    click.echo(f"regime {rep['regime']} as of {rep['as_of']}")
    if rule:
        op = ">=" if rule["inclusive"] else ">"
        click.echo(f"rule: {op} {rule['threshold']} ({rule['mode']}): {rule['document']}")
        if rule.get("caveat"):
            click.echo(f"caveat: {rule['caveat']}")
    click.echo("counts: " + "  ".join(f"{k}={v}" for k, v in rep["counts"].items()))
    for title, key in (("restricted", "entities"), ("red flags", "red_flags")):
        if rep[key]:
            click.echo(f"{title}:")
            echo_table(
                [
                    (
                        e["status"],
                        ("up to " if e["rule"].endswith(".possible_owned") else "")
                        + (e["aggregate_percent"] or ""),
                        e["id"],
                        e["name"],
                        "(undated listing)" if e["undated_listing"] else "",
                    )
                    for e in rep[key]
                ],
                indent="  ",
            )


# -- owners / subsidiaries ------------------------------------------------------

BASIS_NOTES = {"range": "range", "unknown": "unknown share"}


def lookthrough_text(h: dict[str, Any]) -> str:
    """A look-through share as the text report shows it: a point, or ``lo-hi%``.

    >>> lookthrough_text({"share_percent": "51%", "share_hi_percent": None})
    '51%'
    >>> lookthrough_text({"share_percent": "0%", "share_hi_percent": "100%"})
    '0-100%'
    """
    hi = h.get("share_hi_percent")
    return f"{h['share_percent'][:-1]}-{hi}" if hi else str(h["share_percent"])


def _ownership(state: CliState, entity_id: str, threshold: str | None, as_of: str | None,
               as_json: bool, up: bool) -> None:  # fmt: skip
    day = parse_day(as_of)
    store = state.open()
    if up:
        rep = run_owners(
            store, entity_id, parse_threshold("25%" if threshold is None else threshold), day
        )
    else:
        rep = run_subsidiaries(
            store, entity_id, parse_threshold("0" if threshold is None else threshold), day
        )
    data = rep.to_dict()
    if as_json:
        echo_json(data)
        return
    e = data["entity"]
    key = data["direction"]
    click.echo(f"{e['name']}  [{e['type']}]  {e['id']}")
    click.echo(
        f"{key} as of {data['as_of']} at look-through share >= {data['threshold_percent']} "
        "(a metric, not a legal test)"
    )
    if not data[key]:
        click.echo(f"no {key} at or above the threshold")
    rows = [
        (
            lookthrough_text(h),
            f"direct {h['direct_percent']}" if h["direct_percent"] else "indirect",
            BASIS_NOTES.get(h["share_basis"], ""),
            "ultimate" if h["ultimate"] else "",
            h["id"],
            h["name"],
        )
        for h in data[key]
    ]
    echo_table(rows, indent="  ")
    if any(h["share_basis"] != "exact" for h in data[key]):
        click.echo(
            "lo-hi%: the look-through share is an interval: it rests on a recorded band "
            "(range) or on a stake recorded without a share (unknown share, counted as 0-100%)"
        )
    if data["degenerate"]:
        click.echo("fully cross-held (no solution): " + ", ".join(data["degenerate"]), err=True)
    for x in data["incomplete"]:
        click.echo(f"note: {x['note']}", err=True)


@click.command()
@click.argument("entity_id", metavar="ID")
@click.option(
    "--threshold",
    "-t",
    default=None,
    metavar="T",
    help="Smallest look-through share to list: 25%, 0.25 or 1/4 (default 25%).",
)
@as_of_option
@json_option
@pass_state
def owners(
    state: CliState, entity_id: str, threshold: str | None, as_of: str | None, as_json: bool
) -> None:
    """Owners of ID by integrated (look-through) ownership, with paths.

    share is the look-through fraction in [0, 1] (decimal string; with share_hi an
    interval when it rests on a band or an unknown share, share_basis says which),
    direct_share the direct share as recorded (exact, a band with its ends, or
    unknown), ultimate whether no one holds over 50% of that owner.

    \b
    Example:
      credgraph owners 91440300192185379H --threshold 10% --json
    """
    _ownership(state, entity_id, threshold, as_of, as_json, up=True)


@click.command()
@click.argument("entity_id", metavar="ID")
@click.option(
    "--threshold",
    "-t",
    default=None,
    metavar="T",
    help="Smallest look-through share to list: 25%, 0.25 or 1/4 (default: all).",
)
@as_of_option
@json_option
@pass_state
def subsidiaries(
    state: CliState, entity_id: str, threshold: str | None, as_of: str | None, as_json: bool
) -> None:
    """Entities ID owns directly or through others, by look-through share.

    \b
    Example:
      credgraph subsidiaries uscc:914403001922038216 --json
    """
    _ownership(state, entity_id, threshold, as_of, as_json, up=False)


COMMANDS = [exposure, regime, owners, subsidiaries]
