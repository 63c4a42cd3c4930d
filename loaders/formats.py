"""The formats ``credgraph load`` knows: name -> reader and default source name.

A reader is ``read_x(path, *, source, **options) -> Iterator[Record]``; it only
reads.  ``loaders.pipeline.load`` writes.

>>> sorted(FORMATS)
['bis-mieu', 'bods', 'bundle', 'cn-holders', 'cn-registry', 'ftm', 'gleif', 'ndaa-1286', 'ofac-sdn', 'uk-psc']
>>> FORMATS["ofac-sdn"].default_source
'us_ofac_sdn'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from loaders.records import Record

Reader = Callable[..., Iterator[Record]]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    reader: Reader
    default_source: str
    options: frozenset[str] = frozenset()  # keyword options the reader accepts
    help: str = ""
    # The reader takes a folder file by file (not as one dataset of files that belong
    # together): the pipeline then opens each file itself and skips one of another kind.
    per_file: bool = False
    # Lists a file of this format publishes whole even when no entry of an edition is on
    # one (an SDN edition with no [NPWMD] entry still says none is a §744.8 SDN): a
    # complete load (``loaders.delisting``) covers them besides those it wrote to.
    covers: tuple[str, ...] = ()
    # The source name of one path when the user gives none (``--source``): a format
    # whose files are the user's own datasets (a bundle) names each after its folder,
    # so that two of them never share ids; None: ``default_source`` for every path.
    source_of: Callable[[Path], str] | None = None

    def source_for(self, path: Path, source: str | None) -> str:
        """The source a load of ``path`` writes under: ``source`` when given."""
        if source:
            return source
        return self.source_of(path) if self.source_of is not None else self.default_source


def _formats() -> dict[str, Format]:
    from loaders import (
        bods,
        bundle,
        cn_holders,
        cn_registry,
        ftm,
        gleif,
        ofac_sdn,
        regimes,
        uk_psc,
        us_lists,
        us_lists_map,
    )

    return {
        f.name: f
        for f in (
            Format(
                "cn-registry",
                cn_registry.read_cn_registry,
                cn_registry.DEFAULT_SOURCE,
                help="Chinese enterprise registration CSV (企业名称, 统一社会信用代码, ...)",
            ),
            Format(
                "cn-holders",
                cn_holders.read_cn_holders,
                cn_holders.DEFAULT_SOURCE,
                help="listed-company top-10 holders: relation.csv with company.csv beside it",
            ),
            Format(
                "ofac-sdn",
                ofac_sdn.read_ofac_sdn,
                ofac_sdn.DEFAULT_SOURCE,
                help="OFAC SDN legacy CSV (sdn.csv, with add.csv and alt.csv when present)",
                covers=(ofac_sdn.LIST_ID, f"list:{regimes.BIS_SDN_LIST}"),
            ),
            Format(
                "bis-mieu",
                us_lists.read_bis_mieu,
                us_lists_map.MIEU.default_source,
                help="BIS Military-Intelligence End-User list (OpenSanctions mieu.csv)",
            ),
            Format(
                "ndaa-1286",
                us_lists.read_ndaa_1286,
                us_lists_map.NDAA_1286.default_source,
                help="DoD Section 1286 list, one row per yearly report (section_1286.csv)",
            ),
            Format(
                "ftm",
                ftm.read_ftm,
                ftm.DEFAULT_SOURCE,
                frozenset({"regime"}),
                help="FollowTheMoney JSON lines (OpenSanctions exports)",
            ),
            Format(
                "bods",
                bods.read_bods,
                bods.DEFAULT_SOURCE,
                help="Beneficial Ownership Data Standard 0.2/0.4 (JSON array or lines, gzip)",
                per_file=True,
            ),
            Format(
                "gleif",
                gleif.read_gleif,
                gleif.DEFAULT_SOURCE,
                help="GLEIF LEI-CDF, RR-CDF and reporting exceptions (XML or JSON, gzip)",
                per_file=True,
            ),
            Format(
                "uk-psc",
                uk_psc.read_uk_psc,
                uk_psc.DEFAULT_SOURCE,
                help="Companies House PSC JSON and BasicCompanyData (CSV or JSON, gzip)",
                per_file=True,
            ),
            Format(
                "bundle",
                bundle.read_bundle,
                bundle.DEFAULT_SOURCE,
                help="credgraph CSV bundle: a folder with entities/relationships/listings.csv",
                source_of=bundle.bundle_source,
            ),
        )
    }


FORMATS: dict[str, Format] = _formats()


def get_format(name: str) -> Format:
    """The format called ``name``; ``InvalidInput`` listing the known ones otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InvalidInput(f"unknown format {name!r}; known: {known}", format=name) from None


def check_options(fmt: Format, options: dict[str, Any]) -> None:
    extra = {k for k, v in options.items() if v is not None} - fmt.options
    if extra:
        raise InvalidInput(
            f"option(s) {', '.join(sorted(extra))} do not apply to format {fmt.name}",
            format=fmt.name,
            options=sorted(extra),
        )


def as_paths(paths: list[str] | list[Path] | tuple[str | Path, ...]) -> list[Path]:
    return [Path(p) for p in paths]
