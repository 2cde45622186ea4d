"""A report as PDF: the HTML rendering laid out by WeasyPrint on A4.

The text is set in a CJK font that WeasyPrint embeds (subset, with its
Unicode map), so that ``pdftotext`` and pypdf read every character back. The
font is Noto Serif CJK SC (Debian ``fonts-noto-cjk``) through fontconfig, or
the fonts found in ``fonts_dir``.

``fonts_dir`` defaults to the environment variable ``GONGKAI_FONTS_DIR``: the
one place in this package that reads the environment, so that a deployment
without the Debian fonts can point at its own.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RenderError
from ..model import Report
from .html import render_html

FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".woff", ".woff2")
CJK_SERIF = '"Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif CJK", serif'
CJK_SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans CJK", sans-serif'

# GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
PAGE_CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; } }
html { font-size: 12pt; }
.gk-annual-report { max-width: none; font-family: %(family)s; }
.gk-annual-report h1 { font-family: %(family)s; font-size: 22pt; line-height: 1.4; }
.gk-annual-report h2 { font-family: %(sans)s; font-size: 14pt; break-after: avoid; }
.gk-annual-report table { font-size: 8.5pt; break-inside: auto; }
.gk-annual-report table.gk-ar-wide { font-size: 7.5pt; }
.gk-annual-report tr { break-inside: avoid; }
.gk-annual-report th, .gk-annual-report td { padding: 1.2pt 2pt; }
"""


def _font_faces(fonts_dir: str | None) -> tuple[str, str]:
    """@font-face rules for the fonts in ``fonts_dir`` and the family list to use."""
    if not fonts_dir:
        return "", CJK_SERIF
    directory = Path(fonts_dir)
    if not directory.is_dir():
        raise RenderError(f"字体目录“{fonts_dir}”不存在（GONGKAI_FONTS_DIR）")
    files = sorted(p for p in directory.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
    if not files:
        raise RenderError(f"字体目录“{fonts_dir}”中没有字体文件（.otf、.ttf、.ttc）")
    faces = "".join(
        f'@font-face {{ font-family: "Gongkai CJK"; src: url("{p.resolve().as_uri()}"); }}\n' for p in files
    )
    return faces, f'"Gongkai CJK", {CJK_SERIF}'


def render_pdf(report: Report, *, fonts_dir: str | None = None) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if fonts_dir is None:
        fonts_dir = os.environ.get("GONGKAI_FONTS_DIR") or None
    faces, family = _font_faces(fonts_dir)
    font_config = FontConfiguration()
    css = CSS(string=faces + PAGE_CSS % {"family": family, "sans": CJK_SANS}, font_config=font_config)
    html = HTML(string=render_html(report))
    return html.write_pdf(stylesheets=[css], font_config=font_config)
