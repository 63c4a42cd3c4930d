"""A complete list loaded again ends the listings it no longer has (``loaders.delisting``).

Hand-made SDN editions in the legacy CSV layout (12 columns, ``-0-`` for empty):

    edition 1 (2026-01-05): 101 ALPHA TRADING (SDGT), 102 BRAVO LTD (NPWMD), 103 CHARLIE CO (SDGT)
    edition 2 (2026-03-02): 101 and 102, but 102 no longer NPWMD; 103 gone

Loaded with ``complete=2026-03-02``: 103's SDN listing ends on 2026-03-02 and so does
102's §744.8 BIS listing (its NPWMD designation is gone); 101 and 102 stay SDN listed.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.model import Node, NodeType, Provenance, Rel, RelType
from graph.risk.exposure import exposure
from graph.store.sqlite import SQLiteStore
from loaders.delisting import END_REASON
from loaders.pipeline import load
from ui.cli import main

SECOND = date(2026, 3, 2)
BEFORE, AFTER = date(2026, 2, 1), date(2026, 4, 1)


def edition(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        for ent, name, program in rows:
            w.writerow([ent, name, "-0-", program, *["-0-"] * 7, "-0-"])
    return path


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    first = edition(
        tmp_path / "sdn-1.csv",
        [("101", "ALPHA TRADING", "SDGT"), ("102", "BRAVO LTD", "NPWMD"), ("103", "CHARLIE CO", "SDGT")],
    )  # fmt: skip
    second = edition(
        tmp_path / "sdn-2.csv", [("101", "ALPHA TRADING", "SDGT"), ("102", "BRAVO LTD", "SDGT")]
    )
    return first, second


def statuses(store: SQLiteStore, nid: str, day: date) -> dict[str, str]:
    return exposure(store, nid, day).statuses()


def test_a_complete_edition_ends_what_it_left_out(
    tmp_path: Path, editions: tuple[Path, Path]
) -> None:
    first, second = editions
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [first])
        report = load(store, "ofac-sdn", [second], complete=SECOND)
        assert report.ended == 2
        ended = {(s["record_id"], s["list"]) for s in report.ended_samples}
        assert ended == {("ofac:103", "list:US_OFAC_SDN"), ("ofac:102", "list:US_BIS_SDN_744_8")}
        assert "ended: 2 listings absent from the complete list published 2026-03-02" in (
            report.as_text()
        )
        # 103: listed until the second edition, not after.
        assert statuses(store, "ofac:103", BEFORE)["ofac"] == "listed"
        assert statuses(store, "ofac:103", AFTER)["ofac"] == "none"
        # 102: still an SDN, no longer a §744.8 party for BIS.
        assert statuses(store, "ofac:102", AFTER)["ofac"] == "listed"
        assert statuses(store, "ofac:102", BEFORE)["bis"] == "listed"
        assert statuses(store, "ofac:102", AFTER)["bis"] == "none"
        assert statuses(store, "ofac:101", AFTER)["ofac"] == "listed"
        (rel,) = [
            r
            for r in store.rels_of("ofac:103", types=[RelType.LISTED_ON])[0]
            if r.dst == "list:US_OFAC_SDN"
        ]
        assert rel.end == SECOND
        assert rel.props[END_REASON] == "absent from the complete list published 2026-03-02"


def test_without_complete_a_reload_ends_nothing(
    tmp_path: Path, editions: tuple[Path, Path]
) -> None:
    """An extract (a filtered file) must not delist the rest: ending needs the user's word."""
    first, second = editions
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [first])
        report = load(store, "ofac-sdn", [second])
        assert report.ended == 0
        assert statuses(store, "ofac:103", AFTER)["ofac"] == "listed"


def test_another_sources_listing_is_left_alone(tmp_path: Path, editions: tuple[Path, Path]) -> None:
    """Another source's listing of the same party on the same list is that source's word."""
    first, second = editions
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [first])
        other = Rel(
            "other-103",
            RelType.LISTED_ON,
            "ofac:103",
            "list:US_OFAC_SDN",
            provenance=(Provenance("opensanctions", "x-103"),),
        )
        store.upsert_rels([other])
        load(store, "ofac-sdn", [second], complete=SECOND)
        assert statuses(store, "ofac:103", AFTER)["ofac"] == "listed"
        (kept,) = [r for r in store.rels_of("ofac:103")[0] if r.id == "other-103"]
        assert kept.end is None


def test_listed_again_in_a_later_edition_is_open_again(
    tmp_path: Path, editions: tuple[Path, Path]
) -> None:
    first, second = editions
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [first])
        load(store, "ofac-sdn", [second], complete=SECOND)
        report = load(store, "ofac-sdn", [first], complete=date(2026, 5, 4))
        assert {s["record_id"] for s in report.ended_samples} == set()
        assert statuses(store, "ofac:103", date(2026, 6, 1))["ofac"] == "listed"


