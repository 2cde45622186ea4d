"""Reading letters, templates and numbering settings."""

from __future__ import annotations

from django.db.models import Q

from .models import IssuedLetter, LetterSettings, LetterTemplate

NUMBER_SUFFIX = "公开"


def letter_number_prefix(agency) -> str:
    """The agency's configured prefix, or one made from its short name (济源人社局 → 济源人社局公开)."""
    configured = LetterSettings.objects.filter(agency=agency).values_list("number_prefix", flat=True).first()
    if configured:
        return configured
    return f"{agency.short_name or agency.name}{NUMBER_SUFFIX}"


def letter_template_for(agency, kind: str, outcome: str = "") -> LetterTemplate | None:
    """The template a letter uses: the agency's own (for this outcome, then for every outcome), then a
    system default uploaded by an administrator; None means the packaged default file."""
    outcomes = [outcome, ""] if outcome else [""]
    candidates = (
        LetterTemplate.objects.filter(active=True, kind=kind, outcome__in=outcomes)
        .filter(Q(agency=agency) | Q(agency__isnull=True))
        .select_related("agency")
    )
    ranked = sorted(candidates, key=lambda t: (t.agency_id is None, t.outcome == ""))
    return ranked[0] if ranked else None


def letter_templates_of(agency, *, include_inactive: bool = False):
    """The agency's own templates and the system defaults, for a settings page."""
    templates = LetterTemplate.objects.filter(Q(agency=agency) | Q(agency__isnull=True))
    if not include_inactive:
        templates = templates.filter(active=True)
    return templates.select_related("agency", "uploaded_by").order_by("kind", "outcome", "agency_id", "-uploaded_at")


def letters_of(agency, *, kind: str | None = None, year: int | None = None, reference: str | None = None):
    letters = IssuedLetter.objects.filter(agency=agency)
    if kind:
        letters = letters.filter(kind=kind)
    if year:
        letters = letters.filter(year=year)
    if reference is not None:
        letters = letters.filter(reference=str(reference))
    return letters.select_related("agency", "issued_by", "template").order_by("-issued_at", "-id")


def letter_get(agency, pk) -> IssuedLetter | None:
    return IssuedLetter.objects.select_related("agency", "issued_by", "template").filter(agency=agency, pk=pk).first()
