"""Holder names in the top-10 shareholder tables (``loaders.cn_holders``): person or
company (``holder_kind``), the key a company holder is known by across spellings
(``holder_key``), and the spellings each holder is written with (``Spellings``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.model import NodeType
from loaders.spill import SpillMap

# Endings that name an organisation at any length.  Built from the holder names of the
# real file; a personal name rarely ends in two of these characters.
_ORG_END = (
    "公司", "有限合伙", "合伙企业", "合伙", "企业", "基金", "基金会", "银行", "分行", "支行",
    "集团", "中心", "计划", "账户", "帐户", "专户", "产品", "信托", "组合", "资金",
    "委员会", "理事会", "联合会", "协会", "学会", "商会", "工会", "研究所", "研究院",
    "设计院", "规划院", "事务所", "大学", "学院", "学校", "医院", "合作社", "报社", "会社",
    "投资局", "矿务局", "财政局", "财政厅", "财政部", "总部", "宾馆", "管理处", "清算组",
)  # fmt: skip
# One-character endings (合作社 -> 社, 工会 -> 会, ...) are also the last character of
# many given names (吴建会, 杨成社): they count only past a personal name's length.
_ORG_END_1 = "社会所院局部厂"
_LATIN_COMPANY = re.compile(
    r"\b(LIMITED|LTD|INC|CORP|CORPORATION|LLC|LP|PLC|FUND|BANK|TRUST|COMPANY|CO|AG|GMBH|SA|"
    r"N\.?V|B\.?V|HOLDINGS?|GROUP|PARTNERS|CAPITAL|MANAGEMENT|INVESTMENTS?)\b",
    re.I,
)
# What varies between spellings of one holder's name in the source: runs of spaces
# (UBS   AG), spaces left out (JPMORGANCHASEBANK), a comma or full stop (PLC.), but
# not one inside a number (a product's 1.5号 is not its 15号).
_VARYING = re.compile(r"\s+|(?<!\d)[.,]|[.,](?!\d)")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_PERSON_JOINED = re.compile(r"^[\u4e00-\u9fff]+(?:[·•][\u4e00-\u9fff]+)+$")  # 阿里甫·提力瓦力地


def holder_kind(name: str) -> tuple[NodeType, bool]:
    """(type, certain) for a holder name; uncertain ones are warned.

    >>> holder_kind("新疆天业(集团)有限公司"), holder_kind("李慧琼")
    ((<NodeType.COMPANY: 'Company'>, True), (<NodeType.PERSON: 'Person'>, True))
    >>> holder_kind("Prime Partner International Limited")[0].value
    'Company'
    >>> holder_kind("香港中央结算")
    (<NodeType.COMPANY: 'Company'>, False)

    An organisation's ending makes a company at any length, a one-character one only
    past four characters; a personal name that ends like one is a person, warned:

    >>> [holder_kind(n)[0].value for n in ("四川大学", "人民日报社", "财政部")]
    ['Company', 'Company', 'Company']
    >>> holder_kind("吴建会")
    (<NodeType.PERSON: 'Person'>, False)

    One character before a two-character ending may be a surname (王中心): a company,
    warned.

    >>> holder_kind("总工会")
    (<NodeType.COMPANY: 'Company'>, False)
    """
    n = name.strip()
    if any(b in n for b in "()（）"):
        return NodeType.COMPANY, True
    end = max((e for e in _ORG_END if n.endswith(e)), key=len, default="")
    if end:
        return NodeType.COMPANY, not (len(end) == 2 and len(n) == 3 and bool(_PERSON.match(n)))
    if _PERSON_JOINED.match(n):
        return NodeType.PERSON, n[-1] not in _ORG_END_1
    if n and n[-1] in _ORG_END_1:
        if len(n) >= 5:
            return NodeType.COMPANY, True
        if _PERSON.match(n):
            return NodeType.PERSON, False
    if _PERSON.match(n):
        return NodeType.PERSON, True
    if _LATIN_COMPANY.search(n):
        return NodeType.COMPANY, True
    return NodeType.COMPANY, False


def holder_key(name: str) -> str:
    """What a company holder is keyed by: its name in NFKC, upper case, without spaces,
    and without commas and full stops outside numbers.  A name without any of those
    (most Chinese names) is its own key, so its id is the one it had when holders
    were keyed by the name as written.

    >>> holder_key("UBS   AG") == holder_key("UBS AG") == "UBSAG"
    True
    >>> holder_key("Morgan Stanley & Co.International PLC.")
    'MORGANSTANLEY&COINTERNATIONALPLC'
    >>> holder_key("新疆天业（集团）有限公司"), holder_key("某计划1.5号")
    ('新疆天业(集团)有限公司', '某计划1.5号')
    """
    return _VARYING.sub("", unicodedata.normalize("NFKC", name).upper())


def _spelling(name: str) -> str:
    return hashlib.blake2b(name.encode("utf-8"), digest_size=8).hexdigest()


class Spellings:
    """Each company holder's spellings, seen in a first pass, so that its node, written
    when the second pass first meets it, is named by the most common (the first seen
    on a tie) and has the others as names.  Nearly every holder has one spelling: for
    it only a digest and a count are kept (spilled to disk in a big file); spellings
    are kept in full only from a holder's second one on."""

    def __init__(self) -> None:
        self._first: SpillMap[tuple[str, int]] = SpillMap()  # id -> (digest, count)
        self._more: dict[str, dict[str, int]] = {}  # id -> digest -> count
        self._text: dict[str, str] = {}  # digest -> spelling, past a holder's first

    def add(self, hid: str, name: str) -> None:
        d = _spelling(name)
        more = self._more.get(hid)
        if more is not None:
            more[d] = more.get(d, 0) + 1
            self._text.setdefault(d, name)
            return
        first = self._first.get(hid)
        if first is None or first[0] == d:
            self._first[hid] = (d, 1 + (first[1] if first else 0))
            return
        self._more[hid] = {first[0]: first[1], d: 1}
        self._text[d] = name

    def names(self, hid: str, first: str) -> list[str]:
        """Every spelling of ``hid``, the one to name it by first; ``first`` is its first
        spelling in the file (only a digest of it was kept)."""
        more = self._more.get(hid)
        if more is None:
            return [first]
        text = {**self._text, _spelling(first): first}
        ordered = sorted(more, key=lambda d: -more[d])  # stable: first seen first on a tie
        return [text[d] for d in ordered]

    def close(self) -> None:
        self._first.close()
