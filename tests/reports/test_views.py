"""The office pages: staff login and importing a published report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEvent
from gongkai.reports.models import PublishedReport

IMPORT_URL = "/office/agencies/jiyuan-hrss/reports/import/"


def upload(data: bytes, name: str = "report.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get("/office/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作人员登录" in html and "用户名" in html and "密码" in html
    assert 'lang="zh-hans"' in html


@pytest.mark.django_db
def test_staff_log_in_and_see_their_agency(client, clerk):
    from conftest import PASSWORD

    response = client.post("/office/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/office/"
    home = client.get("/office/").content.decode()
    assert "济源示范区人力资源和社会保障局" in home and IMPORT_URL in home


@pytest.mark.django_db
def test_a_wrong_password_is_refused_in_chinese(client, clerk):
    response = client.post("/office/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名" in response.content.decode() and "密码" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_office_pages_need_a_login(client, agency):
    for url in ("/office/", IMPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/office/login/")


@pytest.mark.django_db
def test_clerk_imports_a_report_of_their_agency(clerk_client, agency, reference_bytes):
    response = clerk_client.post(IMPORT_URL, {"year": 2023, "file": upload(reference_bytes)})
    assert response.status_code == 302
    assert response["Location"] == "/agencies/jiyuan-hrss/reports/2023/"
    assert PublishedReport.objects.filter(agency=agency, year=2023).exists()
    page = clerk_client.get(response["Location"])
    assert "已导入" in page.content.decode()


@pytest.mark.django_db
def test_agency_wall_on_the_import_page(client, agency, other_clerk, reference_bytes):
    client.force_login(other_clerk)
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"year": 2023, "file": upload(reference_bytes)})
    assert response.status_code == 403
    assert "不是“济源示范区人力资源和社会保障局”的工作人员" in response.content.decode()
    assert not PublishedReport.objects.exists()
    home = client.get("/office/").content.decode()
    assert "淮安市人民政府" in home and IMPORT_URL not in home


@pytest.mark.django_db
def test_reimport_asks_for_confirmation_then_replaces(clerk_client, published, reference_bytes):
    response = clerk_client.post(IMPORT_URL, {"year": 2023, "file": upload(reference_bytes)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "如要替换" in html and "请勾选" in html
    assert not AuditEvent.objects.filter(code="report.replaced").exists()
    response = clerk_client.post(IMPORT_URL, {"year": 2023, "file": upload(reference_bytes), "replace": "on"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(code="report.replaced", target_id=str(published.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02junk" * 100, "无法识别的文件内容"),
        (b"PK\x03\x04" + b"\x00" * 200, "已损坏"),
    ],
)
def test_bad_files_on_the_import_page(clerk_client, agency, data, message):
    response = clerk_client.post(IMPORT_URL, {"year": 2023, "file": upload(data, "r.docx")})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_year_is_shown_next_to_the_file(clerk_client, agency, reference_bytes):
    response = clerk_client.post(IMPORT_URL, {"year": 2022, "file": upload(reference_bytes)})
    assert response.status_code == 400
    assert "不一致" in response.content.decode()
