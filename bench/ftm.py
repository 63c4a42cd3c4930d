"""Load speed of a generated FollowTheMoney JSON lines file (``credgraph load ftm``).

    python -m bench.ftm --entities 100000

Writes N FtM entities into a temporary ``.jsonl`` (timed apart): companies (some
with LEI, USCC or Russian INN/OGRN), persons, addresses folded into them,
ownerships with percentages, directorships and sanctions of a few datasets, in the
proportions of an OpenSanctions export.  Then measures, each on the same file:

- ``parse``: ``json.loads`` plus ``followthemoney``'s ``model.get_proxy`` per line,
  the library's share of the reader;
- ``read``: the whole reader (``loaders.ftm.read_ftm``, both of its passes), no store;
- ``dry``: ``load(..., dry_run=True)``, reader plus pipeline, nothing written;
- ``load``: ``loaders.pipeline.load`` into a fresh SQLite file, as the CLI does.

Prints lines per second for each, CPU seconds and peak RSS.  No target in issue 3
("FtM records/s reported").
"""

from __future__ import annotations

import gc
import json
import random
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from followthemoney import model

from graph.store.sqlite import SQLiteStore
from graph.uscc import uscc_check_char
from loaders.ftm import read_ftm
from loaders.pipeline import load

# Per 100 lines, about what an OpenSanctions default export carries.
_MIX = (("Company", 30), ("Person", 25), ("Address", 10), ("Ownership", 15))
_MIX += (("Directorship", 10), ("Sanction", 10))
_DATASETS = (
    ("us_ofac_sdn", "us", "Office of Foreign Assets Control", "SDN"),
    ("eu_fsf", "eu", "European Union", "EU-UKR"),
    ("gb_hmt_sanctions", "gb", "HM Treasury", "UK-RUS"),
    ("ch_seco_sanctions", "ch", "SECO", "SECO-UKRAINE"),
)
_ROLES = ("Director", "Member of the Board", "Leader or official of", "CFO", "Shareholder")
_USCC_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def fake_uscc(rng: random.Random) -> str:
    """A USCC with a right check character (its organization code unchecked)."""
    first17 = "91" + "".join(rng.choice("0123456789") for _ in range(6))
    first17 += "".join(rng.choice(_USCC_BODY[:10]) for _ in range(9))
    return first17 + uscc_check_char(first17)


def entities(n: int, seed: int) -> Iterator[dict[str, Any]]:
    """``n`` FtM entity dicts; links point only at entities written before them."""
    rng = random.Random(seed)
    kinds = [k for k, w in _MIX for _ in range(w)]
    companies: list[str] = []
    persons: list[str] = []
    addresses: list[str] = []
    for k in range(n):
        kind = kinds[k % len(kinds)] if k >= 4 else ("Company", "Person")[k % 2]
        eid = f"bench-{kind.lower()}-{k}"
        props: dict[str, list[str]] = {}
        datasets = [_DATASETS[k % len(_DATASETS)][0]]
        if kind == "Company":
            country = rng.choice(("cn", "ru", "ae", "hk"))
            props = {"name": [f"Company {k} Trading LLC"], "country": [country]}
            if country == "cn":
                props["registrationNumber"] = [fake_uscc(rng)]
            elif country == "ru":
                props["innCode"] = [str(rng.randrange(10**9, 10**10))]
                props["ogrnCode"] = [str(rng.randrange(10**12, 10**13))]
            if k % 7 == 0:
                props["leiCode"] = [f"5493{k:014d}XX"]
            if addresses and k % 3 == 0:
                props["addressEntity"] = [rng.choice(addresses)]
            props["alias"] = [f"Company {k}"]
            companies.append(eid)
        elif kind == "Person":
            props = {
                "name": [f"Ivan Petrov {k}"],
                "nationality": [rng.choice(("ru", "cn", "by"))],
                "birthDate": [f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-1{k % 10}"],
            }
            persons.append(eid)
        elif kind == "Address":
            props = {"full": [f"{k} Lenina St, Moscow"], "country": ["ru"]}
            addresses.append(eid)
        elif kind == "Ownership":
            props = {
                "owner": [rng.choice(persons + companies)],
                "asset": [rng.choice(companies)],
                "percentage": [str(rng.choice((10, 25, 33.3, 50, 51, 100)))],
                "startDate": [f"20{rng.randrange(10, 24)}-01-01"],
            }
        elif kind == "Directorship":
            props = {
                "director": [rng.choice(persons)],
                "organization": [rng.choice(companies)],
                "role": [rng.choice(_ROLES)],
            }
        else:
            ds, country, authority, program = _DATASETS[k % len(_DATASETS)]
            props = {
                "entity": [rng.choice(companies + persons)],
                "authority": [authority],
                "country": [country],
                "programId": [program],
                "startDate": [f"20{rng.randrange(14, 25)}-03-01"],
            }
            datasets = [ds]
        yield {"id": eid, "schema": kind, "properties": props, "datasets": datasets}


def write_ftm(path: Path, n: int, seed: int) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for e in entities(n, seed):
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    return n


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of ``fn``; garbage collection off as in a load."""
    gc.collect()
    gc.disable()
    try:
        c, t = time.process_time(), time.perf_counter()
        fn()
        return time.perf_counter() - t, time.process_time() - c
    finally:
        gc.enable()


def _parse(path: Path) -> None:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            model.get_proxy(json.loads(line))


@click.command()
@click.option("--entities", "n", default=100_000, show_default=True, help="FtM lines.")
@click.option("--seed", default=20261122, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON line instead of text.")
def main(n: int, seed: int, as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.ftm.jsonl"
        t0 = time.perf_counter()
        write_ftm(path, n, seed)
        gen = time.perf_counter() - t0
        parse = _timed(lambda: _parse(path))
        records: list[object] = []
        read = _timed(lambda: records.extend(read_ftm(path)))
        count = len(records)
        records.clear()
        with SQLiteStore.from_url(f"sqlite:///{tmp}/dry.db") as store:
            dry = _timed(lambda: load(store, "ftm", [path], dry_run=True))
        with SQLiteStore.from_url(f"sqlite:///{tmp}/bench.db") as store:
            holder: dict[str, Any] = {}
            full = _timed(lambda: holder.update(report=load(store, "ftm", [path])))
            stats = store.stats().to_dict()
    report = holder["report"]
    result = {
        "lines": n,
        "records": count,
        "skipped": report.skipped_total,
        "nodes": stats["total_nodes"],
        "rels": stats["total_relationships"],
        "generate_s": round(gen, 2),
        "parse_s": round(parse[0], 2),
        "parse_cpu_s": round(parse[1], 2),
        "read_s": round(read[0], 2),
        "read_cpu_s": round(read[1], 2),
        "dry_cpu_s": round(dry[1], 2),
        "load_s": round(full[0], 2),
        "load_cpu_s": round(full[1], 2),
        "lines_per_s": round(n / full[0]),
        "lines_per_cpu_s": round(n / full[1]),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{n:,} FtM lines ({count:,} records, {report.skipped_total} skipped): "
        f"json + get_proxy {result['parse_cpu_s']} CPU s, reader {result['read_cpu_s']}, "
        f"reader + pipeline {result['dry_cpu_s']}, load {result['load_s']} s ({result['load_cpu_s']} CPU s) = "
        f"{result['lines_per_s']:,} lines/s; store {result['nodes']:,} nodes, "
        f"{result['rels']:,} relationships; peak RSS {result['peak_rss_mb']} MB"
    )


if __name__ == "__main__":
    main()
