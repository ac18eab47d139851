"""Interaction extraction: each construction on seed sentences and on sentences that are not in the seeds.

Unit tests build mentions by hand (every occurrence of a listed name), so they test extraction, not NER;
sentences come from the real sentence splitter and dates from the real date finder.
"""

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.evaluate import score_interactions
from kg.extract import (
    VOCABULARY_PATH,
    event_id,
    extract_interactions,
    load_vocabulary,
    merge_interactions,
    resolve_relative_date,
)
from kg.model import Actor, Document, Interaction, Mention, SourceText
from kg.normalise import clean_document, split_sentences
from kg.vocab import ITYPE, TOPIC

GOLD = Path(__file__).parent / "gold" / "interactions.json"

#: A small actor table: id -> (type, Arabic spellings, metonym_of).
ACTORS = {
    "jake-sullivan": ("PER", ["جيك سوليفان", "جايك ساليفان", "ساليفان", "سوليفان"], None),
    "amos-hochstein": ("PER", ["أموس هوكشتين", "أموس هوكشتاين", "هوكشتين"], None),
    "ron-dermer": ("PER", ["رون ديرمر", "ديرمر"], None),
    "joe-biden": ("PER", ["جو بايدن", "بايدن"], None),
    "benjamin-netanyahu": ("PER", ["بنيامين نتنياهو", "نتنياهو"], None),
    "lloyd-austin": ("PER", ["لويد أوستن", "أوستن"], None),
    "yoav-gallant": ("PER", ["يوآف غالانت", "غالانت"], None),
    "antony-blinken": ("PER", ["أنتوني بلينكن", "بلينكن"], None),
    "wang-yi": ("PER", ["وانغ يي"], None),
    "sameh-shoukry": ("PER", ["سامح شكري", "شكري"], None),
    "ayman-safadi": ("PER", ["أيمن الصفدي", "الصفدي"], None),
    "abdullah-ii": ("PER", ["الملك عبد الله الثاني"], None),
    "emmanuel-macron": ("PER", ["إيمانويل ماكرون", "ماكرون"], None),
    "olaf-scholz": ("PER", ["أولاف شولتس", "شولتس"], None),
    "keir-starmer": ("PER", ["كير ستارمر", "ستارمر"], None),
    "nabih-berri": ("PER", ["نبيه بري"], None),
    "esmail-qaani": ("PER", ["إسماعيل قآني"], None),
    "hassan-nasrallah": ("PER", ["حسن نصرالله", "نصرالله"], None),
    "najib-mikati": ("PER", ["نجيب ميقاتي", "ميقاتي"], None),
    "jeanine-hennis-plasschaert": ("PER", ["جينين هينيس-بلاسخارت"], None),
    "aroldo-lazaro": ("PER", ["أرولدو لاثارو"], None),
    "naim-qassem": ("PER", ["نعيم قاسم"], None),
    "tamim-bin-hamad-al-thani": ("PER", ["الشيخ تميم بن حمد آل ثاني"], None),
    "mohammed-bin-abdulrahman-al-thani": ("PER", ["محمد بن عبد الرحمن آل ثاني"], None),
    "ismail-haniyeh": ("PER", ["إسماعيل هنية"], None),
    "abdel-fattah-el-sisi": ("PER", ["عبد الفتاح السيسي", "السيسي"], None),
    "white-house": ("ORG", ["البيت الأبيض"], None),
    "united-nations": ("ORG", ["الأمم المتحدة"], None),
    "israel-defense-forces": ("ORG", ["الجيش الإسرائيلي"], None),
    "egypt": ("GPE", ["مصر"], None),
    "qatar": ("GPE", ["قطر"], None),
    "doha": ("GPE", ["الدوحة"], "qatar"),
    "hezbollah": ("ORG", ["حزب الله"], None),
    "hamas": ("ORG", ["حماس"], None),
    "united-states": ("GPE", ["الولايات المتحدة"], None),
    "israel": ("GPE", ["إسرائيل"], None),
    "iran": ("GPE", ["إيران"], None),
    "china": ("GPE", ["الصين"], None),
    "lebanon": ("GPE", ["لبنان"], None),
    "washington": ("GPE", ["واشنطن"], "united-states"),
    "tehran": ("GPE", ["طهران"], "iran"),
    "beirut": ("GPE", ["بيروت"], "lebanon"),
    "beijing": ("GPE", ["بكين"], "china"),
    "amman": ("GPE", ["عمان"], None),
    "geneva": ("GPE", ["جنيف"], None),
    "cairo": ("GPE", ["القاهرة"], None),
    "faisal-bin-bandar": ("PER", ["فيصل بن بندر بن عبدالعزيز"], None),
    "saad-al-qasabi": ("PER", ["سعد بن عثمان القصبي"], None),
    "saso": ("ORG", ["الهيئة السعودية للمواصفات والمقاييس والجودة"], None),
    "council-of-ministers": ("ORG", ["مجلس الوزراء"], None),
    "us-national-security": ("ORG", ["الأمن القومي الأمريكي"], None),
    "salman-bin-abdulaziz": ("PER", ["الملك سلمان بن عبدالعزيز"], None),
    "nawaz-sharif": ("PER", ["محمد نواز شريف", "نواز شريف"], None),
    "belarus": ("GPE", ["بيلاروسيا"], None),
    "masoud-barzani": ("PER", ["مسعود بارزاني"], None),
    "ahmet-davutoglu": ("PER", ["أحمد داوود أوغلو"], None),
    "khaled-bahah": ("PER", ["خالد محفوظ بحاح", "نائب الرئيس اليمني"], None),
    "anwar-gargash": ("PER", ["أنور قرقاش"], None),
    "ain-el-tineh": ("LOC", ["عين التينة"], None),
    "gaza-strip": ("LOC", ["غزة"], None),
}


