"""Office pages of proactive disclosure: thin views over services and selectors, behind the agency wall."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.selectors import agency_get, user_may_act_for
from gongkai.annual_report.format import CURRENT, cell_key
from gongkai.core.errors import ApplicationError
from gongkai.core.errors import PermissionDenied as ServicePermissionDenied
from gongkai.core.uploads import read_uploaded_file

from . import selectors, services
from .forms import (
    AccountForm,
    AttachmentForm,
    ChannelYearForm,
    CorrectionForm,
    DecisionForm,
    DecisionImportForm,
    DocumentForm,
    FeeIncomeForm,
    NormativeForm,
    OpeningTotalForm,
    PublishForm,
    RepealForm,
    ReviewForm,
    WithdrawForm,
)
from .imports import HEADERS
from .models import DECISION_KINDS, PROACTIVE, DocumentStatus, NormativeDocument, decision_kind_choices

PAGE_SIZE = 50


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
                _("您不是“%(agency)s”的工作人员，不能办理其主动公开事项。") % {"agency": agency.name}
            )
        try:
            return view(request, agency, *args, **kwargs)
        except ServicePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from None

    return wrapper


def _reraise_denied(error: ApplicationError) -> None:
    """A refusal by role is a 403, not a form error."""
    if isinstance(error, ServicePermissionDenied):
        raise error


def _document(agency, pk):
    document = selectors.document_for_office(agency, pk)
    if document is None:
        raise Http404(_("没有这条信息。"))
    return document


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year - 1


# --- overview -------------------------------------------------------------------------------------


@agency_view
def home(request, agency):
    services.catalogue_ensure_defaults(actor=request.user, agency=agency)
    year = _year(request)
    values = selectors.proactive_table_values(agency, year)
    table = [
        (row, [(column, values[cell_key(PROACTIVE.code, row.code, column.code)]) for column in row.columns])
        for row in PROACTIVE.rows
    ]
    figures = selectors.narrative_figure_values(agency, year)
    labels = {figure.code: figure.label for figure in CURRENT.narrative_figures}
    return render(
        request,
        "disclosure/office_home.html",
        {
            "agency": agency,
            "year": year,
            "table": table,
            "table_number": PROACTIVE.number,
            "heading_column": PROACTIVE.heading_column,
            "overview_title": CURRENT.section("overview").title,
            "figures": [(labels[code], value) for code, value in figures.items()],
            "counts": {
                status: selectors.documents_for_office(agency, status=status).count()
                for status in (DocumentStatus.DRAFT, DocumentStatus.UNDER_REVIEW)
            },
        },
    )


# --- documents ------------------------------------------------------------------------------------


@agency_view
def document_list(request, agency):
    status = request.GET.get("status", "")
    if status not in DocumentStatus.values:
        status = ""
    query = request.GET.get("q", "").strip()
    documents = selectors.documents_for_office(agency, status=status or None, query=query)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = selectors.work_calendar()
    today = timezone.localdate()
    rows = [(d, selectors.timeliness(d, today=today, calendar=calendar)) for d in page]
    return render(
        request,
        "disclosure/office_document_list.html",
        {
            "agency": agency,
            "page": page,
            "rows": rows,
            "status": status,
            "query": query,
            "statuses": DocumentStatus.choices,
        },
    )


@agency_view
def document_create(request, agency):
    services.catalogue_ensure_defaults(actor=request.user, agency=agency)
    form = DocumentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(actor=request.user, agency=agency, **form.service_fields())
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已保存草稿。"))
            return redirect("disclosure_office:document_detail", agency_code=agency.code, pk=document.pk)
    return render(
        request,
        "disclosure/office_document_form.html",
        {"agency": agency, "form": form, "heading": _("起草公开信息")},
        status=400 if request.method == "POST" else 200,
    )


@agency_view
def document_edit(request, agency, pk: int):
    document = _document(agency, pk)
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.UNDER_REVIEW):
        return redirect("disclosure_office:document_correct", agency_code=agency.code, pk=pk)
    form = DocumentForm(request.POST or None, agency=agency, initial=DocumentForm.initial_from(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **form.service_fields())
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已保存修改；如已提交审查，需要重新提交。"))
            return redirect("disclosure_office:document_detail", agency_code=agency.code, pk=pk)
    return render(
        request,
        "disclosure/office_document_form.html",
        {"agency": agency, "form": form, "document": document, "heading": _("修改公开信息")},
        status=400 if request.method == "POST" else 200,
    )


@agency_view
def document_correct(request, agency, pk: int):
    document = _document(agency, pk)
    form = CorrectionForm(request.POST or None, agency=agency, initial=DocumentForm.initial_from(document))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        reason = fields.pop("reason")
        try:
            services.document_correct(actor=request.user, document=document, reason=reason, **fields)
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已更正，原内容保留在修订记录中。"))
            return redirect("disclosure_office:document_detail", agency_code=agency.code, pk=pk)
    return render(
        request,
        "disclosure/office_document_form.html",
        {"agency": agency, "form": form, "document": document, "heading": _("更正已发布的信息")},
        status=400 if request.method == "POST" else 200,
    )


@agency_view
def document_detail(request, agency, pk: int):
    return _render_detail(request, agency, pk)


def _render_detail(request, agency, pk: int, forms: dict | None = None, status: int = 200):
    document = _document(agency, pk)
    forms = forms or {}
    today = timezone.localdate()
    return render(
        request,
        "disclosure/office_document_detail.html",
        {
            "agency": agency,
            "document": document,
            "timeliness": selectors.timeliness(document, today=today),
            "may_review": services.actor_may_review(request.user, agency),
            "review_form": forms.get("review") or ReviewForm(initial={"reviewed_on": today}),
            "publish_form": forms.get("publish") or PublishForm(initial={"published_on": today}),
            "withdraw_form": forms.get("withdraw") or WithdrawForm(),
            "attachment_form": forms.get("attachment") or AttachmentForm(),
        },
        status=status,
    )


def _action(request, agency, pk, form_class, key, run, success):
    document = _document(agency, pk)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is None or form.is_valid():
        try:
            run(document, form.cleaned_data if form else {})
        except ApplicationError as error:
            _reraise_denied(error)
            if form is None:
                messages.error(request, error.message)
                return redirect("disclosure_office:document_detail", agency_code=agency.code, pk=pk)
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect("disclosure_office:document_detail", agency_code=agency.code, pk=pk)
    return _render_detail(request, agency, pk, forms={key: form}, status=400)


@agency_view
@require_POST
def document_submit(request, agency, pk: int):
    return _action(
        request,
        agency,
        pk,
        None,
        "",
        lambda d, data: services.document_submit(actor=request.user, document=d),
        _("已提交保密审查。"),
    )


@agency_view
@require_POST
def document_review(request, agency, pk: int):
    return _action(
        request,
        agency,
        pk,
        ReviewForm,
        "review",
        lambda d, data: services.document_review(actor=request.user, document=d, **data),
        _("已登记保密审查结论。"),
    )


@agency_view
@require_POST
def document_publish(request, agency, pk: int):
    return _action(
        request,
        agency,
        pk,
        PublishForm,
        "publish",
        lambda d, data: services.document_publish(actor=request.user, document=d, published_on=data["published_on"]),
        _("已发布。"),
    )


@agency_view
@require_POST
def document_withdraw(request, agency, pk: int):
    return _action(
        request,
        agency,
        pk,
        WithdrawForm,
        "withdraw",
        lambda d, data: services.document_withdraw(actor=request.user, document=d, reason=data["reason"]),
        _("已撤回，历史记录保留。"),
    )


@agency_view
@require_POST
def attachment_upload(request, agency, pk: int):
    def run(document, data):
        services.attachment_add(actor=request.user, document=document, uploaded=data["file"])

    return _action(request, agency, pk, AttachmentForm, "attachment", run, _("已上传附件。"))


# --- registers ------------------------------------------------------------------------------------


@agency_view
def normative_list(request, agency):
    form = NormativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.normative_register(actor=request.user, agency=agency, **form.cleaned_data)
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已登记。"))
            return redirect("disclosure_office:normative_list", agency_code=agency.code)
    rows = selectors.normative_documents_of(agency)
    return render(
        request,
        "disclosure/office_normative.html",
        {"agency": agency, "rows": rows, "form": form, "repeal_form": RepealForm(agency=agency)},
        status=400 if request.method == "POST" else 200,
    )


@agency_view
@require_POST
def normative_repeal(request, agency, pk: int):
    normative = NormativeDocument.objects.filter(agency=agency, pk=pk).first()
    if normative is None:
        raise Http404(_("登记簿中没有这份文件。"))
    form = RepealForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            services.normative_repeal(actor=request.user, normative=normative, **form.cleaned_data)
        except ApplicationError as error:
            _reraise_denied(error)
            messages.error(request, error.message)
        else:
            messages.success(request, _("已登记废止。"))
    else:
        messages.error(request, _("请填写有效的废止日期。"))
    return redirect("disclosure_office:normative_list", agency_code=agency.code)


@agency_view
def decision_list(request, agency):
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_register(actor=request.user, agency=agency, **form.cleaned_data)
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已登记。"))
            return redirect("disclosure_office:decision_list", agency_code=agency.code)
    kind = request.GET.get("kind", "")
    kind = kind if kind in DECISION_KINDS else None
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    page = Paginator(selectors.decisions_of(agency, kind=kind, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/office_decisions.html",
        {"agency": agency, "page": page, "form": form, "kinds": decision_kind_choices(), "kind": kind, "year": year},
        status=400 if request.method == "POST" else 200,
    )


@agency_view
def decision_import(request, agency):
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            upload = read_uploaded_file(form.cleaned_data["file"])
            outcome = services.decisions_import(
                actor=request.user,
                agency=agency,
                data=upload.data,
                filename=upload.filename,
                default_kind=form.cleaned_data["default_kind"] or None,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error("file", error.message)
        else:
            if outcome.imported:
                messages.success(request, _("已导入 %(n)d 条行政决定。") % {"n": outcome.imported})
                return redirect("disclosure_office:decision_list", agency_code=agency.code)
    bad = outcome is not None and not outcome.ok
    return render(
        request,
        "disclosure/office_decision_import.html",
        {
            "agency": agency,
            "form": form,
            "outcome": outcome,
            "headers": [(key, names) for key, names in HEADERS.items()],
            "kind_labels": [label for _code, label in decision_kind_choices()],
        },
        status=400 if (request.method == "POST" and (bad or not form.is_valid())) else 200,
    )


@agency_view
def fee_list(request, agency):
    form = FeeIncomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_income_record(actor=request.user, agency=agency, **form.cleaned_data)
        except ApplicationError as error:
            _reraise_denied(error)
            form.add_error(None, error.message)
        else:
            messages.success(request, _("已登记。"))
            return redirect("disclosure_office:fee_list", agency_code=agency.code)
    year = _year(request)
    rows = selectors.fee_incomes_of(agency, year=year)
    values = selectors.proactive_table_values(agency, year)
    (column,) = PROACTIVE.row("fees").columns
    return render(
        request,
        "disclosure/office_fees.html",
        {
            "agency": agency,
            "rows": rows,
            "form": form,
            "year": year,
            "total_wan": values[cell_key(PROACTIVE.code, "fees", column.code)],
            "fee_label": PROACTIVE.row("fees").label,
        },
        status=400 if request.method == "POST" else 200,
    )


@agency_view
def channels(request, agency):
    which = request.POST.get("form", "") if request.method == "POST" else ""
    account_form = AccountForm(request.POST if which == "account" else None, prefix="account")
    year_form = ChannelYearForm(request.POST if which == "year" else None, agency=agency, prefix="year")
    opening_form = OpeningTotalForm(request.POST if which == "opening" else None, prefix="opening")
    bound = {"account": account_form, "year": year_form, "opening": opening_form}.get(which)
    if bound is not None and bound.is_valid():
        data = bound.cleaned_data
        try:
            if which == "account":
                services.new_media_account_save(actor=request.user, agency=agency, **data)
            elif which == "year":
                services.channel_year_record(actor=request.user, **data)
            else:
                services.website_opening_record(actor=request.user, agency=agency, **data)
        except ApplicationError as error:
            _reraise_denied(error)
            bound.add_error(None, error.message)
        else:
            messages.success(request, _("已保存。"))
            return redirect("disclosure_office:channels", agency_code=agency.code)
    year = _year(request)
    return render(
        request,
        "disclosure/office_channels.html",
        {
            "agency": agency,
            "accounts": selectors.new_media_accounts_of(agency),
            "account_form": account_form,
            "year_form": year_form,
            "opening_form": opening_form,
            "year": year,
            "visits": selectors.website_visits(agency, year),
        },
        status=400 if bound is not None else 200,
    )
