"""``credgraph uscc``: validate Unified Social Credit Codes, no store needed."""

from __future__ import annotations

import click

from graph.uscc import validate_uscc
from ui.cli_common import echo_json, echo_table, json_option


@click.command()
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@json_option
@click.pass_context
def uscc(ctx: click.Context, codes: tuple[str, ...], as_json: bool) -> None:
    """Validate USCCs (GB 32100-2015) and say exactly why one is invalid.

    Each CODE is normalised first (spaces and hyphens dropped, full-width
    characters made half-width, upper-cased).  Exit status 1 if any code is
    invalid.  A failed embedded organisation-code check (GB 11714) is reported
    as a warning on a valid code.

    \b
    Example:
      credgraph uscc 91440300192185379H 91440300192185379J
    """
    checks = [validate_uscc(c) for c in codes]
    if as_json:
        echo_json([c.to_dict() for c in checks])
    else:
        rows = []
        for c in checks:
            if c.valid:
                verdict = "valid" if c.issue is None else f"valid, warning {c.issue}: {c.message}"
            else:
                verdict = f"INVALID {c.issue}: {c.message}"
            rows.append((c.code or repr(c.input), verdict))
        echo_table(rows)
    if not all(c.valid for c in checks):
        ctx.exit(1)


COMMANDS = [uscc]
