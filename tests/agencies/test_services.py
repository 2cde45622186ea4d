import pytest

from gongkai.agencies.models import Agency, StaffMembership
from gongkai.agencies.services import agency_ensure, staff_ensure
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError


@pytest.mark.django_db
def test_agency_ensure_creates_once_and_audits_once():
    first, created = agency_ensure(actor=None, code="a-dept", name="某局", region="某市")
    again, created_again = agency_ensure(actor=None, code="a-dept", name="某局", region="某市")
    assert created and not created_again
    assert first.pk == again.pk
    assert Agency.objects.filter(code="a-dept").count() == 1
    assert AuditEvent.objects.filter(code="agency.created", agency=first).count() == 1


@pytest.mark.django_db
def test_agency_ensure_updates_changed_fields():
    agency_ensure(actor=None, code="a-dept", name="某局")
    agency, _ = agency_ensure(actor=None, code="a-dept", name="某市某局", short_name="某局")
    agency.refresh_from_db()
    assert (agency.name, agency.short_name) == ("某市某局", "某局")


@pytest.mark.django_db
def test_agency_ensure_rejects_unknown_level_and_bad_code():
    with pytest.raises(ApplicationError):
        agency_ensure(actor=None, code="x", name="某局", level="ministry")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        agency_ensure(actor=None, code="not a slug!", name="某局")


@pytest.mark.django_db
def test_a_user_belongs_to_one_agency_only(agency, other_agency):
    user, created = staff_ensure(actor=None, agency=agency, username="u1", password="pw-123456789", role="reviewer")
    assert created
    assert user.staff_membership.agency == agency
    assert user.staff_membership.role == "reviewer"
    with pytest.raises(ApplicationError, match="只能属于一个机关"):
        staff_ensure(actor=None, agency=other_agency, username="u1", password=None)
    assert StaffMembership.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_staff_ensure_is_idempotent_and_changes_role(agency):
    staff_ensure(actor=None, agency=agency, username="u2", password="pw-123456789")
    user, created = staff_ensure(actor=None, agency=agency, username="u2", password="pw-123456789", role="head")
    assert not created
    assert user.staff_membership.role == "head"
    assert user.check_password("pw-123456789")
    assert AuditEvent.objects.filter(code="staff.added", agency=agency).count() == 1
