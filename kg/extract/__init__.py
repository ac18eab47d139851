"""Interaction extraction: who met, called, visited, urged, warned or fought whom, when, where, about what.

One document at a time. Each sentence is searched for *triggers* (:mod:`~kg.extract.triggers`: a verb such
as التقى، زار، حذر or an event noun such as اجتماع، اتصال، زيارة، مفاوضات). Around a trigger the extractor
reads:

* participants (:mod:`~kg.extract.participants`), from the recognised mentions that carry an ``actor_id``
  and from references to actors without a name: role phrases (الرئيس الأميركي), ``نظيره``, a team or side
  (الوفد الإيراني), ``الطرفان`` (the participants of the last event);
* the status (:mod:`~kg.extract.status`: held, planned, cancelled), the date (:mod:`~kg.extract.dates`),
  the place and the topics.

Two extractors read them (:data:`kg.registry.EXTRACTORS`): ``rules`` (:mod:`~kg.extract.rules`: subject and
object by word order and prepositions) and ``learned`` (:mod:`~kg.extract.learned`: every trigger and
candidate participant scored by classifiers trained on the annotated SaudiNewsNet articles, the rules'
choice among their features).

Participants are PER, ORG and GPE actors; a capital standing for its state (واشنطن) counts as the state
(``Actor.metonym_of``). When an event has two or more people among its participants, the states are
dropped: the people took part for them. Reports of one event in one document become one event;
:func:`merge_interactions` (:mod:`~kg.extract.merge`) then merges events across documents. Every event
keeps every sentence that reports it as :class:`~kg.model.Evidence`.
"""

from kg.extract.dates import DateValue, resolve_relative_date
from kg.extract.merge import event_id, merge_interactions
from kg.extract.participants import PARTICIPANT_TYPES
from kg.extract.rules import extract_interactions
from kg.extract.vocabulary import (
    VOCABULARY_PATH,
    InteractionType,
    Topic,
    Vocabulary,
    load_vocabulary,
)

__all__ = [
    "PARTICIPANT_TYPES",
    "VOCABULARY_PATH",
    "DateValue",
    "InteractionType",
    "Topic",
    "Vocabulary",
    "event_id",
    "extract_interactions",
    "load_vocabulary",
    "merge_interactions",
    "resolve_relative_date",
]
