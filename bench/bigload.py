"""``python -m bench.bigload --size-mb 1024``: peak memory of ``credgraph load`` on a big file.

Generates an FtM JSON-lines file of about ``--size-mb`` MB into a temporary folder
(never committed): companies with long addresses and notes, every second line an
Ownership of the company before it, so the file is mostly bytes the loader must
stream past.  Then runs ``credgraph load ftm`` on it into a fresh SQLite file in a
child process, samples the child's RSS twice a second and reports the peak
(``ru_maxrss`` from ``wait4``), the RSS at each quarter of the run, rows per second
and the file sizes.  ``--keep DIR`` keeps the file and the database there.

Memory is bounded by the number of ids in the load (the pipeline keeps every id it
has seen, to settle relationships and count merges), not by the file's bytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parents[1]
FILLER = "某某市某某区某某街道某某路" * 12  # ~170 CJK chars: an address-sized blob
NOTE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 7


def generate(path: Path, size_mb: int) -> tuple[int, int]:
    """Write the file; (companies, ownerships) written."""
    target = size_mb * 1024 * 1024
    companies = owns = 0
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            cid = f"co-{companies}"
            line = json.dumps(
                {
                    "id": cid,
                    "schema": "Company",
                    "properties": {
                        "name": [f"大文件测试有限公司{companies}"],
                        "address": [f"{FILLER}{companies}号"],
                        "notes": [NOTE],
                        "jurisdiction": ["cn"],
                    },
                    "datasets": ["bigload"],
                },
                ensure_ascii=False,
            )
            fh.write(line + "\n")
            written += len(line.encode()) + 1
            if companies:
                own = json.dumps(
                    {
                        "id": f"own-{companies}",
                        "schema": "Ownership",
                        "properties": {
                            "owner": [f"co-{companies - 1}"],
                            "asset": [cid],
                            "percentage": ["51"],
                        },
                        "datasets": ["bigload"],
                    }
                )
                fh.write(own + "\n")
                written += len(own) + 1
                owns += 1
            companies += 1
    return companies, owns


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_load(data: Path, db: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "ui.cli", "--store", f"sqlite:///{db}", "load", "ftm",
           str(data), "--quarantine", str(db.with_suffix(".q.jsonl")), "--json"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    out_path = db.with_suffix(".report.json")
    with out_path.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env)
        samples: list[tuple[float, int]] = []
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            samples.append((time.monotonic() - started, _rss_kib(proc.pid)))
            time.sleep(0.5)
    seconds = time.monotonic() - started
    report = json.loads(out_path.read_text() or "{}")
    quarters = {}
    for q in (0.25, 0.5, 0.75, 1.0):
        at = [kib for t, kib in samples if t <= q * seconds]
        quarters[f"rss_mb_at_{int(q * 100)}pct"] = round(max(at or [0]) / 1024, 1)
    return {
        "exit_status": os.waitstatus_to_exitcode(status),
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        **quarters,
        "records_read": report.get("read_total")
        or sum(c.get("read", 0) for c in report.get("counts", {}).values()),
        "skipped": report.get("skipped_total"),
    }


@click.command()
@click.option("--size-mb", default=1024, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(size_mb: int, keep: Path | None, as_json: bool) -> None:
    """Generate a big FtM file, load it, report peak memory."""
    with tempfile.TemporaryDirectory(prefix="credgraph-bigload-") as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        data, db = folder / "big.ftm.json", folder / "big.db"
        db.unlink(missing_ok=True)
        t0 = time.monotonic()
        companies, owns = generate(data, size_mb)
        gen_seconds = time.monotonic() - t0
        result = {
            "file_mb": round(data.stat().st_size / 2**20, 1),
            "companies": companies,
            "ownerships": owns,
            "generate_seconds": round(gen_seconds, 1),
            **run_load(data, db),
        }
        result["db_mb"] = round(db.stat().st_size / 2**20, 1) if db.exists() else None
        result["records_per_s"] = round((companies + owns) / max(result["seconds"], 1e-9))
    if as_json:
        click.echo(json.dumps(result))
    else:
        for k, v in result.items():
            click.echo(f"{k:>22}: {v}")


if __name__ == "__main__":
    main()
