"""Write ``ontology/romanisation-learned.toml``: the spelling of each name unit and the vowels of each word
shape, learned (``kg.romanise.learn_tables``) from the SaudiNewsNet *train* persons and the *build* part of
the knowledge base's people (``kg.labels.kb_part``); and, from the build part's foreign persons
(``kg.labels.PEOPLE_ORIGINS``) the units only foreign names have; and, from its foreign and Arab states' persons, the letter
trigrams that tell a foreign name from an Arabic one. The dev split and the knowledge base's *tune* part are left for
tuning, the test split for the final measurement.

    python scripts/build_romanisation.py
"""

from __future__ import annotations

from kg.arabic import normalise_arabic
from kg.labels import corpus_pairs, kb_pairs
from kg.romanise import LEARNED_FILE, learn_foreign_odds, learn_tables, load_tables, name_units, write_learned


def main() -> None:
    pairs = [*corpus_pairs("train"), *kb_pairs("build")]
    names, templates = learn_tables([(pair.arabic, pair.english) for pair in pairs])
    tables = load_tables(learned=False)
    foreign = [pair.arabic for pair in pairs if pair.origin == "foreign"]
    arabic = [pair.arabic for pair in pairs if pair.origin == "arabic"]
    units = lambda chosen: {normalise_arabic(unit) for name in chosen for unit in name_units(name, tables.particles)}
    others = units(pair.arabic for pair in pairs if pair.origin != "foreign")
    foreign_units = sorted(units(foreign) - others - set(tables.particles))
    write_learned({"foreign_units": foreign_units, "names": names, "templates": templates,
                   "foreign_odds": learn_foreign_odds(arabic, foreign)},
                  f"SaudiNewsNet train persons and the knowledge base's build part ({len(pairs)} names, "
                  f"{len(foreign)} of them foreign)")
    print(f"wrote {LEARNED_FILE}: {len(names)} names, {len(templates)} templates, {len(foreign_units)} foreign "
          f"units from {len(pairs)} pairs")


if __name__ == "__main__":
    main()
