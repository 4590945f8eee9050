PREFIX kg: <https://kgraph.example.org/ontology#>
PREFIX kgr: <https://kgraph.example.org/test/entity/>
PREFIX kgs: <https://kgraph.example.org/test/statement/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
# sh:languageIn (en) on rdfs:label
DELETE DATA { kgr:kestria rdfs:label "Kestria"@en . } ; INSERT DATA { kgr:kestria rdfs:label "Kestrie"@fr . }
