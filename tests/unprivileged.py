"""Run the CLI in a child process that the permission bits bind, even under root.

Root writes anywhere, so under root the child runs with the capabilities that let it
(DAC override) dropped from the bounding set, as ``setpriv`` does.  Tests of read-only
folders use it; without ``setpriv`` under root they skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def unprivileged(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder would be written")
    return [*DROP, *argv]


def credgraph(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CREDGRAPH_STORE"}
    return subprocess.run(
        unprivileged([sys.executable, "-m", "ui.cli", *args]),
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False,
    )  # fmt: skip
