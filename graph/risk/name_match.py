"""Screening by name: which stored entities a name may denote, and how well each fits.

Candidates come from these look-ups: the second unless the first found the exact
name, each later one only while no candidate scores ``SURE`` (0.95: a misspelt strong
match, "HOERYONG SHIPPING CO LTD" at 0.93 for "GORYONG SHIPPING CO LTD", may be a near
namesake of the entry a later look-up finds, "GOORYONG SHIPPING CO LTD" at 0.98):

1. ``store.search`` on the name as given (identifiers, exact names, substrings);
2. ``store.exact_names`` on the name's core (``graph.name_parts``: without legal
   forms, branch, 市/省, in simplified characters) with each legal form added back,
   so that "Kordeli LLC" finds "KORDELI" and 北京市弘善…有限公司 finds
   北京弘善…有限责任公司;
3. ``store.search`` on the name as written without its legal form (and branch) at the
   end, which keeps its punctuation ("TRANSPORTES J.L. CORDON" for "... LLC");
4. on the core (a Chinese one without its leading place);
5. on the words that tell the name apart (no industry, place or filler word): each of
   the first four, as it is when five letters or shorter, else its first five and its
   last four letters, so that a misspelling spoils at most one of the two ("Hghways"
   finds "HIGHWAYS" by "hways"); a Chinese name's trade name (its first two characters
   once place and industry words are gone).  These find variants and the nearest
   names;
6. for a Latin name of three words or more, ``store.names_containing`` with all its
   words (industry words and legal forms included) but one, each by its two ends, for
   each word left out in turn: one name must hold them all, so a stem too common to
   find anything alone ("port") still narrows the search, and the word left out may
   be the misspelt one;
7. for a Chinese name, the toneless pinyin of its distinctive words as written
   (``_distinctive_span``), first with the place before them: a character typed by its
   sound (北京启杭嘉业经贸 for 北京启航嘉业经贸, the commonest slip of Chinese input)
   leaves no substring of the trade name but its sound, and a short trade name's sound
   alone (yujin) is in more names than a search fetches.  Of 400 real registered names
   (cn-registry, Beijing 2002) with one character of the trade name so replaced, the
   company came first for 46 % before and 99 % after (2026-12-03).  It costs two pinyin
   searches for every Chinese name without a match of 0.95: on the 1M-company benchmark
   store, 100 such names took 54 ms each at the median (169 ms p95) against 2 ms (4 ms)
   without them, and 96 found their company against 8;
8. for a Latin name of two words or more, ``store.names_containing`` with each of its
   first four distinctive words of 4 to 9 letters by its first and last three letters,
   and every other word as in step 6: in a short word a dropped letter spoils both the
   five-letter head and the four-letter tail of step 5 ("PETRGAT FZE" for "PETROGAT
   FZE", "RAMR GROUP").

Of 393 OFAC SDN entity names with one letter dropped from the longest word, the entry
itself came first for 67 % with the first and longest word's first five letters as the
only word queries, 88 % with step 5 as it is, 94 % with step 6, 97 % with step 8 and
the search going on below 0.95 (381; of the 12 left, 2 are another entry of the same
name); of 389
individuals, 97 % (2026-12-03).  Step 8 changed nothing on 500 names with a distinctive
word replaced by another entry's (364 weak and 5 strong matches before and after).

Scores, best first (``kind`` in brackets):

- 1.0 (exact): equal after normalisation (NFKC, case, spaces, punctuation).
- 0.95 (variant, ``VARIANT``): equal cores, with legal forms of one class (LLC, Ltd,
  OOO, 有限公司, 有限责任公司) or one side without any ("Kordeli LLC", "KORDELI").
- 0.9 (branch, ``BRANCH``): one is a branch of the other (…有限公司北京分公司 or
  …分行, after a legal form); the match is flagged ``branch``.
- 0.85 (variant, ``FORM_DIFFERS``): equal cores, legal forms of different classes
  only (LLC and JSC; 有限公司 and 股份有限公司): below 0.9, so flagged ``weak``.
- partial: the difflib ratio of the two names (normalised, in simplified characters,
  legal forms included), raised for containment to 0.5 + 0.45 * shorter / longer; at
  most 0.99.  Only when a word that tells one name apart occurs in the other (in a
  Latin name from the start or to the end of a word, ``_in_core``; Latin words also at
  a difflib ratio of 0.8: "Kordelli", "Kordeli").  At most
  ``UNANSWERED`` (0.89, so flagged ``weak``) unless every such word of each name has
  its counterpart in the other (in its core, or a Latin word of it, industry words and
  legal forms included, at a difflib ratio of 0.8: "Trding" answers "Trading"): long
  names that differ in one word ("ZQXbara Projects and Construction" and "Arab
  Projects and Construction", 0.94 by difflib; 北京百度网讯科技 and 北京百度网络科技,
  0.92) are different companies as often as not, and a compliance reviewer should see
  that they differ; so are two branches with different branch names (…十三分公司 and
  …三分公司, 0.97 by difflib).  A Chinese word that only sounds like one of the other's (中圆,
  中源) is shared (not ``common words``) but never answered: a slip of input, or
  another company (华为, 华威), so weak; and only when the names are otherwise alike
  (a ratio of ``NEAR`` or more: 诚光 sounds like 诚广 in 北京中讯信诚广告, by chance).
  Of 1,000 names of the 1989 and 1999 Beijing registers not in a store of the 2002
  one, as many matched with the rule as before it (336 weak, 3 strong).  Of
  candidates the cap makes equal, the one spelt nearer ranks first (``Scored.near``).
  On OFAC SDN entity names (2026-12-03): of 13,904 pairs of
  different entries sharing their first word, 71 scored 0.9 or more before and 20 now;
  of 5,918 names with one letter dropped from a word of 5 or more, 5-6 fell below 0.9
  (apostrophe fragments: "Q'IDA" for "QA'IDA").
- common words: half that (``COMMON_WEIGHT``) when the names share only industry,
  place and filler words (北京弘善科技有限公司 and 北京华为科技有限公司), or one
  name is all such words and a word of the other that tells it apart has no
  counterpart in it ("Zyxwv Trading House" and "Trading House 0 LLC"): below 0.5,
  never a match, but named among the nearest.
- 0.9 (pinyin, ``PINYIN_EXACT``): a Latin query equal to the toneless pinyin of the
  whole Chinese name; half the partial score (pinyin partial, below 0.5, never a
  match) when it covers only part of it ("Huawei" and 华伟忠, huaweizhong).

Traditional characters become simplified through ICU's Traditional-Simplified
transform (``graph.names.to_simplified``), on both sides.  It maps a few traditional
characters that stand for two simplified ones to one of them (乾 to 干), which can make
two different names look alike, never two alike names differ.  A leading place is a
province-level name, a prefecture-level city with or without 市 (``name_parts``; 杭州云优
建设 and 杭州欣卓隆建设 share only their city, so they are no match: of 3,000 pairs of
different companies of one city in the 1M benchmark graph, 1,826 matched weakly when the
city counted as a trade-name word, 138 now), or any two characters with 市; other place
prefixes are not recognised.  Two names with different places are at most weak (杭州恒展
贸易 and 苏州恒展贸易).  A name without its place (弘善综合批发市场有限公司) is only a
partial match of one with it.

>>> name_score("Kordeli LLC", "KORDELI")
(0.95, 'variant')
>>> name_score("北京弘善科技有限公司", "北京华为科技有限公司")
(0.4, 'common words')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from graph.model import NodeType
from graph.name_parts import NameParts, name_parts
from graph.names import fold_text, to_simplified
from graph.store.base import SearchHit, Store
from graph.store.textindex import char_sounds, fold, pinyin_key

MIN_SCORE = 0.6
STRONG_SCORE = 0.9  # a name match below this is flagged weak
SURE = 0.95  # a candidate at or above this ends the search (below, a nearer one may be found)
VARIANT = 0.95
FORM_DIFFERS = 0.85
BRANCH = 0.9
COMMON_WEIGHT = 0.5  # only common words in common: kept below MIN_SCORE
UNANSWERED = 0.89  # a partial match with a distinctive word unanswered: flagged weak
NEAR = 0.8  # difflib ratio at which one word is taken for another misspelt
PINYIN_EXACT = 0.9  # toneless pinyin of the whole name: homophones share it
PINYIN_PARTIAL_WEIGHT = 0.5  # part of a pinyin string: kept below MIN_SCORE
SEARCH_LIMIT = 10
STEM = 5  # letters of a long distinctive word searched for (its variants share them)
WORD_QUERIES = 4  # distinctive words searched for, each by its two ends
LEAVE_ONE_OUT = 6  # words of a Latin name searched together, all but one at a time
# Legal-form classes: "co" (a bare "Co." or "Company") says too little to differ.
_VAGUE_FORMS = frozenset({"", "co"})


def normalise_name(text: str) -> str:
    """Name as compared: NFKC, case-folded, without spaces, punctuation or symbols.

    >>> normalise_name("（北京）科技 有限公司"), normalise_name("Acme, Inc.")
    ('北京科技有限公司', 'acmeinc')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PSZC")


