"""`kgraph report`: one self-contained HTML page of the article's figures as charts (inline SVG, no script)."""

from __future__ import annotations

from html import escape

from kgraph.publish.figures import Figure


def report_page(title: str, credit: str, figures: list[Figure]) -> str:
    """The report as HTML text."""
    sections = "\n".join(
        f'<section id="{escape(f.name)}"><h2>{escape(f.title)}</h2>\n<figure>{f.svg}\n'
        f"<figcaption>{escape(f.caption)}</figcaption></figure></section>"
        for f in figures
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(title)}: figures</title>
<style>
  body {{ font: 14px/1.5 system-ui, sans-serif; color: #1d2329; max-width: 900px; margin: 24px auto; padding: 0 16px; }}
  h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 32px; }}
  figure {{ margin: 0; }} svg {{ width: 100%; height: auto; }}
  figcaption, .credit {{ color: #57606a; font-size: 12px; }}
</style>
</head>
<body>
<h1>{escape(title)}: figures</h1>
<p class="credit">{escape(credit)}</p>
{sections}
</body>
</html>
"""
