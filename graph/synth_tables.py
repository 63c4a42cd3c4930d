"""How the synthetic demo lists parties: which lists, how often, terms, reasons, numbers.

Terms follow the catalog (DOMAIN.md §2): dishonest debtors 2 years or open-ended,
SAMR serious 3 years, SAT major tax 3 years, tax grade D one year, customs 2 years;
the abnormal directory and consumption orders run until cured or lifted.

>>> LISTING_KINDS[0].list_id, LISTING_KINDS[0].agency
('CN_SAMR_ABNORMAL', 'SAMR')
>>> LISTING_KINDS[1].number("京", "110105", 2023, 1234)
'(2023)京0105执1234号'
"""

from __future__ import annotations

from typing import NamedTuple


class ListingKind(NamedTuple):
    list_id: str
    agency: str
    weight: float  # share of company listings
    term_years: int | None  # calendar years; None: until cured or lifted
    open_ended: float  # chance a termed listing has no fixed end (SPC ground (1))
    early_end: float  # chance it ended early (deleted / early removal)
    reasons: tuple[str, ...]
    number_format: str  # case or decision number; {court}{district}{year}{n}
    number_prop: str  # "case_no" for courts, "decision_no" for agencies

    def number(self, court: str, region_code: str, year: int, n: int) -> str:
        return self.number_format.format(court=court, district=region_code[2:6], year=year, n=n)


LISTING_KINDS: tuple[ListingKind, ...] = (
    ListingKind(
        "CN_SAMR_ABNORMAL",
        "SAMR",
        0.40,
        None,
        0.0,
        0.35,
        (
            "未依照《企业信息公示暂行条例》第八条规定的期限公示年度报告",
            "通过登记的住所或者经营场所无法联系",
            "公示企业信息隐瞒真实情况、弄虚作假",
        ),
        "{court}市监异列〔{year}〕{n}号",
        "decision_no",
    ),
    ListingKind(
        "CN_SPC_DISHONEST",
        "SPC",
        0.27,
        2,
        0.3,
        0.25,
        (
            "有履行能力而拒不履行生效法律文书确定义务",
            "违反财产报告制度",
            "违反限制消费令",
            "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行",
        ),
        "({year}){court}{district}执{n}号",
        "case_no",
    ),
    ListingKind(
        "CN_SPC_CONSUMPTION",
        "SPC",
        0.08,
        None,
        0.0,
        0.2,
        ("未按执行通知书指定的期间履行生效法律文书确定的给付义务",),
        "({year}){court}{district}执{n}号",
        "case_no",
    ),
    ListingKind(
        "CN_SAMR_SERIOUS",
        "SAMR",
        0.08,
        3,
        0.0,
        0.15,
        ("因严重违法行为受到较重行政处罚", "提交虚假材料骗取市场主体登记"),
        "{court}市监严列〔{year}〕{n}号",
        "decision_no",
    ),
    ListingKind(
        "CN_SAT_MAJOR_TAX",
        "SAT",
        0.07,
        3,
        0.0,
        0.1,
        ("虚开增值税专用发票", "偷税", "逃避追缴欠税"),
        "{court}税稽罚〔{year}〕{n}号",
        "decision_no",
    ),
    ListingKind(
        "CN_SAT_CREDIT_D",
        "SAT",
        0.07,
        1,
        0.0,
        0.0,
        ("纳税信用评价为D级", "非正常户"),
        "{court}税信评〔{year}〕{n}号",
        "decision_no",
    ),
    ListingKind(
        "CN_GACC_UNTRUSTWORTHY",
        "GACC",
        0.03,
        2,
        0.0,
        0.2,
        ("走私违法", "拖欠应缴税款"),
        "{court}关信认〔{year}〕{n}号",
        "decision_no",
    ),
)
KIND_BY_LIST = {k.list_id: k for k in LISTING_KINDS}
# Cumulative weights for one draw per listed company.
KIND_CUMULATIVE: tuple[float, ...] = tuple(
    sum(k.weight for k in LISTING_KINDS[: i + 1]) for i in range(len(LISTING_KINDS))
)
