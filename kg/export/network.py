"""The knowledge graph as a networkx multigraph: actors are nodes, interactions are edges.

Every other exporter starts from :func:`to_networkx`, so HTML, GEXF, GraphML and the Neo4j files all
agree on which actor pairs an interaction connects.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import networkx as nx

from kg.model import Interaction, KnowledgeGraph

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def date_interval(date: str | None) -> tuple[str, str] | None:
    """Return the first and last day (ISO ``YYYY-MM-DD``) that a partial ISO date covers, or ``None``
    when the date is missing or not understood.

    Interactions are dated as precisely as the article allows; tools that want real dates (Gephi's
    timeline, the HTML date filter) need an interval instead.

    >>> date_interval("2023-11")
    ('2023-11-01', '2023-11-30')
    >>> date_interval("2024-W02")
    ('2024-01-08', '2024-01-14')
    """
    if not date:
        return None
    try:
        if m := _DAY.match(date):
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day.isoformat(), day.isoformat()
        if m := _MONTH.match(date):
            first = dt.date(int(m[1]), int(m[2]), 1)
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first.isoformat(), (following - dt.timedelta(days=1)).isoformat()
        if m := _WEEK.match(date):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        if m := _YEAR.match(date):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:
        return None
    return None


def participant_pairs(interaction: Interaction) -> list[tuple[str, str]]:
    """Return the directed actor pairs an interaction connects: every pair of distinct participants
    once, pointing away from the initiator when the pair contains it, otherwise in participant order.

    >>> from kg.model import Interaction
    >>> participant_pairs(Interaction("e1", "meeting", "043", "held", ["a", "b", "c"], [], initiator="b"))
    [('b', 'a'), ('a', 'c'), ('b', 'c')]
    """
    participants = list(dict.fromkeys(interaction.participants))
    pairs = []
    for first, second in itertools.combinations(participants, 2):
        if second == interaction.initiator:
            first, second = second, first
        pairs.append((first, second))
    return pairs


def check_participants(kg: KnowledgeGraph) -> None:
    """Raise ``ValueError`` if an interaction names a participant that is not among the actors: every
    exporter would otherwise write an edge to nowhere (and neo4j-admin would refuse the files).

    >>> from kg.model import Interaction, KnowledgeGraph
    >>> check_participants(KnowledgeGraph(interactions=[Interaction("e1", "call", "040", "held", ["x"], [])]))
    Traceback (most recent call last):
    ...
    ValueError: interaction e1 names unknown actors: x
    """
    actor_ids = {actor.actor_id for actor in kg.actors}
    for interaction in sorted(kg.interactions, key=lambda i: i.event_id):
        unknown = sorted(set(interaction.participants) - actor_ids)
        if unknown:
            raise ValueError(f"interaction {interaction.event_id} names unknown actors: {', '.join(unknown)}")


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Return the actors and their interactions as a ``networkx.MultiDiGraph``.

    Nodes are actor ids with the actor's fields as attributes (``label``, ``label_en``, ``type``,
    ``aliases``, ``mentions``, ``wikidata``, ``roles``, ``metonym_of``). Each interaction gives one edge
    per participant pair (see :func:`participant_pairs`), keyed by its ``event_id``, with ``type``,
    ``cameo``, ``status``, ``date``, ``date_precision``, ``date_start``/``date_end`` (the days the date
    covers), ``place``, ``initiator``, ``topics``, ``topic_phrases``, ``evidence`` (the sentences) and
    ``sources`` (their article ids). Interactions with a single participant have no pair and no edge.

    >>> from kg.model import Actor, KnowledgeGraph
    >>> g = to_networkx(KnowledgeGraph(actors=[Actor("a", "PER", "أ", "A")]))
    >>> g.nodes["a"]["label_en"]
    'A'

    Raises ``ValueError`` if an interaction names a participant that is not among the actors.
    """
    graph = nx.MultiDiGraph()
    for actor in sorted(kg.actors, key=lambda a: a.actor_id):
        graph.add_node(actor.actor_id, label=actor.label, label_en=actor.label_en, type=actor.type,
                       aliases=list(actor.aliases), mentions=actor.mentions, wikidata=actor.wikidata,
                       roles=list(actor.roles), metonym_of=actor.metonym_of)
    check_participants(kg)
    for interaction in sorted(kg.interactions, key=lambda i: i.event_id):
        start, end = date_interval(interaction.date) or (None, None)
        for source, target in participant_pairs(interaction):
            graph.add_edge(
                source, target, key=interaction.event_id, event_id=interaction.event_id,
                type=interaction.type, cameo=interaction.cameo, status=interaction.status,
                date=interaction.date, date_precision=interaction.date_precision,
                date_start=start, date_end=end, place=interaction.place, initiator=interaction.initiator,
                topics=list(interaction.topics), topic_phrases=list(interaction.topic_phrases),
                evidence=[e.text for e in interaction.evidence],
                sources=[e.doc_id for e in interaction.evidence])
    return graph
