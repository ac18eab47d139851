// Neo4j 5 uniqueness constraints: run before import.cypher (cypher-shell -f constraints.cypher).
CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.actorId IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.eventId IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.docId IS UNIQUE;
