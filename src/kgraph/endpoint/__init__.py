"""The read-only SPARQL endpoint: an HTTP front (Starlette on uvicorn) over a pool of query worker processes.

`kgraph.serve` is the entry point; the modules here each do one job: `limits` (what a request and a query
may take), `negotiation` (result formats), `frames` (the parent-worker wire format), `worker` (the worker
process), `pool` (starting, timing and replacing workers), `app` (the SPARQL 1.1 Protocol over HTTP),
`pages` (the query page), `http` (uvicorn, its socket and connection deadlines).
"""
