"""Latin spellings of Arabic personal and organisation names as the English-language press writes them, for
the English label of an actor that the dictionary, the knowledge base and the gazetteer do not know.

A name is cut into units (:func:`name_units`): words, compounds (عبد الله, عز الدين, نصر الله) and
particles (بن, آل, أبو). Each unit is, in order: a particle (``bin``, ``Al``, ``Abu``); a known name
(``ontology/romanisation.toml``, then the names learned from annotated pairs in
``ontology/romanisation-learned.toml``); al- and its stem for a word with the article; else spelled letter
by letter with the short vowels its shape takes most often in the annotated names (a *template*: the
word's letters, consonants abstracted, mapped to the vowels written around them). A foreign name written
in Arabic letters (:func:`is_foreign`) is spelled with the foreign letters of ``[foreign]`` (غ g, ج j, و o)
and no template: its letters stand for its vowels.

>>> romanise("عادل الجبير"), romanise("عبد الله بن عبدالعزيز آل سعود"), romanise("حمد بن عيسى آل خليفة")
('Adel al-Jubeir', 'Abdullah bin Abdulaziz', 'Hamad bin Issa Al Khalifa')

The learned tables come from :func:`learn_tables` over pairs of Arabic names and English spellings
(``scripts/build_romanisation.py``, which names the pairs it uses).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.arabic import normalise_arabic, strip_marks
from kg.gazetteer import place_label
from kg.vocab import ONTOLOGY_DIR

__all__ = ["HAND_FILE", "LEARNED_FILE", "PLACE_TYPES", "WIKIDATA_FILE", "Tables", "align", "english_label",
           "is_foreign", "learn_foreign_odds", "learn_tables", "load_tables", "name_units", "romanise", "write_learned"]

HAND_FILE = ONTOLOGY_DIR / "romanisation.toml"
LEARNED_FILE = ONTOLOGY_DIR / "romanisation-learned.toml"
#: Name units as Wikidata's people spell them (``scripts/build_name_spellings.py``).
WIKIDATA_FILE = ONTOLOGY_DIR / "romanisation-wikidata.tsv"

#: First words of compounds written with or without a space (عبد الله / عبدالله).
_COMPOUND_HEADS = frozenset({"عبد"})
#: Second words of compounds: X الله, X الدين.
_COMPOUND_TAILS = frozenset({"الله", "الدين"})
#: Hamza seats and alef forms, spelled as their bare letter (أحمد like احمد, سائد like ساءد).
_SEATS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ئ": "ء", "ؤ": "ء"})
#: Letters that are not plain consonants: a template keeps them, a consonant becomes ``C``.
_KEPT = frozenset("اويةىعء")
_VOWELS = "aeiou"
_ARTICLE = "ال"


@dataclass(frozen=True)
class Tables:
    """What :func:`romanise` reads: ``particles`` and ``names`` (unit key -> spelling, keys folded by
    ``normalise_arabic``), ``letters`` (letter -> spellings, the usual first) and ``templates`` (template ->
    slots: per letter ``*`` for the consonant, ``**`` for it doubled, or the literal spelling of a kept
    letter, then the vowels written after it)."""

    particles: dict[str, str]
    names: dict[str, str]
    letters: dict[str, tuple[str, ...]]
    templates: dict[str, tuple[str, ...]]
    nasab_links: int = 2
    dropped_dynasties: frozenset[str] = frozenset()
    #: for a word whose template is unknown: the vowel that opens it when it starts with two consonants,
    #: and the vowels و and ي stand for between consonants
    cluster_vowel: str = "a"
    inner_vowels: dict[str, str] = field(default_factory=lambda: {"و": "u", "ي": "i"})
    #: spellings of letter sequences at a word's start and end that differ from their letters' (foreign و- w)
    word_starts: dict[str, str] = field(default_factory=dict)
    word_ends: dict[str, str] = field(default_factory=dict)
    #: units (folded) that make a name foreign, and the log-odds of letter trigrams for a foreign name
    foreign_units: frozenset[str] = frozenset()
    foreign_odds: dict[str, float] = field(default_factory=dict)
    #: what a foreign name's unknown units are spelled with: the foreign letters and templates
    foreign: Tables | None = None


def _read(path: Path) -> dict:
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _read_spellings(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {unit: spelling for unit, spelling, _ in rows}


@lru_cache(maxsize=2)
def load_tables(learned: bool = True) -> Tables:
    """The shipped tables: hand-written names win over learned ones, and those over Wikidata's spellings
    (both left out with ``learned=False``, as learning them again needs).

    >>> load_tables().particles["بن"], load_tables().letters["ش"][0]
    ('bin', 'sh')
    """
    hand = _read(HAND_FILE)
    learned, wikidata = (_read(LEARNED_FILE), _read_spellings(WIKIDATA_FILE)) if learned else ({}, {})
    fold = lambda table: {normalise_arabic(key).replace(" ", ""): value for key, value in table.items()}
    slots = lambda templates: {key: tuple(value.split("|")) for key, value in templates.items()}
    foreign = hand["foreign"]
    letters = {letter: tuple(spellings) for letter, spellings in hand["letters"].items()}
    names = {**wikidata, **fold(learned.get("names", {})), **fold(foreign["names"]), **fold(hand["names"])}
    common = dict(particles=fold(hand["particles"]), names=names, nasab_links=hand["press"]["nasab_links"],
                  dropped_dynasties=frozenset(map(normalise_arabic, hand["press"]["dropped_dynasties"])))
    foreign_tables = Tables(letters={**letters, **{key: tuple(value) for key, value in foreign["letters"].items()}},
                            templates={}, cluster_vowel="", inner_vowels=foreign["inner_vowels"],
                            word_starts=foreign.get("word_starts", {}), word_ends=foreign.get("word_ends", {}), **common)
    return Tables(letters=letters, templates=slots(learned.get("templates", {})), foreign=foreign_tables,
                  foreign_units=frozenset([*fold(foreign["names"]), *map(normalise_arabic, learned.get("foreign_units", ()))]),
                  foreign_odds=learned.get("foreign_odds", {}), **common)


# ------------------------------------------------------------------------------------------ units


def name_units(name: str, particles: Iterable[str] = ()) -> list[str]:
    """The units of a name, marks stripped: compounds joined, particles (keys of ``particles``) alone.

    >>> name_units("عبد الله بن عبد العزيز آل سعود")
    ['عبدالله', 'بن', 'عبدالعزيز', 'آل', 'سعود']
    >>> name_units("صلاح الدين  نصر الله")
    ['صلاحالدين', 'نصرالله']
    """
    particles = frozenset(particles)
    units: list[str] = []
    joining = False
    for word in re.split(r"[\s\-ـ]+", strip_marks(name)):
        if not word:
            continue
        key = normalise_arabic(word)
        if joining:
            units[-1] += word
            joining = False
        elif key in _COMPOUND_TAILS and units and normalise_arabic(units[-1]) not in particles:
            units[-1] += word
        else:
            units.append(word)
            joining = key in _COMPOUND_HEADS
    return units


def _unit_key(unit: str) -> str:
    return normalise_arabic(unit)


def _letters(unit: str) -> str:
    return unit.translate(_SEATS)


def _template(letters: str, article: bool) -> str:
    shape = "".join(letter if letter in _KEPT else "C" for letter in letters)
    # a word's end is where its case and nisba vowels sit: mark it so that a prefix of a longer word does not
    # borrow them
    return ("al " if article else "") + shape


def _split_article(unit: str) -> tuple[bool, str]:
    letters = _letters(unit)
    # the article is written with a bare alef: آلين and أليكسيس start with a vowel
    if unit.startswith(_ARTICLE) and len(letters) > 3:
        return True, letters[2:]
    return False, letters


# ------------------------------------------------------------------------------------------ spelling


def _default_slots(letters: str, tables: Tables) -> list[str]:
    """Slots of a word whose template no annotated name had: each letter's usual spelling, with ``a``
    opening a word that starts with two consonants, and the long-vowel letters read as vowels inside it."""
    slots = []
    for index, letter in enumerate(letters):
        if letter not in _KEPT:
            slots.append("*")
        elif letter in "وي" and 0 < index:
            previous_kept = letters[index - 1] in "اوي"
            slots.append(_spellings(letter, tables)[0] if previous_kept or index == len(letters) - 1 and letter == "و"
                         else tables.inner_vowels[letter])
        elif letter == "ع":
            following = letters[index + 1:index + 2]
            slots.append("a" if following and following not in _KEPT else "")
        else:
            slots.append(_spellings(letter, tables)[0])
    if len(letters) > 2 and letters[0] not in _KEPT and letters[1] not in _KEPT:
        slots[0] += tables.cluster_vowel
    return slots


def _spell(letters: str, article: bool, tables: Tables) -> str:
    slots = tables.templates.get(_template(letters, article)) or _default_slots(letters, tables)
    out = []
    for letter, slot in zip(letters, slots):
        if slot.startswith("*"):
            consonant = _spellings(letter, tables)[0]  # a digit or a Latin letter stays itself
            doubled = slot.startswith("**") and len(consonant) == 1
            out.append(consonant * (2 if doubled else 1) + slot.lstrip("*"))
        else:
            out.append(slot)
    for letters_at, spelled in tables.word_starts.items():
        if letters.startswith(letters_at) and len(letters) > len(letters_at):
            out[:len(letters_at)] = [spelled] + [""] * (len(letters_at) - 1)
    for letters_at, spelled in tables.word_ends.items():
        if letters.endswith(letters_at) and len(letters) > len(letters_at):
            out[-len(letters_at):] = [spelled] + [""] * (len(letters_at) - 1)
    return "".join(out)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _romanise_unit(unit: str, tables: Tables) -> str:
    key = _unit_key(unit)
    known = tables.particles.get(key) or tables.names.get(key)
    if known:
        return known
    article, letters = _split_article(unit)
    if article:
        stem = tables.names.get(_unit_key(letters))
        return "al-" + (stem if stem and not stem.startswith("al-") else _capitalise(_spell(letters, True, tables)))
    return _capitalise(_spell(letters, False, tables))


def romanise(name: str, tables: Tables | None = None) -> str:
    """The English press spelling of an Arabic name (a person's or an organisation's).

    >>> romanise("عبد ربه منصور هادي")
    'Abd Rabbuh Mansour Hadi'
    >>> romanise("محمد بن سلمان")
    'Mohammed bin Salman'
    """
    tables = tables or load_tables()
    units = _press_units(name_units(name, tables.particles), tables)
    spelling = tables.foreign if tables.foreign and is_foreign(units, tables) else tables
    return " ".join(_romanise_unit(unit, spelling) for unit in units)


def is_foreign(units: Sequence[str], tables: Tables) -> bool:
    """Whether a name (its units) is a foreign name written in Arabic letters: it has no particle and no
    article (the marks of an Arabic name), and a unit is a known foreign name or its letters are more likely
    in a foreign name than in an Arabic one (the trigram log-odds learned by :func:`learn_foreign_odds`).

    >>> [is_foreign(name_units(n), load_tables()) for n in ("سيغمار غابريال", "ماجد الحقيل", "فهد بن سلطان")]
    [True, False, False]
    """
    keys = [_unit_key(unit) for unit in units]
    if any(key in tables.particles or _split_article(key)[0] for key in keys):
        return False
    odds = sum(tables.foreign_odds.get(gram, 0.0) for key in keys for gram in _trigrams(key))
    return any(key in tables.foreign_units for key in keys) or odds > 0


def _trigrams(key: str) -> list[str]:
    word = f"^{_letters(key)}$"
    return [word[i:i + 3] for i in range(len(word) - 2)]


def learn_foreign_odds(arabic: Iterable[str], foreign: Iterable[str], min_count: int = 2) -> dict[str, float]:
    """The log-odds of each letter trigram (``^`` and ``$`` mark a word's ends) of being in a foreign name's
    unit rather than an Arabic name's, add-one smoothed, the classes weighed equally; trigrams seen fewer
    than ``min_count`` times are left out.

    >>> odds = learn_foreign_odds(["خالد", "فهد"], ["ماريو", "كارلو"], min_count=1)
    >>> odds["لو$"] > 0 > odds["فهد"]
    True
    """
    counts = {origin: Counter(gram for name in names for unit in name_units(name) for gram in _trigrams(_unit_key(unit)))
              for origin, names in (("arabic", arabic), ("foreign", foreign))}
    grams = [gram for gram in counts["arabic"].keys() | counts["foreign"].keys()
             if counts["arabic"][gram] + counts["foreign"][gram] >= min_count]
    total = {origin: sum(counted.values()) + len(grams) for origin, counted in counts.items()}
    return {gram: round(math.log((counts["foreign"][gram] + 1) / total["foreign"])
                        - math.log((counts["arabic"][gram] + 1) / total["arabic"]), 3) for gram in sorted(grams)}


def _press_units(units: list[str], tables: Tables) -> list[str]:
    """``units`` shortened as the press shortens a name: the nasab chain cut after ``nasab_links`` links and
    a dropped dynasty's name after it left out.

    >>> [len(_press_units(name_units(n), load_tables())) for n in ("فهد بن سلطان بن عبدالعزيز بن محمد", "سلمان بن عبدالعزيز آل سعود")]
    [5, 3]
    """
    keys = [_unit_key(unit) for unit in units]
    links = [i for i, key in enumerate(keys) if key in ("بن", "ابن")]
    if len(links) > tables.nasab_links and links[tables.nasab_links] + 1 < len(units):
        cut = links[tables.nasab_links]
        rest = [i for i in range(cut + 2, len(units)) if keys[i] not in ("بن", "ابن") and (i - 1) not in links]
        units = units[:cut] + [units[i] for i in rest]
        keys = [_unit_key(unit) for unit in units]
    if links and len(units) >= 2 and keys[-2] == "ال" and keys[-1] in tables.dropped_dynasties:
        units = units[:-2]
    return units


# ------------------------------------------------------------------------------------------ learning


def _spellings(letter: str, tables: Tables) -> Sequence[str]:
    return tables.letters.get(letter, (letter,))


def align(letters: str, english: str, tables: Tables) -> list[str] | None:
    """Slots (see :class:`Tables`) that spell ``letters`` (Arabic, no article) as ``english`` (lowercase
    Latin), or None when no alignment exists: each letter takes one of its spellings (the usual one costs
    nothing, another one, a dropped long vowel, one) and then a run of vowels (half a point a letter).

    >>> align("جبير", "jubeir", load_tables())
    ['*u', '*', 'ei', '*']
    """
    n, m = len(letters), len(english)
    best: list[list[tuple[float, list[str]] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = (0.0, [])
    for i, letter in enumerate(letters):
        options = _spellings(letter, tables)
        for j in range(m + 1):
            found = best[i][j]
            if found is None:
                continue
            cost, slots = found
            for rank, spelling in enumerate(options):
                candidates = [(spelling, "*" if letter not in _KEPT else spelling)]
                if letter not in _KEPT and len(spelling) == 1:
                    candidates.append((spelling * 2, "**"))
                for written, slot in candidates:
                    if not english.startswith(written, j):
                        continue
                    step = cost + (rank > 0) + (slot == "**") * 0.5 + (written == "" and letter in "اوية") * 1
                    end = j + len(written)
                    run = 0
                    while True:
                        total = step + 0.5 * run
                        here = best[i + 1][end + run]
                        if here is None or total < here[0]:
                            best[i + 1][end + run] = (total, [*slots, slot + english[end:end + run]])
                        if end + run < m and english[end + run] in _VOWELS and run < 2:
                            run += 1
                        else:
                            break
    done = best[n][m]
    return done[1] if done else None


_LATIN_WORD = re.compile(r"[^a-z]")


def _english_units(english: str) -> list[str]:
    return [word for word in re.split(r"[\s]+", english.replace("’", "'")) if word]


def _pair_units(arabic: str, english: str, tables: Tables) -> list[tuple[str, str]]:
    """Unit-by-unit pairs of a name and its English spelling, or none when their units do not line up (a
    name with its nasab against an English label without it, a compound written as two words)."""
    units = name_units(arabic, tables.particles)
    words = _english_units(english)
    if len(units) != len(words):
        # one Arabic unit written as two English words: a compound ("Abdel Fattah", "Abd Rabbuh") or an
        # article set apart ("El Fassi")
        merged: list[str] = []
        for word in words:
            if merged and re.fullmatch(r"(?i)abd?[eu]?l?", merged[-1]):
                merged[-1] += " " + word
            elif merged and merged[-1].lower() in ("al", "el"):
                merged[-1] += "-" + word
            else:
                merged.append(word)
        words = merged
    if len(units) != len(words):
        return []
    return list(zip(units, words))


def learn_tables(pairs: Iterable[tuple[str, str]], tables: Tables | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Learn from ``(arabic name, English spelling)`` pairs the spelling of each unit (the most frequent)
    and the slots of each template (the most frequent over its words): ``(names, templates)`` as
    :func:`write_learned` stores them. Units that are particles or hand-written names teach templates only.

    >>> names, templates = learn_tables([("سعد الجبير", "Saad al-Jubeir"), ("فهد العريفي", "Fahd al-Arifi")])
    >>> names["العريفي"], templates["al CCيC"]
    ('al-Arifi', '*u|*|ei|*')
    """
    tables = tables or load_tables(learned=False)
    spellings: dict[str, Counter] = defaultdict(Counter)
    shapes: dict[str, Counter] = defaultdict(Counter)
    for arabic, english in pairs:
        for unit, word in _pair_units(arabic, english, tables):
            key = _unit_key(unit)
            if key in tables.particles:
                continue
            article, letters = _split_article(unit)
            latin = word.lower()
            if article:
                latin = re.sub(r"^(al|el|a[rstdnz]h?)[-\s']", "", latin)
                word = "al-" + _capitalise(re.sub(r"(?i)^(al|el|a[rstdnz]h?)[-\s']", "", word))
            if key not in tables.names and " " not in word:
                spellings[key][word] += 1
            slots = align(letters, _LATIN_WORD.sub("", latin), tables)
            if slots is not None:
                shapes[_template(letters, article)]["|".join(slots)] += 1
    return ({key: _nearest_all(counts) for key, counts in sorted(spellings.items())},
            {key: _nearest_all(counts) for key, counts in sorted(shapes.items())})


def _nearest_all(counts: Counter) -> str:
    """The spelling with the fewest edits to all the spellings counted (each as often as it was seen), the
    more frequent on a tie: variants that agree outweigh a frequent outlier (al-Ghunaim, al-Juhaim and
    al-Hussayen against al-Hakim and al-Jamil: a CuCaiC reading). Slots compare as their letters."""
    from kg.resolve import _edit_distance  # the one edit distance of the project (kg.resolve imports this module)

    cost = lambda spelling: sum(count * _edit_distance(spelling.replace("*", ""), other.replace("*", ""))
                                for other, count in counts.items())
    return min(counts, key=lambda spelling: (cost(spelling), -counts[spelling], spelling))


def write_learned(sections: dict[str, dict[str, str] | list[str]], sources: str, path: Path = LEARNED_FILE) -> None:
    """Write learned tables as TOML (sorted, so the same pairs give the same bytes): ``sections`` maps a
    section (``names``, ``templates``, ``foreign_odds``) to its table, or a top-level key
    (``foreign_units``) to its list; ``sources`` says what they were learned from."""
    quote = lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = ["# Generated by scripts/build_romanisation.py; do not edit (hand entries go in romanisation.toml).",
             f"# Learned from: {sources}", ""]
    for key, values in sections.items():
        if isinstance(values, list):
            lines += [f"{key} = [", *(f"  {quote(value)}," for value in sorted(values)), "]", ""]
    for section, table in sections.items():
        if isinstance(table, dict):
            lines += [f"[{section}]", *(f"{quote(key)} = {value if isinstance(value, float) else quote(value)}"
                                       for key, value in sorted(table.items())), ""]
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------------------ labels

#: Entity types that are places: their English label comes from the gazetteer when it knows them.
PLACE_TYPES = frozenset({"GPE", "LOC"})


def english_label(name: str, type_: str) -> str:
    """The English label of an actor the dictionary and the knowledge base do not know: a place's name from
    the gazetteer (``kg.gazetteer``), failing that the name romanised.

    >>> english_label("جدة", "GPE"), english_label("عادل الجبير", "PER")
    ('Jeddah', 'Adel al-Jubeir')
    """
    return (place_label(name) if type_ in PLACE_TYPES else None) or romanise(name)
