"""A load streams its file: what stays in memory per record is its ids, never its bytes.

The 1 GB figure comes from ``python -m bench.bigload`` (a benchmark, not a test); this
test checks the property behind it on small files with tracemalloc, which counts the
Python objects a load keeps (SQLite's page cache is C memory, bounded by its
``cache_size`` and not counted here).  Each company line carries ~12 KB of address and notes;
if a reader or the pipeline kept records, lines or property values, the memory a load
retains per extra record would exceed that, and the test would fail.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

from graph.store.sqlite import SQLiteStore
from loaders.cn_holders import read_cn_holders
from loaders.pipeline import load

BLOB = "某某市某某区某某街道某某路" * 200  # ~2,600 CJK chars, ~7.8 KB in UTF-8
NOTE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 80  # ~4.6 KB


def _write(path: Path, companies: int) -> int:
    """A Company per line plus an Ownership of the company before it; bytes per line."""
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(companies):
            lines = [
                {
                    "id": f"co-{k}",
                    "schema": "Company",
                    "properties": {
                        "name": [f"流式测试有限公司{k}"],
                        "address": [f"{BLOB}{k}号"],
                        "notes": [NOTE],
                    },
                }
            ]
            if k:
                lines.append(
                    {
                        "id": f"own-{k}",
                        "schema": "Ownership",
                        "properties": {
                            "owner": [f"co-{k - 1}"],
                            "asset": [f"co-{k}"],
                            "percentage": ["51"],
                        },
                    }
                )
            for line in lines:
                text = json.dumps(line, ensure_ascii=False) + "\n"
                size += len(text.encode())
                fh.write(text)
    return size


def _peak(tmp_path: Path, companies: int) -> tuple[int, int]:
    """(tracemalloc peak of a load of ``companies`` companies, file bytes per company)."""
    data = tmp_path / f"f{companies}.jsonl"
    size = _write(data, companies)
    gc.collect()
    tracemalloc.start()
    try:
        with SQLiteStore.from_url(f"sqlite:///{tmp_path}/s{companies}.db") as store:
            report = load(store, "ftm", [data], batch_size=200)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.skipped_total == 0
    assert report.to_dict()["counts"]["OWNS"]["written"] == companies - 1
    return peak, size // companies


def test_memory_per_record_is_far_below_the_record_size(tmp_path: Path) -> None:
    small, per_company = _peak(tmp_path, 1_000)
    big, _ = _peak(tmp_path, 4_000)
    kept = (big - small) / 3_000  # per company and its ownership: two records
    assert per_company > 12_000
    # Measured ~1.5 KB: ids, and bounded caches (share columns, pinyin) still filling.
    assert kept < per_company / 4, (kept, per_company)


_PERIODS = ("20200331", "20200630", "20200930", "20201231")


def _holders_peak(tmp_path: Path, rows: int) -> int:
    """tracemalloc peak of reading a cn-holders file of ``rows`` rows, records dropped."""
    folder = tmp_path / f"h{rows}"
    folder.mkdir()
    with (folder / "relation.csv").open("w", encoding="utf-8") as fh:
        fh.write("ts_code,ann_date,end_date,holder_name,hold_amount,hold_ratio\n")
        for k in range(rows):
            # Ten holders per company and period, each name ~4 KB in memory.
            code, period = f"{600000 + k // 40}.SH", _PERIODS[k // 10 % 4]
            fh.write(f"{code},20201016,{period},{BLOB}{k}有限公司,1000.0,1.5\n")
    gc.collect()
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_cn_holders(folder))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A holder and an OWNS per row; per 40 rows a company, warned as not in company.csv.
    assert count == 2 * rows + 2 * (rows // 40)
    return peak


def test_cn_holders_reader_keeps_no_rows(tmp_path: Path) -> None:
    # The reader needs each company's next period before it can date a holding; it
    # used to keep every row until the end of the file for that.
    small = _holders_peak(tmp_path, 400)
    big = _holders_peak(tmp_path, 2_000)
    kept = (big - small) / 1_600
    # A row's holder name alone is ~5 KB here; what stays is ids (~0.45 KB measured;
    # 6.3 KB when rows were kept).
    assert kept < 1_000, kept
