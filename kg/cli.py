"""The ``kg`` command line: a thin shell that parses options and calls the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from kg import registry
from kg.errors import KgError

app = typer.Typer(help="Arabic news articles in, a knowledge graph of who met whom, about what, out.",
                  no_args_is_help=True, add_completion=False)
ner_app = typer.Typer(help="Train the project's Stanza NER model.", no_args_is_help=True)
models_app = typer.Typer(help="Manage the official Stanza models.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure quality against held-out and hand-made gold data.", no_args_is_help=True)
extract_app = typer.Typer(help="Train the learned interaction extractor.", no_args_is_help=True)
app.add_typer(ner_app, name="ner")
app.add_typer(models_app, name="models")
app.add_typer(eval_app, name="eval")
app.add_typer(extract_app, name="extract")

err = Console(stderr=True)


#: The registered stages (kg.registry) a build can use.
NerChoice = Enum("NerChoice", {name: name for name in registry.names("ner")}, type=str)
ExtractorChoice = Enum("ExtractorChoice", {name: name for name in registry.names("extractor")}, type=str)
DEFAULT_EXTRACTOR = ExtractorChoice(registry.DEFAULTS["extractor"])


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


def fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def graph_argument(help: str):
    """A graph path argument: a missing path is a usage error, before anything is loaded."""
    return typer.Argument(..., exists=True, help=help)


@contextmanager
def reading(graph: Path) -> Iterator[None]:
    """Turn a parser's error on a file that is not a graph into one line naming the file."""
    try:
        yield
    except (SyntaxError, ValueError, UnicodeDecodeError) as error:
        from kg.query import QueryError

        if isinstance(error, QueryError):  # the query is wrong, not the file: its caller reports it
            raise
        reason = str(error).strip().splitlines()
        fail(f"cannot read {graph} as a graph: {reason[0] if reason else type(error).__name__}")


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="Files (.txt, .html, .jsonl, each also .gz) or folders of articles; - for JSON Lines on standard input."),
    out: Path = typer.Option(Path("exports"), "--out", "-o", help="Output folder."),
    ner: NerChoice = typer.Option(NerChoice.auto, help="NER back-end: official Stanza if installed, else the project's model."),
    extractor: ExtractorChoice = typer.Option(DEFAULT_EXTRACTOR, help="Interaction extractor: the learned one (trained on annotated SaudiNewsNet articles) or the rules alone."),
    workers: int = typer.Option(1, min=1, help="Processes for the per-article stages and extraction."),
    scheduler: str = typer.Option(None, help="Dask scheduler address (tcp://HOST:PORT) to run the per-article stages on."),
    store: Path = typer.Option(None, help="Persistent store folder for incremental builds (one build at a time)."),
    prune: bool = typer.Option(False, help="With --store: remove from the store the articles this build does not read."),
    validate: bool = typer.Option(True, help="Check the graph against the SHACL shapes; fail on a violation."),
    home_state: str = typer.Option(None, help="The state the articles are written from, as a knowledge-base key (saudi-arabia): a bare title (وزير الخارجية) in an article that names no state, and المملكة, then name its office holder and itself."),
    cache: bool = typer.Option(True, help="Answer the named queries without parameters now, for kg query (in $KG_CACHE_DIR, else ~/.cache/kg)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Build the knowledge graph of INPUTS into OUT (graph.ttl, graph.html, graph.gexf, graph.graphml,
    neo4j/, report.json).

    Example: kg build seeds/ -o exports/; kg build ../shared/data/saudinewsnet --home-state saudi-arabia -o archive/
    """
    from kg import pipeline
    from kg.atomic import FolderSet
    from kg.cache import ResultCache
    from kg.ingest import count_articles

    options = pipeline.BuildOptions(ner=ner.value, extractor=extractor.value, workers=workers, scheduler=scheduler,
                                    store=store, prune=prune, validate=validate, home_state=home_state)
    columns = (TextColumn("analysing articles"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn(), TimeElapsedColumn())
    outputs = None
    try:
        outputs = FolderSet(out)  # before the analysis: an output that cannot be written fails now
        with Progress(*columns, console=err, disable=quiet, transient=True) as bar:
            task = bar.add_task("build", total=None if quiet else count_articles(inputs), rate="")

            def advance(articles: int) -> None:
                bar.advance(task, articles)
                speed = bar.tasks[0].speed
                bar.update(task, rate=f"{speed:.1f} articles/s" if speed else "")

            result = pipeline.build(inputs, options, progress=advance).without_analysis()
        for skipped in result.report.documents_skipped:
            err.print(f"[yellow]skipped[/yellow] {skipped['source']}: {skipped['reason']}", highlight=False)
        for warning in result.report.warnings:
            err.print(f"[yellow]warning[/yellow] {warning['source']}: {warning['reason']}", highlight=False)
        written = pipeline.write_outputs(result, outputs, validate=validate,
                                         cache=ResultCache.default() if cache else None)
    except pipeline.NothingRead as error:
        fail(str(error), code=2)
    except KgError as error:
        fail(str(error))
    finally:
        if outputs is not None:
            outputs.discard()
    report = result.report
    err.print(f"{report.documents_read} articles, {report.mentions} mentions, {report.actors} actors, "
              f"{report.interactions} interactions -> {out}/ ({len(written)} files, NER: {report.ner})")


@app.command()
def query(
    graph: Path = graph_argument("graph.ttl (or a --store folder)."),
    sparql: str = typer.Argument(..., help="A named query (actors, interactions, who-met-whom, timeline, topic, path), SPARQL text, or a .rq file."),
    output_format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE for a named query's parameter."),
    allow_update: bool = typer.Option(False, help="Allow SPARQL UPDATE (changes the graph file)."),
    allow_service: bool = typer.Option(False, help="Allow federated SERVICE calls (kg then fetches the URLs they name)."),
    timeout: float = typer.Option(300, min=0.001, help="Stop the query after this many seconds."),
    cache: bool = typer.Option(True, help="Reuse the answer to the same query on the same graph file (in $KG_CACHE_DIR, else ~/.cache/kg)."),
) -> None:
    """Run a SPARQL query on a built graph. Ctrl-C or --timeout stops it.

    Example: kg query exports/graph.ttl interactions --format csv
    """
    from kg import query as query_module
    from kg.bounded import run_bounded
    from kg.cache import ResultCache

    malformed = [item for item in param if "=" not in item]
    if malformed:
        fail(f"-p {malformed[0]!r}: give a parameter as NAME=VALUE")
    params = dict(item.split("=", 1) for item in param)
    try:
        with reading(graph):
            # in a child process: pyoxigraph cannot stop a query, but a process can be killed
            output = run_bounded(query_module.query_output, graph, query_module.resolve_query(sparql),
                                 output_format.value, params=params, allow_update=allow_update,
                                 allow_service=allow_service, cache=ResultCache.default() if cache else None,
                                 timeout=timeout)
    except KgError as error:
        fail(str(error))
    except KeyboardInterrupt:
        fail("interrupted: the query was stopped", code=130)
    sys.stdout.flush()
    sys.stdout.buffer.write(output)


@app.command()
def export(
    graph: Path = graph_argument("A graph.ttl written by kg build."),
    to: str = typer.Option(..., "--to", help="turtle, nt, jsonld, html, gexf, graphml or neo4j."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file (a folder for neo4j)."),
) -> None:
    """Re-export an existing graph to another format.

    Example: kg export exports/graph.ttl --to gexf -o graph.gexf
    """
    from kg import export as export_module
    from kg.graph import read_graph

    if to not in export_module.FORMATS:
        fail(f"unknown format {to!r}; choose one of {', '.join(export_module.FORMATS)}")
    if out.is_dir() and to != "neo4j":
        fail(f"{out} is a folder: name the file to write")
    with reading(graph):
        kg = read_graph(graph)
    try:
        export_module.export_graph(kg, to, out)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror or error}")
    err.print(f"wrote {out}")


@app.command()
def validate(
    graph: Path = graph_argument("A graph.ttl written by kg build."),
    engine: str = typer.Option("native", help="native (fast, streams the graph) or pyshacl (the reference engine)."),
) -> None:
    """Check a graph against the SHACL shapes in ontology/shapes.ttl.

    Example: kg validate exports/graph.ttl --engine pyshacl
    """
    from kg.validate import ENGINES
    from kg.validate import validate as run_validation

    if engine not in ENGINES:
        fail(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    with reading(graph):
        report = run_validation(graph, engine=engine)
    for message in report.messages:
        err.print(message, highlight=False)
    if not report.conforms:
        fail("the graph does not conform to ontology/shapes.ttl")
    err.print("the graph conforms to ontology/shapes.ttl")


@app.command()
def serve(
    graph: Path = graph_argument("graph.ttl or a --store folder."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(7878, help="Port to listen on."),
    allow_origin: str = typer.Option(None, help="A web origin (e.g. a YASGUI page's https://yasgui.example) allowed to read results in a browser; none by default."),
    timeout: float = typer.Option(60, min=0.001, help="Stop a request's query after this many seconds."),
) -> None:
    """Serve a read-only SPARQL endpoint for the graph (for YASGUI and other SPARQL clients).

    Example: kg serve exports/graph.ttl --port 7878  (then query http://127.0.0.1:7878/sparql)
    """
    from kg.query import load_store
    from kg.serve import serve as run_server

    try:
        with reading(graph):
            store = load_store(graph)
        run_server(store, host=host, port=port, allow_origin=allow_origin, timeout=timeout)
    except KgError as error:
        fail(str(error))


@ner_app.command("train")
def ner_train(
    corpus: Path = typer.Option(None, help="NewsFANE_Gold_2014_170K.txt (default: $KG_NEWSFANE, else shared/data/newsfane beside the repository)."),
    out: Path = typer.Option(None, help="Model folder (default: the package's kg/models/ner)."),
    seed: int = typer.Option(None, help="Random seed (default: the shipped model's)."),
    max_steps: int = typer.Option(None, help="Training steps (default: the shipped model's)."),
    vectors: str = typer.Option("newsfane", help="Word vectors from NewsFANE alone (CC BY-SA model) or also from the SaudiNewsNet archive (saudinewsnet: CC BY-NC-SA 4.0 model)."),
    archive: Path = typer.Option(None, help="The SaudiNewsNet archive for --vectors saudinewsnet (default: $KG_SAUDINEWSNET, else shared/data/saudinewsnet beside the repository)."),
) -> None:
    """Rebuild the project's NER model from the NewsFANE corpus with the recorded split and seed.

    Example: kg ner train --out /tmp/ner --vectors saudinewsnet
    """
    from kg.ner import train_model
    from kg.ner.corpus import DEFAULT_CORPUS
    from kg.ner.stanza_backend import PROJECT_MODEL_DIR
    from kg.ner.train import VECTOR_SOURCES

    if vectors not in VECTOR_SOURCES:
        fail(f"unknown vectors {vectors!r}; choose one of {', '.join(VECTOR_SOURCES)}")
    settings = {k: v for k, v in {"seed": seed, "max_steps": max_steps}.items() if v is not None}
    path = train_model(corpus or DEFAULT_CORPUS, out or PROJECT_MODEL_DIR, vectors=vectors, archive=archive, **settings)
    err.print(f"model written to {path}")


@ner_app.command("common-words")
def ner_common_words(
    source: str = typer.Option("newsfane", help="newsfane: NewsFANE's gold tags (CC BY-SA); saudinewsnet: the archive as the shipped model tags it (CC BY-NC-SA, about 15 minutes)."),
    corpus: Path = typer.Option(None, help="NewsFANE_Gold_2014_170K.txt (default: $KG_NEWSFANE, else shared/data/newsfane beside the repository)."),
    archive: Path = typer.Option(None, help="SaudiNewsNet folder for --source saudinewsnet (default: $KG_SAUDINEWSNET, else shared/data/saudinewsnet)."),
    out: Path = typer.Option(None, help="Lexicon file (default: the shipped ontology/common-words.txt, or common-words-saudinewsnet.txt)."),
) -> None:
    """Rebuild a lexicon of words written outside names, which trims statistical spans to the name.

    Example: kg ner common-words --source saudinewsnet --out /tmp/common-words-saudinewsnet.txt
    """
    from kg.ner.corpus import COMMON_WORD_SOURCES, DEFAULT_CORPUS, write_common_words
    from kg.recognise import COMMON_WORDS_FILE, NEWS_COMMON_WORDS_FILE

    if source not in COMMON_WORD_SOURCES:
        fail(f"unknown source {source!r}; choose one of {', '.join(COMMON_WORD_SOURCES)}")
    out = out or (COMMON_WORDS_FILE if source == "newsfane" else NEWS_COMMON_WORDS_FILE)
    with Progress(TextColumn("tagging the archive"), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                  transient=True, disable=source == "newsfane") as bar:
        task = bar.add_task("tag", total=None)
        count = write_common_words(corpus or DEFAULT_CORPUS, out, source=source, archive=archive,
                                   progress=lambda sentences: bar.advance(task, sentences))
    err.print(f"{count} common words written to {out}")


@models_app.command("download")
def models_download(
    model_dir: Path = typer.Option(None, "--dir", help="Stanza model folder (default: $KG_STANZA_DIR or ~/stanza_resources)."),
) -> None:
    """Download the official Stanza Arabic models (tokenize, mwt, ner); needs internet.

    Example: kg models download
    """
    from kg.ner import download_official, official_model_dir

    err.print(f"official Arabic models in {download_official(model_dir or official_model_dir())}")


def _print_scores(scores: dict, output_format: ReportFormat) -> None:
    if output_format is ReportFormat.json:
        sys.stdout.write(json.dumps(scores, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
        return
    from kg.evaluate import format_scores

    sys.stdout.write(format_scores(scores))


class NerSet(str, Enum):
    newsfane = "newsfane"
    saudinewsnet = "saudinewsnet"
    archive = "archive"


@eval_app.command("ner")
def eval_ner(output_format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f"),
             ner_set: NerSet = typer.Option(NerSet.newsfane, "--set", help="newsfane: NewsFANE's held-out split "
                                            "(gold tokens); saudinewsnet: the real-news check sentences, archive: "
                                            "the real-news archive sentences (raw text, the whole recogniser)."),
             split: str = typer.Option("test", help="Part of the newsfane or archive set: train, dev or test."),
             model: Path = typer.Option(None, "--model", help="Model folder (default: the shipped kg/models/ner).")) -> None:
    """Precision, recall and F1 of the project's NER model on NewsFANE or on real news.

    Example: kg eval ner --set archive --split dev --format json
    """
    from kg.ner import evaluate_model, evaluate_news
    from kg.ner.corpus import NEWS_PARTS, NEWS_SENTENCES

    if split not in NEWS_PARTS:
        fail(f"unknown split {split!r}; choose one of {', '.join(NEWS_PARTS)}")
    if model is not None and not (model / "model.json").is_file():
        fail(f"{model} is not a model folder (no model.json)")
    if ner_set is NerSet.newsfane:
        scores = evaluate_model(model_dir=model, part=split)
    else:
        scores = evaluate_news(NEWS_SENTENCES if ner_set is NerSet.saudinewsnet else NEWS_PARTS[split], model)
    _print_scores(scores, output_format)


ARTICLES_OPTION = typer.Option(None, "--articles", help="Articles to build and score (with --gold; instead of the gold sets).")
GOLD_OPTION = typer.Option(None, "--gold", help="Gold file for --articles (the seeds' format: tests/gold/).")
SETS_OPTION = typer.Option(None, "--set", help="Gold set: saudinewsnet, seeds or heldout (repeatable; default: all three).")
SPLIT_OPTION = typer.Option("test", help="Split of the SaudiNewsNet set: train, dev or test.")


def _gold_evaluation(kind: str, summary: str):
    """An ``eval`` command that builds gold sets of articles and scores them."""

    def command(
        output_format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f"),
        ner: NerChoice = typer.Option(NerChoice.auto, help="NER back-end for the builds that are scored."),
        extractor: ExtractorChoice = typer.Option(DEFAULT_EXTRACTOR, help="Interaction extractor for the builds."),
        sets: list[str] = SETS_OPTION,
        split: str = SPLIT_OPTION,
        articles: Path = ARTICLES_OPTION,
        gold: Path = GOLD_OPTION,
    ) -> None:
        from kg import evaluate

        unknown = sorted(set(sets or ()) - set(evaluate.GOLD_SETS))
        if unknown:
            fail(f"unknown gold set {unknown[0]!r}; choose from {', '.join(evaluate.GOLD_SETS)}")
        if (articles is None) != (gold is None):
            fail("--articles and --gold go together")
        try:
            if articles is not None:
                score = evaluate.evaluate_interactions if kind == "interactions" else evaluate.evaluate_resolution
                scores = {str(articles): score(ner.value, articles, gold, extractor.value)}
            else:
                scores = evaluate.evaluate_sets(kind, sets or evaluate.GOLD_SETS, split, ner.value, extractor.value)
        except KgError as error:
            fail(str(error))
        _print_scores(scores, output_format)

    command.__doc__ = f"{summary}\n\nExample: kg eval {kind} --set saudinewsnet --format json"
    eval_app.command(kind)(command)


_gold_evaluation("resolution", "Entity resolution on the gold sets: B-cubed and pairwise precision and recall, actor recall, actors split and merged.")
_gold_evaluation("interactions", "Interactions on the gold sets: precision, recall and F1 (per type on SaudiNewsNet), status, date and place accuracy, the misses.")


class AgreementSet(str, Enum):
    articles = "articles"
    ner = "ner"


@eval_app.command("agreement")
def eval_agreement(output_format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f"),
                   annotation: AgreementSet = typer.Option(AgreementSet.articles, "--set", help="articles: 25 "
                                                          "SaudiNewsNet test articles' actors and events; ner: the "
                                                          "real-news archive sentences annotated twice (entity spans).")) -> None:
    """Agreement of an independent second annotation with the first one.

    Example: kg eval agreement --set ner
    """
    if annotation is AgreementSet.ner:
        from kg.ner.evaluate import news_agreement

        _print_scores(news_agreement(), output_format)
        return
    from kg.evaluate import annotation_agreement

    _print_scores(annotation_agreement(), output_format)


@extract_app.command("train")
def extract_train(
    out: Path = typer.Option(None, "--out", "-o", help="Model file (default: the package's kg/models/extractor/model.json)."),
    ner: NerChoice = typer.Option(NerChoice.project, help="NER back-end for the training and dev builds."),
    limit: int = typer.Option(None, min=1, help="Only the first N articles of each split (a quick check, not a model to ship)."),
) -> None:
    """Train the learned interaction extractor on the SaudiNewsNet train split, tuned on the dev split.

    Deterministic: the same annotations and NER model give the same weights.

    Example: kg extract train --out /tmp/model.json
    """
    from kg.extract.learned import MODEL_PATH
    from kg.extract.train import save_model, train_extractor

    try:
        model = train_extractor(ner=ner.value, limit=limit, log=err.print)
    except KgError as error:
        fail(str(error))
    save_model(model, out or MODEL_PATH)
    chosen = model.trained["dev_chosen"]
    err.print(f"dev F1 {chosen['f1']:.3f} (P {chosen['precision']:.3f}, R {chosen['recall']:.3f}; rules alone "
              f"{model.trained['dev_rules_alone']['f1']:.3f}) -> {out or MODEL_PATH}")


if __name__ == "__main__":
    app()
