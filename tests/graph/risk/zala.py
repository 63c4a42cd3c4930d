"""The real ZALA extract (OpenSanctions FtM) and the OFAC SDN rows that name its parties,
loaded through the CLI into a temporary store; and FtM lines written by a test."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ui.cli import main

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
ZALA_FILE = DATA / "ftm-opensanctions-zala" / "entities.ftm.json"
SDN_FILE = DATA / "ofac-sdn" / "sdn.csv"
ZAKHAROV = "ftm:NK-aU5ybkbRFJucf8YMwsJvDw"  # Alexander Vyacheslavovich ZAKHAROV
CST = "ftm:NK-abdzbEBkqyT29GyREbiURZ"  # LLC CST
TSST = "ftm:ru-inn-5920040846"  # ООО "ЦСТ", 100% Zakharov's 2013-06-06..2019-08-02

needs_data = pytest.mark.skipif(
    not ZALA_FILE.exists() or not SDN_FILE.exists(),
    reason=f"real data folder {DATA} absent (fresh clone without ../shared)",
)


def cli(url: str, *args: str) -> Any:
    r = CliRunner().invoke(main, ["--store", url, *args, "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def sanctions() -> list[dict[str, Any]]:
    """The file's Sanction records, as written."""
    rows = [json.loads(line) for line in ZALA_FILE.read_text(encoding="utf-8").splitlines()]
    return [d for d in rows if d["schema"] == "Sanction"]


def sdn_subset(folder: Path) -> Path:
    """The SDN rows whose remarks carry a tax or registration number of the FtM file
    (Zakharov is ent_num 45937), written to ``folder`` (never into the repository)."""
    numbers: set[str] = set()
    for line in ZALA_FILE.read_text(encoding="utf-8").splitlines():
        props = json.loads(line).get("properties", {})
        for key in ("innCode", "ogrnCode", "registrationNumber", "taxNumber"):
            numbers.update(props.get(key, []))
    out = folder / "sdn.csv"
    with (
        SDN_FILE.open(encoding="utf-8", errors="replace", newline="") as f,
        out.open("w", encoding="utf-8", newline="") as fh,
    ):
        w = csv.writer(fh)
        for row in csv.reader(f):
            if len(row) == 12 and any(n in row[11] for n in numbers):
                w.writerow(row)
    return out


def load_zala(folder: Path, sdn: bool = True) -> str:
    """A store with (the relevant SDN rows and then) the ZALA extract: the audit's order."""
    url = f"sqlite:///{(folder / 'zala.db').resolve()}"
    if sdn:
        cli(url, "load", "ofac-sdn", str(sdn_subset(folder)), "--quarantine", str(folder / "q1"))
    cli(url, "load", "ftm", str(ZALA_FILE), "--quarantine", str(folder / "q2"))
    return url


def write_ftm(folder: Path, lines: list[dict[str, Any]], name: str = "t.ftm.json") -> Path:
    path = folder / name
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def parent_and_sub(sanction: dict[str, Any], tag: str = "") -> list[dict[str, Any]]:
    """Listed parent P owning all of S (from 2000), with ``sanction`` on P."""
    return [
        {"id": f"P{tag}", "schema": "Company", "properties": {"name": [f"Parent {tag} Co"]}},
        {"id": f"S{tag}", "schema": "Company", "properties": {"name": [f"Sub {tag} Co"]}},
        {"id": f"own{tag}", "schema": "Ownership",
         "properties": {"owner": [f"P{tag}"], "asset": [f"S{tag}"], "percentage": ["100"],
                        "startDate": ["2000-01-01"]}},
        {"id": f"san{tag}", "schema": "Sanction", **sanction,
         "properties": {"entity": [f"P{tag}"], **sanction.get("properties", {})}},
    ]  # fmt: skip


def load_lines(folder: Path, lines: list[dict[str, Any]]) -> str:
    url = f"sqlite:///{(folder / 'lines.db').resolve()}"
    src = write_ftm(folder, lines)
    cli(url, "load", "ftm", str(src), "--quarantine", str(folder / "q.jsonl"))
    return url
