"""Orchestration: run the stages over a set of articles and write every output.

The per-document stages (normalise, recognise) are independent of each other, so they run in chunks:
in this process, in a pool of worker processes (``workers``), or on a Dask cluster (``scheduler``).
Resolution needs every document and runs in this process; extraction then goes back to the same workers,
one chunk of resolved documents at a time. The result does not depend on how the chunks ran: chunks are
reassembled in input order.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path

import kg
from kg import extract, ingest, normalise, recognise, registry, resolve
from kg.atomic import FolderSet, atomic_write_text
from kg.cache import ResultCache
from kg.errors import KgError
from kg.knowledge import load_knowledge_base
from kg.model import (
    Actor,
    AnalysedDocument,
    Document,
    Interaction,
    KnowledgeGraph,
    Mention,
    Problem,
    Resolution,
    Source,
    SourceText,
)
from kg.store import ArticleStore, fingerprint
from kg.vocab import NER_MODEL_DIR, ONTOLOGY_DIR, PACKAGE_DIR

CHUNK_SIZE = 64


class BuildError(KgError):
    """A build cannot go on: the chosen model is missing, or the graph violates the SHACL shapes."""


class NothingRead(BuildError):
    """Not one article of the inputs could be read: the build stops before it changes anything."""


@dataclass
class BuildOptions:
    """How to run a build. ``ner`` and ``extractor`` name registered stages (:mod:`kg.registry`: ``auto``
    picks the official Stanza model if installed, else the project's); ``workers`` > 1 runs the per-document
    stages and extraction in that many processes; ``scheduler`` (``tcp://host:port``) runs them on a Dask
    cluster;
    ``store`` keeps analysed articles and the graph between builds (incremental builds); ``prune`` removes
    from it the articles this build did not read; ``home_state`` (a knowledge-base state key) is the state
    the articles are written from: a bare title (وزير الخارجية) in an article that names no state, and
    المملكة, name its office holder and itself."""

    ner: str = registry.DEFAULTS["ner"]
    extractor: str = registry.DEFAULTS["extractor"]
    workers: int = 1
    scheduler: str | None = None
    store: Path | None = None
    prune: bool = False
    validate: bool = True
    home_state: str | None = None


@dataclass
class BuildReport:
    """What a build did, written to ``report.json``. ``documents_unchanged`` counts the articles found
    unchanged in the store, which are not analysed again; ``documents_duplicate`` the articles whose cleaned
    text is that of an article with a smaller id, left out of the graph."""

    documents_read: int = 0
    documents_skipped: list[dict] = field(default_factory=list)
    documents_unchanged: int = 0
    documents_duplicate: int = 0
    warnings: list[dict] = field(default_factory=list)
    mentions: int = 0
    actors: int = 0
    interactions: int = 0
    ner: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def add_problem(self, problem: Problem) -> None:
        entry = {"source": problem.source, "reason": problem.message}
        (self.documents_skipped if problem.severity == "error" else self.warnings).append(entry)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add_seconds(stage, time.perf_counter() - started)

    def add_seconds(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + seconds, 4)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@dataclass
class BuildResult:
    """A finished build: the graph, the report, every analysed article and the resolved mentions."""

    graph: KnowledgeGraph
    report: BuildReport
    documents: list[AnalysedDocument]
    resolution: Resolution

    def without_analysis(self) -> BuildResult:
        """This result with only the graph and the report, all that :func:`write_outputs` reads. Writing the
        outputs of a big build takes less memory once the analysed articles are let go: at 10,000 articles the
        build's peak went from 2,015 to 1,795 MiB.

        >>> result = build(["seeds/"], BuildOptions(ner="dictionary")).without_analysis()
        >>> result.documents, result.resolution.mentions, len(result.graph.actors) > 0
        ([], [], True)
        """
        return BuildResult(self.graph, self.report, [], Resolution([], []))


@lru_cache(maxsize=4)
def load_statistical_recogniser(ner: str):
    """Return the Stanza recogniser for ``ner`` (``None`` for ``dictionary``), loaded once per process.

    >>> load_statistical_recogniser("dictionary") is None
    True
    """
    check_recogniser(ner)
    if ner == "dictionary":
        return None
    from kg.ner import load_recogniser

    return load_recogniser(ner)


def check_recogniser(ner: str) -> None:
    """Raise ``ValueError`` for an unknown back-end and ``FileNotFoundError`` for a missing model, without
    loading it.

    >>> check_recogniser("dictionary")
    """
    registry.get("ner", ner)
    if ner != "dictionary":
        from kg.ner import require_model

        require_model(ner)


def analyse_chunk(sources: Sequence[SourceText], ner: str, home_state: str | None = None
                  ) -> tuple[list[AnalysedDocument | Problem], dict]:
    """Run the per-document stages on ``sources``: clean each article, then find its mentions (read from
    ``home_state``, :func:`kg.recognise.recognise`).

    Returns one entry per source (in order: an :class:`AnalysedDocument`, or a :class:`Problem` for an
    article that could not be used) and the seconds spent per stage: ``normalise``, ``recognise`` (the
    rules) and, with a statistical back-end, ``ner`` (its model). Runs in worker processes too.

    >>> from kg.model import SourceText
    >>> text = "التقى الرئيس الأمريكي جو بايدن رئيس الوزراء الإسرائيلي بنيامين نتنياهو في واشنطن."
    >>> results, _ = analyse_chunk([SourceText("a", "a.txt", text)], "dictionary")
    >>> sorted(m.text for m in results[0].mentions)
    ['بنيامين نتنياهو', 'جو بايدن', 'واشنطن']
    """
    seconds = {"normalise": 0.0, "recognise": 0.0}
    statistical = load_statistical_recogniser(ner)
    if statistical is not None:
        seconds["ner"] = 0.0
        statistical = _TimedRecogniser(statistical, seconds)
    started = time.perf_counter()
    cleaned: list[Document | Problem] = []
    for source in sources:
        try:
            cleaned.append(normalise.clean_document(source))
        except normalise.NotAnArticle as error:
            cleaned.append(Problem(source.path, str(error)))
    seconds["normalise"] = time.perf_counter() - started
    started = time.perf_counter()
    documents = [item for item in cleaned if isinstance(item, Document)]
    mentions = iter(recognise.recognise(documents, statistical, home_state=home_state))
    seconds["recognise"] = time.perf_counter() - started - seconds.get("ner", 0.0)
    results = [item if isinstance(item, Problem) else AnalysedDocument(item, next(mentions)) for item in cleaned]
    return results, seconds


@dataclass
class _TimedRecogniser:
    """A statistical recogniser that adds the seconds it runs to ``seconds["ner"]``: the report tells the
    model's time from the time of the rules around it."""

    recogniser: recognise.StatisticalRecogniser
    seconds: dict[str, float]

    def recognise(self, documents: list[Document]) -> list[list[Mention]]:
        started = time.perf_counter()
        try:
            return self.recogniser.recognise(documents)
        finally:
            self.seconds["ner"] += time.perf_counter() - started


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _in_order(submit: Callable | None, function: Callable, chunks: Iterable, window: int) -> Iterator:
    """``function`` applied to each chunk, in input order. With ``submit`` (an executor's), chunks are
    submitted as earlier ones finish, at most ``window`` in flight: an archive is streamed through the
    workers instead of being read into memory at once. Without, each runs here."""
    if submit is None:
        yield from map(function, chunks)
        return
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(function, chunk))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


#: prctl's option that asks the kernel for a signal when the parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _start_worker(parent: int) -> None:
    """Set up a pool worker of the build whose pid is ``parent``: it dies with that build, and uses one
    torch thread."""
    _die_with_parent(parent)
    _one_torch_thread()


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` dies (Linux). A worker outliving a killed build
    holds its model (about 520 MB) and waits forever on a pipe the worker itself keeps open.

    The request only covers a death after it is made: if the parent died between the fork and now, this
    process already belongs to another parent, and ends here."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)


def _one_torch_thread() -> None:
    """Workers share the cores: one torch thread each (per process here, per Dask worker process), so N
    workers do not oversubscribe them."""
    import torch

    torch.set_num_threads(1)


@contextmanager
def _executor(options: BuildOptions) -> Iterator[tuple[Callable | None, int]]:
    """Where the options say chunks run: ``(submit, window)`` for a Dask cluster or a process pool, or
    ``(None, 1)`` to run them in this process."""
    if options.scheduler:
        from distributed import Client

        with Client(options.scheduler) as client:
            client.run(_one_torch_thread)
            workers = max(1, len(client.scheduler_info()["workers"]))
            yield (lambda function, chunk: client.submit(function, chunk, pure=False)), 2 * workers
    elif options.workers > 1:
        # Forked (the default on Linux up to Python 3.13), so each worker's parent is this process, which
        # _die_with_parent checks; from a forkserver it would be the server. The kernel's death signal follows
        # the thread that forked: the pool starts its workers from this one, which outlives the pool.
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        with ProcessPoolExecutor(max_workers=options.workers, mp_context=context, initializer=_start_worker,
                                 initargs=(os.getpid(),)) as pool:
            yield pool.submit, 2 * options.workers
    else:
        yield None, 1


def resolve_ner_choice(ner: str) -> str:
    """Turn ``auto`` into the back-end that will really run (``official`` if installed, else ``project``).

    >>> resolve_ner_choice("dictionary")
    'dictionary'
    """
    if ner != "auto":
        return ner
    from kg.ner import official_installed

    return "official" if official_installed() else "project"


def analysis_key(ner: str, home_state: str | None = None, ontology: Path = ONTOLOGY_DIR,
                 ner_model: Path = NER_MODEL_DIR / "model.json", code: Path = PACKAGE_DIR) -> str:
    """What a stored article's analysis depends on besides the article: the NER back-end, the home state,
    kg's version and a digest of the data and code the stages read (every file of ``ontology``, the shipped
    NER model's card, which changes with every retraining, and kg's Python sources in ``code``), so that new
    rules, a new model or changed code analyse again. All of kg's sources count, those of stages that run
    after the store too: a store analyses again more often than it must, never less.

    >>> analysis_key("dictionary") == analysis_key("dictionary") != analysis_key("project")
    True
    """
    return f"{ner} home {home_state} kg {kg.__version__} data {_data_digest(ontology, ner_model, code)}"


def _data_digest(ontology: Path, ner_model: Path, code: Path) -> str:
    digest = hashlib.sha256()
    for folder, pattern in ((Path(ontology), "*"), (Path(code), "*.py")):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
        digest.update(b"\0\0")
    card = Path(ner_model)
    digest.update(b"ner model\0" + (card.read_bytes() if card.exists() else b""))
    return digest.hexdigest()[:16]


def build(inputs: Sequence[str | Path], options: BuildOptions | None = None,
          progress: Callable[[int], None] | None = None) -> BuildResult:
    """Read the articles in ``inputs`` (files or folders) and build the knowledge graph.

    ``progress`` is called with the number of articles just analysed. Bad inputs never stop the build:
    each becomes an entry of ``report.documents_skipped``; but when no article at all can be read the build
    raises :class:`NothingRead` and changes nothing (a mistyped input path must not empty a store).

    With ``options.store``, articles are kept there by id between builds (:mod:`kg.store`): an article read
    before, unchanged, is not analysed again; a changed one replaces its old analysis; with
    ``options.prune`` the stored articles not read by this build are removed. The graph covers every
    stored article and equals a fresh build of them.

    >>> result = build(["seeds/"], BuildOptions(ner="dictionary"))
    >>> result.report.documents_read, result.report.documents_skipped
    (5, [])
    """
    options = options or BuildOptions()
    if options.home_state and options.home_state not in load_knowledge_base().bodies:
        raise BuildError(f"unknown home state {options.home_state!r}: use a state key of ontology/kb/states.toml (e.g. saudi-arabia)")
    report = BuildReport(ner=resolve_ner_choice(options.ner))
    options = BuildOptions(**{**asdict(options), "ner": report.ner})
    try:
        if options.workers > 1 or options.scheduler:
            check_recogniser(options.ner)  # the workers load it; this process only needs to know it is there
        else:
            load_statistical_recogniser(options.ner)
    except (FileNotFoundError, ValueError) as error:
        # before any article is read, once, with the model's own message
        raise BuildError(str(error)) from error
    with ExitStack() as stack:
        store = stack.enter_context(ArticleStore(options.store)) if options.store else None
        stored = store.fingerprints() if store else {}
        analysis = analysis_key(options.ner, options.home_state)
        read: set[str] = set()  # ids of the articles read, unchanged or analysed
        pending: dict[str, str] = {}  # the fingerprint of each article out for analysis, by id
        analysed: dict[str, AnalysedDocument] = {}

        def fresh_sources() -> Iterator[SourceText]:
            started = time.perf_counter()
            for item in ingest.iter_sources(inputs):
                report.add_seconds("ingest", time.perf_counter() - started)
                if isinstance(item, Problem):
                    report.add_problem(item)
                elif stored.get(item.doc_id) == (item_print := fingerprint(item, analysis)):
                    report.documents_unchanged += 1
                    read.add(item.doc_id)
                else:
                    pending[item.doc_id] = item_print
                    yield item
                started = time.perf_counter()

        submit, window = stack.enter_context(_executor(options))
        stack.enter_context(_unfrozen_on_exit())
        analyse = partial(analyse_chunk, ner=options.ner, home_state=options.home_state)
        for results, seconds in _in_order(submit, analyse, _chunks(fresh_sources(), CHUNK_SIZE), window):
            for stage, spent in seconds.items():
                report.add_seconds(stage, spent)
            new = [(pending.pop(item.document.doc_id), item) for item in results if not isinstance(item, Problem)]
            for problem in (item for item in results if isinstance(item, Problem)):
                report.add_problem(problem)
            if store:
                store.put(new)
            analysed.update((item.document.doc_id, item) for _, item in new)
            read.update(analysed)
            _freeze_alive()
            if progress:
                progress(len(results))
        if not read:
            raise NothingRead(_nothing_read_message(inputs, report))
        if store:
            if options.prune:
                store.remove(sorted(set(stored) - read))
            analysed = {item.document.doc_id: item for item in store.analysed_documents()}
        graph, resolution = assemble(list(analysed.values()), report, extractor=options.extractor,
                                     submit=submit, window=window)
        if store:
            store.save_graph(graph)
    return BuildResult(graph, report, list(analysed.values()), resolution)


def _nothing_read_message(inputs: Sequence[str | Path], report: BuildReport) -> str:
    first = report.documents_skipped[:1]
    reason = f" ({first[0]['source']}: {first[0]['reason']})" if first else ""
    return f"no article could be read from {', '.join(map(str, inputs))}{reason}; nothing was written"


def _freeze_alive() -> None:
    """Move every object alive now out of the garbage collector's sight, after collecting the garbage (so
    none is kept). Analysed articles stay until the graph is built: left in sight, each full collection
    walks all of them again. At 10,000 articles the NER inside a one-process build ran 22% slower than
    the NER alone; frozen, 1.9% slower."""
    gc.collect()
    gc.freeze()


@contextmanager
def _unfrozen_on_exit() -> Iterator[None]:
    """Hand every object :func:`_freeze_alive` froze back to the garbage collector on exit."""
    try:
        yield
    finally:
        gc.unfreeze()


def extract_chunk(chunk: Sequence[tuple[Document, list[Mention]]], actors: Mapping[str, Actor],
                  extractor: str = "rules") -> list[Interaction]:
    """The interactions of each (document, resolved mentions) pair of ``chunk``, in order, found by the
    registered ``extractor``. Runs in worker processes too, given the actors the chunk needs
    (:func:`actors_for`).

    >>> extract_chunk([], {})
    []
    """
    extract_interactions = registry.get("extractor", extractor).load()
    return [event for document, mentions in chunk for event in extract_interactions(document, mentions, actors)]


def actors_for(chunk: Sequence[tuple[Document, list[Mention]]], actors: Mapping[str, Actor]) -> dict[str, Actor]:
    """The part of ``actors`` that extraction reads for ``chunk``: the actors its mentions resolve to, the
    states they stand for, and every state (a demonym such as الإسرائيلي names one without a mention).

    >>> from kg.model import Actor
    >>> sorted(actors_for([], {"x": Actor("x", "PER", "س", ""), "usa": Actor("usa", "GPE", "أمريكا", "")}))
    ['usa']
    """
    wanted = {m.actor_id for _, mentions in chunk for m in mentions if m.actor_id in actors}
    wanted |= {actors[a].metonym_of for a in list(wanted) if actors[a].metonym_of in actors}
    return {actor_id: actor for actor_id, actor in actors.items()
            if actor_id in wanted or actor.type == "GPE" and not actor.metonym_of}


def assemble(analysed: Sequence[AnalysedDocument], report: BuildReport, extractor: str = "rules",
             submit: Callable | None = None, window: int = 1) -> tuple[KnowledgeGraph, Resolution]:
    """Resolve the mentions of every analysed article, extract interactions; return the graph and the
    resolution it was built from. With ``submit`` (see :func:`build`), extraction runs in chunks there.

    Documents are taken in ``doc_id`` order, so the result does not depend on the order they arrived in;
    of articles with the same cleaned text only the one with the smallest id is kept.

    >>> result = build(["seeds/"], BuildOptions(ner="dictionary"))
    >>> graph, _ = assemble(result.documents, BuildReport())
    >>> graph == result.graph
    True
    """
    firsts: dict[str, AnalysedDocument] = {}
    for item in sorted(analysed, key=lambda item: item.document.doc_id):
        firsts.setdefault(item.document.content_hash, item)
    report.documents_duplicate = len(analysed) - len(firsts)
    analysed = sorted(firsts.values(), key=lambda item: item.document.doc_id)
    report.documents_read = len(analysed)
    with report.timed("resolve"):
        resolution = resolve.resolve([m for item in analysed for m in item.mentions])
    report.mentions = len(resolution.mentions)
    actors = {actor.actor_id: actor for actor in resolution.actors}
    by_document: dict[str, list[Mention]] = {}
    for mention in resolution.mentions:
        by_document.setdefault(mention.doc_id, []).append(mention)
    pairs = [(item.document, by_document.get(item.document.doc_id, [])) for item in analysed]
    with report.timed("extract"):
        if submit is None:
            events = extract_chunk(pairs, actors, extractor)
        else:
            # Each worker gets only the actors its chunk needs: an archive's table is too big to ship with
            # every chunk.
            jobs = ((chunk, actors_for(chunk, actors), extractor) for chunk in _chunks(pairs, CHUNK_SIZE))
            events = [event for found in _in_order(submit, _extract_job, jobs, window) for event in found]
        interactions = extract.merge_interactions(events)
    sources = [Source(d.doc_id, d.title, d.date, d.url, d.content_hash) for d in (item.document for item in analysed)]
    graph = KnowledgeGraph(sources=sources, actors=sorted(actors.values(), key=lambda a: a.actor_id),
                           interactions=sorted(interactions, key=lambda e: e.event_id))
    report.actors, report.interactions = len(graph.actors), len(graph.interactions)
    return graph, resolution


def _extract_job(job: tuple[Sequence[tuple[Document, list[Mention]]], Mapping[str, Actor], str]) -> list[Interaction]:
    return extract_chunk(*job)


#: The files ``write_outputs`` writes (besides ``report.json``) and their export formats.
OUTPUTS = (("graph.ttl", "turtle"), ("graph.html", "html"), ("graph.gexf", "gexf"), ("graph.graphml", "graphml"),
           ("neo4j", "neo4j"))


def write_outputs(result: BuildResult, out: str | Path | FolderSet, validate: bool = True,
                  cache: ResultCache | None = None) -> list[Path]:
    """Write the graph of ``result`` in every format into the folder ``out``, plus ``report.json``, as one
    set: they are written into a staging folder beside ``out`` that then replaces it whole
    (:class:`kg.atomic.FolderSet`; pass one, made before the build, to check early that ``out`` can be
    written). A build killed while writing leaves the previous set.

    With ``validate`` the graph is first checked against the SHACL shapes and nothing is written if it
    violates them (:class:`BuildError`). With a ``cache``, the answers to the named queries that take no
    parameter are computed on the new graph.ttl and stored there (:func:`kg.query.warm_cache`). For a big
    build, pass ``result.without_analysis()`` and keep no other reference to ``result``: the outputs are
    then written in less memory.

    >>> import tempfile
    >>> paths = write_outputs(build(["seeds/"], BuildOptions(ner="dictionary")), tempfile.mkdtemp())
    >>> [path.name for path in paths]
    ['graph.ttl', 'graph.html', 'graph.gexf', 'graph.graphml', 'neo4j', 'report.json']
    """
    from kg import export
    from kg import validate as validate_module

    outputs = out if isinstance(out, FolderSet) else FolderSet(out)
    try:
        if validate:
            with result.report.timed("validate"):
                verdict = validate_module.validate(result.graph)
            if not verdict.conforms:
                raise BuildError("the graph violates ontology/shapes.ttl: " + "; ".join(verdict.messages[:3]))
        with result.report.timed("export"):
            # One format after another in this process: written side by side by forked workers they were 13 s
            # faster at 10,000 articles but took the build's peak memory from 1.7 to 2.7 GB.
            for name, fmt in OUTPUTS:
                export.export_graph(result.graph, fmt, outputs.staging / name)
        if cache is not None:
            from kg.query import warm_cache

            with result.report.timed("query-cache"):
                warm_cache(outputs.staging / "graph.ttl", cache)  # answers are keyed by content, not path
        atomic_write_text(outputs.staging / "report.json", result.report.to_json())
        outputs.publish()
    finally:
        outputs.discard()
    return [outputs.path / name for name, _ in [*OUTPUTS, ("report.json", "")]]