def actor_table() -> dict[str, Actor]:
    return {key: Actor(key, kind, names[0], key.replace("-", " ").title(), aliases=list(names), metonym_of=metonym)
            for key, (kind, names, metonym) in ACTORS.items()}


def analyse(text: str, date: str | None = None, doc_id: str = "doc") -> tuple[Document, list[Mention]]:
    """A document with real sentences and a mention for every occurrence of a name in ``ACTORS``
    (longest names first, a leading clitic left out as the recogniser does)."""
    document = Document(doc_id, f"{doc_id}.txt", text, split_sentences(text), date=date)
    taken: list[tuple[int, int]] = []
    mentions = []
    spellings = sorted(((name, key) for key, (_, names, _) in ACTORS.items() for name in names),
                       key=lambda item: -len(item[0]))
    for name, key in spellings:
        for match in re.finditer(rf"(?<![\w])(?:[وفبل]|لل)?({re.escape(name)})(?![\w])", text):
            start, end = match.span(1)
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            sentence = next(s.index for s in document.sentences if s.start <= start < s.end)
            mentions.append(Mention(doc_id, sentence, start, end, name, ACTORS[key][0], "dictionary",
                                    entry=key, actor_id=key))
    return document, sorted(mentions, key=lambda m: m.start)


def events_of(text: str, date: str | None = None, doc_id: str = "doc") -> list[Interaction]:
    document, mentions = analyse(text, date, doc_id)
    return extract_interactions(document, mentions, actor_table())


def only(events: list[Interaction]) -> Interaction:
    assert len(events) == 1, [(e.type, e.participants) for e in events]
    return events[0]


def seed_text(seeds_dir: Path, prefix: str) -> Document:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return clean_document(SourceText(path.stem, str(path), path.read_text(encoding="utf-8")))


# ------------------------------------------------------------------------------------------ vocabulary


def test_vocabulary_is_read_from_the_skos_file():
    vocabulary = load_vocabulary()
    cameo = {key: t.cameo for key, t in vocabulary.types.items()}
    assert cameo["meeting"] == "040" and cameo["call"] == "041" and cameo["visit"] == "042"
    assert cameo["host-visit"] == "043" and cameo["negotiation"] == "046" and cameo["armed-exchange"] == "190"
    assert vocabulary.types["negotiation"].family == "meeting"
    assert vocabulary.types["host-visit"].family == "visit"
    graph = Graph().parse(VOCABULARY_PATH, format="turtle")
    for key in vocabulary.types:  # every type is a documented SKOS concept with Arabic and English labels
        languages = {label.language for label in graph.objects(ITYPE[key], SKOS.prefLabel)}
        assert {"ar", "en"} <= languages and graph.value(ITYPE[key], SKOS.definition) is not None
    hostages = {str(k) for k in graph.objects(TOPIC["hostages"], SKOS.hiddenLabel)}
    assert "الرهائن" in hostages
    assert {t.key for t in vocabulary.topics} >= {"gaza-ceasefire", "hostages", "lebanon-escalation",
                                                   "iran-response", "normalisation", "post-war-gaza"}


def test_topics_match_keywords_whatever_the_spelling():
    vocabulary = load_vocabulary()
    assert vocabulary.topics_of("الاستعداد لليوم التالي بعد انتهاء الحرب") == ["post-war-gaza"]
    assert vocabulary.topics_of("اتفاق لوقف اطلاق النار في غزة") == ["gaza-ceasefire"]
    assert vocabulary.topics_of("تعزيز عملية التطبيع") == ["normalisation"]
    assert vocabulary.topics_of("الطقس في باريس") == []


# --------------------------------------------------------------------------------------- participants


def test_subject_with_object_after_ma_and_counterpart_named():
    event = only(events_of("عقد وزير الخارجية المصري سامح شكري اجتماعا مع نظيره الأردني أيمن الصفدي في القاهرة "
                           "أمس لبحث تطورات الحرب في غزة.", date="2024-03-05"))
    assert (event.type, event.cameo, event.status) == ("meeting", "040", "held")
    assert event.participants == ["sameh-shoukry", "ayman-safadi"]  # subject first
    assert (event.date, event.date_precision, event.place) == ("2024-03-04", "day", "cairo")
    assert event.topic_phrases == ["تطورات الحرب في غزة"]


def test_seed_002_lead_subject_before_the_verb_with_appositions(seeds_dir):
    text = seed_text(seeds_dir, "002").sentences[1].text
    event = only(events_of(text, date="2023-11-15"))
    assert event.participants == ["jake-sullivan", "ron-dermer"]
    assert (event.place, event.date) == ("washington", "2023-11-14")  # "يوم الثلاثاء" before Wednesday 15th
    assert "gaza-war" in event.topics


def test_between_x_and_y_with_capitals_standing_for_states():
    event = only(events_of("اجتماع سري بين واشنطن وطهران بحث سبل منع الانزلاق إلى حرب شاملة!"))
    assert event.participants == ["united-states", "iran"]
    assert event.topics == ["regional-war"] and event.topic_phrases == ["سبل منع الانزلاق إلى حرب شاملة"]
    event = only(events_of("انتهت محادثات بين بلينكن ووانغ يي في بكين دون اتفاق."))
    assert event.participants == ["antony-blinken", "wang-yi"] and event.place == "beijing"


def test_meeting_that_brought_together_a_list():
    event = only(events_of("وعقد في القاهرة اجتماع ضم بلينكن وشكري والصفدي لبحث المساعدات الإنسانية."))
    assert event.participants == ["antony-blinken", "sameh-shoukry", "ayman-safadi"]
    assert (event.place, event.topics) == ("cairo", ["humanitarian-aid"])


def test_hosting_at_the_white_house():
    event = only(events_of("استقبل بايدن نتنياهو في البيت الأبيض يوم الاثنين.", date="2024-07-25"))
    assert (event.type, event.participants, event.initiator) == (
        "host-visit", ["joe-biden", "benjamin-netanyahu"], "benjamin-netanyahu")
    assert (event.place, event.date) == ("white-house", "2024-07-22")


def test_coordinated_list_of_people_meets_one_person():
    event = only(events_of("التقى ماكرون وشولتس وستارمر الرئيس الأمريكي جو بايدن في برلين."))
    assert event.participants == ["emmanuel-macron", "olaf-scholz", "keir-starmer", "joe-biden"]


def test_team_leaders_join_the_meeting_and_stand_for_their_states(seeds_dir):
    document = seed_text(seeds_dir, "000")
    text = "\n".join(s.text for s in document.sentences[:5])
    event = only(events_of(text))
    assert event.participants == ["jake-sullivan", "amos-hochstein", "ron-dermer"]  # not Biden, not the states
    assert {e.rule for e in event.evidence} >= {"meeting-noun", "team-leader"}
    assert event.date is None  # "أمس الثلاثاء" but the article gives no publication date
    assert "lebanon-escalation" in event.topics


def test_hosting_makes_the_guest_the_initiator():
    event = only(events_of("استقبل الملك عبد الله الثاني وزير الخارجية الأمريكي أنتوني بلينكن في عمان اليوم.",
                           date="2024-01-07"))
    assert (event.type, event.cameo) == ("host-visit", "043")
    assert event.participants == ["abdullah-ii", "antony-blinken"] and event.initiator == "antony-blinken"
    assert (event.place, event.date) == ("amman", "2024-01-07")


def test_calls_made_and_received_record_the_initiator():
    made = only(events_of("أجرى بلينكن اتصالا هاتفيا بوزير الخارجية الصيني وانغ يي."))
    assert (made.type, made.cameo, made.initiator) == ("call", "041", "antony-blinken")
    received = only(events_of("تلقى رئيس الوزراء نجيب ميقاتي اتصالا هاتفيا من وزير الخارجية أنتوني بلينكن."))
    assert received.participants == ["najib-mikati", "antony-blinken"]
    assert received.initiator == "antony-blinken"


def test_seed_003_call_counterpart_and_pronoun_object(seeds_dir):
    document = seed_text(seeds_dir, "003")
    mentions = analyse(document.text, document.date, document.doc_id)[1]
    events = extract_interactions(document, mentions, actor_table())
    calls = [e for e in events if e.type == "call"]
    warns = [e for e in events if e.type == "warn" and "lloyd-austin" in e.participants]
    assert [(e.participants, e.initiator, e.date) for e in calls] == [
        (["lloyd-austin", "yoav-gallant"], "lloyd-austin", "2023-11-11")]  # "وبعدها بيوم": a day after Friday
    assert len(calls[0].evidence) == 2  # "اتصالات غالانت ــ أوستن" at the end is the same call
    assert [(e.participants, e.initiator) for e in warns] == [(["lloyd-austin", "yoav-gallant"], "lloyd-austin")]
    visits = sorted((e.participants, e.place, e.date) for e in events if e.type == "visit")
    assert visits == [(["amos-hochstein", "nabih-berri"], "beirut", None),
                      (["esmail-qaani", "hassan-nasrallah"], "beirut", "2023-11-10")]  # "يوم الجمعة الماضي"


def test_role_phrase_without_a_name_refers_to_the_person_named_earlier():
    text = ("وصل وزير الخارجية الصيني وانغ يي إلى واشنطن. "
            "وناقش بلينكن مع الوزير الصيني ملف تايوان والتجارة.")
    event = only(events_of(text))
    assert event.participants == ["antony-blinken", "wang-yi"] and event.type == "meeting"
    assert event.topic_phrases == ["ملف تايوان والتجارة"]


def test_seed_004_president_referred_to_by_title(seeds_dir):
    document = seed_text(seeds_dir, "004")
    mentions = analyse(document.text, document.date, document.doc_id)[1]
    event = only(extract_interactions(document, mentions, actor_table()))
    assert (event.type, event.participants) == ("call", ["benjamin-netanyahu", "joe-biden"])
    assert (event.date, event.date_precision) == ("2024-10-09", "day")  # "أمس" / "يوم الأربعاء" on Thursday 10th
    assert {"hostages", "iran-response"} <= set(event.topics)
    assert len({e.sentence for e in event.evidence}) >= 4  # one event, every sentence that reports it


