"""manage.py applications_verify recomputes the caches from the steps; the admin shows masked data."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_verify_reports_and_repairs_differences(register, capsys):
    app = register(date(2025, 1, 24))
    register(date(2025, 1, 27))
    call_command("applications_verify")
    assert "共检查 2 件申请，0 件不一致" in capsys.readouterr().out

    Application.objects.filter(pk=app.pk).update(state="concluded", due_on=date(2025, 1, 1))
    with pytest.raises(CommandError, match="1 件申请"):
        call_command("applications_verify", "--agency", app.agency.code)
    out = capsys.readouterr().out
    assert app.tracking_number in out and "state: concluded → processing" in out

    call_command("applications_verify", "--repair")
    app.refresh_from_db()
    assert app.state == "processing" and app.due_on == date(2025, 2, 27)
    assert AuditEvent.objects.filter(code="application.caches_repaired").count() == 1
    call_command("applications_verify")


def test_verify_refuses_an_unknown_agency():
    with pytest.raises(CommandError, match="没有代码"):
        call_command("applications_verify", "--agency", "nope")


def test_admin_lists_applications_with_personal_data_masked(register, admin_client):
    app = register(date(2025, 1, 24))
    listing = admin_client.get("/admin/applications/application/")
    assert listing.status_code == 200 and app.tracking_number in listing.content.decode()
    page = admin_client.get(f"/admin/applications/application/{app.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "110***********002X" in text and "11010519491231002X" not in text
    assert "139****0009" in text and "13900000009" not in text
    assert "w***g@example.org" in text and "测试路9号" not in text
    assert admin_client.get("/admin/applications/application/add/").status_code == 403
