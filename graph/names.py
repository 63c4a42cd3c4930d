"""Name normalisation: one comparable key per name (entity resolution, screening).

Sources write the same company differently: full-width or half-width characters,
（）or (), 有限公司 or 有限责任公司, "Co., Ltd." or "Limited", upper or lower case,
spaces and punctuation.  ``normalise`` reduces a name to a base key (the name without
its legal form) and the legal form's class, so that those variants compare equal
while the legal form stays a separate, weaker feature.

>>> normalise("新疆天业（集团）有限公司") == normalise("新疆天业(集团)有限责任公司")
True
>>> normalise("Ping An Bank Co., Ltd.")
NormalName(base='ping an bank', form='ltd')
>>> normalise("LIMITED LIABILITY COMPANY ZALA AERO").base == normalise("Zala Aero LLC").base
True
>>> normalise("ZAKHAROV, Aleksandr", person=True) == normalise("Aleksandr Zakharov", person=True)
True
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu

# Chinese legal forms at the end of a name, longest first (the class is what compares).
CJK_FORMS: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "jsc"),
    ("有限责任公司", "ltd"),
    ("有限公司", "ltd"),
)

# Latin legal forms, as folded token sequences; matched at the end or the start of a name.
LATIN_FORMS: dict[tuple[str, ...], str] = {
    tuple(k.split()): v
    for k, v in {
        "co ltd": "ltd",
        "company limited": "ltd",
        "co limited": "ltd",
        "limited": "ltd",
        "ltd": "ltd",
        "llc": "ltd",
        "limited liability company": "ltd",
        "ooo": "ltd",
        "tov": "ltd",
        "gmbh": "ltd",
        "pte ltd": "ltd",
        "private limited": "ltd",
        "pvt ltd": "ltd",
        "sdn bhd": "ltd",
        "bv": "ltd",
        "fze": "ltd",
        "fzco": "ltd",
        "llp": "partnership",
        "lp": "partnership",
        "joint stock company": "jsc",
        "jsc": "jsc",
        "ojsc": "jsc",
        "pjsc": "jsc",
        "cjsc": "jsc",
        "open joint stock company": "jsc",
        "closed joint stock company": "jsc",
        "public joint stock company": "jsc",
        "ao": "jsc",
        "oao": "jsc",
        "zao": "jsc",
        "pao": "jsc",
        "aktsionernoe obshchestvo": "jsc",
        "plc": "jsc",
        "ag": "jsc",
        "sa": "jsc",
        "nv": "jsc",
        "inc": "corp",
        "incorporated": "corp",
        "corp": "corp",
        "corporation": "corp",
        "co": "co",
        "company": "co",
    }.items()
}
MAX_FORM = max(len(k) for k in LATIN_FORMS)
# Brackets and quotes of every script become nothing: their content stays part of the name.
_DROP = re.compile(r"[()\[\]{}〔〕【】《》<>\"'`“”‘’«»„‟‹›「」『』·•・]")
_SEP = re.compile(r"[\s,.;:/\\|_\-–—!?*#@~+=]+")
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class NormalName:
    """``base``: the comparable key without legal form; ``form``: the form's class or ''."""

    base: str
    form: str

    @property
    def full(self) -> str:
        return f"{self.base}|{self.form}"


def fold_text(name: str) -> str:
    """NFKC (full-width to half-width, （ to (), case-folded, brackets and quotes dropped,
    punctuation and spacing reduced to single spaces, ``&`` spelled ``and``.

    >>> fold_text("  ＡＢＣ　Trading, Co.（HK） & Sons ")
    'abc trading co hk and sons'
    """
    t = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    t = _DROP.sub(" ", t)
    return " ".join(_SEP.sub(" ", t).split())


def normalise(name: str, *, person: bool = False) -> NormalName:
    """The base key and legal-form class of a name (see the module docstring).

    Chinese text loses every space (words are not space-separated there).  A person's
    name has no legal form; its tokens are sorted, so "SURNAME, Given" equals
    "Given Surname".

    >>> normalise("泛海控股股份有限公司")
    NormalName(base='泛海控股', form='jsc')
    >>> normalise("  ")
    NormalName(base='', form='')
    """
    t = fold_text(name)
    if person:
        if CJK_RE.search(t):
            return NormalName(t.replace(" ", ""), "")
        return NormalName(" ".join(sorted(t.split())), "")
    if CJK_RE.search(t):
        t = t.replace(" ", "")
        for suffix, form in CJK_FORMS:
            if t.endswith(suffix) and len(t) > len(suffix):
                return NormalName(t[: -len(suffix)], form)
        return NormalName(t, "")
    tokens = t.split()
    form = ""
    # End first ("Zala Aero LLC"), then the start ("LIMITED LIABILITY COMPANY ZALA AERO");
    # a name is never reduced to nothing.
    for n in range(min(MAX_FORM, len(tokens) - 1), 0, -1):
        hit = LATIN_FORMS.get(tuple(tokens[-n:]))
        if hit:
            form, tokens = hit, tokens[:-n]
            break
    if not form:
        for n in range(min(MAX_FORM, len(tokens) - 1), 0, -1):
            hit = LATIN_FORMS.get(tuple(tokens[:n]))
            if hit:
                form, tokens = hit, tokens[n:]
                break
    return NormalName(" ".join(tokens), form)


def is_common_person_name(key: str) -> bool:
    """A short Chinese personal name (2-4 characters): far too common to propose a
    match on the name alone (hundreds of thousands share 王伟).

    >>> is_common_person_name("王伟"), is_common_person_name("aleksandr zakharov")
    (True, False)
    """
    return bool(CJK_RE.search(key)) and len(key) <= 4


# Traditional characters to simplified: ICU's transform, through PyICU (the text
# normaliser of followthemoney needs it too); its data ship with the library, nothing
# is fetched.  A transliterator is not to be shared between threads (the explorer
# screens on several).
_T2S = threading.local()


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones (ICU); other text unchanged.

    >>> to_simplified("北京弘善綜合批發市場有限公司"), to_simplified("Kordeli")
    ('北京弘善综合批发市场有限公司', 'Kordeli')
    """
    if not CJK_RE.search(text):
        return text
    return _t2s(text)


@lru_cache(maxsize=65_536)
def _t2s(text: str) -> str:
    tr = getattr(_T2S, "tr", None)
    if tr is None:
        tr = _T2S.tr = icu.Transliterator.createInstance("Traditional-Simplified")
    return str(tr.transliterate(text))