def _partial(q: str, c: str) -> float:
    """Similarity of two different normalised names in [0, 0.99], unrounded."""
    if not q or not c:
        return 0.0
    ratio = SequenceMatcher(None, q, c).ratio()
    if q in c or c in q:
        # Containment: "平安银行" in "平安银行股份有限公司" is a strong hint, more so the
        # larger the share of the longer name it covers.
        ratio = max(ratio, 0.5 + 0.45 * min(len(q), len(c)) / max(len(q), len(c)))
    return min(ratio, 0.99)


def _share_a_word(a: NameParts, b: NameParts, sounds: bool = False) -> bool:
    """Does a word that tells one name apart occur in the other (or nearly: Latin
    words at a difflib ratio of 0.8 or more, "Kordelli" and "Kordeli"; with ``sounds``
    Chinese ones sounding alike, 中圆 and 中源)?"""
    if any(_in_core(w, b) for w in a.words) or any(_in_core(w, a) for w in b.words):
        return True
    if a.cjk and b.cjk and sounds:
        return any(_sounds_in(w, b.core) for w in a.words) or any(
            _sounds_in(w, a.core) for w in b.words
        )
    if a.cjk or b.cjk:
        return False
    return any(_near(x, b.words) for x in a.words)


def _in_core(word: str, parts: NameParts) -> bool:
    """Is ``word`` in the name's core: anywhere in a Chinese one; in a Latin one from
    the start of a word or up to the end of one, so that spacing may differ ("mksofttech"
    in "MK Soft Tech", "kordeli" in "Kordelitrade") but a word does not form across two
    others ("jinghong" in "Bejing Hongshan").

    >>> _in_core("mksofttech", name_parts("MK Soft Tech"))
    True
    >>> _in_core("jinghong", name_parts("Bejing Hongshan"))
    False
    """
    if parts.cjk or not parts.spaced:
        return word in parts.core
    starts, ends, at = set(), set(), 0
    for token in parts.spaced.split():
        starts.add(at)
        at += len(token)
        ends.add(at)
    joined = parts.spaced.replace(" ", "")
    i = joined.find(word)
    while i >= 0:
        if i in starts or i + len(word) in ends:
            return True
        i = joined.find(word, i + 1)
    return False


