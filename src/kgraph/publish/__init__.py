"""Publishing: what people read and open (pages, the query page, the static site)."""
