"""Finding "possibly same as" candidates: which stored entities an entity's names meet,
and the score and features of each pair (``loaders.matches`` writes them for review).

Apart from ``loaders.matches`` because this part only reads: it asks the store and
scores, and is where the blocking and scoring rules can be read and tuned alone.

An entity is compared with the store's entities of the same type whose normalised
names (``graph.names``) equal one of its own.  Blocking is by index, so no pair of
the whole graph is ever enumerated: first ``Store.exact_names`` on the entity's names
as folded (and a person's with the surname at the other end, and a Chinese name's
pinyin, which has no spaces however the name is spaced), so an identical name is
always found; then a ``Store.search`` on the name's leading words (a person's longest
word), capped at ``HITS``, for the variants (legal form, brackets, punctuation).  A
pair gets a score in [0, 1] and the features behind it.

Never a candidate: pairs from the same source (the source already keeps them apart),
pairs with conflicting strong ids (two different USCCs), and people known only by a
short Chinese name.  Strong-id pairs the resolver did not merge
(``loaders.resolve.StrongPair``) score with ``shared_strong_id``, and with
``conflicting_strong_id`` and a lower score when another scheme both carry disagrees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from graph.model import Node, NodeType
from graph.names import NormalName, fold_text, is_common_person_name, normalise
from graph.registers import scheme_of
from graph.store.base import Store
from graph.store.textindex import fold, has_cjk, pinyin_key
from loaders.resolve import RESOLVED_TYPES, conflicting_ids, is_strong, sources_of

MAX_NAMES = 8  # names per entity used for blocking (sanctions entries carry dozens)
HITS = 20  # search hits per blocking query (same-source hits crowd in and are dropped)
EXACT_HITS = 200  # entities per entity whose name is identical (Store.exact_names)
LOOKUP_CHUNK = 500
# Spaces next to an ideograph (names are folded first, so every space is one " ").
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff]) | (?=[\u3400-\u9fff\uf900-\ufaff])")

_COUNTRY_KEYS = ("country", "countries", "jurisdiction", "nationality")
# Country names as OFAC writes them -> ISO codes as the other sources write them.
_COUNTRY = {
    "china": "cn",
    "hong kong": "hk",
    "russia": "ru",
    "iran": "ir",
    "united kingdom": "gb",
    "united states": "us",
    "united arab emirates": "ae",
    "turkey": "tr",
    "belarus": "by",
    "ukraine": "ua",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    a: str
    b: str
    score: float
    features: dict[str, Any]


def countries(node: Node) -> set[str]:
    """ISO-like lower-case country codes a node's properties name."""
    out: set[str] = set()
    for key in _COUNTRY_KEYS:
        v = node.props.get(key)
        for c in [v] if isinstance(v, str) else v if isinstance(v, list) else []:
            if isinstance(c, str) and c.strip():
                t = c.strip().casefold()
                out.add(_COUNTRY.get(t, t))
    return out


def same_for_matching(old: Node, new: Node) -> bool:
    """True when ``new`` merged into ``old`` changes nothing a proposal looks at (type,
    names, ids, sources, countries): the entity's candidates were proposed when it was
    written before, so a reload need not search for them again.

    >>> from graph.model import Provenance
    >>> a = Node("x", NodeType.COMPANY, "甲", names=("乙",), provenance=(Provenance("s", "1"),))
    >>> same_for_matching(a, Node("x", NodeType.COMPANY, "乙", provenance=(Provenance("s", "2"),)))
    True
    >>> same_for_matching(a, Node("x", NodeType.COMPANY, "丙", provenance=(Provenance("s", "1"),)))
    False
    """
    if new.type is not old.type or not sources_of(new) <= sources_of(old):
        return False
    names, ids = set(old.all_names), set(old.all_ids)
    if not (all(n in names for n in new.all_names if n) and all(i in ids for i in new.all_ids)):
        return False
    return all(
        old.props.get(k) == new.props[k] for k in _COUNTRY_KEYS if new.props.get(k) is not None
    )


