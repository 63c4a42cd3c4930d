"""What a sanctions regime imposes on a restricted party, and the documents it rests on.

A listing rests on the designation under its program: each program id or tag of the
entry is looked up in the catalog's ``programs`` (EO 14024 for RUSSIA-EO14024, Council
Regulation (EU) No 269/2014 for EU-UKR); a program the catalog lacks is named as such,
and an entry without a program falls back to its list's ``legal_basis``.  An owned or
controlled entity rests on the regime's ownership rule: the catalog lists'
``ownership_basis`` entries in force on the as-of date, so a finding never cites a
document younger than its date (the 2024 EU Best Practices in 2016, say).  Documents the
catalog does not tag as verified carry their tag: ``[R]`` recalled, ``[S]`` secondary,
``[D]`` derived.

>>> from datetime import date
>>> from graph.catalog import load_catalog
>>> from graph.risk.evidence import ListingRef
>>> sdn = ListingRef("US_OFAC_SDN", "SDN", programs=("RUSSIA-EO14024", "SDGT"))
>>> measure_ref(load_catalog(), "ofac", date(2026, 1, 1), [sdn], "listed").legal_basis
"RUSSIA-EO14024: Executive Order 14024 sec. 1 [R]; program SDGT (its document is not in credgraph's catalog)"
>>> measure_ref(load_catalog(), "ofac", date(2026, 1, 1), [sdn], "owned").legal_basis
'79 FR 47726; OFAC FAQ 398-401'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from graph.catalog import Catalog
from graph.risk.evidence import ListingRef, MeasureRef


def cite(entry: Mapping[str, object]) -> str:
    """A catalog document as a finding cites it: doc, article, and its certainty tag
    unless verified.

    >>> cite({"doc": "Council Regulation (EU) No 269/2014", "article": "art. 2", "confidence": "R"})
    'Council Regulation (EU) No 269/2014 art. 2 [R]'
    """
    text = str(entry.get("doc") or "")
    if entry.get("article"):
        text += f" {entry['article']}"
    tag = str(entry.get("confidence") or "")
    return text + (f" [{tag}]" if tag and tag != "V" else "")


@dataclass(frozen=True, slots=True)
class RegimeMeasure:
    """What a regime imposes on a restricted party; the basis comes from the catalog."""

    id: str
    name_zh: str
    name_en: str
    agency: str  # catalog agency id


MEASURES = {
    "ofac": RegimeMeasure(
        "OFAC_BLOCKING",
        "冻结财产，美国人不得与之交易",
        "Blocking: property and interests in property are blocked; US persons may not deal "
        "with the party",
        "OFAC",
    ),
    "bis": RegimeMeasure(
        "BIS_LICENCE",
        "出口管制许可证要求（受EAR管辖物项）",
        "Licence requirement for all items subject to the EAR (end-user controls, 15 CFR 744)",
        "BIS",
    ),
    "eu": RegimeMeasure(
        "EU_ASSET_FREEZE",
        "资产冻结，禁止提供资金或经济资源",
        "Asset freeze; no funds or economic resources may be made available",
        "EU",
    ),
    "uk": RegimeMeasure(
        "UK_ASSET_FREEZE",
        "资产冻结，禁止提供资金或经济资源",
        "Asset freeze; no funds or economic resources may be made available",
        "OFSI",
    ),
}


def measure_ref(
    catalog: Catalog, regime: str, as_of: date, lists: Sequence[ListingRef], status: str
) -> MeasureRef:
    """``regime``'s measure with the legal basis of a finding of ``status`` resting on
    ``lists`` on ``as_of``: the designations for ``listed``, else the ownership rule."""
    spec = MEASURES[regime]
    if status == "listed":
        basis = designation_basis(catalog, lists)
    else:
        basis = ownership_basis(catalog, regime, as_of, lists)
    agency = catalog.agencies.get(spec.agency, {})
    return MeasureRef(
        id=spec.id,
        name_zh=spec.name_zh,
        name_en=spec.name_en,
        agencies=[str(agency.get("name_en") or spec.agency)],
        legal_basis="; ".join(dict.fromkeys(basis)),
    )


def designation_basis(catalog: Catalog, lists: Sequence[ListingRef]) -> list[str]:
    """What the listings rest on: their programs' documents (program ids first, else the
    program tags), else their list's generic basis."""
    out: list[str] = []
    for ref in lists:
        meta = catalog.lists.get(ref.list_id)
        if meta is not None and meta.get("own_basis"):
            # The list itself is the basis (15 CFR 744.8(a)(1) for the SDNs under EO
            # 13382): the entry's OFAC programs say why OFAC listed it, not BIS.
            out += [cite(b) for b in meta["legal_basis"]]
            continue
        codes = ref.program_ids or ref.programs
        for code in codes:
            prog = catalog.program(code)
            if prog is None:
                out.append(f"program {code} (its document is not in credgraph's catalog)")
            else:
                out += [f"{prog['id']}: {cite(b)}" for b in prog["legal_basis"]]
        if codes:
            continue
        if meta is not None:
            out += [f"{cite(b)} (program not recorded)" for b in meta["legal_basis"]]
        else:
            out.append(f"designation on {ref.list_name} (program not recorded)")
    return out


def ownership_basis(
    catalog: Catalog, regime: str, as_of: date, lists: Sequence[ListingRef]
) -> list[str]:
    """The ownership rule's documents in force on ``as_of``, for the catalog lists among
    ``lists`` (all the regime's catalog lists when none is)."""
    keys = [x.list_id for x in lists if x.list_id in catalog.lists]
    if not keys:
        keys = [k for k, v in catalog.lists.items() if v.get("regime") == regime]
    return [cite(b) for k in dict.fromkeys(keys) for b in catalog.ownership_basis(k, as_of)]
