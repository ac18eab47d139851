"""Normalise: boilerplate, hashtags, repeated paragraphs, sentences and dates, on the real seeds and on
hand-written text."""

import hashlib
from pathlib import Path

import pytest

from kg.arabic import normalise_arabic
from kg.model import SourceText
from kg.normalise import (
    NotAnArticle,
    clean_document,
    clean_paragraphs,
    content_hash,
    find_dates,
    find_publication_date,
    normalise_date,
    split_sentences,
)

DATA = Path(__file__).parent / "data" / "text"


def seed(seeds_dir: Path, prefix: str) -> SourceText:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return SourceText(path.stem, str(path), path.read_text(encoding="utf-8"))


def lines_of(doc) -> list[str]:
    return doc.text.split("\n")


def article(*paragraphs: str) -> SourceText:
    return SourceText("t", "t.txt", "\n".join(paragraphs))


BODY = "أجرى الرئيس الأمريكي جو بايدن اتصالاً هاتفياً مع رئيس الوزراء الإسرائيلي بنيامين نتنياهو لبحث الرد على إيران."
BODY2 = "وقال مسؤول أمريكي إن الاتصال تناول أيضاً الوضع الإنساني في قطاع غزة وسبل إدخال المساعدات إلى الشمال."


# ------------------------------------------------------------------------------------------ the seeds


@pytest.mark.parametrize("prefix, paragraphs", [("000", 14), ("001", 14), ("002", 9), ("003", 16), ("004", 13)])
def test_seed_keeps_exactly_its_own_paragraphs(seeds_dir, prefix, paragraphs):
    doc = clean_document(seed(seeds_dir, prefix))
    assert len(lines_of(doc)) == paragraphs
    assert "#" not in doc.text
    for furniture in ("مقالات ذات صلة", "مقالات مشابهة", "اظهر المزيد", "زر الذهاب", "إقرأ أيضاً", "المصدر:",
                      "عرب وعالم", "تم النشر", "•"):
        assert furniture not in doc.text


def test_seed_000_keeps_every_paragraph_even_those_sharing_words(seeds_dir):
    source = seed(seeds_dir, "000")
    doc = clean_document(source)
    # Paragraph 10 shares most of its words with paragraph 6 (same ceasefire, same sources) but is new.
    assert "إن هوكشتين قال خلال اللقاء" in doc.text
    assert doc.text == source.text.strip()
    assert doc.title is None  # the first line is a full sentence, not a headline


def test_seed_001_site_hashtag_dropped_and_hashtags_become_words(seeds_dir):
    doc = clean_document(seed(seeds_dir, "001"))
    assert "سواليف" not in doc.text
    assert "وزير الدفاع الأمريكي لويد أوستن بأنه" in doc.text
    assert "يوآف غالانت على الانتقال من الهجوم العسكري في لبنان" in doc.text
    assert doc.title == "أوستن يحث غالانت على الانتقال من الهجوم العسكري في لبنان إلى المسار الدبلوماسي"
    assert lines_of(doc)[0] == doc.title  # the headline stays in the text: it states an event
    assert lines_of(doc)[-1].startswith("إلا أن القناة")
    assert "وكالات" not in lines_of(doc)


def test_seed_002_pasted_copy_removed_and_glued_fragment_resolved(seeds_dir):
    doc = clean_document(seed(seeds_dir, "002"))
    lines = lines_of(doc)
    assert "تعأعلن" not in doc.text
    # The first version of each paragraph is kept, the reworded second copy goes.
    assert lines[1].startswith("أعلن المكتب الإعلامي في البيت الأبيض أن جايك ساليفان")
    assert sum("ساليفان" in line and "ديرمر" in line for line in lines) == 4
    for second_copy in ("أعلن البيت الأبيض أن جايك ساليفان", "وأفاد مسؤول في البيت الأبيض، الذي طلب",
                        "وتناولت المحادثات أيضًا", "تشدد الولايات المتحدة", "عُقِدَ الاجتماع",
                        "وتطرق الاجتماع أيضًا"):
        assert second_copy not in doc.text
    # The paragraph truncated at the glue point survives in its full version, once.
    assert lines[-1] == "وأدت الحرب بين إسرائيل وحماس إلى تعليق الجهود الرامية لتحقيق تطبيع العلاقات بين إسرائيل والسعودية."
    assert doc.text.count("وأدت الحرب بين إسرائيل وحماس") == 1
    # Tags between the headline and the body ("العدو الصهيوني", "غزة" twice) are not sentences.
    assert "العدو الصهيوني" not in doc.text and "غزة" not in lines


