"""Office pages of disclosure on request: thin views over ``services``, ``selectors`` and ``letters``.

Agency wall: every page is under /office/applications/<agency>/; an unknown agency or an
application of another agency is 404, staff of another agency get 403. Every step form calls its
service; an ``ApplicationError`` is shown on the form in Chinese (status 400), a refusal by role
is 403, never a 500.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.agencies.selectors import agencies_user_may_act_for, agency_get, membership_of, user_may_act_for
from gongkai.annual_report.format import outcome_choices
from gongkai.core.errors import ApplicationError
from gongkai.core.errors import PermissionDenied as ServicePermissionDenied
from gongkai.core.uploads import UploadError
from gongkai.letters.kinds import LetterKind
from gongkai.workcalendar.selectors import unconfirmed_years_in_use

from . import selectors, services, workflow
from .forms import STEP_FORMS, STEP_ORDER, LetterIssueForm, RegisterForm
from .identity import mask, mask_email
from .letters import LetterExtras, application_letter_get, application_letter_issue, application_letters
from .letters import letter_kinds_available as _letter_kinds
from .models import Application, Attachment, Channel, Delivery, applicant_type_choices
from .workflow import State, StepKind


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
                _("您不是“%(agency)s”的工作人员，不能查看其政府信息公开申请。") % {"agency": agency.name}
            )
        try:
            return view(request, agency, *args, **kwargs)
        except ServicePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from None

    return wrapper


def _application(request, agency, tracking_number: str) -> Application:
    app = selectors.application_get_for_user(request.user, tracking_number)
    if app is None or app.agency_id != agency.pk:
        raise Http404(_("没有这件申请。"))
    return app


def _may_act(user, agency, roles=services.ACTING_ROLES) -> bool:
    if user.is_superuser:
        return True
    membership = membership_of(user)
    return membership is not None and membership.agency_id == agency.pk and membership.role in roles


# --- the queue --------------------------------------------------------------------------------------

STATE_FILTERS = [("", gettext_lazy("未办结")), ("all", gettext_lazy("全部"))] + [
    (code, gettext_lazy(label)) for code, label in workflow.STATE_LABELS.items()
]


@login_required
def index(request):
    """/office/applications/: the user's agency queue (a superuser picks an agency)."""
    agencies = list(agencies_user_may_act_for(request.user))
    if len(agencies) == 1:
        return redirect("applications_office:queue", agency_code=agencies[0].code)
    return render(request, "applications/office_index.html", {"agencies": agencies})


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@agency_view
def queue(request, agency):
    today = timezone.localdate()
    state = request.GET.get("state", "")
    if state not in dict(STATE_FILTERS):
        state = ""
    channel = request.GET.get("channel", "")
    if channel not in Channel.values:
        channel = ""
    applicant_type = request.GET.get("applicant_type", "")
    if applicant_type not in dict(applicant_type_choices()):
        applicant_type = ""
    year = _int(request.GET.get("year"), 1990, 2999)
    overdue_only = request.GET.get("overdue") == "1"
    search = request.GET.get("q", "").strip()[:100]
    entries = selectors.application_queue(
        agency,
        today=today,
        states=[state] if state and state != "all" else None,
        include_closed=state == "all",
        search=search,
    )
    if channel:
        entries = [e for e in entries if e.application.channel == channel]
    if applicant_type:
        entries = [e for e in entries if e.application.applicant_type == applicant_type]
    if year:
        entries = [
            e for e in entries if e.application.arrived_at and timezone.localtime(e.application.arrived_at).year == year
        ]
    if overdue_only:
        entries = [e for e in entries if e.overdue]
    this_year = today.year
    return render(
        request,
        "applications/office_queue.html",
        {
            "agency": agency,
            "entries": entries,
            "today": today,
            "filters": {
                "state": state,
                "channel": channel,
                "applicant_type": applicant_type,
                "year": year or "",
                "overdue": overdue_only,
                "q": search,
            },
            "state_choices": STATE_FILTERS,
            "channel_choices": Channel.choices,
            "applicant_type_choices": applicant_type_choices(),
            "years": list(range(this_year, this_year - 8, -1)),
            "due_soon_days": selectors.DUE_SOON_WORKING_DAYS,
            "unconfirmed_years": unconfirmed_years_in_use(today=today),
            "may_act": _may_act(request.user, agency),
        },
    )


# --- registering ------------------------------------------------------------------------------------