def test_pronoun_subject_of_a_reporting_clause():
    event = only(events_of("صرح بلينكن بأنه حث نظيره الصيني وانغ يي على ضبط النفس."))
    assert (event.type, event.cameo, event.initiator) == ("urge", "020", "antony-blinken")
    assert event.participants == ["antony-blinken", "wang-yi"]


def test_warn_demand_statement_and_armed_exchange():
    warn = only(events_of("حذر الوفد الإيراني واشنطن من توسيع الحرب.", date="2023-11-14"))
    assert (warn.type, warn.cameo, warn.participants, warn.initiator) == (
        "warn", "130", ["iran", "united-states"], "iran")
    demand = only(events_of("وطالبت الصين الولايات المتحدة بوقف بيع الأسلحة."))
    assert (demand.type, demand.cameo, demand.initiator) == ("demand", "100", "china")
    statement = only(events_of("أصدر ماكرون وشولتس بيانا مشتركا حول أوكرانيا."))
    assert (statement.type, statement.cameo, statement.participants) == (
        "statement", "010", ["emmanuel-macron", "olaf-scholz"])
    fight = only(events_of("وفي الأيام الأخيرة، تزايد التبادل اليومي لإطلاق النار بين إسرائيل وحزب الله."))
    assert (fight.type, fight.cameo, fight.participants) == ("armed-exchange", "190", ["israel", "hezbollah"])


def test_actor_in_someone_elses_title_or_an_attribution_is_not_a_participant():
    event = only(events_of("وبحسب البيت الأبيض التقى كبير مستشاري الرئيس بايدن، أموس هوكشتين، رئيس البرلمان "
                           "اللبناني نبيه بري في عين التينة."))
    assert event.participants == ["amos-hochstein", "nabih-berri"]
    assert event.place == "ain-el-tineh"


def test_a_body_in_a_title_of_two_offices_is_not_a_participant():
    # the shape of tests/heldout 001: the NER reads مجلس الوزراء inside the host's title
    event = only(events_of("كما عقد بلينكن اجتماعا مع رئيس مجلس الوزراء وزير الخارجية الشيخ محمد بن عبد الرحمن "
                           "آل ثاني في الدوحة."))
    assert event.participants == ["antony-blinken", "mohammed-bin-abdulrahman-al-thani"]

    # the shape of seed 002 as the NER retrained on real news reads it: the body in the title after the name
    event = only(events_of(("أعلن البيت الأبيض أن جايك ساليفان، مستشار الأمن القومي الأمريكي، أجرى محادثات مع رون ديرمر "
                           "في واشنطن يوم الثلاثاء.")))
    assert event.participants == ["jake-sullivan", "ron-dermer"]


def test_discussion_during_a_call_is_the_call():
    event = only(events_of("بحث وزير الخارجية الأمريكي أنتوني بلينكن مع نظيره الصيني وانغ يي، خلال اتصال هاتفي "
                           "مساء الاثنين، التوترات في بحر الصين الجنوبي.", date="2024-06-05"))
    assert (event.type, event.participants, event.date) == ("call", ["antony-blinken", "wang-yi"], "2024-06-03")
    assert event.topic_phrases == ["التوترات في بحر الصين الجنوبي"]
    received = only(events_of("وقال ميقاتي إنه تلقى اتصالا من ماكرون بحث خلاله الوضع في لبنان."))
    assert (received.type, received.initiator) == ("call", "emmanuel-macron")
    assert received.participants == ["najib-mikati", "emmanuel-macron"] and received.topics == ["lebanon-escalation"]


def test_arrival_and_people_met_there():
    event = only(events_of("وصل بلينكن إلى بيروت اليوم حيث التقى رئيس الحكومة نجيب ميقاتي.", date="2024-06-05"))
    assert (event.type, event.participants, event.initiator) == ("visit", ["antony-blinken", "najib-mikati"],
                                                                 "antony-blinken")
    assert (event.place, event.date, event.status) == ("beirut", "2024-06-05", "held")
    alone = only(events_of("زار قائد فيلق القدس إسماعيل قآني بيروت.", date="2023-11-14"))
    assert alone.participants == ["esmail-qaani", "lebanon"] and alone.place == "beirut"  # the state visited


def test_a_visit_next_week_is_planned():
    event = only(events_of("يزور الرئيس الفرنسي إيمانويل ماكرون القاهرة الأسبوع المقبل، حيث من المقرر أن يلتقي "
                           "وزير الخارجية سامح شكري.", date="2024-06-05"))
    assert (event.status, event.cameo, event.date, event.date_precision) == ("planned", "036", "2024-W24", "week")
    assert event.participants == ["emmanuel-macron", "sameh-shoukry"] and event.place == "cairo"


