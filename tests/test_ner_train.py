"""`kg ner train` really trains: a short run on the recorded split gives a model the recogniser loads."""

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.model import Document, Sentence
from kg.ner.corpus import DEFAULT_CORPUS
from kg.ner.stanza_backend import ProjectRecogniser
from kg.ner.train import CARD_NAME, MODEL_NAME, NEWS_REPEAT


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_CORPUS.exists(), reason=f"NewsFANE corpus not found at {DEFAULT_CORPUS}")
def test_a_short_training_run_writes_a_loadable_model(tmp_path):
    pytest.importorskip("gensim")
    result = CliRunner().invoke(app, ["ner", "train", "--out", str(tmp_path), "--max-steps", "60"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / MODEL_NAME).stat().st_size > 100_000
    card = json.loads((tmp_path / CARD_NAME).read_text(encoding="utf-8"))
    assert card["max_steps"] == 60
    assert card["news_repeat"] == 0  # the CC BY-SA model is trained on NewsFANE alone
    text = "وقال الرئيس إن الوفد وصل إلى بيروت."
    recogniser = ProjectRecogniser(tmp_path)
    mentions = recogniser.recognise([Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])])
    assert all(text[m.start:m.end] == m.text for m in mentions[0])


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_CORPUS.exists(), reason=f"NewsFANE corpus not found at {DEFAULT_CORPUS}")
def test_vectors_from_an_archive_give_a_model_with_its_licence(tmp_path):
    import gzip

    pytest.importorskip("gensim")
    archive = tmp_path / "archive"
    archive.mkdir()
    text = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة زائرا اسمه قرطبيل."
    with gzip.open(archive / "2015-08-09.jsonl.gz", "wt", encoding="utf-8") as handle:
        for number in range(40):
            handle.write(json.dumps({"id": f"x{number}", "text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "model"
    result = CliRunner().invoke(app, ["ner", "train", "--out", str(out), "--max-steps", "40",
                                      "--vectors", "saudinewsnet", "--archive", str(archive)])
    assert result.exit_code == 0, result.output
    card = json.loads((out / CARD_NAME).read_text(encoding="utf-8"))
    assert card["vectors"]["source"] == "saudinewsnet" and card["vectors"]["max_vocab"] == 40_000
    assert card["news_repeat"] == NEWS_REPEAT > 0  # the real-news training sentences joined NewsFANE's
    assert card["real_news_dev"]["per_type"]["ORG"]["support"] > 0
    assert "CC BY-NC-SA 4.0" in (out / "ATTRIBUTION-SaudiNewsNet.md").read_text(encoding="utf-8")
    # a word only the archive has is in the vectors
    from stanza.models.common.pretrain import Pretrain

    assert "قرطبيل" in Pretrain(str(out / "ar_newsfane_pretrain.pt")).vocab
