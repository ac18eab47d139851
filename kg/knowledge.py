"""The actor knowledge base: states, organisations, offices and dated office holders (``ontology/kb/``).

It answers "who held this office of this state on this day" (:meth:`KnowledgeBase.holder`), which is how a
role phrase without a name (ولي العهد السعودي, وزير الخارجية الأمريكي, خادم الحرمين الشريفين) becomes the
person it names at the article's date (:func:`role_mentions`); and it adds its people, states and
organisations to the actor dictionary (:func:`kg.recognise.load_dictionary`). The files and their fields
are described in ``docs/knowledge-base.md``.

>>> kb = load_knowledge_base()
>>> kb.holder("crown-prince", "saudi-arabia", "2016-05-01"), kb.holder("crown-prince", "saudi-arabia", "2018-05-01")
('muhammad-bin-nayef', 'mohammed-bin-salman')
>>> kb.holder("foreign-minister", "saudi-arabia", "2015-07-20"), kb.holder("foreign-minister", "saudi-arabia", "2022-01-10")
('adel-al-jubeir', 'faisal-bin-farhan')
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from kg.arabic import fold_text, normalise_arabic
from kg.errors import KgError
from kg.model import Document, Mention
from kg.recognise import SpanMatcher, Token, is_place_adjective, tokenise
from kg.vocab import KB_DIR

__all__ = ["KB_DIR", "KbPerson", "KnowledgeBase", "Office", "load_knowledge_base", "role_mentions", "role_phrases",
           "state_references"]



class KnowledgeBaseError(KgError):
    """A knowledge-base file is missing a field or names what it does not define."""


@dataclass(frozen=True)
class Office:
    """One term of one person in one office of a state (``state``) or an organisation (``org``). Dates are
    ISO, as precise as known (``2015``, ``2015-04``, ``2015-04-29``); ``end`` is ``None`` while in office."""

    office: str
    holder: str
    state: str | None
    org: str | None
    start: str
    end: str | None

    def held_on(self, day: str) -> bool:
        """Whether the term covers ``day`` (ISO); a coarse bound covers its whole month or year.

        >>> Office("foreign-minister", "x", "s", None, "2015-04", "2023").held_on("2015-04-01")
        True
        """
        return self.start <= day[:len(self.start)] and (self.end is None or day[:len(self.end)] <= self.end)


@dataclass(frozen=True)
class KbPerson:
    """A person of the knowledge base: Arabic spellings, English press label, honorifics, Wikidata id."""

    key: str
    en: str
    ar: tuple[str, ...]
    honorifics: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class KbBody:
    """A state or an organisation: names, demonyms (states), Wikidata id, ``cued`` names that are also
    everyday words or a city (الوطن، الرياض): they name the body only right after a cue word such as صحيفة
    (the ``cued`` spellings of ``ontology/actors.toml``), the names its own state's press gives it
    (``home``: المملكة, وزارة الداخلية in a Saudi paper), and an organisation's ``state``."""

    key: str
    type: str
    en: str
    ar: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    wikidata: str | None = None
    cued: tuple[str, ...] = ()
    home: tuple[str, ...] = ()
    state: str | None = None


@dataclass
class KnowledgeBase:
    """Everything in ``ontology/kb/``."""

    people: dict[str, KbPerson] = field(default_factory=dict)
    bodies: dict[str, KbBody] = field(default_factory=dict)
    #: office kind -> Arabic title phrases
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: office kind -> states that use it (empty: any)
    title_states: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: honorific phrase -> (office kind, state or organisation) it implies
    implied: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (office, title phrase) pairs that may stand alone for the office of the state an article speaks from
    bare: set[tuple[str, str]] = field(default_factory=set)
    terms: list[Office] = field(default_factory=list)
    #: nouns that, with a state's demonym or name, refer to the state (الحكومة اليمنية, حكومة الهند)
    state_nouns: tuple[str, ...] = ()

    def holder(self, office: str, body: str, day: str) -> str | None:
        """The key of the person who held ``office`` of ``body`` (a state or organisation) on ``day``."""
        holders = sorted({t.holder for t in self.terms if t.office == office and body in (t.state, t.org)
                          and t.held_on(day)})
        return holders[0] if len(holders) == 1 else None

    def describe(self, term: Office) -> str | None:
        """A term of a state's office as the Arabic press titles it, with its dates (``وزير الخارجية
        السعودي (2015-04-29 – 2023-...)``); ``None`` for an organisation's office or a state without a
        demonym.

        >>> kb = load_knowledge_base()
        >>> kb.describe(kb.offices_of("adel-al-jubeir")[0])[:33]
        'وزير الخارجية السعودي (2015-04-29'
        """
        body = self.bodies.get(term.state or "")
        titles = self.titles.get(term.office, ())
        if body is None or not body.demonyms or not titles or term.org:
            return None
        return f"{titles[0]} {body.demonyms[0]} ({term.start} – {term.end or ''})".replace(" – )", " –)")

    def offices_of(self, person: str) -> list[Office]:
        """Every term of ``person``, earliest first."""
        return sorted((t for t in self.terms if t.holder == person), key=lambda t: (t.start, t.office))