@pytest.mark.parametrize("sentence", [
    "قال بايدن إن الحرب في غزة يجب أن تنتهي.",
    "اتفق بايدن ونتنياهو على البقاء على اتصال وثيق خلال الأيام المقبلة.",
    "وأدت الحرب بين إسرائيل وحماس إلى تعليق الجهود الرامية للتطبيع.",
    "ناقش مجلس الوزراء الأمني خطط الرد خلال اجتماع استمر أربع ساعات.",
    "وأكد المتحدث باسم الخارجية أن بلينكن لن يلتقي وزير الخارجية الصيني وانغ يي.",
    "وقال شكري إنه لم يتصل بالصفدي منذ أسابيع.",
])
def test_sentences_without_an_interaction(sentence):
    assert events_of(sentence, date="2024-06-05") == []


@pytest.mark.parametrize("sentence, expected", [
    ("وحذر الأمين العام لحزب الله نعيم قاسم إسرائيل من توسيع العدوان على لبنان.",
     ("warn", "held", ["naim-qassem", "israel"], "naim-qassem", None)),
    ("وطالب رئيس الحكومة نجيب ميقاتي الأمم المتحدة بالضغط على إسرائيل لوقف اعتداءاتها.",
     ("demand", "held", ["najib-mikati", "united-nations"], "najib-mikati", None)),
    ("وألغى نتنياهو زيارة وفد إسرائيلي إلى واشنطن احتجاجا على القرار الأمريكي.",
     ("visit", "cancelled", ["israel", "united-states"], None, "washington")),
    ("واستقبل أمير قطر الشيخ تميم بن حمد آل ثاني رئيس المكتب السياسي لحركة حماس إسماعيل هنية في الدوحة.",
     ("host-visit", "held", ["tamim-bin-hamad-al-thani", "ismail-haniyeh"], "ismail-haniyeh", "doha")),
    ("وشهدت الحدود اللبنانية تبادلا لإطلاق النار بين حزب الله والجيش الإسرائيلي.",
     ("armed-exchange", "held", ["hezbollah", "israel-defense-forces"], None, None)),
    ("وأصدرت مصر وقطر والولايات المتحدة بيانا مشتركا دعت فيه إلى استئناف المفاوضات.",
     ("statement", "held", ["egypt", "qatar", "united-states"], None, None)),
    ("وزار رئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني القاهرة حيث التقى وزير الخارجية سامح شكري.",
     ("visit", "held", ["mohammed-bin-abdulrahman-al-thani", "sameh-shoukry"], "mohammed-bin-abdulrahman-al-thani",
      "cairo")),
    ("ونقلت وكالة رويترز عن مسؤول أن بايدن ونتنياهو تحدثا هاتفيا يوم الخميس.",
     ("call", "held", ["joe-biden", "benjamin-netanyahu"], None, None)),
    ("وتبادل الجيش الإسرائيلي وحزب الله القصف عبر الحدود.",
     ("armed-exchange", "held", ["israel-defense-forces", "hezbollah"], None, None)),
])
def test_sentences_written_after_the_rules(sentence, expected):
    """Sentences first run as held-out checks (seven of these nine failed then; fixed since)."""
    event = only(events_of(sentence, date="2024-07-20"))
    assert (event.type, event.status, event.participants, event.initiator, event.place) == expected


def test_one_actor_is_not_an_interaction():
    assert events_of("وقد انعقد مجلس الوزراء الأمني مساء الخميس في القاهرة.") == []
    assert events_of("وحذر بايدن من حرب شاملة في المنطقة.") == []


# ------------------------------------------------------------------------------------------ status


@pytest.mark.parametrize("sentence, status, cameo", [
    ("سيلتقي بلينكن وانغ يي في بكين الأسبوع المقبل.", "planned", "036"),
    ("ومن المقرر أن يعقد ماكرون اجتماعا مع شولتس يوم الجمعة.", "planned", "036"),
    ("من المحتمل أن يسافر غالانت إلى واشنطن للقاء أوستن.", "planned", "036"),
    ("ألغى بلينكن زيارته إلى بكين حيث كان سيلتقي وانغ يي.", "cancelled", "042"),
    ("قال مسؤول إن بلينكن التقى وانغ يي في بكين.", "held", "040"),
])
def test_status(sentence, status, cameo):
    event = only(events_of(sentence, date="2024-06-05"))
    assert (event.status, event.cameo) == (status, cameo)


def test_planned_weekday_points_forward():
    event = only(events_of("ومن المقرر أن يعقد ماكرون اجتماعا مع شولتس يوم الجمعة.", date="2024-06-05"))
    assert (event.date, event.date_precision) == ("2024-06-07", "day")
    week = only(events_of("سيلتقي بلينكن وانغ يي في بكين الأسبوع المقبل.", date="2024-06-05"))
    assert (week.date, week.date_precision, week.place) == ("2024-W24", "week", "beijing")


def test_related_article_headlines_yield_nothing():
    text = ("أكد بايدن ضرورة وقف إطلاق النار.\n"
            "إقرأ أيضاً: تفاصيل مكالمة أجراها نتنياهو مع بايدن الليلة الماضية\n"
            "مقالات ذات صلة\n"
            "  • نتنياهو يجري اتصالا هاتفيا مع بايدن\n"
            "  • بلينكن يلتقي وانغ يي في بكين")
    assert events_of(text, date="2024-10-10") == []


