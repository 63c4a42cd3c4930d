"""``credgraph screen``: match a counterparty list to entities, then their exposure.

The matching and the file formats live in ``graph.risk.screening`` and
``graph.risk.screen_files``; this command parses options and prints.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graph.errors import InvalidInput
from graph.risk.screen_files import read_table, write_table
from graph.risk.screening import OUTPUT_COLUMNS
from graph.risk.screening import screen as run_screen
from ui.cli_common import CliState, echo_json, echo_table, json_option, pass_state
from ui.cli_parse import check_output
from ui.cli_risk import as_of_option, parse_day


def _tty() -> bool:
    return sys.stderr.isatty()


def progress_line(tty: bool, every: float = 0.2) -> Callable[[int, int], None] | None:
    """A live ``screened N of M rows`` line on a terminal (stderr), at most every
    ``every`` seconds and at the end; nothing when stderr is not a terminal."""
    if not tty:
        return None
    last = -every

    def show(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= every:
            last = now
            click.echo(f"\rscreened {done:,} of {total:,} rows", err=True, nl=done >= total)

    return show


def _flags(record: dict[str, Any]) -> str:
    """The regimes a row is exposed under, then the unmodelled lists it is on."""
    text = " ".join(
        f"{k[7:]}={v}"
        for k, v in record.items()
        if k.startswith("status_") and v not in ("none", "")
    )
    other = record.get("other_lists")
    if other:
        text = f"{text}  also listed on: {other}" if text else f"also listed on: {other}"
    red = record.get("redlists")
    if red:
        text = f"{text}  redlists: {red}" if text else f"redlists: {red}"
    return text


@click.command()
@click.argument("file", metavar="FILE", type=click.Path(path_type=Path))
@as_of_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the results to this .csv or .xlsx file.",
)
@click.option("--no-heuristics", is_flag=True, help="Count and show legal findings only.")
@json_option
@pass_state
def screen(
    state: CliState,
    file: Path,
    as_of: str | None,
    out: Path | None,
    no_heuristics: bool,
    as_json: bool,
) -> None:
    """Screen a counterparty list (CSV or XLSX): match each row, then its exposure.

    Columns are found by header: name (名称, 企业名称, company, ...), uscc
    (统一社会信用代码), lei, id.  Rows match by USCC (validated), LEI, id, then name;
    a company name column matches companies only.  Name matches scoring below 0.9
    are flagged weak and ties ambiguous (match_flags, and on each line here).

    \b
    Examples:
      credgraph screen counterparties.csv --out results.xlsx
      credgraph screen 客户名单.xlsx --as-of 2025-06-30 --json
    """
    day = parse_day(as_of)
    if out is not None:
        if out.exists() and file.exists() and out.resolve() == file.resolve():
            raise InvalidInput(
                f"--out {out}: it is the list being screened; the results would replace it",
                path=str(out),
            )
        check_output(out, "--out")  # before screening: minutes on a long list
    headers, rows = read_table(file)
    if not headers:
        raise InvalidInput(f"{file}: no header row", path=str(file))
    results = run_screen(
        state.open(), headers, rows, day, heuristics=not no_heuristics,
        progress=progress_line(_tty()),
    )  # fmt: skip
    records = [r.to_dict() for r in results]
    if out is not None:
        write_table(out, OUTPUT_COLUMNS, records)
    if as_json:
        echo_json({"file": str(file), "as_of": day.isoformat(), "out": str(out) if out else None,
                   "rows": records})  # fmt: skip
        return
    matched = sum(1 for r in results if r.match.entity_id)
    click.echo(f"{len(results)} rows, {matched} matched, as of {day.isoformat()}")
    echo_table(
        [
            (
                str(r["row"]),
                r["match_method"],
                f"{r['match_score']:.2f}",
                r["match_flags"],
                r["matched_id"] or "-",
                r["matched_name"] or r["input"],
                _flags(r),
            )
            for r in records
        ],
        indent="  ",
    )
    if out is not None:
        click.echo(f"written: {out}", err=True)


COMMANDS = [screen]
