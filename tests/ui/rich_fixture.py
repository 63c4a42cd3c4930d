"""A hand-made graph for the explorer's page tests: the catalog's lists, a company with
two Chinese listings and foreign identifiers, a possible-ownership red flag, a
cross-holding cycle through the root, a person holding posts, a nameless stub and
enough look-alike names to overflow one page of search results."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.model import Node, NodeType, Role
from tests.graph.risk.exposure_graphs import (
    catalog_store,
    company,
    listed,
    officer,
    owns,
    write,
)
from tests.ui.graph_fixture import sqlite_url

DAY = date(2024, 6, 1)

# A company known by its USCC, an LEI and a UK company number, on two Chinese lists.
XIAN = "uscc:91610104560967164L"
XIAN_LEI = "506700GE1G29325QX363"
XIAN_UK = "08209948"
DISHONEST = "list:CN_SPC_DISHONEST"
ABNORMAL = "list:CN_SAMR_ABNORMAL"
# An SDN-listed owner of 40-60 % of a company: OFAC's possible-ownership red flag.
TIANJIN = "uscc:911201045604844531"
HANGZHOU = "uscc:91330108MA312Y058B"
SDN = "list:US_OFAC_SDN"
# R owns 20 % of A, A 30 % of B, B 30 % of R; P owns 70 % of R.
ROOT, CYC_A, CYC_B, OWNER = "co:root", "co:cyc-a", "co:cyc-b", "person:owner"
PERSON = "person:wangwu"
NAMELESS = "reg:GB-COH:02443921"
MANY = 60  # companies named "Zeta Trading NN Ltd"
HUB = "person:hub"  # director of the first eight of them


def build_rich_store(path: Path) -> str:
    url = sqlite_url(path)
    with catalog_store(path) as store:
        write(
            store,
            Node(
                XIAN,
                NodeType.COMPANY,
                "西安测试科技有限公司",
                ids=(f"lei:{XIAN_LEI}", f"reg:GB-COH:{XIAN_UK}"),
            ),
            listed(XIAN, DISHONEST, start=date(2023, 1, 1)),
            listed(XIAN, ABNORMAL, start=date(2023, 2, 1)),
            company(TIANJIN, "天津鸿澜农业有限公司"),
            company(HANGZHOU, "杭州亿创新智能有限责任公司"),
            listed(TIANJIN, SDN, start=date(2020, 12, 18)),
            owns(TIANJIN, HANGZHOU, "2/5..3/5"),
            company(ROOT, "上海诺云华化工有限公司"),
            company(CYC_A, "杭州江诚澜贸易有限责任公司"),
            company(CYC_B, "苏州安微沃晨咨询有限公司"),
            Node(OWNER, NodeType.PERSON, "薛明明"),
            owns(ROOT, CYC_A, "1/5"),
            owns(CYC_A, CYC_B, "3/10"),
            owns(CYC_B, ROOT, "3/10"),
            owns(OWNER, ROOT, "7/10"),
            Node(PERSON, NodeType.PERSON, "王五"),
            officer(PERSON, XIAN, Role.DIRECTOR),
            officer(PERSON, ROOT, Role.LEGAL_REPRESENTATIVE),
            Node(NAMELESS, NodeType.COMPANY, ""),
            company("co:uk-sub", "Stub Holdings Ltd"),
            owns(NAMELESS, "co:uk-sub", "1/2"),
            [company(f"co:zeta-{i:02d}", f"Zeta Trading {i:02d} Ltd") for i in range(MANY)],
            Node(HUB, NodeType.PERSON, "赵六"),
            [officer(HUB, f"co:zeta-{i:02d}", Role.DIRECTOR) for i in range(8)],
        )
    return url
