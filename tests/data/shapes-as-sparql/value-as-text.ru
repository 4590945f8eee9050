PREFIX kg: <https://kgraph.example.org/ontology#>
PREFIX kgr: <https://kgraph.example.org/test/entity/>
PREFIX kgs: <https://kgraph.example.org/test/statement/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
# sh:or of numeric datatypes on schema:value
DELETE DATA { kgs:s1-q1 schema:value 40.0 . } ; INSERT DATA { kgs:s1-q1 schema:value "forty" . }
