"""Putting data into HTML pages safely."""

from __future__ import annotations

import json


def script_json(value: object) -> str:
    """JSON safe inside an HTML <script> block: no '<' that could close it, no raw line separators."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
