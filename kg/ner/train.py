"""Rebuild the shipped NER model: word vectors, then Stanza's BiLSTM-CRF tagger, both from NewsFANE's train part.

Everything that decides the result is fixed here (split file, seeds, hyper-parameters, one thread), so a
rebuild on the same machine gives the same model; see ``kg/models/ner/ATTRIBUTION.md`` for how close
rebuilds come.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
import time
from pathlib import Path

from kg.ner.corpus import SPLIT_FILE, TaggedSentence, load_split, read_newsfane, to_stanza_json, write_split
from kg.ner.segment import normalise_for_model, write_vocabulary

#: File names inside a project model directory.
MODEL_NAME = "ar_newsfane_nertagger.pt"
PRETRAIN_NAME = "ar_newsfane_pretrain.pt"
VOCABULARY_NAME = "vocabulary.tsv"
CARD_NAME = "model.json"

#: Word2vec settings: small vectors for a 135K-token training part.
VECTOR_SIZE = 100
VECTOR_EPOCHS = 15

#: Tagger settings passed to ``stanza.models.ner_tagger``.
TAGGER_OPTIONS = {"--optim": "adam", "--lr": "0.002", "--batch_size": "32", "--hidden_dim": "256",
                  "--char_hidden_dim": "100", "--dropout": "0.5", "--word_dropout": "0.01",
                  "--max_steps_no_improve": "1200", "--lr_decay": "0"}

logger = logging.getLogger(__name__)


def _stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` of a str is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=4).digest(), "little")


def train_vectors(sentences: list[TaggedSentence], vec_path: Path, pretrain_path: Path, seed: int = 13) -> Path:
    """Train skip-gram word2vec vectors on ``sentences`` (one worker, so reproducible) and convert them to a
    Stanza pretrain file.

    >>> train_vectors(parts["train"], Path("/tmp/v.vec"), Path("/tmp/v.pt"))  # doctest: +SKIP
    PosixPath('/tmp/v.pt')
    """
    import torch
    from gensim.models import Word2Vec
    from stanza.models.common.pretrain import Pretrain

    texts = [[normalise_for_model(token) for token in sentence.tokens] for sentence in sentences]
    model = Word2Vec(texts, vector_size=VECTOR_SIZE, window=5, min_count=2, sg=1, negative=5,
                     epochs=VECTOR_EPOCHS, workers=1, seed=seed, hashfxn=_stable_hash)
    model.wv.save_word2vec_format(str(vec_path))
    pretrain_path.unlink(missing_ok=True)
    Pretrain(str(pretrain_path), str(vec_path), max_vocab=-1).load()
    # Stanza writes the legacy format, whose storage keys are memory addresses; the zip format is byte-stable
    torch.save(torch.load(pretrain_path, map_location="cpu", weights_only=False), pretrain_path)
    return pretrain_path


def _save_half_precision(source: Path, target: Path) -> None:
    """Copy a Stanza checkpoint with its weights stored as float16 (half the size, same dev scores: Stanza
    casts them back to float32 when it loads them) and the temporary paths of its training options cut down
    to file names, so that a rebuild writes the same bytes."""
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    checkpoint["model"] = {name: weights.half() if weights.is_floating_point() else weights
                           for name, weights in checkpoint["model"].items()}
    work_dir = str(source.parent)
    checkpoint["config"] = {option: Path(value).name if isinstance(value, str) and value.startswith(work_dir)
                            else value for option, value in checkpoint["config"].items()}
    torch.save(checkpoint, target)


def train_model(corpus: Path, out_dir: Path, seed: int = 13, max_steps: int = 1800,
                pretrain: bool = True, eval_interval: int = 200) -> Path:
    """Train the project's Arabic NER model on the recorded NewsFANE split and write it into ``out_dir``.

    Writes the tagger, the word-vector pretrain (if ``pretrain``), the segmenter's corpus word counts and a
    model card with the settings and dev scores. Returns the tagger path.

    >>> train_model(DEFAULT_CORPUS,
    ...             Path("kg/models/ner"))  # doctest: +SKIP
    PosixPath('kg/models/ner/ar_newsfane_nertagger.pt')
    """
    import torch
    from stanza.models import ner_tagger

    from kg.ner.evaluate import score_model

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not SPLIT_FILE.exists():
        write_split(corpus, SPLIT_FILE, seed)
    parts = load_split(corpus)
    # Stanza's Pipeline wants a resources.json in its directory even when every model path is given
    (out_dir / "resources.json").write_text(json.dumps({"ar": {"lang_name": "Arabic"}}) + "\n", encoding="utf-8")
    write_vocabulary([token for sentence in read_newsfane(corpus) for token in sentence.tokens],
                     out_dir / VOCABULARY_NAME)
    torch.set_num_threads(1)  # one thread: reproducible sums, and a fair share of a small shared machine
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as work:
        work_dir = Path(work)
        for name in ("train", "dev"):
            (work_dir / f"{name}.json").write_text(json.dumps(to_stanza_json(parts[name]), ensure_ascii=False),
                                                   encoding="utf-8")
        args = ["--mode", "train", "--shorthand", "ar_newsfane", "--seed", str(seed),
                "--train_file", str(work_dir / "train.json"), "--eval_file", str(work_dir / "dev.json"),
                "--save_dir", str(work_dir), "--save_name", MODEL_NAME, "--max_steps", str(max_steps),
                "--eval_interval", str(eval_interval), "--cpu"]
        for option, value in TAGGER_OPTIONS.items():
            args += [option, value]
        if pretrain:
            train_vectors(parts["train"], work_dir / "vectors.vec", work_dir / PRETRAIN_NAME, seed)
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
    card = {"corpus": "NewsFANE_Gold_2014_170K.txt", "split": SPLIT_FILE.name, "seed": seed,
            "max_steps": max_steps, "eval_interval": eval_interval, "pretrain": pretrain,
            "vectors": {"size": VECTOR_SIZE, "epochs": VECTOR_EPOCHS, "sg": 1, "window": 5, "min_count": 2},
            "tagger": TAGGER_OPTIONS, "training_minutes": round(minutes, 1),
            "dev": score_model(out_dir, parts["dev"])}
    (out_dir / CARD_NAME).write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")
    return out_dir / MODEL_NAME