def test_a_dry_run_counts_without_ending(tmp_path: Path, editions: tuple[Path, Path]) -> None:
    first, second = editions
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [first])
        report = load(store, "ofac-sdn", [second], complete=SECOND, dry_run=True)
        assert report.ended == 2
        assert statuses(store, "ofac:103", AFTER)["ofac"] == "listed"


def test_listing_before_a_complete_edition_is_not_ended_twice(tmp_path: Path) -> None:
    """A listing already over by the edition's day, or starting after it, stays as it is."""
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        p = (Provenance("src", "r"),)
        store.upsert_nodes(
            [Node("list:L", NodeType.LIST, "L"), *(Node(x, NodeType.COMPANY, x) for x in "abc")]
        )
        store.upsert_rels(
            [
                Rel("aL", RelType.LISTED_ON, "a", "list:L", end=date(2025, 1, 1), provenance=p),
                Rel("bL", RelType.LISTED_ON, "b", "list:L", start=date(2027, 1, 1), provenance=p),
                Rel("cL", RelType.LISTED_ON, "c", "list:L", provenance=p),
            ]
        )
        from loaders.delisting import absent_listings

        plan = absent_listings(store, ["list:L"], "src", set(), SECOND)
        assert ([r.id for r in plan.ended], plan.open) == (["cL"], 1)


def test_cli_complete_and_published(tmp_path: Path, editions: tuple[Path, Path]) -> None:
    first, second = editions
    url = f"sqlite:///{tmp_path / 'c.db'}"
    run = CliRunner().invoke
    q = ["--quarantine", str(tmp_path / "q.jsonl")]
    assert run(main, ["--store", url, "load", "ofac-sdn", str(first), *q]).exit_code == 0
    r = run(
        main,
        ["--store", url, "load", "ofac-sdn", str(second), "--complete",
         "--published", "2026-03-02", "--json", *q],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["ended"] == 2
    bad = run(main, ["--store", url, "load", "ofac-sdn", str(second), "--published", "2026-03-02"])
    assert bad.exit_code == 2 and "--published and --max-ended need --complete" in bad.output


def _many(path: Path, n: int) -> Path:
    return edition(path, [(str(1000 + k), f"PARTY {k} LTD", "SDGT") for k in range(n)])


@pytest.mark.parametrize("kept", [0, 40])
def test_an_edition_that_would_end_too_much_ends_nothing(tmp_path: Path, kept: int) -> None:
    """An empty or truncated download must not delist the whole list: an edition listing
    nobody, or one ending more than a tenth of the source's open listings (and more
    than ten), ends nothing, and the report says why."""
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        load(store, "ofac-sdn", [_many(tmp_path / "full.csv", 100)])
        cut = _many(tmp_path / "cut.csv", kept)
        report = load(store, "ofac-sdn", [cut], complete=SECOND)
        assert report.ended == 0 and report.ended_samples == []
        assert report.delist_refused is not None
        why = "list nobody" if kept == 0 else "would end 60 of 100 open listings (60.0%)"
        assert why in report.delist_refused
        assert f"ended: none: {report.delist_refused}" in report.as_text()
        assert statuses(store, "ofac:1099", AFTER)["ofac"] == "listed"
        # The publisher really removed that many: allowed on the user's word.
        if kept:
            again = load(store, "ofac-sdn", [cut], complete=SECOND, max_ended=Fraction(60, 100))
            assert (again.ended, again.delist_refused) == (60, None)
            assert statuses(store, "ofac:1099", AFTER)["ofac"] == "none"


def test_cli_refuses_a_mass_delisting_with_exit_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    run = CliRunner().invoke
    q = ["--quarantine", str(tmp_path / "q.jsonl")]
    assert (
        run(
            main, ["--store", url, "load", "ofac-sdn", str(_many(tmp_path / "f.csv", 50)), *q]
        ).exit_code
        == 0
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    r = run(
        main,
        ["--store", url, "load", "ofac-sdn", str(_many(tmp_path / "c.csv", 20)), "--complete", *q],
    )
    assert r.exit_code == 1 and "error: --complete: this edition would end 30 of 50" in r.output
    assert "--max-ended 60" in r.output
    ok = run(main, ["--store", url, "load", "ofac-sdn", str(_many(tmp_path / "c.csv", 20)),
                    "--complete", "--max-ended", "60", "--json", *q])  # fmt: skip
    assert ok.exit_code == 0 and json.loads(ok.stdout)["ended"] == 30
