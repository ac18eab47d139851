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
#: Pronoun suffixes the corpus writes apart. ي ك ني كن are left out: as word endings (عربي, بنك, بلينكن)
#: they are far more common than as pronouns.
_SUFFIXES = ("هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه")
#: Letters a stem keeps when a pronoun suffix is cut off.
_MIN_STEM = 3
#: An unseen word starting with و is و + word when at least this many letters remain (وساليفان).
_MIN_UNSEEN_REMAINDER = 3

#: Word counts of the corpus, shipped with the model so inference does not need the corpus.
VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "models" / "ner" / "vocabulary.tsv"


def _before_the_article(word: str) -> bool:
    """Whether a normalised word is a preposition glued to the article (بال.., لل..), which the corpus
    leaves attached."""
    return word[1:].startswith("ال") or word.startswith("لل")


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

    def _count(self, word: str) -> int:
        """Corpus count of ``word``, or of its stem when ``word`` carries a pronoun suffix the corpus split off."""
        count = self.vocabulary.get(word, 0)
        if count or word.startswith("ال"):
            return count
        return max((self.vocabulary.get(word[:-len(suffix)], 0) for suffix in _SUFFIXES
                    if word.endswith(suffix) and len(word) - len(suffix) >= 2), default=0)

    def _clitic_cuts(self, word: str, for_mention: bool) -> tuple[int, int]:
        """Where the core of a normalised ``word`` starts and ends once its clitics are cut off.

        The corpus leaves ب ل ك attached before ال (بالنسبة, للامم), so segmentation does too; a mention
        must not contain them, so ``for_mention`` cuts them there as well (للامم -> لامم)."""
        start, end = 0, len(word)
        if end - start > 2 and word[start] in _CONJUNCTIONS:
            whole, rest = self._count(word), self._count(word[start + 1:])
            if rest > whole or (not whole and not rest and word[start] == "و"
                                and len(word) - 1 >= _MIN_UNSEEN_REMAINDER):
                start += 1
        if end - start > 3 and word[start] in _PREPOSITIONS:
            if _before_the_article(word[start:]):
                start += for_mention
            elif self.vocabulary.get(word[start + 1:], 0) > self._count(word[start:]):
                start += 1
        stem = word[start:end]
        # a name rarely carries a pronoun, and name endings look like pronouns (بلينكن): mentions keep them
        if not stem.startswith("ال") and not for_mention:
            for suffix in _SUFFIXES:
                if (stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_STEM
                        and self.vocabulary.get(stem[:-len(suffix)], 0) > self.vocabulary.get(stem, 0)):
                    end -= len(suffix)
                    break
        return start, end

    def _split_word(self, word: str, positions: list[int], word_end: int) -> list[Segment]:
        """Segments of one Arabic word (``word`` normalised, ``positions`` its characters' original offsets)."""
        start, end = self._clitic_cuts(word, for_mention=False)
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
                if not word:  # a lone tatweel or stray diacritics: nothing to tag
                    continue
                positions = [match.start() + offset + p for p in positions]
                segments.extend(self._split_word(word, positions, match.end() + offset))
            else:
                segments.append(Segment(normalise_for_model(match.group()), match.start() + offset,
                                        match.end() + offset))
        return segments

    def mention_bounds(self, text: str, start: int, end: int, article_only: bool = False) -> tuple[int, int]:
        """Narrow the span ``text[start:end]`` so it does not start with a conjunction or preposition (with
        ``article_only``, only a preposition before the article: for a word whose clitics the segmentation
        has split already).

        >>> Segmenter({"العراق": 9}).mention_bounds("في بالعراق", 3, 10)
        (4, 10)
        """
        first = re.search(r"\S+", text[start:end])
        if first is None:
            return start, end
        word, positions = _normalise_with_positions(first.group())
        if article_only:
            cut = int(len(word) > 3 and word[0] in _PREPOSITIONS and _before_the_article(word))
        else:
            cut, _ = self._clitic_cuts(word, for_mention=True)
        if 0 < cut < len(word):
            return start + first.start() + positions[cut], end
        return start, end


def write_vocabulary(tokens: list[str], path: Path = VOCABULARY_FILE) -> Counter[str]:
    """Count normalised corpus ``tokens`` and store them, most frequent first, for ``Segmenter.load``.

    >>> write_vocabulary(["و", "قال", "و"], Path("/tmp/vocab.tsv"))["و"]
    2
    """
    counts = Counter(normalise_for_model(token) for token in tokens)
    lines = [f"{word}\t{count}" for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts
