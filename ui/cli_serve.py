"""``credgraph ui`` and ``credgraph demo``: start the explorer, build the demo graph."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import click

from graph.errors import InvalidInput
from graph.store import open_store
from graph.store.sqlite_schema import path_of_url
from ui.access import READ_ONLY_ENV, redact, shared_password
from ui.access import read_only as access_read_only
from ui.cli_common import CliState, pass_state

APP_PATH = Path(__file__).resolve().with_name("app.py")
# graph.synth.MIN_COMPANIES, which the option's range shows; not imported, so that the
# generator loads only for `demo` (a test checks that the two agree).
MIN_COMPANIES = 100
DEFAULT_COMPANIES = 3000
DEFAULT_SEED = 20261121

# Streamlit reads .streamlit/config.toml only from the working directory, so the
# offline and quiet settings are passed as flags wherever credgraph is started.
STREAMLIT_FLAGS: tuple[str, ...] = (
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    "--client.toolbarMode", "minimal",
)  # fmt: skip


def streamlit_argv(host: str, port: int) -> list[str]:
    """The command that serves ``ui/app.py`` on ``host:port``."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        *STREAMLIT_FLAGS,
        "--server.address", host,
        "--server.port", str(port),
    ]  # fmt: skip


# Replaced in tests, which check the command without starting a server.
Runner = Callable[[list[str], dict[str, str]], int]


def _run(argv: list[str], env: dict[str, str]) -> int:
    proc = subprocess.Popen(argv, env=env)

    def stop(_signum: int, _frame: object) -> None:
        # A service manager stops us with SIGTERM; the server must not outlive us.
        proc.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        status = proc.wait()
    except KeyboardInterrupt:  # the terminal sent SIGINT to the server as well
        proc.terminate()
        status = proc.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
    # Stopped by a signal is a normal way to end a server, not a failure.
    return 0 if status < 0 else status


runner: Runner = _run


def serve(url: str, host: str, port: int, *, read_only: bool = False) -> int:
    """Run the Streamlit app on the store at ``url`` until it stops; its exit status."""
    env = {**os.environ, "CREDGRAPH_STORE": url}
    if read_only:
        env[READ_ONLY_ENV] = "1"
    mode = ", read-only" if read_only or access_read_only(env) else ""
    locked = ", password required" if shared_password(env) else ""
    click.echo(
        f"credgraph explorer on http://{host}:{port} (store {redact(url)}{mode}{locked}); "
        "Ctrl-C stops it",
        err=True,
    )
    return runner(streamlit_argv(host, port), env)


host_option = click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 for every interface).",
)
port_option = click.option(
    "--port",
    default=8501,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)


@click.command("ui")
@host_option
@port_option
@click.option(
    "--read-only",
    is_flag=True,
    help="Open the store read-only and offer no action that writes (also CREDGRAPH_READ_ONLY=1).",
)
@pass_state
@click.pass_context
def ui_command(ctx: click.Context, state: CliState, host: str, port: int, read_only: bool) -> None:
    """Start the Streamlit explorer on the store.

    The store is checked first, so a wrong URL fails here with a message
    rather than in the browser.  No telemetry, no CDN: it works offline.
    With CREDGRAPH_UI_PASSWORD set, every page first asks for that password.

    \b
    Example:
      credgraph --store sqlite:///data/graph.db ui --port 8502 --read-only
    """
    open_store(state.url, read_only=True).close()
    ctx.exit(serve(state.url, host, port, read_only=read_only))


