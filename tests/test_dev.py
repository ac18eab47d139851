"""Regression guard on the development set (tests/dev): seven hand-written articles with hand-written gold,
written to make the rules generalise beyond the seeds (see tests/dev/README.md).

Floors are the figures measured when the set was made, minus 0.05: a drop below them means a rule change
lost constructions the set covers.
"""

from pathlib import Path

import pytest

from kg.evaluate import evaluate_interactions, evaluate_resolution

DEV = Path(__file__).parent / "dev"
ARTICLES, GOLD = DEV / "articles", DEV / "gold"

#: Measured on 2026-11-23: (interactions P, R), (B-cubed P, R).
MEASURED = {
    "project": ((0.931, 0.931), (0.990, 0.992)),
    "dictionary": ((0.862, 0.862), (1.000, 0.960)),
}
MARGIN = 0.05


@pytest.mark.slow
@pytest.mark.parametrize("ner", sorted(MEASURED))
def test_dev_interactions_stay_at_their_measured_level(ner):
    (precision, recall), _ = MEASURED[ner]
    score = evaluate_interactions(ner=ner, seeds=ARTICLES, gold=GOLD / "interactions.json")
    assert score["precision"] >= precision - MARGIN and score["recall"] >= recall - MARGIN, score


@pytest.mark.slow
@pytest.mark.parametrize("ner", sorted(MEASURED))
def test_dev_resolution_stays_at_its_measured_level(ner):
    _, (precision, recall) = MEASURED[ner]
    score = evaluate_resolution(ner=ner, seeds=ARTICLES, gold=GOLD / "mentions.tsv")["b_cubed"]
    assert score["precision"] >= precision - MARGIN and score["recall"] >= recall - MARGIN, score
