"""The rule-based extractor: for each trigger, subject and object by word order and prepositions, the
place, the topic phrase and the evidence, into drafts that :mod:`kg.extract.merge` turns into events.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kg.extract.cues import (
    _CLAUSE_BREAK,
    _PREPOSITION,
    _TOPIC_MARKER,
    _clause_end,
    _clause_start,
)
from kg.extract.dates import _after, _date, _day
from kg.extract.merge import _finalise
from kg.extract.participants import (
    _COUNTERPART,
    _LEADS,
    _PURPOSE_MEETING,
    _TITLE_GAP,
    PARTICIPANT_TYPES,
    _Arg,
    _DocumentReader,
    _Draft,
    _is_conjunction_gap,
)
from kg.extract.status import _status
from kg.extract.text import _END, _START, _fold_text, _pattern
from kg.extract.triggers import _CALLS, _NEGATION, _not_an_event, _TriggerRule
from kg.model import Actor, Document, Evidence, Interaction, Mention, Sentence

# ---------------------------------------------------------------------------------------- extraction


def extract_interactions(document: Document, mentions: list[Mention], actors: Mapping[str, Actor]) -> list[Interaction]:
    """The interactions ``document`` reports, one per real event, sorted by ``event_id``.

    ``mentions`` are the document's mentions with ``actor_id`` set by resolution; ``actors`` maps actor ids
    to actors (for types, metonyms and titles).

    >>> from kg.model import Actor, Document, Mention, Sentence
    >>> text = "التقى الرئيس جو بايدن رئيس الوزراء بنيامين نتنياهو في واشنطن يوم الثلاثاء لبحث الرهائن."
    >>> doc = Document("d1", "d1.txt", text, [Sentence(0, 0, len(text), text)], date="2024-07-26")
    >>> actors = {"joe-biden": Actor("joe-biden", "PER", "جو بايدن", "Joe Biden"),
    ...           "benjamin-netanyahu": Actor("benjamin-netanyahu", "PER", "بنيامين نتنياهو", "Benjamin Netanyahu"),
    ...           "washington": Actor("washington", "GPE", "واشنطن", "Washington")}
    >>> def at(name, actor, kind):
    ...     start = text.index(name)
    ...     return Mention("d1", 0, start, start + len(name), name, kind, "dictionary", actor_id=actor)
    >>> mentions = [at("جو بايدن", "joe-biden", "PER"), at("بنيامين نتنياهو", "benjamin-netanyahu", "PER"),
    ...             at("واشنطن", "washington", "GPE")]
    >>> [(e.type, e.participants, e.date, e.place, e.topics) for e in extract_interactions(doc, mentions, actors)]
    [('meeting', ['joe-biden', 'benjamin-netanyahu'], '2024-07-23', 'washington', ['hostages'])]
    """
    reader = _DocumentReader(document, mentions, actors)
    read_drafts(reader)
    return _finalise(reader)


def read_drafts(reader: _DocumentReader) -> list[_Draft]:
    """Read every sentence of the reader's document with the rules, in order, into ``reader.drafts`` (a
    later sentence may refer back to an earlier event); return them."""
    for sentence in reader.document.sentences:
        if not reader._skipped(sentence):
            reader.drafts.extend(_read_sentence(reader, sentence))
    return reader.drafts


def _read_sentence(reader: _DocumentReader, sentence: Sentence) -> list[_Draft]:
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    if not reader.trigger_offsets(s_start, s_end) and not _LEADS.search(text, s_start, s_end):
        return []  # no event and no team leader (most sentences): no need to find the participants
    args = reader.args(sentence)
    drafts: list[_Draft] = []
    triggers = reader.triggers(s_start, s_end, args)
    for index, (t_start, t_end, rule) in enumerate(triggers):
        if _not_an_event(text, t_start, t_end) or _NEGATION.search(text, max(s_start, t_start - 6), t_start):
            continue  # البقاء على اتصال; لن يلتقي، لم يزر
        left = _clause_start(text, s_start, t_start)
        if rule.kind == "discuss" and any(x[0] >= left and x[2].kind != "discuss" for x in triggers[:index]):
            continue  # "the meeting discussed ...": the topic of the meeting found before, not an event of its own
        draft = _read_trigger(reader, sentence, args, rule, t_start, t_end, left, drafts)
        if draft is not None:
            drafts.append(draft)
            continue
        discussion = next((d for d in drafts if d.generic), None)
        if rule.kind == "noun" and discussion is not None and rule.type in ("call", "meeting", "negotiation"):
            # بحث X مع Y، خلال اتصال هاتفي، ...: the discussion took place during a call
            discussion.type, discussion.generic, discussion.rule = rule.type, False, discussion.rule + "+" + rule.name
            discussion.evidence[-1] = _evidence(reader, sentence, discussion)
        elif rule.kind != "verb":
            _refer_back(reader, sentence, rule, t_start, t_end)
    if not drafts:
        _attach_leaders(reader, sentence, args)
    return drafts


#: Families an event noun without participants may refer back to ("the meeting lasted an hour").
_ANAPHORA_FAMILIES = {"meeting": ("meeting",), "call": ("call",), "visit": ("visit",), "negotiation": ("meeting",),
                      "statement": ("statement",), "armed-exchange": ("armed-exchange",)}


def _refer_back(reader: _DocumentReader, sentence: Sentence, rule: _TriggerRule, t_start: int, t_end: int) -> None:
    """A definite event noun with no participants of its own (الاجتماع، المكالمة، المحادثة) reports the last
    event of its family: it adds evidence and topics (never a date or place, which may belong to another
    event the sentence mentions)."""
    word = reader.folded.text[t_start:t_end]
    if not re.match(r"(?:[وفبل])?(?:ال|لل)", word) or _CALLS in word:
        return
    families = ("meeting", "call") if rule.kind == "discuss" else _ANAPHORA_FAMILIES.get(rule.type, ())
    vocabulary = reader.vocabulary.types
    target = next((d for d in reversed(reader.drafts) if vocabulary[d.type].family in families), None)
    if target is None or target.sentence == sentence.index:
        return
    phrase = _topic_phrase(reader, sentence, t_end, rule)
    if phrase:
        target.topic_phrases.append(phrase)
    target.evidence.append(Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end,
                                    sentence.text, "refers-back", 0.5))


def _attach_leaders(reader: _DocumentReader, sentence: Sentence, args: list[_Arg]) -> None:
    """ترأس الفريق الأمريكي X و Y / الفريق الإسرائيلي ترأسه Z: the leaders of a team take part in the
    meeting being reported (the last meeting of the document)."""
    text = reader.folded.text
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    leads = _LEADS.search(text, s_start, s_end)
    if not leads or not any(a.source == "side" for a in args):
        return
    leaders = [a.actors[0] for a in args if a.type == "PER" and a.source == "mention"
               and a.start >= min(leads.start(), min(x.start for x in args if x.source == "side"))]
    target = next((d for d in reversed(reader.drafts)
                   if reader.vocabulary.types[d.type].family == "meeting"), None)
    if not leaders or target is None:
        return
    target.participants.extend(a for a in leaders if a not in target.participants)
    target.evidence.append(Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end,
                                    sentence.text, "team-leader", 0.75))


_ADDITION = re.compile(r"\s*،?\s*(?:[وف])?(?:ب)?(?:ال)?" + _pattern("إضافة إلى", "اضافة الى", "فضلا عن") + r"\s")


def _joined(gap: str) -> bool:
    """Whether two participants with ``gap`` between them are coordinated (A و B، C ــ D، A، إضافة إلى B)."""
    addition = _ADDITION.match(gap)
    if addition:
        gap = " و " + gap[addition.end():]
    return len(gap.split()) <= 7 and _is_conjunction_gap(gap) and not _PREPOSITION.search(gap) \
        and not _CLAUSE_BREAK.search(gap)


def _chain(args: list[_Arg], first: int, text: str, limit: int) -> list[_Arg]:
    """``args[first]`` and the participants coordinated with it before ``limit``."""
    chain = [args[first]]
    for arg in args[first + 1:]:
        if arg.start >= limit or arg.type == "LOC" or not _joined(text[chain[-1].end:arg.start]):
            break
        chain.append(arg)
    return chain


def _chain_back(args: list[_Arg], last: int, text: str, limit: int) -> list[_Arg]:
    chain = [args[last]]
    for arg in reversed(args[:last]):
        if arg.end <= limit or arg.type == "LOC" or not _joined(text[arg.end:chain[0].start]):
            break
        chain.insert(0, arg)
    return chain


def _actors_of(args: Iterable[_Arg]) -> list[str]:
    return [actor for arg in args for actor in arg.actors]


_SUPPORT_VERB = re.compile(_START + r"(?:[وف])?(?:قد\s+)?(?:س)?" + _pattern(
    "أجرى", "أجرت", "أجريا", "يجري", "تجري", "عقد", "عقدت", "عقدا", "يعقد", "تعقد", "تلقى", "تلقت", "يتلقى",
    "أصدر", "أصدرت", "أصدرا", "أجروا", "عقدوا", "بدأ", "بدأت", "خاض", "خاضت", "تبادل", "تبادلت", "تبادلا",
    "صدر عن", "أجرتا", "عقدتا", "ألغى", "ألغت", "أرجأ", "أرجأت", "أجل", "أجلت", "قام", "قامت") + _END)
#: After an event noun, the words that introduce everyone taking part: اجتماع بين X و Y، لقاء ضم A وB وC.
_CANCEL_SUPPORT = re.compile(r"\s*(?:[وف])?" + _pattern("ألغى", "ألغت", "أرجأ", "أرجأت", "أجل", "أجلت"))
_BETWEEN = re.compile(r"(?:\s+\S+){0,3}?\s+(?:[وف])?(?:" + _pattern("بين", "ضم", "جمع", "شارك فيه", "حضره") + r")\s")
_RECEIVED = re.compile(_pattern("تلقى", "تلقت", "يتلقى", "تتلقى"))


#: A time or place phrase set off by commas (، اليوم الجمعة في بكين،): its names are neither subject nor object.
_ASIDE = re.compile(r"،\s*(?:[وف])?(?:" + _pattern("اليوم", "أمس", "مساء", "صباح", "ظهر", "ليلة", "يوم", "الأسبوع",
                                                  "الشهر", "خلال", "في", "عبر", "منذ", "قبل", "بعد", "غدا")
                    + r")" + _END + r"[^،.؟!:]{0,80}،")
#: After an event noun, the words that list its participants further on (وتجمع A وB، بمشاركة A وB، التي دعا إليها X).
_LIST_MARKER = re.compile(_START + r"(?:[وف])?(?:" + _pattern(
    "بمشاركة", "بحضور", "تجمع", "يجمع", "جمعت", "تضم", "يضم", "ضمت", "دعا إليها", "دعت إليها", "يستضيفها",
    "تستضيفها", "استضافها") + r")\s")
#: After an event noun, the words that introduce who did it (زيارة قام بها X).
_DONE_BY = re.compile(r"\s+(?:\S+\s+){0,2}?" + _pattern("قام بها", "قام به", "قامت بها", "يقوم بها", "تقوم بها",
                                                           "أجراها", "أجرتها") + r"\s")
#: An invitation before a visit noun (دعوة لزيارة طهران): the visit is planned and the invitee is the visitor.
_INVITATION = re.compile(_START + r"(?:[وف])?(?:ال)?(?P<word>" + _pattern("دعوة", "دعوات", "دعا", "دعاه", "دعاها",
                                                                        "دعت", "يدعو", "تدعو") + r")" + _END)
_INVITER = re.compile(_START + _pattern("من") + r"\s+(?:\S+\s+){0,5}$")


def _mask_asides(text: str, start: int, end: int, keep: int) -> str:
    """``text`` with the comma-set time and place phrases of ``[start, end)`` blanked (same length), except
    the one holding offset ``keep`` (the trigger)."""
    for match in _ASIDE.finditer(text, start, end):
        if not match.start() <= keep < match.end():
            text = text[:match.start()] + " " * (match.end() - match.start()) + text[match.end():]
    return text


def _is_place_arg(reader: _DocumentReader, text: str, arg: _Arg) -> bool:
    """A place named after في, or a city glued to ب (اجتمع ... ببيروت): where, not who."""
    if arg.type not in ("GPE", "LOC") or arg.source != "mention":
        return False
    city = reader.actors[arg.actors[0]].metonym_of is not None or arg.type == "LOC"
    return bool(re.search(_START + r"(?:[وف])?" + _pattern("في") + r"\s+$", text[max(0, arg.start - 5):arg.start])) \
        or arg.prefix == "ب" and city


def _without_role(reader: _DocumentReader, gap: str, arg: _Arg) -> str:
    """``gap`` (the text before ``arg``) without the title the recogniser read for that person (الرئيس
    السوري في المرحلة الانتقالية): a title may hold prepositions that do not separate a verb from its object."""
    role = reader.roles.get(arg.start)
    folded = _fold_text(role) if role else ""
    stripped = gap.rstrip()
    return stripped[:-len(folded)] if folded and stripped.endswith(folded) else gap


def _listed(participants: list[_Arg], text: str, t_end: int, limit: int) -> list[_Arg]:
    """The participants an event noun lists further on in its sentence (القمة التي ... وتجمع A وB)."""
    marker = _LIST_MARKER.search(text, t_end, limit)
    if marker is None:
        return []
    first = next((i for i, a in enumerate(participants) if a.start >= marker.end() - 1), None)
    if first is None or participants[first].start >= limit or not _is_subject_gap(
            text[marker.end():participants[first].start]):
        return []
    return _chain(participants, first, text, limit)


def _invitee(participants: list[_Arg], text: str, invitation: re.Match, left: int, t_start: int) -> _Arg | None:
    """Who is invited to visit: the receiver of the invitation (تلقى X دعوة), else the person it is addressed
    to (دعوة إلى X، دعا A B إلى زيارة)."""
    people = [a for a in participants if a.type == "PER"]
    received = None
    for match in _RECEIVED.finditer(text, left, invitation.start()):
        received = match
    if received is not None:
        between = [a for a in people if received.end() <= a.start < invitation.start()]
        earlier = [a for a in people if left <= a.start and a.end <= received.start()]
        return (between or earlier[-1:] or [None])[0]
    addressed = [a for a in people if invitation.end() <= a.start < t_start
                 and not _INVITER.search(text, invitation.end(), a.start)]
    verb = not _fold_text(invitation.group("word")).startswith(_fold_text("دعو"))
    inviter_before = any(left <= a.start and a.end <= invitation.start() for a in people)
    if verb and not inviter_before and len(addressed) >= 2:
        return addressed[1]  # دعا A B إلى زيارة: A invites B
    return addressed[0] if addressed else None


def _read_trigger(reader: _DocumentReader, sentence: Sentence, args: list[_Arg], rule: _TriggerRule,
                  t_start: int, t_end: int, left: int, earlier: list[_Draft]) -> _Draft | None:
    s_start, s_end = reader.folded.position[sentence.start], reader.folded.position[sentence.end]
    text = _mask_asides(reader.folded.text, s_start, s_end, t_start)
    right = _clause_end(text, t_end, s_end)
    participants = [a for a in args if a.type in PARTICIPANT_TYPES and not text[a.start:a.end].isspace()]
    # a name glued to ب or ل (لإسرائيل، بنظيره) is an object or destination, never the subject
    before = [i for i, a in enumerate(participants)
              if left <= a.start and a.end <= t_start and a.prefix not in ("ب", "ل")
              and not _is_place_arg(reader, text, a)]
    after = [i for i, a in enumerate(participants) if t_end <= a.start < right]
    trigger_word = text[t_start:t_end].split()[0]
    # the pronoun suffix is read on the original spelling: folding makes زيارة end in ه like زيارته
    written = reader.document.text[reader.folded.origin[t_start]:reader.folded.origin[t_end]].split()[0]
    suffix = re.search(r"(?:هما|هم|ها|ه)$", written)
    suffix = suffix.group() if suffix and not written.endswith("ـه") else ""
    subject: list[_Arg] = []
    objects: list[_Arg] = []
    initiator_is_object = False
    rule_name = rule.name

    # "بين X و Y" right after the trigger (its adjectives allowed): every listed actor takes part.
    between = _BETWEEN.match(text, t_end)
    if between and rule.kind != "verb":
        first = next((i for i in after if participants[i].start >= between.end() - 1), None)
        if first is not None and (participants[first].start - between.end() < 12
                                  or _is_subject_gap(text[between.end():participants[first].start])):
            subject = _chain(participants, first, text, right)
            rule_name += "+between"
    listed: list[_Arg] = []
    if rule.kind == "noun" and not subject:
        next_trigger = min([a for a, _, _ in reader.triggers(t_end, s_end, args)] + [s_end])
        listed = _listed(participants, text, t_end, next_trigger)
    invitation = _INVITATION.search(text, max(left, t_start - 60), t_start) if rule.type == "visit" else None
    if invitation is not None:
        visitor = _invitee(participants, text, invitation, left, t_start)
        subject = [visitor] if visitor else []
        rule_name += "+invitation"
    done_by = _DONE_BY.match(text, t_end) if rule.kind == "noun" and not subject else None
    if done_by:
        first = next((i for i in after if participants[i].start >= done_by.end() - 1), None)
        if first is not None and _is_subject_gap(text[done_by.end():participants[first].start]):
            subject = _chain(participants, first, text, right)
    if not subject and not invitation and rule.kind == "noun":
        support = None
        for match in _SUPPORT_VERB.finditer(text, left, t_start):
            support = match
        if support is not None:
            # the noun must be the support verb's object (أجرى X اتصالا), not further away (أصدروا بيانا
            # دعوا فيه إلى استئناف المفاوضات)
            last = max([support.end()] + [a.end for a in participants if support.end() <= a.start < t_start])
            last = _past_place_aside(text, last, t_start)
            if len(text[last:t_start].split()) > 3 or _PREPOSITION.search(text, last, t_start) \
                    or _CLAUSE_BREAK.search(text, last, t_start):
                support = None
        genitive = [i for i in after if participants[i].start - t_end <= 3 and participants[i].prefix == ""]
        if support is not None and _CANCEL_SUPPORT.match(support.group(0)) and genitive:
            subject = _chain(participants, genitive[0], text, right)  # ألغى X زيارة وفد إسرائيلي: the delegation visits
        elif support is not None:
            inside = [i for i in before if participants[i].start >= support.end()]
            if inside:
                subject = _chain(participants, inside[0], text, t_start)
            elif before and len(text[participants[before[-1]].end:support.start()].split()) <= 8:
                subject = _chain_back(participants, before[-1], text, left)
            initiator_is_object = bool(_RECEIVED.search(support.group(0)))
        elif rule.type == "call" and not suffix and _DURING.search(text, max(left, t_start - 12), t_start) \
                and before and participants[before[-1]].type == "PER" and not any(d.generic for d in earlier):
            # عبر X في اتصال هاتفي مع Y عن ...: the clause's subject made the call (after بحث X مع Y the
            # call is where that discussion took place: _read_sentence retypes the discussion)
            subject = _chain_back(participants, before[-1], text, left)
        elif suffix in ("هم", "هما"):  # محادثتهم الهاتفية: the two people just named
            people = [participants[i] for i in before if participants[i].type == "PER"]
            if len(people) >= 2:
                subject = people[-2:]
        elif suffix in ("ه", "ها"):
            # لقائه: the owner is the person named last in this clause, else the last one before it
            in_clause = [a for a in participants if left <= a.start and a.end <= t_start and a.type == "PER"]
            owner = in_clause[-1].actors[0] if in_clause else reader._earlier_person(t_start, None, None)
            if owner:
                subject = [_Arg(t_start, t_start, (owner,), "PER", "pronoun")]
        genitive_gap = text[t_end:participants[after[0]].start] if after else ""
        if not subject and after and participants[after[0]].prefix == "" and (
                participants[after[0]].start - t_end <= 3 or _TITLE_GAP.fullmatch(genitive_gap)
                or rule.type == "visit" and participants[after[0]].type == "PER" and _is_subject_gap(genitive_gap)):
            # اتصالات غالانت ــ أوستن, اجتماع جنيف, زيارة رئيس الوزراء الباكستاني نواز شريف إلى بيلاروسيا
            subject = _chain(participants, after[0], text, right)
        if not subject and rule.type in ("statement", "armed-exchange") and before:
            subject = _chain_back(participants, before[-1], text, left)
    elif not subject and not invitation:
        gap_before = text[participants[before[-1]].end:t_start] if before else ""
        svo = before and participants[before[-1]].prefix not in ("ب", "ل") and (
            len(gap_before.split()) <= 1 or re.fullmatch(r"\s*،[^،]*،\s*", gap_before))
        shared = trigger_word.startswith("و") and earlier and earlier[-1].participants
        vso = not svo and not shared and after and after and _is_subject_gap(text[t_end:participants[after[0]].start]) \
            and participants[after[0]].prefix == ""
        main = [a for a in participants if s_start <= a.start and a.end <= left and a.type == "PER"
                and a.prefix not in ("ب", "ل")]
        if svo and suffix and earlier and earlier[-1].sentence == sentence.index \
                and participants[before[-1]].actors[0] in earlier[-1].participants[1:]:
            # أجرى X اتصالا بـY، حذره فيه: the object of the last clause is the object here too
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif not before and main and re.search(_pattern("حيث") + r"\s*$", text[max(s_start, left - 8):left]) \
                and len(text[left:t_start].split()) <= 1:
            subject = main[-1:]  # وانتقل X إلى ...، حيث التقى Y: the subject of the main clause
        elif shared:  # أجرى أوستن اتصالا بغالانت، وحذره: the coordinated verb shares the subject
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif vso:
            subject = _chain(participants, after[0], text, right)
        elif before and len(gap_before.split()) <= 8:
            subject = _chain_back(participants, before[-1], text, left)
        elif re.match(r"\s*(?:[وفبل])?ال", text[t_end:t_end + 8]):
            pass  # a subject the recogniser does not know follows the verb (حذر الزعيمان): no guessing
        elif earlier and earlier[-1].participants:
            subject = [_Arg(t_start, t_start, (earlier[-1].participants[0],), "PER", "pronoun")]
        elif rule.kind == "verb":
            owner = reader._earlier_person(t_start, None, None)
            if owner:
                subject = [_Arg(t_start, t_start, (owner,), "PER", "pronoun")]
    if not subject and re.search(_pattern("أنه", "بأنه", "إنه") + r"\s*$", text[max(0, left - 8):left]):
        speaker = [a for a in participants if a.end <= left and a.type == "PER"
                   and a.start >= reader.folded.position[sentence.start]]
        if speaker:  # صرح أوستن بأنه حث ...: the speaker did it
            subject = [speaker[-1]]
    taken = {id(a) for a in subject}
    anchor = max([a.end for a in subject if a.start >= t_end] or [t_end])
    rest = [i for i in after if id(participants[i]) not in taken and participants[i].start >= anchor]
    said = set(_actors_of(subject))
    while rest and (set(participants[rest[0]].actors) <= said or rule.type in ("meeting", "negotiation", "visit", "host-visit")
                    and _is_place_arg(reader, text, participants[rest[0]])
                    and len(text[anchor:participants[rest[0]].start].split()) <= 3):
        # the subject named again after its title (نائب الرئيس اليمني رئيس مجلس الوزراء خالد بحاح), or the place
        # (استقبل X في رام الله الأسبوع الماضي Y): then the guest
        anchor = participants[rest[0]].end
        rest = rest[1:]
    if listed:
        if subject:
            objects = [a for a in listed if id(a) not in taken]
        else:
            subject = listed
        rule_name += "+list"
    elif invitation is not None:
        pass  # the host is the destination (دعوة لزيارة طهران), never the inviter
    elif rest and not between:
        first = participants[rest[0]]
        gap = text[anchor:first.start]
        received = _RECEIVED.search(text[left:t_start]) and re.search(_pattern("من") + r"\s+(?:\S+\s+){0,6}$", gap)
        with_marker = re.search(_START + _pattern("مع") + r"\s+(?:\S+\s+){0,8}$", gap) or first.prefix == "ب" \
            or rule.kind == "noun" and first.prefix == "ل" and first.type == "PER" \
            or re.search(r"(?:^|\s)" + _OBJECT_TITLE + r"(?:\s+\S+){0,4}\s*$", gap)
        untitled = _without_role(reader, gap, first)
        direct = (rule.kind in ("verb", "discuss") or suffix in ("ه", "ها")) and len(untitled.split()) <= 6 \
            and not _PREPOSITION.search(untitled)
        if rule.type == "host-visit" and first.type != "PER":
            # a body before the guest is the guest's title (محافظ الهيئة السعودية للمواصفات ... سعد القصبي):
            # the guests start at the first person, when one follows in the clause
            rest = next((rest[k:] for k, i in enumerate(rest) if participants[i].type == "PER"
                         and participants[i].start < right), rest)
            first = participants[rest[0]]
            gap = text[anchor:first.start]
        if with_marker or direct or received or _reception_guest(rule, subject, gap):
            objects = _chain(participants, rest[0], text, right)
            initiator_is_object = initiator_is_object or bool(received)
    if not objects and suffix and rule.kind == "verb" and subject:
        other = _other_person(reader, t_start, set(_actors_of(subject)))
        if other:
            objects = [_Arg(t_start, t_end, (other,), "PER", "pronoun")]
    place, destination = _place(reader, args, rule, t_start, t_end, s_end, subject)
    if rule.type in ("visit", "host-visit"):
        objects = [a for a in objects if a.actors != (destination,)]
        # whom the visitor met is told before the next visit in the sentence (استقبال X لـY بعد زيارة ...)
        visit_end = min([a for a, b, r in reader.triggers(t_end, s_end, args)
                         if r.type in ("visit", "host-visit") and not re.search(r"ت(?:ه|ها)$", text[a:b])] + [s_end])
        objects += _met(participants, text, t_end, visit_end, subject + objects)
    subject_actors = _states(reader, _actors_of(subject))
    object_actors = _states(reader, _actors_of(objects))
    actors = list(dict.fromkeys(subject_actors + object_actors))
    if rule.type == "visit" and len(actors) == 1 and destination is not None:
        host = reader._state_of(destination)
        if reader.actors[host].type == "GPE" and host not in actors:
            actors.append(host)
    # a verb done to someone needs that someone; two people calling each other (تحدثا هاتفيا) do not
    directed = rule.kind == "verb" and (rule.type in ("visit", "host-visit", "urge", "warn", "demand")
                                        or rule.type == "call" and len(subject_actors) < 2)
    if len(actors) < 2 or not subject_actors or directed and not (object_actors or destination):
        # no one did it, or a verb with no one it was done to (حذر X وY من الحرب: a joint warning)
        return None
    status = _status(text, left, t_end, right, trigger_word)
    if invitation is not None and status == "held":
        status = "planned"
    initiator = None
    if rule.type in ("call", "visit", "urge", "warn", "demand", "host-visit") and subject_actors and object_actors:
        initiator = object_actors[0] if initiator_is_object or rule.type == "host-visit" else subject_actors[0]
    elif invitation is not None:
        initiator = subject_actors[0]  # the invitee will visit
    draft = _Draft(rule.type, rule_name, status, sentence.index, t_start, actors, initiator)
    draft.generic = rule.kind == "discuss"
    draft.sides_only = all(a.source == "side" for a in subject + objects)
    draft.place = place
    references = {a.source for a in subject + objects} - {"mention"}
    draft.confidence = 0.6 if draft.generic else 0.75 if references else 0.9
    draft.date = _date(reader, sentence, t_start, status == "planned")
    reference = reader.document.date
    if status == "held" and draft.date and _day(reference) and _after(draft.date.iso, _day(reference)):
        draft.status = "planned"  # يزور ماكرون القاهرة الأسبوع المقبل
    phrase = _topic_phrase(reader, sentence, max([t_end] + [a.end for a in subject + objects if a.start >= t_end])
                           if rule.name == "discuss-verb" else t_end, rule)
    if phrase:
        draft.topic_phrases.append(phrase)
    draft.evidence.append(_evidence(reader, sentence, draft))
    return draft


#: "during" before an event noun: في اتصال هاتفي، خلال اتصال هاتفي.
_DURING = re.compile(_START + r"(?:[وف])?" + _pattern("في", "خلال", "عبر") + r"\s+$")
#: Where the place of an event, set off before its noun, begins: في قصر العوجا، (the time aside after it is
#: blanked by _mask_asides).
_PLACE_ASIDE = re.compile(r"\s*(?:[وف])?" + _pattern("في") + r"\s+(?:\S+\s){1,3}?(?:\s*،|\s{2,})")


def _past_place_aside(text: str, start: int, end: int) -> int:
    """``start`` moved past a place phrase set off by a comma or a blanked aside (عقد X في قصر العوجا، اليوم
    الخميس، جلسة مباحثات): what follows is the support verb's object."""
    aside = _PLACE_ASIDE.match(text, start, end)
    return aside.end() if aside else start


