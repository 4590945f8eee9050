"""Whether a text is an IRI that is safe to write between < and > in Turtle or SPARQL."""

from __future__ import annotations

import re

# Characters RFC 3987 does not allow in an IRI, and that would end or break an IRIREF in SPARQL or Turtle.
_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTTP = re.compile(r"^https?://[^/?#\s]+")


def iri_problem(text: object, http: bool = False, namespace: bool = False) -> str | None:
    """What is wrong with `text` as an absolute IRI, or None when nothing is.

    `http` asks for an http(s) IRI with a host; `namespace` also asks that it end with '/' or '#',
    so that names can be appended to it.
    """
    if not isinstance(text, str) or not text:
        return "an IRI must be non-empty text"
    bad = _FORBIDDEN.search(text)
    if bad:
        return f'an IRI may not contain {bad.group()!r} (nor spaces or any of <>"{{}}|^`\\)'
    if not _SCHEME.match(text):
        return "an IRI must be absolute, starting with a scheme such as https:"
    if http and not _HTTP.match(text):
        return "the IRI must start with http:// or https:// and a host name"
    if namespace and not text.endswith(("/", "#")):
        return "the IRI must end with '/' or '#'"
    return None
