"""A report as a standalone, accessible HTML5 document, or as the fragment to
embed in a page.

Tables carry a ``<caption>``, ``<th scope>`` for every header and real
``rowspan``/``colspan`` for the column headers and the row-label hierarchy,
all computed from the format (annual_report.render.layout). No external
resources: the CSS is inline.
"""

from __future__ import annotations

from html import escape

from ..format import Layout
from ..model import Report
from .layout import BLOCK_HEADING, CORNER, FIGURE, HEADER, ROW_HEADER, Grid, GridCell, document, table_caption, title

# Body text in the fonts of official documents where present, else any CJK serif.
REPORT_CSS = """
.gk-annual-report { font-family: "FangSong", "仿宋_GB2312", "仿宋", "STFangsong", "Noto Serif CJK SC",
  "Source Han Serif SC", "Songti SC", serif; line-height: 1.8; color: #111; max-width: 60rem; margin: 0 auto; }
.gk-annual-report h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "Noto Serif CJK SC",
  "Source Han Serif SC", serif; font-size: 1.6rem; text-align: center; font-weight: bold; margin: 1rem 0 1.5rem; }
.gk-annual-report h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 1.15rem; font-weight: bold; margin: 1.2rem 0 .6rem; }
.gk-annual-report p { text-indent: 2em; margin: 0 0 .3rem; }
.gk-annual-report p.gk-ar-published { text-align: right; text-indent: 0; margin-top: 1.5rem; }
.gk-annual-report table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .85rem;
  line-height: 1.4; table-layout: fixed; }
.gk-annual-report caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
.gk-annual-report th, .gk-annual-report td { border: 1px solid #333; padding: .2rem .3rem; text-align: center;
  vertical-align: middle; font-weight: normal; white-space: normal; }
.gk-annual-report th { overflow-wrap: anywhere; }
.gk-annual-report th.gk-ar-row { text-align: left; }
.gk-annual-report th.gk-ar-block { font-weight: bold; text-align: left; background: #f3f3f3; }
.gk-annual-report td.gk-ar-note { font-size: .8rem; text-align: left; }
.gk-annual-report td.gk-ar-figure { font-variant-numeric: tabular-nums; white-space: nowrap; }
.gk-annual-report table.gk-ar-wide { font-size: .75rem; }
"""

_LAYOUT_CLASS = {Layout.BLOCKS: "gk-ar-blocks", Layout.MATRIX: "gk-ar-matrix", Layout.WIDE: "gk-ar-wide"}


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _cell_html(cell: GridCell) -> str:
    text = escape(cell.text)
    spans = _attrs(cell)
    if cell.role == FIGURE:
        return f'<td class="gk-ar-figure"{spans} data-key="{escape(cell.key or "")}">{text}</td>'
    if cell.role == CORNER:
        return f'<td class="gk-ar-note"{spans}>{text}</td>'
    if cell.role == BLOCK_HEADING:
        return f'<th scope="rowgroup" class="gk-ar-block"{spans}>{text}</th>'
    if cell.role == ROW_HEADER:
        return f'<th scope="row" class="gk-ar-row"{spans}>{text}</th>'
    assert cell.role == HEADER
    return f'<th scope="col"{spans}>{text}</th>'


def table_html(grid: Grid, caption: str) -> str:
    rows = grid.rows()
    parts = [f'<table class="gk-ar-table {_LAYOUT_CLASS[grid.table.layout]}">', f"<caption>{escape(caption)}</caption>"]
    parts.append(
        "<colgroup>" + "".join(f'<col style="width:{w * 100:.1f}%">' for w in grid.column_weights()) + "</colgroup>"
    )

    def write(start: int, end: int, tag: str) -> None:
        parts.append(f"<{tag}>")
        for r in range(start, end):
            parts.append("<tr>" + "".join(_cell_html(c) for c in rows[r]) + "</tr>")
        parts.append(f"</{tag}>")

    if grid.header_rows:
        write(0, grid.header_rows, "thead")
    if grid.row_groups:
        for start, end in grid.row_groups:
            write(start, end, "tbody")
    else:
        write(grid.header_rows, grid.height, "tbody")
    parts.append("</table>")
    return "\n".join(parts)


def render_html_fragment(report: Report) -> str:
    """The report's body, an ``<article>`` to embed in a page (with REPORT_CSS)."""
    out = ['<article class="gk-annual-report" lang="zh-CN">']
    open_section = False
    for block in document(report):
        if block.kind == "title":
            out.append(f"<h1>{escape(block.text)}</h1>")
        elif block.kind == "heading":
            if open_section:
                out.append("</section>")
            ident = f"gk-ar-{block.section.code}"
            out.append(f'<section aria-labelledby="{ident}">')
            out.append(f'<h2 id="{ident}">{escape(block.text)}</h2>')
            open_section = True
        elif block.kind == "table":
            out.append(table_html(block.grid, table_caption(block.grid, block.section)))
        elif block.kind == "published":
            if open_section:
                out.append("</section>")
                open_section = False
            date = report.published_on.isoformat()
            label, _, _ = block.text.partition(date)
            out.append(f'<p class="gk-ar-published">{escape(label)}<time datetime="{date}">{date}</time></p>')
        else:
            out.append(f"<p>{escape(block.text)}</p>")
    if open_section:
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def render_html(report: Report, *, extra_css: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title(report))}</title>\n<style>{REPORT_CSS}{extra_css}</style>\n</head>\n<body>\n"
        f"{render_html_fragment(report)}\n</body>\n</html>\n"
    )