def name_keys(node: Node) -> dict[str, NormalName]:
    """Normalised base key -> the normal name, for the node's first names."""
    person = node.type is NodeType.PERSON
    out: dict[str, NormalName] = {}
    for name in node.all_names[:MAX_NAMES]:
        nn = normalise(name, person=person)
        if len(nn.base) >= 2 and not (person and is_common_person_name(nn.base)):
            out.setdefault(nn.base, nn)
    return out


def blocking_query(name: str, person: bool) -> str:
    """The text to search for: the name's words before any bracket or legal form
    (a prefix or substring of every variant), a person's longest word.

    >>> blocking_query("新疆天业（集团）有限公司", False), blocking_query("Zala Aero LLC", False)
    ('新疆天业', 'zala aero')
    >>> blocking_query("ZAKHAROV, Aleksandr Vyacheslavovich", True)
    'vyacheslavovich'
    """
    if person:
        return max(fold_text(name).split() or [""], key=len)
    head = fold_text(name.replace("（", "(").split("(")[0]) or fold_text(name)
    base = normalise(head).base if head else ""
    return base or normalise(name).base


def score(a: Node, b: Node, ka: NormalName, kb: NormalName) -> Candidate:
    """Score and features for two entities whose normalised base names are equal."""
    if b.id < a.id:  # the order the pair is stored in, so the features line up
        a, b, ka, kb = b, a, kb, ka
    features: dict[str, Any] = {"base_name_equal": True}
    s = 0.8
    if ka.full == kb.full:
        features["normalised_name_equal"] = True
        s += 0.1
    elif ka.form and kb.form:
        features["legal_form_differs"] = [ka.form, kb.form]
        s -= 0.1
    ca, cb = countries(a), countries(b)
    if ca and cb:
        if ca & cb:
            features["same_country"] = sorted(ca & cb)
            s += 0.05
        else:
            features["different_country"] = [sorted(ca), sorted(cb)]
            s -= 0.3
    if a.type is NodeType.PERSON:
        features["person_name_only"] = True
        s -= 0.2
    features["sources"] = [sorted(sources_of(a)), sorted(sources_of(b))]
    return Candidate(a.id, b.id, round(min(1.0, max(0.0, s)), 3), features)


def strong_pair_candidate(
    store: Store, a: str, b: str, shared: Sequence[str], also: Sequence[str] = ()
) -> Candidate:
    """A pair sharing a strong id that resolution kept apart: 0.95, unless another
    scheme both carry disagrees (the SDN list gives two different companies one
    Russian OGRN, each with its own INN), which says one of the ids is wrong rather
    than that they are one entity: 0.5, with the disagreeing ids as
    ``conflicting_strong_id``.  When the first one's ids also name other entities
    (``also``, it merged into none) the ids point several ways: 0.75, the others as
    ``strong_ids_also_name``."""
    a, b = sorted((a, b))  # the order the pair is stored in, so the features line up
    features: dict[str, Any] = {"shared_strong_id": list(shared)}
    top = 0.95
    if also:
        features["strong_ids_also_name"] = sorted(also)
        top = 0.75
    nodes = store.get_many([a, b])
    na, nb = nodes.get(a), nodes.get(b)
    if na is None or nb is None:
        return Candidate(a, b, top, features)
    schemes = set(conflicting_ids(na.all_ids, nb.all_ids))
    if not schemes:
        return Candidate(a, b, top, features)
    features["conflicting_strong_id"] = [
        sorted(i for i in n.all_ids if is_strong(i) and scheme_of(i) in schemes) for n in (na, nb)
    ]
    return Candidate(a, b, 0.5, features)


def lookup_chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """``ids`` in slices a ``Store.get_many`` (or similar) call takes at once."""
    for k in range(0, len(ids), LOOKUP_CHUNK):
        yield ids[k : k + LOOKUP_CHUNK]


