"""Name material for the synthetic demo graph: regions, trade-name characters, persons.

Company names are ``region + trade + industry + form``.  They are unique by
construction, not by luck: industry words are exactly two characters, every form
starts with 有, 股 or （ (which no industry word contains), and no region prefix is a
prefix of another, so a name splits back into its parts in one way only.  Two
companies therefore share a name only if they share all four parts, and the
generator gives each (region prefix, industry, form, trade length) group distinct
trade codes.

The trade-character pool leaves out at least one character of every famous trade
name in ``FAMOUS_TRADE_NAMES`` so that no real well-known firm can be generated (and
then shown on a blacklist); person names are checked against ``FAMOUS_PEOPLE``.

>>> trade_name(0, 2) != trade_name(1, 2)
True
>>> len(trade_name(12345, 3))
3
>>> REGIONS[0].prefix, REGIONS[0].code
('北京', '110105')
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Region(NamedTuple):
    prefix: str  # as written at the start of a company name
    code: str  # GB/T 2260 division of the registering authority (USCC chars 3-8)
    en: str
    court: str  # province abbreviation used in court case numbers


def _regions() -> tuple[Region, ...]:
    # Several districts per big city: weights follow the repetition, and names group
    # by prefix (a Beijing name does not say which district registered it).
    rows = [
        ("北京", "110105 110108 110101 110106 110112", "Beijing", "京"),
        ("上海", "310115 310104 310112 310110", "Shanghai", "沪"),
        ("深圳市", "440300 440305 440304 440306", "Shenzhen", "粤"),
        ("重庆", "500108 500112 500107", "Chongqing", "渝"),
        ("杭州", "330106 330108 330110", "Hangzhou", "浙"),
        ("广州", "440106 440104 440113", "Guangzhou", "粤"),
        ("成都", "510107 510104", "Chengdu", "川"),
        ("武汉", "420106 420111", "Wuhan", "鄂"),
        ("南京", "320105 320106", "Nanjing", "苏"),
        ("天津", "120116 120104", "Tianjin", "津"),
        ("苏州", "320505 320506", "Suzhou", "苏"),
        ("西安", "610113 610104", "Xi'an", "陕"),
        ("长沙", "430104", "Changsha", "湘"),
        ("郑州", "410105", "Zhengzhou", "豫"),
        ("青岛", "370212 370211", "Qingdao", "鲁"),
        ("厦门", "350203 350206", "Xiamen", "闽"),
        ("合肥", "340104", "Hefei", "皖"),
        ("宁波", "330212", "Ningbo", "浙"),
        ("济南", "370102", "Jinan", "鲁"),
        ("沈阳", "210102", "Shenyang", "辽"),
        ("福州", "350102", "Fuzhou", "闽"),
        ("昆明", "530102", "Kunming", "云"),
        ("东莞市", "441900", "Dongguan", "粤"),
        ("佛山", "440604", "Foshan", "粤"),
        ("无锡", "320214", "Wuxi", "苏"),
    ]
    return tuple(Region(p, c, en, court) for p, codes, en, court in rows for c in codes.split())


REGIONS: tuple[Region, ...] = _regions()
PREFIXES: tuple[str, ...] = tuple(dict.fromkeys(r.prefix for r in REGIONS))
PREFIX_INDEX: dict[str, int] = {p: i for i, p in enumerate(PREFIXES)}

# (Chinese, English); all exactly two characters (see the module docstring).
INDUSTRIES: tuple[tuple[str, str], ...] = (
    ("科技", "Technology"),
    ("贸易", "Trading"),
    ("医药", "Pharmaceutical"),
    ("实业", "Industrial"),
    ("投资", "Investment"),
    ("建设", "Construction"),
    ("物流", "Logistics"),
    ("电子", "Electronics"),
    ("食品", "Food"),
    ("环保", "Environmental Protection"),
    ("能源", "Energy"),
    ("材料", "Materials"),
    ("机械", "Machinery"),
    ("服饰", "Apparel"),
    ("文化", "Culture"),
    ("传媒", "Media"),
    ("咨询", "Consulting"),
    ("餐饮", "Catering"),
    ("农业", "Agriculture"),
    ("化工", "Chemical"),
    ("汽车", "Automotive"),
    ("置业", "Real Estate"),
    ("网络", "Network"),
    ("教育", "Education"),
    ("生物", "Biotech"),
    ("家具", "Furniture"),
    ("包装", "Packaging"),
    ("纺织", "Textile"),
    ("矿业", "Mining"),
    ("电器", "Electric Appliance"),
    ("光电", "Optoelectronics"),
    ("智能", "Intelligent Technology"),
    ("软件", "Software"),
    ("商贸", "Commerce"),
    ("资本", "Capital"),
    ("工程", "Engineering"),
)
HOLDING_INDUSTRIES = (4, 34)  # 投资, 资本: what hubs are called

# (form, company type prop, English suffix)
FORMS: tuple[tuple[str, str, str], ...] = (
    ("有限公司", "有限责任公司", "Co., Ltd."),
    ("有限责任公司", "有限责任公司", "Co., Ltd."),
    ("股份有限公司", "股份有限公司", "Co., Ltd."),
    ("（集团）有限公司", "有限责任公司", "Group Co., Ltd."),
)
FORM_WEIGHTS = (0.62, 0.25, 0.09, 0.04)
GROUP_FORM = 3

TRADE_CHARS = (
    "鑫恒博达盛源宏昌隆德信诚和嘉汇通捷锐凯祥瀚晟睿坤宸弘泓华新宇晨益远金银辉启亿腾飞联创"
    "康光安盈富鸿兴旺永利亚诺欣悦蓝星耀卓越峰尚品优云智驰骏江河山林森禾穗芯微数立合展拓程众"
    "格致元广舟域策磐沃璟瑜琪泽霖澜逸铭璞峻岳"
)
# Trade names of well-known real firms: each must be impossible to form from TRADE_CHARS.
FAMOUS_TRADE_NAMES = frozenset(
    [
        "华为",
        "万科",
        "平安",
        "腾讯",
        "阿里巴巴",
        "百度",
        "京东",
        "小米",
        "美团",
        "字节跳动",
        "网易",
        "拼多多",
        "比亚迪",
        "中兴",
        "联想",
        "海尔",
        "美的",
        "格力",
        "恒大",
        "碧桂园",
        "万达",
        "华润",
        "招商",
        "中信",
        "恒瑞",
        "复星",
        "吉利",
        "长城",
        "茅台",
        "五粮液",
        "宁德时代",
        "海康威视",
        "大疆",
        "顺丰",
        "苏宁",
        "国美",
        "伊利",
        "蒙牛",
        "光明",
        "保利",
        "绿地",
        "龙湖",
        "融创",
        "方正",
        "紫光",
        "浪潮",
        "用友",
        "金蝶",
        "同方",
        "携程",
        "蔚来",
        "理想",
        "小鹏",
        "三一",
        "徐工",
        "潍柴",
        "宝钢",
        "鞍钢",
        "希尔康",
        "中航",
        "滴滴",
        "快手",
        "新浪",
        "搜狐",
        "奇虎",
        "分众",
        "海信",
        "长虹",
        "康佳",
        "创维",
        "娃哈哈",
        "农夫山泉",
        "华侨城",
        "金地",
        "世茂",
        "雅戈尔",
        "李宁",
        "安踏",
        "波司登",
        "恒力",
        "荣盛",
        "盛虹",
        "青山",
        "正泰",
        "德力西",
        "魏桥",
        "传化",
        "新希望",
        "温氏",
        "牧原",
        "海天",
        "云南白药",
        "片仔癀",
        "同仁堂",
        "白云山",
        "九州通",
        "国药",
        "迈瑞",
        "药明",
        "华大",
        "科大讯飞",
        "汇川",
        "立讯",
        "歌尔",
        "舜宇",
        "京东方",
        "中芯",
        "紫金",
        "万华",
        "三星",
        "苹果",
        "格林美",
        "天合",
        "隆基",
        "通威",
        "天士力",
        "恒生",
        "安克",
        "泰康",
        "华夏",
        "民生",
        "兴业",
        "光大",
        "浦发",
        "广发",
        "中金",
        "华泰",
        "国泰",
        "海通",
        "申万",
        "天弘",
        "易方达",
    ]
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾"
    "龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力燕鹏飞斌宇浩凯晨欣怡婷雪琳"
    "晶颖倩瑶博俊志国海峰林亮鑫波宁春梅兰凤云成新荣金龙琴佳丹阳帆健慧立瑞"
)
# Well-known Chinese business people: a generated person never carries these names.
FAMOUS_PEOPLE = frozenset(
    [
        "马云",
        "马化腾",
        "任正非",
        "王健林",
        "刘强东",
        "李彦宏",
        "雷军",
        "张一鸣",
        "王传福",
        "许家印",
        "董明珠",
        "宗庆后",
        "曹德旺",
        "李嘉诚",
        "黄峥",
        "丁磊",
        "王兴",
        "张近东",
        "杨惠妍",
        "何享健",
        "孙宏斌",
        "贾跃亭",
        "罗永浩",
        "程维",
        "李书福",
        "王石",
        "柳传志",
        "杨元庆",
        "郭广昌",
        "钟睒睒",
        "张勇",
        "李斌",
        "何小鹏",
        "王卫",
        "马明哲",
        "沈南鹏",
        "张朝阳",
        "周鸿祎",
        "王小川",
        "梁稳根",
        "刘永好",
    ]
)


def _check_pools() -> None:
    # Import-time guard: a pool edit that makes a famous name formable fails at once.
    pool = set(TRADE_CHARS)
    if len(pool) != len(TRADE_CHARS):
        raise ValueError("duplicate characters in TRADE_CHARS")
    formable = sorted(n for n in FAMOUS_TRADE_NAMES if set(n) <= pool)
    if formable:
        raise ValueError(f"famous trade names formable from the pool: {formable}")
    for word, _ in INDUSTRIES:
        if len(word) != 2 or set(word) & {"有", "股", "（"}:
            raise ValueError(f"industry word breaks the unique-split rule: {word}")
    for p in PREFIXES:
        if any(q != p and q.startswith(p) for q in PREFIXES):
            raise ValueError(f"region prefix {p} is a prefix of another")


_check_pools()

TRADE_BASE = len(TRADE_CHARS)


def trade_name(code: int, length: int) -> str:
    """The ``length``-character trade name numbered ``code`` (base-``TRADE_BASE`` digits).

    >>> trade_name(0, 2) == TRADE_CHARS[0] * 2
    True
    """
    out = []
    for _ in range(length):
        code, d = divmod(code, TRADE_BASE)
        out.append(TRADE_CHARS[d])
    return "".join(out)


@cache
def _pinyin(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return str(lazy_pinyin(ch)[0])


def english_name(region: Region, trade: str, industry: int, form: int) -> str:
    """A registry-style English name: ``Beijing Xinheng Technology Co., Ltd.``

    >>> english_name(REGIONS[0], "鑫恒", 0, 0)
    'Beijing Xinheng Technology Co., Ltd.'
    """
    spelled = "".join(_pinyin(c) for c in trade).capitalize()
    return f"{region.en} {spelled} {INDUSTRIES[industry][1]} {FORMS[form][2]}"


def person_name(surname: int, given1: int, given2: int) -> str:
    """Surname plus one or two given characters (``given2 < 0``: one); never a famous name.

    >>> person_name(0, 0, -1)
    '王伟'
    >>> person_name(12, 63, -1)  # 马云 is replaced deterministically
    '马云云'
    """
    name = SURNAMES[surname] + GIVEN_CHARS[given1]
    if given2 >= 0:
        name += GIVEN_CHARS[given2]
    if name in FAMOUS_PEOPLE:
        name += GIVEN_CHARS[given1]
    return name
