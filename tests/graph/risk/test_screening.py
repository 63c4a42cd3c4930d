"""Name matching in screening: the score table worked by hand, and what a Latin query
that only covers part of a Chinese name's pinyin may claim."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.model import Node, NodeType
from graph.risk.screen_files import read_table
from graph.risk.screening import (
    MIN_SCORE,
    company_only,
    match_row,
    name_score,
    pinyin_score,
    screen,
)
from graph.store.sqlite import SQLiteStore


@pytest.mark.parametrize(
    ("query", "candidate", "expected"),
    [
        # Same name after NFKC, case, spaces and punctuation: exact.
        ("平安银行股份有限公司", "平安银行股份有限公司 ", (1.0, "exact")),
        # "pilotpartner" (12) in "pilotpartners" (13): difflib 2*12/25 = 0.96 beats
        # containment 0.5 + 0.45*12/13 = 0.9154.
        ("Pilot Partner", "Pilot Partners", (0.96, "partial")),
        # "huawei" (6) in "huaweitechinvestmentcolimited" (29): difflib 12/35 = 0.3429,
        # containment 0.5 + 0.45*6/29 = 0.5931, below the 0.6 threshold.
        ("Huawei", "HUAWEI TECH. INVESTMENT CO., LIMITED", (0.5931, "partial")),
    ],
)
def test_name_score_table(query: str, candidate: str, expected: tuple[float, str]) -> None:
    assert name_score(query, candidate) == expected


HONGSHAN = "北京弘善综合批发市场有限公司"


@pytest.mark.parametrize(
    ("query", "candidate", "expected"),
    [
        # Equal once the legal form is set aside, the forms of one class (or one
        # side without any): a variant, as strong as a name short of exact.
        ("Kordeli LLC", "KORDELI", (0.95, "variant")),
        ("Kordeli Ltd", "KORDELI", (0.95, "variant")),
        ("OOO Kordeli", "KORDELI, LLC", (0.95, "variant")),
        ("Kordeli Co., Ltd.", "Kordeli Limited", (0.95, "variant")),
        ("北京弘善综合批发市场有限责任公司", HONGSHAN, (0.95, "variant")),
        # 北京市 and 北京 at the start; traditional and simplified characters.
        ("北京市弘善综合批发市场有限公司", HONGSHAN, (0.95, "variant")),
        ("北京弘善綜合批發市場有限公司", HONGSHAN, (0.95, "variant")),
        ("北京弘善综合批发市场", HONGSHAN, (0.95, "variant")),
        # Legal forms of different classes (a company limited by shares is not a
        # limited liability company): below 0.9, so flagged weak.
        ("Kordeli JSC", "KORDELI LLC", (0.85, "variant")),
        ("北京弘善综合批发市场股份有限公司", HONGSHAN, (0.85, "variant")),
        # A branch of the company: its company, flagged branch.
        ("北京弘善综合批发市场有限公司北京分公司", HONGSHAN, (0.9, "branch")),
        # A different company that shares only common words: half the partial score.
        # "alphatradingllc" and "betatradingllc" share "atradingllc" (11 of 15 + 14
        # letters): difflib 22/29 = 0.7586, halved 0.3793.
        ("Alpha Trading LLC", "Beta Trading LLC", (0.3793, "common words")),
        # 北京弘善科技有限公司 and 北京华为科技有限公司 share 北京 and 科技有限公司
        # (8 of 10 + 10): 16/20 = 0.8, halved 0.4; their trade names 弘善 and 华为
        # share nothing.
        ("北京弘善科技有限公司", "北京华为科技有限公司", (0.4, "common words")),
        # A distinctive word in common keeps the partial score (a weak match):
        # "kordeli" (7) in "kordelitrading" (14): 0.5 + 0.45*7/14 = 0.725.
        ("Kordeli", "KORDELI TRADING", (0.725, "partial")),
        # Long names that differ in one distinctive word: difflib says 0.94 and 0.92,
        # but "zqxbara" has no counterpart in the other name, nor 网讯 in 百度网络:
        # capped at 0.89, so flagged weak.
        (
            "ZQXbara PROJECTS AND CONSTRUCTION COMPANY LIMITED",
            "ARAB PROJECTS AND CONSTRUCTION COMPANY LIMITED",
            (0.89, "partial"),
        ),
        ("北京百度网讯科技有限公司", "北京百度网络科技有限公司", (0.89, "partial")),
        # Every word answered (kordelli ~ kordeli at difflib 0.93): the score stands.
        ("Kordelli Trading LLC", "Kordeli Trading LLC", (0.9714, "partial")),
        # A misspelt industry word or legal form is answered by the word it misspells
        # (OFAC SDN names with one letter dropped): the score stands.
        ("GALAX TRDING CO., LTD.", "GALAX TRADING CO., LTD.", (0.9697, "partial")),
        ("HAVIN BANK LIMIED", "HAVIN BANK LIMITED", (0.9677, "partial")),
        (
            "MAMOUN DARKAZANLI IMPORT-EXORT COMPANY",
            "MAMOUN DARKAZANLI IMPORT-EXPORT COMPANY",
            (0.9855, "partial"),
        ),
        # A name of common words only matches when the other name's own word is in it.
        ("Zyxwv Trading House LLC", "Trading House 0 LLC", (0.4167, "common words")),
        ("NATIONAL IRANAN OIL COMPANY", "NATIONAL IRANIAN OIL COMPANY", (0.9796, "partial")),
        # Two SDN entries that differ in one short word: 0.98 by difflib, weak here.
        ("RIM GROUP INVESTMENTS I CORP.", "RIM GROUP INVESTMENTS II CORP.", (0.89, "partial")),
        # A word of one Latin name only across two words of the other ("be|jing hong|shan")
        # is no shared word: difflib 0.7347 halved; spacing alone may differ ("kordeli" at
        # the start of "kordelitrade": 0.5 + 0.45*7/15 = 0.71).
        (
            "Bejing Hongshan Trading Co",
            "Xiamen Jinghong Trading Co., Ltd.",
            (0.3673, "common words"),
        ),
        ("Kordeli", "Kordelitrade LLC", (0.71, "partial")),
        # Two branches of one company with different branch names: 0.97 by difflib,
        # but two branches, so weak.
        (
            "北京万兴建筑集团有限公司十三分公司",
            "北京万兴建筑集团有限公司三分公司",
            (0.89, "partial"),
        ),
        # One city (杭州, a prefecture-level city written without 市) and nothing else that
        # tells them apart: 16/21 = 0.7619 halved.  The same trade name in two cities: at
        # most weak (difflib 0.9167).
        ("杭州云优建设有限公司", "杭州欣卓隆建设有限公司", (0.381, "common words")),
        ("杭州恒展贸易有限责任公司", "苏州恒展贸易有限责任公司", (0.89, "partial")),
        # Trade names that sound alike (zhong yuan): a slip of Chinese input, or another
        # company (华为, 华威), so shared but unanswered: difflib 9/10 = 0.9, capped at
        # 0.89, a weak match; before, no word in common, 0.45.
        ("中圆能源工程有限公司", "中源能源工程有限公司", (0.89, "partial")),
        ("北京华威科技有限公司", "北京华为科技有限公司", (0.89, "partial")),
        # 7 of 8 + 8 characters: 0.875.
        ("华威贸易有限公司", "华为贸易有限公司", (0.875, "partial")),
    ],
)
def test_name_score_variants(query: str, candidate: str, expected: tuple[float, str]) -> None:
    assert name_score(query, candidate) == expected
    assert name_score(candidate, query) == expected


@pytest.mark.parametrize(
    ("query", "pinyin", "expected"),
    [
        # The whole name's toneless pinyin: strong, short of an exact name (homophones).
        ("Huawei", "huawei", (0.9, "pinyin")),
        ("Hua Weizhong", "huaweizhong", (0.9, "pinyin")),
        # Only a prefix of 华伟忠's pinyin (hua wei zhong): half the Latin containment
        # score, 0.5 * (0.5 + 0.45*6/11) = 0.3727, never a match.
        ("Huawei", "huaweizhong", (0.3727, "pinyin partial")),
        # A substring in the middle: 北京恒华伟业... "huawei" in 41 letters:
        # 0.5 * (0.5 + 0.45*6/41) = 0.2829.
        ("Huawei", "beijinghenghuaweiyekejigufenyouxiangongsi", (0.2829, "pinyin partial")),
    ],
)
def test_pinyin_score_table(query: str, pinyin: str, expected: tuple[float, str]) -> None:
    assert pinyin_score(query, pinyin) == expected
    assert expected[1] == "pinyin" or expected[0] < MIN_SCORE


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/s.db") as s:
        s.upsert_nodes(
            [
                Node("p1", NodeType.PERSON, "华伟忠"),
                Node("c1", NodeType.COMPANY, "华为"),
                Node("c2", NodeType.COMPANY, "华威"),
                Node("c3", NodeType.COMPANY, "Pilot Partners"),
            ]
        )
        yield s


def test_a_pinyin_prefix_is_no_match(store: SQLiteStore) -> None:
    m = match_row(store, {"name": "Huaweizh"})
    assert m.entity_id is None and m.method == "none"
    assert "华伟忠" in m.explanation and "pinyin partial" in m.explanation


def test_whole_name_pinyin_matches_and_homophones_are_ambiguous(store: SQLiteStore) -> None:
    m = match_row(store, {"name": "Hua Weizhong"})
    assert (m.entity_id, m.score, m.flags) == ("p1", 0.9, [])
    # 华为 and 华威 are both "huawei" without tones.
    tie = match_row(store, {"name": "Huawei"})
    assert tie.entity_id in {"c1", "c2"} and tie.score == 0.9 and tie.flags == ["ambiguous"]


def test_a_company_column_never_matches_a_person(store: SQLiteStore) -> None:
    assert company_only(["序号", "企业名称"]) and company_only(["Company Name"])
    assert not company_only(["name"]) and not company_only(["客户名称"])
    m = match_row(store, {"name": "Hua Weizhong"}, companies_only=True)
    assert m.entity_id is None


@pytest.fixture
def listed_names(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/n.db") as s:
        s.upsert_nodes(
            [
                Node("k", NodeType.COMPANY, "KORDELI"),
                Node("h", NodeType.COMPANY, HONGSHAN),
                Node("z", NodeType.COMPANY, "ZALA AERO, LLC"),
                Node("w", NodeType.COMPANY, "北京华为科技有限公司"),
                *(Node(f"t{i}", NodeType.COMPANY, f"Trading House {i} LLC") for i in range(30)),
            ]
        )
        yield s


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Kordeli LLC", ("k", 0.95, [])),
        ("Kordeli Ltd", ("k", 0.95, [])),
        ("Zala Aero LLC", ("z", 1.0, [])),
        ("北京弘善综合批发市场有限责任公司", ("h", 0.95, [])),
        ("北京市弘善综合批发市场有限公司", ("h", 0.95, [])),
        ("北京弘善綜合批發市場有限公司", ("h", 0.95, [])),
        ("北京弘善综合批发市场有限公司北京分公司", ("h", 0.9, ["branch"])),
        ("北京弘善综合批发市场股份有限公司", ("h", 0.85, ["weak"])),
    ],
)
def test_longer_and_variant_names_find_the_stored_name(
    listed_names: SQLiteStore, query: str, expected: tuple[str, float, list[str]]
) -> None:
    m = match_row(listed_names, {"name": query})
    assert (m.entity_id, m.score, m.flags) == expected
    if "branch" in m.flags:
        assert "branch" in m.explanation


def test_no_match_names_the_nearest_names(listed_names: SQLiteStore) -> None:
    # Another trade name (弘盛) in the same city and trade: no match.
    assert match_row(listed_names, {"name": "北京弘盛科技有限公司"}).entity_id is None
    # The same trade name (弘善) in another trade: a weak match to check.
    # 北京弘善科技有限公司 and 北京弘善综合批发市场有限公司 share 北京弘善 and 有限公司
    # (8 of 10 + 14): difflib 16/24 = 0.6667.
    m = match_row(listed_names, {"name": "北京弘善科技有限公司"})
    assert (m.entity_id, m.score, m.flags) == ("h", 0.6667, ["weak"])
    # Found by its first word, too far off to match: "kordeli" (7) in the 38 letters of
    # "kordelizapadnayatransportnayakompaniya": 0.5 + 0.45*7/38 = 0.5829.
    m = match_row(listed_names, {"name": "Kordeli Zapadnaya Transportnaya Kompaniya"})
    assert m.entity_id is None and "nearest: KORDELI (0.58 partial)" in m.explanation
    # Thirty "Trading House" names share only common words with this one: none.
    assert match_row(listed_names, {"name": "Zyxwv Trading House LLC"}).entity_id is None


def test_a_partial_latin_match_is_flagged_weak(store: SQLiteStore) -> None:
    m = match_row(store, {"name": "Pilot Partner"})
    assert (m.entity_id, m.score, m.flags) == ("c3", 0.96, [])
    # "pilot" (5) in "pilotpartners" (13): difflib 10/18 = 0.5556, containment
    # 0.5 + 0.45*5/13 = 0.6731: a match, but a weak one.
    weak = match_row(store, {"name": "Pilot"})
    assert (weak.entity_id, weak.score, weak.flags) == ("c3", 0.6731, ["weak"])
    assert "weak" in weak.explanation


def test_row_is_the_line_in_the_file(store: SQLiteStore, tmp_path: Path) -> None:
    src = tmp_path / "e.csv"
    src.write_text("name\nPilot Partners\n\n,\nHuawei\n\nnobody at all\n", encoding="utf-8")
    headers, rows = read_table(src)
    got = screen(store, headers, rows, date(2026, 1, 1))
    assert [r.row for r in got] == [2, 5, 7]
    assert [r.to_dict()["row"] for r in got] == [2, 5, 7]
    # Rows given without lines (a caller's own list) count from line 2, header first.
    assert [r.row for r in screen(store, ["name"], [["Huawei"], ["Pilot"]], date(2026, 1, 1))] == [
        2,
        3,
    ]


def test_a_misspelt_name_is_found_by_its_other_words_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Tansport' is no stem of TRANSPORT's first letters, and 'syria' and 'port' alone
    are in more names than a search fetches (they come first): only all the words but
    the misspelt one, in one name, find the entry."""
    from graph.risk import name_match

    assert name_match._all_but_one("Syrian Company for Oil Tansport")[-1] == [
        ["syria", "rian"], ["compa", "pany"], ["for"], ["oil"],
    ]  # fmt: skip
    assert name_match._all_but_one("Two Words") == []
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/p.db") as s:
        s.upsert_nodes(
            [
                *(Node(f"p{i}", NodeType.COMPANY, f"Syrian Port Authority {i}") for i in range(60)),
                Node("sy", NodeType.COMPANY, "SYRIAN COMPANY FOR OIL TRANSPORT"),
            ]
        )
        m = match_row(s, {"name": "Syrian Company for Oil Tansport"})
        assert (m.entity_id, m.flags) == ("sy", []) and m.score >= 0.9
        # Step 8 ('tan'/'ort' with the other words) finds it too: step 6 alone does.
        monkeypatch.setattr(name_match, "_short_words", lambda name, parts: [])
        assert match_row(s, {"name": "Syrian Company for Oil Tansport"}).entity_id == "sy"
        monkeypatch.setattr(name_match, "_all_but_one", lambda name: [])
        assert match_row(s, {"name": "Syrian Company for Oil Tansport"}).entity_id is None


