"""Risk commands: ``exposure``, ``regime``, ``owners``, ``subsidiaries``, ``path``
(``screen`` is in ``ui.cli_screen``).

The logic lives in ``graph.risk``; these commands parse options, open the store
and print either JSON (``--json``) or a readable text report.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import click

from graph.errors import InvalidInput
from graph.model import POSSIBLY_SAME_AS, RelType
from graph.risk.exposure import exposure as run_exposure
from graph.risk.other_lists import redlist_text, summary_text
from graph.risk.ownership import owners as run_owners
from graph.risk.ownership import subsidiaries as run_subsidiaries
from graph.risk.paths import path_report
from graph.risk.regime_report import regime_report
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state

WIDTH = 100


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str | None, option: str = "--as-of") -> date:
    """Exactly ``YYYY-MM-DD``; ``None`` (the option not given) is today.  Anything else,
    an empty string included, is ``InvalidInput`` (exit status 2): Python's ISO reader
    would also take ``20250101`` and week dates (``2025-W01-1`` is 2024-12-30), which
    no one means as a day.

    >>> parse_day("2025-01-01")
    datetime.date(2025, 1, 1)
    >>> parse_day("2025-W01-1")
    Traceback (most recent call last):
    graph.errors.InvalidInput: --as-of must be a date as YYYY-MM-DD, not '2025-W01-1'
    """
    if text is None:
        return date.today()
    bad = InvalidInput(
        f"{option} must be a date as YYYY-MM-DD, not {text!r}",
        option=option.lstrip("-").replace("-", "_"),
        value=text,
    )
    if not _DAY.fullmatch(text):
        raise bad
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise bad from exc


# A share is at most 100%: a number written with more integer digits than this, or an
# exponent past these bounds, is refused before any exact arithmetic on it (a Fraction
# of 1e99999999 takes minutes to build).  Twenty decimal places are beyond any share a
# register records.
_MAX_INT_DIGITS = 3
_MAX_PLACES = 20
_SLASH = re.compile(r"\s*([0-9]{1,30})\s*/\s*([0-9]{1,30})\s*")


def parse_threshold(text: str) -> Fraction:
    """A share in [0, 1]: ``25%``, ``1/4``, ``0.25``, or a bare number above 1 read as
    percent.  Empty, infinite, NaN and out-of-range values are ``InvalidInput``, told
    at once however many digits or how large an exponent they have.

    >>> parse_threshold("25%"), parse_threshold("1/4"), parse_threshold("25")
    (Fraction(1, 4), Fraction(1, 4), Fraction(1, 4))
    """
    raw = text.strip()
    form = InvalidInput(
        f"--threshold must be a share such as 25%, 0.25 or 1/4, not {text!r}", value=text
    )
    out_of_range = InvalidInput(
        f"--threshold must be between 0% and 100%, not {text!r}", value=text
    )
    if "/" in raw:
        m = _SLASH.fullmatch(raw)
        if m is None:
            raise form
        num, den = int(m[1]), int(m[2])
        if den == 0:
            raise form
        if num > den:
            raise out_of_range
        return Fraction(num, den)
    percent = raw.endswith("%")
    number = raw[:-1].strip() if percent else raw
    try:
        dec = Decimal(number)
    except InvalidOperation as exc:
        raise form from exc
    if not dec.is_finite():
        raise form
    if dec.is_zero():
        return Fraction(0)
    if dec < 0 or dec.adjusted() >= _MAX_INT_DIGITS:
        raise out_of_range
    if dec.as_tuple().exponent < -_MAX_PLACES:  # type: ignore[operator]
        raise InvalidInput(
            f"--threshold has more than {_MAX_PLACES} decimal places: {text!r}", value=text
        )
    value = Fraction(dec)
    if percent or value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise out_of_range
    return value


def as_of_option(f: Any) -> Any:
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        default=None,
        help="Evaluate on this date (default: today). Listings and relationships outside "
        "their validity on that date do not count.",
    )(f)


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
    if rep.subgraph.get("truncated"):
        click.echo(f"note: ownership search truncated ({rep.subgraph['truncated']})", err=True)
    if not rep.findings:
        click.echo("no findings")
        return
    click.echo(f"findings ({len(rep.legal)} legal, {len(rep.heuristic)} heuristic):")
    for i, f in enumerate(rep.findings, 1):
        share = f"  share {f.share} " if f.share is not None else ""
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
                        e["aggregate_percent"] or "",
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
@click.option("--max-hops", default=4, show_default=True, type=int, help="Longest path (1-10).")
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
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
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
    measure, and not an unconfirmed entity-resolution candidate.

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
            left, right = p["nodes"][k], p["nodes"][k + 1]
            arrow = "->" if e["direction"] == "forward" else "<-"
            share = e["share_text"] or ("share unknown" if e["type"] == "OWNS" else None)
            bits = [x for x in (e["role"], share, _link_kind(e)) if x]
            span = f"{e['start'] or '...'}..{e['end'] or ''}" if e["start"] or e["end"] else ""
            src = ", ".join(sorted({pv["source"] for pv in e["provenance"]}))
            click.echo(
                f"  {left['name']} {arrow}[{e['type']}{' ' + ' '.join(bits) if bits else ''}]"
                f"{arrow} {right['name']}"
                + (f"  {span}" if span else "")
                + (f"  [{src}]" if src else "")
            )


COMMANDS = [exposure, regime, owners, subsidiaries, path]