def _reception_guest(rule: _TriggerRule, subject: list[_Arg], gap: str) -> bool:
    """استقبل X، أمير منطقة الرياض، في مكتبه بقصر الحكم أمس، محافظ الهيئة ... Y (or التقى X ... Y): after a
    reception or meeting verb and its subject, the guest comes after the subject's title and the place and
    time of the encounter, however long, as long as no clause or topic begins in between (the royal-court
    reception of the Saudi press)."""
    return rule.type in ("host-visit", "meeting") and rule.kind == "verb" and bool(subject) \
        and len(gap.split()) <= 20 and not _CLAUSE_BREAK.search(gap) and not _TOPIC_MARKER.search(gap)


def _is_subject_gap(gap: str) -> bool:
    """Whether the words between a verb and a name are a title (VSO subject), not a preposition or clause."""
    words = gap.split()
    return len(words) <= 6 and not _PREPOSITION.search(gap) and not _CLAUSE_BREAK.search(gap) \
        and not any(_TOPIC_MARKER.match(w) for w in words) \
        and not re.search(r"(?:^|\s)" + _OBJECT_TITLE, gap) and not _COUNTERPART.search(gap) \
        and not re.search(_START + _pattern("بين") + _END, gap)


#: A title glued to ب or ل: what follows is an object (اتصلت بوزير الدفاع ..., للرئيس بايدن).
_OBJECT_TITLE = r"(?:ب|بال|لل)(?:وزير|نظير|رييس|مستشار|قايد|مبعوث|زعيم|امين|ملك|امير|سفير)\S*"


