"""IRIs of the project's namespaces, shared by every module that writes or reads RDF."""

from functools import lru_cache
from pathlib import Path

from rdflib import Namespace, URIRef


class _Namespace(Namespace):
    """A namespace that makes each of its terms once: the graph writers look terms up millions of times,
    and rdflib validates the IRI on every lookup."""

    @lru_cache(maxsize=4096)
    def term(self, name: str) -> URIRef:
        return super().term(name)


#: kg's own package: its Python sources are part of what a stored analysis depends on.
PACKAGE_DIR = Path(__file__).resolve().parent
#: The ontology, vocabularies, SHACL shapes and actor dictionary (ontology/ at the repository root; the
#: package reaches it through the kg/ontology link so an installed wheel carries it too).
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
#: The naming data: titles before a person's name, words before an organisation's, nasab links.
NAMES_FILE = ONTOLOGY_DIR / "names.toml"
#: The knowledge base: states, organisations, offices and their holders.
KB_DIR = ONTOLOGY_DIR / "kb"
#: The project's shipped NER model (its weights, vocabulary and card).
NER_MODEL_DIR = PACKAGE_DIR / "models" / "ner"

BASE = "https://w3id.org/arabic-news-kg/"

#: The project's ontology terms (classes and properties), documented in ontology/kg.ttl.
KG = _Namespace(BASE + "ontology#")
#: Actors: ``ACTOR[actor_id]``.
ACTOR = _Namespace(BASE + "actor/")
#: Interactions: ``EVENT[event_id]``.
EVENT = _Namespace(BASE + "event/")
#: Articles: ``DOC[doc_id]``.
DOC = _Namespace(BASE + "doc/")
#: Topic concepts (SKOS): ``TOPIC[topic_id]``.
TOPIC = _Namespace(BASE + "topic/")
#: Interaction-type concepts (SKOS, with CAMEO codes): ``ITYPE[type]``.
ITYPE = _Namespace(BASE + "interaction-type/")
#: Wikidata entities, for owl:sameAs links.
WD = _Namespace("http://www.wikidata.org/entity/")
SCHEMA = _Namespace("https://schema.org/")