def test_a_chinese_name_typed_by_sound_finds_its_company(tmp_path: Path) -> None:
    """启杭 for 启航: no substring of the trade name is left, its sound is; of two
    branches that score alike, the one spelt nearer comes first."""
    from graph.risk.name_match import rank_names

    names = {
        "qh": "北京启航嘉业经贸有限公司",
        "other": "北京嘉业启明经贸有限公司",
        "b3": "北京万兴建筑集团有限公司三分公司",
        "b13": "北京万兴建筑集团有限公司十三分公司",
    }
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/h.db") as s:
        s.upsert_nodes([Node(k, NodeType.COMPANY, v) for k, v in names.items()])
        top = rank_names(s, "北京启杭嘉业经贸有限公司", [NodeType.COMPANY])[0]
        assert (top.id, top.kind) == ("qh", "partial") and MIN_SCORE <= top.score < 0.9
        m = match_row(s, {"name": "北京启杭嘉业经贸有限公司"})
        assert (m.entity_id, m.flags) == ("qh", ["weak"])
        ranked = rank_names(s, "北京万兴建蛛集团有限公司十三分公司", [NodeType.COMPANY])
        assert [x.id for x in ranked[:2]] == ["b13", "b3"]
        assert ranked[0].score == ranked[1].score == 0.89  # both capped: the tie is said
        assert ranked[0].near > ranked[1].near


