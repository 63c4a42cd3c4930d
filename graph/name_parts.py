"""A company name's parts as screening compares them: core, legal form, branch, place,
and the words that tell one company from another (``name_parts``).

Built on ``graph.names`` (the normalisation entity resolution uses too); apart from it
because only screening reads a name this far.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.names import CJK_FORMS, CJK_RE, LATIN_FORMS, MAX_FORM, fold_text, to_simplified

# Province-level divisions as a name starts with them, with the suffixes they are
# also written with (北京市, 广东省, 新疆维吾尔自治区).
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港",
    "澳门",
)  # fmt: skip
# Prefecture-level cities as a name starts with them, 市 or not (杭州 as 杭州市): without
# it, two companies of one city shared the city as a word that tells them apart
# (杭州云优建设, 杭州欣卓隆建设: a weak match at 0.76).  Left out: names that are also
# common trade names (安康, 吉安, 朝阳, 中山, 白银, 黄山).
_CITIES = (
    "石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊",
    "衡水", "太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾",
    "吕梁", "呼和浩特", "包头", "乌海", "赤峰", "通辽", "鄂尔多斯", "呼伦贝尔", "巴彦淖尔",
    "乌兰察布", "沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新",
    "辽阳", "盘锦", "铁岭", "葫芦岛", "长春", "四平", "辽源", "通化", "白山", "松原",
    "白城", "哈尔滨", "齐齐哈尔", "鸡西", "鹤岗", "双鸭山", "大庆", "伊春", "佳木斯",
    "七台河", "牡丹江", "黑河", "绥化", "南京", "无锡", "徐州", "常州", "苏州", "南通",
    "连云港", "淮安", "盐城", "扬州", "镇江", "泰州", "宿迁", "杭州", "宁波", "温州", "嘉兴",
    "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "合肥", "芜湖", "蚌埠", "淮南",
    "马鞍山", "淮北", "铜陵", "安庆", "滁州", "阜阳", "宿州", "六安", "亳州", "池州", "宣城",
    "福州", "厦门", "莆田", "三明", "泉州", "漳州", "南平", "龙岩", "宁德", "南昌", "景德镇",
    "萍乡", "九江", "新余", "鹰潭", "赣州", "宜春", "抚州", "上饶", "济南", "青岛", "淄博",
    "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州", "聊城",
    "滨州", "菏泽", "郑州", "开封", "洛阳", "平顶山", "安阳", "鹤壁", "新乡", "焦作", "濮阳",
    "许昌", "漯河", "三门峡", "南阳", "商丘", "信阳", "周口", "驻马店", "武汉", "黄石",
    "十堰", "宜昌", "襄阳", "鄂州", "荆门", "孝感", "荆州", "黄冈", "咸宁", "随州", "长沙",
    "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化",
    "娄底", "广州", "韶关", "深圳", "珠海", "汕头", "佛山", "江门", "湛江", "茂名", "肇庆",
    "惠州", "梅州", "汕尾", "河源", "阳江", "清远", "东莞", "潮州", "揭阳", "云浮", "南宁",
    "柳州", "桂林", "梧州", "北海", "防城港", "钦州", "贵港", "玉林", "百色", "贺州", "河池",
    "来宾", "崇左", "海口", "三亚", "三沙", "儋州", "成都", "自贡", "攀枝花", "泸州", "德阳",
    "绵阳", "广元", "遂宁", "内江", "乐山", "南充", "眉山", "宜宾", "广安", "达州", "雅安",
    "巴中", "资阳", "贵阳", "六盘水", "遵义", "安顺", "毕节", "铜仁", "昆明", "曲靖", "玉溪",
    "保山", "昭通", "丽江", "普洱", "临沧", "拉萨", "日喀则", "昌都", "林芝", "山南", "那曲",
    "西安", "铜川", "宝鸡", "咸阳", "渭南", "延安", "汉中", "榆林", "商洛", "兰州",
    "嘉峪关", "金昌", "天水", "武威", "张掖", "平凉", "酒泉", "庆阳", "定西", "陇南", "西宁",
    "海东", "银川", "石嘴山", "吴忠", "固原", "中卫", "乌鲁木齐", "克拉玛依", "吐鲁番",
    "哈密",
)  # fmt: skip
_REGION = re.compile(
    "^(?:("
    + "|".join(sorted((*_PROVINCES, *_CITIES), key=len, reverse=True))
    + ")(市|省|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
    # Any other city: two characters and 市 (市场, a market, is no city).
    r"|([\u3400-\u9fff]{2})(市)(?!场))"
)
_BRANCH = re.compile("^(.+?(?:股份有限公司|有限责任公司|有限公司))(.{1,16}?(?:分公司|分行))$")
# Words many Chinese company names share after the place: the industry and the like.
_CJK_COMMON = sorted(
    (
        "科技", "技术", "贸易", "商贸", "工贸", "经贸", "实业", "投资", "管理", "咨询",
        "服务", "发展", "文化", "传播", "传媒", "建筑", "工程", "设备", "电子", "信息",
        "网络", "软件", "物流", "餐饮", "房地产", "地产", "开发", "置业", "集团", "控股",
        "国际", "机械", "制造", "医药", "药业", "生物", "能源", "新能源", "环保", "材料",
        "广告", "教育", "旅游", "汽车", "销售", "建设", "装饰", "设计", "经营部", "中心",
        "商行", "综合", "批发", "零售", "市场", "进出口", "电器", "食品", "农业", "化工",
        "纺织", "服装", "印刷", "运输", "货运", "物业", "酒店", "商务", "企业", "中国",
        "总公司", "工业", "产业", "电气", "通信", "通讯", "数码", "计算机", "系统", "自动化",
        "仪器", "器材", "用品", "五金", "交电", "家具", "建材", "钢铁", "金属", "矿业",
        "石油", "化学", "健康", "医疗", "保健", "美容", "体育", "娱乐", "影视", "出版",
        "艺术", "数据", "智能", "安全", "安装", "维修", "租赁", "代理", "经纪", "金融",
        "资产", "证券", "保险", "银行", "基金", "担保", "拍卖", "典当", "有限", "公司",
        "分公司", "分行", "厂", "店", "部", "社", "所",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
_CJK_COMMON_RE = re.compile("|".join(_CJK_COMMON))
# Latin words many company names share: industry, place and filler words.
_LATIN_COMMON = frozenset(
    (
        "the", "and", "of", "for", "de", "la", "el", "al", "a", "an", "in", "on", "new",
        "general", "global", "world", "united", "national", "international", "intl", "group",
        "holding", "holdings", "industries", "industry", "industrial", "trading", "trade",
        "company", "enterprise", "enterprises", "bank", "technology", "technologies", "tech",
        "service", "services", "import", "export", "energy", "investment", "investments",
        "development", "management", "construction", "engineering", "shipping", "logistics",
        "petroleum", "oil", "gas", "electronics", "equipment", "systems", "solutions",
        "consulting", "commercial", "center", "centre", "research", "institute",
        "manufacturing", "products", "production", "resources", "capital", "finance",
        "financial", "plant", "factory", "science", "scientific", "design", "bureau",
        "agency", "marine", "aviation", "transport", "house", "china", "chinese", "russia",
        "russian", "iran", "iranian", "syria", "korea", "beijing", "shanghai", "hong", "kong",
        "moscow", "dubai",
    )
)  # fmt: skip
# Legal forms as stores often write them with punctuation (``exact_keys`` adds these
# to the forms of ``graph.names``, folded as stores keep names: punctuation stays).
_PUNCTUATED = (
    ", llc", "l.l.c.", "ltd.", ", ltd.", "co., ltd.", "co. ltd.", "co., limited", "inc.",
    ", inc.", "corp.", ", corp.", "s.a.", ", s.a.",
)  # fmt: skip
_CJK_SUFFIXES = ("", "有限公司", "有限责任公司", "股份有限公司")
_FORM_WORDS = sorted((r"[\s.,]+".join(map(re.escape, k)) for k in LATIN_FORMS), key=len)
# A Latin legal form at the end of a name as written, with its punctuation.
_RAW_FORM = re.compile(r"[\s,]+(?:" + "|".join(reversed(_FORM_WORDS)) + r")\.?\s*$", re.I)
_RAW_CJK_FORM = re.compile("(?:股份有限公司|有限责任公司|有限公司)$")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A company name as screening compares it (``name_parts``)."""

    core: str  # without legal form, branch, spaces or punctuation; 北京市 as 北京
    forms: frozenset[str]  # the classes of the legal forms it had
    branch: str  # the branch part (北京分公司) when the name is a branch, else ''
    words: tuple[str, ...]  # the words that tell it apart (not industry or place words)
    cjk: bool
    raw: str  # the name as written without its legal form (and branch) at the end
    region: tuple[str, str] = ("", "")  # a leading place (北京) and its suffix as written
    spaced: str = ""  # a Latin core's words with single spaces
    # A Latin name of industry, place and filler words only ("Dubai Trading Company"):
    # ``words`` are then all its words, none of which tells it apart.
    generic: bool = False

    def exact_keys(self) -> list[str]:
        """Folded names a store may hold for the same core: the core with each legal
        form (and a place with and without 市/省)."""
        if self.cjk:
            place, suffix = self.region
            rest = self.core[len(place) :]
            heads = [self.core]
            if place:
                heads.append(place + (suffix or _region_suffix(place)) + rest)
            return [h + f for h in dict.fromkeys(heads) for f in _CJK_SUFFIXES]
        if not self.spaced:
            return []
        base = self.spaced
        forms = [" ".join(k) for k in LATIN_FORMS]
        return [
            base,
            *(f"{base} {f}" for f in forms),
            *(f"{base}{'' if f.startswith(',') else ' '}{f}" for f in _PUNCTUATED),
            *(f"{f} {base}" for f in forms),
        ]