def _as_tuple(value) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,) if value else ()


@lru_cache(maxsize=4)
def load_knowledge_base(folder: str | Path = KB_DIR) -> KnowledgeBase:
    """Read every ``*.toml`` of ``folder`` (``states``, ``organisations``, ``offices`` and ``people`` tables;
    a person listed in two files keeps the spellings and terms of both)."""
    kb = KnowledgeBase()
    for path in sorted(Path(folder).glob("*.toml")):
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        for key, item in data.get("states", {}).items():
            kb.bodies[key] = KbBody(key, "GPE", item["en"], _as_tuple(item.get("ar")), _as_tuple(item.get("demonyms")),
                                    item.get("wikidata"), home=_as_tuple(item.get("home")))
        kb.state_nouns += _as_tuple(data.get("references", {}).get("nouns"))
        for key, item in data.get("organisations", {}).items():
            kb.bodies[key] = KbBody(key, "ORG", item["en"], _as_tuple(item.get("ar")), (), item.get("wikidata"),
                                    _as_tuple(item.get("cued")), _as_tuple(item.get("home")), item.get("state"))
        for key, item in data.get("offices", {}).items():
            kb.titles[key] = _as_tuple(item.get("ar"))
            kb.title_states[key] = _as_tuple(item.get("states"))
            kb.bare.update((key, phrase) for phrase in _as_tuple(item.get("bare")))
            if "implies" in item:
                for phrase in kb.titles[key]:
                    kb.implied[phrase] = (item["implies"]["office"], item["implies"]["state"])
        for key, item in data.get("people", {}).items():
            earlier = kb.people.get(key)
            ar = tuple(dict.fromkeys([*(earlier.ar if earlier else ()), *_as_tuple(item.get("ar"))]))
            kb.people[key] = KbPerson(key, item.get("en") or (earlier.en if earlier else key), ar,
                                      _as_tuple(item.get("honorifics")), item.get("wikidata") or (earlier.wikidata if earlier else None))
            for term in item.get("offices", ()):
                if "office" not in term or "start" not in term:
                    raise KnowledgeBaseError(f"{path.name}: {key}: an office needs 'office' and 'start'")
                kb.terms.append(Office(term["office"], key, term.get("state"), term.get("org"), str(term["start"]),
                                       str(term["end"]) if term.get("end") else None))
    kb.terms = sorted(set(kb.terms), key=lambda t: (t.office, t.state or t.org or "", t.start, t.holder))
    return kb


# ------------------------------------------------------------------------------------ role phrases

#: Words that may stand between a role phrase and the name it introduces: honorifics and ranks (الأمير،
#: الشيخ، العميد الركن), not titles that are someone else's (خادم الحرمين الشريفين، السفير: وهنأ ولي العهد
#: خادم الحرمين الشريفين).
_BEFORE_NAME = frozenset(normalise_arabic(w) for w in (
    "الأمير", "الامير", "الشيخ", "السيد", "الدكتور", "الملك", "الرئيس", "المهندس", "المشير", "الفريق", "أول",
    "اللواء", "العميد", "العقيد", "المقدم", "الرائد", "النقيب", "الملازم", "الركن", "الطيار", "الجنرال", "سمو",
    "معالي", "فخامة", "صاحب", "السمو", "الملكي", "دولة", "جلالة"))


#: Words that join the offices of one person's title chain (النائب الثاني لرئيس مجلس الوزراء).
_IN_TITLE_CHAIN = frozenset(normalise_arabic(w) for w in ("النائب", "نائب", "الثاني", "الأول", "ل"))