def _other_person(reader: _DocumentReader, before: int, exclude: set[str]) -> str | None:
    for mention in reversed(reader.mentions):
        if reader.folded.position[mention.end] <= before and reader.actors[mention.actor_id].type == "PER" \
                and mention.actor_id not in exclude:
            return mention.actor_id
    return None


def _states(reader: _DocumentReader, actor_ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(reader._state_of(a) for a in actor_ids))


def _met(participants: list[_Arg], text: str, t_end: int, s_end: int, taken: list[_Arg]) -> list[_Arg]:
    """People a visitor met: named after مع، للقاء، لإقناع، عبر in the rest of the sentence."""
    used = {id(a) for a in taken}
    met: list[_Arg] = []
    for marker in _PURPOSE_MEETING.finditer(text, t_end, s_end):
        first = next((i for i, a in enumerate(participants) if a.start >= marker.end() and a.type == "PER"), None)
        if first is None or participants[first].start - marker.end() > 60 \
                or _CLAUSE_BREAK.search(text, marker.end(), participants[first].start):
            continue
        met.extend(a for a in _chain(participants, first, text, s_end) if id(a) not in used and a not in met)
    return met


_BECAUSE = _fold_text("بسبب")


def _place(reader: _DocumentReader, args: list[_Arg], rule: _TriggerRule, t_start: int, t_end: int, s_end: int,
           taken: list[_Arg]) -> tuple[str | None, str | None]:
    """The place of a meeting or visit and, for a visit, its destination: the first GPE/LOC after في، إلى، لدى،
    لـ (or the object of زار, or a genitive: اجتماع جنيف), or an organisation's seat after في (في البيت الأبيض),
    close after the trigger or its participants and before the topic; else "في X" just before the trigger
    (عقد في القاهرة اجتماع)."""
    if rule.type not in ("meeting", "negotiation", "visit", "host-visit"):
        return None, None
    text = reader.folded.text
    topic = _TOPIC_MARKER.search(text, t_end, s_end)
    limit = topic.start() if topic else s_end
    used = {id(a) for a in taken}
    anchor = t_end
    for arg in args:
        if arg.start < t_end or arg.start >= limit:
            continue
        gap = text[anchor:arg.start].replace("،", " ، ").split()
        purpose = any(len(w) > 2 and w.startswith("ل") and not w.startswith("لد") and (i == 0 or gap[i - 1] == "،")
                      or w == _BECAUSE for i, w in enumerate(gap))
        if len([w for w in gap if w != "،"]) > 6 or purpose:
            break  # too far from the event, or in a purpose clause (، لتجنب الحرب في غزة): not its place
        if id(arg) not in used and arg.source == "mention":
            before = text[t_end:arg.start]
            marker = re.search(r"(?:" + _pattern("في", "إلى", "الى", "لدى") + r"\s+|[بل]|" + _pattern("ل")
                               + r"\s*)$", before)
            genitive = not before.split()
            direct = rule.kind == "verb" and rule.type == "visit" and len(text[anchor:arg.start].split()) <= 6 \
                and not _PREPOSITION.search(text, anchor, arg.start)
            if arg.type in ("GPE", "LOC") and (marker or genitive or direct) \
                    or arg.type == "ORG" and re.search(_START + _pattern("في") + r"\s+$", before):
                return arg.actors[0], arg.actors[0] if rule.type in ("visit", "host-visit") else None
        anchor = arg.end
    preceding = [a for a in args if a.source == "mention" and a.type in ("GPE", "LOC") and a.end <= t_start
                 and re.search(_START + _pattern("في") + r"\s+$", text[max(0, a.start - 4):a.start])
                 and len(text[a.end:t_start].split()) <= 1 and "،" not in text[a.end:t_start]]
    return (preceding[-1].actors[0], None) if preceding else (None, None)


