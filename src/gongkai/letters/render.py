"""Template + context → DOCX bytes, with docxtpl in a sandboxed, strict Jinja environment.

An uploaded template is written by an agency, so it runs in Jinja's sandbox; a variable
the context does not have is an error (``StrictUndefined``) reported in Chinese with its
name, never an empty gap in a letter sent to a citizen.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from gongkai.core.errors import ApplicationError

from .kinds import template_filename

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"

_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")


class TemplateRenderError(ApplicationError):
    code = "bad_template"


def default_template_bytes(kind: str) -> bytes:
    return (TEMPLATES_DIR / template_filename(kind)).read_bytes()


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def render_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """The letter as DOCX bytes; raises ``TemplateRenderError`` with a Chinese message."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, _environment(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except UndefinedError as error:
        raise TemplateRenderError(_undefined_message(str(error)), code="undefined_variable") from None
    except TemplateSyntaxError as error:
        raise TemplateRenderError(
            _("模板中的填写标记有语法错误：%(message)s。请检查 {{ }} 和 {%% %%} 是否成对、拼写是否正确。")
            % {"message": error.message},
            code="template_syntax",
        ) from None
    except SecurityError:
        raise TemplateRenderError(_("模板中含有不允许的操作。"), code="template_unsafe") from None
    except TemplateError as error:
        raise TemplateRenderError(
            _("模板无法生成告知书：%(message)s。") % {"message": error.message or type(error).__name__}
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateRenderError(
            _("模板文件不是可用的 Word（.docx）文档：%(message)s。") % {"message": error}, code="not_docx"
        ) from None
    return out.getvalue()


def _undefined_message(detail: str) -> str:
    match = _UNDEFINED_NAME.search(detail) or _NO_ATTRIBUTE.search(detail)
    name = match.group(1) if match else detail
    return _(
        "模板中使用了未定义的变量“%(name)s”。请改用系统提供的变量（如 applicant_name、received_date），或删除这一处。"
    ) % {"name": name}


def docx_text(data: bytes) -> str:
    """The text of a DOCX: its paragraphs and table cells, one per line (for checks and tests)."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)
