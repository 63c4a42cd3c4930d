"""Hand-built shapes the synthetic demo graph always contains, as data.

The random part of the demo gives volume; these give the cases a user and the risk
engine must find, each named after the DOMAIN.md fixture it mirrors:

- ``cycle_*``: a cross-holding cycle A -> B -> C -> A.
- ``pyr_*``: an ownership pyramid 12 companies deep under one person.
- ``ofac_*``: an SDN-listed company X and person Y with OFAC 50 % rule shapes (FAQ 401
  examples 1 and 3, aggregation, exactly 50 %, 49.99 %, and a range straddling 50 %).
- ``cn1_*`` .. ``cn5_*``: DOMAIN.md §9 CN-1 .. CN-5 (joint punishment, P2, P3, P6, P7).
- ``odd``: the deliberate odd case: three holders of 33.34 % each (100.02 %), as
  registries publish rounded shares.  It is the only company whose shares sum above 1.

Keys ``c:<name>`` are companies and ``p:<name>`` persons; the generator places them in
slots reserved at the end of its company and person ranges.  Dates are fixed, not
random, so tests and documentation can cite them.

>>> len(SCENARIO_COMPANIES), len(SCENARIO_PERSONS)
(39, 14)
>>> ODD_SHARE_COMPANIES
('c:odd',)
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

from graph.model import ListingStatus, Role

D = date.fromisoformat


class OwnsSpec(NamedTuple):
    owner: str
    owned: str
    lo: Fraction
    hi: Fraction
    start: date


class OfficerSpec(NamedTuple):
    person: str
    company: str
    role: Role
    start: date
    end: date | None = None
    props: dict[str, Any] = {}  # noqa: RUF012 -- never mutated; NamedTuple default


class ListingSpec(NamedTuple):
    subject: str
    list_id: str
    start: date
    end: date | None
    status: ListingStatus
    props: dict[str, Any]


class CompanySpec(NamedTuple):
    registered: date
    status: str = "存续"
    status_date: date | None = None


def _bp(n: int) -> Fraction:
    return Fraction(n, 10000)


_PYRAMID_BP = (5100, 6000, 7500, 5100, 9000, 5500, 6600, 5100, 8000, 7000, 5100, 10000)

SCENARIO_COMPANIES: dict[str, CompanySpec] = {
    "c:cycle_a": CompanySpec(D("2011-04-02")),
    "c:cycle_b": CompanySpec(D("2011-05-09")),
    "c:cycle_c": CompanySpec(D("2011-06-20")),
    **{f"c:pyr_{k}": CompanySpec(D(f"{2008 + k}-03-15")) for k in range(13)},
    "c:ofac_x": CompanySpec(D("2006-09-12")),
    "c:ofac_o1": CompanySpec(D("2012-02-01")),
    "c:ofac_o2": CompanySpec(D("2013-08-19")),
    "c:ofac_o3": CompanySpec(D("2015-01-07")),
    "c:ofac_n1": CompanySpec(D("2014-11-11")),
    "c:ofac_agg": CompanySpec(D("2016-03-30")),
    "c:ofac_b": CompanySpec(D("2016-07-04")),
    "c:ofac_r1": CompanySpec(D("2017-10-10")),
    "c:cn1_debtor": CompanySpec(D("2012-05-18")),
    "c:cn1_d2": CompanySpec(D("2016-01-12")),
    "c:cn1_d3": CompanySpec(D("2014-09-01")),
    "c:cn1_d4": CompanySpec(D("2015-06-23")),
    "c:cn1_d5": CompanySpec(D("2018-02-27")),
    "c:cn2_old": CompanySpec(D("2010-06-01"), "吊销", D("2023-03-01")),
    "c:cn2_new": CompanySpec(D("2019-05-20")),
    "c:cn2_new2": CompanySpec(D("2020-08-08")),
    "c:cn3_c1": CompanySpec(D("2019-11-05")),
    "c:cn4_c1": CompanySpec(D("2013-03-14")),
    "c:cn4_c2": CompanySpec(D("2017-03-01")),
    "c:cn5_e1": CompanySpec(D("2016-12-01")),
    "c:cn5_e2": CompanySpec(D("2025-07-15")),
    "c:cn5_e3": CompanySpec(D("2023-12-20")),
    "c:odd": CompanySpec(D("2018-06-06")),
}

SCENARIO_PERSONS: tuple[str, ...] = (
    "p:cycle_owner",
    "p:pyr_owner",
    "p:ofac_y",
    "p:cn1_lr",
    "p:cn1_ac",
    "p:cn1_dir",
    "p:cn2_p",
    "p:cn2_prev",
    "p:cn3_p",
    "p:cn4_p",
    "p:cn5_p",
    "p:odd_1",
    "p:odd_2",
    "p:odd_3",
)

ODD_SHARE_COMPANIES: tuple[str, ...] = ("c:odd",)


def _owns() -> list[OwnsSpec]:
    out = [
        OwnsSpec("p:cycle_owner", "c:cycle_a", _bp(8000), _bp(8000), D("2015-01-01")),
        OwnsSpec("c:cycle_c", "c:cycle_a", _bp(2000), _bp(2000), D("2015-01-01")),
        OwnsSpec("p:cycle_owner", "c:cycle_b", _bp(7000), _bp(7000), D("2015-01-01")),
        OwnsSpec("c:cycle_a", "c:cycle_b", _bp(3000), _bp(3000), D("2015-01-01")),
        OwnsSpec("p:cycle_owner", "c:cycle_c", _bp(7000), _bp(7000), D("2015-01-01")),
        OwnsSpec("c:cycle_b", "c:cycle_c", _bp(3000), _bp(3000), D("2015-01-01")),
        OwnsSpec("p:pyr_owner", "c:pyr_0", _bp(10000), _bp(10000), D("2008-03-15")),
        # OFAC: X -> o1 60 %, o1 -> o2 exactly 50 %, o2 -> o3 51 %: all blocked (FAQ 401 ex. 1).
        OwnsSpec("c:ofac_x", "c:ofac_o1", _bp(6000), _bp(6000), D("2012-02-01")),
        OwnsSpec("c:ofac_o1", "c:ofac_o2", _bp(5000), _bp(5000), D("2013-08-19")),
        OwnsSpec("c:ofac_o2", "c:ofac_o3", _bp(5100), _bp(5100), D("2015-01-07")),
        OwnsSpec("c:ofac_x", "c:ofac_n1", _bp(4999), _bp(4999), D("2014-11-11")),  # not blocked
        OwnsSpec("c:ofac_x", "c:ofac_agg", _bp(2500), _bp(2500), D("2016-03-30")),
        OwnsSpec("p:ofac_y", "c:ofac_agg", _bp(2500), _bp(2500), D("2016-03-30")),  # FAQ 399
        OwnsSpec("c:ofac_x", "c:ofac_b", _bp(1000), _bp(1000), D("2016-07-04")),  # FAQ 401 ex. 3
        OwnsSpec("c:ofac_o1", "c:ofac_b", _bp(4000), _bp(4000), D("2016-07-04")),
        OwnsSpec("c:ofac_x", "c:ofac_r1", _bp(4000), _bp(6000), D("2017-10-10")),  # straddles
        OwnsSpec("p:cn1_ac", "c:cn1_debtor", _bp(9000), _bp(9000), D("2012-05-18")),
        OwnsSpec("p:odd_1", "c:odd", _bp(3334), _bp(3334), D("2018-06-06")),
        OwnsSpec("p:odd_2", "c:odd", _bp(3334), _bp(3334), D("2018-06-06")),
        OwnsSpec("p:odd_3", "c:odd", _bp(3334), _bp(3334), D("2018-06-06")),
    ]
    for k, bp in enumerate(_PYRAMID_BP):
        out.append(
            OwnsSpec(f"c:pyr_{k}", f"c:pyr_{k + 1}", _bp(bp), _bp(bp), D(f"{2009 + k}-03-15"))
        )
    return out


LR = Role.LEGAL_REPRESENTATIVE

OFFICERS: tuple[OfficerSpec, ...] = (
    OfficerSpec("p:cn1_lr", "c:cn1_debtor", LR, D("2015-01-01")),
    OfficerSpec(
        "p:cn1_ac",
        "c:cn1_debtor",
        Role.ACTUAL_CONTROLLER,
        D("2012-05-18"),
        None,
        {"basis": "annual_report"},
    ),
    OfficerSpec(
        "p:cn1_dir", "c:cn1_debtor", Role.DIRECTOR, D("2015-01-01"), None, {"title": "董事"}
    ),
    OfficerSpec("p:cn1_lr", "c:cn1_d2", LR, D("2019-03-01")),
    OfficerSpec("p:cn1_lr", "c:cn1_d3", Role.DIRECTOR, D("2018-07-01"), None, {"title": "董事"}),
    OfficerSpec("p:cn1_ac", "c:cn1_d4", Role.DIRECTOR, D("2020-01-01"), None, {"title": "董事长"}),
    OfficerSpec("p:cn1_ac", "c:cn1_d5", LR, D("2021-05-01")),
    # CN-2: the LR at revocation stays on record (the registry keeps the last LR of a
    # revoked company), so every company still has exactly one current LR.
    OfficerSpec("p:cn2_prev", "c:cn2_old", LR, D("2010-06-01"), D("2018-01-01")),
    OfficerSpec(
        "p:cn2_p", "c:cn2_old", LR, D("2018-01-01"), None, {"personal_responsibility": True}
    ),
    OfficerSpec("p:cn2_p", "c:cn2_new", Role.DIRECTOR, D("2024-08-01"), None, {"title": "董事"}),
    OfficerSpec(
        "p:cn2_prev", "c:cn2_new2", Role.DIRECTOR, D("2024-05-01"), None, {"title": "董事"}
    ),
    OfficerSpec("p:cn3_p", "c:cn3_c1", Role.DIRECTOR, D("2020-01-01"), None, {"title": "董事"}),
    OfficerSpec("p:cn4_p", "c:cn4_c1", LR, D("2013-03-14")),
    OfficerSpec("p:cn4_p", "c:cn4_c2", LR, D("2017-03-01")),
    OfficerSpec(
        "p:cn5_p",
        "c:cn5_e1",
        Role.DIRECTLY_RESPONSIBLE,
        D("2025-04-30"),
        None,
        {"listing": "CN_SAT_CREDIT_D"},
    ),
    OfficerSpec("p:cn5_p", "c:cn5_e2", LR, D("2025-08-01")),
    OfficerSpec("p:cn5_p", "c:cn5_e3", LR, D("2024-01-01")),
)

# Companies whose LR history the generator must not invent: it adds a generic LR only
# for the others.  cn5_e2 gets a generic first LR until 2025-08-01 (see LR_UNTIL).
EXPLICIT_LR = frozenset(o.company for o in OFFICERS if o.role is LR and o.end is None)
LR_UNTIL: dict[str, date] = {"c:cn5_e2": D("2025-08-01")}

_A = ListingStatus.ACTIVE

LISTINGS: tuple[ListingSpec, ...] = (
    ListingSpec("c:ofac_x", "US_OFAC_SDN", D("2020-12-18"), None, _A, {"program": "SDGT"}),
    ListingSpec("p:ofac_y", "US_OFAC_SDN", D("2021-03-22"), None, _A, {"program": "SDGT"}),
    ListingSpec(
        "c:cn1_debtor",
        "CN_SPC_DISHONEST",
        D("2017-06-21"),
        None,
        _A,
        {"performance": "全部未履行", "reason": "有履行能力而拒不履行生效法律文书确定义务"},
    ),
    ListingSpec("c:cn1_debtor", "CN_SPC_CONSUMPTION", D("2017-06-21"), None, _A, {}),
    ListingSpec(
        "p:cn3_p",
        "CN_SPC_DISHONEST",
        D("2024-09-01"),
        None,
        _A,
        {"performance": "全部未履行", "reason": "个人所负数额较大的债务到期未清偿"},
    ),
    ListingSpec("p:cn3_p", "CN_SPC_CONSUMPTION", D("2024-09-01"), None, _A, {}),
    ListingSpec(
        "c:cn4_c1",
        "CN_SAMR_ABNORMAL",
        D("2016-07-01"),
        None,
        _A,
        {"reason": "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告"},
    ),
    ListingSpec(
        "c:cn4_c1",
        "CN_SAMR_SERIOUS",
        D("2019-07-12"),
        D("2022-07-12"),
        ListingStatus.EXPIRED,
        {"reason": "列入经营异常名录届满3年"},
    ),
    ListingSpec(
        "c:cn5_e1", "CN_SAT_CREDIT_D", D("2025-04-30"), None, _A, {"reason": "纳税信用评价为D级"}
    ),
)

OWNS: tuple[OwnsSpec, ...] = tuple(_owns())
