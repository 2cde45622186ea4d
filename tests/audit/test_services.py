import pytest

from gongkai.audit.models import AppendOnlyError, AuditEvent
from gongkai.audit.registry import UnknownEventCode
from gongkai.audit.selectors import audit_events, audit_events_for
from gongkai.audit.services import audit_record


@pytest.mark.django_db
def test_record_writes_one_event_with_its_target(agency, clerk):
    before = AuditEvent.objects.count()
    event = audit_record(
        actor=clerk, code="report.imported", agency=agency, target=agency, summary="测试", data={"a": 1}
    )
    assert AuditEvent.objects.count() == before + 1
    assert event.target_type == "agencies.agency"
    assert event.target_id == str(agency.pk)
    assert list(audit_events_for(agency).filter(code="report.imported")) == [event]
    assert event.label == "导入已公开年度报告"


@pytest.mark.django_db
def test_unregistered_codes_raise_and_write_nothing(agency):
    before = AuditEvent.objects.count()
    with pytest.raises(UnknownEventCode):
        audit_record(actor=None, code="report.deleted_quietly", agency=agency)
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_events_are_append_only(agency):
    event = audit_record(actor=None, code="agency.created", agency=agency)
    event.summary = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="改写")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).summary == ""


@pytest.mark.django_db
def test_anonymous_actor_is_recorded_as_nobody(agency):
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), code="agency.created", agency=agency)
    assert event.actor is None
    assert audit_events(agency=agency, code="agency.created").filter(pk=event.pk).exists()
