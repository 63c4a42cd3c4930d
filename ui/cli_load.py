"""``credgraph load``: read source files into the store and report what happened."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import click

from graph.errors import InvalidInput, LoadRefused, UnreadableInput
from graph.risk.exposure import SANCTIONS
from loaders.delisting import DEFAULT_MAX_ENDED
from loaders.formats import FORMATS, check_options
from loaders.pipeline import load as run_load
from loaders.regimes import regime_override
from loaders.report import LoadReport
from ui.cli_common import CliState, echo_json, json_option, pass_state
from ui.cli_parse import check_output, parse_day


def _progress_to(stream_is_tty: bool) -> Callable[[str, int], None] | None:
    if not stream_is_tty:
        return None

    def show(phase: str, count: int) -> None:
        # One rewritten line on the terminal; "done" ends it so the report starts clean.
        click.echo(f"\r{phase}: {count:,} records", err=True, nl=phase == "done")

    return show


@click.command("load")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument(
    "paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--source",
    default=None,
    help="Provenance source name (default: the format's dataset; a bundle: bundle:<folder>).",
)
@click.option(
    "--regime", default=None, help="ftm only: regime for every Sanction (ofac, eu, uk, bis, ...)."
)
@click.option(
    "--quarantine",
    "quarantine",
    type=click.Path(path_type=Path),
    default=None,
    help="JSON lines file for records that could not be loaded "
    "(default: ./credgraph-quarantine-FORMAT.jsonl, written only when there are any). "
    "Its folder must exist; a file that cannot be written is refused before the load.",
)
@click.option("--strict", is_flag=True, help="Load nothing if any record would be skipped.")
@click.option(
    "--complete",
    is_flag=True,
    help="The files are the complete list(s) as published: listings this source wrote "
    "earlier on the same lists that these files no longer have end on --published.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    default=None,
    help="With --complete: the day the list was published, exactly YYYY-MM-DD (default today).",
)
@click.option(
    "--max-ended",
    type=click.FloatRange(0, 100),
    default=None,
    help="With --complete: the most a complete edition may end, in percent of this "
    "source's open listings on its lists (default 10; up to 10 listings always may).",
)
@json_option
@pass_state
def load(
    state: CliState,
    fmt: str,
    paths: tuple[Path, ...],
    source: str | None,
    regime: str | None,
    quarantine: Path | None,
    strict: bool,
    complete: bool,
    published: str | None,
    max_ended: float | None,
    as_json: bool,
) -> None:
    """Load PATH... of FORMAT into the store.

    \b
    Formats:
    """
    if (published is not None or max_ended is not None) and not complete:
        raise click.UsageError("--published and --max-ended need --complete")
    published_day = parse_day(published, "--published") if published is not None else None
    if regime is not None:
        check_options(FORMATS[fmt], {"regime": regime})
        regime = regime_override(regime)
        if regime not in SANCTIONS:
            click.echo(
                f"note: --regime {regime}: credgraph has no ownership rule or status for it; "
                "its listings show as other lists (ofac, bis, eu and uk have statuses)",
                err=True,
            )
    if quarantine is not None:
        check_output(quarantine, "--quarantine")
    else:
        # The default file too: found unwritable only once a record is skipped, it
        # stopped a load half-way.
        try:
            check_output(Path(f"credgraph-quarantine-{fmt}.jsonl"), "quarantine file")
        except InvalidInput as exc:
            raise InvalidInput(
                f"{exc.message} (the default, in the current folder; name another with "
                "--quarantine FILE)",
                **exc.data,
            ) from exc
    store = state.open(read_only=False)
    progress = _progress_to(sys.stderr.isatty())
    try:
        report = run_load(
            store,
            fmt,
            paths,
            source=source,
            progress=progress,
            quarantine_path=quarantine or Path(f"credgraph-quarantine-{fmt}.jsonl"),
            strict=strict,
            regime=regime,
            complete=(published_day or date.today()) if complete else None,
            max_ended=(DEFAULT_MAX_ENDED if max_ended is None else Fraction(str(max_ended)) / 100),
        )
    except UnreadableInput as exc:
        # The records read before the file became unreadable are written: show them as
        # any load's report; the error line (and JSON error, with the report) follows.
        stopped = exc.data.get("report")
        if isinstance(stopped, LoadReport) and not stopped.dry_run and not as_json:
            click.echo(stopped.as_text())
        raise
    refused = None
    if report.delist_refused is not None:
        # The records are loaded; ending the listings the edition lacks is what failed.
        refused = f"--complete: {report.delist_refused}"
    elif report.from_files == 0:
        # The lists and agencies a reader adds beside its listings do not count: a file
        # with no record of its own kind loaded nothing.
        refused = (
            f"nothing could be loaded from {', '.join(map(str, paths))}: "
            f"no {fmt} record in it could be used"
        )
    if refused is not None:
        # With --json the error object carries the report: one JSON document on stdout.
        if not as_json:
            click.echo(report.as_text())
        raise LoadRefused(refused, report=report)
    if as_json:
        echo_json(report.to_dict())
    else:
        click.echo(report.as_text())


load.help = (
    # rstrip: the docstring's last line is indentation, which would shift the first format.
    (load.help or "").rstrip(" ")
    + "".join(f"      {name:<12} {f.help}\n" for name, f in sorted(FORMATS.items()))
    + "\n    Exit status 0 when a record of the files was loaded, 1 when none could be (the"
    + "\n    list and agency a reader adds beside its listings do not count), 2 for bad input,"
    + "\n    among it a file that cannot be read to its end (what was read before is written,"
    + "\n    and the error counts it)."
    + "\n\n    \b\n    Examples:\n"
    + "      credgraph load ofac-sdn sdn.csv\n"
    + "      credgraph load cn-registry 北京.csv 上海.csv --json\n"
    + "      credgraph load ftm entities.ftm.json --regime eu --quarantine bad.jsonl\n"
    + "      credgraph load bundle ./my-bundle --strict\n"
    + "      credgraph load ofac-sdn sdn.csv --complete --published 2026-03-02\n"
)

COMMANDS = [load]
