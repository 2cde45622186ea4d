import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from gongkai.agencies.models import Agency, StaffMembership
from gongkai.audit.models import AuditEvent
from gongkai.reports.demo import DEMO_ADMIN, DEMO_STAFF
from gongkai.reports.models import PublishedReport

TABLES = ("proactive", "requests", "appeals")


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def state():
    return (
        Agency.objects.count(),
        get_user_model().objects.count(),
        StaffMembership.objects.count(),
        PublishedReport.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_imports_the_2023_report(reference_expected):
    first = run("load_demo")
    after_first = state()
    second = run("load_demo")
    # one agency; clerk, reviewer, the records clerk and the admin; the 2023 report; the audit trail of
    # creating them and of the demo records (publishing, registering and answering requests)
    assert state() == after_first == (1, 4, 3, 1, 16)
    published = PublishedReport.objects.get(agency__code="jiyuan-hrss", year=2023)
    for table in TABLES:
        assert published.content[table] == reference_expected[table]
    agency = published.agency
    assert (agency.name, agency.level, agency.region) == ("济源示范区人力资源和社会保障局", "department", "济源示范区")
    for output in (first, second):
        assert "http://127.0.0.1:8000/office/login/" in output
        assert "http://127.0.0.1:8000/admin/" in output
        for username, password in (DEMO_STAFF, DEMO_ADMIN):
            assert username in output and password in output
    assert "已存在，未改动" in second


@pytest.mark.django_db
def test_demo_logins_work(client):
    run("load_demo")
    users = get_user_model().objects
    staff = users.get(username=DEMO_STAFF[0])
    admin = users.get(username=DEMO_ADMIN[0])
    assert staff.check_password(DEMO_STAFF[1]) and staff.staff_membership.agency.code == "jiyuan-hrss"
    assert admin.is_superuser and admin.check_password(DEMO_ADMIN[1])
    assert client.login(username=DEMO_ADMIN[0], password=DEMO_ADMIN[1])
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_load_demo_is_refused_where_demo_data_is_not_allowed(settings):
    settings.GONGKAI_ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="不允许载入演示数据"):
        run("load_demo")
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_import_report_command(agency, tmp_path, reference_bytes):
    path = tmp_path / "report.txt"
    path.write_bytes(reference_bytes)
    output = run("import_report", str(path), agency="jiyuan-hrss", year=2023)
    assert "已导入" in output and "0 个错误" in output
    published = PublishedReport.objects.get(agency=agency, year=2023)
    assert published.imported_by is None
    with pytest.raises(CommandError, match="--replace"):
        run("import_report", str(path), agency="jiyuan-hrss", year=2023)
    run("import_report", str(path), "--replace", agency="jiyuan-hrss", year=2023)
    assert AuditEvent.objects.filter(code="report.replaced").count() == 1


@pytest.mark.django_db
def test_import_report_command_errors_are_clear(agency, tmp_path, reference_bytes):
    path = tmp_path / "report.txt"
    path.write_bytes(reference_bytes)
    with pytest.raises(CommandError, match="没有代码为“nobody”的机关"):
        run("import_report", str(path), agency="nobody", year=2023)
    with pytest.raises(CommandError, match="找不到文件"):
        run("import_report", str(tmp_path / "missing.pdf"), agency="jiyuan-hrss", year=2023)
    with pytest.raises(CommandError, match="不一致"):
        run("import_report", str(path), agency="jiyuan-hrss", year=2021)
