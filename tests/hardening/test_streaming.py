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
