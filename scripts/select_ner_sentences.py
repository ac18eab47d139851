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

    python scripts/select_ner_sentences.py ../shared/data/saudinewsnet tests/saudinewsnet/ner/archive --add-to-train 100

chooses that many more articles the same way (another seed, past every article already in the folder) and
prints their sentences as JSON lines to be annotated and appended to ``train.jsonl``: the dev and test
parts stay as they were chosen.

    python scripts/select_ner_sentences.py ../shared/data/saudinewsnet tests/saudinewsnet/ner/archive --add-to-train 200 --focus org

chooses the articles the same way but takes from each, anywhere in it, the first sentences that name a
body by one of its head nouns (``ORGANISATION_HEADS``): organisations are what the model misses most on real
news, and the first sentences of an article mostly name people.
"""

from __future__ import annotations

import argparse
import json
import random
import re
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
#: Nouns that head the name of a body (a ministry, a company, a club, a council...), as words with or without
#: the article or a clitic; a sentence with one is likely to name an organisation.
ORGANISATION_HEADS = re.compile(
    r"(?:^|\s)[وبلف]?(?:ال|لل)?(?:وزارة|هيئة|شركة|جامعة|نادي|مجلس|إدارة|مؤسسة|بنك|مصرف|صندوق|منظمة|جمعية|لجنة|"
    r"مركز|اتحاد|مستشفى|وكالة|أمانة|بلدية|غرفة|حزب|جماعة|تنظيم|حركة|مديرية|رئاسة|كلية|معهد|محكمة|"
    r"ديوان|برنامج|مجموعة|قناة|صحيفة|جريدة|منتخب|دار|مصلحة|قيادة|قوات|الأمم)(?:\s|$)")
#: In every run of five articles of the seeded order: three to train, one to dev, one to test.
SLOTS = ("train", "dev", "train", "test", "train")


def first_sentences(article: dict, count: int = SENTENCES_PER_ARTICLE, pattern: re.Pattern | None = None) -> list[str]:
    from kg.model import SourceText
    from kg.normalise import NotAnArticle, clean_document

    try:
        document = clean_document(SourceText(article["id"], article["id"], article["text"],
                                             title=article.get("title")))
    except NotAnArticle:
        return []
    return [s.text for s in document.sentences
            if len(s.text.split()) >= 5 and (pattern is None or pattern.search(s.text))][:count]


def choose(articles: list[dict], annotated: list[dict], political_count: int = POLITICAL_COUNT,
           random_count: int = RANDOM_COUNT, seed: int = SEED, pattern: re.Pattern | None = None) -> list[dict]:
    rng = random.Random(seed)
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
        if article["id"] in taken or near_duplicate(marks, kept) or not first_sentences(article, pattern=pattern):
            return False
        taken.add(article["id"])
        kept.append(marks)
        chosen.append(article)
        return True

    while len(chosen) < political_count and any(political.values()):
        for source in sorted(political):
            while political[source] and not take(political[source].pop()):
                pass
            if len(chosen) >= political_count:
                break
    pool = sized[:]
    rng.shuffle(pool)
    while len(chosen) < political_count + random_count:
        take(pool.pop())
    return chosen


def sentence_records(article: dict, pattern: re.Pattern | None = None) -> list[dict]:
    return [{"id": f"{article['id']}-{index}", "article": article["id"], "sentence": index, "text": text,
             "entities": []} for index, text in enumerate(first_sentences(article, pattern=pattern))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--annotated", type=Path, default=Path("tests/saudinewsnet/articles.jsonl"))
    parser.add_argument("--add-to-train", type=int, default=0, metavar="N",
                        help="print the sentences of N more articles for the train part")
    parser.add_argument("--focus", choices=["org"], help="with --add-to-train: take sentences that name a body")
    args = parser.parse_args()
    annotated = [json.loads(line) for line in args.annotated.read_text(encoding="utf-8").splitlines()]
    archive = read_archive(args.archive)
    if args.add_to_train:
        by_id = {a["id"]: a for a in archive}
        done = {json.loads(line)["article"] for path in sorted(args.out.glob("*.jsonl"))
                for line in path.read_text(encoding="utf-8").splitlines()}
        pattern = ORGANISATION_HEADS if args.focus == "org" else None
        seed = SEED + args.add_to_train + (1 if pattern else 0)
        more = choose(archive, annotated + [by_id[i] for i in sorted(done)],
                      political_count=args.add_to_train * 2 // 3,
                      random_count=args.add_to_train - args.add_to_train * 2 // 3, seed=seed, pattern=pattern)
        for article in more:
            print("\n".join(json.dumps(r, ensure_ascii=False) for r in sentence_records(article, pattern)))
        return
    chosen = choose(archive, annotated)
    rows: dict[str, list[dict]] = defaultdict(list)
    for position, article in enumerate(chosen):
        rows[SLOTS[position % len(SLOTS)]].extend(sentence_records(article))
    args.out.mkdir(parents=True, exist_ok=True)
    for split, records in sorted(rows.items()):
        with open(args.out / f"{split}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        print(f"{split}: {len(records)} sentences of {len({r['article'] for r in records})} articles")


if __name__ == "__main__":
    main()
