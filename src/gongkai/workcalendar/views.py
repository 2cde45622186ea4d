"""The calendar page: which years are stored and confirmed, which unconfirmed years open
applications rely on, and the form to enter (and confirm) a year from the State Council's notice.

Who may use it: a superuser, or a user with Django's "staff status" (``is_staff``, the system
administrators) — the same rule ``services`` enforce; everyone else gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core.errors import ApplicationError
from gongkai.core.errors import PermissionDenied as ServicePermissionDenied

from . import selectors, services
from .forms import CalendarYearForm, ConfirmForm, format_days
from .models import CalendarYear, DayKind


def may_edit_calendar(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.is_staff))


def admin_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_edit_calendar(request.user):
            raise DjangoPermissionDenied(_("只有系统管理员可以管理节假日安排。"))
        try:
            return view(request, *args, **kwargs)
        except ServicePermissionDenied as error:
            raise DjangoPermissionDenied(error.message) from None

    return wrapper


def _page(request, form, *, status=200, editing=None):
    today = timezone.localdate()
    rows = []
    for row in selectors.calendar_years():
        days = list(row.days.all())
        rows.append(
            {
                "row": row,
                "days_off": sum(1 for d in days if d.kind == DayKind.DAY_OFF),
                "makeup": sum(1 for d in days if d.kind == DayKind.MAKEUP_WORKDAY),
            }
        )
    return render(
        request,
        "workcalendar/index.html",
        {
            "rows": rows,
            "form": form,
            "editing": editing,
            "unconfirmed": selectors.unconfirmed_years_in_use(today=today),
            "unconfirmed_stored": [r["row"].year for r in rows if not r["row"].confirmed],
            "today": today,
        },
        status=status,
    )


def _save(request, form):
    cd = form.cleaned_data
    try:
        row = services.calendar_year_save(
            actor=request.user,
            year=cd["year"],
            days_off=cd["days_off"],
            makeup_days=cd["makeup_days"],
            confirmed=cd["confirmed"],
            notice=cd["notice"],
        )
    except ServicePermissionDenied:
        raise
    except ApplicationError as error:
        form.add_error(None, error.message)
        return None
    if row.confirmed:
        messages.success(request, _("已保存并确认 %(year)s 年的节假日安排，相关答复期限已重算。") % {"year": row.year})
    else:
        messages.success(request, _("已保存 %(year)s 年的节假日安排（尚未确认）。") % {"year": row.year})
    return redirect("workcalendar:index")


@admin_view
def index(request):
    if request.method == "POST":
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            response = _save(request, form)
            if response is not None:
                return response
        return _page(request, form, status=400)
    return _page(request, CalendarYearForm(initial={"year": timezone.localdate().year + 1}))


@admin_view
def edit(request, year: int):
    row = CalendarYear.objects.filter(year=year).prefetch_related("days").first()
    if request.method == "POST":
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            response = _save(request, form)
            if response is not None:
                return response
        return _page(request, form, status=400, editing=year)
    if row is None:
        raise Http404(_("尚未录入该年度。"))
    days = sorted(row.days.all(), key=lambda d: d.date)
    initial = {
        "year": row.year,
        "notice": row.notice,
        "days_off": format_days([d for d in days if d.kind == DayKind.DAY_OFF]),
        "makeup_days": format_days([d for d in days if d.kind == DayKind.MAKEUP_WORKDAY]),
        "confirmed": row.confirmed,
    }
    return _page(request, CalendarYearForm(initial=initial), editing=year)


@require_POST
@admin_view
def confirm(request, year: int):
    form = ConfirmForm(request.POST)
    notice = form.cleaned_data["notice"] if form.is_valid() else ""
    try:
        services.calendar_year_confirm(actor=request.user, year=year, notice=notice)
    except ServicePermissionDenied:
        raise
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已确认 %(year)s 年的节假日安排，相关答复期限已重算。") % {"year": year})
    return redirect("workcalendar:index")
