"""Choose the SaudiNewsNet articles to annotate, and split them by article into train / dev / test.

Run once, before any annotation (the choice and the split must not depend on what kg finds in them):

    python scripts/select_saudinewsnet.py ../shared/data/saudinewsnet tests/saudinewsnet

Writes ``articles.jsonl`` (the chosen articles as published) and ``split.json`` (article id -> split,
with the reason each was chosen). The choice is seeded, so a rerun on the same archive gives the same files.

Political articles: an interaction word (met, received, call, talks, visit, ...) and a political actor word
(king, prince, president, minister, ambassador, ...) both present, 60-700 words, drawn in equal numbers per
newspaper (sports papers excluded). Random articles: drawn from the whole archive (60-700 words) to measure
false positives. Near-duplicates (the same agency story in several papers) are kept out, so no story sits
in two splits.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

SEED = 20151
POLITICAL_COUNT = 255
RANDOM_COUNT = 50
MIN_WORDS, MAX_WORDS = 60, 700
SPORTS = {"arreyadi", "arriyadiyah"}

INTERACTION = re.compile(r"استقب[لا]|التقى|يلتقي|اجتمع|اتصالا? هاتفي|مباحثات|محادثات|زيارة|يزور|\bزار\b|"
                         r"مشاورات|مفاوضات|لقاء|تلقى اتصال")
POLITICAL = re.compile(r"الملك|الأمير|ولي العهد|الرئيس|وزير|سفير|خادم الحرمين|الأمين العام|المبعوث|رئيس الوزراء")
TOPICS = {
    "royal-court": re.compile(r"خادم الحرمين|الديوان الملكي|ولي العهد"),
    "foreign-ministry": re.compile(r"وزير الخارجية|وزراء الخارجية"),
    "iran-deal": re.compile(r"النووي|إيران"),
    "yemen": re.compile(r"اليمن|الحوثي"),
    "syria": re.compile(r"سوريا|السوري"),
}


def read_archive(folder: Path) -> list[dict]:
    articles = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            articles.extend(json.loads(line) for line in lines if line.strip())
    return articles


def shingles(text: str) -> set[int]:
    words = re.findall(r"[\u0621-\u064a]+", text)
    return {hash(tuple(words[i:i + 5])) for i in range(max(len(words) - 4, 1))}


def near_duplicate(candidate: set[int], chosen: list[set[int]]) -> bool:
    return any(len(candidate & other) / max(1, min(len(candidate), len(other))) > 0.3 for other in chosen)


def choose(articles: list[dict]) -> dict[str, str]:
    rng = random.Random(SEED)
    sized = [a for a in articles if MIN_WORDS <= len(a["text"].split()) <= MAX_WORDS]
    political = defaultdict(list)
    for article in sized:
        text = article["title"] + "\n" + article["text"]
        if article["source"] not in SPORTS and INTERACTION.search(text) and POLITICAL.search(text):
            political[article["source"]].append(article)
    for pool in political.values():
        rng.shuffle(pool)
    reasons: dict[str, str] = {}
    kept: list[set[int]] = []

    def take(article: dict, reason: str) -> bool:
        marks = shingles(article["text"])
        if article["id"] in reasons or near_duplicate(marks, kept):
            return False
        reasons[article["id"]] = reason
        kept.append(marks)
        return True

    sources = sorted(political)
    while len(reasons) < POLITICAL_COUNT and any(political.values()):
        for source in sources:
            while political[source] and not take(political[source].pop(), "political"):
                pass
            if len(reasons) >= POLITICAL_COUNT:
                break
    pool = sized[:]
    rng.shuffle(pool)
    chosen_random = 0
    while chosen_random < RANDOM_COUNT:
        chosen_random += take(pool.pop(), "random")
    return reasons


def split(reasons: dict[str, str], by_id: dict[str, dict]) -> dict[str, str]:
    """Round-robin over (reason, newspaper) strata, so each split has its share of both."""
    rng = random.Random(SEED + 1)
    strata = defaultdict(list)
    for article_id in sorted(reasons):
        strata[(reasons[article_id], by_id[article_id]["source"])].append(article_id)
    order = []
    for key in sorted(strata):
        rng.shuffle(strata[key])
        order.extend(strata[key])
    # in every run of ten articles of the stratified order: three to test, two to dev, five to train
    slots = ("test", "dev", "train", "test", "train", "train", "test", "train", "dev", "train")
    return {article_id: slots[position % 10] for position, article_id in enumerate(order)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    articles = read_archive(args.archive)
    by_id = {a["id"]: a for a in articles}
    reasons = choose(articles)
    assignment = split(reasons, by_id)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "articles.jsonl", "w", encoding="utf-8") as out:
        for article_id in sorted(reasons, key=lambda i: int(i[2:])):
            article = by_id[article_id]
            record = {k: article[k] for k in ("id", "source", "date", "url", "title", "text")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    split_record = {article_id: {"split": assignment[article_id], "chosen": reasons[article_id],
                                 "source": by_id[article_id]["source"]}
                    for article_id in sorted(reasons, key=lambda i: int(i[2:]))}
    (args.out / "split.json").write_text(json.dumps(split_record, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    print(Counter(v["split"] for v in split_record.values()),
          Counter((v["split"], v["chosen"]) for v in split_record.values()))
    topics = Counter(t for a in reasons if reasons[a] == "political"
                     for t, rx in TOPICS.items() if rx.search(by_id[a]["text"]))
    print("topics among political:", dict(topics))
    print("sources:", Counter(by_id[a]["source"] for a in reasons))


if __name__ == "__main__":
    main()