def test_seed_003_label_dateline_and_title(seeds_dir):
    doc = clean_document(seed(seeds_dir, "003"))
    assert doc.date == "2023-11-14"
    assert doc.title == "اجتماع سري بين واشنطن وطهران بحث سبل منع الانزلاق إلى حرب شاملة!"
    assert lines_of(doc)[0] == doc.title
    assert "00:00" not in doc.text
    assert "لا تُحمَد عقباها" in doc.text  # diacritics kept as written


def test_seed_004_ends_at_its_source_line(seeds_dir):
    doc = clean_document(seed(seeds_dir, "004"))
    assert doc.date == "2024-10-10"
    assert lines_of(doc)[-1].startswith("وذكر المسؤول الأميركي أن العلاقة المتوترة")
    # Teaser headlines and the teased article (a UN statement) are not part of this article.
    for other in ("40 دقيقة", "نتنياهو يجري اتصالا هاتفيا مع بايدن وهاريس", "بلاسخارت", "الخط الأزرق",
                  "وكالة سوا"):
        assert other not in doc.text


def test_seeds_offsets_are_exact_and_cover_the_text(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = clean_document(SourceText(path.stem, str(path), path.read_text(encoding="utf-8")))
        covered = 0
        for index, sentence in enumerate(doc.sentences):
            assert sentence.index == index
            assert sentence.text == doc.text[sentence.start:sentence.end] == sentence.text.strip()
            assert sentence.start >= covered
            assert doc.text[covered:sentence.start].strip() == ""
            covered = sentence.end
        assert doc.text[covered:].strip() == ""
        assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_cleaning_is_deterministic(seeds_dir):
    source = seed(seeds_dir, "002")
    assert clean_document(source) == clean_document(source)


# --------------------------------------------------------------------------------------- boilerplate


def test_related_articles_list_dropped_until_a_long_paragraph():
    paragraphs = clean_paragraphs("\n".join([
        BODY, "أخبار ذات صلة", "• نتنياهو يلتقي بلينكن في القدس", "بايدن يستقبل أمير قطر في البيت الأبيض",
        BODY2]))
    assert paragraphs == [BODY, BODY2]


def test_read_also_with_headline_on_the_line_and_on_the_next_line():
    assert clean_paragraphs("\n".join([BODY, "اقرأ أيضا: بايدن يلتقي نتنياهو في البيت الأبيض", BODY2])) == [BODY, BODY2]
    assert clean_paragraphs("\n".join([BODY, "إقرأ أيضاً:", "بايدن يلتقي نتنياهو في البيت الأبيض", BODY2])) == [BODY, BODY2]


def test_source_share_tag_and_date_lines_dropped():
    text = "\n".join([
        "السبت 12 أكتوبر 2024 | 10:30", BODY, "شارك عبر فيسبوك تويتر واتساب", "الوسوم: بايدن، نتنياهو، غزة",
        BODY2, "المصدر: وكالة سوا", "وكالات", "#سواليف #أخبار"])
    assert clean_paragraphs(text) == [BODY, BODY2]


def test_hashtags_become_words():
    assert clean_paragraphs(f"صرح #لويد_أوستن بأنه اتصل بنظيره #غالانت. {BODY}") == [
        f"صرح لويد أوستن بأنه اتصل بنظيره غالانت. {BODY}"]


def test_exact_duplicates_dropped():
    assert clean_paragraphs("\n".join([BODY, BODY, "غزة", "غزة", BODY2, BODY])) == [BODY, BODY2]


# sn29574 (dev): two fields described in one formula; a reworded copy keeps its figures, these differ
FIELD = ('وتملك سوناطراك حصة قدرها 25 في المائة في حقل بئر سباع بينما تحوز "بي.تي.تي.إي.بي" التايلاندية 35 في '
         'المائة وبتروفيتنام 40 في المائة في الحقل الذي تقدر احتياطياته بنحو 758 مليون برميل.')
OTHER_FIELD = ('وتملك سوناطراك 25 في المائة في حقل بئر مسنة بينما تملك بتروناس الماليزية 35 في المائة وثيبسا '
               'الإسبانية 40 في المائة في الحقل الذي تبلغ احتياطياته 144 مليون برميل.')
# sn6612 (train): two paragraphs with the same royal titles and offices tell two things (who led the
# delegation, who received it); counted as content, the titles made the second a copy of the first
LED = ("ورأس وفد المملكة في الاجتماع نيابة عن خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود – حفظه "
       "الله – صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس الوزراء وزير الداخلية.")
RECEIVED = ("وكان في استقبال سمو ولي العهد وصاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد "
            "النائب الثاني لرئيس مجلس الوزراء وزير الدفاع، لدى وصولهما استراحة لوريل ، الرئيس باراك أوباما.")


@pytest.mark.parametrize(("first", "second", "copy"), [
    (FIELD, OTHER_FIELD, FIELD.replace("تقدر", "تبلغ")),
    # a copy that writes its figures in Arabic-Indic digits keeps them
    (FIELD, OTHER_FIELD, FIELD.replace("تقدر", "تبلغ").replace("758", "٧٥٨")),
    (LED, RECEIVED, LED.replace("ورأس", "وترأس")),
])
def test_paragraphs_with_new_figures_or_sharing_only_titles_are_no_copies(first, second, copy):
    assert clean_paragraphs(f"{first}\n{second}") == [first, second]
    assert clean_paragraphs(f"{first}\n{copy}") == [first]


def test_site_tags_after_the_last_words_are_no_text():
    # sn6342 (train): the site's tags follow the last sentence on its line; "من سمات" is prose
    last = "وهذه المفاوضات حققت تقدما كبيرا حتى الآن."
    assert clean_paragraphs(f"{BODY}\n{last} سمات الحرب اليمن علي صالح") == [BODY, last]
    assert clean_paragraphs(f"{BODY}\nسمات تفجير طوارئ عسير") == [BODY]
    prose = "ويعتبره سمة من سمات تجربته كاتبا"
    assert clean_paragraphs(f"{BODY}\n{prose}") == [BODY, prose]
    # a sentence's end after سمات makes it prose; a tags line cut leaves the paragraph before it whole
    prose = "ويرى الخبراء أن سمات هذا العصر هي السرعة. وأضاف أن الأمر مهم"
    assert clean_paragraphs(f"{BODY}\n{prose}") == [BODY, prose]
    assert clean_paragraphs(f"{BODY}\nوذكر أن للقائد سمات عديدة.\nسمات الصحة كورونا") == [BODY, "وذكر أن للقائد سمات عديدة."]


def test_presentation_forms_are_read_as_letters():
    # sn23527 (train): the lam-alef ligature ﻷ (U+FEF7) inside a university's name
    text = 'ثم قدّم فريق "وعيك درعك" من جامعة ا\ufef7ميرة نورة كلية العلوم الصحية والتأهيل فقرة صحية'
    doc = clean_document(SourceText("sn23527", "sn23527", text, title="\ufe8d\ufee0\ufedc\ufee0\ufef4\ufe94"))
    assert "جامعة الأميرة نورة" in doc.text and doc.title == "الكلية"


def test_title_from_metadata_is_added_to_the_text_once():
    doc = clean_document(SourceText("t", "t", BODY, title="بايدن يتصل بنتنياهو"))
    assert doc.title == "بايدن يتصل بنتنياهو"
    assert lines_of(doc) == ["بايدن يتصل بنتنياهو", BODY]
    doc = clean_document(SourceText("t", "t", "بايدن يتصل بنتنياهو\n" + BODY, title="بايدن يتصل بنتنياهو"))
    assert lines_of(doc) == ["بايدن يتصل بنتنياهو", BODY]


def test_english_article_is_not_an_article():
    text = (DATA / "english_article.txt").read_text(encoding="utf-8")
    with pytest.raises(NotAnArticle, match="not an Arabic article"):
        clean_document(SourceText("english_article", "english_article.txt", text))


def test_furniture_only_is_not_an_article():
    with pytest.raises(NotAnArticle, match="no Arabic article text"):
        clean_document(article("مقالات ذات صلة", "• بايدن يلتقي نتنياهو في البيت الأبيض", "#سواليف", "اظهر المزيد"))
    with pytest.raises(NotAnArticle):
        clean_document(article(""))


def test_a_few_latin_words_do_not_reject_an_arabic_article():
    doc = clean_document(article(BODY + " (CNN, ABC News, The Washington Post)"))
    assert "CNN" in doc.text


# ----------------------------------------------------------------------------------------- sentences


def test_sentences_split_on_punctuation_and_lines_not_in_numbers():
    text = "القرار 1701.5 نافذ. هل التقيا؟ نعم! ثم..\nسطر جديد… وبعده"
    assert [s.text for s in split_sentences(text)] == [
        "القرار 1701.5 نافذ.", "هل التقيا؟", "نعم!", "ثم..", "سطر جديد…", "وبعده"]


def test_sentences_keep_quotes_whole_and_abbreviations():
    text = "قال أوستن: “اتصلت بغالانت. وأكدت الدعم”. والتقى د. محمد الوفد."
    assert [s.text for s in split_sentences(text)] == ["قال أوستن: “اتصلت بغالانت. وأكدت الدعم”.", "والتقى د. محمد الوفد."]


def test_unbalanced_quote_does_not_swallow_a_long_line():
    text = ('قال "' + "كلمة " * 100 + ". ") * 3
    sentences = split_sentences(text)
    assert len(sentences) > 1
    assert all(s.text == text[s.start:s.end] for s in sentences)


# --------------------------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text, iso, precision", [
    ("تم النشر في 14 تشرين الثاني 2023", "2023-11-14", "day"),
    ("اليوم الخميس 10 أكتوبر 2024", "2024-10-10", "day"),
    ("في 3 كانون الثاني 2024", "2024-01-03", "day"),
    ("في 5 ابريل 2024", "2024-04-05", "day"),
    ("في 5 إبريل 2024", "2024-04-05", "day"),
    ("في 20 يونيه 2023", "2023-06-20", "day"),
    ("في 1 اغسطس 2023", "2023-08-01", "day"),
    ("في 9 آب 2023", "2023-08-09", "day"),
    ("في 12 تشرين الأول/ أكتوبر 2023", "2023-10-12", "day"),
    ("في ١٤ نوفمبر ٢٠٢٣", "2023-11-14", "day"),
    ("خلال أيلول 2024", "2024-09", "month"),
    ("بتاريخ 14/11/2023", "2023-11-14", "day"),
    ("بتاريخ 2023-11-14", "2023-11-14", "day"),
    ("قرار صدر عام 2006", "2006", "year"),
])
def test_find_dates_forms(text, iso, precision):
    [mention] = find_dates(text)
    assert (mention.iso, mention.precision) == (iso, precision)
    assert any(ch.isdigit() for ch in text[mention.start:mention.end]) or precision == "month"


