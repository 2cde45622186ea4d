"""Two reviewers approving (or two staff publishing) one annual report at once: exactly one wins, the
other gets a clear Chinese message (row lock on PostgreSQL, IMMEDIATE transaction on SQLite)."""

from __future__ import annotations

import pytest
from tests.applications.test_concurrency import race
from tests.system_packages import needs_cjk_font

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport, AnnualReportState, FrozenFile, ReportVersion

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_reviewers_approving_at_once_exactly_one_wins(ready_draft, drafter, reviewer, head):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    results = race(
        lambda: s.annual_report_approve(actor=reviewer, report=report),
        lambda: s.annual_report_approve(actor=head, report=report),
    )
    wins = [r for r in results if isinstance(r, AnnualReport)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ApplicationError), repr(losses[0])
    assert "审核通过，无需再次审核" in losses[0].message
    report.refresh_from_db()
    assert report.state == AnnualReportState.APPROVED and report.approved_by == wins[0].approved_by
    assert AuditEvent.objects.filter(code="annual_report.approved").count() == 1
    assert AuditEvent.objects.filter(code="annual_report.refused", data__action="approve").count() == 1


@needs_cjk_font
def test_two_publications_at_once_make_one_version(ready_draft, drafter, reviewer, head):
    report = s.annual_report_approve(actor=reviewer, report=s.annual_report_submit(actor=drafter, report=ready_draft))
    results = race(
        lambda: s.annual_report_publish(actor=reviewer, report=report),
        lambda: s.annual_report_publish(actor=head, report=report),
    )
    wins = [r for r in results if isinstance(r, ReportVersion)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ApplicationError), repr(losses[0])
    assert "发布" in losses[0].message
    assert ReportVersion.objects.count() == 1
    assert FrozenFile.objects.count() == len(s.FROZEN_KINDS)
    assert AuditEvent.objects.filter(code="annual_report.published").count() == 1
