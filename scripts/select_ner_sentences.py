"""Choose SaudiNewsNet sentences to annotate with entity spans for training the NER on real news, and split
them by article into train / dev / test.

Run once, before any annotation (the choice must not depend on what the model finds in them):

    python scripts/select_ner_sentences.py ../shared/data/saudinewsnet tests/saudinewsnet/ner/archive

The articles are drawn from the archive past the 305 annotated ones (``tests/saudinewsnet/articles.jsonl``)
and past any near-duplicate of them, so no story of the actor and interaction evaluation is trained on:
two thirds political (as ``select_saudinewsnet.py`` defines it, equal numbers per newspaper, sports papers
included for their clubs and venues), one third random. Each article gives its first
``SENTENCES_PER_ARTICLE`` sentences of at least five words, as ``kg.normalise.clean_document`` splits
them. Writes ``<split>.jsonl`` with empty entity lists, in the format of ``../sentences.jsonl``; the
choice is seeded, so a rerun on the same archive writes the same files.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from select_saudinewsnet import (
    INTERACTION,
    MAX_WORDS,
    MIN_WORDS,
    POLITICAL,
    near_duplicate,
    read_archive,
    shingles,
)

SEED = 20161
POLITICAL_COUNT = 80
RANDOM_COUNT = 40
SENTENCES_PER_ARTICLE = 4
#: In every run of five articles of the seeded order: three to train, one to dev, one to test.
SLOTS = ("train", "dev", "train", "test", "train")


def first_sentences(article: dict, count: int = SENTENCES_PER_ARTICLE) -> list[str]:
    from kg.model import SourceText
    from kg.normalise import NotAnArticle, clean_document

    try:
        document = clean_document(SourceText(article["id"], article["id"], article["text"],
                                             title=article.get("title")))
    except NotAnArticle:
        return []
    return [s.text for s in document.sentences if len(s.text.split()) >= 5][:count]


def choose(articles: list[dict], annotated: list[dict]) -> list[dict]:
    rng = random.Random(SEED)
    taken = {a["id"] for a in annotated}
    kept = [shingles(a["text"]) for a in annotated]
    sized = [a for a in articles if MIN_WORDS <= len(a["text"].split()) <= MAX_WORDS and a["id"] not in taken]
    political = defaultdict(list)
    for article in sized:
        text = article["title"] + "\n" + article["text"]
        if INTERACTION.search(text) and POLITICAL.search(text):
            political[article["source"]].append(article)
    for pool in political.values():
        rng.shuffle(pool)
    chosen: list[dict] = []

    def take(article: dict) -> bool:
        marks = shingles(article["text"])
        if article["id"] in taken or near_duplicate(marks, kept) or not first_sentences(article):
            return False
        taken.add(article["id"])
        kept.append(marks)
        chosen.append(article)
        return True

    while len(chosen) < POLITICAL_COUNT and any(political.values()):
        for source in sorted(political):
            while political[source] and not take(political[source].pop()):
                pass
            if len(chosen) >= POLITICAL_COUNT:
                break
    pool = sized[:]
    rng.shuffle(pool)
    while len(chosen) < POLITICAL_COUNT + RANDOM_COUNT:
        take(pool.pop())
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--annotated", type=Path, default=Path("tests/saudinewsnet/articles.jsonl"))
    args = parser.parse_args()
    annotated = [json.loads(line) for line in args.annotated.read_text(encoding="utf-8").splitlines()]
    chosen = choose(read_archive(args.archive), annotated)
    rows: dict[str, list[dict]] = defaultdict(list)
    for position, article in enumerate(chosen):
        for index, text in enumerate(first_sentences(article)):
            rows[SLOTS[position % len(SLOTS)]].append(
                {"id": f"{article['id']}-{index}", "article": article["id"], "sentence": index, "text": text,
                 "entities": []})
    args.out.mkdir(parents=True, exist_ok=True)
    for split, records in sorted(rows.items()):
        with open(args.out / f"{split}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        print(f"{split}: {len(records)} sentences of {len({r['article'] for r in records})} articles")


if __name__ == "__main__":
    main()