ALIKE = {"航": "杭", "源": "圆", "为": "威", "达": "大", "兴": "星", "华": "化", "元": "园"}


@given(
    trade=st.lists(st.sampled_from(sorted(ALIKE)), min_size=2, max_size=3, unique=True),
    slip=st.integers(min_value=0, max_value=2),
    place=st.sampled_from(["", "北京", "上海市"]),
    industry=st.sampled_from(["科技", "贸易", "能源工程", "物业管理"]),
    form=st.sampled_from(["有限公司", "有限责任公司", "股份有限公司"]),
)
def test_one_character_typed_by_sound_is_a_weak_match(
    trade: list[str], slip: int, place: str, industry: str, form: str
) -> None:
    """Property: a trade name with one character replaced by a homophone matches, and
    never strongly (the name may be another company's)."""
    i = slip % len(trade)
    typo = [*trade[:i], ALIKE[trade[i]], *trade[i + 1 :]]
    name = place + "".join(trade) + industry + form
    score, kind = name_score(place + "".join(typo) + industry + form, name)
    assert kind == "partial" and MIN_SCORE <= score < 0.9, (score, kind)


def test_a_short_misspelt_word_is_found_by_its_three_letter_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Petrgat' (PETROGAT with the o dropped) holds neither 'petro' nor 'ogat', and
    'fze' is in more names than a search fetches: its first and last three letters with
    the other word find the entry (step 8)."""
    from graph.risk import name_match

    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/f.db") as s:
        s.upsert_nodes(
            [
                *(Node(f"f{i}", NodeType.COMPANY, f"Gulf Marine {i} FZE") for i in range(40)),
                Node("pg", NodeType.COMPANY, "PETROGAT FZE"),
            ]
        )
        m = match_row(s, {"name": "Petrgat FZE"})
        assert (m.entity_id, m.flags) == ("pg", []) and m.score >= 0.9
        monkeypatch.setattr(name_match, "_short_words", lambda name, parts: [])
        assert match_row(s, {"name": "Petrgat FZE"}).entity_id is None
