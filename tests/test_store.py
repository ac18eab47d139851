"""The incremental store (issue 18, item 1): articles are keyed by id, a changed article replaces its old
analysis, and every incremental build equals a fresh build of the stored articles, byte for byte."""

import shutil

import pytest

from kg.pipeline import BuildOptions, NothingRead, build, write_outputs
from kg.store import ArticleStore, StoreBusy, StoreError

EXTRA = "وفي تطور لاحق التقى الرئيس الأمريكي جو بايدن رئيس الوزراء الإسرائيلي بنيامين نتنياهو في واشنطن."


def output_bytes(result, out):
    """Every output of ``result`` but report.json (which counts what this run did), by name."""
    write_outputs(result, out)
    return {path.relative_to(out).as_posix(): path.read_bytes()
            for path in sorted(out.rglob("*")) if path.is_file() and path.name != "report.json"}


def fresh_outputs(articles, tmp_path, name):
    folder = tmp_path / f"fresh-{name}"
    folder.mkdir()
    for stem, text in articles.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    return output_bytes(build([folder], BuildOptions(ner="dictionary")), tmp_path / f"fresh-out-{name}")


def test_edits_deletes_renames_and_readds_across_five_runs_equal_fresh_builds(seeds_dir, tmp_path):
    seeds = {path.stem: path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))}
    a, b, c, d, e = seeds
    inbox, store = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()

    def run(number, changes, expected, prune=False):
        for stem in list(inbox.iterdir()):
            stem.unlink()
        for stem, text in changes.items():
            (inbox / f"{stem}.txt").write_text(text, encoding="utf-8")
        result = build([inbox], BuildOptions(ner="dictionary", store=store, prune=prune))
        assert output_bytes(result, tmp_path / f"out-{number}") == fresh_outputs(expected, tmp_path, number)
        return result

    # 1. three articles
    current = {a: seeds[a], b: seeds[b], c: seeds[c]}
    run(1, current, current)
    # 2. a is edited (news sites edit articles) and d arrives; b and c are not given again
    current |= {a: seeds[a] + "\n" + EXTRA, d: seeds[d]}
    second = run(2, {a: current[a], d: current[d]}, current)
    assert second.report.documents_unchanged == 0 and second.report.documents_read == 4
    # 3. b is renamed, the whole collection given with --prune: the old name leaves the store
    current = {a: current[a], "renamed": seeds[b], c: seeds[c], d: seeds[d]}
    third = run(3, current, current, prune=True)
    assert third.report.documents_unchanged == 3
    # 4. c is deleted and a restored to its first version
    current = {a: seeds[a], "renamed": seeds[b], d: seeds[d]}
    run(4, current, current, prune=True)
    # 5. c comes back, and e's text arrives under d's name, a name already stored
    current |= {c: seeds[c], d: seeds[e]}
    run(5, {c: seeds[c], d: seeds[e]}, current)


def test_an_article_under_two_ids_is_counted_once_whatever_the_order(seeds_dir, tmp_path):
    article = next(iter(sorted(seeds_dir.glob("*.txt")))).read_text(encoding="utf-8")
    for name in ("z-copy", "a-copy"):
        (tmp_path / f"{name}.txt").write_text(article, encoding="utf-8")
    result = build([tmp_path / "z-copy.txt", tmp_path / "a-copy.txt"], BuildOptions(ner="dictionary"))
    assert [source.doc_id for source in result.graph.sources] == ["a-copy"]
    assert result.report.documents_duplicate == 1


def test_changing_the_recogniser_analyses_again(seeds_dir, tmp_path, monkeypatch):
    store = tmp_path / "store"
    build([seeds_dir], BuildOptions(ner="dictionary", store=store))
    monkeypatch.setattr("kg.__version__", "0.0.0-other")
    again = build([seeds_dir], BuildOptions(ner="dictionary", store=store))
    assert again.report.documents_unchanged == 0


def test_new_rules_a_new_ner_model_or_new_code_analyse_again(tmp_path):
    from kg.pipeline import analysis_key

    ontology, card, code = tmp_path / "ontology", tmp_path / "model.json", tmp_path / "kg"
    ontology.mkdir()
    code.mkdir()
    (ontology / "names.toml").write_text("[titles]\n", encoding="utf-8")
    card.write_text("{}", encoding="utf-8")
    (code / "recognise.py").write_text("RULE = 1\n", encoding="utf-8")
    keys = [analysis_key("project", ontology=ontology, ner_model=card, code=code)]
    (ontology / "names.toml").write_text("[titles]\nphrases = []\n", encoding="utf-8")
    keys.append(analysis_key("project", ontology=ontology, ner_model=card, code=code))
    card.write_text('{"seed": 14}', encoding="utf-8")
    keys.append(analysis_key("project", ontology=ontology, ner_model=card, code=code))
    (code / "recognise.py").write_text("RULE = 2\n", encoding="utf-8")
    keys.append(analysis_key("project", ontology=ontology, ner_model=card, code=code))
    assert len(set(keys)) == 4


def test_a_build_that_reads_nothing_leaves_the_store_as_it_was(seeds_dir, tmp_path):
    store = tmp_path / "store"
    build([seeds_dir], BuildOptions(ner="dictionary", store=store))
    with pytest.raises(NothingRead, match="does not exist"):
        build([tmp_path / "tpyo"], BuildOptions(ner="dictionary", store=store, prune=True))
    with ArticleStore(store) as opened:
        assert len(opened.fingerprints()) == 5


def test_a_second_build_on_a_held_store_fails_at_once(seeds_dir, tmp_path):
    with ArticleStore(tmp_path / "store"), pytest.raises(StoreBusy, match="in use by another kg build"):
        build([seeds_dir], BuildOptions(ner="dictionary", store=tmp_path / "store"))
    build([seeds_dir], BuildOptions(ner="dictionary", store=tmp_path / "store"))  # released on exit


def test_a_store_of_the_older_layout_is_refused_with_a_message(tmp_path):
    (tmp_path / "analysed" / "ab").mkdir(parents=True)
    with pytest.raises(StoreError, match="older kg"):
        ArticleStore(tmp_path)
    shutil.rmtree(tmp_path / "analysed")
    ArticleStore(tmp_path).close()
