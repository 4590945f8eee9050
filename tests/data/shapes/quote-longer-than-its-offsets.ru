PREFIX kgs: <https://kgraph.example.org/test/statement/>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE DATA { kgs:s1-quote oa:exact "Norland supplied 40% of Kestria's arms imports." . } ; INSERT DATA { kgs:s1-quote oa:exact "Norland supplied 40% of Kestria's arms imports in 2011." . }
