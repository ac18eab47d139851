"""The registry of swappable stages: the build, the CLI and the errors all read it."""

import pytest
from typer.testing import CliRunner

from kg import registry
from kg.cli import app
from kg.pipeline import BuildOptions, build


def test_every_registered_stage_loads():
    for kind in ("ner", "extractor"):
        for name in registry.names(kind):
            assert callable(registry.get(kind, name).load())


def test_an_unknown_stage_is_one_line_naming_the_choices():
    with pytest.raises(registry.UnknownComponent, match="choose one of learned, rules"):
        registry.get("extractor", "neural")


def test_the_build_uses_the_extractor_it_is_given():
    rules = build(["seeds/"], BuildOptions(ner="dictionary", extractor="rules", validate=False))
    learned = build(["seeds/"], BuildOptions(ner="dictionary", extractor="learned", validate=False))
    rules_of = {e.evidence[0].rule for e in rules.graph.interactions}
    learned_of = {e.evidence[0].rule for e in learned.graph.interactions}
    assert not any(r.startswith("learned:") for r in rules_of)
    assert any(r.startswith("learned:") for r in learned_of)


def test_cli_offers_the_registered_extractors():
    result = CliRunner().invoke(app, ["build", "--help"])
    assert "learned" in result.output and "rules" in result.output
