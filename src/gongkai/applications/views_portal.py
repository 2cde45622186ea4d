"""Public pages of disclosure on request: the online application form, the receipt, the status page.

* The form carries an idempotency token (``form_key``): submitting the same form again (a double
  click, a reload of the receipt, a retry after a lost response) returns the same application.
* The receipt page shows the tracking number and the query code once (the code is stored only as
  a hash); it is rendered in the response to the POST, never cached.
* The status page needs the tracking number and the query code; a wrong pair gets one neutral
  message whichever part was wrong. Both forms are rate limited per client address
  (django-ratelimit on the default cache; settings ``GONGKAI_APPLY_RATE`` and
  ``GONGKAI_STATUS_RATE``, e.g. "10/h").
* The applicant may download the reply letters of an application whose code they gave in this
  session (the application's id is kept in the session, nothing else).
"""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from gongkai.agencies.selectors import agency_get
from gongkai.core.errors import ApplicationError, Conflict
from gongkai.letters.kinds import LetterKind

from . import selectors, services, workflow
from .forms import PortalApplicationForm, StatusForm
from .letters import application_letter_get, application_reply_letters
from .models import Application, Step
from .workflow import StepKind

SESSION_KEY = "gongkai_applications_seen"
NEUTRAL_ERROR = "申请编号或查询码不正确，请核对后重试。"
# Steps the applicant sees on the status page (internal details such as a consultee's name are not shown).
PUBLIC_STEPS = frozenset(workflow.STEP_KINDS)


def _rate(name: str, default: str) -> str:
    return getattr(settings, name, default)


def _limited(request, group: str, rate: str, key="ip") -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)


def _too_many(request, template: str, context: dict):
    context = {**context, "page_error": _("提交过于频繁，请稍后再试。")}
    return render(request, template, context, status=429)


@never_cache
def apply(request, agency_code: str | None = None):
    agency = None
    if agency_code is not None:
        agency = agency_get(agency_code)
        if agency is None:
            raise Http404(_("没有这个机关。"))
    elif request.GET.get("agency"):
        agency = agency_get(request.GET["agency"])
    template = "applications/portal_apply.html"
    if request.method != "POST":
        form = (
            PortalApplicationForm(agency=agency) if agency_code else PortalApplicationForm(initial={"agency": agency})
        )
        return render(request, template, {"form": form, "agency": agency if agency_code else None})
    form = PortalApplicationForm(request.POST, request.FILES, agency=agency if agency_code else None)
    context = {"form": form, "agency": agency if agency_code else None}
    if _limited(request, "applications.apply", _rate("GONGKAI_APPLY_RATE", "10/h")):
        return _too_many(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    cd = form.cleaned_data
    try:
        result = services.application_submit_online(
            agency=cd["agency"],
            idempotency_key=cd["form_key"],
            attachments=[cd["attachment"]] if cd.get("attachment") else [],
            **form.applicant,
        )
    except Conflict as error:
        form.add_error(None, error.message)
        return render(request, template, context, status=409)
    except ApplicationError as error:
        fields = error.extra.get("fields") or {}
        for name, message in fields.items():
            form.add_error(name if name in form.fields else None, message)
        if not fields:
            form.add_error(
                "attachment" if error.code in ("too_large", "unsupported", "bad_upload") else None, error.message
            )
        return render(request, template, context, status=400)
    _remember(request, result.application)
    return render(
        request,
        "applications/portal_receipt.html",
        {"app": result.application, "query_code": result.query_code, "created": result.created},
    )


def _remember(request, app: Application) -> None:
    seen = [pk for pk in request.session.get(SESSION_KEY, []) if pk != app.pk][-19:]
    request.session[SESSION_KEY] = [*seen, app.pk]


def _public_steps(app: Application) -> list[Step]:
    return [s for s in Step.objects.filter(application=app).order_by("id") if s.kind in PUBLIC_STEPS]


@never_cache
def status(request):
    template = "applications/portal_status.html"
    if request.method != "POST":
        return render(request, template, {"form": StatusForm()})
    form = StatusForm(request.POST)
    context = {"form": form}
    limited = _limited(request, "applications.status", _rate("GONGKAI_STATUS_RATE", "30/h"))
    number = request.POST.get("tracking_number", "").strip().upper()[:100]
    limited = (
        _limited(
            request, "applications.status.number", _rate("GONGKAI_STATUS_NUMBER_RATE", "10/h"), key=lambda g, r: number
        )
        or limited
    )
    if limited:
        return _too_many(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    app = selectors.application_for_applicant(
        form.cleaned_data["tracking_number"].strip().upper(), form.cleaned_data["query_code"]
    )
    if app is None:
        form.add_error(None, _(NEUTRAL_ERROR))
        return render(request, template, context, status=400)
    _remember(request, app)
    deadline = selectors.deadline_explanation(app, as_of=timezone.localdate()) if app.is_open else None
    return render(
        request,
        template,
        {
            "form": StatusForm(),
            "app": app,
            "steps": _public_steps(app),
            "deadline": deadline,
            "letters": list(application_reply_letters(app)),
            "outcome_label": app.get_outcome_display() if app.outcome else "",
            "awaiting_receipt": app.state == workflow.State.AWAITING_RECEIPT,
            "replied": StepKind.REPLIED,
        },
    )


def letter_download(request, pk: int):
    """A reply letter of an application the applicant opened with its query code in this session."""
    seen = set(request.session.get(SESSION_KEY, []))
    for app in Application.objects.filter(pk__in=seen).select_related("agency"):
        letter = application_letter_get(app, pk, reply_only=True)
        if letter is not None:
            return FileResponse(
                letter.file.open("rb"),
                as_attachment=True,
                filename=f"{LetterKind(letter.kind).label}-{letter.number}.docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
    raise Http404(_("没有这份告知书，或请先在查询页面输入申请编号和查询码。"))
