"""End-to-end behaviour of the build: seeds in, a deterministic graph out, however the work is split."""

import gc
import shutil
import weakref

import pytest

from kg import pipeline
from kg.pipeline import BuildOptions, build, write_outputs


def seed_files(seeds_dir):
    return sorted(seeds_dir.glob("*.txt"))


def graph_bytes(result, out_dir):
    write_outputs(result, out_dir)
    return (out_dir / "graph.ttl").read_bytes()


def summary(graph):
    """What must not change between equivalent builds: actor ids and aliases, events and participants."""
    return ({(a.actor_id, tuple(a.aliases), a.mentions) for a in graph.actors},
            {(e.event_id, e.type, e.status, tuple(e.participants), e.date, len(e.evidence)) for e in graph.interactions})


@pytest.fixture(scope="module")
def seeds_build(request):
    seeds = request.config.rootpath / "seeds"
    return build([seeds], BuildOptions(ner="dictionary"))


def test_build_reads_every_seed_and_finds_the_main_actors(seeds_build):
    report, graph = seeds_build.report, seeds_build.graph
    assert report.documents_read == 5
    assert report.documents_skipped == []
    ids = {actor.actor_id for actor in graph.actors}
    assert {"jake-sullivan", "ron-dermer", "benjamin-netanyahu", "hezbollah"} <= ids
    assert report.interactions == len(graph.interactions) > 0
    assert set(report.seconds) >= {"ingest", "normalise", "recognise", "resolve", "extract"}


def test_outputs_are_written_and_turtle_is_byte_identical_across_builds(seeds_build, seeds_dir, tmp_path):
    first = graph_bytes(seeds_build, tmp_path / "a")
    second = graph_bytes(build([seeds_dir], BuildOptions(ner="dictionary")), tmp_path / "b")
    assert first == second
    for name in ("graph.ttl", "graph.html", "graph.gexf", "graph.graphml", "report.json"):
        assert (tmp_path / "a" / name).stat().st_size > 0
    assert any((tmp_path / "a" / "neo4j").iterdir())


def test_input_order_does_not_change_the_graph(seeds_build, seeds_dir, tmp_path):
    reversed_build = build(list(reversed(seed_files(seeds_dir))), BuildOptions(ner="dictionary"))
    assert graph_bytes(reversed_build, tmp_path / "r") == graph_bytes(seeds_build, tmp_path / "s")


def output_files(out_dir):
    return {path.relative_to(out_dir): path.read_bytes() for path in sorted(out_dir.rglob("*"))
            if path.is_file() and path.name != "report.json"}