def _topic_phrase(reader: _DocumentReader, sentence: Sentence, t_end: int, rule: _TriggerRule) -> str | None:
    """The phrase after the topic marker following the trigger, as written, up to the clause end."""
    text = reader.folded.text
    s_end = reader.folded.position[sentence.end]
    if rule.name == "discuss-verb":
        start = t_end
        aside = re.match(r"\s*،\s*(?:" + _pattern("خلال", "في", "عبر", "يوم", "مساء", "أمس", "اليوم") + r")[^،]*،",
                         text[t_end:s_end])
        if aside:
            start += aside.end()
    else:
        marker = _TOPIC_MARKER.search(text, t_end, s_end)
        if not marker or _CLAUSE_BREAK.search(text, t_end, marker.start()):
            return None
        start = marker.end()
    stop = re.compile(r"[،,.:؟?!]|" + _START + _pattern("وفقا", "بحسب", "حسب") + _END)
    end_match = stop.search(text, start, s_end)
    end = end_match.start() if end_match else s_end
    original = reader.document.text[reader.folded.origin[start]:reader.folded.origin[end]].strip(" \"“”«»()")
    original = re.sub(r"^(?:(?:أيضا|أيضًا|ايضا|خلاله|خلالها|خلالهما)\s+)+", "", original).strip(" \"“”«»()")
    return " ".join(original.split()[:20]) or None


def _evidence(reader: _DocumentReader, sentence: Sentence, draft: _Draft) -> Evidence:
    return Evidence(reader.document.doc_id, sentence.index, sentence.start, sentence.end, sentence.text,
                    draft.rule, draft.confidence)
