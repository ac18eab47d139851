"""Rebuild the shipped NER model: word vectors, then Stanza's BiLSTM-CRF tagger on NewsFANE's train part.

The vectors come from NewsFANE's train part alone (``vectors="newsfane"``, the CC BY-SA model) or from it
and the SaudiNewsNet archive (``vectors="saudinewsnet"``: 11 million words of 2015 newspaper text,
segmented exactly like the NER input; the annotated evaluation articles are left out; a model built so
carries SaudiNewsNet's CC BY-NC-SA 4.0 licence).

Everything that decides the result is fixed here (split file, seeds, hyper-parameters, one thread), so a
rebuild on the same machine gives the same model; see ``kg/models/ner/ATTRIBUTION.md`` for how close
rebuilds come.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.ner.corpus import (
    NEWS_PARTS,
    SPLIT_FILE,
    TaggedSentence,
    load_split,
    read_newsfane,
    read_span_sentences,
    tag_span_sentence,
    to_stanza_json,
    write_split,
)
from kg.ner.segment import Segmenter, normalise_for_model, write_vocabulary

#: File names inside a project model directory.
MODEL_NAME = "ar_newsfane_nertagger.pt"
PRETRAIN_NAME = "ar_newsfane_pretrain.pt"
VOCABULARY_NAME = "vocabulary.tsv"
CARD_NAME = "model.json"

#: Word2vec settings: small vectors for a 135K-token training part.
VECTOR_SIZE = 100
VECTOR_EPOCHS = 15
#: Word2vec settings for vectors from the archive (11 million tokens): fewer passes, rarer words left out,
#: and the pretrain cut to the most frequent words so the model stays under 30 MB.
ARCHIVE_VECTORS = {"epochs": 5, "min_count": 5, "max_vocab": 40_000}
VECTOR_SOURCES = ("newsfane", "saudinewsnet")
SAUDINEWSNET_ATTRIBUTION = """# Word vectors from SaudiNewsNet: licence and attribution

