"""Template filters for showing disclosure records: ``{% load disclosure_tags %}``.

* ``{{ document.body|clean_body }}`` — the body cleaned by the nh3 policy again on the way out, marked safe;
* ``{{ decision|public_subject }}`` — the party of a decision, a person's name masked.
"""

from __future__ import annotations

from django import template

from ..sanitize import safe_body

register = template.Library()


@register.filter
def clean_body(html):
    return safe_body(html)


@register.filter
def public_subject(decision):
    return decision.public_subject
