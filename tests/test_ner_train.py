"""`kg ner train` really trains: a short run on the recorded split gives a model the recogniser loads."""

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Document, Sentence
from kg.ner.corpus import DEFAULT_CORPUS
from kg.ner.stanza_backend import ProjectRecogniser
from kg.ner.train import CARD_NAME, MODEL_NAME


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_CORPUS.exists(), reason=f"NewsFANE corpus not found at {DEFAULT_CORPUS}")
def test_a_short_training_run_writes_a_loadable_model(tmp_path):
    pytest.importorskip("gensim")
    result = CliRunner().invoke(app, ["ner", "train", "--out", str(tmp_path), "--max-steps", "60"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / MODEL_NAME).stat().st_size > 100_000
    card = json.loads((tmp_path / CARD_NAME).read_text(encoding="utf-8"))
    assert card["max_steps"] == 60
    text = "وقال الرئيس إن الوفد وصل إلى بيروت."
    recogniser = ProjectRecogniser(tmp_path)
    mentions = recogniser.recognise([Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])])
    assert all(text[m.start:m.end] == m.text for m in mentions[0])
