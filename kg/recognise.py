"""Recognise: actor mentions in cleaned documents, from the curated dictionary and title patterns, merged
with a statistical recogniser's mentions when one is given.

The dictionary (``ontology/actors.toml``) lists every actor's Arabic spellings. Matching is on
``kg.arabic.normalise_arabic`` keys token by token, tolerant of attached clitics (و ف ب ل ك, ``لل``), and
longest match first; offsets always refer to ``Document.text`` with the clitic excluded.

>>> from kg.model import Document, Sentence
>>> text = "التقى وزير الدفاع الأمريكي لويد أوستن وساليفان بالبيت الأبيض"
>>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
>>> [(m.text, m.entry, m.role) for m in recognise([doc])[0]]
[('لويد أوستن', 'lloyd-austin', 'وزير الدفاع الأمريكي'), ('ساليفان', 'jake-sullivan', None), ('البيت الأبيض', 'white-house', None)]
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple, Protocol

from kg.arabic import normalise_arabic
from kg.gazetteer import load_gazetteer
from kg.model import ENTITY_TYPES, Document, Mention
from kg.romanise import load_tables
from kg.vocab import NAMES_FILE, ONTOLOGY_DIR

__all__ = [
    "ActorDictionary",
    "DictionaryRecogniser",
    "Entry",
    "SpanIndex",
    "SpanMatcher",
    "Token",
    "clitic_readings",
    "load_dictionary",
    "name_tokens",
    "recognise",
    "tokenise",
    "word_key",
]

#: The shipped dictionary.
DICTIONARY_FILE = ONTOLOGY_DIR / "actors.toml"

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_MARKS = "\u0640\u064b-\u065f\u0670"
_TOKEN = re.compile(f"[{_LETTERS}{_MARKS}A-Za-z0-9\u0660-\u0669]+")
_MARK = re.compile(f"[{_MARKS}]")
_DOUBLED = re.compile(r"(.)\1+")

#: Conjunctions that attach to the next word, and prepositions that may follow them (وب, فل, ...).
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
#: A word left with fewer letters once a clitic is cut off is not read as clitic + name.
_MIN_STEM = 2

#: Title heads (normalised keys) that introduce a person's name: "وزير الدفاع الأمريكي لويد أوستن".
_TITLE_HEADS = tuple(tuple(normalise_arabic(word) for word in title.split()) for title in (
    "كبير مستشاري", "نائب الرئيس", "رئيس الوزراء", "رئيس الحكومة", "الأمين العام", "المتحدث باسم", "المتحدثة باسم", "ولي العهد",
    "وزير", "وزيرة", "الوزير", "الوزيرة", "رئيس", "رئيسة", "الرئيس", "الرئيسة", "مستشار", "مستشارة", "المستشار",
    "نائب", "نائبة", "قائد", "القائد", "المبعوث", "المبعوثة", "مبعوث", "السفير", "السفيرة", "سفير", "الجنرال",
    "اللواء", "العميد", "الفريق", "الشيخ", "الملك", "الأمير", "المنسق", "المنسقة", "منسق", "مدير", "مديرة",
    "زعيم", "النائب", "السيناتور", "المرشد", "المفوض", "الممثل", "الناطق باسم", "السيد", "السيدة",
    "أمير", "ملك", "العاهل", "سلطان", "السلطان", "نظيره", "نظيرته", "نظيرها",
))
_MAX_TITLE_HEAD = max(len(head) for head in _TITLE_HEADS)
#: Short words that may sit inside a title phrase ("مستشار الأمن القومي في البيت الأبيض").
_TITLE_LINKS = frozenset(normalise_arabic(word) for word in ("في", "لدى", "باسم", "لشؤون", "ل", "عن"))
#: Rulers' titles without the article: the next word is the realm (أمير قطر, سلطان عمان), never the name.
_RULERS = frozenset(normalise_arabic(word) for word in ("أمير", "ملك", "سلطان", "عاهل"))
#: Nouns in the construct state inside a title ("رئيس حكومة تصريف الأعمال", "أمير دولة قطر"): a word of
#: the title, not the start of a name, when an article-word follows.
_TITLE_NOUNS = frozenset(normalise_arabic(word) for word in (
    "حكومة", "تصريف", "مجلس", "هيئة", "جهاز", "دولة", "وزارة", "لجنة", "حركة", "منظمة", "جامعة", "مكتب",
    "سلطة", "قوات", "جيش", "أركان", "شؤون", "خارجية", "دفاع", "وزراء"))
#: How many words a title phrase may run before the name.
_MAX_TITLE_WORDS = 7
#: Words that end a candidate name after a title (a name is never one of these).
_NOT_NAME = frozenset(normalise_arabic(word) for word in """
    في من على إلى الى عن مع أن إن ان أنه إنه بأن بأنه قد لم لن لا ما ماذا يوم أمس اليوم غدا الذي التي الذين اللذين
    و أو ثم قال قالت أكد أكدت أعلن أعلنت أضاف أشار خلال بعد قبل عقب حول بشأن منذ حتى كان كانت هو هي هم عبر لدى
    أيضا إلى جانب مساء صباح ليلة ظهر كل بين ضد عند وقد فقد كما حيث إذ إذا لكن غير نحو دون لدى تجاه يجري أجرى
    اتصل اتصالا التقى يلتقي بحث يبحث زار يزور وصل يصل دعا يدعو حذر يحذر نفى ذكر أوضح قائلا مؤكدا معربا
    يبحثان يبحث يلتقيان يستقبل تستقبل استقبل يزور تزور يجري أجرى اجتمع يجتمع ناقش يناقش شدد أكد أعرب
    نظيره نظيرته نظيرها نظيريه نظراءه نظيره هاتفيا رسميا رسالة رسالة دعوة زيارة زيارته اتصال اتصالا لقاء
    اجتماع اجتماعا محادثات مباحثات بيان بيانا كلمة خطاب مؤتمر جولة قمة تصريحات رسميا مساء صباح الأحد
    نائبه مستشاره وزيره نيابة بدوره بدورها من جهته من جهتها ولي