def _ending_in_one_of(words: Sequence[str]) -> re.Pattern:
    """A pattern for folded text (:func:`kg.arabic.fold_text`) that ends in one of ``words``, a clitic or the
    article allowed before it: the word right before a phrase."""
    return re.compile(r"(?<![\u0621-\u064a])(?:[وفبل]|ال|لل)?(?:" + "|".join(map(fold_text, words)) + r")\s*$")


#: A word before a role phrase that makes it part of someone else's title (نائب خادم الحرمين الشريفين,
#: سفير خادم الحرمين الشريفين, مستشار ولي العهد).
_RELATIONAL_BEFORE = _ending_in_one_of((
    "نائب", "مستشار", "مساعد", "سفير", "مبعوث", "ممثل", "مندوب", "مكتب", "ديوان", "حرس", "مرافق", "وفد",
    "نجل", "ابن", "شقيق", "حفيد", "زوجة"))


#: A word before a state reference that makes it part of a title or another body (رئيس الحكومة اللبنانية,
#: المتحدث باسم الحكومة اليمنية, قوات النظام السوري).
_HEAD_BEFORE = _ending_in_one_of((
    "رئيس", "رئيسة", "وزير", "وزيرة", "وزراء", "باسم", "مسؤول", "مسؤولو", "مسؤولي", "قوات", "جيش", "أمين",
    "عام", "وكيل", "مدير", "أعضاء", "عضو", "بيان", "موقع", "صحيفة", "وكالة", "قائد", "زعيم", "نائب", "مستشار",
    "مساعد", "سفير", "مبعوث", "ممثل", "مندوب", "وفد"))


@dataclass(frozen=True)
class _RolePattern:
    office: str
    state: str | None  # None: the document's own state decides


@lru_cache(maxsize=4)
def _role_matcher(kb_folder: str | Path = KB_DIR) -> SpanMatcher:
    """Every role phrase, matched word by word (a clitic allowed on the first word): a title with a
    state's demonym or name after it (وزير الخارجية الأمريكي، وزير خارجية الولايات المتحدة، أمير دولة قطر),
    a phrase that implies its office (خادم الحرمين الشريفين), and a bare title (ولي العهد) whose state the
    document decides. Implied phrases come first: a phrase registered twice keeps its first meaning."""
    kb = load_knowledge_base(kb_folder)
    matcher = SpanMatcher(tolerate_doubles=False)
    for phrase, (office, body) in sorted(kb.implied.items()):
        matcher.add(phrase, _RolePattern(office, body))
    for office, titles in sorted(kb.titles.items()):
        states = kb.title_states.get(office) or tuple(k for k, b in kb.bodies.items() if b.type == "GPE")
        for title in titles:
            if title in kb.implied:
                continue
            if (office, title) in kb.bare:
                # a title only one state has (ولي ولي العهد) names that state's office wherever it stands
                matcher.add(title, _RolePattern(office, states[0] if len(states) == 1 else None))
            for body in filter(None, map(kb.bodies.get, states)):
                for demonym in body.demonyms:
                    matcher.add(f"{title} {demonym}", _RolePattern(office, body.key))
                for name in body.ar:
                    for joiner in ("", "دولة ", "مملكة ", "المملكة ", "جمهورية ", "سلطنة "):
                        matcher.add(f"{title} {joiner}{name}", _RolePattern(office, body.key))
    return matcher


@lru_cache(maxsize=4)
def _state_matcher(kb_folder: str | Path = KB_DIR) -> SpanMatcher:
    kb = load_knowledge_base(kb_folder)
    return SpanMatcher([(word, key) for key, body in sorted(kb.bodies.items()) if body.type == "GPE"
                        for word in (*body.ar, *body.demonyms)], tolerate_doubles=False)


#: The default of ``named_state`` parameters: find the state the document names most.
FIND_NAMED_STATE = "find"


def named_state(document: Document, tokens: Sequence[Token] | None = None, kb_folder: str | Path = KB_DIR) -> str | None:
    """The state a document speaks of when a title names none: the one it names (by name or demonym) most
    often, if it stands out (twice the next one); else ``None``.

    >>> from kg.model import Sentence
    >>> text = "زار الوفد اليمني عدن، ثم التقى وزير الخارجية في اليمن."
    >>> named_state(Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)]))
    'yemen'
    """
    counts = Counter(key for _, _, _, key in _state_matcher(kb_folder).spans(document.text, tokens))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] == 0 or len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    return ranked[0][0]


@lru_cache(maxsize=4)
def _reference_matcher(kb_folder: str | Path = KB_DIR) -> SpanMatcher:
    """The phrases that refer to a state itself: a reference noun with its demonym (الحكومة اليمنية) or,
    for a noun without the article, its name (حكومة الهند)."""
    kb = load_knowledge_base(kb_folder)
    phrases = []
    for key, body in sorted(kb.bodies.items()):
        if body.type == "GPE":
            for noun in kb.state_nouns:
                words = body.demonyms if normalise_arabic(noun).startswith("ال") else body.ar
                phrases += [(f"{noun} {word}", key) for word in words]
    return SpanMatcher(phrases, tolerate_doubles=False)


@lru_cache(maxsize=8)
def _home_matcher(home_state: str, with_institutions: bool, kb_folder: str | Path = KB_DIR) -> SpanMatcher:
    """The names ``home_state``'s own press gives it and, ``with_institutions``, its institutions."""
    kb = load_knowledge_base(kb_folder)
    return SpanMatcher([(phrase, body.key) for body in kb.bodies.values() for phrase in body.home
                        if body.key == home_state or with_institutions and body.state == home_state])


def state_references(document: Document, home_state: str | None = None, kb_folder: str | Path = KB_DIR,
                     tokens: Sequence[Token] | None = None,
                     named_state_key: str | None = FIND_NAMED_STATE) -> list[Mention]:
    """Mentions (``source="reference"``, ``entry`` the body's key) of the phrases that refer to a state or its
    institution without naming it: its government or regime with its demonym (الحكومة اليمنية، النظام السوري),
    and, when the articles are written from ``home_state``, what its own press calls it (المملكة) and,
    in an article that names no other state more, its institutions (وزارة الداخلية; not with another state's
    adjective after it: وزارة الصحة المصرية). ``named_state_key`` is
    :func:`named_state` of the document when the caller has it already.

    >>> from kg.model import Sentence
    >>> text = "وأكدت المملكة دعمها للحكومة اليمنية."
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> [(m.text, m.entry) for m in state_references(doc, "saudi-arabia")]
    [('المملكة', 'saudi-arabia'), ('الحكومة اليمنية', 'yemen')]
    """
    tokens = tokenise(document.text) if tokens is None else tokens
    spans = list(_reference_matcher(kb_folder).spans(document.text, tokens))
    kb = load_knowledge_base(kb_folder)
    if home_state in kb.bodies:
        if named_state_key == FIND_NAMED_STATE:
            named_state_key = named_state(document, tokens, kb_folder)
        speaks_from = named_state_key in (None, home_state)
        starts = [token.start for token in tokens]
        # an institution's short name with a state's adjective after it is that state's (وزارة الصحة المصرية)
        spans += [span for span in _home_matcher(home_state, speaks_from, kb_folder).spans(document.text, tokens)
                  if not ((after := bisect.bisect_left(starts, span[1])) < len(tokens)
                          and is_place_adjective(tokens[after].key))]
    return [Mention(document.doc_id, document.sentence_at(start), start, end, surface, kb.bodies[key].type,
                    "reference", entry=key) for start, end, surface, key in sorted(spans)
            if not _HEAD_BEFORE.search(fold_text(document.text[max(0, start - 20):start]))]


