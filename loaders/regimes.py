"""Which sanctions regime an FtM Sanction belongs to, and which List it lands on.

Rules, first match wins (the risk engine applies a regime's ownership test, so the
derivation is deliberately narrow and overridable with ``--regime``):

1. dataset ``us_ofac_sdn``                                     -> ``ofac``
2. dataset ``us_bis_*``, programId ``US-BIS-*``, or "Entity List" in the
   authority or program                                        -> ``bis``
3. country ``us`` and authority OFAC / Office of Foreign Assets Control -> ``ofac``
4. programId ``EU-*``, country ``eu`` or dataset ``eu_*``      -> ``eu``
5. UK: authority FCDO / Foreign, Commonwealth & Development Office / HM Treasury /
   HMT / OFSI, or dataset ``gb_fcdo_*`` / ``gb_hmt_*``          -> ``uk``
6. otherwise the sanction's (else the dataset's) country, else ``other``.

>>> regime_of(["us"], ["Office of Foreign Assets Control"], [], ["us_ofac_sdn"], [])
'ofac'
>>> regime_of(["be"], ["Federal Public Service Finance"], ["EU-UKR"], ["be_fod_sanctions"], [])
'eu'
>>> regime_of(["ch"], ["SECO"], ["SECO-UKRAINE"], ["ch_seco_sanctions"], [])
'ch'
>>> list_key("ofac", "us_ofac_sdn", [], overridden=False)
'US_OFAC_SDN'
>>> list_key("ch", "ch_seco_sanctions", [], overridden=False)
'FTM_CH_SECO_SANCTIONS'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OFAC = re.compile(r"\bOFAC\b|office of foreign assets control", re.I)
_UK = re.compile(r"\bFCDO\b|foreign, commonwealth|hm treasury|\bHMT\b|\bOFSI\b", re.I)
_ENTITY_LIST = re.compile(r"entity list", re.I)

# Datasets and program ids that are the lists the catalog already describes.
_CATALOG_BY_DATASET = {
    "us_ofac_sdn": "US_OFAC_SDN",
    "eu_fsf": "EU_FSF",
    "gb_fcdo_sanctions": "UK_HMT",
    "gb_hmt_sanctions": "UK_HMT",
    "us_bis_entity": "US_BIS_ENTITY",
    "us_bis_meu": "US_BIS_MEU",
}
_CATALOG_BY_PROGRAM = {"US-BIS-EL": "US_BIS_ENTITY", "US-BIS-MEU": "US_BIS_MEU"}


def regime_of(
    countries: Sequence[str],
    authorities: Sequence[str],
    program_ids: Sequence[str],
    datasets: Sequence[str],
    programs: Sequence[str],
) -> str:
    """The regime code for one Sanction (see the module's rules)."""
    countries = [c.lower() for c in countries]
    ds = [d.lower() for d in datasets]
    pids = [p.upper() for p in program_ids]
    auth = " | ".join(authorities)
    if "us_ofac_sdn" in ds:
        return "ofac"
    if (
        any(d.startswith("us_bis") for d in ds)
        or any(p.startswith("US-BIS") for p in pids)
        or _ENTITY_LIST.search(auth)
        or any(_ENTITY_LIST.search(p) for p in programs)
    ):
        return "bis"
    if "us" in countries and _OFAC.search(auth):
        return "ofac"
    if (
        any(p.startswith("EU-") for p in pids)
        or "eu" in countries
        or any(d.startswith("eu_") for d in ds)
    ):
        return "eu"
    if _UK.search(auth) or any(d.startswith(("gb_fcdo", "gb_hmt")) for d in ds):
        return "uk"
    if countries:
        return countries[0]
    for d in ds:
        head = d.split("_", 1)[0]
        if len(head) == 2:
            return head
    return "other"


def list_key(regime: str, dataset: str, program_ids: Sequence[str], *, overridden: bool) -> str:
    """The List a Sanction lands on: the catalog's list when the dataset or program is
    one it describes (unless the regime was overridden), else ``FTM_<DATASET>``."""
    if not overridden:
        for p in program_ids:
            if p.upper() in _CATALOG_BY_PROGRAM:
                return _CATALOG_BY_PROGRAM[p.upper()]
        if dataset.lower() in _CATALOG_BY_DATASET:
            return _CATALOG_BY_DATASET[dataset.lower()]
    return "FTM_" + re.sub(r"[^A-Z0-9]+", "_", dataset.upper()).strip("_")
