"""Quality on the seeds against the hand-written gold files, through the real build."""

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import (
    evaluate_interactions,
    evaluate_resolution,
    format_scores,
    score_interactions,
)
from kg.model import Evidence, Interaction


@pytest.mark.slow
@pytest.mark.parametrize("ner", ["dictionary", "project"])
def test_resolution_meets_the_goal_on_the_seeds(ner):
    scores = evaluate_resolution(ner=ner)
    assert scores["ner"] == ner
    assert scores["b_cubed"]["precision"] >= 0.95 and scores["b_cubed"]["recall"] >= 0.95
    assert scores["matched_mentions"] == scores["gold_mentions"]


@pytest.mark.slow
def test_interactions_meet_the_goal_on_the_seeds():
    scores = evaluate_interactions(ner="project")
    assert scores["precision"] >= 0.90 and scores["recall"] >= 0.85, scores


def test_format_scores_aligns_nested_figures():
    text = format_scores({"micro": {"p": 0.81234, "r": 1.0}, "support": 12})
    assert text.splitlines() == ["micro", "  p  0.812", "  r  1.000", "support  12"]


@pytest.mark.slow
def test_eval_ner_json_has_the_documented_shape():
    result = CliRunner().invoke(app, ["eval", "ner", "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores["micro"]) >= {"p", "r", "f1"}
    assert {"PER", "ORG", "GPE", "LOC"} <= set(scores["per_type"])
    assert scores["sentences_per_second"] > 0
    assert scores["micro"]["f1"] > 0.6


def test_score_counts_matches_on_family_participants_status_and_document():
    call = Interaction("e1", "call", "041", "held", ["a", "b"], [Evidence("d1", 0, 0, 1, ".", "r", 0.9)],
                       date="2024-10-09", date_precision="day")
    talks = Interaction("e2", "negotiation", "046", "held", ["a", "c"], [Evidence("d1", 1, 2, 3, ".", "r", 0.9)])
    gold = [{"doc": "d1", "type": "call", "participants": ["b", "a"], "status": "held", "date": "2024-10-08"},
            {"doc": "d1", "type": "meeting", "participants": ["a", "c"], "status": "held", "date": None},
            {"doc": "d1", "type": "visit", "participants": ["a", "d"], "status": "held", "date": None}]
    score = score_interactions([call, talks], gold, {})
    assert (score["precision"], round(score["recall"], 3), score["matched"]) == (1.0, 0.667, 2)
    assert score["date_accuracy"] == 0.5 and score["missed"] == ["d1 visit held a+d"]
