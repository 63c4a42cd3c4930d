"""Load speed and memory of a generated BODS 0.2 JSON lines file (``credgraph load bods``).

    python -m bench.bods --statements 1000000

Writes N statements into a temporary ``.jsonl`` (timed apart), in the proportions of
an Open Ownership register export: entity statements with a register number (some
with a USCC or an LEI), person statements, and ownership-or-control statements with
a shareholding and voting rights, exact or banded; one in twenty statements replaces
an earlier one, and one in fifty ownership statements points at a statement that is
not in the file (the register is sliced).  Then, each phase in a fresh process so
that its peak RSS is its own:

- ``read``: the reader alone (``loaders.bods.read_bods``, both of its passes),
  records counted and dropped;
- ``load``: ``loaders.pipeline.load`` into a fresh SQLite file, as the CLI does.

Prints statements per second, CPU seconds and peak RSS of each.  No target in issue 3;
the reader's memory is what this watches: a register dump has tens of millions of
statements, and what the reader remembers per statement must not stay in memory.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from bench.ftm import fake_uscc
from graph.lei import lei_check_digits
from loaders.bods import read_bods

_PUBLICATION = {
    "publicationDate": "2023-04-30",
    "bodsVersion": "0.2",
    "publisher": {"name": "credgraph bench"},
}
_SOURCE = {"type": "officialRegister", "description": "bench register"}


def _share(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.3:  # banded, as UK PSC data publishes it
        lo, hi = rng.choice(((25, 50), (50, 75), (75, 100)))
        return {"minimum": lo, "maximum": hi, "exclusiveMinimum": True}
    exact = rng.choice((10, 20, 25, 26.15, 33.33, 50, 51, 100))
    return {"exact": exact, "minimum": exact, "maximum": exact}


def statements(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` BODS 0.2 statements; ownership statements point at earlier ones."""
    rng = random.Random(seed)
    entities: list[str] = []
    persons: list[str] = []
    owns: list[str] = []
    for k in range(n):
        sid = f"s{seed}-{k}"
        base: dict[str, Any] = {
            "statementID": sid,
            "statementDate": f"20{rng.randrange(15, 24)}-0{rng.randrange(1, 10)}-15",
            "publicationDetails": _PUBLICATION,
            "source": _SOURCE,
        }
        kind = k % 5 if k >= 2 else k * 2  # entity, person, then 2 entity : 1 person : 2 ownership
        # One in twenty replaces an earlier statement of its kind (k % 20: 15 entity,
        # 17 person, 19 ownership).
        pool = {15: entities, 17: persons, 19: owns}.get(k % 20)
        if pool:
            base["replacesStatements"] = [pool[rng.randrange(len(pool))]]
        if kind in (0, 3):
            ids: list[dict[str, str]] = [{"id": f"{k:08d}", "scheme": "DK-CVR"}]
            if k % 4 == 0:
                ids.append({"id": fake_uscc(rng), "scheme": "CN-USCC"})
            elif k % 9 == 0:
                lei = f"5493{k:014d}"
                ids.append({"id": lei + lei_check_digits(lei), "scheme": "XI-LEI"})
            yield {
                **base,
                "statementType": "entityStatement",
                "entityType": "registeredEntity",
                "name": f"Bench Holding {k} ApS",
                "identifiers": ids,
                "incorporatedInJurisdiction": {"name": "Denmark", "code": "DK"},
                "addresses": [{"type": "registered", "address": f"Vej {k}, Kobenhavn"}],
            }
            entities.append(sid)
        elif kind == 2:
            yield {
                **base,
                "statementType": "personStatement",
                "personType": "knownPerson",
                "names": [{"type": "individual", "fullName": f"Person {k} Jensen"}],
                "nationalities": [{"name": "Denmark", "code": "DK"}],
            }
            persons.append(sid)
        else:
            subject = entities[rng.randrange(len(entities))]
            if k % 50 == 1:
                subject = f"missing-{k}"
            party = (
                {"describedByEntityStatement": entities[rng.randrange(len(entities))]}
                if rng.random() < 0.3
                else {"describedByPersonStatement": persons[rng.randrange(len(persons))]}
            )
            share = _share(rng)
            owns.append(sid)
            yield {
                **base,
                "statementType": "ownershipOrControlStatement",
                "subject": {"describedByEntityStatement": subject},
                "interestedParty": party,
                "interests": [
                    {"type": "shareholding", "share": share, "startDate": "2015-01-01"},
                    {"type": "voting-rights", "share": share, "startDate": "2015-01-01"},
                ],
            }


def write_bods(path: Path, n: int, seed: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for st in statements(n, seed):
            fh.write(json.dumps(st, ensure_ascii=False) + "\n")


def _phase(phase: str, path: str, db: str) -> dict[str, Any]:
    """One phase in this (fresh) process: seconds, CPU seconds, peak RSS, counts."""
    c, t = time.process_time(), time.perf_counter()
    out: dict[str, Any] = {}
    if phase == "read":
        out["records"] = sum(1 for _ in read_bods(Path(path)))
    else:
        from graph.store.sqlite import SQLiteStore
        from loaders.pipeline import load

        with SQLiteStore.from_url(f"sqlite:///{db}") as store:
            report = load(store, "bods", [Path(path)])
            stats = store.stats().to_dict()
        out.update(
            nodes=stats["total_nodes"],
            rels=stats["total_relationships"],
            warned=sum(report.warnings.values()),
            stubs=report.stubs,
            skipped=report.skipped_total,
        )
    out["s"] = round(time.perf_counter() - t, 2)
    out["cpu_s"] = round(time.process_time() - c, 2)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


@click.command()
@click.option("--statements", "n", default=1_000_000, show_default=True)
@click.option("--seed", default=20261202, show_default=True)
@click.option("--phase", "phases", multiple=True, type=click.Choice(["read", "load"]))
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(n: int, seed: int, phases: tuple[str, ...], as_json: bool) -> None:
    # A fresh interpreter per phase: ru_maxrss is a high-water mark per process.
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.bods.jsonl"
        t0 = time.perf_counter()
        write_bods(path, n, seed)
        result: dict[str, Any] = {
            "statements": n,
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "generate_s": round(time.perf_counter() - t0, 2),
        }
        with ctx.Pool(1, maxtasksperchild=1) as pool:
            for phase in phases or ("read", "load"):
                r = pool.apply(_phase, (phase, str(path), f"{tmp}/bench.db"))
                r["statements_per_s"] = round(n / r["s"])
                result[phase] = r
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{n:,} BODS statements, {result['file_mb']} MB (generated in {result['generate_s']} s)"
    )
    for phase in phases or ("read", "load"):
        r = result[phase]
        extra = (
            f"{r['records']:,} records"
            if phase == "read"
            else f"{r['nodes']:,} nodes, {r['rels']:,} relationships, {r['stubs']:,} stubs, "
            f"{r['warned']:,} warnings, {r['skipped']:,} skipped"
        )
        click.echo(
            f"{phase:>5}: {r['s']} s ({r['cpu_s']} CPU s) = {r['statements_per_s']:,} "
            f"statements/s; peak RSS {r['peak_rss_mb']} MB; {extra}"
        )


if __name__ == "__main__":
    main()
