"""The forms in which real sites publish the text of a report, made from a
real report's text (never from our own renderers).

* ``one_line``: every line break removed — a crawled page's text;
* ``no_whitespace``: every space, tab and line break removed — the text of a
  page whose table cells had no separators at all;
* ``inline_html``: an HTML fragment on one line: ``<p>``/``<span>`` around the
  paragraphs, ``&nbsp;`` for spaces, a tab-separated row as a ``<table>`` row
  (merged label cells as ``colspan``);
* ``markdown``: what a PDF-to-Markdown converter gives: headings as ``##``,
  tab-separated rows as ``|`` rows with a separator under the first row of
  each table, other lines as paragraphs;
* ``ocr``: the confusions of optical character recognition: O for 0 and l
  for 1 among digits, 。 for the decimal point, 子 for 予 and 己 for 已 in
  labels, 沐 for 沭 in names.
"""

from __future__ import annotations

import html
import re

FORMS = ("one_line", "no_whitespace", "inline_html", "markdown", "ocr")
# The forms that keep every boundary between two printed figures: a report
# reads to exactly its figures in them. Without whitespace, figures of rows
# that no sum constrains (table 二's 制发 / 废止 / 现行有效) cannot always be
# told apart: they must be missing with their candidates, never wrong.
FORMS_KEEPING_BOUNDARIES = ("one_line", "inline_html", "markdown", "ocr")

_HEADING = re.compile(r"^\s*[一二三四五六][、.．]")


def one_line(text: str) -> str:
    return re.sub(r"[\r\n\f]+", "", text)


def no_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def inline_html(text: str) -> str:
    parts = ['<div class="article"><div class="content">']
    in_table = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            if not in_table:
                parts.append('<table border="1" style="border-collapse:collapse">')
                in_table = True
            cells = line.split("\t")
            row = []
            span = 1
            for index, cell in enumerate(cells):
                if cell.strip() == "" and index + 1 < len(cells) and index == 0:
                    span += 1
                    continue
                attrs = f' colspan="{span}"' if span > 1 else ""
                row.append(f"<td{attrs}><span>{html.escape(cell.strip())}</span></td>")
                span = 1
            parts.append("<tr>" + "".join(row) + "</tr>")
            continue
        if in_table:
            parts.append("</table>")
            in_table = False
        if line.strip():
            body = html.escape(line.strip()).replace(" ", "&nbsp;")
            parts.append(f'<p style="text-indent:2em"><span>{body}</span></p>')
    if in_table:
        parts.append("</table>")
    parts.append("</div></div>")
    return "".join(parts)


def markdown(text: str) -> str:
    out: list[str] = []
    in_table = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
                in_table = True
            continue
        in_table = False
        stripped = line.strip()
        if _HEADING.match(stripped) and len(stripped) < 40:
            out.append("")
            out.append("## " + stripped)
            out.append("")
        else:
            out.append(stripped)
    return "\n".join(out)


_LETTER_FOR_DIGIT = {"0": "O", "1": "l"}


def ocr(text: str) -> str:
    """Every third 0 and 1 that stands next to another digit becomes O or l."""
    out = list(text)
    seen = 0
    for i, ch in enumerate(text):
        if ch in _LETTER_FOR_DIGIT and (
            (i > 0 and text[i - 1].isdigit()) or (i + 1 < len(text) and text[i + 1].isdigit())
        ):
            seen += 1
            if seen % 3 == 0:
                out[i] = _LETTER_FOR_DIGIT[ch]
    confused = "".join(out)
    confused = re.sub(r"(?<=\d)\.(?=\d)", "。", confused)
    return confused.replace("予以公开", "子以公开").replace("已获取信息", "己获取信息").replace("沭阳", "沐阳")


def make(form: str, text: str) -> str:
    makers = {
        "one_line": one_line,
        "no_whitespace": no_whitespace,
        "inline_html": inline_html,
        "markdown": markdown,
        "ocr": ocr,
    }
    return makers[form](text)
