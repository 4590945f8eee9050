"""Publishing: what people read and open, drawn from the build (pages, the query page, the static site,
the network view, the timeline and the charts)."""
