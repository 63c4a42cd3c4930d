"""``credgraph``: the command line.

The group holds the store option and the one error boundary; commands live in
``ui/cli_*.py`` modules, each exporting ``COMMANDS``.  A later command module is
added by naming it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import errno
import importlib
import json
import logging
from typing import IO, Any

import click
from click.exceptions import NoArgsIsHelpError

from graph.errors import CredgraphError
from ui.access import redact
from ui.cli_common import JSON_META_KEY, CliState

COMMAND_MODULES: tuple[str, ...] = (
    "ui.cli_read",
    "ui.cli_uscc",
    "ui.cli_serve",
    "ui.cli_load",
    "ui.cli_template",
    "ui.cli_risk",
    "ui.cli_path",
    "ui.cli_screen",
    "ui.cli_match",
)


def _plain(value: object) -> object:
    """What JSON makes of an error's data: an object's own ``to_dict``, else its text."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else str(value)


class CommandLineError(click.ClickException):
    """A click error (a bad option value, an unknown command, a missing argument) told
    the way credgraph tells every error: at most a usage line, then one ``error:`` line.

    Click's own form (a Usage block, "Try ... for help.", a blank line and ``Error:``)
    would be the only error output that does not start with ``error:``."""

    def __init__(self, exc: click.ClickException) -> None:
        super().__init__(exc.format_message())
        self.exit_code = exc.exit_code
        ctx = exc.ctx if isinstance(exc, click.UsageError) else None
        self.usage = ""
        if ctx is not None:
            self.usage = f"{ctx.get_usage()}  ({ctx.command_path} --help for more)"

    def show(self, file: IO[Any] | None = None) -> None:
        if self.usage:
            click.echo(self.usage, err=True)
        click.echo(f"error: {redact(self.message)}", err=True)


class CredgraphGroup(click.Group):
    """A group that turns every ``CredgraphError`` and click usage error into one
    ``error:`` line and an exit status."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # The group's own options and a missing command fail here, before ``invoke``.
        try:
            return super().make_context(info_name, args, parent, **extra)
        except NoArgsIsHelpError:
            raise  # ``credgraph`` alone prints the help
        except click.ClickException as exc:
            raise CommandLineError(exc) from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CredgraphError as exc:
            # A store URL in a message may carry a password: masked here, once for all.
            click.echo(f"error: {redact(exc.message)}", err=True)
            if ctx.meta.get(JSON_META_KEY):
                data = json.dumps(exc.to_dict(), ensure_ascii=False, default=_plain)
                click.echo(redact(data))
            ctx.exit(exc.exit_code)
        except (CommandLineError, NoArgsIsHelpError):
            raise
        except click.ClickException as exc:
            if ctx.meta.get(JSON_META_KEY):
                # A bad option value or argument after --json was read: the JSON error
                # too, as for every other error (the usage and error lines go to stderr).
                data = {"error": "UsageError", "message": exc.format_message()}
                click.echo(redact(json.dumps(data, ensure_ascii=False)))
            raise CommandLineError(exc) from exc
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # click quiets a closed pipe (``credgraph ... | head``) itself
            # The last net under the commands' own checks: a file or folder the system
            # refused is the user's environment, not a bug to show as a traceback.
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"error: {redact(exc.strerror or str(exc))}{where}", err=True)
            ctx.exit(1)


@click.group(cls=CredgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_option",
    metavar="URL",
    default=None,
    help="Store URL: sqlite:///path/to/graph.db or neo4j://host:7687. "
    "Default: $CREDGRAPH_STORE, else sqlite:///./credgraph.db.",
)
@click.version_option(package_name="credgraph", message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context, store_option: str | None) -> None:
    """Explore Chinese social-credit blacklists and sanctions ownership as a graph.

    \b
    Examples:
      credgraph demo                      build the demo graph and open the explorer
      credgraph search 华为 --json
      credgraph show uscc:91440300192185379H
      credgraph uscc 91440300192185379H 91440300192185379J
    """
    # The Neo4j driver logs connection failures itself; the boundary reports them once.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)
    ctx.obj = CliState(store_option=store_option)


def _register() -> None:
    for name in COMMAND_MODULES:
        for command in importlib.import_module(name).COMMANDS:
            main.add_command(command)


_register()


if __name__ == "__main__":
    main(prog_name="credgraph")
