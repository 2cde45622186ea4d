"""The public "check a report" page, with every kind of bad input."""

import io
import random

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.system_packages import needs_cjk_font

from gongkai.annual_report import CURRENT
from gongkai.annual_report.render import render
from gongkai.reports.models import PublishedReport

CHECK_URL = "/check/"


def post(client, data: bytes, name: str = "report.txt"):
    return client.post(CHECK_URL, {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")})


def label_line(text: str, table: str, row: str) -> str:
    """The printed line of a row in the reference text, found by the format's label."""
    label = CURRENT.table(table).row(row).label
    return next(line for line in text.splitlines() if line.startswith(label))


def assert_clean_error(response, message: str, status: int = 400):
    html = response.content.decode()
    assert response.status_code == status
    assert message in html
    assert "Traceback" not in html
    assert 'role="alert"' in html


@pytest.mark.django_db
def test_the_page_explains_itself_and_has_csrf(client):
    response = client.get(CHECK_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "检查年度报告" in html and "不会保存" in html
    assert "csrfmiddlewaretoken" in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.django_db
def test_posting_without_the_csrf_token_is_refused(reference_bytes):
    client = Client(enforce_csrf_checks=True)
    response = post(client, reference_bytes)
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_good_report_shows_no_problems_and_its_tables(client, reference_bytes):
    from django.core.files.storage import default_storage

    def stored(path=""):
        directories, files = default_storage.listdir(path)
        return {f"{path}/{f}" for f in files} | {x for d in directories for x in stored(f"{path}/{d}".lstrip("/"))}

    before = stored()
    response = post(client, reference_bytes)
    html = response.content.decode()
    assert response.status_code == 200
    assert "未发现问题" in html
    assert "gk-annual-report" in html and "<table" in html
    assert not PublishedReport.objects.exists()  # nothing is stored
    assert stored() == before


@pytest.mark.django_db
def test_a_wrong_total_shows_the_finding_with_its_place(client, reference_bytes):
    text = reference_bytes.decode("utf-8")
    line = label_line(text, "requests", "new")
    cells = line.split("\t")
    last = max(i for i, cell in enumerate(cells) if cell.strip())  # the row ends with a tab
    cells[last] = "3"  # total 3 while the columns add up to 2
    response = post(client, text.replace(line, "\t".join(cells)).encode("utf-8"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "T3.column_sum" in html
    assert "表三" in html
    assert "错误" in html
    findings = response.context["findings"]
    finding = next(f for f in findings.problems if f.rule == "T3.column_sum")
    assert (finding.expected, finding.actual) == ("2", "3")
    assert finding.row == CURRENT.table("requests").row("new").full_label


@pytest.mark.django_db
def test_a_missing_row_is_a_finding(client, reference_bytes):
    text = reference_bytes.decode("utf-8")
    response = post(client, text.replace(label_line(text, "proactive", "coercion") + "\n", "").encode("utf-8"))
    assert response.status_code == 200
    assert "value.missing" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("figure", ["-83", "八十三", "abc"])
def test_negative_or_non_numeric_figures_are_findings(client, reference_bytes, figure):
    text = reference_bytes.decode("utf-8")
    line = label_line(text, "proactive", "licensing")
    response = post(client, text.replace(line, line.replace("83", figure)).encode("utf-8"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "value.range" in html or "value.missing" in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_an_empty_file(client):
    assert_clean_error(post(client, b""), "文件是空的")


@pytest.mark.django_db
def test_no_file_at_all(client):
    assert_clean_error(client.post(CHECK_URL, {}), "请选择要检查的文件")


@pytest.mark.django_db
def test_binary_junk(client):
    junk = random.Random(7).randbytes(64 * 1024)
    assert_clean_error(post(client, junk, "report.pdf"), "无法识别的文件内容")


@pytest.mark.django_db
def test_a_picture_named_like_a_report(client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert_clean_error(post(client, png, "report.docx"), "不支持的文件类型")


@pytest.mark.django_db
def test_a_50_mb_upload_is_refused_before_reading(client):
    big = b"0" * (50 * 1024 * 1024)
    assert_clean_error(post(client, big), "文件过大", status=413)


@pytest.mark.django_db
def test_the_size_limit_is_ours_and_configurable(client, settings, reference_bytes):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 1000
    assert_clean_error(post(client, reference_bytes), "文件过大")


@pytest.mark.django_db
def test_a_corrupt_docx(client):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    whole = buffer.getvalue()
    assert_clean_error(post(client, whole[: len(whole) // 2], "report.docx"), "已损坏")


@pytest.mark.django_db
def test_a_docx_that_is_not_a_report(client):
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("会议通知：明天上午九点开会。")
    document.save(buffer)
    assert_clean_error(post(client, buffer.getvalue(), "report.docx"), "无法读取这份年度报告")


@pytest.mark.django_db
def test_a_text_that_is_not_a_report(client):
    assert_clean_error(post(client, "会议通知：明天上午九点开会。".encode()), "无法读取这份年度报告")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", pytest.param("pdf", marks=needs_cjk_font), "html", "json"])
def test_the_report_in_other_kinds_checks_clean(client, reference_bytes, kind):
    from gongkai.annual_report import parse_bytes

    data = render(parse_bytes(reference_bytes, "r.txt"), kind)
    response = post(client, data, f"report.{kind}")
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    assert "检查结果" in html and "gk-annual-report" in html
    if kind in ("html", "json"):  # lossless kinds read back exactly
        assert response.context["findings"].error_count == 0


@pytest.mark.django_db
def test_get_and_post_only(client):
    assert client.put(CHECK_URL).status_code == 405
