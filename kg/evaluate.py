"""Quality measured against gold data: entity resolution and interactions on the seeds.

The NER model is scored on its held-out test split by :func:`kg.ner.evaluate_model`; this module builds
the seeds' graph and scores it against the hand-written gold files in ``tests/gold/``.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"


def evaluate_resolution(ner: str = "auto", seeds: Path = SEEDS, gold: Path = GOLD / "mentions.tsv") -> dict:
    """Build ``seeds`` and score its entity resolution against ``gold`` (B-cubed and pairwise P/R/F1).

    >>> evaluate_resolution(ner="dictionary")["b_cubed"]["precision"] > 0.9  # doctest: +SKIP
    True
    """
    from kg.resolve import load_gold_mentions, score_resolution

    result = build([seeds], BuildOptions(ner=ner, validate=False))
    documents = {item.document.doc_id: item.document for item in result.documents}
    scores = score_resolution(result.resolution, load_gold_mentions(gold), documents)
    return {"ner": result.report.ner, **scores}


def evaluate_interactions(ner: str = "auto", seeds: Path = SEEDS,
                          gold: Path = GOLD / "interactions.json") -> dict:
    """Build ``seeds`` and score its interactions against ``gold`` (precision, recall, F1).

    >>> evaluate_interactions(ner="dictionary")["precision"] >= 0.9  # doctest: +SKIP
    True
    """
    from kg.extract import score_interactions

    result = build([seeds], BuildOptions(ner=ner, validate=False))
    actors = {actor.actor_id: actor for actor in result.graph.actors}
    scores = score_interactions(result.graph.interactions, json.loads(gold.read_text(encoding="utf-8")), actors)
    return {"ner": result.report.ner, **scores}


def format_scores(scores: dict, indent: int = 0) -> str:
    """Render nested scores as aligned text, floats with three decimals.

    >>> print(format_scores({"micro": {"p": 0.5, "r": 1.0}}), end="")
    micro
      p  0.500
      r  1.000
    """
    width = max((len(str(key)) for key in scores), default=0)
    lines = []
    for key, value in scores.items():
        if isinstance(value, dict):
            lines.append(" " * indent + str(key) + "\n" + format_scores(value, indent + 2).rstrip("\n"))
        else:
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            lines.append(" " * indent + f"{str(key):<{width}}  {shown}")
    return "\n".join(lines) + "\n"
