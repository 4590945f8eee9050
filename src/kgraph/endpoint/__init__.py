"""The read-only SPARQL endpoint: a supervisor process and query workers forked from it, each worker answering
HTTP (uvicorn's protocol, Starlette) on the connections handed to it and running its queries itself.

`kgraph.serve` is the entry point; the modules here each do one job: `limits` (what a request and a query
may take), `negotiation` (result formats), `supervisor` (accepting connections, handing them to workers,
the time limit, replacing a worker that dies), `busy` (what a worker is doing, in memory shared with the
supervisor), `worker` (a worker's life and its queries), `app` (the SPARQL 1.1 Protocol over HTTP), `pages`
(the graph's own pages), `http` (uvicorn's protocol per connection, the listening socket, deadlines).
"""
