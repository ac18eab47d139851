"""The NER corpora: the NewsFANE Gold corpus (reading it, mapping its 50 fine classes to the project's four,
splitting it), and sentences of real news annotated with character spans (``tests/saudinewsnet/ner``).

NewsFANE (Alotaibi & Lee, COLING 2014, CC BY-SA 3.0) is Arabic newswire segmented the Penn Arabic Treebank
way and tagged in BIO form with fine classes such as ``B-Politician`` or ``I-Nation``. The file starts with
a UTF-8 byte-order mark, puts a left-to-right mark (U+200E) before most tokens, ends lines with CRLF, and
ends each sentence with a line holding only a tab.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.model import ENTITY_TYPES
from kg.ner.segment import Segmenter, normalise_for_model
from kg.recognise import COMMON_WORDS_FILE, load_dictionary, name_tokens, word_key

#: Fine NewsFANE class -> coarse project type. Classes mapped to ``None`` are not political actors or
#: places (vehicles, weapons, works, products, demonym groups) and become ``O``.
COARSE_TYPES: dict[str, str | None] = {
    # People. "Police" holds defence and security officials (e.g. Rumsfeld, Halutz).
    "Politician": "PER", "Other_PER": "PER", "Athlete": "PER", "Artist": "PER", "Religious_PER": "PER",
    "Scientist": "PER", "Businessperson": "PER", "Police": "PER", "Lawyer": "PER", "Engineer": "PER",
    # Organisations.
    "Government": "ORG", "Non-Governmental": "ORG", "Media": "ORG", "Commercial": "ORG", "Sports": "ORG",
    "Educational": "ORG", "Medical-Science": "ORG", "Entertainment": "ORG", "Religious_ORG": "ORG",
    # Geopolitical entities.
    "Nation": "GPE", "Population-Center": "GPE", "State-or-Province": "GPE", "GPE-Cluster": "GPE",
    "County-or-District": "GPE",
    # Natural locations and facilities (the White House, an airport, a road) are places of meetings.
    "Continent": "LOC", "Water-Body": "LOC", "Land-Region-Natural": "LOC", "Celestial": "LOC",
    "Building-Grounds": "LOC", "Airport": "LOC", "Path": "LOC", "Subarea-Facility": "LOC",
    # Demonym and religious collectives (العرب, المسلمين, الاسرائيليين): not single actors.
    "Group": None,
    # Vehicles, weapons, works and products.
    "Land": None, "Air": None, "Water": None, "Projectile": None, "Shooting": None, "Book": None,
    "Movie": None, "Software": None, "Hardware": None, "Food": None, "Drug": None, "Plant": None,
    # The project's own types, as the span-annotated sentences are tagged.
    "PER": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
}

#: Real-news sentences annotated with entity spans: the check set of SaudiNewsNet train articles, and the
#: archive set whose parts train, tune and test the model (see GUIDELINES.md there).
NEWS_DIR = Path(__file__).resolve().parents[2] / "tests" / "saudinewsnet" / "ner"
NEWS_SENTENCES = NEWS_DIR / "sentences.jsonl"
NEWS_PARTS = {part: NEWS_DIR / "archive" / f"{part}.jsonl" for part in ("train", "dev", "test")}
NEWS_AGREEMENT = NEWS_DIR / "archive" / "agreement.jsonl"

#: The split file shipped with the model: sentence indices of each part, and the corpus hash they belong to.
SPLIT_FILE = Path(__file__).resolve().parent.parent / "models" / "ner" / "newsfane_split.json"


def default_corpus() -> Path:
    """Where the NewsFANE corpus is looked for: ``$KG_NEWSFANE``, else ``shared/data/newsfane`` next to
    the repository (where the project's shared material sits).

    >>> default_corpus().name
    'NewsFANE_Gold_2014_170K.txt'
    """
    if os.environ.get("KG_NEWSFANE"):
        return Path(os.environ["KG_NEWSFANE"])
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"


DEFAULT_CORPUS = default_corpus()


@dataclass(frozen=True)
class TaggedSentence:
    """One corpus sentence: its tokens and their fine BIO tags exactly as the file has them (marks removed)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def read_newsfane(path: Path) -> list[TaggedSentence]:
    """Read ``NewsFANE_Gold_2014_170K.txt`` into sentences, dropping the BOM and left-to-right marks.

    >>> sentences = read_newsfane(DEFAULT_CORPUS)
    >>> sentences[0].tokens[0], sentences[0].tags[0]
    ('فرانكفورت', 'B-Population-Center')
    """
    text = Path(path).read_bytes().decode("utf-8-sig").replace("\u200e", "")
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in text.splitlines():
        token, _, tag = line.partition("\t")
        token, tag = token.strip(), tag.strip()
        if token and tag:
            tokens.append(token)
            tags.append(tag)
        elif tokens:  # a tab-only (or empty) line ends the sentence
            sentences.append(TaggedSentence(tuple(tokens), tuple(tags)))
            tokens, tags = [], []
    if tokens:
        sentences.append(TaggedSentence(tuple(tokens), tuple(tags)))
    return sentences


def coarse_tags(tags: tuple[str, ...] | list[str]) -> list[str]:
    """Map fine BIO tags to coarse ones (PER/ORG/GPE/LOC or ``O``), repairing an ``I-`` that starts an entity.

    >>> coarse_tags(["B-Politician", "I-Politician", "O", "B-Book", "I-Nation"])
    ['B-PER', 'I-PER', 'O', 'O', 'B-GPE']
    """
    coarse: list[str] = []
    for tag in tags:
        prefix, _, fine = tag.partition("-")
        kind = COARSE_TYPES.get(fine) if fine else None
        if kind is None:
            coarse.append("O")
        elif prefix == "I" and coarse and coarse[-1] in (f"B-{kind}", f"I-{kind}"):
            coarse.append(f"I-{kind}")
        else:
            coarse.append(f"B-{kind}")
    return coarse


def entity_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """The entities of a coarse BIO (or BIOES) tag sequence as ``(first, last + 1, type)`` token spans.

    >>> entity_spans(["B-PER", "I-PER", "O", "S-GPE", "I-ORG"])
    [(0, 2, 'PER'), (3, 4, 'GPE'), (4, 5, 'ORG')]
    """
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix in ("I", "E") and label == kind and start >= 0
        if start >= 0 and not continues:
            spans.append((start, i, kind))
            start, kind = -1, ""
        if prefix in ("B", "S") or (prefix in ("I", "E") and not continues):
            start, kind = i, label
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, kind))
            start, kind = -1, ""
    return spans


