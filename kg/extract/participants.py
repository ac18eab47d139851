"""Who may take part in an interaction: the document reader, which turns a sentence's resolved mentions
and its references without a name (role phrases, counterparts, sides, the pair) into candidate
participants (``_Arg``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kg.arabic import FoldedText
from kg.extract.cues import _ATTRIBUTION, _RADICAL_WAW, _RELATIONAL
from kg.extract.dates import DateValue
from kg.extract.text import _END, _START, _W, _fold_text, _pattern
from kg.extract.triggers import _ANY_TRIGGER, _TriggerRule, _triggers
from kg.extract.vocabulary import load_vocabulary
from kg.model import Actor, Document, Evidence, Mention, Sentence

PARTICIPANT_TYPES = ("PER", "ORG", "GPE")
# ------------------------------------------------------------------------------------ references

#: Nationality adjectives and the names of the state they point to (matched against GPE actor labels).
_DEMONYMS = (
    (r"ا?م[ي]?ر[ي]?ك", ("الولايات المتحدة", "أمريكا", "أميركا")),
    (r"اسراي[ي]?ل", ("إسرائيل",)),
    (r"ايران", ("إيران",)),
    (r"لبنان", ("لبنان",)),
    (r"سور", ("سوريا", "سورية")),
    (r"عراق", ("العراق",)),
    (r"مصر", ("مصر",)),
    (r"سعود", ("السعودية", "المملكة العربية السعودية")),
    (r"قطر", ("قطر",)),
    (r"اردن", ("الأردن",)),
    (r"ترك", ("تركيا",)),
    (r"روس", ("روسيا",)),
    (r"صين", ("الصين",)),
    (r"فرنس", ("فرنسا",)),
    (r"بريطان", ("بريطانيا", "المملكة المتحدة")),
    (r"فلسطين", ("فلسطين",)),
    (r"اوكران", ("أوكرانيا",)),
    (r"يمن", ("اليمن",)),
)


@lru_cache(maxsize=None)
def _nationality(demonym: str) -> tuple[str, tuple[str, ...]] | None:
    """The stem (of :data:`_DEMONYMS`) and the folded state names of a folded nationality adjective
    (الاسراييلي), if it is one."""
    folded = demonym.removeprefix("ال")
    return next(((stem, tuple(map(_fold_text, names))) for stem, names in _DEMONYMS if re.match(stem, folded)), None)


_DEMONYM = r"(?:ال)?(?:" + "|".join(stem for stem, _ in _DEMONYMS) + r")(?:ي|يه|يون|يين|يان|يا|ية)"
_SIDE = re.compile(_START + r"(?:[وفبل])?(?:ال|لل)?(?:" + _pattern(
    "فريق", "فريقين", "وفد", "وفدين", "جانب", "جانبين", "طرف", "طرفين", "مسؤولون", "مسؤولين", "مسؤولي")
    + r")\s+(?P<first>" + _DEMONYM + r")(?:\s+(?:و\s*)?(?P<second>" + _DEMONYM + r"))?" + _END
    + r"|" + _START + r"(?:[وفبل])?(?P<plural>(?:ال)(?:" + "|".join(stem for stem, _ in _DEMONYMS)
    + r")(?:يون|يين))" + _END)
_ROLE_REFERENCE = re.compile(_START + r"(?:[وفبل])?(?:لل|ال)?(?P<role>" + _pattern(
    "رئيس", "وزير", "مستشار", "مبعوث", "أمين", "ملك", "أمير", "قائد", "سفير", "رئيسة", "وزيرة")
    + r")(?:\s+(?:ال)?" + _W + r"+){0,2}?\s+(?P<nation>" + _DEMONYM + r")" + _END)
_COUNTERPART = re.compile(_START + r"(?:[وفبل])?" + _pattern("نظيره", "نظيرته", "نظيرها", "نظراءه", "نظيريه")
                          + r"(?:\s+(?P<nation>" + _DEMONYM + r"))?" + _END)
#: "الأخير" (the latter) standing for a person: after a verb or particle, never as an adjective (الجولة الأخيرة).
_LATTER_WORD = _fold_text("أخير")
_LATTER = re.compile(r"(?:(?<=" + _pattern("كان") + r" )|(?<=" + _pattern("إن") + r" )|(?<=" + _pattern("أن") + r" )"
                     r"|(?<=، )|(?<=^))(?P<word>(?:[وف])?(?:ل|ب)?(?:ال|ل)" + _LATTER_WORD + r")" + _END
                     + r"|" + _START + r"(?P<word2>[وف](?:ال)" + _LATTER_WORD + r")" + _END)
#: The crown prince referred to by his title alone.
_CROWN_PRINCE_TITLE = _fold_text("ولي العهد")
_CROWN_PRINCE = re.compile(_START + r"(?:[وفبل])?(?:ل|ال)?" + _CROWN_PRINCE_TITLE + _END)
#: A head-of-state title right before a state's name (أمير قطر, ملك الأردن, أمير دولة قطر).
_HEAD_OF = re.compile(_START + r"(?:[وفبل])?(?:ال|لل)?(?P<title>" + _pattern("أمير", "ملك", "سلطان", "عاهل")
                      + r")\s+(?:" + _pattern("دولة", "سلطنة", "مملكة") + r"\s+)?$")
#: What may stand between an organisation or state and the person whose title it ends (دولة قطر الشيخ تميم).
_TITLE_GAP = re.compile(r"[^\u0621-\u064a]*(?:(?:و)?(?:ال)?" + _pattern(
    "شيخ", "رئيس", "أمير", "ملك", "سلطان", "سيد", "جنرال", "لواء", "مشير", "وزير", "دكتور") + r"[^\u0621-\u064a]*)?")
#: One word of a title (وزير، الشيخ) in a second office between a body and the person whose title it ends.
_TITLE_WORD = re.compile(r"(?:و)?(?:ال)?" + _pattern(
    "شيخ", "رئيس", "أمير", "ملك", "سلطان", "سيد", "جنرال", "لواء", "مشير", "وزير", "دكتور", "نائب", "سفير",
    "مدير", "أمين", "مستشار", "مبعوث") + "$")


def _is_apposed_office(gap: str) -> bool:
    """Whether the folded text between a person and a body makes the body part of the person's title in
    apposition (جايك ساليفان، مستشار الأمن القومي): a comma, then one to three title words.

    >>> _is_apposed_office("، مستشار "), _is_apposed_office("، نايب رييس "), _is_apposed_office(" مع ")
    (True, True, False)
    """
    words = gap.split()
    return 1 < len(words) <= 4 and words[0] == "،" and all(_TITLE_WORD.match(w) for w in words[1:])


def _is_office_gap(gap: str) -> bool:
    """Whether the folded text between a body and a person is a second office of the person's title (رئيس
    مجلس الوزراء وزير الخارجية الشيخ محمد): a title word first, then title words or words with the article,
    five at most, no punctuation (a comma ends the phrase).

    >>> _is_office_gap(" وزير الخارجيه الشيخ "), _is_office_gap("، وزير الخارجيه الامريكي "), _is_office_gap(" في زياره ")
    (True, False, False)
    """
    words = gap.split()
    return 0 < len(words) <= 5 and _TITLE_WORD.match(words[0]) is not None \
        and all(_TITLE_WORD.match(w) or re.fullmatch("ال[\u0621-\u064a]+", w) for w in words)


_PAIR = re.compile(_START + r"(?:[وفبل])?" + _pattern("الطرفان", "الطرفين", "الجانبان", "الجانبين", "بينهما",
                                                      "الاثنان", "الاثنين", "البلدان", "البلدين") + _END)
_LEADS = re.compile(_START + r"(?:[وف])?" + _pattern("ترأس", "ترأسه", "ترأسها", "يترأس", "قاد", "قاده", "يقود",
                                                     "برئاسة") + _END)
_PURPOSE_MEETING = re.compile(_START + r"(?:[وف])?(?:" + _pattern("مع", "للقاء", "لقاء", "لمقابلة", "لإقناع", "عبر")
                              + r"|(?:س)?(?:ا|[يتن])لتق(?:ي|ت|يا|وا)?"
                              + r"|(?:س)?(?:ا|[يتن])جتمع(?:ت|ا|وا)?\s+(?:ب|مع))" + _END)
_RELATED_HEADER = re.compile(r"^\s*(?:" + _pattern("مقالات ذات صلة", "مقالات مشابهة", "اخبار ذات صلة",
                                                  "اقرأ أيضا", "إقرأ أيضا", "اقرا ايضا") + r")")
_BULLET = re.compile(r"^\s*[•·▪●■◦*-]\s")


@dataclass(frozen=True)
class _Arg:
    """A possible participant in a sentence: where it is (folded offsets) and the actors it stands for."""

    start: int
    end: int
    actors: tuple[str, ...]
    type: str
    source: str  # mention, role, side, counterpart, pair
    prefix: str = ""  # the clitic letter glued before it (ب in بنظيره), if any


@dataclass
class _Draft:
    """An interaction being assembled from one trigger."""

    type: str
    rule: str
    status: str
    sentence: int
    trigger: int
    participants: list[str]
    initiator: str | None = None
    date: DateValue | None = None
    place: str | None = None
    topic_phrases: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    generic: bool = False
    sides_only: bool = False
    confidence: float = 0.9


class _DocumentReader:
    """Reads one document: its folded text, candidate participants per sentence, and the events so far."""

    def __init__(self, document: Document, mentions: Sequence[Mention], actors: Mapping[str, Actor]):
        self.document = document
        self.actors = actors
        self.folded = FoldedText(document.text)
        self.vocabulary = load_vocabulary()
        self.mentions = sorted((m for m in mentions if m.actor_id and m.actor_id in actors),
                               key=lambda m: (m.start, m.end))
        self.mention_starts = [m.start for m in self.mentions]
        #: The title the recogniser read for the first mention with one at each folded offset.
        self.roles: dict[int, str] = {}
        for mention in self.mentions:
            if mention.role:
                self.roles.setdefault(self.folded.position[mention.start], mention.role)
        self.drafts: list[_Draft] = []
        self.skip_from = self._related_list_start()
        #: Span end -> the start of the widest span scanned for triggers with that end, and its offsets.
        self._trigger_offsets: dict[int, tuple[int, list[int]]] = {}

    # -- actors

    def _state_of(self, actor_id: str) -> str:
        actor = self.actors[actor_id]
        return actor.metonym_of if actor.metonym_of and actor.metonym_of in self.actors else actor_id

    def _states_for(self, demonym: str) -> tuple[str, ...]:
        nationality = _nationality(demonym)
        if nationality is None:
            return ()
        states = _state_names(self.actors)
        return tuple(sorted({states[key] for key in nationality[1] if key in states})[:1])

    def _role_context(self, mention: Mention) -> str:
        """The title written before a person's name (back to the previous name or punctuation), with the
        roles the recogniser and the actor record give."""
        start = self.folded.position[mention.start]
        # a state or organisation named inside the title (أمير دولة قطر الشيخ تميم) is part of it
        previous = max((self.folded.position[m.end] for m in self.mentions
                        if m.end <= mention.start and self.actors[m.actor_id].type == "PER"), default=0)
        before = re.split(r"[.،,:\n؟!]", self.folded.text[max(previous, start - 60):start])[-1]
        roles = [mention.role or "", *self.actors[mention.actor_id].roles]
        return "  ".join([before, *(_fold_text(r) for r in roles)])

    # -- sentences

    def triggers(self, start: int, end: int, args: Sequence[_Arg] = ()) -> list[tuple[int, int, _TriggerRule]]:
        """:func:`_triggers` in ``folded.text[start:end]``."""
        return _triggers(start, self.folded.text[start:end], args, self.trigger_offsets(start, end))

    def trigger_offsets(self, start: int, end: int) -> list[int]:
        """The offsets in ``folded.text[start:end]`` (from ``start``) where a trigger may start, scanned for
        once per sentence: the rest of a sentence after a trigger has the sentence's offsets (the same text
        up to the same end) except at its first character, which has no letter before it in the span and
        is tried anew."""
        segment = self.folded.text[start:end]
        known = self._trigger_offsets.get(end)
        if known is None or known[0] > start:
            offsets = [match.start() for match in _ANY_TRIGGER.finditer(segment)]
            self._trigger_offsets[end] = (start, offsets)
            return offsets
        shift = start - known[0]
        return [0] * bool(_ANY_TRIGGER.match(segment)) + [offset - shift for offset in known[1] if offset > shift]

    def _related_list_start(self) -> int:
        offset = 0
        for line in self.document.text.split("\n"):
            if len(line.split()) <= 4 and _RELATED_HEADER.match(_fold_text(line)):
                return offset
            offset += len(line) + 1
        return len(self.document.text) + 1

    def _skipped(self, sentence: Sentence) -> bool:
        line_start = self.document.text.rfind("\n", 0, sentence.start) + 1
        # The line as the whole text folds it: folded alone, only a tatweel run at its very end could
        # differ (a dash rather than nothing), and neither pattern matches a dash that ends the text.
        line = self.folded.text[self.folded.position[line_start]:self.folded.position[sentence.end]]
        return sentence.start >= self.skip_from or bool(_RELATED_HEADER.match(line)) or bool(_BULLET.match(line))

    def args(self, sentence: Sentence) -> list[_Arg]:
        """Candidate participants of ``sentence``, in text order."""
        text = self.folded.text
        start, end = self.folded.position[sentence.start], self.folded.position[sentence.end]
        inside = self.mentions[bisect_left(self.mention_starts, sentence.start):
                               bisect_left(self.mention_starts, sentence.end)]
        args: list[_Arg] = []
        for index, mention in enumerate(inside):
            actor = self.actors[mention.actor_id]
            if actor.type not in PARTICIPANT_TYPES + ("LOC",):
                continue
            m_start, m_end = self.folded.position[mention.start], self.folded.position[mention.end]
            before = text[max(start, m_start - 40):m_start]
            if _ATTRIBUTION.search(before):
                continue
            following = inside[index + 1] if index + 1 < len(inside) else None
            if following is not None and self.actors[following.actor_id].type == "PER" and actor.type != "LOC" \
                    and (_TITLE_GAP.fullmatch(gap := text[m_end:self.folded.position[following.start]])
                         or actor.type == "ORG" and _is_office_gap(gap)) \
                    and (actor.type != "PER" or _RELATIONAL.search(before)):
                # part of the next person's title: مستشار الأمن القومي بالبيت الأبيض، جيك سوليفان;
                # كبير مستشاري الرئيس بايدن، أموس هوكشتين
                continue
            previous = inside[index - 1] if index else None
            if actor.type == "ORG" and previous is not None and self.actors[previous.actor_id].type == "PER" \
                    and _is_apposed_office(text[self.folded.position[previous.end]:m_start]):
                continue  # جايك ساليفان، مستشار الأمن القومي الأمريكي: the body is in the person's title
            prefix = text[m_start - 1] if m_start > 0 and text[m_start - 1] in "بلوف" else ""
            if prefix == "ل" and m_start > 1 and text[m_start - 2] == "ب":
                prefix = "ب"
            if actor.type == "GPE" and _HEAD_OF.search(before):
                # أمير قطر، ملك الأردن: the head of the state, named elsewhere in the article
                head = self._person_titled(m_start, _HEAD_OF.search(before).group("title"), mention.actor_id)
                if head:
                    args.append(_Arg(self.folded.position[mention.start] - len(_HEAD_OF.search(before).group()),
                                     m_end, (head,), "PER", "role"))
                    continue
            args.append(_Arg(m_start, m_end, (mention.actor_id,), actor.type, "mention", prefix))
        args.extend(self._reference_args(start, end, args))
        return sorted(args, key=lambda a: (a.start, a.end))

    def _reference_args(self, start: int, end: int, named: list[_Arg]) -> list[_Arg]:
        """Actors referred to without a name: sides and teams, role phrases, counterparts, the pair."""
        text = self.folded.text[start:end]
        found: list[_Arg] = []

        def free(a: int, b: int) -> bool:
            return not any(x.start < b and a < x.end for x in named + found)

        def followed_by_name(b: int) -> bool:
            return any(0 <= x.start - b <= 3 and x.type == "PER" for x in named)

        for match in _SIDE.finditer(text):
            a, b = start + match.start(), start + match.end()
            groups = [g for g in (match.group("first"), match.group("second"), match.group("plural")) if g]
            states = tuple(s for g in groups for s in self._states_for(g))
            if states and free(a, b) and not followed_by_name(b):
                found.append(_Arg(a, b, states, "GPE", "side"))
        for match in _COUNTERPART.finditer(text):
            a, b = start + match.start(), start + match.end()
            if not free(a, b):
                continue
            if followed_by_name(b):
                continue  # بنظيره الإسرائيلي يوآف غالانت: the name itself is the participant
            owner = [x for x in named if x.end <= a and x.type == "PER"][-1:]  # "his" counterpart is someone else
            actor = self._earlier_person(a, match.group("nation"), None, {x.actors[0] for x in owner})
            if actor:
                found.append(_Arg(a, b, (actor,), "PER", "counterpart", _clitic(match.group(0))))
        for match in _ROLE_REFERENCE.finditer(text):
            a, b = start + match.start(), start + match.end()
            # a name within a few words is the role's own name (الرئيس الأميركي، جو بايدن), unless a verb
            # stands between (رئيس الوزراء الإسرائيلي التقى وزير الدفاع يوآف غالانت)
            if not free(a, b) or followed_by_name(b) or any(0 <= x.start - b <= 30 and x.type == "PER"
                                                            and not _is_conjunction_gap(self.folded.text[b:x.start])
                                                            and not self.triggers(b, x.start)
                                                            for x in named):
                continue
            actor = self._earlier_person(a, match.group("nation"), match.group("role"))
            if actor:
                found.append(_Arg(a, b, (actor,), "PER", "role", _clitic(match.group(0))))
        # Both patterns are slow to scan a sentence with and need a word that few sentences have: look
        # for the word first.
        for match in _LATTER.finditer(text) if _LATTER_WORD in text else ():
            a, b = start + match.start(), start + match.end()
            latter = [m for m in self.mentions if self.folded.position[m.end] <= a
                      and self.actors[m.actor_id].type == "PER"]
            if latter and free(a, b):
                found.append(_Arg(a, b, (latter[-1].actor_id,), "PER", "latter", _clitic(match.group(0))))
        for match in _CROWN_PRINCE.finditer(text) if _CROWN_PRINCE_TITLE in text else ():
            a, b = start + match.start(), start + match.end()
            if free(a, b) and not followed_by_name(b):
                actor = self._earlier_person(a, None, _CROWN_PRINCE_TITLE)
                if actor:
                    found.append(_Arg(a, b, (actor,), "PER", "role", _clitic(match.group(0))))
        for match in _PAIR.finditer(text):
            a, b = start + match.start(), start + match.end()
            pair = self._last_participants(a)
            if pair and free(a, b):
                found.append(_Arg(a, b, pair, "GPE" if all(self.actors[p].type == "GPE" for p in pair) else "PER",
                                  "pair"))
        return found

    def _earlier_person(self, before: int, nation: str | None, role: str | None,
                        exclude: frozenset[str] | set[str] = frozenset()) -> str | None:
        """The last person named before folded offset ``before`` whose title matches ``role`` and ``nation``
        (other than those in ``exclude``)."""
        nationality = _nationality(nation) if nation else None
        nation_stem = nationality[0] if nationality else None
        candidates = [m for m in self.mentions if self.folded.position[m.end] <= before
                      and self.actors[m.actor_id].type == "PER"]
        for mention in reversed(candidates):
            if mention.actor_id in exclude:
                continue
            context = self._role_context(mention)
            if _RELATIONAL.search(context.split("  ")[0]):
                continue  # the president in "كبير مستشاري الرئيس بايدن" is not the one referred to
            if nation_stem and not re.search(nation_stem, context):
                continue
            if role and role not in context:
                continue
            return mention.actor_id
        return None

    def _person_titled(self, near: int, title: str, state: str) -> str | None:
        """The person of the article whose title is ``title`` of ``state`` (أمير قطر): the last one named
        before folded offset ``near``, else the first named after it (a headline names him later)."""
        state_names = [_fold_text(n) for n in (self.actors[state].label, *self.actors[state].aliases)]
        stems = [stem for stem, names in _DEMONYMS if any(_fold_text(n) in state_names for n in names)]
        people = [m for m in self.mentions if self.actors[m.actor_id].type == "PER"]
        before = [m for m in people if self.folded.position[m.end] <= near]
        after = [m for m in people if self.folded.position[m.start] > near]
        for mention in [*reversed(before), *after]:
            context = self._role_context(mention)
            if title in context and (any(re.search(stem, context) for stem in stems)
                                     or any(name in context for name in state_names)):
                return mention.actor_id
        return None

    def _last_participants(self, before: int) -> tuple[str, ...]:
        for draft in reversed(self.drafts):
            if draft.trigger < before and len(set(draft.participants)) >= 2:
                return tuple(draft.participants)
        return ()


_STATE_NAMES: dict[int, tuple[Mapping[str, Actor], dict[str, str]]] = {}


def _state_names(actors: Mapping[str, Actor]) -> dict[str, str]:
    """Folded names of the states (GPE actors that stand for no other) -> actor id, built once per actor
    table (a build passes one table for every document)."""
    cached = _STATE_NAMES.get(id(actors))
    if cached is None or cached[0] is not actors:
        table: dict[str, str] = {}
        for actor in sorted(actors.values(), key=lambda a: a.actor_id):
            if actor.type == "GPE" and not actor.metonym_of:
                for name in [actor.label, *actor.aliases]:
                    table.setdefault(_fold_text(name), actor.actor_id)
        _STATE_NAMES.clear()
        _STATE_NAMES[id(actors)] = cached = (actors, table)
    return cached[1]


def _clitic(word: str) -> str:
    return word[0] if word[:1] in "بل" else ""


def _is_conjunction_gap(gap: str) -> bool:
    """Whether the text between two names joins them (و, a dash, a comma list) rather than qualifying one."""
    words = gap.replace("،", " ، ").replace(",", " , ").split()
    for index, word in enumerate(words):
        joins = word in ("و", "-", "–", "—") or set(word) <= set("-–—") \
            or word.startswith("و") and len(word) > 1 and word not in _RADICAL_WAW
        if joins:  # first thing in the gap, or after an apposition: "A، title، وB"
            return index == 0 or words[index - 1] in ("،", ",")
    return False
