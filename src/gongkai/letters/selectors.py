"""Reading letters, templates and numbering settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from gongkai.annual_report.format import CURRENT, FORMATS, outcome_choices

from .kinds import LetterKind
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


# -- the template settings page ----------------------------------------------------------------------


def outcome_labels() -> dict[str, str]:
    """Code → label of every outcome of every national format (the current format's label first)."""
    labels: dict[str, str] = {}
    for fmt in (CURRENT, *FORMATS.values()):
        for code, label in outcome_choices(fmt):
            labels.setdefault(code, label)
    return labels


def letter_template_default(kind: str, outcome: str = "") -> LetterTemplate | None:
    """The system default an agency falls back to: one uploaded by an administrator (for this outcome,
    then for every outcome); None means the packaged default file."""
    return letter_template_for(None, kind, outcome)


@dataclass(frozen=True)
class TemplateRow:
    kind: str
    kind_label: str
    outcome: str  # "" = every outcome
    outcome_label: str
    in_use: LetterTemplate | None  # None = the packaged default file
    own: LetterTemplate | None  # the agency's active template for exactly this kind and outcome
    default: LetterTemplate | None  # the administrator's system default, None = the packaged file

    @property
    def uses_own(self) -> bool:
        return self.in_use is not None and self.in_use.agency_id is not None


def letter_template_overview(agency) -> list[TemplateRow]:
    """One row per kind, plus one per reply outcome the agency has its own template for: which
    template a letter of that row uses now, in two queries."""
    active = list(letter_templates_of(agency))
    own = {(t.kind, t.outcome): t for t in active if t.agency_id is not None}
    defaults = {(t.kind, t.outcome): t for t in active if t.agency_id is None}
    labels = outcome_labels()
    rows: list[TemplateRow] = []
    for kind in LetterKind:
        outcomes = [""]
        if kind == LetterKind.REPLY:
            specific = {outcome for (k, outcome) in own if k == kind and outcome}
            outcomes += [code for code in labels if code in specific]
            outcomes += sorted(specific - set(labels))
        for outcome in outcomes:
            default = defaults.get((kind, outcome)) or defaults.get((kind, ""))
            mine = own.get((kind, outcome))
            in_use = mine or (own.get((kind, "")) if outcome else None) or default
            rows.append(
                TemplateRow(
                    kind=kind.value,
                    kind_label=kind.label,
                    outcome=outcome,
                    outcome_label=labels.get(outcome, outcome),
                    in_use=in_use,
                    own=mine,
                    default=default,
                )
            )
    return rows