@click.command()
@click.option(
    "--companies",
    default=DEFAULT_COMPANIES,
    show_default=True,
    type=click.IntRange(MIN_COMPANIES, 10_000_000),
    help="Number of synthetic companies.",
)
@click.option(
    "--seed",
    default=DEFAULT_SEED,
    show_default=True,
    type=int,
    help="Random seed; the same seed builds the same graph.",
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Delete the store's demo and build afresh (refused on a store holding other data).",
)
@click.option("--no-ui", is_flag=True, help="Only build the graph; do not start the explorer.")
@host_option
@port_option
@pass_state
@click.pass_context
def demo(ctx: click.Context, state: CliState, companies: int, seed: int, rebuild: bool,
         no_ui: bool, host: str, port: int) -> None:  # fmt: skip
    """Build the synthetic demo graph and start the explorer.

    Writes invented companies (valid USCCs), people, ownership pyramids, a
    cross-holding cycle and dated listings (OFAC ones too) into the store (default
    the embedded sqlite:///./credgraph.db), which must be empty.  A store that holds
    the demo built with the same --companies and --seed is reused; one holding a
    demo built otherwise is refused unless --rebuild.  A store holding anything
    else is refused, with or without --rebuild: the demo would mix invented
    listings into real data, and credgraph never deletes it.  Exit status 2 then.
    Progress goes to stderr.

    \b
    Examples:
      credgraph demo
      credgraph demo --companies 500 --no-ui
      credgraph --store sqlite:///demo.db demo --rebuild
    """
    # Imported here: the generator and its name tables load only for `demo`.
    from graph.synth import Synth, write_demo
    from ui.demo_guard import Holds, survey

    url = state.url
    synth = Synth(companies=companies, seed=seed)  # rejects bad sizes before anything changes
    with closing(open_store(url)) as store:
        found = survey(store, synth)
    if found.holds is Holds.OTHER_DATA:
        deletes = (
            " --rebuild would delete it: credgraph never deletes a store holding other data."
            if rebuild
            else ""
        )
        raise InvalidInput(
            f"{redact(url)} holds data other than the demo: {found.summary()}. The demo "
            "invents companies and OFAC listings and is not written among real data."
            f"{deletes} Give the demo a store of its own: "
            "credgraph --store sqlite:///credgraph-demo.db demo",
            url=redact(url),
            nodes=found.nodes,
        )
    if found.holds is Holds.OTHER_DEMO and not rebuild:
        raise InvalidInput(
            f"{redact(url)} holds a demo graph built with other --companies or --seed "
            f"(or not finished): {found.summary()}; --rebuild replaces it with "
            f"--companies {companies} --seed {seed}",
            url=redact(url),
            nodes=found.nodes,
        )
    if rebuild and found.holds is not Holds.EMPTY:
        _clear(url)
    if found.holds is Holds.THIS_DEMO and not rebuild:
        click.echo(f"demo graph already in {redact(url)}; --rebuild builds it afresh", err=True)
    else:
        with closing(open_store(url)) as store:
            started = time.monotonic()
            progress = Progress()
            write_demo(store, companies=companies, seed=seed, progress=progress)
            progress.finish()
            counts = store.stats().to_dict()
        click.echo(
            f"built the demo in {time.monotonic() - started:.1f}s: "
            f"{counts['total_nodes']} nodes, {counts['total_relationships']} relationships",
            err=True,
        )
    if not no_ui:
        ctx.exit(serve(url, host, port))


def _clear(url: str) -> None:
    path = sqlite_path(url)
    if path is not None:
        # Deleting the file (and its WAL) is the only complete reset of an SQLite store.
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    with closing(open_store(url)) as store:
        wipe = getattr(store, "wipe", None)
        if callable(wipe):
            wipe()


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///path`` URL (``sqlite:////abs`` for an absolute path).

    >>> sqlite_path("sqlite:///./credgraph.db")
    PosixPath('credgraph.db')
    >>> sqlite_path("neo4j://db:7687") is None
    True
    """
    if urlsplit(url).scheme != "sqlite":
        return None
    path = path_of_url(url)
    return None if path == ":memory:" else Path(path)


class Progress:
    """``write_demo``'s progress callback: a live line on a terminal, plain lines otherwise."""

    def __init__(self, interval: float = 1.0) -> None:
        self.tty = sys.stderr.isatty()
        self.interval = interval
        self.phase: str | None = None
        self.count = 0
        self.last = 0.0

    def __call__(self, phase: str, count: int) -> None:
        now = time.monotonic()
        changed = phase != self.phase
        if changed and self.phase is not None:
            self._line(self.phase, self.count, final=True)
        self.phase, self.count = phase, count
        if changed or now - self.last >= self.interval:
            self.last = now
            self._line(phase, count, final=False)

    def finish(self) -> None:
        if self.phase is not None:
            self._line(self.phase, self.count, final=True)
            self.phase = None

    def _line(self, phase: str, count: int, *, final: bool) -> None:
        if self.tty:
            click.echo(f"\r{phase}: {count:,}", err=True, nl=final)
        elif final:
            click.echo(f"{phase}: {count:,} done", err=True)
        else:
            click.echo(f"{phase}: {count:,}", err=True)


COMMANDS = [ui_command, demo]