def test_two_worker_processes_give_the_same_outputs(seeds_build, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    parallel = build([seeds_dir], BuildOptions(ner="dictionary", workers=2))
    write_outputs(parallel, tmp_path / "p")
    write_outputs(seeds_build, tmp_path / "s")
    assert output_files(tmp_path / "p") == output_files(tmp_path / "s")
    assert len(output_files(tmp_path / "p")) >= 6


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_graph(seeds_build, seeds_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        result = build([seeds_dir], BuildOptions(ner="dictionary", scheduler=cluster.scheduler_address))
    assert graph_bytes(result, tmp_path / "d") == graph_bytes(seeds_build, tmp_path / "s")


def test_bad_inputs_are_reported_and_the_rest_goes_on(seeds_dir, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(seed_files(seeds_dir)[0], folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "english.txt").write_text("The president met the prime minister in Washington on Tuesday. " * 5)
    result = build([folder, tmp_path / "does-not-exist.txt"], BuildOptions(ner="dictionary"))
    assert result.report.documents_read == 1
    skipped = {entry["source"].rsplit("/", 1)[-1] for entry in result.report.documents_skipped}
    assert {"empty.txt", "binary.txt", "english.txt", "does-not-exist.txt"} <= skipped
    assert all("\n" not in entry["reason"] for entry in result.report.documents_skipped)


def test_incremental_build_in_two_batches_equals_one_build(seeds_build, seeds_dir, tmp_path):
    files = seed_files(seeds_dir)
    store = tmp_path / "store"
    first = build(files[:2], BuildOptions(ner="dictionary", store=store))
    kept_ids = {actor.actor_id for actor in first.graph.actors}
    second = build(files[2:], BuildOptions(ner="dictionary", store=store))
    assert summary(second.graph) == summary(seeds_build.graph)
    assert kept_ids <= {actor.actor_id for actor in second.graph.actors}
    again = build(files, BuildOptions(ner="dictionary", store=store))
    assert again.report.documents_unchanged == 5
    assert summary(again.graph) == summary(seeds_build.graph)


def test_a_build_killed_midway_completes_on_rerun(seeds_build, seeds_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)
    store = tmp_path / "store"

    def killed(_count):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([seeds_dir], BuildOptions(ner="dictionary", store=store), progress=killed)
    # A kill during the swap of the graph store leaves a half-built new store behind.
    (store / ".oxigraph.new").mkdir()
    (store / ".oxigraph.new" / "garbage").write_text("half written")
    rerun = build([seeds_dir], BuildOptions(ner="dictionary", store=store))
    assert rerun.report.documents_unchanged == 2
    assert summary(rerun.graph) == summary(seeds_build.graph)
    assert not (store / ".oxigraph.new").exists()


@pytest.mark.parametrize("workers", [1, 2])
def test_missing_model_is_a_clear_build_error(seeds_dir, tmp_path, monkeypatch, workers):
    monkeypatch.setenv("KG_STANZA_DIR", str(tmp_path / "no-models-here"))
    pipeline.load_statistical_recogniser.cache_clear()
    with pytest.raises(pipeline.BuildError) as error:
        build([seeds_dir], BuildOptions(ner="official", workers=workers))
    assert "\n" not in str(error.value)
    assert "kg models download" in str(error.value)


@pytest.mark.slow
def test_a_100000_line_jsonl_with_broken_lines_loses_only_the_broken_ones(seeds_dir, tmp_path):
    import json

    article = seed_files(seeds_dir)[2].read_text(encoding="utf-8")
    broken = ['{"text": "unterminated', '{"title": "no text field"}', '[1, 2, 3]',
              json.dumps({"text": "An English article about a meeting in Geneva. " * 3})]
    path = tmp_path / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for number in range(100_000):
            if number % 10_000 == 0:
                text = f"{article}\nوأضاف المصدر أن الجولة رقم {number} من المحادثات ستعقد لاحقا."
                record = {"id": f"good-{number}", "text": text}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                handle.write(broken[number % len(broken)] + "\n")
    result = build([path], BuildOptions(ner="dictionary"))
    assert result.report.documents_read == 10 and result.report.documents_unchanged == 0
    assert len(result.report.documents_skipped) == 99_990
    skipped = {entry["source"] for entry in result.report.documents_skipped}
    assert {f"{path}:{line}" for line in (2, 3, 4, 5)} <= skipped
    assert {e.type for e in result.graph.interactions} >= {"meeting"}


def test_an_article_with_no_actors_is_read_and_yields_nothing(tmp_path):
    (tmp_path / "weather.txt").write_text(
        "تشهد المنطقة ارتفاعا في درجات الحرارة خلال الأيام المقبلة مع رياح خفيفة وسماء صافية في معظم المناطق. "
        "وتنصح الأرصاد الجوية بشرب الماء والابتعاد عن أشعة الشمس في ساعات الظهيرة.", encoding="utf-8")
    result = build([tmp_path], BuildOptions(ner="dictionary"))
    assert result.report.documents_read == 1 and result.report.documents_skipped == []
    assert result.graph.actors == [] and result.graph.interactions == []
    write_outputs(result, tmp_path / "out")
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0


def test_a_graph_that_violates_the_shapes_is_not_written(seeds_build, tmp_path):
    from dataclasses import replace

    broken = replace(seeds_build.graph, interactions=[replace(seeds_build.graph.interactions[0], evidence=[])])
    with pytest.raises(pipeline.BuildError, match="shapes"):
        write_outputs(replace(seeds_build, graph=broken), tmp_path / "out")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_extraction_from_the_actors_a_chunk_needs_equals_extraction_from_all(request):
    tests = request.config.rootpath / "tests"
    result = build([tests / "dev", tests / "heldout", request.config.rootpath / "seeds"],
                   BuildOptions(ner="dictionary"))
    actors = {actor.actor_id: actor for actor in result.resolution.actors}
    by_document = {}
    for mention in result.resolution.mentions:
        by_document.setdefault(mention.doc_id, []).append(mention)
    pairs = [(item.document, by_document.get(item.document.doc_id, [])) for item in result.documents]
    found = 0
    for pair in pairs:
        needed = pipeline.actors_for([pair], actors)
        assert len(needed) < len(actors)
        alone = pipeline.extract_chunk([pair], needed)
        assert alone == pipeline.extract_chunk([pair], actors)
        found += len(alone)
    assert found > 20


def test_analysed_articles_are_kept_out_of_the_collectors_sight_until_the_build_ends(seeds_dir):
    frozen_while_building = []
    result = build([seeds_dir], BuildOptions(ner="dictionary"),
                   progress=lambda _: frozen_while_building.append(gc.get_freeze_count()))
    assert frozen_while_building and min(frozen_while_building) > len(result.documents)
    assert gc.get_freeze_count() == 0


def test_the_outputs_read_only_the_graph_and_the_report_so_the_articles_can_go_first(seeds_dir, tmp_path):
    full = build([seeds_dir], BuildOptions(ner="dictionary"))
    write_outputs(full, tmp_path / "full")
    article = weakref.ref(full.documents[0].document)
    slim = full.without_analysis()
    del full
    gc.collect()
    assert article() is None
    write_outputs(slim, tmp_path / "slim")
    assert output_files(tmp_path / "slim") == output_files(tmp_path / "full")
