"""Named-entity recognition with Stanza: the project's NewsFANE model (shipped, offline) or the official one.

Both return ``kg.model.Mention`` spans in ``Document.text``, in the original spelling, with clitics cut off
(وساليفان -> ساليفان), one list per document.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kg.model import Document, Mention
from kg.ner.corpus import entity_spans
from kg.ner.network import NetworkTagger
from kg.ner.segment import Segment, Segmenter
from kg.ner.train import CARD_NAME, MODEL_NAME, PRETRAIN_NAME, VOCABULARY_NAME
from kg.vocab import NER_MODEL_DIR

#: The model shipped with the package.
PROJECT_MODEL_DIR = NER_MODEL_DIR
#: Stanza's processors for raw Arabic text: tokens, their clitics (multi-word tokens), entities.
OFFICIAL_PROCESSORS = "tokenize,mwt,ner"
#: The official model's published micro-F1 (AQMAR), used as the score of its mentions.
OFFICIAL_SCORE = 0.743
#: Official Arabic NER labels (AQMAR: PER, LOC, ORG, MISC) -> project types; MISC is dropped.
OFFICIAL_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE"}


class ModelNotFoundError(FileNotFoundError):
    """A NER model file is missing; the message names the path and the command that provides it."""


def official_model_dir() -> Path:
    """Where the official Stanza models are looked for: ``$KG_STANZA_DIR``, else ``~/stanza_resources``.

    >>> official_model_dir().name in ("stanza_resources", Path(os.environ.get("KG_STANZA_DIR", "x")).name)
    True
    """
    return Path(os.environ.get("KG_STANZA_DIR") or Path.home() / "stanza_resources")


def _missing_official_files(model_dir: Path) -> list[Path]:
    needed = [model_dir / "resources.json"] + [model_dir / "ar" / name for name in OFFICIAL_PROCESSORS.split(",")]
    return [path for path in needed if not (path.is_file() or any(path.glob("*.pt")))]


def official_installed(model_dir: Path | None = None) -> bool:
    """Whether the official Stanza Arabic tokenize, mwt and ner models are in ``model_dir``.

    >>> official_installed(Path("/nonexistent"))
    False
    """
    return not _missing_official_files(Path(model_dir) if model_dir else official_model_dir())


def _card(model_dir: Path) -> dict:
    card_path = model_dir / CARD_NAME
    return json.loads(card_path.read_text(encoding="utf-8")) if card_path.is_file() else {}


def _uses_pretrain(card: dict) -> bool:
    # a tagger trained with word vectors but loaded without them runs on random vectors: require them
    return card.get("pretrain", True)


def require_model(kind: str, model_dir: Path | None = None) -> None:
    """Raise :class:`ModelNotFoundError` (naming the missing file and the command that provides it) unless
    the files of the ``project`` or ``official`` model are in ``model_dir`` (default: where that model is
    looked for). Loads nothing: a build with worker processes checks this before starting them.

    >>> require_model("official", Path("/nonexistent"))
    Traceback (most recent call last):
    kg.ner.stanza_backend.ModelNotFoundError: Official Stanza Arabic model not found: /nonexistent/resources.json (run `kg models download` on a machine with internet)
    """
    if kind == "official":
        missing = _missing_official_files(Path(model_dir) if model_dir else official_model_dir())
        if missing:
            raise ModelNotFoundError(f"Official Stanza Arabic model not found: {missing[0]} "
                                     "(run `kg models download` on a machine with internet)")
        return
    model_dir = Path(model_dir or PROJECT_MODEL_DIR)
    needed = [MODEL_NAME, VOCABULARY_NAME] + ([PRETRAIN_NAME] if _uses_pretrain(_card(model_dir)) else [])
    for name in needed:
        if not (model_dir / name).is_file():
            raise ModelNotFoundError(f"NER model file not found: {model_dir / name} "
                                     "(run `kg ner train` to rebuild the project model)")


def _outside_a_name(segment: Segment) -> bool:
    """A clitic or a punctuation mark (# of a hashtag, a quote) tagged at the edge of an entity."""
    return segment.clitic or not any(char.isalnum() for char in segment.text)


def _starts_a_name_word(segments: list[Segment], first: int, last: int) -> bool:
    """Whether an entity's first segment is a letter the segmentation split off a word that the name starts
    with (فيصل read as ف + يصل, واس as و + اس): the tagger put the letter inside the name (it tags a
    conjunction or preposition before a name outside it), the letter starts the word, and the word's rest
    is the name's next segment."""
    segment = segments[first]
    return (segment.clitic and first + 1 < last
            and segments[first + 1].start == segment.end and not segments[first + 1].clitic
            and (first == 0 or segments[first - 1].end < segment.start))


def _quiet_pipeline(**options):
    import stanza

    return stanza.Pipeline(lang="ar", download_method=None, logging_level="WARN", **options)


class ProjectRecogniser:
    """The project's NewsFANE-trained tagger over corpus-style segments of each sentence.

    >>> from kg.model import Sentence
    >>> text = "وقال جيك سوليفان إن واشنطن تدعم لبنان."
    >>> document = Document("d", "d.txt", text, [Sentence(0, 0, len(text), text)])
    >>> [(m.text, m.start, m.type) for m in ProjectRecogniser().recognise([document])[0]]
    [('جيك سوليفان', 5, 'PER'), ('واشنطن', 20, 'GPE'), ('لبنان', 32, 'GPE')]
    """

    source = "project"

    def __init__(self, model_dir: Path = PROJECT_MODEL_DIR, int8: bool = False):
        model_dir = Path(model_dir)
        require_model("project", model_dir)
        card = _card(model_dir)
        #: A mention's score is the dev precision of its type: how often such a mention was right.
        self.scores = {kind: scores["p"] / 100 for kind, scores in card.get("dev", {}).get("per_type", {}).items()}
        self.segmenter = Segmenter.load(model_dir / VOCABULARY_NAME)
        pretrain = model_dir / PRETRAIN_NAME if _uses_pretrain(card) else None
        # the network without Stanza's pipeline: the same tags, several times faster (kg.ner.network)
        self.tagger = NetworkTagger.load(model_dir / MODEL_NAME, pretrain, int8=int8)

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """BIOES tags for sentences already segmented and normalised like the corpus.

        >>> ProjectRecogniser().tag([["و", "قال", "جيك", "سوليفان"]])
        [['O', 'O', 'B-PER', 'E-PER']]
        """
        return self.tagger.tag(sentences)

    def recognise(self, documents: list[Document]) -> list[list[Mention]]:
        """Mentions of PER/ORG/GPE/LOC in each document, all sentences of all documents tagged in one batch.

        >>> ProjectRecogniser().recognise([])
        []
        """
        jobs = [(d, i, self.segmenter.segment(sentence.text, offset=sentence.start))
                for d, document in enumerate(documents) for i, sentence in enumerate(document.sentences)]
        jobs = [job for job in jobs if job[2]]
        tags = self.tag([[segment.text for segment in segments] for _, _, segments in jobs])
        found: list[list[Mention]] = [[] for _ in documents]
        for (d, i, segments), sentence_tags in zip(jobs, tags):
            document = documents[d]
            for first, last, kind in entity_spans(sentence_tags):
                whole_word = _starts_a_name_word(segments, first, last)
                while not whole_word and first < last and _outside_a_name(segments[first]):
                    first += 1
                while last > first and _outside_a_name(segments[last - 1]):
                    last -= 1
                if first == last:
                    continue
                start, end = segments[first].start, segments[last - 1].end
                if not whole_word:
                    # the segmentation split this word's clitics already (و + فيصل): only an article's
                    # preposition is left to cut (و + بالعراق)
                    glued = first > 0 and segments[first - 1].end == start
                    start, end = self.segmenter.mention_bounds(document.text, start, end, article_only=glued)
                found[d].append(Mention(document.doc_id, i, start, end, document.text[start:end], kind,
                                        self.source, round(self.scores.get(kind, 1.0), 4)))
        return found


class OfficialRecogniser:
    """Stanza's official Arabic pipeline (tokenize, mwt, ner) on each sentence's original text.

    >>> OfficialRecogniser(Path("~/stanza_resources").expanduser())  # doctest: +SKIP
    """

    source = "official"

    def __init__(self, model_dir: Path | None = None):
        model_dir = Path(model_dir) if model_dir else official_model_dir()
        require_model("official", model_dir)
        self.segmenter = Segmenter.load(PROJECT_MODEL_DIR / VOCABULARY_NAME)
        self.pipeline = _quiet_pipeline(dir=str(model_dir), processors=OFFICIAL_PROCESSORS,
                                        tokenize_no_ssplit=True)

    def recognise(self, documents: list[Document]) -> list[list[Mention]]:
        """Mentions in each document; clitics Stanza keeps inside entity tokens are cut off.

        >>> OfficialRecogniser().recognise([document])  # doctest: +SKIP
        """
        import stanza

        jobs = [(d, i, sentence) for d, document in enumerate(documents)
                for i, sentence in enumerate(document.sentences) if sentence.text.strip()]
        parsed = self.pipeline.bulk_process([stanza.Document([], text=sentence.text) for _, _, sentence in jobs])
        found: list[list[Mention]] = [[] for _ in documents]
        for (d, i, sentence), result in zip(jobs, parsed):
            document = documents[d]
            for entity in result.ents:
                kind = OFFICIAL_TYPES.get(entity.type)
                if kind is None:
                    continue
                start, end = self.segmenter.mention_bounds(document.text, sentence.start + entity.start_char,
                                                           sentence.start + entity.end_char)
                found[d].append(Mention(document.doc_id, i, start, end, document.text[start:end], kind,
                                        self.source, OFFICIAL_SCORE))
        return found


def load_recogniser(kind: str = "auto", model_dir: Path | None = None) -> ProjectRecogniser | OfficialRecogniser:
    """A recogniser: ``project`` (shipped model), ``official`` (Stanza's, if installed) or ``auto`` (official
    when installed in ``model_dir``/``$KG_STANZA_DIR``/``~/stanza_resources``, else project).

    >>> load_recogniser("project").source
    'project'
    """
    if kind == "project":
        return ProjectRecogniser(model_dir or PROJECT_MODEL_DIR)
    if kind == "official":
        return OfficialRecogniser(model_dir)
    if kind == "auto":
        if official_installed(model_dir):
            return OfficialRecogniser(model_dir)
        return ProjectRecogniser(model_dir if model_dir and (Path(model_dir) / MODEL_NAME).is_file()
                                 else PROJECT_MODEL_DIR)
    raise ValueError(f"unknown recogniser kind {kind!r}: use 'project', 'official' or 'auto'")


def download_official(model_dir: Path, **download_options) -> Path:
    """Download Stanza's official Arabic tokenize, mwt and ner models into ``model_dir``; returns the
    language directory. ``download_options`` go to ``stanza.download`` (e.g. ``resources_url``, ``model_url``).

    >>> download_official(Path.home() / "stanza_resources")  # doctest: +SKIP
    PosixPath('/root/stanza_resources/ar')
    """
    import stanza

    stanza.download("ar", model_dir=str(model_dir), processors=OFFICIAL_PROCESSORS, logging_level="WARN",
                    **download_options)
    return Path(model_dir) / "ar"
