"""The learned extractor: candidates, the three classifiers, their decisions, training and the model file."""

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.extract.candidates import document_candidates
from kg.extract.learned import (ExtractorModel, LogisticModel, SoftmaxModel, Thresholds, decide,
                                extract_interactions, load_model)
from kg.extract.train import fit_logistic, fit_softmax, label_document
from kg.corpus import GoldActor, GoldArticle, GoldEvent
from kg.model import Actor, Document, Mention
from kg.normalise import split_sentences

TEXT = ("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في جدة اليوم الرئيس عبد ربه منصور هادي. "
        "وكان الرئيس هادي قد أجرى اتصالا هاتفيا مع بان كي مون.")
ACTORS = {"salman": Actor("salman", "PER", "سلمان بن عبدالعزيز", "Salman"),
          "hadi": Actor("hadi", "PER", "عبد ربه منصور هادي", "Hadi"),
          "ban": Actor("ban", "PER", "بان كي مون", "Ban Ki-moon"),
          "jeddah": Actor("jeddah", "GPE", "جدة", "Jeddah")}


def mentions_of(text):
    found = []
    for name, actor in (("سلمان بن عبدالعزيز", "salman"), ("عبد ربه منصور هادي", "hadi"), ("هادي", "hadi"),
                        ("بان كي مون", "ban"), ("جدة", "jeddah")):
        start = text.find(name)
        while start >= 0:
            if not any(m.start <= start < m.end for m in found):
                found.append(Mention("d", 0, start, start + len(name), name, ACTORS[actor].type, "dictionary",
                                     actor_id=actor))
            start = text.find(name, start + 1)
    return sorted(found, key=lambda m: m.start)


@pytest.fixture
def candidates():
    document = Document("d", "d.txt", TEXT, split_sentences(TEXT), date="2015-08-10")
    return document_candidates(document, mentions_of(TEXT), ACTORS)


def test_candidates_list_each_trigger_with_every_actor_of_its_sentence(candidates):
    rules = [t.rule.type for t in candidates.triggers]
    assert rules == ["host-visit", "call"]
    assert {p.actor for p in candidates.triggers[0].pairs} == {"salman", "hadi", "jeddah"}
    # the rules' choice is a feature, not a decision
    assert any("in_rule=True" in p.features for p in candidates.triggers[0].pairs)


def test_labels_come_from_the_gold_event_that_holds_the_trigger(candidates):
    article = GoldArticle("d", "was", "", TEXT, "2015-08-10", "", "train", actors=[
        GoldActor("salman-bin-abdulaziz", "PER", "Salman", ("سلمان بن عبدالعزيز",)),
        GoldActor("hadi", "PER", "Hadi", ("عبد ربه منصور هادي", "هادي"))],
        events=[GoldEvent("host-visit", "held", ("salman-bin-abdulaziz", "hadi"), TEXT.split(".")[0], "استقبل")])
    labelled = label_document(candidates, article, {"salman": "salman-bin-abdulaziz", "hadi": "hadi"})
    assert [label for _, label in labelled.trigger] == [1, 0]  # the call has no gold event
    assert sorted(label for _, label in labelled.pair) == [0, 1, 1]  # Jeddah is the place, not a party
    assert [label for _, label in labelled.status] == ["held"]


def test_thresholds_decide_over_the_rules_choices(candidates):
    trusting = ExtractorModel(LogisticModel({"bias": 0.0}), LogisticModel({"bias": 0.0}),
                              SoftmaxModel(["held"], {"bias": [1.0]}),
                              Thresholds(new_trigger=0.9, kept_trigger=0.4, new_pair=0.9, kept_pair=0.4))
    draft = decide(candidates.reader, candidates.triggers[0], trusting)
    assert sorted(draft.participants) == ["hadi", "salman"]  # the rules' participants, kept at p = 0.5
    doubting = ExtractorModel(trusting.trigger, trusting.pair, trusting.status,
                              Thresholds(new_trigger=0.9, kept_trigger=0.6, new_pair=0.9, kept_pair=0.4))
    assert decide(candidates.reader, candidates.triggers[0], doubting) is None


def test_the_classifiers_learn_separable_examples():
    model = fit_logistic([(["bias", "in_rule=True"], 1), (["bias", "in_rule=False"], 0)] * 5, l2=1e-4)
    assert model.probability(["bias", "in_rule=True"]) > 0.9 > 0.1 > model.probability(["bias", "in_rule=False"])
    status = fit_softmax([(["bias", "cue=سوف"], "planned"), (["bias"], "held")] * 5, ["held", "planned"], l2=1e-4)
    assert status.predict(["bias", "cue=سوف"]) == "planned" and status.predict(["bias"]) == "held"


def test_model_json_is_deterministic_and_reads_back():
    model = load_model()
    assert ExtractorModel.from_json(model.to_json()).to_json() == model.to_json()
    assert model.trained["train_articles"] >= 150 and model.trained["dev_articles"] >= 50


def test_the_shipped_model_extracts_from_a_real_sentence_shape():
    document = Document("d", "d.txt", TEXT, split_sentences(TEXT), date="2015-08-10")
    events = extract_interactions(document, mentions_of(TEXT), ACTORS)
    assert any(e.type == "host-visit" and set(e.participants) == {"salman", "hadi"} for e in events)


@pytest.mark.slow
def test_kg_extract_train_runs_on_a_tiny_slice_and_is_deterministic(tmp_path):
    runner = CliRunner()
    outputs = []
    for name in ("a.json", "b.json"):
        result = runner.invoke(app, ["extract", "train", "--limit", "4", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    record = json.loads(outputs[0])
    assert record["trained"]["train_articles"] == 4 and set(record) >= {"trigger", "pair", "status", "thresholds"}