@agency_view
def register_view(request, agency):
    if not _may_act(request.user, agency):
        raise DjangoPermissionDenied(_("您的角色只能查看申请，不能登记。"))
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            with transaction.atomic():  # the application and its attachment, or nothing
                result = services.application_register(
                    actor=request.user,
                    agency=agency,
                    channel=cd["channel"],
                    arrived_at=cd["arrived_at"],
                    received_on=cd["received_on"],
                    carried_over=cd["carried_over"],
                    **form.applicant,
                )
                if cd.get("attachment"):
                    services.application_attach(
                        actor=request.user, application=result.application, uploaded=cd["attachment"]
                    )
        except UploadError as error:
            form.add_error("attachment", error.message)
        except ApplicationError as error:
            if isinstance(error, ServicePermissionDenied):
                raise
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("已登记申请 %(number)s。查询码：%(code)s（只显示这一次，请告知申请人妥善保管）。")
                % {"number": result.application.tracking_number, "code": result.query_code},
            )
            return redirect(
                "applications_office:detail",
                agency_code=agency.code,
                tracking_number=result.application.tracking_number,
            )
    return render(
        request,
        "applications/office_register.html",
        {"agency": agency, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _errors_to_form(form, error: ApplicationError) -> None:
    fields = error.extra.get("fields") or {}
    placed = False
    for name, message in fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed or error.message not in [str(m) for m in fields.values()]:
        form.add_error(None, error.message)


# --- one application --------------------------------------------------------------------------------


def _step_details(step, outcome_labels: dict[str, str]) -> list[str]:
    d = step.data or {}
    out: list[str] = []
    if step.kind in workflow.OPENING_KINDS:
        out.append(
            _("提交方式：%(c)s") % {"c": Channel(d["channel"]).label if d.get("channel") in Channel.values else "—"}
        )
        if d.get("received_on"):
            out.append(_("收到申请之日：%(d)s") % {"d": d["received_on"]})
        if d.get("carried_over"):
            out.append(_("期初未办结的申请"))
    if d.get("outcome"):
        out.append(_("办理结果：%(o)s") % {"o": outcome_labels.get(d["outcome"], d["outcome"])})
    if d.get("items"):
        out.append(_("补正事项：%(i)s") % {"i": d["items"]})
    if d.get("reply_by"):
        out.append(_("补正期限：%(d)s") % {"d": d["reply_by"]})
    if d.get("consultee"):
        out.append(_("被征求意见方：%(c)s") % {"c": d["consultee"]})
    if d.get("delivered_on"):
        out.append(_("征求意见书送达：%(d)s") % {"d": d["delivered_on"]})
    if step.kind == StepKind.CONSULTATION_ENDED:
        out.append(_("已收到意见") if d.get("replied", True) else _("逾期未提出意见"))
    if d.get("approved_by_name"):
        out.append(_("%(who)s 于 %(d)s 同意") % {"who": d["approved_by_name"], "d": d.get("approved_on", "")})
    if d.get("amount") is not None and step.kind == StepKind.FEE_NOTICE_ISSUED:
        out.append(_("金额：%(a)s 元") % {"a": d["amount"]})
        out.extend(d.get("explanation") or [])
    if d.get("method") and step.kind == StepKind.DELIVERED:
        out.append(
            _("送达方式：%(m)s") % {"m": Delivery(d["method"]).label if d["method"] in Delivery.values else d["method"]}
        )
    if d.get("due"):
        out.append(_("延迟答复期限：%(d)s") % {"d": d["due"]})
    for warning in d.get("warnings") or []:
        out.append("⚠ " + str(warning))
    return out


def _step_form(kind, detail, agency, data=None):
    form_class = STEP_FORMS[kind]
    kwargs = {}
    if kind == StepKind.CONSULTATION_ENDED:
        open_ids = set(workflow.derive(detail.steps).open_consultations)
        kwargs["open_consultations"] = [s for s in detail.steps if s.pk in open_ids]
    if kind == StepKind.EXTENDED:
        kwargs["approvers"] = list(selectors.approvers_of(agency))
    form = form_class(data, initial={"version": detail.version}, prefix=kind, **kwargs)
    return form


def _detail_context(request, agency, app, *, bound: dict | None = None, revealed: bool = False, letter_form=None):
    detail = selectors.application_detail(app, as_of=timezone.localdate())
    outcome_labels = dict(outcome_choices())
    may_act = _may_act(request.user, agency)
    may_approve = _may_act(request.user, agency, services.APPROVING_ROLES)
    forms = []
    if may_act:
        for kind in STEP_ORDER:
            if kind not in detail.allowed_steps:
                continue
            if kind == StepKind.DEADLINE_OVERRIDDEN and not may_approve:
                continue
            if bound and kind in bound:
                forms.append(bound[kind])
            else:
                forms.append(_step_form(kind, detail, agency))
    kinds = _letter_kinds(app, detail.steps)
    consultations = [s for s in detail.steps if s.kind == StepKind.CONSULTATION_STARTED]
    if letter_form is None and kinds:
        letter_form = LetterIssueForm(kinds=kinds, consultations=consultations, prefix="letter")
    personal = {
        "id_number": app.id_number if revealed else mask(app.id_number),
        "contact_phone": app.contact_phone if revealed else mask(app.contact_phone),
        "contact_email": app.contact_email if revealed else mask_email(app.contact_email),
        "contact_address": app.contact_address
        if revealed
        else (app.contact_address[:6] + "……" if app.contact_address else ""),
    }
    return {
        "agency": agency,
        "app": app,
        "detail": detail,
        "deadline": detail.deadline,
        "timeline": [(s, _step_details(s, outcome_labels)) for s in detail.steps],
        "step_forms": forms,
        "may_act": may_act,
        "letters": list(application_letters(app)),
        "letter_form": letter_form if may_act else None,
        "personal": personal,
        "revealed": revealed,
        "today": timezone.localdate(),
        "is_open": app.state in workflow.OPEN_STATES,
        "awaiting_receipt": app.state == State.AWAITING_RECEIPT,
        "outcome_label": outcome_labels.get(app.outcome, ""),
        "unconfirmed_years": detail.deadline.unconfirmed_years if detail.deadline else (),
    }


@agency_view
def detail(request, agency, tracking_number: str):
    app = _application(request, agency, tracking_number)
    return render(request, "applications/office_detail.html", _detail_context(request, agency, app))


def _run_step(kind: str, actor, app: Application, cd: dict):
    common = {"actor": actor, "application": app, "version": cd.get("version")}
    reason = cd.get("reason", "") or ""
    K = StepKind
    if kind == K.RECEIPT_CONFIRMED:
        return services.application_confirm_receipt(**common, confirmed_on=cd["confirmed_on"], reason=reason)
    if kind == K.SUPPLEMENT_REQUESTED:
        return services.application_request_supplement(
            **common, sent_on=cd["sent_on"], items=cd["items"], reply_by=cd["reply_by"], late_reason=cd["late_reason"]
        )
    if kind == K.SUPPLEMENT_RECEIVED:
        return services.application_record_supplement(**common, received_on=cd["received_on"], reason=reason)
    if kind == K.CONCLUDED_NO_SUPPLEMENT:
        return services.application_conclude_no_supplement(**common, concluded_on=cd["concluded_on"], reason=reason)
    if kind == K.CONSULTATION_STARTED:
        return services.application_consultation_start(
            **common,
            party=cd["party"],
            consultee=cd["consultee"],
            sent_on=cd["sent_on"],
            delivered_on=cd["delivered_on"],
            reason=reason,
        )
    if kind == K.CONSULTATION_ENDED:
        return services.application_consultation_end(
            **common,
            ended_on=cd["ended_on"],
            replied=cd["replied"],
            consultation=cd.get("consultation") or None,
            reason=reason,
        )
    if kind == K.EXTENDED:
        return services.application_extend(
            **common,
            approved_by=cd["approved_by"],
            approved_on=cd["approved_on"],
            notified_on=cd["notified_on"],
            reason=reason,
        )
    if kind == K.FEE_NOTICE_ISSUED:
        return services.application_issue_fee_notice(
            **common,
            notified_on=cd["notified_on"],
            method=cd["method"],
            pages=cd["pages"],
            received_on=cd["received_on"],
            reason=reason,
        )
    if kind == K.FEE_PAID:
        return services.application_record_payment(**common, paid_on=cd["paid_on"], reason=reason)
    if kind == K.CONCLUDED_FEE_UNPAID:
        return services.application_conclude_unpaid_fee(**common, concluded_on=cd["concluded_on"], reason=reason)
    if kind == K.DEADLINE_OVERRIDDEN:
        return services.application_override_deadline(
            **common, due=cd["due"], notified_on=cd["notified_on"], reason=reason
        )
    if kind == K.REPLIED:
        return services.application_reply(**common, outcome=cd["outcome"], replied_on=cd["replied_on"], reason=reason)
    if kind == K.DELIVERED:
        return services.application_deliver(
            **common, delivered_on=cd["delivered_on"], method=cd["method"], reason=reason
        )
    if kind == K.WITHDRAWN:
        return services.application_withdraw(**common, withdrawn_on=cd["withdrawn_on"], reason=reason)
    raise Http404(_("没有这个步骤。"))


@require_POST
@agency_view
def step(request, agency, tracking_number: str, kind: str):
    app = _application(request, agency, tracking_number)
    if kind not in STEP_FORMS:
        raise Http404(_("没有这个步骤。"))
    detail = selectors.application_detail(app)
    form = _step_form(kind, detail, agency, data=request.POST)
    if form.is_valid():
        try:
            _run_step(kind, request.user, app, form.cleaned_data)
        except ServicePermissionDenied:
            raise
        except ApplicationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("已登记“%(step)s”。") % {"step": workflow.STEP_LABELS[kind]})
            return redirect("applications_office:detail", agency_code=agency.code, tracking_number=app.tracking_number)
    app.refresh_from_db()
    context = _detail_context(request, agency, app, bound={kind: form})
    if kind not in selectors.application_detail(app).allowed_steps:
        context["step_error"] = "；".join(str(e) for e in form.non_field_errors()) or _("此步骤现在不能登记。")
    context["failed_form"] = form
    return render(request, "applications/office_detail.html", context, status=400)


@require_POST
@agency_view
def reveal(request, agency, tracking_number: str):
    """Show the applicant's full identity number and contact data once, and record that it was read."""
    app = _application(request, agency, tracking_number)
    services.application_personal_data_read(actor=request.user, application=app)
    return render(request, "applications/office_detail.html", _detail_context(request, agency, app, revealed=True))


# --- attachments ------------------------------------------------------------------------------------


@require_POST
@agency_view
def attachment_upload(request, agency, tracking_number: str):
    app = _application(request, agency, tracking_number)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            services.application_attach(
                actor=request.user, application=app, uploaded=uploaded, description=request.POST.get("description", "")
            )
        except ServicePermissionDenied:
            raise
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已添加附件。"))
    return redirect("applications_office:detail", agency_code=agency.code, tracking_number=app.tracking_number)


@agency_view
def attachment_download(request, agency, tracking_number: str, pk: int):
    app = _application(request, agency, tracking_number)
    attachment = Attachment.objects.filter(application=app, pk=pk).first()
    if attachment is None:
        raise Http404(_("没有这个附件。"))
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename, content_type=attachment.media_type
    )