def corpus_hash(path: Path) -> str:
    """The SHA-256 of the corpus file, recorded with the split so a different file is noticed.

    >>> len(corpus_hash(DEFAULT_CORPUS))
    64
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def make_split(count: int, seed: int = 13, fractions: tuple[float, float] = (0.8, 0.1)) -> dict[str, list[int]]:
    """Shuffle sentence indices ``0..count-1`` with ``seed`` and cut them into train/dev/test parts.

    >>> parts = make_split(10)
    >>> [len(parts[name]) for name in ("train", "dev", "test")]
    [8, 1, 1]
    """
    order = list(range(count))
    random.Random(seed).shuffle(order)
    train_end = round(count * fractions[0])
    dev_end = train_end + round(count * fractions[1])
    return {"train": sorted(order[:train_end]), "dev": sorted(order[train_end:dev_end]),
            "test": sorted(order[dev_end:])}


def write_split(corpus: Path, path: Path = SPLIT_FILE, seed: int = 13) -> dict[str, list[int]]:
    """Compute the seeded split of ``corpus`` and record it (indices and corpus hash, no text) in ``path``.

    >>> corpus = DEFAULT_CORPUS
    >>> write_split(corpus, Path("/tmp/split.json"))["test"][:3]
    [9, 16, 17]
    """
    parts = make_split(len(read_newsfane(corpus)), seed)
    record = {"corpus": "NewsFANE_Gold_2014_170K.txt", "sha256": corpus_hash(corpus), "seed": seed, **parts}
    Path(path).write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
    return parts


def load_split(corpus: Path, path: Path = SPLIT_FILE) -> dict[str, list[TaggedSentence]]:
    """The corpus sentences of each recorded part, after checking the corpus is the one the split was made on.

    >>> parts = load_split(DEFAULT_CORPUS)
    >>> len(parts["train"]), len(parts["dev"]), len(parts["test"])
    (3808, 476, 476)
    """
    record = json.loads(Path(path).read_text(encoding="utf-8"))
    if record["sha256"] != corpus_hash(corpus):
        raise ValueError(f"{corpus} is not the corpus the split in {path} was made from (sha256 differs)")
    sentences = read_newsfane(corpus)
    return {name: [sentences[i] for i in record[name]] for name in ("train", "dev", "test")}


def to_stanza_json(sentences: list[TaggedSentence]) -> list[list[dict[str, str]]]:
    """Sentences in Stanza's NER training format, tokens normalised like inference input, tags coarse BIO.

    >>> to_stanza_json([TaggedSentence(("بريطانيا", "و", "الصين"), ("B-Nation", "O", "B-Nation"))])[0][2]
    {'text': 'الصين', 'ner': 'B-GPE'}
    """
    return [[{"text": normalise_for_model(token), "ner": tag}
             for token, tag in zip(sentence.tokens, coarse_tags(sentence.tags))]
            for sentence in sentences]


#: How often a word must be seen in the archive before its tags say it is common (NewsFANE: 3).
ARCHIVE_MIN_COUNT = 5

_HEADERS = {
    "newsfane": "# Words NewsFANE writes outside names (kg.ner.corpus.common_words over its train split; the\n"
                "# dictionary's person-name words left out). Made by `kg ner common-words`; do not edit by hand.\n"
                "# Derived from NewsFANE Gold (Alotaibi & Lee, 2014), CC BY-SA 3.0.\n",
    "saudinewsnet": "# Words the SaudiNewsNet archive writes outside names, as the shipped NER model tags it\n"
                    "# (kg.ner.corpus.common_words over every sentence but those of the 305 annotated articles;\n"
                    "# the dictionary's person-name words left out). Made by `kg ner common-words --source\n"
                    "# saudinewsnet`; do not edit by hand. Derived from SaudiNewsNet (Alhagri, 2015), CC BY-NC-SA 4.0:\n"
                    "# see kg/models/ner/ATTRIBUTION-SaudiNewsNet.md.\n",
}
#: Where ``write_common_words`` takes its tags from.
COMMON_WORD_SOURCES = tuple(_HEADERS)


def common_words(sentences: Iterable[TaggedSentence], names: set[str] | frozenset[str] = frozenset(),
                 min_count: int = 3, max_name_share: float = 0.05) -> list[str]:
    """Words (``kg.recognise.word_key`` keys) the corpus writes outside names: seen at least ``min_count``
    times, at most ``max_name_share`` of them inside an entity of any class, and not one of ``names``
    (the words of the people the dictionary knows: حسن, كامل are names too). The word-class check that
    trims a statistical span to its name and drops spans made of common words only.

    >>> sentence = TaggedSentence(("قال", "الرئيس", "حسن", "روحاني"), ("O", "O", "B-Politician", "I-Politician"))
    >>> common_words([sentence] * 3)
    ['الرييس', 'قال']
    """
    from collections import Counter

    outside, inside = Counter(), Counter()
    for sentence in sentences:
        for token, tag in zip(sentence.tokens, sentence.tags):
            (outside if tag == "O" else inside)[word_key(token)] += 1
    return sorted(word for word, count in outside.items()
                  if count + inside[word] >= min_count and inside[word] <= max_name_share * (count + inside[word])
                  and len(word) > 1 and not word.isdigit() and word not in names)


def write_common_words(corpus: Path, path: Path = COMMON_WORDS_FILE, source: str = "newsfane",
                       archive: Path | None = None, progress: Callable[[int], None] | None = None) -> int:
    """Write the common words to ``path``, one per line after a header naming the source; returns how many.
    ``source`` ``newsfane``: the gold tags of ``corpus``'s train part (the recorded split); ``saudinewsnet``:
    the sentences of ``archive`` (default :func:`kg.ner.train.default_archive`) as the shipped model tags
    them (``progress`` is called with the sentences tagged), a lexicon of the real-news words NewsFANE's
    170,000 tokens never saw (متوقعين، المنجزات). The dictionary's person-name words are left out of both.

    >>> write_common_words(DEFAULT_CORPUS, Path("/tmp/common-words.txt")) > 1000
    True
    """
    if source not in COMMON_WORD_SOURCES:
        raise ValueError(f"unknown source {source!r}; choose one of {', '.join(COMMON_WORD_SOURCES)}")
    dictionary = load_dictionary()
    names = {word for entry in dictionary.entries.values() if entry.type == "PER"
             for spelling in entry.spellings for word in name_tokens(spelling)}
    if source == "newsfane":
        words = common_words(load_split(corpus)["train"], names)
    else:
        from kg.ner.train import default_archive, tagged_archive_sentences

        words = common_words(tagged_archive_sentences(archive or default_archive(), progress=progress), names,
                             min_count=ARCHIVE_MIN_COUNT)
    Path(path).write_text(_HEADERS[source] + "\n".join(words) + "\n", encoding="utf-8")
    return len(words)


@dataclass(frozen=True)
class SpanSentence:
    """One real-news sentence in its original spelling with its entities as ``(start, end, type)`` character
    spans."""

    id: str
    text: str
    spans: frozenset[tuple[int, int, str]]


def read_span_sentences(path: Path) -> list[SpanSentence]:
    """Read a file of span-annotated sentences (one JSON object a line: ``id``, ``text``, ``entities`` with
    ``start``, ``end``, ``type``, ``text``). Raises ``ValueError`` when a span's recorded text is not the
    sentence's text at its offsets, or its type is not one of the project's.

    >>> sentence = read_span_sentences(NEWS_SENTENCES)[1]
    >>> [(sentence.text[start:end], kind) for start, end, kind in sorted(sentence.spans)][:2]
    [('الأنبار', 'GPE'), ('القوات العراقية', 'ORG')]
    """
    sentences = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        for entity in record["entities"]:
            if text[entity["start"]:entity["end"]] != entity["text"] or entity["type"] not in ENTITY_TYPES:
                raise ValueError(f"{path}: {record['id']}: bad span {entity}")
        sentences.append(SpanSentence(record["id"], text,
                                      frozenset((e["start"], e["end"], e["type"]) for e in record["entities"])))
    return sentences


def tag_span_sentence(sentence: SpanSentence, segmenter: Segmenter) -> TaggedSentence:
    """The sentence segmented exactly like the NER input, each token tagged in BIO form with the entity it
    overlaps: a token the entity starts inside (``للقوات`` for ``لقوات``) belongs to it, as the recogniser
    cuts the clitic off the mention again.

    >>> tag_span_sentence(SpanSentence("s", "زار وبوتين موسكو", frozenset({(5, 10, "PER"), (11, 16, "GPE")})),
    ...                   Segmenter({"بوتين": 5}))
    TaggedSentence(tokens=('زار', 'و', 'بوتين', 'موسكو'), tags=('O', 'O', 'B-PER', 'B-GPE'))
    """
    spans = sorted(sentence.spans)
    tokens, tags = [], []
    previous = None
    for segment in segmenter.segment(sentence.text):
        inside = next((span for span in spans if segment.start < span[1] and span[0] < segment.end), None)
        tags.append("O" if inside is None else f"{'I' if inside == previous else 'B'}-{inside[2]}")
        previous = inside
        tokens.append(segment.text)
    return TaggedSentence(tuple(tokens), tuple(tags))
