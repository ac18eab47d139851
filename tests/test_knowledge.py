"""The actor knowledge base (ontology/kb/): its files hold together, its dates answer "who held this office
on this day", and role phrases in real sentences become the office holder."""

import datetime as dt
import re

import pytest

from kg.knowledge import KB_DIR, load_knowledge_base, role_mentions
from kg.model import Document, Mention
from kg.normalise import split_sentences

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


def test_every_term_names_a_known_office_and_body_with_ordered_iso_dates(kb):
    assert len(kb.people) >= 150 and len(kb.bodies) >= 100
    for term in kb.terms:
        assert term.office in kb.titles, term
        assert (term.state or term.org) in kb.bodies, term
        assert ISO.match(term.start) and (term.end is None or ISO.match(term.end)), term
        assert term.end is None or term.start[:len(term.end)] <= term.end, term
        if len(term.start) == 10:
            dt.date.fromisoformat(term.start)


def test_wikidata_ids_are_well_formed_and_never_shared(kb):
    ids = [p.wikidata for p in kb.people.values() if p.wikidata] + [b.wikidata for b in kb.bodies.values() if b.wikidata]
    assert all(re.fullmatch(r"Q[1-9]\d*", i) for i in ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("office, body, day, holder", [
    ("crown-prince", "saudi-arabia", "2015-07-21", "muhammad-bin-nayef"),
    ("crown-prince", "saudi-arabia", "2017-06-22", "mohammed-bin-salman"),
    ("king", "saudi-arabia", "2014-12-31", "abdullah-bin-abdulaziz"),
    ("king", "saudi-arabia", "2015-07-21", "salman-bin-abdulaziz"),
    ("foreign-minister", "saudi-arabia", "2015-03-01", "saud-al-faisal"),
    ("foreign-minister", "saudi-arabia", "2015-07-21", "adel-al-jubeir"),
])
def test_a_sample_of_office_holders_by_date(kb, office, body, day, holder):
    assert kb.holder(office, body, day) == holder


def document(text: str, date: str = "2015-07-21") -> Document:
    return Document("d", "d.txt", text, split_sentences(text), date=date)


def test_role_phrases_from_real_saudi_news_name_the_office_holder():
    # shapes of train-split sentences (sn19125, sn12964): a title standing for the person
    text = ("استقبل نائب خادم الحرمين الشريفين في قصر السلام اليوم عددا من المسؤولين. "
            "ولي ولي العهد يزور يوم غد جمهورية مصر العربية. وتلقى ولي العهد السعودي اتصالا من وزير الخارجية السعودي.")
    found = [(m.text, m.entry) for m in role_mentions(document(text))]
    assert ("ولي ولي العهد", "mohammed-bin-salman") in found
    assert ("ولي العهد السعودي", "muhammad-bin-nayef") in found
    assert ("وزير الخارجية السعودي", "adel-al-jubeir") in found


def test_the_same_phrase_names_whoever_held_the_office_that_day():
    text = "وصل ولي العهد السعودي إلى القاهرة."
    assert role_mentions(document(text, "2016-01-10"))[0].entry == "muhammad-bin-nayef"
    assert role_mentions(document(text, "2018-03-04"))[0].entry == "mohammed-bin-salman"


def test_a_title_followed_by_the_name_is_left_to_the_name():
    text = "استقبل ولي العهد الأمير محمد بن نايف السفير."
    start = text.index("محمد بن نايف")
    named = [Mention("d", 0, start, start + len("محمد بن نايف"), "محمد بن نايف", "PER", "dictionary")]
    assert role_mentions(document(text), named) == []


def test_an_undated_article_gets_no_role_references():
    assert role_mentions(document("ولي العهد السعودي يصل إلى القاهرة.", date=None)) == []


# ------------------------------------------------------------------ the state an article is written from


def test_a_bare_title_names_the_home_states_office_holder_when_the_article_names_no_state():
    # the shape of train-split sentences (sn19244): a Saudi paper's "the foreign minister"
    text = "وأكد وزير الخارجية أن اللقاء بحث العلاقات الثنائية."
    assert role_mentions(document(text, "2015-08-01")) == []
    assert [m.entry for m in role_mentions(document(text, "2015-08-01"), home_state="saudi-arabia")] == ["adel-al-jubeir"]


def test_state_references_name_the_state_and_the_kingdom_only_from_home():
    from kg.knowledge import state_references

    # train-split phrases: الحكومة اليمنية (sn9665), النظام السوري (sn5961), المملكة (45 train and dev articles)
    text = "وأكدت المملكة دعمها للحكومة اليمنية في وجه النظام السوري وحلفائه."
    found = [(m.text, m.entry) for m in state_references(document(text))]
    assert found == [("الحكومة اليمنية", "yemen"), ("النظام السوري", "syria")]
    assert ("المملكة", "saudi-arabia") in [(m.text, m.entry) for m in state_references(document(text), "saudi-arabia")]


def test_the_kingdom_of_another_state_stays_that_state():
    from kg.recognise import recognise

    text = "وزار وفد من المملكة المتحدة المملكة الأسبوع الماضي."
    mentions = recognise([document(text)], home_state="saudi-arabia")[0]
    assert [(m.text, m.entry) for m in mentions] == [("المملكة المتحدة", "united-kingdom"), ("المملكة", "saudi-arabia")]
