"""Write ``ontology/romanisation-learned.toml``: the spelling of each name unit and the vowels of each word
shape, learned (``kg.romanise.learn_tables``) from the SaudiNewsNet *train* persons and the *build* part of
the knowledge base's people (``kg.labels.kb_part``). The dev split and the knowledge base's *tune* part are
left for tuning, the test split for the final measurement.

    python scripts/build_romanisation.py
"""

from __future__ import annotations

from kg.labels import corpus_pairs, kb_pairs
from kg.romanise import LEARNED_FILE, learn_tables, write_learned


def main() -> None:
    pairs = [(pair.arabic, pair.english) for pair in [*corpus_pairs("train"), *kb_pairs("build")]]
    names, templates = learn_tables(pairs)
    write_learned(names, templates, "SaudiNewsNet train persons and the knowledge base's build part "
                  f"({len(pairs)} names)")
    print(f"wrote {LEARNED_FILE}: {len(names)} names, {len(templates)} templates from {len(pairs)} pairs")


if __name__ == "__main__":
    main()