""".split())
#: Attached pronouns (حلفائها, عملياتهم) mark a common noun, not a name.
_PRONOUN_SUFFIXES = ("ها", "هم", "هما", "هن")
_SENTENCE_BREAK = re.compile(r"[.!?؟:;؛()\[\]«»“”\"\n]")
_PHRASE_BREAK = re.compile(r"[،,.!?؟:;؛()\[\]«»“”\"\n]")


# ------------------------------------------------------------------------------------------- tokens


class Token(NamedTuple):
    """A word of a text: ``key`` is its ``normalise_arabic`` key (Latin letters case-folded). A tuple
    because a document has thousands of them and a tuple is the cheapest object to make."""

    start: int
    end: int
    key: str


@lru_cache(maxsize=1 << 18)  # an archive's vocabulary is far smaller than its word count
def word_key(word: str) -> str:
    """The matching key of one word: ``normalise_arabic``, Latin letters case-folded.

    >>> word_key("أوستن"), word_key("ABC")
    ('اوستن', 'abc')
    """
    return normalise_arabic(word).casefold()


def tokenise(text: str) -> list[Token]:
    """Split ``text`` into words with offsets; hyphens, underscores and punctuation separate words.

    >>> [t.key for t in tokenise("لويد_أوستن، هينيس-بلاسخارت ABC")]
    ['لويد', 'اوستن', 'هينيس', 'بلاسخارت', 'abc']
    """
    return [Token(m.start(), m.end(), word_key(m.group())) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)  # asked again for every mention of a name
def name_tokens(name: str) -> tuple[str, ...]:
    """The word keys of a name, as the matcher compares them.

    >>> name_tokens("جينين هينيس-بلاسخارت")
    ('جينين', 'هينيس', 'بلاسخارت')
    """
    return tuple(word_key(word) for word in _TOKEN.findall(name))


@lru_cache(maxsize=1 << 16)  # words recur: the matcher asks for every word of every article
def clitic_readings(key: str) -> tuple[tuple[int, str], ...]:
    """Ways to read a word key as (clitic letters, stem key), the whole word first. ``لل`` before a noun is
    ل + the article, so the stem gets its ``ا`` back.

    >>> clitic_readings("وللبيت")
    ((0, 'وللبيت'), (1, 'للبيت'), (2, 'لبيت'), (2, 'البيت'))
    """
    readings = [(0, key)]
    skip = 1 if key[:1] in _CONJUNCTIONS and len(key) - 1 >= _MIN_STEM else 0
    if skip:
        readings.append((1, key[1:]))
    if key[skip:skip + 1] in _PREPOSITIONS and len(key) - skip - 1 >= _MIN_STEM:
        readings.append((skip + 1, key[skip + 1:]))
        if key[skip:skip + 2] == "لل" and len(key) - skip - 2 >= _MIN_STEM:
            readings.append((skip + 1, "ا" + key[skip + 1:]))
    return tuple(readings)


@lru_cache(maxsize=1 << 16)
def _undoubled_word(word: str) -> str:
    return _DOUBLED.sub(r"\1", word)


def _undoubled(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(map(_undoubled_word, words))


def _skip_letters(raw: str, letters: int) -> int:
    """Offset in ``raw`` after its first ``letters`` letters (diacritics and tatweel do not count)."""
    seen = 0
    for index, char in enumerate(raw):
        if not _MARK.match(char):
            if seen == letters:
                return index
            seen += 1
    return len(raw)


# ------------------------------------------------------------------------------------------ matcher

_NO_START: tuple[tuple, tuple] = ((), ())


@dataclass(frozen=True)
class Match:
    """A match of ``SpanMatcher``: word indexes ``[first, last)`` and the matched value; ``clitic`` letters
    of the first word are excluded from the span; ``restored`` when the stem got back an article alef."""

    first: int
    last: int
    value: object
    clitic: int
    restored: bool


class SpanMatcher:
    """Finds known names in token sequences: longest match first, tolerant of a clitic on the first word
    and of a doubled letter (the typo حزب االله matches حزب الله).

    >>> matcher = SpanMatcher({"البيت الأبيض": "white-house", "البيت": "house"})
    >>> [(m.first, m.last, m.value, m.clitic) for m in matcher.find(tokenise("وصل بالبيت الأبيض"))]
    [(1, 3, 'white-house', 1)]
    """

    def __init__(self, names: Iterable[tuple[str, object]] | dict[str, object] = (), tolerate_doubles: bool = True):
        self.tolerate_doubles = tolerate_doubles
        self.table: dict[tuple[str, ...], object] = {}
        self.loose: dict[tuple[str, ...], object] = {}
        # First words of the known names: most words start no name, and are dismissed with one set lookup.
        self.first_words: set[str] = set()
        self.loose_first_words: set[str] = set()
        self.longest = 0
        # The clitic readings of a word that may start a known name, remembered per word: an article
        # repeats its words, an archive its vocabulary.
        self._starts: dict[str, tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]] = {}
        for name, value in (names.items() if isinstance(names, dict) else names):
            self.add(name, value)

    def add(self, name: str, value: object) -> None:
        """Register ``name``; a name registered twice keeps its first value."""
        words = name_tokens(name)
        if words:
            self.table.setdefault(words, value)
            self.loose.setdefault(_undoubled(words), value)
            self.first_words.add(words[0])
            self.loose_first_words.add(_undoubled_word(words[0]))
            self.longest = max(self.longest, len(words))
            self._starts.clear()

    def match_at(self, tokens: Sequence[Token], index: int) -> Match | None:
        """The longest known name starting at word ``index`` (the whole word preferred to a clitic reading)."""
        key = tokens[index].key
        starts = self._starts.get(key)
        if starts is None:
            starts = self._start_readings(key)
        if starts is _NO_START:
            return None
        strict, loose = starts
        lookups = [(self.table, tuple, strict), (self.loose, _undoubled, loose)]
        for length in range(min(self.longest, len(tokens) - index), 0, -1):
            rest = tuple(token.key for token in tokens[index + 1:index + length])
            for table, key, candidates in lookups:
                for clitic, stem in candidates:
                    value = table.get(key((stem,) + rest))
                    if value is not None:
                        return Match(index, index + length, value, clitic, stem != tokens[index].key[clitic:])
        return None

    def _start_readings(self, key: str) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
        """The clitic readings of ``key`` that start a known name exactly, and with doubled letters undone
        (remembered; most words start none, and share one empty answer)."""
        readings = clitic_readings(key)
        strict = tuple(r for r in readings if r[1] in self.first_words)
        loose = tuple(r for r in readings if _undoubled_word(r[1]) in self.loose_first_words) \
            if self.tolerate_doubles else ()
        found = self._starts[key] = (strict, loose) if strict or loose else _NO_START
        return found

    def find(self, tokens: Sequence[Token]) -> list[Match]:
        """All non-overlapping matches, left to right, each the longest at its start."""
        matches, index = [], 0
        while index < len(tokens):
            if self._starts.get(tokens[index].key) is _NO_START:  # most words: no call needed
                index += 1
                continue
            found = self.match_at(tokens, index)
            if found:
                matches.append(found)
                index = found.last
            else:
                index += 1
        return matches

    def spans(self, text: str, tokens: Sequence[Token] | None = None) -> list[tuple[int, int, str, object]]:
        """Matches as ``(start, end, surface, value)`` in ``text``, clitics excluded; ``surface`` is the text of
        the span, except that ``لل`` + noun reads as the noun with its article (للبيت الأبيض -> البيت الأبيض).

        >>> SpanMatcher({"البيت الأبيض": 1}).spans("وفقا للبيت الأبيض")
        [(6, 17, 'البيت الأبيض', 1)]
        """
        tokens = tokenise(text) if tokens is None else tokens
        found = []
        for match in self.find(tokens):
            first = tokens[match.first]
            start = first.start + _skip_letters(text[first.start:first.end], match.clitic)
            end = tokens[match.last - 1].end
            surface = ("ا" if match.restored else "") + text[start:end]
            found.append((start, end, surface, match.value))
        return found


# -------------------------------------------------------------------------------------- dictionary


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary (see the header of ``ontology/actors.toml``). ``roles`` are display
    strings with years (``"وزير الدفاع الأمريكي (2021-2025)"``); ``cued`` spellings are everyday words that
    name the actor only right after a cue word such as ``موقع``."""

    key: str
    type: str
    spellings: tuple[str, ...]
    label_en: str
    wikidata: str | None = None
    roles: tuple[str, ...] = ()
    metonym_of: str | None = None
    cued: tuple[str, ...] = ()


@dataclass
class ActorDictionary:
    """The curated actors, the names that are not actors, and the words never taken as a partial name."""

    entries: dict[str, Entry] = field(default_factory=dict)
    not_actors: frozenset[str] = frozenset()
    partial_stoplist: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.matcher = SpanMatcher()
        self.cued_matcher = SpanMatcher()
        self.spelling_owner: dict[tuple[str, ...], str] = {}
        for entry in sorted(self.entries.values(), key=lambda e: e.key):
            for spelling in entry.spellings:
                self.matcher.add(spelling, entry.key)
                self.spelling_owner.setdefault(name_tokens(spelling), entry.key)
            for spelling in entry.cued:
                self.cued_matcher.add(spelling, entry.key)

    def entry_for(self, name: str) -> Entry | None:
        """The entry one of whose spellings is ``name`` (compared on word keys), if any.

        >>> load_dictionary().entry_for("جايك ساليفان").key
        'jake-sullivan'
        """
        key = self.spelling_owner.get(name_tokens(name))
        return self.entries[key] if key else None

    def is_not_actor(self, name: str) -> bool:
        """True for a site or brand tag that must never become an actor (``سواليف``).

        >>> load_dictionary().is_not_actor("#سواليف")
        True
        """
        return " ".join(name_tokens(name)) in self.not_actors

    @cached_property
    def person_words(self) -> frozenset[str]:
        """The word keys of every person's spellings: words known to be names whatever their shape.

        >>> "مبارك" in load_dictionary().person_words
        True
        """
        return frozenset(word for entry in self.entries.values() if entry.type == "PER"
                         for spelling in entry.spellings for word in name_tokens(spelling))


def _role_text(role: dict) -> str:
    years = f"{role['start']}-{role.get('end', '')}" if "start" in role else ""
    return f"{role['title']} ({years})" if years else role["title"]


def load_dictionary(path: str | Path | None = None) -> ActorDictionary:
    """Load the actor dictionary (default: the shipped ``ontology/actors.toml``).

    >>> load_dictionary().entries["washington"].metonym_of
    'united-states'
    """
    with open(path or DICTIONARY_FILE, "rb") as handle:
        data = tomllib.load(handle)
    entries = {}
    for key, item in data.get("actors", {}).items():
        if item["type"] not in ENTITY_TYPES:
            raise ValueError(f"{path or DICTIONARY_FILE}: actor {key!r} has unknown type {item['type']!r}")
        entries[key] = Entry(key=key, type=item["type"], spellings=tuple(item.get("ar", ())),
                             label_en=item.get("en", key), wikidata=item.get("wikidata"),
                             roles=tuple(_role_text(role) for role in item.get("roles", ())),
                             metonym_of=item.get("metonym_of"), cued=tuple(item.get("cued", ())))
    if path is None:
        _add_knowledge_base(entries)
    return ActorDictionary(
        entries=entries,
        not_actors=frozenset(" ".join(name_tokens(n)) for n in data.get("not_actors", {}).get("names", ())),
        partial_stoplist=frozenset(normalise_arabic(w) for w in data.get("partial_stoplist", {}).get("words", ())),
    )


def _add_knowledge_base(entries: dict[str, Entry]) -> None:
    """Add the people, states and organisations of the knowledge base (``ontology/kb/``) to ``entries``,
    their roles the terms of office the knowledge base dates; an actor in both keeps the dictionary's fields
    and gains the knowledge base's spellings (and its Wikidata id, if the dictionary has none)."""
    from kg.knowledge import load_knowledge_base

    kb = load_knowledge_base()
    found = [(key, "PER", person.ar, person.en, person.wikidata,
              tuple(filter(None, map(kb.describe, kb.offices_of(key)))), ()) for key, person in kb.people.items()]
    found += [(key, body.type, body.ar, body.en, body.wikidata, (), body.cued) for key, body in kb.bodies.items()]
    for key, type_, spellings, label_en, wikidata, roles, cued in found:
        known = entries.get(key)
        if known is None:
            entries[key] = Entry(key=key, type=type_, spellings=tuple(spellings), label_en=label_en,
                                 wikidata=wikidata, roles=roles, cued=tuple(cued))
        else:  # the curated titles stay the actor's roles: the dated terms would repeat them
            entries[key] = replace(known, spellings=tuple(dict.fromkeys([*known.spellings, *spellings])),
                                   wikidata=known.wikidata or wikidata,
                                   cued=tuple(dict.fromkeys([*known.cued, *cued])))


# -------------------------------------------------------------------------------------- recognisers


class StatisticalRecogniser(Protocol):
    """What ``recognise`` needs of a statistical NER (``kg.ner.load_recogniser(kind)``)."""

    def recognise(self, documents: list[Document]) -> list[list[Mention]]: ...


