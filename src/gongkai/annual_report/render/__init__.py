"""Renderers: a ``Report`` written as text, Markdown, HTML, JSON, DOCX, XLSX or PDF."""

from __future__ import annotations

from importlib import import_module

from ..errors import RenderError
from ..model import Report

# format name -> (module, function, media type, file suffix)
RENDERERS: dict[str, tuple[str, str, str, str]] = {
    "text": ("text", "render_text", "text/plain; charset=utf-8", ".txt"),
    "md": ("markdown", "render_markdown", "text/markdown; charset=utf-8", ".md"),
    "html": ("html", "render_html", "text/html; charset=utf-8", ".html"),
    "json": ("json", "render_json", "application/json", ".json"),
    "docx": ("docx", "render_docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("xlsx", "render_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "pdf": ("pdf", "render_pdf", "application/pdf", ".pdf"),
}


def render(report: Report, to: str) -> bytes:
    try:
        module_name, function_name, _, _ = RENDERERS[to]
    except KeyError:
        raise RenderError(f"不支持的输出格式“{to}”，可选：{', '.join(RENDERERS)}") from None
    function = getattr(import_module(f"{__name__}.{module_name}"), function_name)
    out = function(report)
    return out.encode("utf-8") if isinstance(out, str) else out