def _region_suffix(place: str) -> str:
    """How a place is written in full when a name leaves the suffix out."""
    if place in ("北京", "天津", "上海", "重庆") or place not in _PROVINCES:
        return "市"
    return "" if place in ("内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门") else "省"


def name_parts(name: str) -> NameParts:
    """The parts of a company name that screening compares.

    Legal forms go (Latin: every one at the end and one at the start; Chinese: at the
    end), a Chinese branch (...有限公司北京分公司) is split off, traditional characters
    become simplified and a leading 北京市 / 广东省 reads 北京 / 广东.  ``words`` are
    what is left without industry, place and filler words (a Chinese name's trade name,
    as its bigrams), or every word when nothing is left.

    >>> p = name_parts("北京市弘善綜合批發市場有限公司北京分公司")
    >>> p.core, p.forms, p.branch, p.words, p.region, p.raw
    ('北京弘善综合批发市场', frozenset({'ltd'}), '北京分公司', ('弘善',), ('北京', '市'), '北京市弘善綜合批發市場')
    >>> q = name_parts("OOO Kordeli Trading Co., Ltd. LLC")
    >>> q.core, sorted(q.forms), q.words, q.spaced, q.raw
    ('kordelitrading', ['ltd'], ('kordeli',), 'kordeli trading', 'OOO Kordeli Trading')
    """
    t = fold_text(to_simplified(name))
    if CJK_RE.search(t):
        return _cjk_parts(t.replace(" ", ""), _raw_cjk(name))
    tokens = t.split()
    forms: set[str] = set()
    while n := _form_at_end(tokens):  # "... Co., Ltd. LLC"
        forms.add(LATIN_FORMS[tuple(tokens[-n:])])
        tokens = tokens[:-n]
    for n in range(min(MAX_FORM, len(tokens) - 1), 0, -1):
        hit = LATIN_FORMS.get(tuple(tokens[:n]))
        if hit:
            forms.add(hit)
            tokens = tokens[n:]
            break
    distinct = tuple(w for w in tokens if w not in _LATIN_COMMON and len(w) > 1)
    words = distinct or tuple(tokens)
    raw = unicodedata.normalize("NFKC", name).strip()
    while (m := _RAW_FORM.search(raw)) and m.start() > 0:
        raw = raw[: m.start()]
    spaced = " ".join(tokens)
    return NameParts(
        "".join(tokens),
        frozenset(forms),
        "",
        words,
        False,
        raw,
        spaced=spaced,
        generic=not distinct,
    )


