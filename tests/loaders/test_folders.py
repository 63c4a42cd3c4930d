"""Loading a folder: a file of another kind is skipped with its reason while the rest
loads; ``--strict`` loads nothing; a file named on its own is still refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.errors import InvalidInput
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load
from ui.cli import main

PSC = {
    "company_number": "08209948",
    "data": {
        "kind": "individual-person-with-significant-control",
        "name": "Mr John Smith",
        "etag": "e1",
        "natures_of_control": ["ownership-of-shares-25-to-50-percent"],
        "notified_on": "2016-04-06",
    },
}


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "psc"
    folder.mkdir()
    (folder / "a-psc.json").write_text(json.dumps(PSC) + "\n", encoding="utf-8")
    (folder / "b-other.json").write_text(
        json.dumps([{"statementID": "s1", "statementType": "entityStatement"}] * 25),
        encoding="utf-8",
    )
    return folder


def test_a_file_of_another_kind_in_a_folder_is_skipped_with_its_reason(
    tmp_path: Path, store: SQLiteStore
) -> None:
    report = load(store, "uk-psc", [_mixed_folder(tmp_path)])
    assert store.get("reg:GB-COH:08209948") is not None
    (skipped,) = report.skipped_files
    assert skipped["file"].endswith("b-other.json")
    assert "not Companies House PSC or company data" in skipped["reason"]
    assert report.to_dict()["skipped_files"] == [skipped]
    assert re.search(r"skipped file: \S*b-other.json: .*not Companies House", report.as_text())


def test_strict_loads_nothing_from_a_folder_with_a_file_of_another_kind(
    tmp_path: Path, store: SQLiteStore
) -> None:
    with pytest.raises(InvalidInput, match=r"--strict: 1 file\(s\) could not be read"):
        load(store, "uk-psc", [_mixed_folder(tmp_path)], strict=True)
    assert store.get("reg:GB-COH:08209948") is None


def test_a_file_named_on_its_own_is_still_refused(tmp_path: Path, store: SQLiteStore) -> None:
    with pytest.raises(InvalidInput, match="not Companies House PSC or company data"):
        load(store, "uk-psc", [_mixed_folder(tmp_path) / "b-other.json"])


def _lei_codes(path: Path) -> set[str]:
    return set(re.findall(r"<lei:LEI>([^<]+)</lei:LEI>", path.read_text(encoding="utf-8")))


def test_cli_loads_the_real_gleif_folder_and_lists_the_bods_files(
    data: Path, tmp_path: Path
) -> None:
    folder = data / "gleif-bodspipelines"
    url = f"sqlite:///{tmp_path}/g.db"
    res = CliRunner().invoke(main, ["--store", url, "load", "gleif", str(folder), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    # The two *-out.json files are BODS conversions of the GLEIF files, not GLEIF.
    assert sorted(Path(s["file"]).name for s in out["skipped_files"]) == [
        "lei-data-out.json",
        "rr-data-out.json",
    ]
    with SQLiteStore.from_url(url) as s:
        leis = _lei_codes(folder / "lei-data.xml")
        assert len(leis) == 13
        assert all(s.resolve(f"lei:{code}") for code in leis)
    strict = CliRunner().invoke(
        main, ["--store", f"sqlite:///{tmp_path}/h.db", "load", "gleif", str(folder), "--strict"]
    )
    assert strict.exit_code != 0 and "lei-data-out.json" in strict.output


def test_cli_loads_the_real_uk_psc_folder_without_the_wrapped_csv(
    data: Path, tmp_path: Path
) -> None:
    folder = data / "uk-psc-companies-house"
    url = f"sqlite:///{tmp_path}/u.db"
    res = CliRunner().invoke(main, ["--store", url, "load", "uk-psc", str(folder)])
    assert res.exit_code == 0, res.output
    assert "skipped file: " in res.output and "basic-company-data-1.csv" in res.output
    raw = json.loads((folder / "company-data-1.json").read_text(encoding="utf-8"))
    numbers = {r["CompanyNumber"] for r in raw}
    with SQLiteStore.from_url(url) as s:
        assert numbers and all(s.resolve(f"reg:GB-COH:{n}") for n in numbers)
