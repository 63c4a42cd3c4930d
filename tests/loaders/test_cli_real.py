"""The command line on the real public files: what the CLI audit found there.

Expected values are read from the raw files, not from the loader's output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ui.cli import main


@pytest.fixture(autouse=True)
def _no_env_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CREDGRAPH_STORE", raising=False)


def cli(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--store", url, *args], catch_exceptions=False)


def sdn_rows(data: Path) -> list[list[str]]:
    with (data / "ofac-sdn" / "sdn.csv").open(encoding="utf-8", errors="replace") as fh:
        # The file ends with a DOS end-of-file character (0x1A) on a line of its own.
        return [row for row in csv.reader(fh) if len(row) > 3]


@pytest.fixture
def sdn_url(data: Path, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert cli(url, "load", "ofac-sdn", str(data / "ofac-sdn" / "sdn.csv")).exit_code == 0
    return url


# -- match confirm ---------------------------------------------------------------------


def test_confirm_refuses_to_merge_the_two_sdn_lists(data: Path, sdn_url: str) -> None:
    # Every [NPWMD] entry of sdn.csv is also on the BIS 744.8 list (15 CFR 744.8(a)(1)).
    npwmd = sum("NPWMD" in r[3].split("] [") for r in sdn_rows(data))
    assert npwmd == 943
    bis = json.loads(cli(sdn_url, "show", "list:US_BIS_SDN_744_8", "--json", "-n", "0").stdout)
    assert bis["relationships"]["total"] == npwmd + 1  # and its ISSUED_BY
    for force in ([], ["--force"]):
        r = cli(sdn_url, "match", "confirm", "list:US_OFAC_SDN", "list:US_BIS_SDN_744_8", *force)
        assert r.exit_code == 2 and "is a List: only entities" in r.stderr
    after = json.loads(cli(sdn_url, "show", "list:US_BIS_SDN_744_8", "--json", "-n", "0").stdout)
    assert after["relationships"]["total"] == npwmd + 1


# -- demo --------------------------------------------------------------------------------


def test_demo_is_not_written_into_a_store_with_the_sdn_list(data: Path, sdn_url: str) -> None:
    rows = sdn_rows(data)
    before = json.loads(cli(sdn_url, "stats", "--json").stdout)
    # Every SDN entry is a node of its own (entities and individuals, vessels and
    # aircraft as companies): the store holds them and the catalog's lists.
    assert before["nodes"]["Company"] + before["nodes"]["Person"] == len(rows)
    for extra in ([], ["--rebuild"]):
        r = cli(sdn_url, "demo", "--no-ui", "--companies", "100", *extra)
        assert r.exit_code == 2 and "holds data other than the demo" in r.stderr
        assert "us_ofac_sdn" in r.stderr
        assert json.loads(cli(sdn_url, "stats", "--json").stdout) == before


# -- load: a file with no record of its own ---------------------------------------------


def _header_only(src: Path, dst: Path) -> Path:
    with src.open(encoding="utf-8", errors="replace") as fh:
        dst.write_text(fh.readline(), encoding="utf-8")
    return dst


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("ofac-sdn", None),  # /dev/null: the reader still adds the catalog's SDN list
        ("ftm", None),
        ("bods", None),
        ("gleif", None),
        ("uk-psc", None),
        ("bis-mieu", "us-bis-mieu/mieu.csv"),  # a header: the reader adds its List
        ("ndaa-1286", "us-ndaa-section-1286/section_1286.csv"),
        ("cn-registry", "cn-enterprise-registration/1989/北京.csv"),
    ],
)
def test_a_file_without_a_record_of_its_own_loads_nothing(
    data: Path, tmp_path: Path, fmt: str, name: str | None
) -> None:
    path = Path("/dev/null") if name is None else _header_only(data / name, tmp_path / "h.csv")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    r = cli(url, "load", fmt, str(path), "--json")
    assert r.exit_code == 1, r.output
    # One JSON document: the error, with the load's report in it.
    err = json.loads(r.stdout)
    assert err["error"] == "LoadRefused" and err["report"]["totals"]["from_files"] == 0
    assert "error: nothing could be loaded" in r.stderr


def test_one_record_of_its_own_loads(data: Path, tmp_path: Path) -> None:
    src = data / "us-bis-mieu" / "mieu.csv"
    with src.open(encoding="utf-8") as fh:
        head = [next(fh), next(fh)]
    (tmp_path / "one.csv").write_text("".join(head), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    r = cli(url, "load", "bis-mieu", str(tmp_path / "one.csv"), "--json")
    assert r.exit_code == 0, r.output
    # One party and its listing; the List, Agency and ISSUED_BY are the reader's own.
    assert json.loads(r.stdout)["totals"]["from_files"] == 2


def test_folders_without_a_record_of_their_own_load_nothing(data: Path, tmp_path: Path) -> None:
    holders = tmp_path / "holders"
    holders.mkdir()
    for name in ("relation.csv", "company.csv"):
        _header_only(data / "cn-listed-top10-holders" / name, holders / name)
    bundle = tmp_path / "bundle"
    assert cli("sqlite:///unused", "template", str(bundle)).exit_code == 0
    for f in bundle.iterdir():  # the template's header, without its example row
        f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    for fmt, folder in (("cn-holders", holders), ("bundle", bundle)):
        url = f"sqlite:///{tmp_path / (fmt + '.db')}"
        r = cli(url, "load", fmt, str(folder), "--json")
        assert r.exit_code == 1, r.output
        assert json.loads(r.stdout)["report"]["totals"]["from_files"] == 0
