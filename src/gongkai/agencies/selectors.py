"""Reading agencies and staff."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Agency, StaffMembership


def agency_get(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def agency_list():
    return Agency.objects.order_by("region", "name")


def agency_list_with_reports():
    """Every agency with its published reports (newest year first), in two queries."""
    from gongkai.reports.models import PublishedReport

    return agency_list().prefetch_related(
        Prefetch("published_reports", queryset=PublishedReport.objects.order_by("-year"), to_attr="reports")
    )


def membership_of(user) -> StaffMembership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return StaffMembership.objects.select_related("agency").filter(user=user).first()


def agencies_user_may_act_for(user):
    """The agencies ``user`` may import reports for: their own, or every one for a superuser."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return agency_list()
    return Agency.objects.filter(staff__user=user)


def user_may_act_for(user, agency: Agency) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return StaffMembership.objects.filter(user=user, agency=agency).exists()