def _sounds_in(word: str, core: str) -> bool:
    """Do characters of ``core`` in a row sound like ``word``, tones aside (启航 for
    启杭)?  Homophones are also different companies (华为, 华威), so such a word is
    shared but never answered (``_answers``): the match stays weak.

    >>> _sounds_in("中圆", "中源能源工程"), _sounds_in("中圆", "中国能源工程")
    (True, False)
    """
    w, c = char_sounds(word), char_sounds(core)
    return any(c[i : i + len(w)] == w for i in range(len(c) - len(w) + 1))


def _near(word: str, others: Sequence[str]) -> bool:
    """Is ``word`` one of ``others`` misspelt (a difflib ratio of ``NEAR`` or more)?"""
    return any(SequenceMatcher(None, word, y).ratio() >= NEAR for y in others)


def _answers(a: NameParts, b: NameParts, b_tokens: Sequence[str]) -> bool:
    """Has every word that tells ``a`` apart its counterpart in the other name: the word
    in ``b``'s core, or for Latin names one of the other name's ``b_tokens`` (all its
    words, industry words and legal forms included: a misspelt "Hlding" or "Limied" is
    no word of its own) at a difflib ratio of 0.8?

    >>> b = "Kordeli Trading LLC"
    >>> _answers(name_parts("Kordelli Trdng"), name_parts(b), _tokens(b))
    True
    >>> _answers(name_parts("ZQXbara Projects"), name_parts("Arab Projects"), ["arab", "projects"])
    False
    """
    for w in a.words:
        if _in_core(w, b):
            continue
        if a.cjk or b.cjk or not _near(w, b_tokens):
            return False
    return True


