"""``credgraph template``: write an empty bundle to fill in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from graph.errors import InvalidInput
from loaders.bundle import FILES
from loaders.bundle import template as write_template
from ui.cli_common import echo_json, json_option


@click.command("template")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite bundle files that already exist.")
@json_option
def template(folder: Path, force: bool, as_json: bool) -> None:
    """Write an empty bundle into DIR: entities.csv, relationships.csv and
    listings.csv, each with its header and one example row (docs/BUNDLE.md).

    DIR is created when missing, in a folder that exists (no other folder is
    created).  Refuses to overwrite existing files unless --force, and a DIR that
    cannot be written; exit status 2 then.

    \b
    Examples:
      credgraph template ./my-bundle
      credgraph load bundle ./my-bundle
    """
    parent = folder.resolve().parent
    if not folder.is_dir() and not parent.is_dir():
        raise InvalidInput(
            f"cannot write {folder}: folder {str(parent)!r} does not exist; create it first",
            path=str(folder),
        )
    existing = sorted(str(folder / n) for n in FILES if (folder / n).exists())
    if existing and not force:
        raise InvalidInput(
            f"{', '.join(existing)} already exist(s); use --force to overwrite",
            existing=existing,
        )
    try:
        written = write_template(folder)
    except OSError as exc:  # a read-only folder, a file where a folder should be, ...
        where = exc.filename or folder
        raise InvalidInput(f"cannot write {where}: {exc.strerror or exc}", path=str(where)) from exc
    if as_json:
        echo_json({"folder": str(folder), "written": [str(p) for p in written]})
        return
    for p in written:
        click.echo(f"wrote {p}")
    click.echo(f"fill them in, then: credgraph load bundle {folder}")


COMMANDS = [template]
