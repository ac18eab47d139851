"""The annotated SaudiNewsNet corpus: its split, its files, and the checker that guards them."""

import json
from collections import Counter

import pytest

from kg.corpus import CORPUS, EVENT_TYPES, annotation_problems, load_articles, load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_split_is_by_article_with_enough_test_articles(corpus):
    split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    counts = Counter(entry["split"] for entry in split.values())
    assert counts["test"] >= 80 and counts["dev"] >= 50 and counts["train"] >= 150
    chosen = Counter(entry["chosen"] for entry in split.values())
    assert chosen["political"] >= 250 and chosen["random"] >= 50
    # every chosen article is annotated, and each sits in exactly one split
    assert set(corpus.articles) == set(split)
    assert {a.split for a in corpus.articles.values()} == {"train", "dev", "test"}


def test_every_annotation_file_passes_the_checker(corpus):
    articles = load_articles()
    for folder in ("gold", "agreement"):
        for path in sorted((CORPUS / folder).glob("*.json")):
            assert annotation_problems(path, articles) == [], path


def test_annotations_hold_real_events_of_every_annotated_type(corpus):
    types = Counter(e.type for a in corpus.articles.values() for e in a.events)
    assert sum(types.values()) >= 150
    assert {"meeting", "call", "visit", "host-visit"} <= set(types) <= set(EVENT_TYPES)
    statuses = Counter(e.status for a in corpus.articles.values() for e in a.events)
    assert statuses["planned"] >= 10


def test_second_annotation_covers_25_test_articles():
    second = load_corpus(annotations="agreement")
    assert len(second.articles) == 25
    assert {a.split for a in second.articles.values()} == {"test"}


def test_checker_reports_a_sentence_that_is_not_in_the_article(tmp_path):
    articles = load_articles()
    article_id = "sn626"
    record = {"id": article_id, "actors": [{"key": "iran", "type": "GPE", "names": ["إيران"]}],
              "events": [{"type": "meeting", "status": "held", "participants": ["iran", "nobody"],
                          "sentence": "جملة ليست في المقال", "trigger": "لقاء"}]}
    path = tmp_path / f"{article_id}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    problems = annotation_problems(path, articles)
    assert any("'nobody' is not an actor" in p for p in problems)
    assert any("sentence" in p and "is not in the article" in p for p in problems)