# ------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("phrase, reference, future, expected", [
    ("أمس الثلاثاء", "2023-11-15", False, ("2023-11-14", "day")),
    ("يوم الأربعاء", "2024-10-10", False, ("2024-10-09", "day")),
    ("اليوم", "2024-10-10", False, ("2024-10-10", "day")),
    ("الليلة الماضية", "2024-10-10", False, ("2024-10-09", "day")),
    ("أمس الأول", "2023-11-14", False, ("2023-11-12", "day")),
    ("يوم الجمعة الماضي", "2023-11-14", False, ("2023-11-10", "day")),
    ("يوم الجمعة", "2024-06-05", True, ("2024-06-07", "day")),
    ("الأسبوع الماضي", "2024-10-10", False, ("2024-W40", "week")),
    ("الأسبوع المقبل", "2024-10-10", False, ("2024-W42", "week")),
    ("الشهر الماضي", "2024-01-15", False, ("2023-12", "month")),
    ("قبل عشرة أيام", "2024-06-20", False, ("2024-06-10", "day")),
    ("في 3 الجاري", "2023-11-14", False, ("2023-11-03", "day")),
])
def test_relative_dates(phrase, reference, future, expected):
    value = resolve_relative_date(phrase, reference, future)
    assert (value.iso, value.precision) == expected


def test_relative_date_needs_a_reference():
    assert resolve_relative_date("أمس", None) is None
    assert resolve_relative_date("في جنيف", "2024-10-10") is None


def test_absolute_date_and_since_clause():
    event = only(events_of("التقى بلينكن وانغ يي في 8 أكتوبر 2023 في بكين.", date="2024-01-01"))
    assert (event.date, event.date_precision) == ("2023-10-08", "day")
    # "منذ ..." dates another thing, not the exchange
    fight = only(events_of("أجرت إسرائيل وحزب الله أكبر تبادل لإطلاق النار منذ بداية الهجمات في 8 أكتوبر.",
                           date="2024-08-30"))
    assert fight.date is None


# ------------------------------------------------------------------------------------ one event each


def test_two_sentences_about_one_call_are_one_event_with_both_sources():
    text = ("أجرى بايدن اتصالا هاتفيا بنتنياهو أمس. "
            "وتناولت المكالمة بين بايدن ونتنياهو ملف الرهائن.")
    event = only(events_of(text, date="2024-10-10"))
    assert event.type == "call" and event.date == "2024-10-09"
    assert [e.sentence for e in event.evidence] == [0, 1]
    assert event.topics == ["hostages"]
    for evidence in event.evidence:  # provenance points at the sentence as written
        assert text[evidence.start:evidence.end] == evidence.text
        assert 0 < evidence.confidence <= 1 and evidence.rule


def test_merge_across_documents_keeps_every_source():
    first = events_of("أجرى بايدن اتصالا هاتفيا بنتنياهو يوم الأربعاء.", date="2024-10-10", doc_id="a")
    second = events_of("تلقى نتنياهو اتصالا من بايدن في 9 أكتوبر.", date="2024-10-12", doc_id="b")
    undated = events_of("أجرى بايدن اتصالا هاتفيا بنتنياهو.", doc_id="c")
    merged = merge_interactions(first + second + undated)
    assert len(merged) == 2
    dated = next(e for e in merged if e.date)
    assert [e.doc_id for e in dated.evidence] == ["a", "b"] and dated.initiator == "joe-biden"
    assert merge_interactions(undated + second + first) == merged  # order does not matter
    assert [e.event_id for e in merged] == sorted(e.event_id for e in merged)


def test_event_ids_are_stable_and_depend_on_what_the_event_is():
    first = event_id("call", ["b", "a"], "held", "2024-10-09", "doc1")
    assert first == event_id("call", ["a", "b"], "held", "2024-10-09", "doc2")
    assert first != event_id("call", ["a", "b"], "planned", "2024-10-09", "doc1")
    assert event_id("call", ["a", "b"], "held", None, "doc1") != event_id("call", ["a", "b"], "held", None, "doc2")
    text = "التقى بلينكن وانغ يي في بكين أمس."
    assert events_of(text, "2024-05-02") == events_of(text, "2024-05-02")


def test_gold_file_is_well_formed():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    vocabulary = load_vocabulary()
    keys = set(re.findall(r"^\[actors\.([a-z0-9-]+)\]", (GOLD.parent.parent.parent / "ontology" / "actors.toml")
                          .read_text(encoding="utf-8"), re.M))
    assert len(gold) >= 15
    for entry in gold:
        assert entry["type"] in vocabulary.types and entry["status"] in ("held", "planned", "cancelled")
        assert set(entry["participants"]) <= keys and len(set(entry["participants"])) >= 2
        assert entry["place"] is None or entry["place"] in keys
        assert any(p.name.startswith(entry["doc"]) for p in (GOLD.parent.parent.parent / "seeds").glob("*.txt"))


# --------------------------------------------------------------------------------------- end to end


def _pipeline_parts():
    try:
        from kg.recognise import recognise
        from kg.resolve import resolve
    except ImportError as error:
        pytest.skip(f"kg.recognise/kg.resolve not available yet: {error}")
    return recognise, resolve


