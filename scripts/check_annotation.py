"""Check annotation files against docs/annotation.md: fields, values, and that every copied string is in
the article. Prints one line per problem and exits with 1 if there is any.

    python scripts/check_annotation.py tests/saudinewsnet/gold/sn1234.json [...]
    python scripts/check_annotation.py tests/saudinewsnet/gold/            # every file in a folder
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.corpus import annotation_problems, load_articles  # noqa: E402


def main(paths: list[str]) -> int:
    files = [f for p in map(Path, paths) for f in (sorted(p.glob("*.json")) if p.is_dir() else [p])]
    articles = {}
    for file in files:
        corpus = file.resolve().parent.parent
        if corpus not in articles:
            articles[corpus] = load_articles(corpus / "articles.jsonl")
    problems = [f"{file}: {problem}" for file in files
                for problem in annotation_problems(file, articles[file.resolve().parent.parent])]
    print("\n".join(problems) if problems else f"{len(files)} file(s) OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
