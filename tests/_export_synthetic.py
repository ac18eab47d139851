"""A synthetic knowledge graph of any size, for scale tests of the exporters."""

from __future__ import annotations

import random

from kg.model import Actor, Evidence, Interaction, KnowledgeGraph, Source

_TYPES = ("PER", "ORG", "GPE", "LOC")
_INTERACTIONS = (("meeting", "043"), ("call", "040"), ("visit", "042"), ("talks", "046"))
_STATUSES = ("held", "held", "held", "planned", "cancelled")
_NAMES = ("محمد", "أحمد", "يوسف", "سارة", "ليلى", "عمر", "خالد", "منى", "حسن", "نور")


def synthetic_graph(actors: int, interactions: int, seed: int = 0) -> KnowledgeGraph:
    """Return a random but reproducible graph: ``actors`` actors with Arabic names and ``interactions``
    two- or three-party interactions between them, dated by day, month or year."""
    rng = random.Random(seed)
    people = [Actor(f"actor-{i:05d}", _TYPES[i % 4], f"{rng.choice(_NAMES)} {rng.choice(_NAMES)} {i}",
                    f"Actor {i}", aliases=[f"الفاعل {i}"], mentions=rng.randint(1, 9))
              for i in range(actors)]
    events = []
    for i in range(interactions):
        kind, cameo = rng.choice(_INTERACTIONS)
        participants = rng.sample(range(actors), 3 if rng.random() < 0.1 else 2)
        date = rng.choice([f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                           f"2024-{rng.randint(1, 12):02d}", "2022", None])
        events.append(Interaction(
            f"event-{i:05d}", kind, cameo, rng.choice(_STATUSES), [f"actor-{p:05d}" for p in participants],
            [Evidence(f"doc-{i % 50:03d}", 0, 0, 10, f"جملة الدليل رقم {i}", "synthetic", 0.8)],
            date=date, date_precision=None if date is None else {10: "day", 7: "month", 4: "year"}[len(date)]))
    sources = [Source(f"doc-{i:03d}", f"مقال {i}") for i in range(50)]
    return KnowledgeGraph(sources=sources, actors=people, interactions=events)
