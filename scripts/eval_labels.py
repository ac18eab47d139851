"""Measure English labels of persons against known press spellings (``kg.labels``).

    python scripts/eval_labels.py dev          # SaudiNewsNet dev persons (tuning)
    python scripts/eval_labels.py kb-tune      # the knowledge base's held-out part (tuning)
    python scripts/eval_labels.py test         # the test split: once, at the end; never read its errors
    python scripts/eval_labels.py dev --errors # print the misses (not for test)

Columns: ``letters`` (kg.resolve.transliterate, the labels before kg.romanise), ``pypi`` (the
arabic-name-romanizer package, when installed: it is not a dependency of kg), ``romanise``
(kg.romanise.romanise) and ``resolved`` (the label resolution gives, dictionary and knowledge base first;
corpus splits only).
"""

from __future__ import annotations

import argparse
import json

from kg.labels import comparable, corpus_pairs, kb_pairs, labellers, resolved_labels, score_labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("set", choices=["train", "dev", "test", "kb-build", "kb-tune"])
    parser.add_argument("--errors", action="store_true", help="print the names romanise gets wrong")
    args = parser.parse_args()
    pairs = kb_pairs(args.set[3:]) if args.set.startswith("kb-") else corpus_pairs(args.set)
    methods = labellers()
    try:
        from arabic_name_romanizer import transliterate as pypi
        methods["pypi"] = pypi
    except ImportError:
        pass
    report = {}
    for name, method in methods.items():
        labels = [method(pair.arabic) for pair in pairs]
        report[name] = score_labels(pairs, labels).as_dict()
        if name == "romanise" and args.errors and args.set != "test":
            for pair, label in zip(pairs, labels):
                if comparable(label) != comparable(pair.english):
                    print(f"{pair.arabic}\t{pair.english}\t{label}")
    if not args.set.startswith("kb-"):
        report["resolved"] = score_labels(pairs, resolved_labels(pairs)).as_dict()
    print(json.dumps({"set": args.set, "pairs": len(pairs), **report}, indent=1))


if __name__ == "__main__":
    main()