# --- letters ----------------------------------------------------------------------------------------


@require_POST
@agency_view
def letter_issue(request, agency, tracking_number: str):
    app = _application(request, agency, tracking_number)
    steps = selectors.application_detail(app).steps
    kinds = _letter_kinds(app, steps)
    consultations = [s for s in steps if s.kind == StepKind.CONSULTATION_STARTED]
    form = LetterIssueForm(request.POST, kinds=kinds, consultations=consultations, prefix="letter")
    if form.is_valid():
        cd = form.cleaned_data
        extras = LetterExtras(
            letter_date=cd.get("letter_date"),
            **{
                k: cd.get(k) or ("" if k != "already_public" else False)
                for k in (
                    "contact_person",
                    "contact_phone",
                    "guidance",
                    "payment_method",
                    "details",
                    "already_public",
                    "responsible_agency",
                    "responsible_agency_contact",
                    "withheld_because",
                    "reconsideration_body",
                    "court",
                )
            },
        )
        try:
            letter = application_letter_issue(
                actor=request.user,
                application=app,
                kind=cd["kind"],
                extras=extras,
                consultation=cd.get("consultation") or None,
            )
        except ServicePermissionDenied:
            raise
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已出具%(kind)s %(number)s。") % {"kind": LetterKind(letter.kind).label, "number": letter.number},
            )
            return redirect("applications_office:detail", agency_code=agency.code, tracking_number=app.tracking_number)
    context = _detail_context(request, agency, app, letter_form=form)
    return render(request, "applications/office_detail.html", context, status=400)


@agency_view
def letter_download(request, agency, tracking_number: str, pk: int):
    app = _application(request, agency, tracking_number)
    letter = application_letter_get(app, pk)
    if letter is None:
        raise Http404(_("没有这份告知书。"))
    return _letter_response(letter)


def _letter_response(letter) -> FileResponse:
    name = f"{LetterKind(letter.kind).label}-{letter.number}.docx"
    return FileResponse(
        letter.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
