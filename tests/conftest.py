"""Shared fixtures: the seed articles and a small hand-made knowledge graph with hostile text."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.model import Actor, Evidence, Interaction, KnowledgeGraph, Merge, Source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

#: Text an attacker could put in an article: it must stay inert in HTML and Cypher.
HOSTILE = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\"> ' \" \\ }) MATCH (n) DETACH DELETE n //"


@pytest.fixture(scope="session", autouse=True)
def query_cache_dir(tmp_path_factory) -> Iterator[Path]:
    """Builds and queries run by the tests, in this process or in the CLI's, keep their query cache here,
    never in the user's ~/.cache."""
    directory = tmp_path_factory.mktemp("query-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KG_CACHE_DIR", str(directory))
        yield directory


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def make_sample_graph() -> KnowledgeGraph:
    """A small graph shaped like a real build: three people, a state, a city, two events, one hostile actor."""
    sullivan = Actor("jake-sullivan", "PER", "جيك سوليفان", "Jake Sullivan",
                     aliases=["جايك ساليفان", "جيك سوليفان", "ساليفان"], mentions=6, wikidata="Q6125431",
                     roles=["مستشار الأمن القومي"],
                     merges=[Merge("جايك ساليفان", "transliteration", 0.92), Merge("ساليفان", "surname", 0.9)])
    dermer = Actor("ron-dermer", "PER", "رون ديرمر", "Ron Dermer", aliases=["رون ديرمر", "ديرمر"],
                   mentions=4, wikidata="Q3441283")
    usa = Actor("united-states", "GPE", "الولايات المتحدة", "United States",
                aliases=["الولايات المتحدة", "أمريكا"], mentions=5, wikidata="Q30")
    washington = Actor("washington", "GPE", "واشنطن", "Washington", aliases=["واشنطن"], mentions=3,
                       wikidata="Q61", metonym_of="united-states")
    hostile = Actor("hostile-name", "PER", HOSTILE, "Hostile " + HOSTILE, aliases=[HOSTILE], mentions=1)
    meeting = Interaction(
        event_id="e-meeting", type="meeting", cameo="043", status="held",
        participants=["jake-sullivan", "ron-dermer"], initiator="jake-sullivan",
        date="2023-11-14", date_precision="day", place="washington",
        topics=["gaza-war"], topic_phrases=["تحول إلى مرحلة مختلفة في الصراع في غزة"],
        evidence=[Evidence("002_4fa3a07213f4c177", 3, 120, 260,
                           "أجرى محادثات مع رون ديرمر في واشنطن يوم الثلاثاء", "verb-with", 0.9)])
    hostile_call = Interaction(
        event_id="e-call", type="call", cameo="040", status="planned",
        participants=["hostile-name", "jake-sullivan"], date="2024-10", date_precision="month",
        evidence=[Evidence("hostile-doc", 0, 0, len(HOSTILE), HOSTILE, "call-made", 0.7)])
    return KnowledgeGraph(
        sources=[Source("002_4fa3a07213f4c177", "مباحثات أمريكية إسرائيلية", "2023-11-14", None, "ab12"),
                 Source("hostile-doc", HOSTILE, None, "https://example.org/a?b=1&c=<x>", "cd34")],
        actors=[hostile, sullivan, dermer, usa, washington],
        interactions=[hostile_call, meeting],
    )


@pytest.fixture
def sample_graph() -> KnowledgeGraph:
    return make_sample_graph()