def _form_at_end(tokens: list[str]) -> int:
    for n in range(min(MAX_FORM, len(tokens) - 1), 0, -1):
        if tuple(tokens[-n:]) in LATIN_FORMS:
            return n
    return 0


def _raw_cjk(name: str) -> str:
    raw = unicodedata.normalize("NFKC", name).strip()
    m = _BRANCH.match(raw)
    raw = m.group(1) if m else raw
    m = _RAW_CJK_FORM.search(raw)
    return raw[: m.start()] if m and m.start() > 0 else raw


def _cjk_parts(t: str, raw: str) -> NameParts:
    t = "".join(ch for ch in t if ch.isalnum())
    branch = ""
    m = _BRANCH.match(t)
    if m:
        t, branch = m.group(1), m.group(2)
    forms: frozenset[str] = frozenset()
    for suffix, cls in CJK_FORMS:
        if t.endswith(suffix) and len(t) > len(suffix):
            t, forms = t[: -len(suffix)], frozenset({cls})
            break
    place = suffix = ""
    r = _REGION.match(t)
    if r and r.end() < len(t):
        place, suffix = (r.group(1), r.group(2) or "") if r.group(1) else (r.group(3), "市")
        t = place + t[r.end() :]
    rest = t[len(place) :]
    trade = _CJK_COMMON_RE.sub("", rest) or rest or t
    words = tuple(trade[i : i + 2] for i in range(len(trade) - 1)) or (trade,)
    return NameParts(t, forms, branch, words, True, raw, (place, suffix))
