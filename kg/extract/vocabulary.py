"""The interaction types (with CAMEO codes and families) and topics of ``ontology/vocabularies.ttl``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.extract.text import _fold_text
from kg.vocab import ITYPE, ONTOLOGY_DIR, TOPIC

VOCABULARY_PATH = ONTOLOGY_DIR / "vocabularies.ttl"


@dataclass(frozen=True)
class InteractionType:
    """An interaction-type concept: its key (the IRI local name), CAMEO code and family (the top concept
    it falls under; a top concept is its own family)."""

    key: str
    cameo: str
    family: str
    label_en: str


@dataclass(frozen=True)
class Topic:
    """A topic concept and the normalised Arabic keywords that signal it."""

    key: str
    label_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The interaction types and topics of ``ontology/vocabularies.ttl``."""

    types: Mapping[str, InteractionType]
    topics: tuple[Topic, ...]

    def topics_of(self, phrase: str) -> list[str]:
        """Topic keys whose keywords occur in ``phrase`` (as whole words, spelling-insensitive).

        >>> load_vocabulary().topics_of("إطلاق سراح الرهائن الذين تحتجزهم حماس")
        ['hostages']
        """
        key = f" {_fold_text(phrase)} "
        return sorted(topic.key for topic in self.topics if topic.keywords and _whole_word(topic.keywords).search(key))


@lru_cache(maxsize=None)
def _whole_word(words: tuple[str, ...]) -> re.Pattern:
    """One of ``words`` as a whole word, a clitic allowed before it: one regex for a topic's keywords, not
    one search per keyword."""
    return re.compile(r"[\s\W](?:[وفبل]|ال|لل)?(?:" + "|".join(map(re.escape, words)) + r")[\s\W]")


@lru_cache(maxsize=4)
def load_vocabulary(path: str | Path = VOCABULARY_PATH) -> Vocabulary:
    """Read the interaction types (CAMEO ``skos:notation``, family through ``skos:broader``) and the topic
    keywords (``skos:hiddenLabel``) from the SKOS Turtle file: the one source of both tables.

    >>> vocabulary = load_vocabulary()
    >>> vocabulary.types["call"].cameo, vocabulary.types["negotiation"].family
    ('041', 'meeting')
    """
    graph = Graph().parse(str(path), format="turtle")
    types: dict[str, InteractionType] = {}
    for concept in sorted(set(graph.subjects(SKOS.notation, None))):
        if not str(concept).startswith(str(ITYPE)):
            continue
        key = str(concept)[len(ITYPE):]
        top = concept
        while (broader := graph.value(top, SKOS.broader)) is not None:
            top = broader
        types[key] = InteractionType(key, str(graph.value(concept, SKOS.notation)), str(top)[len(ITYPE):],
                                     _label(graph, concept, "en"))
    topics = []
    for concept in sorted(set(graph.subjects(SKOS.hiddenLabel, None))):
        if str(concept).startswith(str(TOPIC)):
            keywords = tuple(sorted({_fold_text(str(k)) for k in graph.objects(concept, SKOS.hiddenLabel)}))
            topics.append(Topic(str(concept)[len(TOPIC):], _label(graph, concept, "en"), keywords))
    return Vocabulary(types, tuple(topics))


def _label(graph: Graph, concept, language: str) -> str:
    labels = [label for label in graph.objects(concept, SKOS.prefLabel)
              if isinstance(label, Literal) and label.language == language]
    return str(labels[0]) if labels else ""