#: Quotation marks around a ``cued`` spelling that name it as a medium (وقال لـ«الوطن»).
_OPENING_QUOTES, _CLOSING_QUOTES = "«\"“", "»\"”"


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in quotation marks.

    >>> _quoted("وقال لـ«الوطن» إن", 8, 13), _quoted("في الوطن العربي", 3, 8)
    (True, False)
    """
    return start > 0 and text[start - 1] in _OPENING_QUOTES and end < len(text) and text[end] in _CLOSING_QUOTES


#: Words after which a ``cued`` spelling names a medium ("موقع والا").
_CUES = frozenset(normalise_arabic(w) for w in ("موقع", "صحيفة", "جريدة", "شبكة", "وكالة", "قناة", "حركة", "منصة"))


class DictionaryRecogniser:
    """Finds dictionary spellings in documents, and people named after a title who are not in it.

    >>> from kg.model import Document, Sentence
    >>> text = "قال رئيس الأركان الإسرائيلي هرتسي هليفي إن الجنرال أرولدو لاثارو زار بيروت"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> [(m.text, m.source) for m in DictionaryRecogniser().recognise_document(doc)][:2]
    [('هرتسي هليفي', 'dictionary'), ('أرولدو لاثارو', 'dictionary')]
    """

    def __init__(self, dictionary: ActorDictionary | None = None):
        self.dictionary = dictionary or load_dictionary()
        # titles are everyday words: a doubled letter is not a typo there (الممثل is not المثل)
        self.titles = SpanMatcher(((" ".join(head), True) for head in _TITLE_HEADS), tolerate_doubles=False)

    def _mention(self, document: Document, start: int, end: int, surface: str, type_: str, source: str,
                 entry: str | None = None, score: float = 1.0) -> Mention:
        mention = Mention(document.doc_id, document.sentence_at(start), start, end, surface, type_, source,
                          score=score, entry=entry)
        return _without_title(document, mention, self.dictionary)

    def dictionary_mentions(self, document: Document, tokens: Sequence[Token]) -> list[Mention]:
        """Mentions of dictionary spellings (cued spellings only after a cue word, or alone in quotation marks
        as the press quotes its own and other papers: لـ«الوطن»). Right after its cue word a cued name wins
        over a plain spelling that starts with it (صحيفة الرياض is the newspaper, not the city; صحيفة الشرق
        الأوسط not the region), but not over one that takes in the cue word itself."""
        entries = self.dictionary.entries
        starts = [token.start for token in tokens]
        mentions = [self._mention(document, start, end, surface, entries[key].type, "dictionary", key)
                    for start, end, surface, key in self.dictionary.matcher.spans(document.text, tokens)
                    if not (entries[key].type == "PER" and _in_anothers_nasab(
                        document.text, tokens, bisect.bisect_right(starts, start) - 1, bisect.bisect_left(starts, end),
                        surface, entries[key].spellings, self.dictionary.person_words))]
        for index, token in enumerate(tokens):
            cued = self.dictionary.cued_matcher.match_at(tokens, index)
            if cued is None or cued.clitic:
                continue
            end = tokens[cued.last - 1].end
            cue_before = index > 0 and any(stem in _CUES for _, stem in clitic_readings(tokens[index - 1].key))
            if not (cue_before or _quoted(document.text, token.start, end)) \
                    or any(m.start < token.start < m.end for m in mentions):
                continue
            mentions = [m for m in mentions if not (token.start <= m.start < end)]
            mentions.append(self._mention(document, token.start, end, document.text[token.start:end],
                                          entries[cued.value].type, "dictionary", cued.value))
        return sorted(mentions, key=lambda m: m.start)

    def _title_end(self, text: str, tokens: Sequence[Token], index: int, known_starts: dict[int, Mention]) -> int | None:
        """If a title phrase starts at word ``index``, the index of the first word after it, else None.
        The title's own clitic (بالرئيس) is not part of the phrase: see ``_title_start``.

        The phrase is a title head then words with the article (الدفاع الأمريكي, بالبيت الأبيض), linking
        words (في, باسم) and names of places or organisations, up to a comma or another title."""
        head = self.titles.match_at(tokens, index)
        if head is None:
            return None
        position = head.last
        if tokens[head.last - 1].key in _RULERS and position < len(tokens) \
                and not _PHRASE_BREAK.search(text[tokens[position - 1].end:tokens[position].start]):
            position += 1  # سلطان عمان، ملك الأردن: an indefinite ruler's title names his realm next
        while position < len(tokens) and position - index < _MAX_TITLE_WORDS:
            if _PHRASE_BREAK.search(text[tokens[position - 1].end:tokens[position].start]) or self.titles.match_at(
                    tokens, position):
                break
            # a known name may follow a clitic of the word (لجامعة الدول العربية)
            mention = next((known_starts[offset] for offset in range(tokens[position].start, tokens[position].start + 3)
                            if offset in known_starts), None)
            raw = text[tokens[position].start:tokens[position].end]
            if mention is not None and mention.type != "PER":
                position = _token_after(tokens, mention.end, position)
            elif tokens[position].key in _TITLE_LINKS or _is_article_word(tokens[position].key, raw) or (
                    tokens[position].key in _TITLE_NOUNS and position + 1 < len(tokens)
                    and (tokens[position + 1].key.startswith("ال") or tokens[position + 1].key in _TITLE_NOUNS)):
                position += 1
            else:
                break
        return position

    def pattern_mentions(self, document: Document, tokens: Sequence[Token], known: list[Mention]) -> list[Mention]:
        """People missing from the dictionary, found as name-like words right after a title phrase: 2-3 words
        (a surname with the article ends the name: أحمد الشرع), or one word that is part of a longer name
        already found in the document (الأمير فيصل after فيصل بن فرحان).

        Other single words are left to the statistical recogniser: after a title they are as often a verb."""
        text = document.text
        known_starts = {m.start: m for m in known}
        starts = frozenset(known_starts)
        taken = SpanIndex((m.start, m.end) for m in known)
        words = frozenset(token.key for token in tokens)
        # the name parts of the people found so far, kept up to date instead of gathered again per candidate
        name_parts = set(self._name_parts(known))
        found = []
        for index in range(len(tokens)):
            if taken.overlaps((tokens[index].start, tokens[index].end)):
                continue  # a title's word inside a name is no title (فهد بن سلطان)
            after = self._title_end(text, tokens, index, known_starts)
            if after is None or after >= len(tokens) or tokens[after].start in known_starts:
                continue
            if _SENTENCE_BREAK.search(text[tokens[after - 1].end:tokens[after].start]):
                continue
            last = _name_end(text, tokens, after, words, starts)
            if last - after < 2 and not (last > after and tokens[after].key in name_parts):
                continue
            if _is_preposition_phrase(tokens[after].key):
                continue
            start, end = tokens[after].start, tokens[last - 1].end
            if self.dictionary.is_not_actor(text[start:end]) or taken.overlaps((start, end)):
                continue
            found.append(self._mention(document, start, end, text[start:end], "PER", "pattern", score=0.7))
            name_parts |= self._name_parts(found[-1:])
            taken.add((start, end))
        return found

    def _name_parts(self, mentions: Iterable[Mention]) -> frozenset[str]:
        """Words of the multi-word person names among ``mentions`` (not words that are also common words)."""
        return frozenset(word for m in mentions if m.type == "PER" for word in name_tokens(m.text)
                         if len(name_tokens(m.text)) > 1 and word not in self.dictionary.partial_stoplist
                         and _is_name_word(word))

    def surname_mentions(self, document: Document, tokens: Sequence[Token], known: list[Mention]) -> list[Mention]:
        """A surname alone (الصفدي، عباس) of a person named in full in the same document (أيمن الصفدي، محمود
        عباس): every standalone occurrence, a clitic allowed (وللصفدي). A surname two full names share, or
        that is also an everyday word (the partial stoplist), is left alone.

        >>> from kg.model import Document, Sentence
        >>> text = "التقى الرئيس محمود عباس وزير الخارجية سامر الحلبي. وقال الحلبي إن عباس أكد ..."
        >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
        >>> [(m.text, m.entry) for m in DictionaryRecogniser().recognise_document(doc)]
        [('محمود عباس', 'mahmoud-abbas'), ('سامر الحلبي', None), ('الحلبي', None), ('عباس', 'mahmoud-abbas')]
        """
        owners: dict[str, set[str | None]] = {}
        first_names = {name_tokens(m.text)[0]: m.entry or m.text for m in known
                       if m.type == "PER" and len(name_tokens(m.text)) > 1}
        for mention in known:
            words = name_tokens(mention.text)
            if words and first_names.get(words[-1], mention.entry or mention.text) != (mention.entry or mention.text):
                continue  # عباس when محمود عباس and عباس عراقجي are both named: ambiguous
            if mention.type == "PER" and len(words) > 1 and len(words[-1]) >= 3 \
                    and words[-1] not in self.dictionary.partial_stoplist and words[-1] not in _NOT_NAME \
                    and words[-1] != "الله":
                owners.setdefault(words[-1], set()).add(mention.entry or " ".join(words))
        surnames = {word: next(iter(owner)) for word, owner in owners.items() if len(owner) == 1}
        if not surnames:
            return []
        matcher = SpanMatcher(surnames, tolerate_doubles=False)
        taken = SpanIndex((m.start, m.end) for m in known)
        return [self._mention(document, start, end, surface, "PER", "pattern", score=0.7,
                              entry=owner if owner in self.dictionary.entries else None)
                for start, end, surface, owner in matcher.spans(document.text, tokens)
                if not taken.overlaps((start, end))]

    def role_of(self, document: Document, tokens: Sequence[Token], mention: Mention,
                known_starts: dict[int, Mention]) -> str | None:
        """The title phrase right before a person's name ("رئيس الوزراء الإسرائيلي بنيامين نتنياهو"), else
        right after it as an apposition ("جايك ساليفان، مستشار الأمن القومي الأمريكي،"); ``known_starts`` are
        the document's mentions by start offset (made once per document, not per mention)."""
        text = document.text
        first = bisect.bisect_left(tokens, mention.start, key=_start)
        for index in range(first - 1, max(-1, first - _MAX_TITLE_WORDS - 1), -1):
            if self._title_end(text, tokens, index, known_starts) == first:
                # "نائب الرئيس": the nearest head may be the tail of a longer one
                for outer in range(max(0, index - _MAX_TITLE_HEAD + 1), index):
                    head = self.titles.match_at(tokens, outer)
                    if head and head.last > index:
                        index = outer
                        break
                return self._title_text(text, tokens, index, first)
        after = bisect.bisect_left(tokens, mention.end, key=_start)
        if after < len(tokens) and text[mention.end:tokens[after].start].strip() == "،":
            end = self._title_end(text, tokens, after, known_starts)
            if end is not None and end > after and (end == len(tokens) or _PHRASE_BREAK.search(
                    text[tokens[end - 1].end:tokens[end].start])):
                return self._title_text(text, tokens, after, end)
        return None

    def _title_text(self, text: str, tokens: Sequence[Token], first: int, last: int) -> str:
        """The title phrase of words ``[first, last)``, without its clitic (وبالرئيس -> الرئيس)."""
        head = self.titles.match_at(tokens, first)
        token = tokens[first]
        start = token.start + _skip_letters(text[token.start:token.end], head.clitic if head else 0)
        return _clean_role(("ا" if head and head.restored else "") + text[start:tokens[last - 1].end])

    def recognise_document(self, document: Document, tokens: Sequence[Token] | None = None) -> list[Mention]:
        """Dictionary and pattern mentions of one document (whose ``tokens`` may be given), in text order,
        people with their roles."""
        tokens = tokenise(document.text) if tokens is None else tokens
        mentions = self.dictionary_mentions(document, tokens)
        mentions = sorted(mentions + self.pattern_mentions(document, tokens, mentions), key=lambda m: m.start)
        mentions = sorted(mentions + self.surname_mentions(document, tokens, mentions), key=lambda m: m.start)
        return self.with_roles(document, tokens, mentions)

    def with_roles(self, document: Document, tokens: Sequence[Token], mentions: list[Mention]) -> list[Mention]:
        """``mentions`` with ``role`` set on people whose title is next to their name."""
        known_starts = {m.start: m for m in mentions}
        return [replace(m, role=self.role_of(document, tokens, m, known_starts)) if m.type == "PER" and not m.role
                else m for m in mentions]


def _in_anothers_nasab(text: str, tokens: Sequence[Token], first: int, last: int, surface: str,
                       spellings: Sequence[str], person_words: frozenset[str]) -> bool:
    """Whether a person's spelling ``surface`` at words ``[first, last)`` names someone else in a nasab
    chain: after a given name and a link it is a father's name (تركي بن [محمد بن فهد بن عبد العزيز]; not
    after a link alone, which is also prose: ولد دونالد ترامب في نيويورك, "was born"), and followed by a
    link and a name it is another person when that name is not the one the person's spellings continue
    with (:func:`continues_another_chain`)."""
    links = load_name_words().links

    def joined(before: int, after: int) -> bool:
        return not text[tokens[before].end:tokens[after].start].strip()

    if first > 1 and tokens[first - 1].key in links and joined(first - 1, first) \
            and tokens[first - 2].key in person_words and joined(first - 2, first - 1):
        return True
    if last + 1 >= len(tokens) or tokens[last].key not in links or not (joined(last - 1, last) and joined(last, last + 1)):
        return False
    words = name_tokens(surface)
    return continues_another_chain(words, (*words, tokens[last].key, tokens[last + 1].key),
                                   [name_tokens(spelling) for spelling in spellings], links)


def continues_another_chain(name: Sequence[str], longer: Sequence[str], spellings: Iterable[Sequence[str]],
                            links: frozenset[str]) -> bool:
    """Whether the word keys ``longer`` continue a known person's ``name`` with a link and a name that none
    of the person's ``spellings`` continues it with, when some of them continue it with a link: another
    person's nasab chain (محمد بن فهد بن محمد is not محمد بن فهد بن عبدالعزيز).

    >>> continues_another_chain(("محمد", "بن", "فهد"), ("محمد", "بن", "فهد", "بن", "محمد"),
    ...                         [("محمد", "بن", "فهد", "بن", "عبدالعزيز")], frozenset({"بن"}))
    True
    """
    size = len(name)
    if tuple(longer[:size]) != tuple(name) or len(longer) <= size + 1 or longer[size] not in links:
        return False
    chains = [chain for chain in spellings
              if len(chain) > size + 1 and tuple(chain[:size]) == tuple(name) and chain[size] in links]
    return bool(chains) and not any(chain[size + 1] == longer[size + 1] for chain in chains)


def _is_name_word(key: str, raw: str = "") -> bool:
    """Whether a word (its key, and its ``raw`` spelling when known) may be part of a person's name."""
    stems = [stem for _, stem in clitic_readings(key)]
    return (len(key) >= 2 and not key.isdigit() and not key.isascii() and not load_name_words().is_common(key)
            and not key.endswith(_PRONOUN_SUFFIXES) and not (len(key) > 4 and key.endswith("وا"))  # وأجابوا
            and key not in _NOT_NAME and not (key[:1] == "و" and key[1:] in _NOT_NAME)  # ونظيره، ويبحثان
            and not _is_article_word(key, raw)
            and not any((stem,) in _TITLE_HEADS for stem in stems))


def _is_preposition_phrase(key: str) -> bool:
    """Whether a word reads as ب or ل before a common word or a place (بعسير، لكرة، لمبادرة): the start of
    a phrase, not of a name; a name unit of the romaniser's tables (باسم، بلال) is a name.

    >>> _is_preposition_phrase("لكره"), _is_preposition_phrase("بعسير"), _is_preposition_phrase("باسم")
    (True, True, False)
    """
    rest = key[1:]
    return (key[:1] in ("ب", "ل") and len(rest) >= 3 and key not in load_tables().names
            and (rest in load_name_words().common or rest in load_gazetteer()))


def _is_article_word(key: str, raw: str = "") -> bool:
    """Whether a word reads as one with the article (الدفاع، بالبيت); a word spelled with a hamza on its
    first alef is a name, never the article (أليكسيس، إلهام).

    >>> _is_article_word("بالدفاع"), _is_article_word("اليكسيس", "أليكسيس")
    (True, False)
    """
    return any(stem.startswith("ال") and not (clitic == 0 and raw[:1] in "أإ")
               for clitic, stem in clitic_readings(key))


#: Words that start a compound name and may be followed by an article-word (عبد الله، أبو الغيط).
_COMPOUND_HEADS = frozenset(normalise_arabic(word) for word in ("عبد", "أبو", "ابو", "بو", "آل", "بن"))
#: Article-words that follow names without being surnames: dates, demonyms' time words.
_NOT_SURNAME = frozenset(normalise_arabic(word) for word in (
    "الأسبوع", "اليوم", "الماضي", "المقبل", "الجاري", "الحالي", "الليلة", "الأحد", "الاثنين", "الثلاثاء",
    "الأربعاء", "الخميس", "الجمعة", "السبت", "الذي", "التي", "الذين", "الى", "الخارجية", "الدفاع"))


def _name_end(text: str, tokens: Sequence[Token], first: int, words: frozenset[str],
              known_starts: frozenset[int] = frozenset()) -> int:
    """The index after the name starting at word ``first`` (``first`` itself when there is none).

    A name is up to three words with no punctuation between them (four with a compound: عبد الله بو حبيب);
    an article-word is read as a surname only right after a first name or a compound head (أحمد الشرع، عبد
    الله اليحيا) and ends the name. A later word glued to ب or ل whose stem stands alone elsewhere in the
    document is a new phrase (الشيخ تميم لسلام), not part of the name; so is a name already recognised
    (آموس هوكستين بيروت)."""
    last = first
    limit = 3
    while last < len(tokens) and last - first < limit:
        key = tokens[last].key
        if last > first and (not text[tokens[last - 1].end:tokens[last].start].isspace()
                             or any(offset in known_starts for offset in range(tokens[last].start, tokens[last].end))):
            break
        previous = tokens[last - 1].key if last > first else ""
        if previous in _COMPOUND_HEADS:
            limit = 4
        if previous in _COMPOUND_HEADS and key == "الله":
            last += 1  # عبد الله: the compound goes on (عبد الله اليحيا)
            continue
        if last > first and key.startswith("ال") and len(key) >= 4 and key not in _NOT_SURNAME \
                and not key.endswith(_PRONOUN_SUFFIXES) and (
                    last - first == 1 or previous in _COMPOUND_HEADS or previous == "الله"):
            last += 1
            break
        if not _is_name_word(key, text[tokens[last].start:tokens[last].end]):
            break
        if last > first and any(clitic and key[clitic - 1] in _PREPOSITIONS and stem in words
                                for clitic, stem in clitic_readings(key)[1:]):
            break
        last += 1
    if last - first > 1 and tokens[last - 1].key in _COMPOUND_HEADS:
        # هيثم بن طارق: a name never ends on بن or عبد
        last = last + 1 if last < len(tokens) and _is_name_word(tokens[last].key) else last - 1
    return last


def _clean_role(role: str) -> str:
    return " ".join(re.sub(r"[«»“”\"،,]", " ", role).split())


def _token_after(tokens: Sequence[Token], offset: int, default: int) -> int:
    index = bisect.bisect_left(tokens, offset, key=_start)
    return max(index, default + 1)


def _start(token: Token) -> int:
    return token.start


class SpanIndex:
    """Character spans, to ask whether a span overlaps one of them. Spans are filed under every block of
    ``BLOCK`` characters they touch, so a question reads the few spans near it: comparing each mention of
    a long article with all the others made recognition quadratic in its length (8 MB took minutes).

    >>> spans = SpanIndex([(0, 5), (300, 310)])
    >>> spans.overlaps((4, 8)), spans.overlaps((5, 300)), spans.overlaps((309, 400))
    (True, False, True)
    """

    BLOCK = 64

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._blocks: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            self.add(span)

    def _touched(self, span: tuple[int, int]) -> range:
        # an empty span (start == end) still has a block: it overlaps a span that contains it strictly
        return range(span[0] // self.BLOCK, max(span[0], span[1] - 1) // self.BLOCK + 1)

    def add(self, span: tuple[int, int]) -> None:
        """File ``span`` (start, end)."""
        for block in self._touched(span):
            self._blocks.setdefault(block, []).append(span)

    def overlaps(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` shares a character with one of the spans filed."""
        return any(span[0] < end and start < span[1]
                   for block in self._touched(span) for start, end in self._blocks.get(block, ()))


# -------------------------------------------------------------------------------------------- merge


#: Words written outside names, from the NER corpus and from the real-news archive as the model tags it
#: (``kg.ner.corpus.write_common_words``); the second is optional.
COMMON_WORDS_FILE = ONTOLOGY_DIR / "common-words.txt"
NEWS_COMMON_WORDS_FILE = ONTOLOGY_DIR / "common-words-saudinewsnet.txt"


@dataclass(frozen=True)
class NameWords:
    """The word classes that bound a name (``ontology/names.toml``, ``ontology/common-words.txt``):
    ``titles`` (key tuples) precede a person's name, ``leading`` words may precede an organisation's,
    ``common`` words are written outside names, ``links`` join a name to a father's (بن, ولد);
    ``institutions`` maps a noun that starts an institution or place named after a person to its type,
    ``royal_titles`` may stand between the noun and the name (``standing_titles`` of them also without a
    name, after one of the ``standing_nouns``, and ``construct`` nouns between the noun and the title),
    ``classifiers`` precede an organisation's
    name and ``adjectives`` follow it without being part of it; ``areas`` stand between a department and
    the place of its branch; ``general_heads`` head a general administration named by its portfolio;
    ``whole_heads`` start with a clitic's letter but are one word; ``anaphoric_heads`` refer back to a body
    by its head noun (الوزارة)."""

    titles: frozenset[tuple[str, ...]]
    leading: frozenset[str]
    common: frozenset[str]
    links: frozenset[str]
    institutions: dict[str, str] = field(default_factory=dict)
    royal_titles: frozenset[tuple[str, ...]] = frozenset()
    standing_titles: frozenset[tuple[str, ...]] = frozenset()
    standing_nouns: frozenset[str] = frozenset()
    construct: frozenset[str] = frozenset()
    classifiers: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    general_heads: frozenset[str] = frozenset()
    whole_heads: frozenset[str] = frozenset()
    anaphoric_heads: frozenset[str] = frozenset()

    @cached_property
    def joins_next(self) -> frozenset[str]:
        """Words after which the next word belongs to the name: the nasab links, the compound heads (عبد،
        أبو، آل) and أبي, the form أبو takes after بن (علي بن أبي طالب)."""
        return self.links | _COMPOUND_HEADS | {word_key("أبي")}

    def title_length(self, keys: Sequence[str], first: int) -> int:
        """Words of the longest title phrase at ``keys[first:]`` (0 when none starts there).

        >>> load_name_words().title_length(name_tokens("الفريق الركن فهد"), 0)
        2
        """
        return max((n for n in range(1, min(_MAX_TITLE_WORDS, len(keys) - first) + 1)
                    if tuple(keys[first:first + n]) in self.titles), default=0)

    def leading_length(self, keys: Sequence[str], type_: str) -> int:
        """Words at the front of a mention of ``type_`` that are not its name: a person's title, an
        organisation's classifier noun (0 when none).

        >>> words = load_name_words()
        >>> words.leading_length(name_tokens("الفريق الركن فهد"), "PER"), words.leading_length(name_tokens("تنظيم داعش"), "ORG")
        (2, 1)
        """
        if type_ == "PER":
            return self.title_length(keys, 0)
        return int(type_ == "ORG" and bool(keys) and keys[0] in self.classifiers)

    def is_common(self, key: str) -> bool:
        """Whether a word key is a common word, alone or behind و or a preposition with the article.

        >>> load_name_words().is_common("وسوف"), load_name_words().is_common("فيصل")
        (True, False)
        """
        return key in self.common or any((stem.startswith("ال") or clitic == 1 and key[0] == "و") and stem in self.common
                                         for clitic, stem in clitic_readings(key)[1:])

    def is_common_after_preposition(self, key: str) -> bool:
        """Whether a word key is ل or ب before a common word of five letters or more (لمحافظة، لأهالي): the
        start of a phrase. Shorter rests are left alone: names start so too (برهان is no ب + رهان, باسمة no
        ب + اسمه).

        >>> load_name_words().is_common_after_preposition("لمحافظه"), load_name_words().is_common_after_preposition("برهان")
        (True, False)
        """
        return key[:1] in ("ل", "ب") and len(key) >= 6 and key[1:] in self.common


@lru_cache(maxsize=1)
def load_name_words() -> NameWords:
    """The shipped naming data (one per process).

    >>> "بن" in load_name_words().links
    True
    """
    data = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))
    lines = [line for path in (COMMON_WORDS_FILE, NEWS_COMMON_WORDS_FILE) if path.exists()
             for line in path.read_text(encoding="utf-8").splitlines()]
    return NameWords(titles=frozenset(name_tokens(title) for title in data["titles"]["phrases"]),
                     leading=frozenset(map(word_key, data["organisations"]["leading"])),
                     common=frozenset(line for line in lines if line and not line.startswith("#")),
                     links=frozenset(map(word_key, data["links"]["nasab"])),
                     institutions={word_key(noun): type_ for type_ in ("ORG", "LOC")
                                   for noun in data["institutions"][type_]},
                     royal_titles=frozenset(name_tokens(title) for title in data["institutions"]["titles"]),
                     standing_titles=frozenset(name_tokens(title) for title in data["institutions"]["standing_titles"]),
                     standing_nouns=frozenset(map(word_key, data["institutions"]["standing_nouns"])),
                     construct=frozenset(map(word_key, data["institutions"]["construct"])),
                     classifiers=frozenset(map(word_key, data["organisations"]["classifiers"])),
                     adjectives=frozenset(map(word_key, data["organisations"]["adjectives"])),
                     areas=frozenset(map(word_key, data["organisations"]["areas"])),
                     general_heads=frozenset(map(word_key, data["organisations"]["general_heads"])),
                     whole_heads=frozenset(map(word_key, data["organisations"]["whole_heads"])),
                     anaphoric_heads=frozenset(map(word_key, data["organisations"]["anaphoric_heads"])))


def _is_short_article_word(key: str) -> bool:
    """Whether a word is the article and a stem too short to be a word (الة of وكالة read as وك + الة)."""
    return key.startswith("ال") and len(key) - 2 < _MIN_STEM


def _restore_word_start(document: Document, mention: Mention, dictionary: ActorDictionary,
                        words: frozenset[str]) -> Mention:
    """``mention`` with the start of its first word put right when the NER's clitic split cut into it:
    للاتحاد read as ل + لاتحاد is ل + الاتحاد (the article's ا comes back unless the word as cut is a
    name: للبنان), an article-word too short to be one (وكالة read as وك + الة) or a head noun that starts
    with a clitic's letter (لجنة read as ل + جنة, ``NameWords.whole_heads``) takes its whole word, and a
    person's name cut into starts after the clitics it has: the longest reading that is a known person's
    word (وكمال read as وك + مال is و + كمال; وليد stays whole)."""
    word_start = mention.start
    while word_start > 0 and _TOKEN.match(document.text[word_start - 1]):
        word_start -= 1
    tokens = tokenise(mention.text)
    if word_start == mention.start or not tokens:
        return mention
    first = tokens[0].key
    classes = load_name_words()
    common = classes.is_common
    raw = document.text[word_start:mention.start + tokens[0].end]
    whole = word_key(raw)
    head = next((clitic for clitic, stem in clitic_readings(whole) if stem in classes.whole_heads), None)
    if head is not None:  # ولجنة read as ول + جنة is و + لجنة
        start = word_start + _skip_letters(raw, head)
        if start < mention.start:
            return replace(mention, start=start, text=document.text[start:mention.end], sentence=document.sentence_at(start))
    if _is_short_article_word(first) or (common(first) and not common(whole)):
        start = word_start
        if mention.type == "PER":
            cut = len(whole) - len(first)
            clitic = min((clitic for clitic, stem in clitic_readings(whole)
                          if clitic < cut and stem in dictionary.person_words), default=0)
            start = word_start + _skip_letters(raw, clitic)
        return replace(mention, start=start, text=document.text[start:mention.end],
                       sentence=document.sentence_at(start))
    if (document.text[mention.start - 1] == "ل" and first.startswith("ل") and first not in words
            and not dictionary.entry_for(mention.text)):
        return replace(mention, text="ا" + mention.text)
    return mention


def _strip_statistical(document: Document, mention: Mention, dictionary: ActorDictionary,
                       words: frozenset[str]) -> Mention | None:
    """A statistical mention with a leading clitic cut off (وساليفان -> ساليفان), or None when it is on the
    not-an-actor list. The clitic is cut when the rest is a dictionary name, starts with the article
    (بالعراق; not the article and one letter: وكالة is no و + ك + الة), or stands alone elsewhere in the
    document, unless the rest is a common word (فيصل is not ف + يصل) other than a nasab link (لولد الشيخ); an
    organisation's is cut when the rest is a common word and the whole is not (بتعليم الخرج). A head noun
    that starts with a clitic's letter (لجنة) is not cut."""
    mention = _restore_word_start(document, mention, dictionary, words)
    tokens = tokenise(document.text[mention.start:mention.end])
    if not tokens or dictionary.is_not_actor(mention.text):
        return None
    classes = load_name_words()
    if tokens[0].key in classes.whole_heads:
        return mention
    rest = " ".join(token.key for token in tokens[1:])
    for clitic, stem in clitic_readings(tokens[0].key)[1:]:
        name = f"{stem} {rest}".strip()
        if dictionary.is_not_actor(name):
            return None
        if dictionary.entry_for(name) or (stem.startswith("ال") and clitic and not _is_short_article_word(stem)) or (
                stem in words and (stem in classes.links or not classes.is_common(stem))) or (
                # an organisation's name starts with a noun (بتعليم الخرج), a person's with a name (فيصل)
                mention.type == "ORG" and clitic and classes.is_common(stem) and not classes.is_common(tokens[0].key)):
            raw = document.text[mention.start + tokens[0].start:mention.start + tokens[0].end]
            start = mention.start + tokens[0].start + _skip_letters(raw, clitic)
            surface = ("ا" if not stem.startswith(tokens[0].key[clitic:]) else "") + document.text[start:mention.end]
            return replace(mention, start=start, text=surface, sentence=document.sentence_at(start))
    return mention


def _ends_in_pronoun(key: str) -> bool:
    """Whether a word carries an attached pronoun (التزامها، رئيسهم), as a word after a name does and a name
    of five letters or more does not (a place the gazetteer knows excepted: أبها is four)."""
    return len(key) >= 5 and key.endswith(_PRONOUN_SUFFIXES) and key not in load_gazetteer()


def _is_verb_form(key: str) -> bool:
    """Whether a word is a verb of the list names never end in, or a common word, with the ending of its
    dual or plural subject (قالا، أكدوا، أعلنتا): the NER takes the verb after a name along.

    >>> _is_verb_form("قالا"), _is_verb_form("رضا")
    (True, False)
    """
    classes = load_name_words()
    return any(key.endswith(ending) and len(key) - len(ending) >= 3 and (
        key[:-len(ending)] in _NOT_NAME or classes.is_common(key[:-len(ending)])) for ending in ("ا", "وا", "تا"))


def _has_preposition_and_article(key: str) -> bool:
    """Whether a word is a noun with its article behind a preposition or و (للجنون، بالرياض، والعبيدي): no
    part of a person's name, which never carries either (آينشتاين للجنون).

    >>> _has_preposition_and_article("للجنون"), _has_preposition_and_article("الوليد")
    (True, False)
    """
    return any(clitic and stem.startswith("ال") for clitic, stem in clitic_readings(key)[1:])


def _is_preposition_or_verb(key: str, raw: str) -> bool:
    """Whether a word is on the list of words a name never ends in; folding ى into ي makes the name علي
    and the preposition على one key, the spelling tells them apart."""
    return key in _NOT_NAME and not (key == "علي" and raw.endswith("ي"))


def _without_title(document: Document, mention: Mention, dictionary: ActorDictionary | None = None) -> Mention:
    """A mention whose spelling starts with a person's title (الملك سلمان بن عبدالعزيز, a spelling of the
    knowledge base) or an organisation's classifier noun (تنظيم داعش) cut to the name after it, and an
    organisation's cut before the adjectives after its name; a person's title is kept as its role. The
    mention keeps its dictionary entry. A club the ``dictionary`` writes with its demonym (الريان القطري,
    also نادي الريان القطري) is cut to its name: the demonym only says whose club it is.

    >>> from kg.model import Document, Sentence
    >>> text = "استقبل الملك سلمان بن عبدالعزيز"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> cut = _without_title(doc, Mention("d", 0, 7, len(text), text[7:], "PER", "dictionary", entry="salman-bin-abdulaziz"))
    >>> cut.text, cut.role, cut.entry
    ('سلمان بن عبدالعزيز', 'الملك', 'salman-bin-abdulaziz')
    """
    tokens = tokenise(document.text[mention.start:mention.end])
    keys = _written_keys(mention, tokens)
    cut = load_name_words().leading_length(keys, mention.type)
    if mention.type == "ORG" and cut < len(keys) and keys[cut] in load_gazetteer():
        cut = 0  # a body named by its place needs its noun (نادي جدة الأدبي، صحيفة الرياض)
    last = _adjective_start(keys, cut, len(keys)) if mention.type == "ORG" else len(keys)
    if (mention.type == "ORG" and dictionary is not None and last == len(keys) and last - cut == 2
            and is_place_adjective(keys[-1]) and keys[cut] not in load_gazetteer()):
        name = document.text[mention.start + tokens[cut].start:mention.end]
        club = dictionary.entry_for("نادي " + name)
        if club is not None and club == dictionary.entry_for(name):
            last -= 1
    if (cut, last) == (0, len(keys)) or cut >= last:
        return mention
    start, end = mention.start + tokens[cut].start, mention.start + tokens[last - 1].end
    role = document.text[mention.start:mention.start + tokens[cut - 1].end] if mention.type == "PER" and cut else None
    return replace(mention, start=start, end=end, text=document.text[start:end], role=mention.role or role,
                   sentence=document.sentence_at(start))


def _written_keys(mention: Mention, tokens: Sequence[Token]) -> Sequence[str]:
    """The keys of a mention's words as its text spells them, where the clitic stripping gave a letter back
    (للاتحاد -> الاتحاد, not the document's لاتحاد); ``tokens`` are its words in the document."""
    written = name_tokens(mention.text)
    return written if len(written) == len(tokens) else [token.key for token in tokens]


def _adjective_start(keys: Sequence[str], first: int, last: int) -> int:
    """Where the adjectives after the organisation name ``keys[first:last]`` start (``last`` if none): a
    place's adjective or one the press adds (``names.toml``) after a word that is no common noun (ريال مدريد
    الإسباني، داعش الإرهابي); after a noun with the article it is part of the name (الحكومة الصينية، البنك
    المركزي اليمني، حزب الله اللبناني).

    >>> _adjective_start(name_tokens("ريال مدريد الإسباني"), 0, 3), _adjective_start(name_tokens("البنك المركزي اليمني"), 0, 3)
    (2, 3)
    """
    classes = load_name_words()
    return next((i for i in range(first + 1, last) if (is_place_adjective(keys[i]) or keys[i] in classes.adjectives)
                 and not any(stem.startswith("ال") for _, stem in clitic_readings(keys[i - 1]))
                 and not classes.is_common(keys[i - 1]) and keys[i - 1] not in classes.joins_next), last)


@lru_cache(maxsize=1)
def state_demonyms() -> frozenset[str]:
    """The word keys of the one-word demonyms of the knowledge base's states (السعودية, الأمريكي).

    >>> word_key("الأمريكية") in state_demonyms(), word_key("الكردستاني") in state_demonyms()
    (True, False)
    """
    # imported here: kg.knowledge builds its matchers with this module's SpanMatcher
    from kg.knowledge import load_knowledge_base

    return frozenset(word_key(demonym) for body in load_knowledge_base().bodies.values() for demonym in body.demonyms
                     if " " not in demonym)


@lru_cache(maxsize=1 << 12)
def is_place_adjective(key: str) -> bool:
    """Whether a word key is the adjective (nisba) of a place the gazetteer knows (الإيطالي of إيطاليا,
    المصرية of مصر, الإماراتي of الإمارات) or a demonym of a state of the knowledge base (السعودية).

    >>> is_place_adjective(word_key("الإيطالي")), is_place_adjective(word_key("السعودية")), is_place_adjective(word_key("المركزي"))
    (True, True, False)
    """
    if not key.startswith("ال") or not key.endswith(("ي", "يه")):
        return False
    if key in state_demonyms():
        return True
    stem = key[2:-2] if key.endswith("يه") else key[2:-1]
    places = load_gazetteer()
    return len(stem) > 1 and any(form in places for form in (stem, stem + "ا", stem + "يا", "ال" + stem, "ال" + stem + "يه"))


#: Endings of a word inflected as a common noun or verb is, never a name: an attached pronoun (يعرفه،
#: بلاده، تدريباته، منتقديهم) or the accusative ending (جيداً، سافرا).
_INFLECTED = re.compile("(?:ته|اته|يه|ها|هم|هما|هن|كم|ًا|اً)$")


#: Shapes of a word key that names seldom have: a verb's future prefix (سيسافر، سيتجاوز), the accusative alif
#: after a consonant (مقالا، جادا). Names of these shapes (أوباما) are in the dictionary, which
#: :func:`_is_inflected` asks first. (The pronoun "you", زارك، is not among them: too many foreign names end
#: in ك, فرانك، سوناطراك.)
_UNNAME_SHAPES = re.compile(r"^س[يتن]\w{4,}$|^\w{3,}[^اويىء]ا$")


def _is_inflected(raw: str, key: str, names: frozenset[str] = frozenset()) -> bool:
    """Whether a word is inflected as no name is: an ending of :data:`_INFLECTED`, the pronoun ه after a
    common word (لكنه، يعرفه), or, unless it is one of the known person ``names``, a shape of
    :data:`_UNNAME_SHAPES`.

    >>> _is_inflected("سيسافر", "سيسافر"), _is_inflected("أوباما", "اوباما", frozenset({"اوباما"}))
    (True, False)
    """
    common = load_name_words().is_common
    return (len(raw) > 3 and bool(_INFLECTED.search(raw)) or key.endswith("ه") and (common(key[:-1]) or key[:-1] in _NOT_NAME)
            or key not in names and bool(_UNNAME_SHAPES.match(key)))


def _is_title_after_place(keys: Sequence[str], end: int) -> bool:
    """Whether the word before ``end`` is a one-word title (الأمير) that follows the name of a place (عسير
    الأمير: the NER ran a region's emir's title on into the next): a title after a person's word is their
    family name (عبدالرحمن الأمير).

    >>> _is_title_after_place(name_tokens("عسير الأمير"), 2), _is_title_after_place(name_tokens("عبدالرحمن الأمير"), 2)
    (True, False)
    """
    return end >= 2 and (keys[end - 1],) in load_name_words().titles and keys[end - 2] in load_gazetteer()


#: The word before a family's name (آل سعود), the last word of a person's name after it.
_DYNASTY = word_key("آل")


def _trim_to_name(document: Document, mention: Mention, dictionary: ActorDictionary) -> Mention | None:
    """A statistical mention cut to its name: leading titles (a person's, kept as its role) and leading and
    trailing words that are not part of names (common words, verbs, prepositions) cut off; None when no
    name is left (صاحب السمو, وكذلك إصدار قرارات), or a person's words are all common or inflected as no
    name is (لكنه يعرفه جيداً). A dictionary spelling is left whole.

    >>> from kg.model import Document, Sentence
    >>> text = "وقال الفريق الركن خالد الحربي سوف"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> trimmed = _trim_to_name(doc, Mention("d", 0, 5, len(text), text[5:], "PER", "project"), load_dictionary())
    >>> trimmed.text, trimmed.role
    ('خالد الحربي', 'الفريق الركن')
    """
    entry = dictionary.entry_for(mention.text)
    if mention.type == "ORG":  # تنظيم داعش: the classifier goes, the actor a dictionary spelling names stays
        mention = replace(_without_title(document, mention, dictionary), entry=mention.entry or (entry and entry.key))
    if entry or mention.entry:
        return mention
    classes = load_name_words()
    offset = mention.start
    tokens = tokenise(document.text[offset:mention.end])
    keys = _written_keys(mention, tokens)
    first, last, title_end, nationality = 0, len(keys), 0, False
    # an organisation's or a place's name may start and end in common words (إدارة الصحة العامة، المنظمة
    # الإسلامية للتربية والعلوم والثقافة); a person's starts after the titles and a nationality, which says
    # a name follows whatever its shape (الكولومبي هيقيتا)
    while first < last:
        if mention.type != "PER":
            cut = int(keys[first] in classes.leading)
        elif cut := classes.title_length(keys, first):
            title_end = first + cut
        else:
            adjective = last - first > 1 and is_place_adjective(keys[first])
            cut = int(classes.is_common(keys[first]) or classes.is_common_after_preposition(keys[first])
                      and keys[first] not in dictionary.person_words or adjective)
            nationality = nationality or adjective
            if adjective and 0 < title_end == first:  # الرئيس الأمريكي: the title's nationality is the title's
                title_end += 1
        if not cut:
            break
        first += cut
    # ... and ends in a name: a common word only after two names (بطرس حرب is a name), a title only after a
    # place (عسير الأمير), and never after a link (ولد الشيخ، عبيد الله بن أبي يزيد)
    while last > first and (_is_preposition_or_verb(keys[last - 1], document.text[offset + tokens[last - 1].start:offset + tokens[last - 1].end])
                            or last - 1 > first and (_ends_in_pronoun(keys[last - 1]) or _is_verb_form(keys[last - 1]))
                            or mention.type == "PER" and (
            (last - 1 > first and _has_preposition_and_article(keys[last - 1]))
            or (classes.is_common(keys[last - 1]) and last - 1 - first >= 2 and keys[last - 2] not in classes.joins_next)
            or _is_title_after_place(keys, last))):
        last -= 1
    if mention.type == "ORG":
        last = _adjective_start(keys, first, last)
    elif _DYNASTY in keys[first:last - 2]:
        # after the family name after آل only a tribe's name follows (سعيد آل فايع القحطاني), with the article
        # and no common word or title: بندر بن فيصل آل سعود [مساعد] مدير; a family name may be two words (آل عبد
        # اللطيف)
        family = keys.index(_DYNASTY, first) + 1
        end = family + 1 + (keys[family] in classes.joins_next)
        if end < last and (not keys[end].startswith("ال") or classes.is_common(keys[end])
                           or classes.title_length(keys, end)):
            last = end
    # a press adjective alone is no organisation (موقع "والا" العبري: the NER takes العبري)
    # a region's title without the name after it (أمير منطقة [عسير الأمير] فيصل): no person is named
    if mention.type == "PER" and last - first == 1 and last < len(keys) \
            and _is_title_after_place(keys, last + 1):
        return None
    if first >= last or mention.type == "ORG" and last - first == 1 and keys[first] in classes.adjectives \
            or mention.type == "PER" and all(
            classes.is_common(key) or not nationality and _is_inflected(
                document.text[offset + token.start:offset + token.end], key, dictionary.person_words)
            for key, token in zip(keys[first:last], tokens[first:last])):
        return None
    if (first, last) == (0, len(keys)):
        return mention
    start, end = offset + tokens[first].start, offset + tokens[last - 1].end
    # a letter the clitic stripping gave back (لل -> ال) belongs to the first word
    restored = mention.text[:len(mention.text) - (mention.end - mention.start)] if first == 0 else ""
    role = mention.role
    if title_end and role is None:
        role = document.text[offset + tokens[0].start:offset + tokens[title_end - 1].end]
    return replace(mention, start=start, end=end, text=restored + document.text[start:end], role=role,
                   sentence=document.sentence_at(start))


def _merge(document: Document, tokens: Sequence[Token], ours: list[Mention], statistical: list[Mention],
           dictionary: ActorDictionary) -> list[Mention]:
    """One mention per overlapping group: dictionary-confirmed spans first, then the longer span."""
    words = frozenset(token.key for token in tokens)
    candidates = []
    for mention in statistical:
        stripped = _strip_statistical(document, mention, dictionary, words)
        stripped = stripped and _trim_to_name(document, stripped, dictionary)
        if stripped is not None:
            entry = dictionary.entry_for(stripped.text)
            if entry is None and stripped.entry is None and _is_described(stripped.text):
                continue
            candidates.append(replace(stripped, entry=entry.key) if entry and not stripped.entry else stripped)
    # a title pattern reads up to three words; a statistical name of two or more words from the same start
    # draws the boundary better (نظيره ماركو روبيو مستقبل القوات)
    shortest: dict[int, int] = {}  # the end of the shortest such name, by start
    for m in candidates:
        if m.type == "PER" and len(name_tokens(m.text)) > 1:
            shortest[m.start] = min(m.end, shortest.get(m.start, m.end))
    # the statistical names of people the dictionary does not know, by where they end
    unknown_people: dict[int, Mention] = {}
    for m in sorted(candidates, key=lambda m: -m.start):  # the longest one ending at a place is kept
        if m.type == "PER" and m.entry is None and len(name_tokens(m.text)) > 1:
            unknown_people[m.end] = m
    everyone = [*candidates, *ours]
    candidates += [m for m in ours if not (m.source == "pattern" and (
        shortest.get(m.start, m.end) < m.end or _trim_to_name(document, m, dictionary) is None))
        and not _is_anothers_surname(m, unknown_people.get(m.end), everyone, dictionary)]
    # of spans of equal length the dictionary's is kept: it reads the title before the name as the role
    ranked = sorted(candidates, key=lambda m: (m.entry is None, -(m.end - m.start), m.source != "pattern",
                                               m.source != "dictionary", m.start))
    # Kept spans never overlap, so sorted by start they are sorted by end too: a new span overlaps one of
    # them only if it overlaps the last one starting before its end.
    kept: list[Mention] = []
    for mention in ranked:
        before = bisect.bisect_left(kept, mention.end, key=attrgetter("start")) - 1
        if before < 0 or kept[before].end <= mention.start:
            kept.insert(before + 1, mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _is_anothers_surname(mention: Mention, longer: Mention | None, known: Sequence[Mention],
                         dictionary: ActorDictionary) -> bool:
    """Whether a known person's single name (a dictionary spelling, a surname the document names in full)
    is another person's surname: the NER's ``longer`` name ending with it starts with a given name, and no
    name of that person (the entry's spellings and the article's mentions of it; for a surname the article
    names in full, the article's names, ``known``) holds the longer name's words in that order (لؤي الجبير is
    not Adel al-Jubeir; علي صالح is علي عبدالله صالح, در كلاوو is يوهانس فان در كلاوو)."""
    words = name_tokens(mention.text)
    if mention.type != "PER" or len(words) != 1 or longer is None or longer.start >= mention.start:
        return False
    given = name_tokens(longer.text)
    if not longer.text.endswith(" " + mention.text) or given[0] not in dictionary.person_words \
            or given[0] in load_name_words().links:
        return False
    if mention.entry in dictionary.entries:  # the known person's own names, not any other the article has
        names = [name_tokens(m.text) for m in known if m.type == "PER" and m.entry == mention.entry]
        names += [name_tokens(spelling) for spelling in dictionary.entries[mention.entry].spellings]
    else:
        names = [name_tokens(m.text) for m in known if m.type == "PER"]
    return not any(name != given and in_order(given, name) for name in names)


def in_order(words: Sequence[str], name: Sequence[str]) -> bool:
    """Whether ``words`` all occur in ``name`` in the same order.

    >>> in_order(("عبدالله", "الاحمري"), ("عبدالله", "مبارك", "الاحمري"))
    True
    """
    rest = iter(name)
    return all(word in rest for word in words)


def _with_local_branches(document: Document, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a department the NER found apart from its place joined to it: an organisation no
    dictionary entry names that starts with a common noun (إدارة الجوازات، الإدارة العامة للتعليم), then ب
    (or في before an area noun), an area noun at most (بمنطقة) and a place, is one organisation, the branch
    of that place.

    >>> from kg.model import Document, Sentence
    >>> text = "وأوضحت إدارة الجوازات بمنطقة جازان أن"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> found = _with_local_branches(doc, [Mention("d", 0, 7, 21, "إدارة الجوازات", "ORG", "project"),
    ...                                     Mention("d", 0, 29, 34, "جازان", "GPE", "project")])
    >>> [(m.text, m.type) for m in found]
    [('إدارة الجوازات بمنطقة جازان', 'ORG')]
    """
    classes = load_name_words()
    joined: list[Mention] = []
    for mention in mentions:
        head = joined[-1] if joined else None
        if head is not None and mention.type == "GPE" and head.type == "ORG" and not head.entry \
                and head.source != "dictionary" and _is_branch_gap(document.text[head.end:mention.start], classes) \
                and classes.is_common(name_tokens(head.text)[0]):
            joined[-1] = replace(head, end=mention.end, text=head.text + document.text[head.end:mention.end])
            continue
        joined.append(mention)
    return joined


def _is_branch_gap(gap: str, classes: NameWords) -> bool:
    words = gap.split()
    if not gap[:1].isspace() or not words or len(words) > 2:
        return False
    first = words[0]
    if len(words) == 1:
        return first == "ب" or first.startswith("ب") and word_key(first[1:]) in classes.areas
    return first == "في" and word_key(words[1]) in classes.areas


def _named_after_people(document: Document, tokens: Sequence[Token], mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each person named in an institution's or place's name (جامعة الملك عبدالعزيز,
    مستشفى الملك خالد التخصصي) replaced by the institution: the noun, the royal title, the name and the
    adjectives after it (``ontology/names.toml`` [institutions]); mentions inside it give way.

    >>> from kg.model import Document, Sentence
    >>> text = "في مستشفى الملك خالد التخصصي للعيون"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> found = _named_after_people(doc, tokenise(text), [Mention("d", 0, 16, 20, "خالد", "PER", "project")])
    >>> [(m.text, m.type) for m in found]
    [('مستشفى الملك خالد التخصصي', 'ORG')]
    """
    classes = load_name_words()
    # a name's first word and its end; and a title that names its holder alone, where no name follows it
    named = [(bisect.bisect_right(tokens, m.start, key=_start) - 1, m.end) for m in mentions if m.type == "PER"]
    starts = {at for at, _ in named}
    standing = []
    for at in range(len(tokens)):
        n = _phrase_length(tokens, at, classes.standing_titles)
        # a title and a name after it are the person's, as the annotators read برنامج ضيوف خادم الحرمين
        # الشريفين الملك سلمان: the institution ends at the standing title
        if n and at not in starts and at + n not in starts:
            standing.append((at, tokens[at + n - 1].end))
    found: dict[tuple[int, int], Mention] = {}
    for at, name_end, nouns in [(at, end, classes.institutions) for at, end in named] + \
            [(at, end, classes.standing_nouns) for at, end in standing]:
        noun_at = at - _phrase_length(tokens, at, classes.royal_titles, backwards=True) - 1
        if noun_at > 0 and tokens[noun_at].key in classes.construct:
            noun_at -= 1
        if noun_at < 0 or _PHRASE_BREAK.search(document.text[tokens[noun_at].end:tokens[at].start]):
            continue
        reading = next(((clitic, stem) for clitic, stem in clitic_readings(tokens[noun_at].key) if stem in nouns), None)
        if reading is None:
            continue
        last = bisect.bisect_left(tokens, name_end, key=_start)
        while last < len(tokens) and _is_article_nisba(document.text[tokens[last].start:tokens[last].end], tokens[last].key) \
                and document.text[tokens[last - 1].end:tokens[last].start].isspace():
            last += 1
        raw = document.text[tokens[noun_at].start:tokens[noun_at].end]
        start = tokens[noun_at].start + _skip_letters(raw, reading[0])
        end = max(name_end, tokens[last - 1].end)
        found.setdefault((start, end), Mention(document.doc_id, document.sentence_at(start), start, end,
                                               document.text[start:end], classes.institutions[reading[1]], "pattern"))
    institutions = list(found.values())
    if not institutions:
        return mentions
    spans = SpanIndex((m.start, m.end) for m in institutions)
    return sorted([m for m in mentions if not spans.overlaps((m.start, m.end))] + institutions,
                  key=lambda m: (m.start, m.end))


#: Ordinals after a head noun make it another thing (المركز الأول: first place).
_ORDINALS = frozenset(normalise_arabic(w) for w in (
    "الأول", "الأولى", "الثاني", "الثانية", "الثالث", "الثالثة", "الرابع", "الرابعة", "الخامس", "الخامسة", "الأخير",
    "الأخيرة"))


def _is_article_nisba(raw: str, key: str) -> bool:
    """Whether a word (as written, and its key) is a nisba written with the article (التخصصي، الإسلامية; not
    إلى, whose key folds alike)."""
    return raw.startswith("ال") and key.endswith(("ي", "يه"))


def _describes(raw: str, key: str) -> bool:
    """Whether a word after a noun is its adjective: a nisba or an ordinal with the article (الإسلامية،
    البلدي، الأول), or a place's adjective."""
    return _is_article_nisba(raw, key) or raw.startswith("ال") and key in _ORDINALS or is_place_adjective(key)


def _phrase_length(tokens: Sequence[Token], at: int, phrases: frozenset[tuple[str, ...]], backwards: bool = False) -> int:
    """The number of words of the longest of ``phrases`` (key tuples) that starts at word ``at`` (with
    ``backwards``, that ends right before it); 0 for none."""
    return next((n for n in range(3, 0, -1)
                 if (at - n >= 0 if backwards else at + n <= len(tokens))
                 and tuple(t.key for t in (tokens[at - n:at] if backwards else tokens[at:at + n])) in phrases), 0)


def _is_described(name: str) -> bool:
    """A common noun and its adjective (الحكومة اللبنانية، الديوان الأميري): a description, not a name.

    >>> _is_described("الحكومة اللبنانية"), _is_described("حزب الله")
    (True, False)
    """
    words = name_tokens(name)
    return len(words) == 2 and all(word.startswith("ال") for word in words) and words[1].endswith(("ي", "يه"))


@lru_cache(maxsize=1)
def _shipped_recogniser() -> DictionaryRecogniser:
    # One per process: its matchers remember the words they have dismissed, across chunks of an archive.
    return DictionaryRecogniser()


def recognise(documents: list[Document], statistical: StatisticalRecogniser | None = None,
              dictionary: ActorDictionary | None = None, home_state: str | None = None) -> list[list[Mention]]:
    """Mentions of each document: dictionary and title-pattern mentions, merged with ``statistical``'s
    mentions when given (overlaps keep the dictionary-confirmed span, then the longer one; names on the
    not-an-actor list are dropped; a leading clitic is cut off), and the actors of role phrases and state
    references; ``home_state`` (a knowledge-base state key) is the state the articles are written from,
    which a bare title (وزير الخارجية) or المملكة then names.

    >>> from kg.model import Document, Sentence
    >>> text = "اتصل نتنياهو بالرئيس بايدن"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> [(m.text, m.entry, m.role) for m in recognise([doc])[0]]
    [('نتنياهو', 'benjamin-netanyahu', None), ('بايدن', 'joe-biden', 'الرئيس')]
    """
    recogniser = DictionaryRecogniser(dictionary) if dictionary is not None else _shipped_recogniser()
    tokens = [tokenise(document.text) for document in documents]
    ours = [recogniser.recognise_document(document, words) for document, words in zip(documents, tokens)]
    theirs = statistical.recognise(documents) if statistical is not None else [[] for _ in documents]
    return [_with_head_noun_references(document, words, _with_role_references(
                document, words, recogniser.with_roles(document, words, _named_after_people(
                    document, words, _with_local_branches(document, _merge(document, words, own, other, recogniser.dictionary)))),
                home_state))
            for document, words, own, other in zip(documents, tokens, ours, theirs)]


def _with_head_noun_references(document: Document, tokens: Sequence[Token], mentions: list[Mention]) -> list[Mention]:
    """``mentions`` and the references back to a body by its head noun with the article (وزارة التعليم ...
    الوزارة، للهيئة; ``ontology/names.toml`` [organisations] anaphoric_heads): where the whole article names
    one body with that head noun (by one name, or by several of one dictionary entry; or a dictionary body
    after it as the classifier the name does without: تنظيم داعش), and names it before the noun, the noun is
    a mention (``source="anaphor"``) of that body: of its dictionary entry, else of its name, which
    resolution ties to the body in that article as its short form (:func:`kg.resolve.is_organisation_short_form`).
    Two bodies so headed (وزارة الإسكان، وزارة الصحة) leave the noun alone, and so does a name around it or
    an adjective or ordinal after it (الجامعة العربية، الحركة الإسلامية، المركز الأول: another body).

    >>> from kg.model import Sentence
    >>> text = "أعلنت وزارة التعليم خطة جديدة. وقالت الوزارة إن الخطة تبدأ."
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> found = _with_head_noun_references(doc, tokenise(text), [Mention("d", 0, 6, 19, "وزارة التعليم", "ORG", "project")])
    >>> [(m.text, m.type) for m in found]
    [('وزارة التعليم', 'ORG'), ('الوزارة', 'ORG')]
    """
    classes = load_name_words()
    heads = classes.anaphoric_heads
    # head noun -> the bodies so headed (a dictionary entry is one), with their names' words
    bodies: dict[str, dict[object, tuple[Mention, tuple[str, ...]]]] = {}
    for mention in sorted((m for m in mentions if m.type == "ORG"), key=attrgetter("start")):
        words = name_tokens(mention.text)
        head = words[0].removeprefix("ال")
        # or the classifier the name does without (تنظيم داعش ... التنظيم)
        before = bisect.bisect_left(tokens, mention.start, key=_start) - 1
        classifier = tokens[before].key if before >= 0 and document.text[tokens[before].end:mention.start].isspace() else ""
        if len(words) > 1 and head in heads:
            bodies.setdefault(head, {}).setdefault(mention.entry or words, (mention, words))
        elif classifier in heads and classifier in classes.classifiers and mention.entry:
            # no short form would tie the noun to an unknown body's name
            bodies.setdefault(classifier, {}).setdefault(mention.entry, (mention, words))
    taken = SpanIndex((m.start, m.end) for m in mentions)
    found = []
    for index, token in enumerate(tokens):
        # the article as written (للهيئة is ل + الهيئة with the article's alef unwritten: no span names it)
        reading = next(((clitic, stem[2:]) for clitic, stem in clitic_readings(token.key)
                        if token.key[clitic:].startswith("ال") and stem[2:] in heads), None)
        named = list(bodies.get(reading[1], {}).values()) if reading else []
        if len(named) != 1 or taken.overlaps((token.start, token.end)):
            continue
        body, body_words = named[0]
        if body.end > token.start:
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        # an adjective after the noun makes another body, unless the body's own name goes on so (الهيئة العامة)
        if following and document.text[token.end:following.start].isspace() \
                and _describes(document.text[following.start:following.end], following.key) \
                and body_words[1:2] != (following.key,):
            continue
        start = token.start + _skip_letters(document.text[token.start:token.end], reading[0])
        found.append(Mention(document.doc_id, document.sentence_at(start), start, token.end,
                             document.text[start:token.end], "ORG", "anaphor", entry=body.entry))
    return sorted(mentions + found, key=lambda m: (m.start, m.end)) if found else mentions


def _with_role_references(document: Document, tokens: Sequence[Token], mentions: list[Mention],
                          home_state: str | None = None) -> list[Mention]:
    """``mentions`` and the actors that phrases without a name refer to: the people of role phrases
    (:func:`kg.knowledge.role_mentions`) and the states of state references (:func:`kg.knowledge.state_references`),
    read from ``home_state`` when the articles are written from one; a mention inside such a phrase that no
    dictionary entry confirms gives way to it, and so does an organisation the NER found after a title's
    first word (مستشار الأمن القومي الأمريكي: a portfolio, not a body)."""
    from kg.knowledge import (
        FIND_NAMED_STATE,
        named_state,
        role_mentions,
        role_phrases,
        state_references,
    )

    phrases = role_phrases(document, tokens)
    mentions = [m for m in mentions
                if m.type != "ORG" or m.entry or not any(start < m.start < end for start, end, _, _ in phrases)]

    # read once: the state references need it with a home state, the role phrases without a state too
    state = named_state(document, tokens) if home_state else FIND_NAMED_STATE
    references = (role_mentions(document, mentions, tokens=tokens, home_state=home_state, named_state_key=state,
                                phrases=phrases)
                  + state_references(document, home_state, tokens=tokens, named_state_key=state))
    if not references:
        return mentions
    spans = SpanIndex((m.start, m.end) for m in references)
    # an institution named after a title keeps it (برنامج خادم الحرمين الشريفين: a programme, not the king)
    kept = [m for m in mentions if m.entry or not spans.overlaps((m.start, m.end))
            or m.source == "pattern" and m.type != "PER"]
    taken = SpanIndex((m.start, m.end) for m in kept)
    for reference in sorted(references, key=lambda m: (m.start, -m.end)):
        if not taken.overlaps((reference.start, reference.end)):
            kept.append(reference)
            taken.add((reference.start, reference.end))
    return sorted(kept, key=lambda m: (m.start, m.end))
