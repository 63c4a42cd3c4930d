"""FtM Sanction records: the listing, its List (regime by ``loaders.regimes``) and dates.

A Sanction becomes one LISTED_ON from its first ``entity`` to the List of its regime
(``list_key``), with the catalog's List records the first time a catalog list is
named, else a List of the dataset.  Its start is ``startDate``, else ``listingDate``,
else, when every program it names is dated in the catalog, the day their legal basis
took effect, marked unrecorded (``loaders.lists.undated_start``).  ``ftm_day`` and
``missing_refs`` are shared with the rest of the reader (``loaders.ftm``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from graph.model import Provenance, Rel, RelType, rel_id
from loaders.lists import (
    bis_744_8_listing,
    catalog_list_records,
    dataset_list_records,
    in_catalog,
    undated_start,
)
from loaders.records import Quarantined, Record, Warned
from loaders.regimes import BIS_SDN_LIST, list_key, regime_of, under_744_8
from loaders.spill import SpillSet


def ftm_day(values: list[str], latest: bool = False) -> date | None:
    """Earliest (or latest) of FtM's dates; partial dates take their first day.

    >>> ftm_day(["2025-04-23", "2023-12"]), ftm_day(["2019"], latest=True)
    (datetime.date(2023, 12, 1), datetime.date(2019, 1, 1))
    """
    days = []
    for v in values:
        parts = v[:10].split("-")
        try:
            days.append(
                date(
                    int(parts[0]),
                    int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1,
                )
            )
        except (ValueError, IndexError):
            continue
    if not days:
        return None
    return max(days) if latest else min(days)


def missing_refs(file: str, line: int, proxy: Any, ids: SpillSet, *props: str) -> Iterator[Warned]:
    """A warning for each reference in ``props`` to an id not in the file."""
    for p in props:
        for ref in proxy.get(p, quiet=True):
            if ref not in ids:
                yield Warned(file, line, proxy.id, f"reference to record not in file ({p})")


def sanction_records(
    file: str,
    line: int,
    proxy: Any,
    prov: tuple[Provenance, ...],
    ids: SpillSet,
    override: str | None,
    lists_done: set[str],
) -> Iterator[Record]:
    entities = proxy.get("entity")
    if not entities:
        yield Quarantined(file, line, "Sanction without entity", proxy.id, "LISTED_ON")
        return
    yield from missing_refs(file, line, proxy, ids, "entity")
    datasets = list(proxy.context.get("datasets") or [])
    countries = proxy.get("country", quiet=True)
    authorities = proxy.get("authority", quiet=True)
    program_ids = proxy.get("programId", quiet=True)
    programs = proxy.get("program", quiet=True)
    provisions = proxy.get("provisions", quiet=True)
    derived = regime_of(countries, authorities, program_ids, datasets, programs, provisions)
    regime = override or derived
    dataset = datasets[0] if datasets else "unknown"
    key = list_key(regime, dataset, program_ids, overridden=override is not None)
    if key not in lists_done:
        lists_done.add(key)
        if in_catalog(key):
            yield from catalog_list_records(key)
        else:
            # A dataset split by regime (loaders.regimes) names its parts apart.
            split = key != list_key(regime, dataset, [], overridden=True)
            yield from dataset_list_records(
                key,
                f"{dataset} ({regime} entries)" if split else dataset,
                regime,
                prov[0].source,
                authority=authorities[0] if authorities else None,
                props={"dataset": dataset, "country": countries[0] if countries else None},
            )
    lid = f"list:{key}"
    src = f"ftm:{entities[0]}"
    start = ftm_day(proxy.get("startDate", quiet=True)) or ftm_day(
        proxy.get("listingDate", quiet=True)
    )
    end = ftm_day(proxy.get("endDate", quiet=True), latest=True)
    if start and end and end < start:
        yield Warned(file, line, proxy.id, "sanction ends before it starts; end dropped")
        end = None
    props: dict[str, Any] = {"regime": regime, "datasets": datasets, "status": "active"}
    if start is None:
        bound = undated_start(program_ids, programs, end)
        if bound is not None:
            start = bound.pop("start")
            props.update(bound)
    if override and override != derived:
        props["regime_derived"] = derived
    for k, out in (
        ("program", "programs"),
        ("programId", "program_ids"),
        ("authority", "authorities"),
        ("reason", "reasons"),
        ("listingDate", "listing_dates"),
        ("country", "countries"),
        ("provisions", "provisions"),
    ):
        vals = proxy.get(k, quiet=True)
        if vals:
            props[out] = vals
    listing = Rel(
        rel_id(RelType.LISTED_ON, src, lid, prov[0].source, proxy.id),
        RelType.LISTED_ON,
        src,
        lid,
        start=start,
        end=end,
        props=props,
        provenance=prov,
    )
    yield listing
    texts = [*programs, *proxy.get("provisions", quiet=True), *props.get("reasons", [])]
    if regime == "ofac" and under_744_8(texts):
        if BIS_SDN_LIST not in lists_done:
            lists_done.add(BIS_SDN_LIST)
            yield from catalog_list_records(BIS_SDN_LIST)
        yield bis_744_8_listing(listing, proxy.id)
