"""A file that cannot be read to its end (a truncated gzip download) stops the load:
what was read before is written completely, the error says where and what was
written, and nothing is delisted for the part not read (``loaders.pipeline``).

Expected values come from the bytes zlib recovers from the cut file, not from the loader.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import UnreadableInput
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load
from ui.cli import main

HEADER = "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址\n"


def _registry(n: int) -> str:
    # Distinct text per row, so that gzip cannot squeeze the file into a few bytes.
    return HEADER + "".join(
        f"公司{i}号有限公司,,2001-01-01,N/A,{'N/A' if i % 3 == 0 else f'人{i * 7919}'},"
        f'{i}(万元),"经营{i * 104729}",北京,东城,"北京市{i * 31}号"\n'
        for i in range(n)
    )


def _cut_gzip(text: str, path: Path, keep: float = 0.6) -> str:
    """Write ``text`` gzipped and cut at ``keep`` of its bytes; the complete lines a
    reader gets from what is left."""
    packed = gzip.compress(text.encode("utf-8"))
    cut = packed[: int(len(packed) * keep)]
    path.write_bytes(cut)
    got = zlib.decompressobj(wbits=31).decompress(cut)
    return got[: got.rindex(b"\n") + 1].decode("utf-8")


def test_a_truncated_gzip_writes_what_was_read_completely(
    tmp_path: Path, store: SQLiteStore
) -> None:
    path = tmp_path / "in" / "reg.csv.gz"
    path.parent.mkdir()
    read = _cut_gzip(_registry(12_000), path)
    rows = list(csv.reader(io.StringIO(read)))[1:]
    reps = sum(1 for r in rows if r[4] != "N/A")
    assert 5_000 < len(rows) < 12_000  # past a batch, short of the end
    with pytest.raises(UnreadableInput) as err:
        load(store, "cn-registry", [path], batch_size=1000)
    stats = store.stats()
    assert stats.nodes == {"Company": len(rows), "Person": reps}
    assert stats.rels == {"OFFICER_OF": reps}
    report = err.value.data["report"]
    assert report.stopped["file"] == str(path)
    assert report.stopped["line"] == read.count("\n") + 1
    assert report.written_total == len(rows) + 2 * reps
    assert f"{len(rows) + 2 * reps:,} records (Company {len(rows):,}" in err.value.message
    assert "unreadable at line" in err.value.message


def test_the_cli_shows_what_a_stopped_load_wrote(tmp_path: Path) -> None:
    path = tmp_path / "reg.csv.gz"
    read = _cut_gzip(_registry(3_000), path)
    companies = read.count("\n") - 1
    url = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["--store", url, "load", "cn-registry", str(path), "--quarantine", str(tmp_path / "q")]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 2
    table = {line.split()[0]: line.split()[1:] for line in r.stdout.splitlines()}
    assert table["Company"] == [str(companies), str(companies), "0", "0"]
    assert "stopped: " in r.stdout and "unreadable at line" in r.stdout
    assert f"records (Company {companies:,}" in r.stderr
    j = CliRunner().invoke(main, [*args, "--json"])
    assert j.exit_code == 2
    data = json.loads(j.stdout)
    assert data["error"] == "UnreadableInput" and data["line"] == read.count("\n") + 1
    # The rerun updates the same records: nothing doubled, all merged.
    assert data["report"]["counts"]["Company"]["merged"] == companies
    assert data["report"]["stopped"]["line"] == data["line"]


def test_strict_writes_nothing_from_a_truncated_file(tmp_path: Path, store: SQLiteStore) -> None:
    path = tmp_path / "reg.csv.gz"
    _cut_gzip(_registry(3_000), path)
    with pytest.raises(UnreadableInput, match="nothing was written"):
        load(store, "cn-registry", [path], strict=True)
    assert sum(store.stats().nodes.values()) == 0


def test_a_truncated_complete_list_ends_no_listing(tmp_path: Path, store: SQLiteStore) -> None:
    rows = "".join(
        f'{i},"PARTY {i * 7919} TRADING CO",-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        f'"Website www.p{i * 104729}.example."\n'
        for i in range(1, 4001)
    )
    full = tmp_path / "full" / "sdn.csv"
    full.parent.mkdir()
    full.write_text(rows, encoding="utf-8")
    load(store, "ofac-sdn", [full])
    cut = tmp_path / "cut" / "sdn.csv.gz"
    cut.parent.mkdir()
    read = _cut_gzip(rows, cut, keep=0.95)
    assert 3_600 < read.count("\n") < 4_000  # under 10 % absent: the guard would allow it
    with pytest.raises(UnreadableInput) as err:
        load(store, "ofac-sdn", [cut], complete=date(2025, 1, 2))
    report = err.value.data["report"]
    assert report.published is None and report.ended == 0
    listings, total = store.rels_of("list:US_OFAC_SDN", direction="in")
    assert total == 4000 and [r.id for r in listings if r.end is not None] == []