@pytest.mark.slow
def test_seeds_end_to_end_precision_and_recall(seeds_dir):
    recognise, resolve = _pipeline_parts()
    documents = [clean_document(SourceText(p.stem, str(p), p.read_text(encoding="utf-8")))
                 for p in sorted(seeds_dir.glob("*.txt"))]
    mentions = [m for found in recognise(documents) for m in found]
    resolution = resolve(mentions)
    actors = {a.actor_id: a for a in resolution.actors}
    events = merge_interactions(
        event for document in documents
        for event in extract_interactions(document, [m for m in resolution.mentions if m.doc_id == document.doc_id],
                                          actors))
    score = score_interactions(events, json.loads(GOLD.read_text(encoding="utf-8")), actors)
    assert score["precision"] >= 0.9 and score["recall"] >= 0.85, score
    assert score["date_accuracy"] >= 0.9 and score["place_accuracy"] >= 0.9, score


# ------------------------------------------------------------- constructions beyond the seeds (dev set work)


@pytest.mark.parametrize("sentence, expected", [
    # a time and place set off by commas between the verb's subject and its object
    ("استقبل الرئيس المصري عبد الفتاح السيسي، مساء الأحد في القاهرة، وزير الخارجية الأمريكي أنتوني بلينكن.",
     ("host-visit", "held", ["abdel-fattah-el-sisi", "antony-blinken"], "cairo")),
    ("أجرى وزير الخارجية أيمن الصفدي، صباح اليوم، اتصالا هاتفيا بنظيره المصري سامح شكري.",
     ("call", "held", ["ayman-safadi", "sameh-shoukry"], None)),
    # a place after في, then the guest
    ("واستقبل ميقاتي في بيروت أمس الأول المبعوث الأمريكي أموس هوكشتين.",
     ("host-visit", "held", ["najib-mikati", "amos-hochstein"], "beirut")),
    # participants listed in a relative clause, by بمشاركة, and with إضافة إلى
    ("وتعقد غدا القمة التي يستضيفها الملك عبد الله الثاني وتجمع الرئيس المصري عبد الفتاح السيسي ورئيس الوزراء "
     "القطري محمد بن عبد الرحمن آل ثاني.",
     ("meeting", "planned", ["abdullah-ii", "abdel-fattah-el-sisi", "mohammed-bin-abdulrahman-al-thani"], None)),
    ("وعقد وزراء عرب اجتماعا في الدوحة، بمشاركة وزير الخارجية أيمن الصفدي ووزير الخارجية سامح شكري، إضافة إلى "
     "رئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني.",
     ("meeting", "held", ["ayman-safadi", "sameh-shoukry", "mohammed-bin-abdulrahman-al-thani"], "doha")),
    # verbal nouns
    ("وجاء ذلك خلال استقبال ميقاتي لهوكشتين.", ("host-visit", "held", ["najib-mikati", "amos-hochstein"], None)),
    ("وأكد شكري عقب لقائه في القاهرة وزير الخارجية الأمريكي أنتوني بلينكن أن الحرب يجب أن تتوقف.",
     ("meeting", "held", ["sameh-shoukry", "antony-blinken"], "cairo")),
    # a discussion on the phone is a call
    ("ناقش ماكرون هاتفيا مع شولتس الحرب في أوكرانيا.", ("call", "held", ["emmanuel-macron", "olaf-scholz"], None)),
    # the canceller is the visitor when no one else is named for the visit
    ("ألغى وزير الخارجية أنتوني بلينكن زيارة كانت مقررة إلى بكين.",
     ("visit", "cancelled", ["antony-blinken", "china"], "beijing")),
    # حيث: the subject of the main clause meets
    ("وانتقل هوكشتين بعد ذلك إلى عين التينة حيث التقى نبيه بري.",
     ("meeting", "held", ["amos-hochstein", "nabih-berri"], None)),
])
def test_constructions_found_on_new_articles(sentence, expected):
    event = only(events_of(sentence, date="2024-10-20"))
    assert (event.type, event.status, event.participants, event.place) == expected


@pytest.mark.parametrize("sentence, visitor", [
    ("وتلقى ميقاتي دعوة من الشيخ تميم بن حمد آل ثاني لزيارة الدوحة.", "najib-mikati"),
    ("ووجه الشيخ تميم بن حمد آل ثاني دعوة إلى بايدن لزيارة الدوحة.", "joe-biden"),
])
def test_an_invitation_to_visit_is_planned_and_the_invitee_visits(sentence, visitor):
    event = only(events_of(sentence, date="2024-10-20"))
    assert (event.type, event.status, event.participants, event.initiator) == ("visit", "planned", [visitor, "qatar"],
                                                                                visitor)


def test_the_latter_is_the_last_person_named():
    events = events_of("اتصل ماكرون بشولتس مساء أمس. وكان الأخير قد التقى ستارمر في لندن.", date="2024-10-20")
    assert sorted((e.type, tuple(e.participants)) for e in events) == [
        ("call", ("emmanuel-macron", "olaf-scholz")), ("meeting", ("olaf-scholz", "keir-starmer"))]


def test_a_role_without_a_name_or_article_is_the_person_named_with_it():
    events = events_of("التقى رئيس الوزراء الإسرائيلي بنيامين نتنياهو الرئيس جو بايدن. وأعلن مكتب نتنياهو أن رئيس "
                       "الوزراء الإسرائيلي التقى وزير الدفاع يوآف غالانت.", date="2024-10-20")
    assert ("meeting", ["benjamin-netanyahu", "yoav-gallant"]) in [(e.type, e.participants) for e in events]