def test_find_dates_offsets_point_at_the_date():
    text = "وقال إن اللقاء عقد في 14 تشرين الثاني 2023 في جنيف"
    [mention] = find_dates(text)
    assert text[mention.start:mention.end] == "14 تشرين الثاني 2023"


def test_find_dates_without_year_use_the_reference():
    text = "منذ بداية الهجمات في 8 أكتوبر، وقبل ذلك في 20 أكتوبر، ثم في الأول من تشرين الأول/ أكتوبر الجاري"
    assert [(m.iso, m.precision) for m in find_dates(text, "2024-10-10")] == [
        ("2024-10-08", "day"), ("2023-10-20", "day"), ("2024-10-01", "day")]
    assert find_dates(text) == []  # no year and no reference: unknown


def test_find_dates_skips_impossible_days_and_bare_numbers():
    assert find_dates("في 31 فبراير 2024") == []
    assert find_dates("قرار مجلس الأمن 1701 (2006) ومسافة 10 كيلومترات") == []


def test_publication_date_only_from_a_dateline(seeds_dir):
    assert find_publication_date(seed(seeds_dir, "000").text) is None  # "8 أكتوبر" is an event date
    assert find_publication_date("خبر\n12/10/2024 - 10:30\nنص الخبر") == "2024-10-12"
    assert find_publication_date("التقيا في 14 تشرين الثاني 2023 في جنيف") is None


