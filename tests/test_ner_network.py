"""The shipped NER network run without Stanza's pipeline: the same tags as Stanza's pipeline gives."""

import numpy as np
import pytest
import stanza
from stanza.models.common.crf import viterbi_decode

from kg.ner.corpus import coarse_tags, load_split
from kg.ner.evaluate import DEFAULT_CORPUS, score_tags
from kg.ner.network import NetworkTagger, viterbi_batch
from kg.ner.segment import normalise_for_model
from kg.ner.stanza_backend import PROJECT_MODEL_DIR
from kg.ner.train import MODEL_NAME, PRETRAIN_NAME

pytestmark = pytest.mark.skipif(not DEFAULT_CORPUS.is_file(), reason="NewsFANE corpus not available")


@pytest.fixture(scope="module")
def test_sentences():
    return load_split(DEFAULT_CORPUS)["test"][:160]


@pytest.fixture(scope="module")
def tokens(test_sentences):
    return [[normalise_for_model(token) for token in sentence.tokens] for sentence in test_sentences]


def load(**options) -> NetworkTagger:
    return NetworkTagger.load(PROJECT_MODEL_DIR / MODEL_NAME, PROJECT_MODEL_DIR / PRETRAIN_NAME, **options)


def test_tags_are_those_of_stanzas_pipeline(tokens):
    pipeline = stanza.Pipeline(lang="ar", dir=str(PROJECT_MODEL_DIR), processors="tokenize,ner",
                               download_method=None, tokenize_pretokenized=True, logging_level="WARN",
                               ner_model_path=str(PROJECT_MODEL_DIR / MODEL_NAME),
                               ner_pretrain_path=str(PROJECT_MODEL_DIR / PRETRAIN_NAME))
    expected = [[token.ner for token in sentence.tokens] for sentence in pipeline(tokens).sentences]
    assert load().tag(tokens) == expected


def test_batching_and_input_order_do_not_change_a_sentences_tags(tokens):
    whole = load().tag(tokens)
    small_batches = load(sentence_batch=7).tag(tokens[::-1])[::-1]
    assert small_batches == whole
    assert load().tag(tokens[:1]) == whole[:1]
    assert load().tag([[], tokens[0], []]) == [[], whole[0], []]


def test_int8_stays_close_to_float(test_sentences, tokens):
    gold = [coarse_tags(sentence.tags) for sentence in test_sentences]
    exact = score_tags(gold, load().tag(tokens))["micro"]["f1"]
    quantised = score_tags(gold, load(int8=True).tag(tokens))["micro"]["f1"]
    assert abs(exact - quantised) < 1.5


def test_batched_viterbi_matches_stanzas_decoder():
    generator = np.random.default_rng(7)
    transitions = generator.normal(size=(9, 9)).astype(np.float32)
    lengths = [12, 12, 9, 5, 1]
    scores = generator.normal(size=(len(lengths), 12, 9)).astype(np.float32)
    expected = [[int(tag) for tag in viterbi_decode(scores[i, :n], transitions)[0]] for i, n in enumerate(lengths)]
    assert viterbi_batch(scores, lengths, transitions) == expected
