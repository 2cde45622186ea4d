"""Office pages where an agency edits its letter templates: thin views over ``services`` and ``selectors``.

Agency wall: every page is under /office/letters/<agency>/; an unknown agency is 404, staff of
another agency get 403. Uploading and reverting go through the services, which apply the role
rules (reviewer, head or administrator) and write the audit event; a refusal is 403, an unusable
file is shown beside the field in Chinese with status 400.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.selectors import agency_get, user_may_act_for
from gongkai.core.errors import ApplicationError
from gongkai.core.errors import PermissionDenied as ServicePermissionDenied
from gongkai.core.uploads import KINDS

from . import selectors, services
from .context import template_variables
from .forms import TemplateUploadForm
from .kinds import LetterKind

DOCX = KINDS["docx"]


def agency_view(view):
    """Login, then the agency wall: 404 for an unknown agency, 403 for staff of another agency."""

    @login_required
    @wraps(view)
    def wrapper(request, agency_code: str, *args, **kwargs):
        agency = agency_get(agency_code)
        if agency is None:
            raise Http404(_("没有这个机关。"))
        if not user_may_act_for(request.user, agency):
            raise DjangoPermissionDenied(
                _("您不是“%(agency)s”的工作人员，不能查看其告知书模板。") % {"agency": agency.name}
            )
        try:
            return view(request, agency, *args, **kwargs)
        except ServicePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from None

    return wrapper


def _page(request, agency, form=None, status=200):
    may_manage = services.letter_template_may_manage(request.user, agency)
    context = {
        "agency": agency,
        "rows": selectors.letter_template_overview(agency),
        "may_manage": may_manage,
        "form": (form or TemplateUploadForm()) if may_manage else None,
        "variables": sorted(template_variables().items()) if may_manage else [],
    }
    return render(request, "letters/templates.html", context, status=status)


@require_GET
@agency_view
def templates(request, agency):
    return _page(request, agency)


@require_POST
@agency_view
def upload(request, agency):
    form = TemplateUploadForm(request.POST, request.FILES)
    if not services.letter_template_may_manage(request.user, agency):
        raise DjangoPermissionDenied(_("只有审核人或负责人可以修改告知书模板和文号设置。"))
    if form.is_valid():
        try:
            template = services.letter_template_upload(
                actor=request.user,
                agency=agency,
                kind=form.cleaned_data["kind"],
                outcome=form.cleaned_data["outcome"],
                data=form.cleaned_data["file"],
            )
        except ServicePermissionDenied:
            raise
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("已启用新模板：%(template)s。") % {"template": template})
            return redirect("letters:templates", agency_code=agency.code)
    return _page(request, agency, form=form, status=400)


@require_POST
@agency_view
def revert(request, agency):
    try:
        template = services.letter_template_revert(
            actor=request.user,
            agency=agency,
            kind=request.POST.get("kind", ""),
            outcome=request.POST.get("outcome", ""),
        )
    except ServicePermissionDenied:
        raise
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已恢复系统默认模板：%(template)s。") % {"template": template})
    return redirect("letters:templates", agency_code=agency.code)


def _kind_and_outcome(request, kind: str) -> tuple[str, str]:
    outcome = request.GET.get("outcome", "")
    if kind not in LetterKind.values or (
        outcome and (kind != LetterKind.REPLY or outcome not in selectors.outcome_labels())
    ):
        raise Http404(_("没有这种告知书模板。"))
    return kind, outcome


def _docx_response(data: bytes, kind: str, outcome: str, which: str) -> HttpResponse:
    name = "-".join(str(part) for part in (LetterKind(kind).label, outcome, which) if part) + ".docx"
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@require_GET
@agency_view
def download_in_use(request, agency, kind: str):
    """The template a letter of ``kind`` (and ``?outcome=``) of this agency is rendered from now."""
    kind, outcome = _kind_and_outcome(request, kind)
    template = selectors.letter_template_for(agency, kind, outcome)
    which = _("本机关模板") if template is not None and template.agency_id else _("系统默认模板")
    return _docx_response(services.template_bytes(template, kind), kind, outcome, which)


@require_GET
@agency_view
def download_default(request, agency, kind: str):
    """The system default of ``kind``: an administrator's upload, or the packaged file."""
    kind, outcome = _kind_and_outcome(request, kind)
    template = selectors.letter_template_default(kind, outcome)
    return _docx_response(services.template_bytes(template, kind), kind, outcome, _("系统默认模板"))
