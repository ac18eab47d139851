"""Benchmark entity resolution at scale: >= 100,000 synthetic mentions, seconds and peak memory.

Mentions are drawn from the actor dictionary and from random made-up names, each written with the
spelling noise of real articles (a long vowel added or dropped, غ/ج/ك, ت/ط, س/ص, a doubled letter, spacing)
and often by surname alone, spread over articles of 20 mentions. Since the generator knows each mention's
actor, the B-cubed precision and recall of the result are printed too.

    /work/venv/bin/python bench/bench_resolve.py [--mentions 100000] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.model import Mention, Resolution  # noqa: E402
from kg.recognise import load_dictionary  # noqa: E402
from kg.resolve import resolve, score_resolution  # noqa: E402

CONSONANTS = "بتجدرزسشصطعفقكلمنهخ"
VOWELS = "اوي"
SWAPS = {"غ": "ج", "ج": "غ", "ك": "غ", "ت": "ط", "ط": "ت", "س": "ص", "ص": "س", "ز": "ذ"}
MENTIONS_PER_ARTICLE = 20


def random_word(rng: random.Random) -> str:
    """A made-up name word of 2-3 syllables, consonant + optional long vowel."""
    return "".join(rng.choice(CONSONANTS) + (rng.choice(VOWELS) if rng.random() < 0.5 else "")
                   for _ in range(rng.randint(2, 3)))


def noisy(name: str, rng: random.Random) -> str:
    """``name`` with one kind of spelling noise, or unchanged."""
    kind = rng.random()
    position = rng.randrange(1, len(name)) if len(name) > 1 else 0
    if kind < 0.15 and name[position] in VOWELS and name[position - 1] != " ":
        return name[:position] + name[position + 1:]                    # long vowel dropped
    if kind < 0.30 and name[position] != " " and name[position - 1] != " ":
        return name[:position] + rng.choice("اي") + name[position:]     # long vowel added
    if kind < 0.40:
        return "".join(SWAPS.get(char, char) if rng.random() < 0.5 else char for char in name)
    if kind < 0.45 and name[position] != " ":
        return name[:position] + name[position] + name[position:]       # doubled letter
    return name


def make_mentions(count: int, seed: int) -> tuple[list[Mention], dict[tuple[str, int, int], str]]:
    """``count`` mentions over articles of 20, and the true actor of each (for scoring)."""
    rng = random.Random(seed)
    dictionary = load_dictionary()
    people = [(e.key, e.type, e.spellings[0]) for e in dictionary.entries.values() if e.spellings]
    made_up = [(f"made-up-{i}", "PER", f"{random_word(rng)} {random_word(rng)}") for i in range(count // 10)]
    made_up += [(f"made-up-org-{i}", "ORG", f"حركة {random_word(rng)}") for i in range(count // 50)]
    actors = people + made_up
    mentions, truth = [], {}
    article = 0
    while len(mentions) < count:
        doc_id = f"doc{article:06d}"
        cast = rng.sample(actors, 5)
        offset = 0
        for _ in range(MENTIONS_PER_ARTICLE):
            key, type_, name = rng.choice(cast)
            words = name.split()
            if type_ == "PER" and len(words) > 1 and rng.random() < 0.4:
                text = words[-1]                                           # surname alone
            else:
                text = noisy(name, rng)
            mentions.append(Mention(doc_id, 0, offset, offset + len(text), text, type_, "project"))
            truth[(doc_id, offset, offset + len(text))] = key
            offset += len(text) + 1
        article += 1
    return mentions[:count], truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    mentions, truth = make_mentions(args.mentions, args.seed)
    dictionary = load_dictionary()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    resolution: Resolution = resolve(mentions, dictionary)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kept = {(m.doc_id, m.start, m.end) for m in mentions}
    scores = score_resolution(resolution, {k: v for k, v in truth.items() if k in kept})
    print(f"mentions: {len(mentions)}  distinct surfaces: {len({m.text for m in mentions})}  "
          f"actors: {len(resolution.actors)}")
    print(f"resolve: {seconds:.1f} s  peak memory (process RSS): {peak_mb:.0f} MB "
          f"(before resolving: {before / 1024:.0f} MB)")
    for name in ("b_cubed", "pairwise"):
        score = scores[name]
        print(f"{name} vs generator truth: P={score['precision']:.3f} R={score['recall']:.3f} F1={score['f1']:.3f}")


if __name__ == "__main__":
    main()
