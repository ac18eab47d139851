"""Resolve: every spelling and partial mention of an actor becomes one node; two actors never share one.

Steps, each explainable as a ``Merge(alias, rule, score)`` on the actor:

1. ``dictionary``: a mention the recogniser linked to an entry, or whose words are an entry's spelling,
   takes the entry's id; ``known`` actors (from a persistent store) keep their ids the same way.
2. Full names (and every non-person name) are grouped by a consonant-skeleton key (``skeleton``), which
   blocks comparisons so resolution stays near-linear, then merged when a similarity score over
   sound-class keys passes the type's threshold: ``transliteration`` (سوليفان/ساليفان, غالانت/جالانت),
   ``compound-spacing`` (نصر الله/نصرالله), ``typo`` (حزب االله). Common Arabic given names (محمد/محمود)
   must match exactly: their vowels tell different names apart.
3. A person's shorter name joins the one longer name of the same article it shortens (``short-form``:
   nasab links or the last names left out, جميل البقعاوي / جميل بن جار الله البقعاوي; a run from a link on,
   ولد الشيخ); another father's name never does (محمد بن سلمان / محمد بن نايف). It holds everywhere when
   every article that shortens it agrees, else in each article alone. An organisation's shorter name
   stands for its article's longer name there only (الشباب: the Presidency of Youth Welfare in one, the
   Al-Shabab club in another).
4. A person's single name (``surname`` or ``first-name``) joins the one full name that carries it in the
   same article, failing that in the whole corpus, failing that in the dictionary. With several candidates
   (عباس when محمود عباس and عباس عراقجي are in scope) it is *not* forced into one of them: it becomes its
   own node, labelled as written.

Cities used for states (واشنطن, طهران) stay their own nodes, with ``Actor.metonym_of`` from the
dictionary. Unknown actors get an English label from ``kg.romanise.english_label`` (the gazetteer for a
place, else the name romanised) and a deterministic id: the slug of that label plus a short hash.

>>> from kg.model import Mention
>>> mentions = [Mention("d", 0, 0, 11, "جايك ساليفان", "PER", "project"),
...             Mention("d", 1, 20, 27, "سوليفان", "PER", "project")]
>>> resolution = resolve(mentions)
>>> [(a.actor_id, a.aliases, [m.rule for m in a.merges]) for a in resolution.actors]
[('jake-sullivan', ['جايك ساليفان', 'سوليفان'], ['dictionary', 'dictionary'])]
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.arabic import normalise_arabic
from kg.gazetteer import place_label
from kg.model import ENTITY_TYPES, Actor, Document, Mention, Merge, Resolution
from kg.recognise import (
    ActorDictionary,
    NameWords,
    SpanMatcher,
    continues_another_chain,
    in_order,
    is_place_adjective,
    load_dictionary,
    load_name_words,
    name_tokens,
    state_demonyms,
    tokenise,
    word_key,
)
from kg.romanise import english_label

__all__ = [
    "compare_names",
    "gold_spans",
    "is_organisation_short_form",
    "is_short_form",
    "load_gold",
    "load_gold_mentions",
    "name_key",
    "resolve",
    "score_resolution",
    "skeleton",
]

#: Types compared with each other: a place may be tagged GPE by one recogniser and LOC by another.
_TYPE_GROUP = {"PER": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE"}
#: Sources of mentions that refer to an actor without naming it (a role phrase, a state reference, a head
#: noun referring back): they resolve to their entry alone, whatever other mentions share their words.
_REFERENCES = frozenset({"office", "reference", "anaphor"})
#: Lowest similarity (over sound-class keys) at which two names of one skeleton block are one actor.
THRESHOLDS = {"PER": 0.7, "ORG": 0.8, "PLACE": 0.8}
#: The rule and score a shorter name's merge is explained by, by type group (a person's short forms are
#: nasab links and middle names left out; an organisation's, words of a generic name).
SHORT_FORM = {"PER": ("short-form", 0.95), "ORG": ("short-form", 0.9)}
#: Fewest letters of a lone word taken for the surname of a person known only to the dictionary: shorter
#: surnames are common words too (دين, جيل, ريد, دان).
MIN_LONE_SURNAME = 4
#: Lowest similarity at which a single-word person name is a variant of another single word.
LONE_WORD_THRESHOLD = 0.85
#: Letters written for one foreign sound: غ/ج/ك (g), ت/ط, س/ص/ث, ز/ذ/ظ, د/ض (and تش/ج for ch).
_SOUND_CLASSES = str.maketrans({"غ": "ج", "ك": "ج", "ط": "ت", "ص": "س", "ث": "س", "ذ": "ز", "ظ": "ز", "ض": "د"})
#: Words that start a compound name and are written with or without a space (عبد الله / عبدالله).
_COMPOUND_HEADS = frozenset({"عبد", "ابو", "ال", "بو", "ابن"})
_GOD = "الله"
#: Native given names whose vowels distinguish different names (محمد/محمود, حمد/حامد): never fuzzy.
_NATIVE_NAMES = frozenset(normalise_arabic(name) for name in """
    محمد محمود أحمد حامد حمد حميد حمدي حمود علي عالي علاء حسن حسين حسان حسني سعد سعيد سعود سالم سليم سليمان
    سلمان كمال كامل جمال جميل خالد خليل عمر عمار عامر عمرو نبيل نبيه ناصر نصر نصار منصور فيصل فاضل فضل رشيد
    راشد رشاد مجيد ماجد مجدي سامي سامر سمير هاني هناء هاشم هشام وليد وائل يوسف يونس ياسر ياسين زياد زايد زيد
    """.split())
_VOWEL_LETTERS = re.compile("[اوي]")
_QUOTES = re.compile("[«»“”\"'‘’]")
_DOUBLED = re.compile(r"(.)\1+")
_FINAL_VOWEL = re.compile("(?<=.)ه$")
#: A final s of a foreign name is written ز or س (موراليز / موراليس, -ez / -es).
_FINAL_S = re.compile("(?<=..)ز$")


# ------------------------------------------------------------------------------------------- keys


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name for comparison: normalised, compounds joined (عبد اللهيان, آل ثاني, نصر الله).

    >>> name_key("حسين أمير عبد اللهيان") == name_key("حسين أمير عبداللهيان")
    True
    """
    words: list[str] = []
    pending = ""
    for word in name_tokens(name):
        if pending:
            words.append(pending + word)
            pending = ""
        elif word == _GOD and words:
            words[-1] += word
        elif word in _COMPOUND_HEADS:
            pending = word
        else:
            words.append(word)
    if pending:
        words.append(pending)
    return tuple(words)


