"""Quality measured against gold data: entity resolution and interactions.

Three gold sets: the hand-annotated real articles of SaudiNewsNet (``tests/saudinewsnet/``, split by
article into train / dev / test, :mod:`kg.corpus`), the five seeds (``tests/gold/``) and the nine held-out
articles written for the project (``tests/heldout/``). Each is built with the real pipeline and scored.
The NER model is scored on its held-out test split by :func:`kg.ner.evaluate_model`.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from kg.arabic import normalise_arabic
from kg.corpus import EVENT_FAMILIES, HOME_STATE, GoldArticle, GoldCorpus, GoldEvent, load_corpus
from kg.extract import load_vocabulary
from kg.model import Actor, Interaction, Mention, Resolution
from kg.pipeline import BuildOptions, BuildResult, build
from kg.resolve import gold_spans, slug

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "gold"
HELDOUT = ROOT / "tests" / "heldout"
#: The gold sets with articles in a folder: (articles, gold mentions, gold interactions).
FOLDER_SETS = {"seeds": (SEEDS, GOLD / "mentions.tsv", GOLD / "interactions.json"),
               "heldout": (HELDOUT / "articles", HELDOUT / "gold" / "mentions.tsv", HELDOUT / "gold" / "interactions.json")}
#: Every gold set ``kg eval`` knows.
GOLD_SETS = ("saudinewsnet", *FOLDER_SETS)


def evaluate_resolution(ner: str = "auto", seeds: Path = SEEDS, gold: Path = GOLD / "mentions.tsv",
                        extractor: str | None = None) -> dict:
    """Build ``seeds`` and score its entity resolution against ``gold`` (B-cubed and pairwise P/R/F1).

    >>> evaluate_resolution(ner="dictionary")["b_cubed"]["precision"] > 0.9  # doctest: +SKIP
    True
    """
    from kg.resolve import load_gold_mentions, score_resolution

    result = build([seeds], _options(ner, extractor))
    documents = {item.document.doc_id: item.document for item in result.documents}
    scores = score_resolution(result.resolution, load_gold_mentions(gold), documents)
    return {"ner": result.report.ner, **scores}


def _options(ner: str, extractor: str | None) -> BuildOptions:
    return BuildOptions(ner=ner, validate=False, **({"extractor": extractor} if extractor else {}))


def evaluate_interactions(ner: str = "auto", seeds: Path = SEEDS, gold: Path = GOLD / "interactions.json",
                          extractor: str | None = None) -> dict:
    """Build ``seeds`` and score its interactions against ``gold`` (precision, recall, F1).

    >>> evaluate_interactions(ner="dictionary")["precision"] >= 0.9  # doctest: +SKIP
    True
    """
    result = build([seeds], _options(ner, extractor))
    actors = {actor.actor_id: actor for actor in result.graph.actors}
    scores = score_interactions(result.graph.interactions, json.loads(gold.read_text(encoding="utf-8")), actors)
    return {"ner": result.report.ner, **scores}


def _gold_actor(key: str, actors: Mapping[str, Actor]) -> str:
    """The actor id of a gold key: the key itself, the actor whose English label slugs to it, or, for an
    Arabic spelling (how gold names actors that are not in the dictionary), the actor with that spelling as
    its label, else as one of its aliases, compared as :func:`kg.arabic.normalise_arabic` keys (several
    such actors: the one with most mentions). An unknown key is returned as it is and matches nothing.

    >>> witkoff = Actor("steve-witkoff-1a2b", "PER", "ستيف ويتكوف", "Steve Witkoff", aliases=["ويتكوف"])
    >>> _gold_actor("ستيف ويتكوف", {witkoff.actor_id: witkoff}), _gold_actor("ويتكوف", {witkoff.actor_id: witkoff})
    ('steve-witkoff-1a2b', 'steve-witkoff-1a2b')
    """
    if key in actors:
        return key
    for actor in actors.values():
        if slug(actor.label_en) == key:
            return actor.actor_id
    spelling = normalise_arabic(key)
    for names_of in (lambda actor: [actor.label], lambda actor: actor.aliases):
        named = [a for a in actors.values() if spelling in {normalise_arabic(name) for name in names_of(a)}]
        if named:
            return min(named, key=lambda actor: (-actor.mentions, actor.actor_id)).actor_id
    return key


def score_interactions(predicted: Sequence[Interaction], gold: Sequence[dict], actors: Mapping[str, Actor]) -> dict:
    """Precision, recall and F1 of ``predicted`` events against ``gold`` entries (dicts with ``doc``, ``type``,
    ``participants``, ``status``, ``date``, ``place``). A prediction matches a gold event when it has
    evidence in the gold document, the same type family, the same participant set and the same status;
    each matches at most once. Date and place accuracy are over the matched pairs.

    >>> from kg.model import Evidence, Interaction
    >>> event = Interaction("e", "call", "041", "held", ["a", "b"], [Evidence("d", 0, 0, 1, ".", "r", 1.0)],
    ...                     date="2024-10-09", date_precision="day")
    >>> gold = [{"doc": "d", "type": "call", "participants": ["b", "a"], "status": "held", "date": "2024-10-09"}]
    >>> score = score_interactions([event], gold, {})
    >>> score["precision"], score["recall"], score["date_accuracy"]
    (1.0, 1.0, 1.0)
    """
    vocabulary = load_vocabulary()
    family = {key: t.family for key, t in vocabulary.types.items()}
    unmatched = list(predicted)
    pairs = []
    missed = []
    for entry in gold:
        wanted = {_gold_actor(k, actors) for k in entry["participants"]}
        match = next((e for e in unmatched
                      if family.get(e.type) == family.get(entry["type"]) and set(e.participants) == wanted
                      and e.status == entry["status"] and entry["doc"] in {v.doc_id for v in e.evidence}), None)
        if match is None:
            missed.append(entry)
        else:
            unmatched.remove(match)
            pairs.append((entry, match))
    matched_predictions = {id(e) for _, e in pairs}
    true_positive = len(pairs)
    # an event reported by several documents matches several gold entries: count it once as predicted
    precision = len(matched_predictions) / len(predicted) if predicted else 0.0
    recall = true_positive / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def gold_value(entry: dict, field_name: str) -> str | None:
        value = entry.get(field_name) or None
        # a gold place may be named by its Arabic spelling, like a participant
        return _gold_actor(value, actors) if field_name == "place" and value else value

    def accuracy(field_name: str) -> float:
        right = sum(gold_value(entry, field_name) == getattr(event, field_name) for entry, event in pairs)
        return right / len(pairs) if pairs else 0.0

    def describe(event) -> str:
        if isinstance(event, dict):
            return f"{event['doc'][:3]} {event['type']} {event['status']} {'+'.join(sorted(event['participants']))}"
        return f"{event.evidence[0].doc_id[:3]} {event.type} {event.status} {'+'.join(event.participants)}"

    return {
        "precision": precision, "recall": recall, "f1": f1,
        "gold": len(gold), "predicted": len(predicted), "matched": true_positive,
        "date_accuracy": accuracy("date"), "place_accuracy": accuracy("place"),
        "missed": [describe(e) for e in missed],
        "spurious": [describe(e) for e in unmatched],
    }


def format_scores(scores: dict, indent: int = 0) -> str:
    """Render nested scores as aligned text, floats with three decimals.

    >>> print(format_scores({"micro": {"p": 0.5, "r": 1.0}}), end="")
    micro
      p  0.500
      r  1.000
    """
    width = max((len(str(key)) for key in scores), default=0)
    lines = []
    for key, value in scores.items():
        if isinstance(value, dict):
            lines.append(" " * indent + str(key) + "\n" + format_scores(value, indent + 2).rstrip("\n"))
        else:
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            lines.append(" " * indent + f"{str(key):<{width}}  {shown}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------- the annotated SaudiNewsNet corpus



def build_corpus(articles: Sequence[GoldArticle], options: BuildOptions | None = None) -> BuildResult:
    """Build the graph of annotated ``articles`` (as the published JSON Lines records, ids kept), read as
    Saudi press (:data:`kg.corpus.HOME_STATE`) unless ``options`` name another home state.

    >>> from kg.corpus import load_corpus
    >>> result = build_corpus(load_corpus().articles_of("dev")[:2], BuildOptions(ner="dictionary"))  # doctest: +SKIP
    >>> result.report.documents_read  # doctest: +SKIP
    2
    """
    options = options or BuildOptions(validate=False)
    options = replace(options, home_state=options.home_state or HOME_STATE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for article in articles:
                record = {"id": article.doc_id, "title": article.title, "text": article.text, "date": article.date,
                          "url": article.url}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return build([path], options)


def gold_names(articles: Iterable[GoldArticle]) -> dict[str, list[tuple[str, str]]]:
    """Every name and role spelling of each article's gold actors, as ``doc_id -> [(spelling, key)]`` (the
    form :func:`kg.resolve.gold_spans` locates in the cleaned text).

    >>> from kg.corpus import GoldActor, GoldArticle
    >>> article = GoldArticle("sn1", "was", "", "", "2015-08-01", "", "test",
    ...                       actors=[GoldActor("adel-al-jubeir", "PER", "Adel al-Jubeir", ("عادل الجبير",), ("الوزير",))])
    >>> gold_names([article])
    {'sn1': [('عادل الجبير', 'adel-al-jubeir'), ('الوزير', 'adel-al-jubeir')]}
    """
    return {article.doc_id: [(spelling, actor.key) for actor in article.actors
                             for spelling in (*actor.names, *actor.roles)] for article in articles}


def located_gold(articles: Sequence[GoldArticle], result: BuildResult) -> dict[tuple[str, int, int], str]:
    """The spellings of ``articles``' gold actors located in the documents ``result`` built from them:
    ``(doc_id, start, end) -> key`` (:func:`gold_names`, :func:`kg.resolve.gold_spans`)."""
    return gold_spans(gold_names(articles), [item.document for item in result.documents])


def gold_keys_of_actors(mentions: Iterable[Mention], spans: Mapping[tuple[str, int, int], str]) -> dict[str, dict[str, str]]:
    """For each document, the gold actor each predicted actor stands for: the gold key whose located spans
    its mentions overlap most often (``doc_id -> actor_id -> key``). A predicted actor that overlaps no gold
    span has no key there.

    >>> from kg.model import Mention
    >>> mentions = [Mention("d", 0, 0, 5, "بايدن", "PER", "x", actor_id="biden-1")]
    >>> gold_keys_of_actors(mentions, {("d", 0, 5): "joe-biden"})
    {'d': {'biden-1': 'joe-biden'}}
    """
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for (doc_id, start, end), key in spans.items():
        by_doc.setdefault(doc_id, []).append((start, end, key))
    votes: dict[str, Counter] = {}
    for mention in mentions:
        for start, end, key in by_doc.get(mention.doc_id, ()):
            if mention.actor_id and start < mention.end and mention.start < end:
                votes.setdefault(mention.doc_id, Counter())[(mention.actor_id, key)] += 1
    keys: dict[str, dict[str, str]] = {}
    for doc_id, counts in votes.items():
        for (actor_id, key), _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            keys.setdefault(doc_id, {}).setdefault(actor_id, key)
    return keys


def _place_right(gold: GoldEvent, place: str | None, actors: Mapping[str, Actor]) -> bool:
    if gold.place_ar is None or place is None:
        return gold.place_ar is None and place is None
    actor = actors.get(place)
    spellings = {normalise_arabic(n) for n in ([actor.label, *actor.aliases] if actor else [])}
    wanted = normalise_arabic(gold.place_ar)
    return wanted in spellings or any(s and (wanted.endswith(s) or s.endswith(wanted)) for s in spellings) \
        or bool(actor and gold.place_en and slug(actor.label_en) == slug(gold.place_en))


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _prf(matched_predicted: int, predicted: int, matched_gold: int, gold: int) -> dict:
    precision, recall = _ratio(matched_predicted, predicted), _ratio(matched_gold, gold)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": gold, "predicted": predicted,
            "matched": matched_gold}


def score_corpus_interactions(events: Iterable[Interaction], articles: Sequence[GoldArticle],
                              keys: Mapping[str, Mapping[str, str]], actors: Mapping[str, Actor]) -> dict:
    """Score predicted ``events`` against the gold events of ``articles``.

    Each report of an event in an article is one prediction for that article. A prediction matches a gold
    event of its article with the same type family (meeting, call, visit), the same participants (mapped to
    gold keys by ``keys``, see :func:`gold_keys_of_actors`) and the same status; each matches at most once.
    Figures: ``all`` (every family and status), ``held_meetings_calls`` (the goal's slice), one per family;
    status accuracy over the events matched on family and participants alone, with planned and cancelled
    recall apart; date and place accuracy over the matched pairs; and the misses and spurious events.

    >>> from kg.corpus import GoldEvent, GoldArticle
    >>> from kg.model import Evidence, Interaction
    >>> gold = GoldEvent("call", "held", ("a", "b"), "...", date="2015-08-01")
    >>> article = GoldArticle("sn1", "was", "", "", "2015-08-01", "", "test", events=[gold])
    >>> event = Interaction("e", "call", "041", "held", ["x", "y"], [Evidence("sn1", 0, 0, 1, ".", "r", 1.0)],
    ...                     date="2015-08-01", date_precision="day")
    >>> scores = score_corpus_interactions([event], [article], {"sn1": {"x": "a", "y": "b"}}, {})
    >>> scores["all"]["f1"], scores["date_accuracy"]
    (1.0, 1.0)
    """
    wanted = {article.doc_id: article for article in articles}
    predictions = []  # (doc_id, family, participant keys, status, event)
    for event in events:
        family = EVENT_FAMILIES.get(event.type)
        if family is None:
            continue
        for doc_id in sorted({evidence.doc_id for evidence in event.evidence} & set(wanted)):
            mapped = frozenset(keys.get(doc_id, {}).get(p, "?" + p) for p in event.participants)
            predictions.append((doc_id, family, mapped, event.status, event))
    gold = [(article.doc_id, EVENT_FAMILIES[e.type], frozenset(e.participants), e.status, e)
            for article in articles for e in article.events]

    def match(with_status: bool) -> list[tuple[int, int]]:
        free = list(range(len(predictions)))
        pairs = []
        for g_index, (doc_id, family, participants, status, _) in enumerate(gold):
            found = next((p for p in free if predictions[p][:3] == (doc_id, family, participants)
                          and (not with_status or predictions[p][3] == status)), None)
            if found is not None:
                free.remove(found)
                pairs.append((g_index, found))
        return pairs

    strict, loose = match(True), match(False)

    def figures(keep) -> dict:
        kept_gold = [i for i, g in enumerate(gold) if keep(g[1], g[3])]
        kept_predicted = [i for i, p in enumerate(predictions) if keep(p[1], p[3])]
        matched = [(g, p) for g, p in strict if g in kept_gold and p in kept_predicted]
        return _prf(len(matched), len(kept_predicted), len(matched), len(kept_gold))

    status_pairs = [(gold[g][3], predictions[p][3]) for g, p in loose]

    def status_recall(status: str) -> dict:
        of = [predicted for wanted_status, predicted in status_pairs if wanted_status == status]
        return {"right": sum(p == status for p in of), "of": len(of), "accuracy": _ratio(sum(p == status for p in of), len(of))}

    matched_gold = {g for g, _ in strict}
    matched_predicted = {p for _, p in strict}

    def describe(doc_id: str, family: str, participants: frozenset, status: str, detail: str) -> str:
        return f"{doc_id} {family} {status} {'+'.join(sorted(participants))} | {detail[:90]}"

    return {
        "articles": len(articles),
        "all": figures(lambda family, status: True),
        "held_meetings_calls": figures(lambda family, status: family in ("meeting", "call") and status == "held"),
        **{family: figures(lambda f, status, family=family: f == family) for family in ("meeting", "call", "visit")},
        "status_accuracy": _ratio(sum(g == p for g, p in status_pairs), len(status_pairs)),
        "planned": status_recall("planned"), "cancelled": status_recall("cancelled"),
        "date_accuracy": _ratio(sum(gold[g][4].date == predictions[p][4].date for g, p in strict), len(strict)),
        "place_accuracy": _ratio(sum(_place_right(gold[g][4], predictions[p][4].place, actors) for g, p in strict),
                                 len(strict)),
        "missed": [describe(*g[:4], g[4].sentence) for i, g in enumerate(gold) if i not in matched_gold],
        "spurious": [describe(*p[:4], p[4].evidence[0].text) for i, p in enumerate(predictions)
                     if i not in matched_predicted],
    }


def evaluate_corpus_interactions(split: str = "test", ner: str = "auto", corpus: GoldCorpus | None = None,
                                 extractor: str | None = None) -> dict:
    """Build the annotated SaudiNewsNet articles of ``split`` and score their interactions
    (:func:`score_corpus_interactions`).

    >>> evaluate_corpus_interactions("dev", ner="dictionary")["all"]["gold"] > 0  # doctest: +SKIP
    True
    """
    corpus = corpus or load_corpus()
    articles = corpus.articles_of(split)
    result = build_corpus(articles, _options(ner, extractor))
    keys = gold_keys_of_actors(result.resolution.mentions, located_gold(articles, result))
    actors = {actor.actor_id: actor for actor in result.graph.actors}
    return {"ner": result.report.ner, "split": split,
            **score_corpus_interactions(result.graph.interactions, articles, keys, actors)}


def _key_map(first: GoldArticle, second: GoldArticle) -> dict[str, str]:
    """The actor keys of ``second`` mapped to ``first``'s: same key, else a shared spelling."""
    spellings = {}
    for actor in first.actors:
        for spelling in (*actor.names, *actor.roles):
            spellings.setdefault(normalise_arabic(spelling), actor.key)
    mapping = {}
    first_keys = {actor.key for actor in first.actors}
    for actor in second.actors:
        shared = [spellings[s] for s in map(normalise_arabic, (*actor.names, *actor.roles)) if s in spellings]
        mapping[actor.key] = actor.key if actor.key in first_keys else (shared[0] if shared else "?" + actor.key)
    return mapping


def annotation_agreement(corpus: GoldCorpus | None = None, second: GoldCorpus | None = None) -> dict:
    """Agreement between the gold annotation and the independent second annotation of the same articles:
    events as F1 of one against the other (matched on type family, participants and status; participants
    compared after mapping the second annotator's actor keys to the first's through shared spellings),
    also without status, status agreement on the events matched without it, and actors as F1 (an actor
    matches when the two share a spelling).

    >>> scores = annotation_agreement()  # doctest: +SKIP
    >>> scores["articles"]  # doctest: +SKIP
    25
    """
    corpus = corpus or load_corpus()
    second = second or load_corpus(annotations="agreement")
    counts = Counter()
    for doc_id, other in sorted(second.articles.items()):
        first = corpus.articles[doc_id]
        mapping = _key_map(first, other)
        mine = [(EVENT_FAMILIES[e.type], frozenset(e.participants), e.status) for e in first.events]
        theirs = [(EVENT_FAMILIES[e.type], frozenset(mapping[p] for p in e.participants), e.status)
                  for e in other.events]
        for with_status, name in ((True, "events"), (False, "events_any_status")):
            free = list(theirs)
            for event in mine:
                found = next((t for t in free if t[:2] == event[:2] and (not with_status or t[2] == event[2])), None)
                if found is not None:
                    free.remove(found)
                    counts[name] += 1
                    if not with_status:
                        counts["status_same"] += found[2] == event[2]
        counts["events_first"] += len(mine)
        counts["events_second"] += len(theirs)
        mapped = {mapping[a.key] for a in other.actors}
        counts["actors_matched"] += len({a.key for a in first.actors} & mapped)
        counts["actors_first"] += len(first.actors)
        counts["actors_second"] += len(other.actors)

    def f1(matched: int, first: int, second_count: int) -> float:
        return _ratio(2 * matched, first + second_count)

    return {"articles": len(second.articles), "events_first": counts["events_first"],
            "events_second": counts["events_second"],
            "event_f1": f1(counts["events"], counts["events_first"], counts["events_second"]),
            "event_f1_any_status": f1(counts["events_any_status"], counts["events_first"], counts["events_second"]),
            "status_agreement": _ratio(counts["status_same"], counts["events_any_status"]),
            "actor_f1": f1(counts["actors_matched"], counts["actors_first"], counts["actors_second"])}


def evaluate_corpus_resolution(split: str = "test", ner: str = "auto", corpus: GoldCorpus | None = None,
                               extractor: str | None = None) -> dict:
    """Build the annotated SaudiNewsNet articles of ``split`` and score entity resolution over their gold
    actors' located spellings: B-cubed and pairwise figures (:func:`kg.resolve.score_resolution`), actor
    recall (gold actors with at least one mention found), and actors split (a gold actor whose mentions
    went to several predicted actors) or merged (a predicted actor holding mentions of several gold ones).
    A city the graph says stands for a state (``kg:metonymFor``) is scored as that state, as the annotators
    write a capital used for its government (:func:`as_states`).

    >>> evaluate_corpus_resolution("dev", ner="dictionary")["actor_recall"] > 0  # doctest: +SKIP
    True
    """
    from kg.resolve import score_resolution

    corpus = corpus or load_corpus()
    articles = corpus.articles_of(split)
    result = build_corpus(articles, _options(ner, extractor))
    spans = located_gold(articles, result)
    resolution = as_states(result.resolution)
    by_doc: dict[str, list[Mention]] = {}
    for mention in resolution.mentions:
        by_doc.setdefault(mention.doc_id, []).append(mention)
    found: dict[tuple[str, str], set[str]] = {}
    for (doc_id, start, end), key in spans.items():
        hits = {m.actor_id for m in by_doc.get(doc_id, ()) if m.actor_id and m.start < end and start < m.end}
        found.setdefault((doc_id, key), set()).update(hits)
    holders: dict[tuple[str, str], set[str]] = {}
    for (doc_id, key), actor_ids in found.items():
        for actor_id in actor_ids:
            holders.setdefault((doc_id, actor_id), set()).add(key)
    gold_actors = [(a.doc_id, actor.key) for a in articles for actor in a.actors]
    texts = {item.document.doc_id: item.document.text for item in result.documents}
    return {"ner": result.report.ner, "split": split, "articles": len(articles),
            **score_resolution(resolution, spans),
            "gold_actors": len(gold_actors),
            "actor_recall": _ratio(sum(bool(found.get(k)) for k in gold_actors), len(gold_actors)),
            "actors_split": sum(len(ids) > 1 for ids in found.values()),
            "actors_merged": sum(len(keys) > 1 for keys in holders.values()),
            **_spurious_and_overlong(resolution.mentions, spans, texts)}


def as_states(resolution: Resolution) -> Resolution:
    """``resolution`` with each mention of a city that stands for a state (``Actor.metonym_of``: طهران for
    Iran) pointing at the state, as the graph's ``kg:metonymFor`` reads and the gold writes such a capital.

    >>> city = Actor("tehran", "GPE", "طهران", "Tehran", metonym_of="iran")
    >>> [m.actor_id for m in as_states(Resolution([Mention("d", 0, 0, 5, "طهران", "GPE", "x", actor_id="tehran")], [city])).mentions]
    ['iran']
    """
    states = {actor.actor_id: actor.metonym_of for actor in resolution.actors if actor.metonym_of}
    return replace(resolution, mentions=[replace(m, actor_id=states.get(m.actor_id, m.actor_id))
                                         for m in resolution.mentions])


def _spurious_and_overlong(mentions: Sequence[Mention], spans: Mapping[tuple[str, int, int], str],
                           texts: Mapping[str, str]) -> dict:
    """Two counts of names the gold does not have: ``spurious_actors``, the predicted people and
    organisations of an article none of whose mentions touches a gold spelling there (common-noun phrases
    the NER took for names; places are left out, the gold annotates them only as actors); and
    ``overlong_names``, the distinct names that overlap a gold spelling but carry a word outside it (a
    title, a verb, a second name).

    >>> from kg.model import Mention
    >>> text = "قال الوزير عادل الجبير إن عدة أفكار"
    >>> mentions = [Mention("d", 0, 4, 22, "الوزير عادل الجبير", "PER", "x", actor_id="a"),
    ...             Mention("d", 0, 26, 35, "عدة أفكار", "PER", "x", actor_id="b")]
    >>> _spurious_and_overlong(mentions, {("d", 11, 22): "adel-al-jubeir"}, {"d": text})
    {'spurious_actors': 1, 'overlong_names': 1}
    """
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, start, end in spans:
        by_doc.setdefault(doc_id, []).append((start, end))
    touching: dict[tuple[str, str], bool] = {}
    overlong = set()
    for mention in mentions:
        if not mention.actor_id:
            continue
        hits = [(start, end) for start, end in by_doc.get(mention.doc_id, ()) if start < mention.end and mention.start < end]
        if mention.type in ("PER", "ORG"):
            touching[(mention.doc_id, mention.actor_id)] = touching.get((mention.doc_id, mention.actor_id), False) or bool(hits)
        text = texts.get(mention.doc_id, "")
        inside = [(start, end) for start, end in hits if mention.start <= start and end <= mention.end]
        covered = any(start <= mention.start and mention.end <= end for start, end in hits)
        if not covered and any(text[mention.start:start].strip() or text[end:mention.end].strip() for start, end in inside):
            overlong.add((mention.doc_id, mention.text))
    return {"spurious_actors": sum(not hit for hit in touching.values()), "overlong_names": len(overlong)}


def evaluate_sets(kind: str, sets: Sequence[str] = GOLD_SETS, split: str = "test", ner: str = "auto",
                  extractor: str | None = None) -> dict:
    """``kind`` (``interactions`` or ``resolution``) scored on each named gold set (:data:`GOLD_SETS`);
    the SaudiNewsNet set on its ``split``.

    >>> sorted(evaluate_sets("interactions", ["seeds"], ner="dictionary"))  # doctest: +SKIP
    ['seeds']
    """
    scores = {}
    for name in sets:
        if name == "saudinewsnet":
            score = evaluate_corpus_interactions if kind == "interactions" else evaluate_corpus_resolution
            scores[f"saudinewsnet-{split}"] = score(split, ner=ner, extractor=extractor)
        else:
            articles, mentions, interactions = FOLDER_SETS[name]
            if kind == "interactions":
                scores[name] = evaluate_interactions(ner, articles, interactions, extractor)
            else:
                scores[name] = evaluate_resolution(ner, articles, mentions, extractor)
    return scores
