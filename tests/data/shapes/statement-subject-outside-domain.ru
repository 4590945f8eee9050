PREFIX kg: <https://kgraph.example.org/ontology#>
PREFIX kgr: <https://kgraph.example.org/test/entity/>
PREFIX kgs: <https://kgraph.example.org/test/statement/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { kgr:accord a kg:PeaceAgreement ; rdfs:label "Accord"@en ; schema:description "An accord."@en . } ; DELETE DATA { kgs:s1 rdf:subject kgr:norland . kgr:norland kg:suppliedArmsTo kgr:kestria . } ; INSERT DATA { kgs:s1 rdf:subject kgr:accord . kgr:accord kg:suppliedArmsTo kgr:kestria . }
