"""Writing agencies and staff memberships."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit import registry as audit_codes
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError

from .models import Agency, AgencyLevel, StaffMembership, StaffRole


def agency_ensure(
    *, actor, code: str, name: str, short_name: str = "", level: str = AgencyLevel.DEPARTMENT, region: str = ""
) -> tuple[Agency, bool]:
    """The agency with ``code``, created (and audited) if absent; an existing one is updated to match."""
    if level not in AgencyLevel.values:
        raise ApplicationError(_("未知的机关层级“%(level)s”") % {"level": level}, code="bad_level")
    with transaction.atomic():
        agency = Agency.objects.select_for_update().filter(code=code).first()
        fields = {"name": name, "short_name": short_name, "level": level, "region": region}
        if agency is None:
            agency = Agency(code=code, **fields)
            agency.full_clean()
            agency.save()
            audit_record(
                actor=actor, code=audit_codes.AGENCY_CREATED.code, agency=agency, target=agency, summary=agency.name
            )
            return agency, True
        changed = [k for k, v in fields.items() if getattr(agency, k) != v]
        if changed:
            for key in changed:
                setattr(agency, key, fields[key])
            agency.full_clean()
            agency.save(update_fields=changed)
        return agency, False


def staff_ensure(
    *, actor, agency: Agency, username: str, password: str | None, role: str = StaffRole.CLERK, **user_fields
):
    """A staff user of ``agency`` (created if absent); a user works for one agency only."""
    if role not in StaffRole.values:
        raise ApplicationError(_("未知的角色“%(role)s”") % {"role": role}, code="bad_role")
    user_model = get_user_model()
    with transaction.atomic():
        user, created = user_model.objects.get_or_create(username=username, defaults=user_fields)
        if password is not None:
            user.set_password(password)
            user.save()
        membership = StaffMembership.objects.filter(user=user).select_related("agency").first()
        if membership is not None and membership.agency_id != agency.pk:
            raise ApplicationError(
                _("用户 %(user)s 已是“%(agency)s”的工作人员，一个用户只能属于一个机关。")
                % {"user": username, "agency": membership.agency.name},
                code="other_agency",
            )
        if membership is None:
            membership = StaffMembership.objects.create(user=user, agency=agency, role=role)
            audit_record(
                actor=actor,
                code=audit_codes.STAFF_ADDED.code,
                agency=agency,
                target=membership,
                summary=f"{username}（{membership.get_role_display()}）",
            )
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        return user, created