@functools.lru_cache(maxsize=1 << 16)
def _sounds(word: str) -> str:
    # a final ا or ه/ة spells one vowel (سوريا/سورية)
    return _FINAL_S.sub("س", _FINAL_VOWEL.sub("ا", _DOUBLED.sub(r"\1", word.replace("تش", "ج").translate(_SOUND_CLASSES))))


def skeleton(name: str | Sequence[str]) -> str:
    """Consonant skeleton of a name: sound classes unified, doubled letters collapsed, long vowels after
    the first letter dropped, spaces removed. The blocking key: variants of one name share it.

    >>> skeleton("جيك سوليفان") == skeleton("جايك ساليفان"), skeleton("حزب االله") == skeleton("حزب الله")
    (True, True)
    """
    sounds = _sounds("".join(name_key(name) if isinstance(name, str) else name))
    return sounds[:1] + _VOWEL_LETTERS.sub("", sounds[1:])


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def _similarity(a: str, b: str) -> float:
    return 1.0 - _edit_distance(a, b) / max(len(a), len(b), 1)


def compare_names(a: Sequence[str], b: Sequence[str]) -> tuple[str, float] | None:
    """Why two name keys (``name_key``) may be one name, as ``(rule, score)``, or None when they may not.

    >>> compare_names(name_key("هوكشتين"), name_key("هوكشتاين"))
    ('transliteration', 0.875)
    >>> compare_names(name_key("محمود عباس"), name_key("محمد عباس")) is None
    True
    """
    joined_a, joined_b = "".join(a), "".join(b)
    if joined_a == joined_b:
        return ("exact", 1.0) if tuple(a) == tuple(b) else ("compound-spacing", 1.0)
    if _DOUBLED.sub(r"\1", joined_a) == _DOUBLED.sub(r"\1", joined_b):
        return "typo", 1.0 - 1.0 / max(len(joined_a), len(joined_b))
    if len(a) != len(b) or skeleton(a) != skeleton(b):
        return None
    if any((x in _NATIVE_NAMES or y in _NATIVE_NAMES) and x != y for x, y in zip(a, b)):
        return None
    return "transliteration", round(_similarity("".join(map(_sounds, a)), "".join(map(_sounds, b))), 3)


def is_short_form(short: Sequence[str], long: Sequence[str], links: frozenset[str]) -> bool:
    """Whether the name key ``short`` is ``long`` written shorter, as the press shortens one person's name:
    nasab links left out (بن + a father's name: جميل البقعاوي / جميل بن جار الله البقعاوي), a middle name
    left out (عبدالله الأحمري / عبدالله مبارك الأحمري), the last names left off (محمد بن سلمان / محمد بن
    سلمان بن عبد العزيز آل سعود), or a run of it from a link on (ولد الشيخ, بن لادن). A different father is
    never a short form (محمد بن سلمان / محمد بن نايف).

    >>> links = frozenset({"بن", "ولد"})
    >>> is_short_form(name_key("جميل البقعاوي"), name_key("جميل بن جار الله البقعاوي"), links)
    True
    >>> is_short_form(name_key("محمد بن سلمان"), name_key("محمد بن نايف بن عبد العزيز"), links)
    False
    """
    if not 2 <= len(short) < len(long):
        return False
    if short[0] in links:
        return any(tuple(long[i:i + len(short)]) == tuple(short) for i in range(1, len(long) - len(short) + 1))
    if short[0] != long[0]:
        return False
    if not set(short) & links and short[-1] == long[-1] and not set(long) & links:
        # a middle name (the father's, written without بن) left out: عبدالله الأحمري / عبدالله مبارك الأحمري
        return in_order(short[1:-1], long[1:-1])
    at = 1
    for word in short[1:]:
        # ابن is joined to the name it links (name_key), بن and ولد stand apart
        while at < len(long) and long[at] != word and (long[at] in links or long[at].startswith("ابن")):
            at += 2 if long[at] in links else 1
        if at >= len(long) or long[at] != word:
            return False
        at += 1
    return True


def _without_article(word: str) -> str:
    """A surname without its article or dynasty word (الجبير, آل الشيخ joined by :func:`name_key`)."""
    for article in ("الال", "ال"):
        if word.startswith(article) and len(word) > len(article) + 1:
            return word[len(article):]
    return word


