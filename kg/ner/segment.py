"""Clitic segmentation that matches the NewsFANE corpus, with every segment mapped back to the original text.

The corpus is written the Penn Arabic Treebank way: the conjunctions و ف and the pronoun suffixes stand as
their own tokens, the article ال stays attached, and the prepositions ب ل ك are split only sometimes
(``بالنسبة`` and ``للامم`` stay whole). Letters are normalised (أ إ آ -> ا, ى -> ي, no diacritics).

Arabic is ambiguous here (``وزير`` is a word, ``وقال`` is و + قال), so the segmenter asks the corpus: a clitic
is split off only when the remainder is more frequent in the corpus than the whole word, and an unseen
word loses a leading و only when what is left is long enough to be a word of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_MARKS = frozenset("\u0640\u0670" + "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0610\u0611\u0612"
                   "\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي",
                          **{chr(0x0660 + d): str(d) for d in range(10)},
                          **{chr(0x06F0 + d): str(d) for d in range(10)}})
_TOKEN = re.compile(
    r"(?P<arabic>[\u0621-\u063a\u0640-\u065f\u0670-\u06d3]+)"
    r"|[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b][0-9\u0660-\u0669\u06f0-\u06f9]+)*"
    r"|[A-Za-z]+"
    r"|[^\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
#: Pronoun suffixes the corpus writes apart. ي ك ني are left out: as word endings (عربي, بنك) they are far
#: more common than as pronouns.
_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "كن", "نا", "ه")
#: An unseen word starting with و is و + word when at least this many letters remain (وساليفان).
_MIN_UNSEEN_REMAINDER = 3

#: Word counts of the corpus, shipped with the model so inference does not need the corpus.
VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "models" / "ner" / "vocabulary.tsv"


def normalise_for_model(text: str) -> str:
    """Spell ``text`` the way the corpus does: no diacritics or tatweel, أ إ آ ٱ -> ا, ى -> ي, Latin digits.

    >>> normalise_for_model("إِسرائيل على ٢٠٢٤")
    'اسرائيل علي 2024'
    """
    return "".join(char for char in text if char not in _MARKS).translate(_LETTERS)


def _normalise_with_positions(text: str) -> tuple[str, list[int]]:
    """``normalise_for_model(text)`` and, for each of its characters, its index in ``text``."""
    kept = [(char, i) for i, char in enumerate(text) if char not in _MARKS]
    return "".join(char for char, _ in kept).translate(_LETTERS), [i for _, i in kept]


@dataclass(frozen=True)
class Segment:
    """A model token: ``text`` is normalised, ``start``/``end`` are offsets in the original string;
    ``clitic`` marks a split-off conjunction, preposition or pronoun."""

    text: str
    start: int
    end: int
    clitic: bool = False


class Segmenter:
    """Splits Arabic text into corpus-style tokens, guided by corpus word counts.

    >>> segmenter = Segmenter({"قال": 50, "ساليفان": 0, "وزير": 100})
    >>> [s.text for s in segmenter.segment("وقال وزير")]
    ['و', 'قال', 'وزير']
    """

    def __init__(self, vocabulary: Mapping[str, int]):
        self.vocabulary = vocabulary

    @classmethod
    def load(cls, path: Path = VOCABULARY_FILE) -> Segmenter:
        """A segmenter over the word counts stored in ``path`` (``word<TAB>count`` lines).

        >>> Segmenter.load().vocabulary["لبنان"] > 100
        True
        """
        counts: Counter[str] = Counter()
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            word, _, count = line.partition("\t")
            counts[word] = int(count)
        return cls(counts)

    def _more_common_apart(self, whole: str, rest: str) -> bool:
        return self.vocabulary.get(rest, 0) > self.vocabulary.get(whole, 0)

    def _clitic_cuts(self, word: str, strip_article_prepositions: bool) -> tuple[int, int]:
        """Where the core of a normalised ``word`` starts and ends once its clitics are cut off.

        ``strip_article_prepositions`` also cuts ب ل ك before ال (بالعراق -> العراق, للامم -> لامم), which the
        corpus leaves attached but a mention must not contain."""
        start, end = 0, len(word)
        if end - start > 2 and word[start] in _CONJUNCTIONS:
            rest = word[start + 1:]
            unseen = not self.vocabulary.get(word) and not self.vocabulary.get(rest)
            if self._more_common_apart(word, rest) or (
                    unseen and word[start] == "و" and len(rest) >= _MIN_UNSEEN_REMAINDER):
                start += 1
        if end - start > 2 and word[start] in _PREPOSITIONS:
            rest = word[start + 1:]
            if self._more_common_apart(word[start:], rest) or (
                    strip_article_prepositions and rest.startswith(("ال", "ل")) and len(rest) > 2):
                start += 1
        stem = word[start:end]
        if not stem.startswith("ال"):
            for suffix in _SUFFIXES:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 2 and self._more_common_apart(
                        stem, stem[:-len(suffix)]):
                    end -= len(suffix)
                    break
        return start, end

    def _split_word(self, word: str, positions: list[int], word_end: int) -> list[Segment]:
        """Segments of one Arabic word (``word`` normalised, ``positions`` its characters' original offsets)."""
        start, end = self._clitic_cuts(word, strip_article_prepositions=False)
        # each proclitic is one letter and its own token (و ب ...), like the corpus writes them
        pieces = [(i, i + 1, True) for i in range(start)] + [(start, end, False)]
        if end < len(word):
            pieces.append((end, len(word), True))
        return [Segment(word[a:b], positions[a], positions[b] if b < len(word) else word_end, clitic)
                for a, b, clitic in pieces]

    def segment(self, text: str, offset: int = 0) -> list[Segment]:
        """Tokens of ``text`` as the model expects them, with offsets into ``text`` (plus ``offset``).

        >>> segmenter = Segmenter({"ساليفان": 3})
        >>> [(s.text, s.start, s.end) for s in segmenter.segment("وساليفان.")]
        [('و', 0, 1), ('ساليفان', 1, 8), ('.', 8, 9)]
        """
        segments: list[Segment] = []
        for match in _TOKEN.finditer(text):
            if match.group("arabic"):
                word, positions = _normalise_with_positions(match.group())
                positions = [match.start() + offset + p for p in positions]
                segments.extend(self._split_word(word, positions, match.end() + offset))
            else:
                segments.append(Segment(normalise_for_model(match.group()), match.start() + offset,
                                        match.end() + offset))
        return segments

    def mention_bounds(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Narrow the span ``text[start:end]`` so it holds no leading proclitic and no trailing pronoun.

        >>> Segmenter({"العراق": 9}).mention_bounds("في بالعراق", 3, 10)
        (4, 10)
        """
        words = list(re.finditer(r"\S+", text[start:end]))
        if not words:
            return start, end
        first, last = words[0], words[-1]
        first_word, first_positions = _normalise_with_positions(first.group())
        cut, _ = self._clitic_cuts(first_word, strip_article_prepositions=True)
        new_start = start + first.start() + (first_positions[cut] if 0 < cut < len(first_word) else 0)
        last_word, last_positions = _normalise_with_positions(last.group())
        _, core_end = self._clitic_cuts(last_word, strip_article_prepositions=True)
        new_end = start + last.end()
        if 0 < core_end < len(last_word):
            new_end = start + last.start() + last_positions[core_end]
        return (new_start, new_end) if new_start < new_end else (start, end)


def write_vocabulary(tokens: list[str], path: Path = VOCABULARY_FILE) -> Counter[str]:
    """Count normalised corpus ``tokens`` and store them, most frequent first, for ``Segmenter.load``.

    >>> write_vocabulary(["و", "قال", "و"], Path("/tmp/vocab.tsv"))["و"]
    2
    """
    counts = Counter(normalise_for_model(token) for token in tokens)
    lines = [f"{word}\t{count}" for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts
