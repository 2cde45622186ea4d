"""The office (工作人员) pages for published reports: thin views over services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.agencies.selectors import agencies_user_may_act_for, agency_get, membership_of, user_may_act_for
from gongkai.core.errors import ApplicationError
from gongkai.core.uploads import read_uploaded_file

from .forms import ReportImportForm
from .selectors import annual_reports_for, published_reports_for
from .services import ReportExists, report_import


@login_required
def office_home(request):
    agencies = list(agencies_user_may_act_for(request.user))
    rows = [(agency, list(published_reports_for(agency)), list(annual_reports_for(agency))) for agency in agencies]
    return render(
        request,
        "reports/office_home.html",
        {"rows": rows, "membership": membership_of(request.user)},
    )


@login_required
def report_import_view(request, agency_code: str):
    agency = agency_get(agency_code)
    if agency is None:
        raise Http404(_("没有这个机关。"))
    if not user_may_act_for(request.user, agency):
        raise DjangoPermissionDenied(
            _("您不是“%(agency)s”的工作人员，不能为其导入年度报告。") % {"agency": agency.name}
        )
    needs_confirmation = False
    if request.method == "POST":
        form = ReportImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = read_uploaded_file(form.cleaned_data["file"])
                published = report_import(
                    actor=request.user,
                    agency=agency,
                    year=form.cleaned_data["year"],
                    data=upload.data,
                    filename=upload.filename,
                    replace=form.cleaned_data["replace"],
                )
            except ReportExists as error:
                needs_confirmation = True
                form.add_error(None, error.message)
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                messages.success(
                    request,
                    _("已导入%(agency)s %(year)d 年度报告。") % {"agency": agency.name, "year": published.year},
                )
                return redirect("portal:report", agency_code=agency.code, year=published.year)
    else:
        form = ReportImportForm()
    return render(
        request,
        "reports/office_import.html",
        {"agency": agency, "form": form, "needs_confirmation": needs_confirmation},
        status=400 if request.method == "POST" else 200,
    )