def find_candidates(store: Store, ids: Sequence[str]) -> list[Candidate]:
    """Name candidates for the entities ``ids`` (any aliases) against the whole store."""
    out: dict[tuple[str, str], Candidate] = {}
    for chunk in lookup_chunks(list(dict.fromkeys(ids))):
        for node in store.get_many(chunk).values():
            if node.type not in RESOLVED_TYPES:
                continue
            for c in _candidates_of(store, node):
                key = (min(c.a, c.b), max(c.a, c.b))
                if key not in out or out[key].score < c.score:
                    out[key] = c
    return list(out.values())


def _base(name: str, person: bool) -> str:
    return normalise(name, person=person).base


def exact_keys(node: Node) -> list[str]:
    """Folded names (the store's name keys) to look up exactly: each name, and a
    person's name with the surname moved to the other end, as lists write it
    ("ZAKHAROV, Lavrentii" and "Lavrentii Zakharov").

    >>> exact_keys(Node("p", NodeType.PERSON, "ZAKHAROV, Lavrentii Aleksandrovich"))
    ['zakharov, lavrentii aleksandrovich', 'lavrentii aleksandrovich zakharov']
    >>> exact_keys(Node("p", NodeType.PERSON, "Lavrentii Zakharov"))
    ['lavrentii zakharov', 'zakharov, lavrentii']
    """
    person = node.type is NodeType.PERSON
    out: list[str] = []
    for name in node.all_names[:MAX_NAMES]:
        key = fold(name)
        if len(key) < 2:
            continue
        out.append(key)
        if " " in key and has_cjk(key):
            # "北京 鸿运 达 科技有限公司" as registers write it without the spaces.
            out.append(_CJK_SPACE.sub("", key))
        if person:
            head, comma, rest = key.partition(",")
            words = key.split()
            if comma and rest.strip():
                out.append(f"{rest.strip()} {head.strip()}")
            elif len(words) > 1:
                out.append(f"{words[-1]}, {' '.join(words[:-1])}")
    return list(dict.fromkeys(out))


def _candidates_of(store: Store, node: Node) -> Iterator[Candidate]:
    keys = name_keys(node)
    if not keys:
        return
    person = node.type is NodeType.PERSON
    hit_ids: list[str] = []
    # Identical names first, by index lookup: the search below is capped, and names
    # sharing the blocking word (same-source ones included) can fill its hits.
    for h in store.exact_names(exact_keys(node), types=[node.type], limit=EXACT_HITS):
        if h.id != node.id and _base(h.matched, person) in keys:
            hit_ids.append(h.id)
    # Nor can a Chinese name find one stored with spaces ("北京 鸿运 达 科技有限公司"): the
    # search has none (``normalise`` drops them), a folded name keeps them.  The
    # name's pinyin has none either way; a hit's ``matched`` is then that pinyin, and
    # its names are compared once it is fetched (homophones drop out there).
    pinyin = [py for n in node.all_names[:MAX_NAMES] if has_cjk(n) and (py := pinyin_key(n))]
    if pinyin and not person:
        for h in store.exact_names(pinyin, types=[node.type], limit=HITS, pinyin=True):
            if h.id != node.id:
                hit_ids.append(h.id)
    queries = dict.fromkeys(blocking_query(n, person) for n in node.all_names[:MAX_NAMES])
    for q in queries:
        if len(q) < 2:
            continue
        for h in store.search(q, limit=HITS, types=[node.type]):
            # Fetch only the hits whose matching name already normalises equal (a
            # node's other names are compared below, once it is fetched).
            if h.id != node.id and (h.how == "id" or _base(h.matched, person) in keys):
                hit_ids.append(h.id)
    hit_ids = list(dict.fromkeys(hit_ids))
    if not hit_ids:
        return
    mine = sources_of(node)
    for other in store.get_many(hit_ids).values():
        if other.id == node.id or sources_of(other) & mine:
            continue
        if conflicting_ids(node.all_ids, other.all_ids):
            continue
        theirs = name_keys(other)
        common = [k for k in keys if k in theirs]
        if common:
            best = max(
                (score(node, other, keys[k], theirs[k]) for k in common), key=lambda c: c.score
            )
            yield best