def role_mentions(document: Document, named: Sequence[Mention] = (), kb_folder: str | Path = KB_DIR,
                  tokens: Sequence[Token] | None = None, home_state: str | None = None,
                  named_state_key: str | None = FIND_NAMED_STATE,
                  phrases: Sequence[tuple[int, int, str, _RolePattern]] | None = None) -> list[Mention]:
    """Mentions of the people that role phrases without a name refer to, by the document's date: each one
    a ``PER`` mention with ``source="office"``, ``entry`` the office holder's key and ``role`` the phrase.
    A bare title (وزير الخارجية) names the office of the state the document names most, else of
    ``home_state``, the state the articles are written from (``named_state_key``: as for
    :func:`state_references`). A
    phrase followed by a name (ولي العهد الأمير محمد بن نايف) is the name's title, not a reference: it is
    left to the name (``named`` are the mentions found already). ``phrases`` are the document's
    :func:`role_phrases` when the caller has them already.

    >>> from kg.model import Sentence
    >>> text = "استقبل خادم الحرمين الشريفين في جدة وزير الخارجية السعودي."
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)], date="2015-07-21")
    >>> [(m.text, m.entry) for m in role_mentions(doc)]
    [('خادم الحرمين الشريفين', 'salman-bin-abdulaziz'), ('وزير الخارجية السعودي', 'adel-al-jubeir')]
    """
    if not document.date or len(document.date) < 10:
        return []
    kb = load_knowledge_base(kb_folder)
    home: str | None = None
    found = []
    people = sorted((m for m in named if m.type == "PER"), key=attrgetter("start"))
    phrases = role_phrases(document, tokens, kb_folder) if phrases is None else phrases
    for start, end, surface, pattern in phrases:
        if _names_follow(document.text, end, people) or _RELATIONAL_BEFORE.search(fold_text(document.text[max(0, start - 20):start])):
            continue
        if pattern.state is None and _in_a_names_title(document.text, start, people, phrases):
            continue
        state = pattern.state
        if state is None:
            if home is None:
                if named_state_key == FIND_NAMED_STATE:
                    named_state_key = named_state(document, tokens, kb_folder)
                home = named_state_key or home_state or ""
            state = home or None
        holder = kb.holder(pattern.office, state, document.date) if state else None
        if holder is not None:
            found.append(Mention(document.doc_id, document.sentence_at(start), start, end, surface, "PER", "office",
                                 entry=holder, role=surface))
    return found


def role_phrases(document: Document, tokens: Sequence[Token] | None = None,
                 kb_folder: str | Path = KB_DIR) -> list[tuple[int, int, str, _RolePattern]]:
    """Every role phrase of ``document`` as (start, end, surface, office pattern), whether or not a name
    goes with it: the body a title names (مستشار الأمن القومي الأمريكي) is part of the title, not an actor.

    >>> from kg.model import Sentence
    >>> text = "وقال جايك ساليفان، مستشار الأمن القومي الأمريكي، إن"
    >>> doc = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> [surface for _, _, surface, _ in role_phrases(doc)]
    ['مستشار الأمن القومي الأمريكي']
    """
    return _role_matcher(kb_folder).spans(document.text, tokens)


def _in_a_names_title(text: str, start: int, people: Sequence[Mention],
                      phrases: Sequence[tuple[int, int, str, _RolePattern]]) -> bool:
    """Whether the role phrase at ``start`` continues the chain of titles after the name before it: another
    role phrase stands between, and besides them only the words that join a title's offices (الأمير محمد بن
    سلمان ولي ولي العهد النائب الثاني لرئيس مجلس الوزراء وزير الدفاع: the defence minister is the prince,
    not another man). A role right after a name may be the verb's object (استقبل الأمير محمد بن سلمان وزير
    الخارجية), and one after و another person. ``people`` are sorted by start."""
    before = bisect.bisect_left(people, start, key=attrgetter("start"))
    if not before:
        return False
    name_end = max(m.end for m in people[max(0, before - 3):before])
    if not 0 <= start - name_end <= 120:
        return False
    gap = list(text[name_end:start])
    chained = False
    for phrase_start, phrase_end, _, _ in phrases:
        if name_end <= phrase_start and phrase_end <= start:
            gap[phrase_start - name_end:phrase_end - name_end] = " " * (phrase_end - phrase_start)
            chained = True
    words = normalise_arabic("".join(gap).replace("،", " ")).split()
    return chained and all(word in _IN_TITLE_CHAIN or word.startswith("ل") and word[1:] in _IN_TITLE_CHAIN
                           for word in words)


def _names_follow(text: str, end: int, people: Sequence[Mention]) -> bool:
    """Whether a person's name follows a role phrase ending at ``end``, with only honorifics between.
    ``people`` are sorted by start: only the few that start in reach are read, not every name of the
    article for every role phrase (quadratic in a long article)."""
    first = bisect.bisect_left(people, end, key=attrgetter("start"))
    last = bisect.bisect_right(people, end + 40, key=attrgetter("start"))
    for mention in people[first:last]:
        between = normalise_arabic(text[end:mention.start].replace("،", " ")).split()
        if all(word in _BEFORE_NAME for word in between):
            return True
    return False