def _stem(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def is_organisation_short_form(short: Sequence[str], long: Sequence[str], words: NameWords | None = None,
                               refers_back: bool = False) -> bool:
    """Whether the organisation name key ``short`` is ``long`` written shorter, as one article shortens a
    body's name after giving it in full:

    - its first words, when the words left off name no state (اللجنة العامة / اللجنة العامة للانتخابات
      البلدية, حزب العمال / حزب العمال الكردستاني, but not وزارة الخارجية / وزارة الخارجية الأمريكية: two
      states' ministries);
    - its portfolio, the one common noun after its head noun and before a place's adjective (الإسكان /
      وزارة الإسكان السعودية);
    - its sector and place, as the press names a local branch (تعليم الخرج / الإدارة العامة للتعليم بالخرج);
    - the portfolio of a general administration (الجوازات / المديرية العامة للجوازات);
    - its last word, when that is a name (no common word) and no genitive's object (الكردستاني / حزب العمال
      الكردستاني, سيتي / مانشستر سيتي; not الشباب / الرئاسة العامة لرعاية الشباب) nor the place an
      institution is named after (مستشفى الششة);
    - with ``refers_back`` (a head noun the recogniser found referring back, ``source="anaphor"``), its head
      noun with the article (الوزارة / وزارة التعليم; ``names.toml`` anaphoric_heads); a name the NER found
      is not so read (الاتحاد, the club, is no short form of الاتحاد السعودي لكرة القدم).

    A body named inside a longer name (مجلس التعاون in الأمانة العامة لمجلس التعاون) is another body.

    >>> is_organisation_short_form(name_key("اللجنة العامة"), name_key("اللجنة العامة للانتخابات البلدية"))
    True
    >>> is_organisation_short_form(name_key("وزارة الخارجية"), name_key("وزارة الخارجية الأمريكية"))
    False
    >>> is_organisation_short_form(name_key("السيتي"), name_key("مانشستر سيتي"))
    True
    >>> is_organisation_short_form(name_key("الوزارة"), name_key("وزارة البلديات"), refers_back=True)
    True
    >>> is_organisation_short_form(name_key("الاتحاد"), name_key("الاتحاد السعودي لكرة القدم"))
    False
    """
    if not 1 <= len(short) < len(long):
        return False
    words = words or load_name_words()
    if _is_portfolio_short_form(short, long, words):
        return True
    if len(short) > 1:
        return (tuple(long[:len(short)]) == tuple(short) and not set(long[len(short):]) & state_demonyms()
                or _is_branch_short_form(short, long, words))
    if refers_back and _stem(short[0]) == _stem(long[0]) and _stem(long[0]) in words.anaphoric_heads:
        return True
    core = list(long[1:])
    while len(core) > 1 and is_place_adjective(core[-1]):
        core.pop()
    word = _stem(short[0])
    if len(core) == 1 and word == _stem(core[0]) and words.is_common(short[0]):
        return True
    return (word == _stem(long[-1]) and not words.is_common(long[-1]) and not long[-2].startswith(("ل", "ب"))
            and not (len(long) == 2 and long[0] in words.institutions))


def _is_portfolio_short_form(short: Sequence[str], long: Sequence[str], words: NameWords) -> bool:
    """Whether ``short`` is the portfolio of the general administration ``long`` (الجوازات / المديرية العامة
    للجوازات, رعاية الشباب / الرئاسة العامة لرعاية الشباب): a head of ``general_heads``, العامة, and the
    portfolio after them, its ل dropped."""
    if len(long) < 3 or long[0] not in words.general_heads or word_key("العامة") != long[1]:
        return False
    first = long[2]
    if first.startswith("لل"):
        first = "ال" + first[2:]
    elif first.startswith("ل"):
        first = first[1:]
    return tuple(short) == (first, *long[3:])


def _is_branch_short_form(short: Sequence[str], long: Sequence[str], words: NameWords) -> bool:
    """Whether ``short`` names a local branch by its sector and place (تعليم الخرج, تعليم محافظة الزلفي) and
    ``long`` is that branch's full name: the sector with its article after a head noun, the place last
    (الإدارة العامة للتعليم بالخرج, إدارة التعليم في محافظة الزلفي)."""
    sector, place = short[0], short[-1]
    if sector.startswith("ال") or len(short) > 3 or len(short) == 3 and short[1] not in words.areas:
        return False
    return long[-1] in (place, "ب" + place) and any(word in ("ال" + sector, "لل" + sector) for word in long[1:-1])


def slug(text: str) -> str:
    """A lowercase ASCII slug of a Latin label, as actor ids use.

    >>> slug("Jake Sullivan")
    'jake-sullivan'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


def _new_id(type_: str, label: str) -> str:
    """Id of an actor not in the dictionary: Latin slug of its label and a hash of its type and name key."""
    digest = hashlib.sha1(f"{type_}:{' '.join(name_key(label))}".encode()).hexdigest()[:6]
    return f"{slug(english_label(label, type_))}-{digest}"


# ----------------------------------------------------------------------------------------- resolver


@dataclass(eq=False)
class _Node:
    """A distinct name (type group + name key) and the union-find data of its cluster."""

    group: str
    key: tuple[str, ...]
    anchor: str | None = None
    parent: _Node | None = None
    rule: tuple[str, float] | None = None
    mentions: int = 0

    def root(self) -> _Node:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


@dataclass
class _Anchor:
    """What a node's cluster is tied to: a dictionary entry or a known actor."""

    actor_id: str
    type: str
    label: str
    label_en: str
    spellings: frozenset[tuple[str, ...]] = frozenset()
    wikidata: str | None = None
    roles: tuple[str, ...] = ()
    metonym_of: str | None = None


@dataclass
class _Resolver:
    """The union-find forest of names, and the actors (dictionary entries, known actors) it is tied to."""

    nodes: dict[tuple[str, tuple[str, ...]], _Node] = field(default_factory=dict)
    anchors: dict[str, _Anchor] = field(default_factory=dict)
    homes: dict[str, _Node] = field(default_factory=dict)

    def node(self, group: str, key: tuple[str, ...]) -> _Node:
        """The node of a name, created on first use."""
        found = self.nodes.get((group, key))
        if found is None:
            found = self.nodes[(group, key)] = _Node(group, key)
        return found

    def anchor(self, anchor: _Anchor, group: str, names: Sequence[str]) -> None:
        """Tie the nodes of ``names`` to ``anchor`` (names already tied to another actor stay there)."""
        self.anchors.setdefault(anchor.actor_id, anchor)
        for name in names:
            self.attach(self.node(group, name_key(name)), anchor.actor_id, ("dictionary", 1.0))

    def attach(self, node: _Node, actor_id: str, rule: tuple[str, float]) -> None:
        """Put ``node``'s cluster in the cluster of the actor ``actor_id``."""
        home = self.homes.get(actor_id)
        if home is None and node.root().anchor in (None, actor_id):
            node.root().anchor = actor_id
            self.homes[actor_id] = node
        elif home is not None:
            self.union(node, home, rule)

    def union(self, node: _Node, other: _Node, rule: tuple[str, float]) -> bool:
        """Attach ``node``'s cluster to ``other``'s unless they are tied to different actors."""
        root, other_root = node.root(), other.root()
        if root is other_root:
            return True
        if root.anchor and other_root.anchor and root.anchor != other_root.anchor:
            return False
        if root.anchor and not other_root.anchor:
            root, other_root = other_root, root
        root.parent = other_root
        node.rule = node.rule or rule
        return True

    def cluster_blocks(self, nodes: Sequence[_Node]) -> None:
        """Merge name variants: block on the skeleton, compare each name with the names before it in its
        block (anchored and frequent names first) and join the closest one it may be."""
        blocks: dict[tuple[str, str], list[_Node]] = defaultdict(list)
        for node in sorted(nodes, key=lambda n: (n.root().anchor is None, -n.mentions, n.key)):
            block = blocks[(node.group, skeleton(node.key))]
            matches = [(rule, position) for position, representative in enumerate(block)
                       if (rule := compare_names(node.key, representative.key)) and rule[1] >= _threshold(node)]
            # the closest name explains the merge best
            for rule, position in sorted(matches, key=lambda item: (-item[0][1], item[1])):
                if self.union(node, block[position], rule):
                    break
            block.append(node)

    def link_surname_variants(self, nodes: Sequence[_Node]) -> None:
        """Tie a full person name no dictionary entry claims to the one entry with the same first name, the
        same names between and a similar surname whose skeleton differs (آموس هوكستين / آموس هوكشتاين: س for
        ش), the surnames compared without their article and never two native names (حسن / حسين): a second,
        first-name-blocked pass for spellings the skeleton keeps apart."""
        by_first: dict[str, list[_Node]] = defaultdict(list)
        for node in nodes:
            if node.group == "PER" and len(node.key) > 1 and node.root().anchor:
                by_first[node.key[0]].append(node)
        for node in sorted(nodes, key=lambda n: n.key):
            if node.group != "PER" or len(node.key) < 2 or node.root().anchor:
                continue
            found = {}
            surname = _without_article(node.key[-1])
            for other in by_first.get(node.key[0], ()):
                other_surname = _without_article(other.key[-1])
                # the names between are the same person's (a father's name is no spelling variant), and the
                # surnames start alike once their article is off (الزهراني is not الشهواني)
                if other.key[1:-1] != node.key[1:-1] or other_surname[:1] != surname[:1] \
                        or {surname, other_surname} & _NATIVE_NAMES:
                    continue
                score = round(_similarity(_sounds(surname), _sounds(other_surname)), 3)
                if score >= THRESHOLDS["PER"]:
                    found.setdefault(other.root().anchor, (score, other))
            if len(found) == 1:
                score, other = next(iter(found.values()))
                self.union(node, other, ("transliteration", score))


    def short_form_targets(self, names: Sequence[_Node], shortens: Callable[[Sequence[str], Sequence[str]], bool],
                           keep_known: bool = False, links: frozenset[str] = frozenset()) -> tuple[dict[int, _Node], set[int]]:
        """The longer name each shorter name of one article stands for there (by the shorter node's id): the
        one longer name it shortens (``shortens(short, long)``) that no other dictionary actor holds and, for
        a name the dictionary knows, that does not continue its nasab chain with another grandfather than its
        spellings (``links``: عبدالله بن عبدالعزيز بن علي is not King Abdullah); and the shorter names with
        several candidates, which stay apart. Longest first, so that a chain of shorter names follows; with
        ``keep_known`` a name the dictionary knows keeps its actor (الأمم المتحدة is not its agencies' short
        form)."""
        targets: dict[int, _Node] = {}
        ambiguous: set[int] = set()
        for node in sorted(names, key=lambda n: (-len(n.key), n.key)):
            anchor = node.root().anchor
            if keep_known and anchor:
                continue
            longer: dict[object, _Node] = {}
            for other in names:
                if shortens(node.key, other.key):
                    target = targets.get(id(other), other)
                    if not (anchor and (target.root().anchor not in (None, anchor) or continues_another_chain(
                            node.key, other.key, self.anchors[anchor].spellings, links))):
                        longer.setdefault(target.root().anchor or id(target.root()), target)
            if len(longer) == 1:
                targets[id(node)] = next(iter(longer.values()))
            elif longer:
                ambiguous.add(id(node))
        return targets, ambiguous

    def link_short_forms(self, names_by_document: Mapping[str, Sequence[_Node]], links: frozenset[str],
                         referring: Mapping[str, set[tuple[str, ...]]] | None = None) -> dict[str, dict[int, _Node]]:
        """Tie a person's shorter name to the one longer name of each article it shortens
        (:func:`is_short_form`) and, when every article that shortens it agrees on one, everywhere; and an
        organisation's, which is generic (الشباب shortens the Presidency of Youth Welfare in one article and
        is the Al-Shabab club in the next; :func:`is_organisation_short_form`), in its own article only.
        A tie held in one article only would merge the different people or bodies other articles shorten
        alike (محمد الأحمد for محمد بن علي الأحمد here, for محمد بن سعد الأحمد there), so it is returned
        instead: ``{doc_id: {shorter node's id: longer node}}``. A name the dictionary knows is tied only
        everywhere: in one article alone it keeps its actor."""
        clusters: dict[int, set[object]] = defaultdict(set)
        people = {}
        for doc_id, names in names_by_document.items():
            targets, ambiguous = self.short_form_targets([n for n in names if n.group == "PER" and len(n.key) > 1],
                                                         functools.partial(is_short_form, links=links), links=links)
            people[doc_id] = targets
            for node_id, target in targets.items():
                clusters[node_id].add(target.root().anchor or id(target.root()))
            for node_id in ambiguous:
                clusters[node_id].add(None)  # an article where it stays apart disagrees with any tie
        nodes = {id(node): node for names in names_by_document.values() for node in names}
        scoped: dict[str, dict[int, _Node]] = {}
        for doc_id, targets in people.items():
            for node_id, target in targets.items():
                if len(clusters[node_id]) == 1:
                    self.union(nodes[node_id], target, SHORT_FORM["PER"])
                elif not nodes[node_id].root().anchor:
                    scoped.setdefault(doc_id, {})[node_id] = target
        for doc_id, names in names_by_document.items():
            back = (referring or {}).get(doc_id, set())
            bodies, _ = self.short_form_targets(
                [n for n in names if n.group == "ORG"],
                lambda short, long, back=back: is_organisation_short_form(short, long, refers_back=short in back),
                keep_known=True)
            scoped.setdefault(doc_id, {}).update(bodies)
        return scoped


def agree_types(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` where the NER typed one name two ways in one article (اليونان a place 13 times and an
    organisation once) each typed the way the article types it at least twice as often as any other way,
    so that one name is one actor; without such a majority an organisation and a place of one name stay
    two (الأمل), and a mention the dictionary confirms keeps its type.

    >>> found = agree_types([Mention("d", 0, 0, 7, "اليونان", "GPE", "x"), Mention("d", 1, 9, 16, "اليونان", "ORG", "x"),
    ...                      Mention("d", 2, 20, 27, "اليونان", "GPE", "x")])
    >>> [m.type for m in found]
    ['GPE', 'GPE', 'GPE']
    """
    votes: dict[tuple[str, tuple[str, ...]], Counter[str]] = defaultdict(Counter)
    for mention in mentions:
        if mention.entry is None:
            votes[(mention.doc_id, name_key(mention.text))][mention.type] += 1
    chosen = {name: ranked[0][0] for name, counts in votes.items()
              if len(ranked := counts.most_common(2)) > 1 and ranked[0][1] >= 2 * ranked[1][1]}
    if not chosen:
        return mentions
    return [replace(m, type=chosen[(m.doc_id, name_key(m.text))])
            if m.entry is None and (m.doc_id, name_key(m.text)) in chosen else m for m in mentions]


def surnames_as_people(mentions: list[Mention]) -> list[Mention]:
    """``mentions`` where the NER typed one person two ways in one article, typed as a person: a lone word
    typed as an organisation that is the surname of a person the article names in full, and no word of an
    organisation's name there (يحيى الحجيري ... الحجيري); a full name typed as a place, not one of the
    gazetteer's and neither starting with an institution's or place's noun (جامعة، شارع) nor holding a title
    (الملك), whose surname the article writes alone as a person at least twice (ديلان روف ... روف), so that
    resolution can join them.

    >>> found = surnames_as_people([Mention("d", 0, 0, 12, "يحيى الحجيري", "PER", "x"), Mention("d", 1, 20, 27, "الحجيري", "ORG", "x")])
    >>> [m.type for m in found]
    ['PER', 'PER']
    """
    keys = [name_key(mention.text) for mention in mentions]
    surnames: dict[str, set[str]] = defaultdict(set)
    organisation_words: dict[str, set[str]] = defaultdict(set)
    lone_people: dict[str, Counter[str]] = defaultdict(Counter)
    for mention, key in zip(mentions, keys):
        if len(key) > 1 and mention.type in ("PER", "ORG"):
            (surnames if mention.type == "PER" else organisation_words)[mention.doc_id].update(
                key[-1:] if mention.type == "PER" else key)
        elif len(key) == 1 and mention.type == "PER":
            lone_people[mention.doc_id][key[0]] += 1
    words = load_name_words()

    def is_surname(mention: Mention, key: tuple[str, ...]) -> bool:
        return (mention.type == "ORG" and mention.entry is None and len(key) == 1
                and key[0] in surnames[mention.doc_id] - organisation_words[mention.doc_id])

    def is_full_name(mention: Mention, key: tuple[str, ...]) -> bool:
        return (mention.type in ("GPE", "LOC") and mention.entry is None and 2 <= len(key) <= 3
                and lone_people[mention.doc_id][key[-1]] >= 2 and key[0] not in words.institutions
                and not any((word,) in words.titles for word in key) and place_label(mention.text) is None)

    return [replace(m, type="PER") if is_surname(m, key) or is_full_name(m, key) else m
            for m, key in zip(mentions, keys)]


def _group(mention: Mention) -> str:
    return _TYPE_GROUP.get(mention.type, mention.type)


def _part_rule(part: str, key: tuple[str, ...]) -> tuple[str, float] | None:
    """Whether a single-word ``part`` is the surname (last word, or the family name before a tribe's nisba:
    آل مسفر of إبراهيم آل مسفر الألمعي) or first name of the full name ``key``."""
    if len(key) < 2:
        return None
    surnames = [key[-1]]
    if len(key) > 2 and _is_nisba(key[-1]) and key[-2].startswith("ال"):
        surnames.append(key[-2])
    for rule, word in (*(("surname", surname) for surname in surnames), ("first-name", key[0])):
        match = compare_names((part,), (word,))
        if match and match[1] >= THRESHOLDS["PER"]:
            return rule, round(0.9 * match[1], 3)
    return None


def _is_nisba(word: str) -> bool:
    """Whether a name key's word is a nisba, the adjective of a tribe or place a name may end in (الألمعي،
    القحطاني)."""
    return word.startswith("ال") and word.endswith("ي") and len(word) > 4


def _threshold(node: _Node) -> float:
    # one letter off a short single word is too little to tell a spelling from a common word (جالس / كالاس)
    return LONE_WORD_THRESHOLD if node.group == "PER" and len(node.key) == 1 else THRESHOLDS[node.group]


def _lone_surname(part: str, rule: tuple[str, float]) -> bool:
    """Whether a single word that no name of the corpus claims may stand for a dictionary person: only as
    the surname exactly written, and long enough not to be a common word. A lone first name, or a word one
    letter off a foreign name (جالس / كالاس), is left alone.

    >>> _lone_surname("بوتين", ("surname", 0.9)), _lone_surname("دين", ("surname", 0.9))
    (True, False)
    >>> _lone_surname("جالس", ("surname", 0.72)), _lone_surname("كوفي", ("first-name", 0.9))
    (False, False)
    """
    return rule[0] == "surname" and rule[1] >= 0.9 and len(part) >= MIN_LONE_SURNAME


def _part_index(nodes: Sequence[_Node]) -> dict[str, list[_Node]]:
    """Full names by the skeleton of their first and of their last word: the block a partial name is
    compared with."""
    index: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        for word in {node.key[0], node.key[-1]}:
            index[skeleton((word,))].append(node)
    return index


def _candidates(part: str, nodes: Sequence[_Node]) -> dict[int, tuple[_Node, tuple[str, float]]]:
    found: dict[int, tuple[_Node, tuple[str, float]]] = {}
    for node in nodes:
        rule = _part_rule(part, node.key)
        best = found.get(id(node.root()))
        if rule and (best is None or (rule[1], rule[0]) > (best[1][1], best[1][0])):
            found[id(node.root())] = (node.root(), rule)
    return found


def _referenced_people(names: Iterable[_Node], resolver: _Resolver) -> list[_Node]:
    """The full names of the known people an article (its ``names``) refers to without naming them in full,
    by a role alone (المتحدث باسم التحالف: Ahmed Asiri) or a dictionary spelling, so that a lone surname
    (عسيري) finds the person the article means before the corpus's other bearers of it."""
    people = {}
    for node in names:
        anchor = resolver.anchors.get(node.root().anchor or "") if node.group == "PER" else None
        for key in sorted(anchor.spellings) if anchor else ():
            if len(key) > 1 and (known := resolver.nodes.get(("PER", key))) is not None:
                people[id(known)] = known
    return list(people.values())


def _any_rule(part: str, rule: tuple[str, float]) -> bool:
    return True


def _is_surname(part: str, rule: tuple[str, float]) -> bool:
    # a lone first name is no reference to a person the article has not named in full (عراقجي ... عباس)
    return rule[0] == "surname"


def resolve(mentions: list[Mention], dictionary: ActorDictionary | None = None,
            known: Sequence[Actor] = ()) -> Resolution:
    """Tie every mention to one actor. ``mentions`` come from all documents; ``known`` actors (from a
    persistent store) keep their ids when their label or an alias is seen again. ``dictionary`` defaults
    to the shipped one; pass ``ActorDictionary()`` to resolve without it.

    >>> from kg.model import Mention
    >>> mentions = [Mention("a", 0, 0, 10, "محمود عباس", "PER", "project"),
    ...             Mention("a", 1, 30, 34, "عباس", "PER", "project"),
    ...             Mention("b", 0, 0, 10, "عباس عراقجي", "PER", "project"),
    ...             Mention("b", 1, 40, 44, "عباس", "PER", "project")]
    >>> [m.actor_id for m in resolve(mentions).mentions]
    ['mahmoud-abbas', 'mahmoud-abbas', 'abbas-araghchi', 'abbas-araghchi']
    """
    dictionary = load_dictionary() if dictionary is None else dictionary
    mentions = surnames_as_people(agree_types(mentions))
    resolver = _Resolver()
    for actor in sorted(known, key=lambda a: a.actor_id):
        resolver.anchor(_Anchor(actor.actor_id, actor.type, actor.label, actor.label_en,
                                frozenset(name_key(n) for n in [actor.label, *actor.aliases]), actor.wikidata,
                                tuple(actor.roles), actor.metonym_of),
                        _TYPE_GROUP[actor.type], [actor.label, *actor.aliases])
    dictionary_nodes = []
    for entry in sorted(dictionary.entries.values(), key=lambda e: e.key):
        # an entry without an Arabic spelling is anchored by its label, so that every entry has a home node
        names = [*entry.spellings, *entry.cued] or [entry.label_en]
        resolver.anchor(_Anchor(entry.key, entry.type, names[0], entry.label_en,
                                frozenset(name_key(n) for n in names), entry.wikidata, entry.roles,
                                entry.metonym_of),
                        _TYPE_GROUP[entry.type], names)
        dictionary_nodes += [resolver.nodes[(_TYPE_GROUP[entry.type], name_key(n))] for n in names]

    # Each mention gets a node, except single-word person names not known as such: those are partial.
    mention_nodes: list[_Node | None] = []
    partial: dict[tuple[str, str], list[int]] = defaultdict(list)
    doc_nodes: dict[str, set[int]] = defaultdict(set)
    for index, mention in enumerate(mentions):
        group, key = _group(mention), name_key(mention.text)
        if mention.entry in resolver.anchors and mention.source in _REFERENCES:
            # a role phrase names whoever held the office that day (ولي العهد السعودي is Muhammad bin Nayef in
            # 2016, Mohammed bin Salman in 2018): its words are no spelling that other mentions could share
            node = resolver.homes[mention.entry]
        elif mention.entry in resolver.anchors:
            node = resolver.node(_TYPE_GROUP[resolver.anchors[mention.entry].type], key)
            if node.root().anchor is None:
                resolver.attach(node, mention.entry, ("dictionary", 1.0))
        elif group == "PER" and len(key) == 1 and (group, key) not in resolver.nodes:
            partial[(mention.doc_id, key[0])].append(index)
            mention_nodes.append(None)
            continue
        else:
            node = resolver.node(group, key)
        node.mentions += 1
        mention_nodes.append(node)
        if node.group in ("PER", "ORG"):
            doc_nodes[mention.doc_id].add(id(node))
    full_nodes = {id(n): n for n in mention_nodes if n is not None}
    resolver.cluster_blocks(list(dict.fromkeys([*dictionary_nodes, *full_nodes.values()])))
    resolver.link_surname_variants(list(dict.fromkeys([*dictionary_nodes, *full_nodes.values()])))
    names_by_document = {doc_id: sorted((full_nodes[i] for i in ids), key=lambda n: n.key)
                         for doc_id, ids in sorted(doc_nodes.items())}
    people_by_document = {doc_id: [n for n in names if n.group == "PER" and len(n.key) > 1]
                          for doc_id, names in names_by_document.items()}
    referring: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # head nouns referring back, by article
    for mention in mentions:
        if mention.source == "anaphor" and mention.entry is None:
            referring[mention.doc_id].add(name_key(mention.text))
    short_forms = resolver.link_short_forms(names_by_document, load_name_words().links, referring)
    part_rules: dict[int, tuple[str, float]] = {}
    for index, (mention, node) in enumerate(zip(mentions, mention_nodes)):
        if node is not None and (target := short_forms.get(mention.doc_id, {}).get(id(node))):
            mention_nodes[index] = target
            part_rules[index] = SHORT_FORM[node.group]
    # in its article, a shorter name that stands for a longer one is no candidate of its own for a single name
    people_by_document = {doc_id: [n for n in names if id(n) not in short_forms.get(doc_id, {})]
                          for doc_id, names in people_by_document.items()}

    # Partial names: the article, then the corpus, then the dictionary decide; ambiguity leaves them alone.
    corpus_people = _part_index([n for n in full_nodes.values() if n.group == "PER" and len(n.key) > 1])
    dictionary_people = _part_index([n for n in dictionary_nodes if n.group == "PER" and len(n.key) > 1])
    leftovers: list[_Node] = []
    referenced_by_document: dict[str, list[_Node]] = {}
    for (doc_id, part), indexes in sorted(partial.items()):
        named = people_by_document.get(doc_id, [])
        if doc_id not in referenced_by_document:
            referenced_by_document[doc_id] = _referenced_people(names_by_document.get(doc_id, []), resolver)
        block = skeleton((part,))
        target = None
        # each scope, and whether a candidate found in it may be taken
        for scope, may_take in ((named, _any_rule), (referenced_by_document[doc_id], _is_surname),
                                (corpus_people.get(block, ()), _any_rule),
                                (dictionary_people.get(block, ()), _lone_surname)):
            found = _candidates(part, scope)
            if found:
                if len(found) == 1:
                    target = next(iter(found.values()))
                    if not may_take(part, target[1]):
                        target = None
                break
        if target is None:
            node = resolver.node("PER", (part,))
            leftovers.append(node)
        else:
            node = target[0]
        for index in indexes:
            mention_nodes[index] = node
            node.mentions += 1
            if target is not None:
                part_rules[index] = target[1]
    # a single name no full name claims may still be a spelling of one (هاكانفيدان)
    resolver.cluster_blocks(list(dict.fromkeys([*dictionary_nodes, *full_nodes.values(), *leftovers])))
    return _build(mentions, mention_nodes, part_rules, resolver)


def _build(mentions: list[Mention], mention_nodes: list[_Node | None], part_rules: dict[int, tuple[str, float]],
           resolver: _Resolver) -> Resolution:
    """Turn clusters into actors with ids, labels, aliases, roles and the merge that explains each alias."""
    clusters: dict[int, list[int]] = defaultdict(list)
    roots: dict[int, _Node] = {}
    for index, node in enumerate(mention_nodes):
        root = node.root()
        clusters[id(root)].append(index)
        roots[id(root)] = root
    actors: list[Actor] = []
    resolved = list(mentions)
    for root_id, indexes in clusters.items():
        root = roots[root_id]
        members = [mentions[i] for i in indexes]
        anchor = resolver.anchors.get(root.anchor) if root.anchor else None
        full_forms = Counter(_QUOTES.sub("", mentions[i].text) for i in indexes
                             if i not in part_rules and len(mention_nodes[i].key) > 1)
        written = full_forms or Counter(_QUOTES.sub("", m.text) for m in members)
        label = anchor.label if anchor else min(written.items(), key=lambda item: (-item[1], item[0]))[0]
        types = Counter(m.type for m in members)
        type_ = anchor.type if anchor else min(types, key=lambda t: (-types[t], ENTITY_TYPES.index(t)))
        actor_id = anchor.actor_id if anchor else _new_id(type_, label)
        merges: dict[str, Merge] = {}
        for i in indexes:
            alias = _QUOTES.sub("", mentions[i].text)
            key = name_key(alias)
            if i in part_rules:
                rule, score = part_rules[i]
            elif key == name_key(label):
                rule, score = "exact", 1.0
            elif anchor and key in anchor.spellings:
                rule, score = "dictionary", 1.0
            elif mentions[i].source in _REFERENCES:
                rule, score = mentions[i].source, 1.0  # a role phrase, a state reference, a head noun
            else:
                rule, score = mention_nodes[i].rule or compare_names(key, name_key(label)) or ("exact", 1.0)
            # one alias may be reached by several mentions: keep the best explanation
            if alias not in merges or (score, rule) > (merges[alias].score, merges[alias].rule):
                merges[alias] = Merge(alias, rule, score)
        roles = list(anchor.roles) if anchor else []
        titles = [normalise_arabic(role.split(" (")[0]) for role in roles]
        # a role seen in the text adds to the dictionary's only when it says more ("الوزير" does not)
        roles += [role for role in sorted({m.role for m in members if m.role})
                  if not (titles and (" " not in role or any(t.startswith(normalise_arabic(role)) for t in titles)))]
        actors.append(Actor(actor_id=actor_id, type=type_, label=label,
                            label_en=anchor.label_en if anchor else english_label(label, type_),
                            aliases=sorted(merges), mentions=len(indexes),
                            wikidata=anchor.wikidata if anchor else None, roles=roles,
                            merges=[merges[a] for a in sorted(merges)],
                            metonym_of=anchor.metonym_of if anchor else None))
        for i in indexes:
            resolved[i] = replace(mentions[i], actor_id=actor_id)
    # A capital standing for a state the articles never name (لزيارة طهران) still needs the state's node,
    # so that the city's kg:metonymFor link and the interactions it stands in for have somewhere to point.
    present = {actor.actor_id for actor in actors}
    for state_id in sorted({actor.metonym_of for actor in actors if actor.metonym_of} - present):
        if state := resolver.anchors.get(state_id):
            actors.append(Actor(actor_id=state.actor_id, type=state.type, label=state.label,
                                label_en=state.label_en, wikidata=state.wikidata, roles=list(state.roles)))
    return Resolution(mentions=resolved, actors=sorted(actors, key=lambda a: a.actor_id))


# ------------------------------------------------------------------------------------------ scoring


#: Gold names of a corpus as written by hand: ``{doc_id: [(name, actor), ...]}`` (``load_gold_mentions``).
GoldNames = dict[str, list[tuple[str, str]]]
#: Gold mentions located in documents: ``{(doc_id, start, end): actor}`` (``gold_spans``).
GoldSpans = Mapping[tuple[str, int, int], str]


def load_gold_mentions(path: str | Path) -> GoldNames:
    """Read a hand-written gold file of ``doc_id<TAB>name<TAB>actor`` lines (``#`` starts a comment).

    Each line means: every occurrence of ``name`` in that document's cleaned text is a mention of
    ``actor`` (see ``gold_spans``). Identifying mentions by name rather than offset keeps the gold valid
    when cleaning changes (a dropped related-articles list simply has no occurrence)."""
    names: GoldNames = defaultdict(list)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc_id, name, actor = line.split("\t")
            names[doc_id].append((name, actor))
    return dict(names)


def gold_spans(gold: GoldNames, documents: Sequence[Document] | Mapping[str, Document]) -> dict[tuple[str, int, int], str]:
    """Locate gold names in ``documents``: every occurrence as a whole word sequence, with an optional
    attached clitic, longest name first, becomes ``(doc_id, start, end) -> actor``.

    >>> from kg.model import Document
    >>> doc = Document("d", "d.txt", "قال بايدن إن جو بايدن وبايدن", [])
    >>> sorted(gold_spans({"d": [("بايدن", "biden"), ("جو بايدن", "biden")]}, [doc]).items())
    [(('d', 4, 9), 'biden'), (('d', 13, 21), 'biden'), (('d', 23, 28), 'biden')]
    """
    spans = {}
    for document in (documents.values() if isinstance(documents, Mapping) else documents):
        matcher = SpanMatcher(gold.get(document.doc_id, []))
        for start, end, _, actor in matcher.spans(document.text, tokenise(document.text)):
            spans[(document.doc_id, start, end)] = actor
    return spans


def load_gold(path: str | Path, documents: Sequence[Document] | Mapping[str, Document]) -> dict[tuple[str, int, int], str]:
    """``gold_spans`` of the gold file at ``path`` in ``documents``."""
    return gold_spans(load_gold_mentions(path), documents)


def _precision_recall(precision: float, recall: float) -> dict[str, float]:
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def score_resolution(predicted: Resolution, gold: GoldSpans | GoldNames,
                     documents: Sequence[Document] | Mapping[str, Document] | None = None) -> dict:
    """B-cubed and pairwise precision, recall and F1 of ``predicted`` over the gold mentions: ``gold`` as
    located spans (``gold_spans``), or as gold names (``load_gold_mentions``) with the ``documents`` to
    locate them in. A gold mention is matched by the predicted mention that overlaps it most; an
    unmatched one counts as a cluster of its own (it costs recall, not precision).

    >>> from kg.model import Mention
    >>> mentions = [Mention("d", 0, 0, 5, "بايدن", "PER", "x", actor_id="a"),
    ...             Mention("d", 0, 9, 14, "بايدن", "PER", "x", actor_id="b")]
    >>> score_resolution(Resolution(mentions, []), {("d", 0, 5): "biden", ("d", 9, 14): "biden"})["b_cubed"]
    {'precision': 1.0, 'recall': 0.5, 'f1': 0.6667}
    """
    if documents is not None:
        gold = gold_spans(gold, documents)
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in predicted.mentions:
        if mention.actor_id:
            by_doc[mention.doc_id].append(mention)
    predicted_of: dict[tuple[str, int, int], object] = {}
    for span in sorted(gold):
        doc_id, start, end = span
        overlaps = [(min(end, m.end) - max(start, m.start), -m.start, m.actor_id) for m in by_doc[doc_id]
                    if m.start < end and start < m.end]
        predicted_of[span] = max(overlaps)[2] if overlaps else ("unmatched", span)
    gold_size = Counter(gold.values())
    predicted_size = Counter(predicted_of.values())
    both = Counter((gold[span], predicted_of[span]) for span in gold)
    count = len(gold) or 1
    b_cubed = _precision_recall(
        sum(both[(gold[s], predicted_of[s])] / predicted_size[predicted_of[s]] for s in gold) / count,
        sum(both[(gold[s], predicted_of[s])] / gold_size[gold[s]] for s in gold) / count)

    def pairs(sizes: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    shared = pairs(both)
    pairwise = _precision_recall(shared / pairs(predicted_size) if pairs(predicted_size) else 1.0,
                                 shared / pairs(gold_size) if pairs(gold_size) else 1.0)
    return {"b_cubed": b_cubed, "pairwise": pairwise, "gold_mentions": len(gold),
            "matched_mentions": sum(1 for s in gold if not isinstance(predicted_of[s], tuple))}
