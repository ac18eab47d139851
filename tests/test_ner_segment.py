"""Corpus-style clitic segmentation with offsets, using the word counts shipped with the model."""

import pytest

from kg.ner.segment import Segmenter, normalise_for_model
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter.load()


def test_normalisation_matches_the_corpus():
    assert normalise_for_model("أَعلنَ إسرائيل آمال مصطفى ٢٠٢٤") == "اعلن اسرائيل امال مصطفي 2024"


@pytest.mark.parametrize("word, expected", [
    ("وساليفان", ["و", "ساليفان"]),
    ("وإسرائيل", ["و", "اسرائيل"]),
    ("والولايات", ["و", "الولايات"]),
    ("ولحزب", ["و", "ل", "حزب"]),
    ("فإن", ["ف", "ان"]),
    ("ترأسه", ["تراس", "ه"]),
    ("وجوده", ["وجود", "ه"]),
    # words that merely start or end like a clitic stay whole
    ("واشنطن", ["واشنطن"]),
    ("وزير", ["وزير"]),
    ("لبنان", ["لبنان"]),
    ("كان", ["كان"]),
    ("بلينكن", ["بلينكن"]),
    # the corpus keeps ب ل ك on words with the article
    ("بالنسبة", ["بالنسبة"]),
    ("للأمم", ["للامم"]),
])
def test_segments_follow_the_corpus(segmenter, word, expected):
    assert [segment.text for segment in segmenter.segment(word)] == expected


def test_every_segment_maps_back_to_the_original_text(segmenter):
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    segments = segmenter.segment(text)
    assert len(segments) > 500
    for segment in segments:
        original = text[segment.start:segment.end]
        assert normalise_for_model(original) == segment.text
    starts = [segment.start for segment in segments]
    assert starts == sorted(starts)


def test_offsets_skip_diacritics_and_keep_the_original_spelling(segmenter):
    text = "قالَ وإسرائيلُ"
    segments = segmenter.segment(text, offset=10)
    assert [(s.text, s.start, s.end, s.clitic) for s in segments] == [
        ("قال", 10, 14, False), ("و", 15, 16, True), ("اسرائيل", 16, 24, False)]


def test_marks_alone_make_no_token(segmenter):
    assert [s.text for s in segmenter.segment("ـ قال \u064e")] == ["قال"]


def test_mention_bounds_cut_leading_clitics(segmenter):
    text = "التقى بالعراق وساليفان للأمم المتحدة"
    assert text[slice(*segmenter.mention_bounds(text, 6, 13))] == "العراق"
    assert text[slice(*segmenter.mention_bounds(text, 14, 22))] == "ساليفان"
    assert text[slice(*segmenter.mention_bounds(text, 23, 36))] == "لأمم المتحدة"
    assert segmenter.mention_bounds(text, 14, 22) == (15, 22)