def _generic_only(pq: NameParts, pc: NameParts, q_answered: bool, c_answered: bool) -> bool:
    """One name is all common words, so a word they share tells nothing, and the other
    has a distinctive word it does not answer (``q_answered``: every word of the query
    has its counterpart in the candidate, ``_answers``; ``c_answered`` the other way):
    "Zyxwv Trading House" and "Trading House 0 LLC"; a misspelt "National Iranan Oil
    Co" still answers its generic entry.

    >>> _generic_only(name_parts("Zyxwv Trading House"), name_parts("Trading House 0 LLC"),
    ...               False, True)
    True
    """
    if pc.generic and not pq.generic:
        return not q_answered
    if pq.generic and not pc.generic:
        return not c_answered
    return False


def _tokens(name: str) -> list[str]:
    """A name's words as ``name_parts`` splits them (``fold_text``), legal forms included.

    >>> _tokens("Mamoun Darkazanli Import-Export Co., Ltd.")
    ['mamoun', 'darkazanli', 'import', 'export', 'co', 'ltd']
    """
    return fold_text(name).split()


def name_score(query: str, candidate: str) -> tuple[float, str]:
    """``(score, kind)`` of a candidate name for a query name (the module's table)."""
    score, kind, _ = _scored(_Name.of(query), _Name.of(candidate))
    return score, kind


@dataclass(frozen=True, slots=True)
class _Name:
    """A name as ``_scored`` compares it, made once: a screened name is compared with
    every candidate text its look-ups find."""

    norm: str  # ``normalise_name``
    simple: str  # the same in simplified characters
    parts: NameParts
    tokens: list[str]  # ``_tokens``

    @classmethod
    def of(cls, text: str) -> _Name:
        return cls(
            normalise_name(text),
            normalise_name(to_simplified(text)),
            name_parts(text),
            _tokens(text),
        )


def _scored(query: _Name, candidate: _Name) -> tuple[float, str, float]:
    """``name_score`` and, third, the partial similarity before ``UNANSWERED`` capped
    it: of two candidates capped alike the nearer spelling ranks first (三分公司 before
    一分公司 for 三分公司 misspelt elsewhere)."""
    q, c = query.norm, candidate.norm
    if q and q == c:
        return 1.0, "exact", 1.0
    pq, pc = query.parts, candidate.parts
    if pq.core and pq.core == pc.core:
        if pq.branch == pc.branch:
            fq, fc = pq.forms - _VAGUE_FORMS, pc.forms - _VAGUE_FORMS
            score = FORM_DIFFERS if fq and fc and not fq & fc else VARIANT
            return score, "variant", score
        if not (pq.branch and pc.branch):
            return BRANCH, "branch", BRANCH
    score = _partial(query.simple, candidate.simple)
    near = round(score, 4)
    # Two characters sound like two of a name that is otherwise far (诚光 in
    # 中讯信诚广告): chance, not a slip; a slip leaves the rest alike.
    if not _share_a_word(pq, pc, sounds=score >= NEAR):
        return round(score * COMMON_WEIGHT, 4), "common words", near
    q_answered = _answers(pq, pc, candidate.tokens)
    c_answered = _answers(pc, pq, query.tokens)
    if _generic_only(pq, pc, q_answered, c_answered):
        return round(score * COMMON_WEIGHT, 4), "common words", near
    # Two branches of different names are two branches (十三分公司, 三分公司), and one
    # trade name in two cities is two companies as often as not (杭州恒展贸易, 苏州恒展
    # 贸易), however alike the rest: branch and place are no words that tell a name
    # apart, so nothing above sees them.
    differ = any(
        x and y and x != y for x, y in ((pq.branch, pc.branch), (pq.region[0], pc.region[0]))
    )
    if score > UNANSWERED and (differ or not (q_answered and c_answered)):
        score = UNANSWERED
    return round(score, 4), "partial", near


