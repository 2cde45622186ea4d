"""Public pages: home, the report page, downloads in every format, 404s."""

import io
import json
import re
import zipfile

import pytest

from gongkai.annual_report.render import RENDERERS

REPORT_URL = "/agencies/jiyuan-hrss/reports/2023/"


@pytest.mark.django_db
def test_home_lists_agencies_and_their_reports(client, published, other_agency, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "政府信息公开工作系统" in html
    assert "济源示范区人力资源和社会保障局" in html and "淮安市人民政府" in html
    assert REPORT_URL in html
    assert "尚无已公开的年度报告" in html


@pytest.mark.django_db
def test_the_report_page_shows_the_report_findings_and_every_download(client, published):
    response = client.get(REPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "gk-annual-report" in html  # the core's HTML fragment
    assert "未发现问题" in html
    for name in RENDERERS:
        assert f"{REPORT_URL}download/{name}/" in html
    assert f"{REPORT_URL}original/" in html
    # nothing is loaded from another site: no CDN
    assert not re.findall(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", html)


@pytest.mark.django_db
def test_the_agency_page(client, published):
    response = client.get("/agencies/jiyuan-hrss/")
    assert response.status_code == 200
    assert REPORT_URL in response.content.decode()


def _kind_is_right(name: str, body: bytes, report_json: dict) -> None:
    if name == "docx":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert "word/document.xml" in archive.namelist()
    elif name == "xlsx":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            assert "xl/workbook.xml" in archive.namelist()
    elif name == "pdf":
        assert body.startswith(b"%PDF")
    elif name == "json":
        data = json.loads(body)
        for table in ("proactive", "requests", "appeals"):
            assert data[table] == report_json[table]
    elif name == "html":
        text = body.decode("utf-8")
        assert text.lstrip().lower().startswith("<!doctype html") and "</html>" in text
    else:
        text = body.decode("utf-8")
        assert "2023" in text


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(RENDERERS))
def test_download_every_format(client, published, reference_expected, name):
    _module, _function, media_type, suffix = RENDERERS[name]
    response = client.get(f"{REPORT_URL}download/{name}/")
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert response["Content-Disposition"] == f'attachment; filename="jiyuan-hrss-2023{suffix}"'
    _kind_is_right(name, response.content, reference_expected)


@pytest.mark.django_db
def test_download_the_original(client, published, reference_bytes):
    response = client.get(f"{REPORT_URL}original/")
    assert response.status_code == 200
    assert response.content == reference_bytes
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == 'attachment; filename="jiyuan-hrss-2023-original.txt"'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/agencies/nobody/reports/2023/", "没有找到这个机关"),
        ("/agencies/jiyuan-hrss/reports/2022/", "没有 2022 年度的已公开报告"),
        ("/agencies/jiyuan-hrss/reports/2022/download/pdf/", "没有 2022 年度的已公开报告"),
        ("/agencies/jiyuan-hrss/reports/2023/download/exe/", "不支持下载为这种格式"),
        ("/agencies/nobody/", "没有找到这个机关"),
        ("/no/such/page/", "页面不存在"),
    ],
)
def test_not_found_pages_are_chinese(client, published, url, message):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert message in html
    assert "页面不存在" in html


@pytest.mark.django_db
def test_admin_is_for_superusers(client, superuser, clerk):
    client.force_login(clerk)
    assert client.get("/admin/").status_code == 302
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "已公开年度报告" in response.content.decode()
    assert client.get("/admin/reports/publishedreport/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/agencies/agency/").status_code == 200


@pytest.mark.django_db
def test_the_report_is_checked_against_the_previous_year(client, published, clerk, reference_bytes):
    """With the agency's 2022 report present, the cross-year rules run (and find the mismatch we plant)."""
    import json as _json

    from gongkai.annual_report import parse_bytes
    from gongkai.annual_report.render.json import report_to_dict
    from gongkai.reports.services import report_import

    previous = report_to_dict(parse_bytes(reference_bytes, "r.txt"))
    previous["year"] = 2022
    previous["requests"]["carried_out"] = dict.fromkeys(previous["requests"]["carried_out"], 0)
    previous["requests"]["carried_out"]["natural_person"] = 1  # 2023 says 0 were carried in
    previous["requests"]["carried_out"]["total"] = 1
    data = _json.dumps(previous, ensure_ascii=False).encode()
    report_import(actor=clerk, agency=published.agency, year=2022, data=data, filename="2022.json")
    response = client.get(REPORT_URL)
    html = response.content.decode()
    assert "X.carry_over" in html
    assert "跨年度核对已与本机关 2022 年度报告比对" in html
    assert "X.carry_over" not in {f.rule for f in response.context["findings"].not_checked}
