"""Which sanctions regime an FtM Sanction belongs to, and which List it lands on.

Rules, first match wins (the risk engine applies a regime's ownership test, so the
derivation is deliberately narrow and overridable with ``--regime``):

1. dataset ``us_ofac_sdn``                                     -> ``ofac``
2. the lists the BIS Affiliates Rule covers (DOMAIN.md §7.4): programId ``US-BIS-EL``
   or ``US-BIS-MEU``, dataset ``us_bis_entity`` or ``us_bis_meu``, or "Entity List"
   or "Military End User" in the authority or program          -> ``bis``.
   Other BIS lists (Denied Persons ``US-BIS-DPL``, Unverified ``US-BIS-UVL``,
   Military-Intelligence End Users ``US-BIS-MIEU``) are listings without that rule:
   they fall through to the rules below (``us`` by country), their lists unchanged.
3. OFAC's non-SDN lists, unless the authority is the SDN list by name ("Specially
   Designated Nationals"): dataset ``us_ofac_cons``, or an authority or program naming
   one (Sectoral Sanctions Identifications, the Non-SDN Chinese Military-Industrial
   Complex list, Foreign Sanctions Evaders, Menu-Based, CAPTA, "Non-SDN")  -> ``us``.
   The 50 Percent Rule is about blocked persons (DOMAIN.md §7.1), and these lists do
   not block: read as ``ofac`` they would make every majority-owned subsidiary of an
   NS-CMIC company look blocked.
4. the SDN list by name ("Specially Designated Nationals") in a program -> ``ofac``
5. any other Sanction whose authority is OFAC / Office of Foreign Assets Control
   -> ``us``: it names OFAC but not the SDN list.  SAM exclusions
   (``us_sam_exclusions``) give "OFAC" as the excluding agency of a US procurement
   exclusion, which blocks nothing.  A file whose SDN entries carry neither the
   dataset nor the list's name needs ``--regime ofac``.
6. programId ``EU-*``, country ``eu`` or dataset ``eu_*``      -> ``eu``
7. UK: authority FCDO / Foreign, Commonwealth & Development Office / HM Treasury /
   HMT / OFSI, or dataset ``gb_fcdo_*`` / ``gb_hmt_*``          -> ``uk``
8. otherwise the sanction's (else the dataset's) country, else ``other``.

``eu`` and ``uk`` are the asset-freeze regimes: their ownership-and-control rule
(DOMAIN.md §7.2, §7.3) reaches what a listed party owns.  A travel ban is neither an
asset freeze nor subject to that rule, so an EU or UK entry that is one lands on a
regime of its own, ``eu_travel_ban`` / ``uk_travel_ban``, which the engine reports as
a listing and never spreads: the dataset ``eu_travel_bans``, and an entry whose
recorded ``provisions`` (the sanctions it imposes, as the UK Sanctions List gives
them) include a travel ban and no asset freeze.  Recorded provisions with neither make
``eu_other_measures`` / ``uk_other_measures`` (trust services sanctions alone, say).
Without recorded provisions an EU or UK entry is an asset-freeze listing, as those of
``eu_fsf`` and the member states' freeze lists are.

An SDN Sanction designated under EO 13382 (``under_744_8``) stays ``ofac`` and is
also listed on the catalog's ``US_BIS_SDN_744_8`` (regime ``bis``, 15 CFR 744.8(a)(1)),
by ``loaders.lists.bis_744_8_listing``: the Affiliates Rule covers §744.8 SDNs.

One dataset can hold Sanctions of several regimes (the US Consolidated Screening List
``us_trade_csl`` mixes SDN, Entity List, Denied Persons and State Department entries), and
the risk engine reads a regime per List, so a Sanction whose regime is not the one its
dataset alone implies lands on a List of its own, ``FTM_<DATASET>_<REGIME>``
(``list_key``); so does a Sanction of a catalog list's dataset whose regime is not that
list's.  Which List a Sanction lands on depends only on that Sanction, never on the
order of the file.

>>> regime_of(["us"], ["Office of Foreign Assets Control"], [], ["us_ofac_sdn"], [])
'ofac'
>>> regime_of(["be"], ["Federal Public Service Finance"], ["EU-UKR"], ["be_fod_sanctions"], [])
'eu'
>>> regime_of(["ch"], ["SECO"], ["SECO-UKRAINE"], ["ch_seco_sanctions"], [])
'ch'
>>> el = "Entity List (EL) - Bureau of Industry and Security"
>>> regime_of(["us"], [el], ["US-BIS-EL"], ["us_trade_csl"], [el])
'bis'
>>> dpl = "Denied Persons List (DPL) - Bureau of Industry and Security"
>>> uvl = "Unverified List (UVL) - Bureau of Industry and Security"
>>> [regime_of(["us"], [dpl], ["US-BIS-DPL"], ["us_trade_csl"], [dpl]),
...  regime_of(["us"], [uvl], ["US-BIS-UVL"], ["us_trade_csl"], [uvl]),
...  regime_of(["us"], [], ["US-BIS-DPL"], ["us_bis_denied"], []),
...  regime_of(["us"], [], ["US-BIS-MIEU"], ["us_bis_mieu"], [])]
['us', 'us', 'us', 'us']
>>> cmic = "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department"
>>> sdn = "Specially Designated Nationals (SDN) - Treasury Department"
>>> [regime_of(["us"], [cmic], [], ["us_trade_csl"], [cmic]),
...  regime_of(["us"], ["Office of Foreign Assets Control"], [], ["us_ofac_cons"], []),
...  regime_of(["us"], [sdn], [], ["us_trade_csl"], [sdn])]
['us', 'us', 'ofac']
>>> list_key("us", "us_bis_mieu", ["US-BIS-MIEU"], overridden=False)
'FTM_US_BIS_MIEU'
>>> [list_key(r, "us_trade_csl", [], overridden=False) for r in ("us", "ofac", "bis")]
['FTM_US_TRADE_CSL', 'FTM_US_TRADE_CSL_OFAC', 'FTM_US_TRADE_CSL_BIS']
>>> list_key("ofac", "us_ofac_sdn", [], overridden=False)
'US_OFAC_SDN'
>>> list_key("ch", "ch_seco_sanctions", [], overridden=False)
'FTM_CH_SECO_SANCTIONS'
>>> sam = regime_of(["us"], ["OFAC"], [], ["us_sam_exclusions"], ["Reciprocal"])
>>> sam, list_key(sam, "us_sam_exclusions", [], overridden=False)
('us', 'FTM_US_SAM_EXCLUSIONS')
>>> fcdo = ["Foreign, Commonwealth & Development Office"]
>>> [regime_of(["eu"], ["Council of the European Union"], [], ["eu_travel_bans"], []),
...  regime_of(["gb"], fcdo, ["GB-RUS"], ["gb_fcdo_sanctions"], [], ["Travel Ban"]),
...  regime_of(["gb"], fcdo, ["GB-RUS"], ["gb_fcdo_sanctions"], [], ["Travel Ban", "Asset freeze"]),
...  regime_of(["gb"], fcdo, ["GB-RUS"], ["gb_fcdo_sanctions"], [], ["Trust Services Sanctions"])]
['eu_travel_ban', 'uk_travel_ban', 'uk', 'uk_other_measures']
>>> list_key("uk_travel_ban", "gb_fcdo_sanctions", ["GB-RUS"], overridden=False)
'FTM_GB_FCDO_SANCTIONS_UK_TRAVEL_BAN'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.errors import InvalidInput

_OFAC = re.compile(r"\bOFAC\b|office of foreign assets control", re.I)
_UK = re.compile(r"\bFCDO\b|foreign, commonwealth|hm treasury|\bHMT\b|\bOFSI\b", re.I)
# The Affiliates Rule's lists by name; "Military End User" does not match the MIEU
# list's "Military-Intelligence End User".
_AFFILIATES_LISTS = re.compile(r"entity list|military end[- ]user", re.I)
# OFAC's lists that do not block (the trade.gov CSL's names for them, and OFAC's).
_NON_SDN = re.compile(
    r"non-sdn|\bNS-|sectoral sanctions|\bSSI\b|military-industrial complex|\bCMIC\b"
    r"|foreign sanctions evaders|\bFSE\b|menu-based|\bCAPTA\b|payable-through",
    re.I,
)
_SDN = re.compile(r"specially designated nationals", re.I)
_NON_SDN_DATASETS = frozenset({"us_ofac_cons"})
# What a recorded provision imposes (English, French and German as the lists write it).
_FREEZE = re.compile(r"freez|\bgel\b|gels des|einfrier|blocking", re.I)
_TRAVEL = re.compile(r"travel ban|entry ban|admission|entry into", re.I)
_TRAVEL_DATASETS = frozenset({"eu_travel_bans"})

# Datasets and program ids that are the lists the catalog already describes, with the
# regime of that list: a Sanction of another regime does not land on it.
_CATALOG_BY_DATASET = {
    "us_ofac_sdn": ("US_OFAC_SDN", "ofac"),
    "eu_fsf": ("EU_FSF", "eu"),
    "gb_fcdo_sanctions": ("UK_HMT", "uk"),
    "gb_hmt_sanctions": ("UK_HMT", "uk"),
    "us_bis_entity": ("US_BIS_ENTITY", "bis"),
    "us_bis_meu": ("US_BIS_MEU", "bis"),
}
_CATALOG_BY_PROGRAM = {"US-BIS-EL": ("US_BIS_ENTITY", "bis"), "US-BIS-MEU": ("US_BIS_MEU", "bis")}
# 15 CFR 744.8(a)(1): BIS's licence requirement on the SDNs designated under EO 13382,
# the SDN List's [NPWMD] program; the Affiliates Rule covers them (DOMAIN.md §7.4).
BIS_SDN_LIST = "US_BIS_SDN_744_8"
_EO_13382 = re.compile(r"\bNPWMD\b|\b13382\b", re.I)
# The catalog's lists in regime ``bis``: the ones the Affiliates Rule covers.
_BIS_DATASETS = frozenset(d for d, (_, r) in _CATALOG_BY_DATASET.items() if r == "bis")
_BIS_PROGRAMS = frozenset(_CATALOG_BY_PROGRAM)


def regime_of(
    countries: Sequence[str],
    authorities: Sequence[str],
    program_ids: Sequence[str],
    datasets: Sequence[str],
    programs: Sequence[str],
    provisions: Sequence[str] = (),
) -> str:
    """The regime code for one Sanction (see the module's rules)."""
    countries = [c.lower() for c in countries]
    ds = [d.lower() for d in datasets]
    pids = [p.upper() for p in program_ids]
    auth = " | ".join(authorities)
    if "us_ofac_sdn" in ds:
        return "ofac"
    if (
        any(d in _BIS_DATASETS for d in ds)
        or any(p in _BIS_PROGRAMS for p in pids)
        or _AFFILIATES_LISTS.search(auth)
        or any(_AFFILIATES_LISTS.search(p) for p in programs)
    ):
        return "bis"
    # The authority names the list itself on the CSL, so an SDN authority wins over a
    # program code that merely looks like a non-SDN one.
    if _SDN.search(auth):
        return "ofac"
    texts = [auth, *programs]
    if any(d in _NON_SDN_DATASETS for d in ds) or any(_NON_SDN.search(t) for t in texts):
        return "us"
    if any(_SDN.search(t) for t in programs):
        return "ofac"
    if _OFAC.search(auth):
        return "us"
    if (
        any(p.startswith("EU-") for p in pids)
        or "eu" in countries
        or any(d.startswith("eu_") for d in ds)
    ):
        return _freeze_or_not("eu", ds, provisions)
    if _UK.search(auth) or any(d.startswith(("gb_fcdo", "gb_hmt")) for d in ds):
        return _freeze_or_not("uk", ds, provisions)
    if countries:
        return countries[0]
    for d in ds:
        head = d.split("_", 1)[0]
        if len(head) == 2:
            return head
    return "other"


_REGIME_CODE = re.compile(r"[a-z][a-z0-9_]{1,39}")


def regime_override(text: str) -> str:
    """A ``--regime`` value as the lists carry it: lower case, a code of letters, digits
    and ``_`` (``OFAC`` is ``ofac``, so a capital does not hide a file's listings from
    every status).

    >>> regime_override(" OFAC ")
    'ofac'
    >>> regime_override("of ac")
    Traceback (most recent call last):
    graph.errors.InvalidInput: --regime 'of ac': not a regime code (ofac, bis, eu, uk, or another list's code such as ch or eu_travel_ban)
    """
    code = text.strip().lower()
    if not _REGIME_CODE.fullmatch(code):
        raise InvalidInput(
            f"--regime {text!r}: not a regime code (ofac, bis, eu, uk, or another list's "
            "code such as ch or eu_travel_ban)",
            regime=text,
        )
    return code


def under_744_8(texts: Sequence[str]) -> bool:
    """Does an SDN listing's program (an sdn.csv tag, an FtM ``program``, ``provisions``
    or ``reason``) say the designation is under EO 13382, so that 15 CFR 744.8(a)(1) puts
    the party on the BIS side too?  Only for listings already on the SDN list.

    >>> under_744_8(["NPWMD", "IFSR"]), under_744_8(["Executive Order 13382 (WMD)"])
    (True, True)
    >>> under_744_8(["RUSSIA-EO14024", "SDGT"]), under_744_8(["NPWMDX"])
    (False, False)
    """
    return any(_EO_13382.search(t) for t in texts)


def _freeze_or_not(regime: str, datasets: Sequence[str], provisions: Sequence[str]) -> str:
    """``regime`` for an asset-freeze entry; a travel ban or other measures apart."""
    if any(d in _TRAVEL_DATASETS for d in datasets):
        return f"{regime}_travel_ban"
    if not provisions or any(_FREEZE.search(p) for p in provisions):
        return regime
    if any(_TRAVEL.search(p) for p in provisions):
        return f"{regime}_travel_ban"
    return f"{regime}_other_measures"


def list_key(regime: str, dataset: str, program_ids: Sequence[str], *, overridden: bool) -> str:
    """The List a Sanction lands on: the catalog's list when the dataset or program is
    one it describes and the regime is that list's (unless the regime was overridden),
    else ``FTM_<DATASET>``, or ``FTM_<DATASET>_<REGIME>`` when ``regime`` is not the one
    the dataset alone implies."""
    if not overridden:
        for p in program_ids:
            known = _CATALOG_BY_PROGRAM.get(p.upper())
            if known is not None and known[1] == regime:
                return known[0]
        known = _CATALOG_BY_DATASET.get(dataset.lower())
        if known is not None and known[1] == regime:
            return known[0]
    key = "FTM_" + _token(dataset)
    if not overridden and regime != regime_of([], [], [], [dataset], []):
        key += "_" + _token(regime)
    return key


def _token(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_")
