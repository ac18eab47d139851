"""IRIs of the project's namespaces, shared by every module that writes or reads RDF."""

from rdflib import Namespace

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