This model's word vectors (`ar_newsfane_pretrain.pt`, and the tagger trained with them) were learned from
the text of **SaudiNewsNet** by Mazen Abdulaziz (github.com/parallelfold/SaudiNewsNet), articles of Saudi
online newspapers from July-August 2015 (the articles belong to their newspapers), together with the
NewsFANE corpus (see ATTRIBUTION.md). As a work derived from SaudiNewsNet the model is distributed under the
Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International licence (CC BY-NC-SA 4.0): research
and other non-commercial use, with attribution, under the same licence. `kg ner train --vectors newsfane`
rebuilds a model from NewsFANE alone (CC BY-SA 3.0).
"""

#: How many times the real-news training sentences are repeated among NewsFANE's (3,808 sentences).
NEWS_REPEAT = 1

#: Tagger settings passed to ``stanza.models.ner_tagger``.
TAGGER_OPTIONS = {"--optim": "adam", "--lr": "0.002", "--batch_size": "32", "--hidden_dim": "256",
                  "--char_hidden_dim": "100", "--dropout": "0.5", "--word_dropout": "0.01",
                  "--max_steps_no_improve": "1200", "--lr_decay": "0"}

logger = logging.getLogger(__name__)


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` of a str is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def archive_sentences(archive: Path, exclude: frozenset[str] = frozenset()) -> Iterator[list[str]]:
    """The sentences of an archive of articles (files or folders ``kg build`` reads, ``.jsonl.gz`` included),
    split and segmented exactly like the NER input; articles whose id is in ``exclude`` are left out.

    >>> next(archive_sentences(Path("seeds")))[:4]  # doctest: +SKIP
    ['و', 'فق', 'ا', 'ل']
    """
    from kg.ingest import iter_sources
    from kg.model import SourceText
    from kg.ner.segment import Segmenter
    from kg.normalise import split_sentences

    segmenter = Segmenter.load()
    for item in iter_sources([archive]):
        if isinstance(item, SourceText) and item.doc_id not in exclude:
            for sentence in split_sentences(item.text):
                tokens = [normalise_for_model(segment.text) for segment in segmenter.segment(sentence.text)]
                if tokens:
                    yield tokens


def tagged_archive_sentences(archive: Path, model_dir: Path | None = None, chunk: int = 2000,
                             progress: Callable[[int], None] | None = None) -> Iterator[TaggedSentence]:
    """The sentences of ``archive`` (:func:`archive_sentences`, the annotated SaudiNewsNet articles left out)
    with the tags the model in ``model_dir`` (default: the shipped one) gives them, ``chunk`` sentences at a
    time (``progress`` is called with each chunk's size): silver tags for corpus statistics such as the
    common-word lexicon.

    >>> next(tagged_archive_sentences(Path("seeds"))).tags[:2]
    ('O', 'O')
    """
    from kg.ner.stanza_backend import PROJECT_MODEL_DIR, ProjectRecogniser

    recogniser = ProjectRecogniser(model_dir or PROJECT_MODEL_DIR)
    sentences = archive_sentences(archive, _evaluation_articles())
    while batch := list(itertools.islice(sentences, chunk)):
        for tokens, tags in zip(batch, recogniser.tag(batch)):
            yield TaggedSentence(tuple(tokens), tuple(tags))
        if progress:
            progress(len(batch))


def _evaluation_articles() -> frozenset[str]:
    """The ids of the annotated SaudiNewsNet articles: kept out of the vectors that may be evaluated on them."""
    from kg.corpus import CORPUS, CorpusError, load_articles

    try:
        return frozenset(load_articles(CORPUS / "articles.jsonl"))
    except CorpusError:
        return frozenset()


def train_vectors(sentences: list[TaggedSentence], vec_path: Path, pretrain_path: Path, seed: int = 13,
                  archive: Path | None = None) -> Path:
    """Train skip-gram word2vec vectors on ``sentences`` (one worker, so reproducible), and on the sentences
    of ``archive`` when given (:data:`ARCHIVE_VECTORS`), and convert them to a Stanza pretrain file.

    >>> train_vectors(parts["train"], Path("/tmp/v.vec"), Path("/tmp/v.pt"))  # doctest: +SKIP
    PosixPath('/tmp/v.pt')
    """
    import torch
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    from stanza.models.common.pretrain import Pretrain

    texts: object = [[normalise_for_model(token) for token in sentence.tokens] for sentence in sentences]
    settings = {"epochs": VECTOR_EPOCHS, "min_count": 2, "max_vocab": -1}
    if archive is not None:
        # 11 million tokens: streamed from a file, once per epoch, not held in memory
        lines = vec_path.with_suffix(".txt")
        with open(lines, "w", encoding="utf-8") as out:
            out.writelines(" ".join(tokens) + "\n" for tokens in itertools.chain(archive_sentences(archive, _evaluation_articles()), texts))
        texts, settings = LineSentence(str(lines)), ARCHIVE_VECTORS
    model = Word2Vec(texts, vector_size=VECTOR_SIZE, window=5, min_count=settings["min_count"], sg=1, negative=5,
                     epochs=settings["epochs"], workers=1, seed=seed, hashfxn=_stable_hash)
    model.wv.save_word2vec_format(str(vec_path))
    pretrain_path.unlink(missing_ok=True)
    Pretrain(str(pretrain_path), str(vec_path), max_vocab=settings["max_vocab"]).load()
    # Stanza writes the legacy format, whose storage keys are memory addresses; the zip format is byte-stable
    torch.save(torch.load(pretrain_path, map_location="cpu", weights_only=False), pretrain_path)
    return pretrain_path


def _save_half_precision(source: Path, target: Path) -> None:
    """Copy a Stanza checkpoint with its weights stored as float16 (half the size, same dev scores: Stanza
    casts them back to float32 when it loads them) and the temporary paths of its training options made
    relative to the temporary folder (the folder itself ``.``), so that a rebuild writes the same bytes."""
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    checkpoint["model"] = {name: weights.half() if weights.is_floating_point() else weights
                           for name, weights in checkpoint["model"].items()}
    work_dir = source.parent
    checkpoint["config"] = {option: Path(value).relative_to(work_dir).as_posix()
                            if isinstance(value, str) and Path(value).is_relative_to(work_dir) else value
                            for option, value in checkpoint["config"].items()}
    torch.save(checkpoint, target)


def default_archive() -> Path:
    """Where the SaudiNewsNet archive is looked for: ``$KG_SAUDINEWSNET``, else ``shared/data/saudinewsnet``
    next to the repository.

    >>> default_archive().name
    'saudinewsnet'
    """
    if os.environ.get("KG_SAUDINEWSNET"):
        return Path(os.environ["KG_SAUDINEWSNET"])
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "saudinewsnet"


def news_parts(segmenter: Segmenter) -> dict[str, list[TaggedSentence]]:
    """The real-news archive sentences of each part (train, dev, test), tagged for the model.

    >>> len(news_parts(Segmenter.load())["train"])  # doctest: +SKIP
    3558
    """
    return {part: [tag_span_sentence(sentence, segmenter) for sentence in read_span_sentences(path)]
            for part, path in NEWS_PARTS.items()}


def train_model(corpus: Path, out_dir: Path, seed: int = 13, max_steps: int = 1800,
                pretrain: bool = True, eval_interval: int = 200, vectors: str = "newsfane",
                archive: Path | None = None, news_repeat: int | None = None) -> Path:
    """Train the project's Arabic NER model on the recorded NewsFANE split and write it into ``out_dir``.

    ``vectors`` is where the word vectors come from (:data:`VECTOR_SOURCES`); for ``saudinewsnet`` the
    archive is ``archive`` (default :func:`default_archive`), and the real-news archive sentences' train part
    joins the training data ``news_repeat`` times (default :data:`NEWS_REPEAT`), their dev part the dev data
    the best step is chosen on. The ``newsfane`` model stays NewsFANE's alone (its licence).

    Writes the tagger, the word-vector pretrain (if ``pretrain``), the segmenter's corpus word counts and a
    model card with the settings and dev scores. Returns the tagger path.

    >>> train_model(DEFAULT_CORPUS,
    ...             Path("kg/models/ner"))  # doctest: +SKIP
    PosixPath('kg/models/ner/ar_newsfane_nertagger.pt')
    """
    import torch
    from stanza.models import ner_tagger

    from kg.ner.evaluate import evaluate_news, score_model

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not SPLIT_FILE.exists():
        write_split(corpus, SPLIT_FILE, seed)
    parts = load_split(corpus)
    training, tuning = parts["train"], parts["dev"]
    repeat = (NEWS_REPEAT if news_repeat is None else news_repeat) if vectors == "saudinewsnet" else 0
    # Stanza's Pipeline wants a resources.json in its directory even when every model path is given
    (out_dir / "resources.json").write_text(json.dumps({"ar": {"lang_name": "Arabic"}}) + "\n", encoding="utf-8")
    vocabulary = write_vocabulary([token for sentence in read_newsfane(corpus) for token in sentence.tokens],
                                  out_dir / VOCABULARY_NAME)
    if repeat:
        news = news_parts(Segmenter(vocabulary))  # segmented with the vocabulary the model ships, as at inference
        training, tuning = training + news["train"] * repeat, tuning + news["dev"]
    torch.set_num_threads(1)  # one thread: reproducible sums, and a fair share of a small shared machine
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as work:
        work_dir = Path(work)
        for name, sentences in (("train", training), ("dev", tuning)):
            (work_dir / f"{name}.json").write_text(json.dumps(to_stanza_json(sentences), ensure_ascii=False),
                                                   encoding="utf-8")
        args = ["--mode", "train", "--shorthand", "ar_newsfane", "--seed", str(seed),
                "--train_file", str(work_dir / "train.json"), "--eval_file", str(work_dir / "dev.json"),
                "--save_dir", str(work_dir), "--save_name", MODEL_NAME, "--max_steps", str(max_steps),
                "--eval_interval", str(eval_interval), "--cpu"]
        for option, value in TAGGER_OPTIONS.items():
            args += [option, value]
        if pretrain:
            train_vectors(parts["train"], work_dir / "vectors.vec", work_dir / PRETRAIN_NAME, seed,
                          archive=(archive or default_archive()) if vectors == "saudinewsnet" else None)
            args += ["--wordvec_pretrain_file", str(work_dir / PRETRAIN_NAME)]
        else:
            args += ["--no_pretrain"]
        ner_tagger.main(args)
        _save_half_precision(work_dir / MODEL_NAME, out_dir / MODEL_NAME)
        if pretrain:
            shutil.copyfile(work_dir / PRETRAIN_NAME, out_dir / PRETRAIN_NAME)
        else:
            (out_dir / PRETRAIN_NAME).unlink(missing_ok=True)
    minutes = (time.monotonic() - started) / 60
    attribution = out_dir / "ATTRIBUTION-SaudiNewsNet.md"
    if pretrain and vectors == "saudinewsnet":
        attribution.write_text(SAUDINEWSNET_ATTRIBUTION, encoding="utf-8")
    else:
        attribution.unlink(missing_ok=True)
    vector_settings = {"size": VECTOR_SIZE, "sg": 1, "window": 5, "source": vectors,
                       **(ARCHIVE_VECTORS if vectors == "saudinewsnet" else {"epochs": VECTOR_EPOCHS, "min_count": 2})}
    card = {"corpus": "NewsFANE_Gold_2014_170K.txt", "split": SPLIT_FILE.name, "seed": seed, "news_repeat": repeat,
            "max_steps": max_steps, "eval_interval": eval_interval, "pretrain": pretrain,
            "vectors": vector_settings,
            "tagger": TAGGER_OPTIONS, "training_minutes": round(minutes, 1),
            "dev": score_model(out_dir, parts["dev"]), "real_news_dev": evaluate_news(NEWS_PARTS["dev"], out_dir)}
    (out_dir / CARD_NAME).write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
    return out_dir / MODEL_NAME
