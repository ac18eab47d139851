"""The NewsFANE reader, the fine-to-coarse mapping and the recorded split, on the real corpus."""

import json
from collections import Counter

import pytest

from kg.ner.corpus import (
    COARSE_TYPES,
    SPLIT_FILE,
    coarse_tags,
    entity_spans,
    load_split,
    make_split,
    read_newsfane,
    to_stanza_json,
)
from tests.conftest import SHARED

CORPUS = SHARED / "data" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="NewsFANE corpus not available")


@pytest.fixture(scope="module")
def sentences():
    return read_newsfane(CORPUS)


def test_reader_strips_marks_and_splits_sentences(sentences):
    tokens = [token for sentence in sentences for token in sentence.tokens]
    assert len(sentences) == 4760
    assert len(tokens) == 168080
    assert sentences[0].tokens[:2] == ("فرانكفورت", "(")
    assert not any("\u200e" in token or "\ufeff" in token or "\r" in token or "\t" in token for token in tokens)
    assert all(len(sentence.tokens) == len(sentence.tags) for sentence in sentences)


def test_every_fine_class_is_mapped(sentences):
    fine = {tag[2:] for sentence in sentences for tag in sentence.tags if tag != "O"}
    assert fine <= set(COARSE_TYPES)
    counts = Counter(kind for sentence in sentences for _, _, kind in entity_spans(coarse_tags(sentence.tags)))
    assert set(counts) == {"PER", "ORG", "GPE", "LOC"}
    assert counts["GPE"] > counts["PER"] > counts["ORG"] > counts["LOC"] > 400


def test_coarse_tags_and_spans():
    tags = coarse_tags(["O", "B-Politician", "I-Politician", "I-Nation", "B-Group", "B-Airport", "I-Airport"])
    assert tags == ["O", "B-PER", "I-PER", "B-GPE", "O", "B-LOC", "I-LOC"]
    assert entity_spans(tags) == [(1, 3, "PER"), (3, 4, "GPE"), (5, 7, "LOC")]
    assert entity_spans(["S-ORG", "B-PER", "E-PER", "B-GPE", "I-GPE"]) == [(0, 1, "ORG"), (1, 3, "PER"),
                                                                           (3, 5, "GPE")]


def test_recorded_split_is_the_seeded_split(sentences):
    record = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    expected = make_split(len(sentences), seed=record["seed"])
    assert {name: record[name] for name in ("train", "dev", "test")} == expected
    parts = load_split(CORPUS)
    sizes = {name: len(part) for name, part in parts.items()}
    assert sizes == {"train": 3808, "dev": 476, "test": 476}
    assert not set(record["train"]) & set(record["test"])


def test_stanza_json_is_normalised_like_inference_input():
    sentence = read_newsfane(CORPUS)[0]
    converted = to_stanza_json([sentence])[0]
    assert converted[0] == {"text": "فرانكفورت", "ner": "B-GPE"}
    assert all(not set(word["text"]) & set("أإآى") for word in converted)