def hit_pinyin(matched: str) -> str:
    """The pinyin a search hit ``how == "pinyin"`` matched: SQLite reports the pinyin
    itself, Neo4j the Chinese name it belongs to.

    >>> hit_pinyin("huaweizhong"), hit_pinyin("华伟忠")
    ('huaweizhong', 'huaweizhong')
    """
    return pinyin_key(matched) or matched


def pinyin_score(query: str, pinyin: str) -> tuple[float, str]:
    """``(score, "pinyin" | "pinyin partial")`` of a Latin query for a Chinese name
    found by its toneless pinyin: ``PINYIN_EXACT`` for the whole name, else half the
    partial score, so that "Huawei" never confidently matches 华伟忠 (huaweizhong).

    >>> pinyin_score("Hua Weizhong", "huaweizhong")
    (0.9, 'pinyin')
    """
    q, p = normalise_name(query), normalise_name(pinyin)
    if q and q == p:
        return PINYIN_EXACT, "pinyin"
    return round(_partial(q, p) * PINYIN_PARTIAL_WEIGHT, 4), "pinyin partial"


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate entity, its best score, the kind of match and the name it was on."""

    id: str
    score: float
    kind: str
    name: str  # the entity's display name
    matched: str  # the name (or pinyin) that scored
    near: float = 0.0  # the similarity before any cap: breaks ties of ``score``


def _more_queries(name: str, parts: NameParts) -> list[str]:
    """The core and the distinctive words' stems to search for besides the name itself.

    >>> _more_queries("Russian Hghways State Company", name_parts("Russian Hghways State Company"))
    ['Russian Hghways State', 'russian hghways state', 'hghwa', 'ways', 'state']
    """
    seen = fold(name)
    if parts.cjk:
        rest = parts.core[len(parts.region[0]) :]
        # The trade name's first two characters: it follows the place.
        out = [parts.raw, rest if len(rest) >= 2 else parts.core, parts.words[0]]
        # Last the toneless pinyin of its distinctive words: a character typed by its
        # sound (启杭 for 启航, the commonest slip in Chinese input) spoils every
        # substring but not the sound.  With the place as written first: a short trade
        # name's sound alone (yujin) is in more names than a search fetches.
        span = _distinctive_span(parts)
        placed = parts.raw[: parts.raw.find(span) + len(span)] if span in parts.raw else ""
        sounds = [pinyin_key(x) or "" for x in (placed, span)]
        return [x for x in dict.fromkeys([*out, *sounds]) if len(x) >= 2 and fold(x) != seen]
    stems = [s for w in list(dict.fromkeys(parts.words))[:WORD_QUERIES] for s in _stems(w)]
    whole = [x for x in (parts.raw, parts.spaced) if len(x) >= 2]
    # A 1-2 letter stem would match nearly every name (one index page of them, at random).
    return [
        x for x in dict.fromkeys([*whole, *(w for w in stems if len(w) >= 3)]) if fold(x) != seen
    ]


def _distinctive_span(parts: NameParts) -> str:
    """The name as written (``raw``) from its first distinctive word to its last:
    what a pinyin search needs, since industry words and legal forms sound like those
    of every other company (the pinyin of 有限公司 is in nearly every name, and a
    search for it reads them all); brackets are kept, as the stored pinyin keeps them.

    >>> _distinctive_span(name_parts("仲元(北京)绿色生物技术开发有限公司"))
    '仲元(北京)绿色'
    >>> _distinctive_span(name_parts("北京启航嘉业经贸有限公司"))
    '启航嘉业'
    """
    raw, words = parts.raw, parts.words
    if not words:
        return ""
    start = raw.find(words[0])
    end = raw.rfind(words[-1])
    if start < 0 or end < start:
        return raw
    return raw[start : end + len(words[-1])]


def rank_names(store: Store, name: str, types: Sequence[NodeType]) -> list[Scored]:
    """Candidate entities for ``name`` among ``types``, best first (score, name, id)."""
    scored: dict[str, Scored] = {}
    # The look-ups find the same names again and again (and ``matched`` is mostly the
    # display name): score each text once.
    by_text: dict[str, tuple[float, str, float]] = {}

    me = _Name.of(name)

    def score_of(text: str) -> tuple[float, str, float]:
        hit = by_text.get(text)
        if hit is None:
            hit = by_text[text] = _scored(me, _Name.of(text))
        return hit

    def add(hits: Sequence[SearchHit]) -> None:
        for h in hits:
            # A pinyin hit matched the name's pinyin, not a name anyone wrote.
            if h.how == "pinyin":
                p_score, p_kind = pinyin_score(name, hit_pinyin(h.matched))
                other = (p_score, p_kind, p_score)
            else:
                other = score_of(h.matched)
            score, kind, near = max(score_of(h.name), other)
            old = scored.get(h.id)
            if old is None or (score, near) > (old.score, old.near):
                scored[h.id] = Scored(h.id, score, kind, h.name, h.matched, near)

    def best() -> float:
        return max((s.score for s in scored.values()), default=0.0)

    parts = name_parts(name)
    add(store.search(name, limit=SEARCH_LIMIT, types=types))
    keys = [k for k in parts.exact_keys() if k != fold(name)]
    if keys and best() < 1.0:
        add(store.exact_names(keys, types=types, limit=SEARCH_LIMIT))
    for query in _more_queries(name, parts):
        if best() >= SURE:
            break
        add(store.search(query, limit=SEARCH_LIMIT, types=types))
    for groups in [] if parts.cjk else [*_all_but_one(name), *_short_words(name, parts)]:
        if best() >= SURE:
            break
        add(store.names_containing(groups, types=types, limit=SEARCH_LIMIT))
    return sorted(scored.values(), key=lambda s: (-s.score, -s.near, s.name, s.id))


def _stems(word: str) -> list[str]:
    """A word as searched for: itself when ``STEM`` letters or shorter, else its two ends."""
    return [word] if len(word) <= STEM else [word[:STEM], word[-(STEM - 1) :]]


def _searchable(name: str) -> list[str]:
    """A name's words a trigram index can look up (3 letters or more), each once."""
    return [w for w in dict.fromkeys(_tokens(name)) if len(w) >= 3]


def _short_words(name: str, parts: NameParts) -> list[list[list[str]]]:
    """Step 8's queries: each short distinctive word by its first and last three
    letters, with the stems of every other word of the name.

    >>> _short_words("Petrgat FZE", name_parts("Petrgat FZE"))
    [[['pet', 'gat'], ['fze']]]
    """
    tokens = _searchable(name)
    out = []
    for word in list(dict.fromkeys(parts.words))[:WORD_QUERIES]:
        others = [_stems(w) for w in tokens if w != word]
        if 4 <= len(word) <= 9 and others:
            out.append([[word[:3], word[-3:]], *others])
    return out


def _all_but_one(name: str) -> list[list[list[str]]]:
    """Step 6's queries: the stems of every word but one, for each word left out.

    >>> _all_but_one("Syrian Company for Oil Tansport")[-1]
    [['syria', 'rian'], ['compa', 'pany'], ['for'], ['oil']]
    """
    words = _searchable(name)[:LEAVE_ONE_OUT]
    if len(words) < 3:
        return []  # two words: each alone was searched in step 5
    return [[_stems(w) for w in words if w != out] for out in words]