def test_head_of_state_title_stands_for_the_person_not_the_state():
    events = events_of("استقبل أمير دولة قطر الشيخ تميم بن حمد آل ثاني الرئيس الفرنسي إيمانويل ماكرون. وفي وقت لاحق، "
                       "اتصل أمير قطر بالرئيس جو بايدن.", date="2024-10-20")
    assert sorted((e.type, tuple(e.participants)) for e in events) == [
        ("call", ("tamim-bin-hamad-al-thani", "joe-biden")),
        ("host-visit", ("tamim-bin-hamad-al-thani", "emmanuel-macron"))]


def test_a_warning_in_the_call_sentence_keeps_the_caller_as_subject():
    events = events_of("أجرى بلينكن اتصالا بنتنياهو، حذره فيه من توسيع الحرب.", date="2024-10-20")
    assert sorted((e.type, tuple(e.participants), e.initiator) for e in events) == [
        ("call", ("antony-blinken", "benjamin-netanyahu"), "antony-blinken"),
        ("warn", ("antony-blinken", "benjamin-netanyahu"), "antony-blinken")]


def test_a_name_is_never_a_trigger():
    """فيصل reads as ف + يصل (he arrives) and إضافة إلى as its destination: inside a name it is no verb."""
    document, mentions = analyse("عقد وزراء عرب اجتماعا، بمشاركة سامح شكري وأيمن الصفدي، إضافة إلى فيصل بن فرحان.")
    actors = actor_table() | {"faisal-bin-farhan": Actor("faisal-bin-farhan", "PER", "فيصل بن فرحان", "Faisal")}
    start = document.text.index("فيصل بن فرحان")
    mentions.append(Mention("doc", 0, start, start + 13, "فيصل بن فرحان", "PER", "dictionary",
                            entry="faisal-bin-farhan", actor_id="faisal-bin-farhan"))
    event = only(extract_interactions(document, mentions, actors))
    assert (event.type, event.participants) == ("meeting", ["sameh-shoukry", "ayman-safadi", "faisal-bin-farhan"])


def test_tomorrow_with_a_weekday_is_one_date():
    assert resolve_relative_date("غدا الخميس", "2025-02-05") == resolve_relative_date("غدا", "2025-02-05")


# ------------------------------------------ constructions of the Saudi press (SaudiNewsNet train and dev splits)


def test_a_reception_guest_after_the_hosts_title_place_and_time_and_behind_a_body_in_his_title():
    # the shape of sn22996: the guest comes after the host's title, the place and the day, and his own
    # title names a body, which is not a guest
    text = ("استقبل صاحب السمو الملكي الأمير فيصل بن بندر بن عبدالعزيز أمير منطقة الرياض في مكتب سموه بقصر الحكم "
            "أمس محافظ الهيئة السعودية للمواصفات والمقاييس والجودة الدكتور سعد بن عثمان القصبي.")
    events = events_of(text, "2015-08-03")
    assert [(e.type, sorted(e.participants), e.date) for e in events] == [
        ("host-visit", ["faisal-bin-bandar", "saad-al-qasabi"], "2015-08-02")]


def test_talks_held_after_a_place_aside_are_the_support_verbs_object():
    # the shape of a royal-court report: عقد X في قصر ...، اليوم الخميس، جلسة مباحثات مع Y
    text = ("عقد خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر العوجا، اليوم الخميس، جلسة مباحثات رسمية "
            "مع دولة رئيس وزراء جمهورية باكستان الإسلامية محمد نواز شريف.")
    events = events_of(text, "2015-07-23")
    assert [(e.type, sorted(e.participants)) for e in events] == [("meeting", ["nawaz-sharif", "salman-bin-abdulaziz"])]


def test_a_visit_noun_takes_its_titled_visitor_and_destination():
    text = "أبرزت الصحف الصادرة اليوم زيارة رئيس الوزراء الباكستاني نواز شريف إلى بيلاروسيا."
    events = events_of(text, "2015-08-11")
    assert [(e.type, sorted(e.participants)) for e in events] == [("visit", ["belarus", "nawaz-sharif"])]


def test_the_subject_of_a_clause_made_the_call_it_speaks_during():
    # the shape of sn9414: عبر X في اتصال هاتفي مع Y عن ...
    text = ("وعبر رئيس إقليم كردستان مسعود بارزاني في اتصال هاتفي مع رئيس الوزراء التركي أحمد داوود أوغلو "
            "عن استيائه من الأوضاع.")
    events = events_of(text, "2015-07-30")
    assert [(e.type, e.participants, e.initiator) for e in events] == [
        ("call", ["masoud-barzani", "ahmet-davutoglu"], "masoud-barzani")]


def test_the_subject_named_again_after_its_title_is_not_the_guest():
    # the shape of sn9145, where the NER reads the title نائب الرئيس اليمني as a name of the same person
    text = ("التقى نائب الرئيس اليمني رئيس مجلس الوزراء خالد محفوظ بحاح، اليوم في مقر الحكومة اليمنية المؤقت "
            "بالرياض، وزير الدولة الإماراتي للشؤون الخارجية، أنور قرقاش.")
    events = events_of(text, "2015-07-25")
    assert [(e.type, e.participants, e.date) for e in events] == [
        ("meeting", ["khaled-bahah", "anwar-gargash"], "2015-07-25")]
