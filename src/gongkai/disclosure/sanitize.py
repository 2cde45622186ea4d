"""The rich-text policy of published documents (nh3, an ammonia/Rust HTML sanitiser).

``clean_html`` runs before a body is stored AND before it is shown (``safe_body``): a body that
reached the database some other way (an import, an old row) is still cleaned on the way out.

Kept: the structure of an official document (headings, paragraphs, lists, tables, emphasis,
links, images). Removed: script/style/iframe/object/form and their content, every ``on*``
handler, ``style`` attributes (so no display:none, visibility:hidden, font-size:0, colour on
colour), the ``hidden`` attribute, and links or images with a scheme other than http, https,
mailto, tel (so no javascript:, vbscript:, data:).
"""

from __future__ import annotations

import html as html_module
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "col",
        "colgroup",
        "dd",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
# Removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea"})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|dt|dd|tr|td|th|h[1-6]|table|ul|ol|dl|blockquote|pre|hr|figure|caption)\b", re.I
)
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def clean_html(html: str | None) -> str:
    """``html`` with only the allowed tags, attributes and URL schemes left."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def safe_body(html: str | None) -> SafeString:
    """Cleaned again and marked safe for a template: ``{{ document|... }}`` via this function only."""
    return mark_safe(clean_html(html))


def plain_text(html: str | None) -> str:
    """The text of a body without any markup (for search indexes and summaries)."""
    if not html:
        return ""
    spaced = _BLOCK_TAG.sub(lambda m: " " + m.group(0), str(html))
    text = nh3.clean(spaced, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    return " ".join(html_module.unescape(text).split())
