"""Run a ``credgraph`` command in a child process, optionally SIGKILLed after a delay
(the kill tests of issues 3 and 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_cli(args: list[str], kill_after: float | None = None) -> int | None:
    """Exit status of ``credgraph ARGS``, or None when it was killed (or ended) after
    ``kill_after`` seconds."""
    cmd = [sys.executable, "-m", "ui.cli", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    if kill_after is None:
        return proc.wait(timeout=600)
    time.sleep(kill_after)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return None