def test_metadata_date_wins_and_is_normalised():
    doc = clean_document(SourceText("t", "t", "تم النشر في 14 تشرين الثاني 2023\n" + BODY, date="2024-10-09T21:00:00Z"))
    assert doc.date == "2024-10-09"
    assert normalise_date("2024/1/5") == "2024-01-05"
    assert normalise_date("10 أكتوبر 2024") == "2024-10-10"
    assert normalise_date("not a date") is None


def test_content_hash_and_matching_key_agree_on_spelling_variants():
    assert content_hash("غزة") == hashlib.sha256("غزة".encode()).hexdigest()
    assert normalise_arabic("نتانياهو") != normalise_arabic("نتنياهو")  # a key, not a spelling corrector


def test_a_wire_dateline_gives_the_publication_date():
    assert find_publication_date("القاهرة - الخميس 17 أكتوبر 2024 - التقى وزير الخارجية نظيره") == "2024-10-17"
    assert find_publication_date("تل أبيب – (أ ف ب) – 3 آذار 2024\nقال المسؤول") == "2024-03-03"
    # a date after a dash in the body is an event date
    assert find_publication_date("وقال إن الاجتماع - الخميس 17 أكتوبر 2024 كان مهما") is None


# Credits at the top of real SaudiNewsNet train-split articles (docs/annotation.md: bylines and link lines
# are no actors).
@pytest.mark.parametrize("raw, body", [
    ("سلطان السلمي- (تصوير: مشعل الزهراني)- سبق- جدة: أكد مؤسس الشركة أن راتبه كان 4500 ريال.",     # sn15017
     "أكد مؤسس الشركة أن راتبه كان 4500 ريال."),
    ("عين اليوم – جدة\nسيغادر صاحب السمو الملكي الأمير محمد بن سلمان إلى القاهرة.",                 # sn12964
     "سيغادر صاحب السمو الملكي الأمير محمد بن سلمان إلى القاهرة."),
    ("مكة المكرمة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\nنفذت اللجنة النسائية المحلية دورة تدريبية.",  # sn29186
     "نفذت اللجنة النسائية المحلية دورة تدريبية."),
    ("قال المدرب إن الفريق جاهز للمباراة. رابط الخبر بصحيفة الوئام: بن تركي: يجب وضع حد للمماطلات",     # sn1572
     "قال المدرب إن الفريق جاهز للمباراة."),
])
def test_credits_and_link_lines_are_not_article_text(raw, body):
    assert clean_paragraphs(raw) == [body]


def test_a_city_dateline_and_a_dash_in_the_body_stay():
    raw = "القاهرة - الخميس 17 أكتوبر 2024\nالتقى الوزير نظيره المصري - في زيارة قصيرة - وبحثا العلاقات الثنائية."
    assert clean_paragraphs(raw) == raw.split("\n")
