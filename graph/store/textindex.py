"""Text keys for name search: folding, CJK-aware bigrams, toneless pinyin, id candidates.

The SQLite store indexes every name three ways: the folded name in an FTS5 trigram
index (substrings of 3+ characters), its character bigrams in a second FTS5 index
(queries of 1 or 2 characters, which trigrams cannot match: 华为, 万科, 平安), and
for Chinese names the toneless pinyin without spaces, so ``huawei`` and ``hua wei``
both find 华为.

>>> fold("  ＨＵＡＷＥＩ　Tech  ")
'huawei tech'
>>> bigram_text("华为 AB")
'华为 为 ab b'
>>> pinyin_key("华为技术有限公司")
'huaweijishuyouxiangongsi'
>>> pinyin_key("Huawei") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT, RE_HANS
from pypinyin.seg.mmseg import seg as _mmseg

from graph.lei import normalize_lei
from graph.registers import register_candidates, ticker_candidates
from graph.uscc import normalize_uscc

# Ideograph blocks (URO, extension A, compatibility, extensions B-F in plane 2).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))

# Prefixes an identifier may carry in ``Node.ids``; a bare query is tried with each.
ID_PREFIXES = ("uscc", "lei", "reg", "org", "ftm", "bods", "ofac", "person", "company")

_CACHE_LIMIT = 200_000


def fold(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


_CJK_CHAR = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    """Whether any character is an ideograph (one regex scan: this runs per name)."""
    return _CJK_CHAR.search(text) is not None


def bigram_text(text: str) -> str:
    """Space-separated bigrams of each alphanumeric run, plus the run's last character.

    Every character position starts exactly one token, so a 1-character query is a
    prefix query and a 2-character query an exact token query.
    """
    return bigrams_of_folded(fold(text))


def bigrams_of_folded(folded: str) -> str:
    """``bigram_text`` of text already passed through ``fold``."""
    out: list[str] = []
    for run in _runs(folded):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
        out.append(run[-1])
    return " ".join(out)


# Runs of characters for which str.isalnum() holds (\w without the underscore).
_ALNUM_RUN = re.compile(r"[^\W_]+")


def _runs(text: str) -> list[str]:
    return _ALNUM_RUN.findall(text)


class _Memo:
    """A dict cache that empties itself when full (cheaper than an LRU per call)."""

    def __init__(self, fn: Callable[[str], str], limit: int = _CACHE_LIMIT) -> None:
        self.fn = fn
        self.limit = limit
        self.data: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        try:
            return self.data[key]
        except KeyError:
            pass
        if len(self.data) >= self.limit:
            self.data.clear()
        value = self.data[key] = self.fn(key)
        return value


def _word_pinyin(word: str) -> str:
    return "".join(lazy_pinyin(word))


_word_memo = _Memo(_word_pinyin)


_PREFIXES = _mmseg._prefix_set
_suffix_memo: dict[str, str] = {}
_SUFFIX_MAX = 10
# pypinyin segments only runs of characters it has readings for; the rest passes through.
_HANS_RUN = re.compile(RE_HANS.pattern.removeprefix("^").removesuffix("$"))


def _name_pinyin(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _HANS_RUN.finditer(text):
        out.append(text[pos : m.start()])
        out.append(_run_pinyin(m.group()))
        pos = m.end()
    out.append(text[pos:])
    return "".join("".join(out).casefold().split())


def _run_pinyin(run: str) -> str:
    # lazy_pinyin spends most of its time per segment, and company names reuse the same
    # segments (深圳市, 技术, 有限公司): segment exactly as pypinyin's mmseg does (strict
    # forward maximum match, so the output equals lazy_pinyin's), convert each word
    # from a cache, and stop early at a remainder seen before ("科技有限公司").
    parts: list[str] = []
    starts: list[tuple[int, str]] = []
    remain = run
    while remain:
        hit = _suffix_memo.get(remain)
        if hit is not None:
            parts.append(hit)
            break
        if len(remain) <= _SUFFIX_MAX and len(remain) < len(run):
            starts.append((len(parts), remain))
        end = valid = 0
        while end < len(remain) and remain[: end + 1] in _PREFIXES:
            end += 1
            if remain[:end] in PHRASES_DICT:
                valid = end
        if valid:
            word = remain[:valid]
        elif end == len(remain):
            # The whole rest is a prefix of some phrase but no phrase: mmseg spells it
            # character by character.
            parts.extend(_word_memo(ch) for ch in remain)
            break
        else:
            word = remain[0]
        parts.append(_word_memo(word))
        remain = remain[len(word) :]
    if len(_suffix_memo) > _CACHE_LIMIT:
        _suffix_memo.clear()
    for k, suffix in starts:
        _suffix_memo[suffix] = "".join(parts[k:])
    return "".join(parts)


_name_memo = _Memo(_name_pinyin)


def pinyin_key(name: str) -> str | None:
    """Toneless pinyin of a name with Chinese characters, lower case, no spaces; else None."""
    return pinyin_of_folded(fold(name))


def pinyin_of_folded(folded: str) -> str | None:
    """``pinyin_key`` of text already passed through ``fold``."""
    if not has_cjk(folded):
        return None
    return _name_memo(folded)


def char_sounds(text: str) -> tuple[str, ...]:
    """Each character's toneless pinyin on its own (a character not Chinese as itself):
    two texts of one length sound alike where these are equal.

    >>> char_sounds("启航A"), char_sounds("启杭A") == char_sounds("启航A")
    (('qi', 'hang', 'A'), True)
    """
    return tuple(_word_memo(ch) if has_cjk(ch) else ch for ch in text)


def pinyin_query(query: str) -> str | None:
    """The pinyin-index form of a Latin query ("Hua Wei" -> "huawei"), None for CJK input."""
    folded = fold(query)
    if not folded or has_cjk(folded):
        return None
    return "".join(folded.split())


def id_candidates(query: str) -> list[str]:
    """Aliases a query may denote: itself, and the bare value under each known prefix.

    >>> id_candidates("91440300192185379h")[:3]
    ['91440300192185379h', '91440300192185379H', 'uscc:91440300192185379H']
    >>> id_candidates("USCC:91440300192185379h")[:3]
    ['USCC:91440300192185379h', 'uscc:91440300192185379h', 'uscc:91440300192185379H']
    """
    q = query.strip()
    if not q:
        return []
    out = [q]
    if ":" in q:
        prefix, _, rest = q.partition(":")
        out.append(f"{prefix.lower()}:{rest.strip()}")
        # Codes are stored upper case and half-width, as a bare code is looked up.
        scheme = prefix.strip().lower()
        if scheme == "uscc":
            out.append(f"uscc:{normalize_uscc(rest)}")
        elif scheme == "lei":
            out.append(f"lei:{normalize_lei(rest)}")
        elif scheme == "org":
            out.append(f"org:{unicodedata.normalize('NFKC', rest).strip().upper()}")
        out += register_candidates(q)
    else:
        norm = normalize_uscc(q)  # the same normalisation serves LEI and registry numbers
        out.append(norm)
        if len(norm) == 18:
            out.append(f"uscc:{norm}")
        if len(norm) == 20:
            out.append(f"lei:{normalize_lei(q)}")
        for p in ID_PREFIXES:
            out.append(f"{p}:{q}")
            out.append(f"{p}:{norm}")
        out += register_candidates(q)
        out += ticker_candidates(q)
    return list(dict.fromkeys(out))


def substring_groups(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    """Each group's strings folded, without those under 3 characters (a trigram index
    cannot look them up, and they are in nearly every name), and without the groups
    left empty (``Store.names_containing``).

    >>> substring_groups([["HUAW", "ei"], ["x"], ["Tech"]])
    [['huaw'], ['tech']]
    """
    out = [[s for s in dict.fromkeys(fold(x) for x in g) if len(s) >= 3] for g in groups]
    return [g for g in out if g]


def fts_phrase(text: str) -> str:
    """Quote text as one FTS5 string (a substring query under the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'
