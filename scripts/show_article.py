"""Print annotated-corpus articles by id, with their reference metadata: python scripts/show_article.py sn626 [...]"""

import json
import sys
from pathlib import Path

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "saudinewsnet" / "articles.jsonl"

wanted = set(sys.argv[1:])
with open(ARTICLES, encoding="utf-8") as lines:
    for record in map(json.loads, lines):
        if record["id"] in wanted:
            print(f"=== {record['id']}  source={record['source']}  date={record['date']}\nTITLE: {record['title']}\n")
            print(record["text"])
            print()
