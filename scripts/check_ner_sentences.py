"""Check a file of entity-annotated sentences (the format of ``tests/saudinewsnet/ner/sentences.jsonl``), and
fill in offsets an annotator left out.

    python scripts/check_ner_sentences.py FILE [FILE ...] [--fill]

An entity may be written as ``{"text": ..., "type": ...}`` alone: with ``--fill`` its ``start``/``end`` are
found by searching the sentence left to right from the end of the entity before it (so list entities in
the order they appear), and the file is rewritten. Every problem is printed as ``FILE:LINE: message``; the
exit code is 1 if there was any.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

TYPES = ("PER", "ORG", "GPE", "LOC")


def check_record(record: dict, fill: bool) -> list[str]:
    """The problems of one sentence record; with ``fill``, missing offsets are set first."""
    problems = []
    text = record.get("text", "")
    cursor = 0
    for entity in record.get("entities", []):
        if entity.get("type") not in TYPES:
            problems.append(f"type {entity.get('type')!r} is not one of {', '.join(TYPES)}")
        if fill and "start" not in entity:
            start = text.find(entity.get("text", ""), cursor)
            if start < 0 or not entity.get("text"):
                problems.append(f"{entity.get('text')!r} not found after offset {cursor}")
                continue
            entity["start"], entity["end"] = start, start + len(entity["text"])
        if text[entity.get("start", 0):entity.get("end", 0)] != entity.get("text"):
            problems.append(f"offsets {entity.get('start')}-{entity.get('end')} do not hold {entity.get('text')!r}")
            continue
        if entity["start"] < cursor:
            problems.append(f"{entity['text']!r} overlaps the entity before it or is out of order")
        if entity["text"] != entity["text"].strip():
            problems.append(f"{entity['text']!r} starts or ends with a space")
        cursor = max(cursor, entity["end"])
    record["entities"] = sorted(record.get("entities", []), key=lambda e: (e.get("start", 0), e.get("end", 0)))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--fill", action="store_true", help="find missing offsets and rewrite the file")
    args = parser.parse_args()
    failed = False
    for path in args.files:
        records, types = [], Counter()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{path}:{number}: not JSON ({error})")
                failed = True
                continue
            for problem in check_record(record, args.fill):
                print(f"{path}:{number}: {record.get('id')}: {problem}")
                failed = True
            types.update(e.get("type") for e in record.get("entities", []))
            records.append(record)
        if args.fill:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        print(f"{path}: {len(records)} sentences, {sum(types.values())} entities "
              + " ".join(f"{t} {types[t]}" for t in TYPES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
