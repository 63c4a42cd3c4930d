"""Every reader under hostile input (issue 7, item 1): the pipeline never raises anything
but a ``CredgraphError``; each hostile record is quarantined (with a reason) or kept
with a warning; the good records of the same file are loaded.

Cases tried per format are counted into ``test-artifacts/fuzz-cases.txt``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from graph.errors import CredgraphError
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load
from tests.hardening.fuzz_count import FUZZ_CASES, FUZZ_OUTCOMES
from tests.hardening.fuzz_inputs import STRATEGIES, Case

EXAMPLES = int(os.environ.get("CREDGRAPH_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("CREDGRAPH_FUZZ_RANDOM") is None,
)


def run_case(case: Case) -> str:
    """Load ``case`` into a fresh store and check the promises; the outcome's name."""
    FUZZ_CASES[case.fmt] += 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, data in case.files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        quarantine = root / "q.jsonl"
        with SQLiteStore.from_url(f"sqlite:///{root}/g.db") as store:
            try:
                report = load(store, case.fmt, [root / case.path], quarantine_path=quarantine)
            except CredgraphError as exc:
                # A file that is not of the format at all is refused with a message.
                assert case.damaged, f"{case.fmt}: input with good records refused: {exc}"
                assert exc.message and "Traceback" not in exc.message
                assert store.stats().to_dict()["total_nodes"] >= 0  # still usable
                return "refused"
            reasons = []
            if quarantine.exists():
                # split("\n"), not splitlines(): U+0085 or U+2028 inside a record is no end.
                for line in quarantine.read_text(encoding="utf-8").split("\n")[:-1]:
                    row = json.loads(line)
                    assert isinstance(row["reason"], str) and row["reason"].strip(), row
                    reasons.append(row["reason"])
            assert len(reasons) == report.skipped_total
            if case.damaged:
                return "loaded-damaged"
            missing = [i for i in case.good if store.resolve(i) is None]
            assert not missing, f"{case.fmt}: good records lost: {missing}; {reasons}"
            flagged = report.skipped_total + sum(report.warnings.values())
            assert flagged >= case.bad, (
                f"{case.fmt}: {case.bad} hostile record(s), {flagged} flagged: "
                f"{reasons} {dict(report.warnings)}"
            )
            return "loaded"


def _fuzz(fmt: str) -> None:
    @FUZZ
    @given(STRATEGIES[fmt]())
    def check(case: Case) -> None:
        FUZZ_OUTCOMES[run_case(case)] += 1

    check()


@pytest.mark.parametrize("fmt", sorted(STRATEGIES))
def test_reader_survives_hostile_input(fmt: str) -> None:
    _fuzz(fmt)


def test_gbk_encoded_registry_loads_like_utf8(tmp_path: Path) -> None:
    # Chinese registries are often exported from Excel in GBK: the reader must read them
    # as they are rather than refuse the file or load mojibake.
    header = "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,注册地址\n"
    body = "北京天成达咨询服务有限公司,911101177000702372,1999-01-01,N/A,齐晓云,10(万元),咨询,北京,平谷,马坊镇\n"
    for enc in ("utf-8", "gbk", "gb18030"):
        path = tmp_path / f"{enc}.csv"
        path.write_bytes((header + body).encode(enc))
        with SQLiteStore.from_url(f"sqlite:///{tmp_path}/{enc}.db") as store:
            report = load(store, "cn-registry", [path])
            node = store.get("uscc:911101177000702372")
            assert node is not None and node.name == "北京天成达咨询服务有限公司", enc
            assert report.skipped_total == 0


def test_nul_in_a_name_is_removed_and_warned(tmp_path: Path) -> None:
    # Found by the fuzzer: a NUL reached the FTS5 query of the match-candidate search.
    path = tmp_path / "sdn.csv"
    path.write_bytes(b'7,"ACME\x00 TRADING",-0- ,CUBA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        report = load(store, "ofac-sdn", [path])
        node = store.get("ofac:7")
        assert node is not None and node.name == "ACME TRADING"
        assert report.warnings["NUL character removed from name"] == 1


def test_a_bad_first_row_does_not_refuse_an_sdn_file(tmp_path: Path) -> None:
    good = '7,"ACME",-0- ,CUBA,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    path = tmp_path / "sdn.csv"
    path.write_text("x,y\n" + good, encoding="utf-8")
    quarantine = tmp_path / "q.jsonl"
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/g.db") as store:
        report = load(store, "ofac-sdn", [path], quarantine_path=quarantine)
        assert store.get("ofac:7") is not None and report.skipped_total == 1
    path.write_text("x,y\n" * 25 + good, encoding="utf-8")  # no SDN row in its head
    with (
        SQLiteStore.from_url(f"sqlite:///{tmp_path}/h.db") as store,
        pytest.raises(CredgraphError, match=r"not an OFAC sdn\.csv"),
    ):
        load(store, "ofac-sdn", [path])
