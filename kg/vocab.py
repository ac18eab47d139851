"""IRIs of the project's namespaces, shared by every module that writes or reads RDF."""

from pathlib import Path

from rdflib import Namespace

#: The ontology, vocabularies, SHACL shapes and actor dictionary (ontology/ at the repository root; the
#: package reaches it through the kg/ontology link so an installed wheel carries it too).
ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"

BASE = "https://w3id.org/arabic-news-kg/"

#: The project's ontology terms (classes and properties), documented in ontology/kg.ttl.
KG = Namespace(BASE + "ontology#")
#: Actors: ``ACTOR[actor_id]``.
ACTOR = Namespace(BASE + "actor/")
#: Interactions: ``EVENT[event_id]``.
EVENT = Namespace(BASE + "event/")
#: Articles: ``DOC[doc_id]``.
DOC = Namespace(BASE + "doc/")
#: Topic concepts (SKOS): ``TOPIC[topic_id]``.
TOPIC = Namespace(BASE + "topic/")
#: Interaction-type concepts (SKOS, with CAMEO codes): ``ITYPE[type]``.
ITYPE = Namespace(BASE + "interaction-type/")
#: Wikidata entities, for owl:sameAs links.
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")
