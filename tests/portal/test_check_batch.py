"""The check page with several files or a ZIP: findings per report, cells highlighted, downloads."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.annual_report import CURRENT, parse_bytes, render

CHECK_URL = "/check/"
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
HONGZE_2023 = (CORPUS / "hongze-2023.txt").read_bytes()  # table 四 wrong as published
HONGZE_2024 = (CORPUS / "hongze-2024.txt").read_bytes()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def post_files(client, files: dict[str, bytes]):
    return client.post(CHECK_URL, {"file": [upload(name, data) for name, data in files.items()]})


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def token_of(html: str) -> str:
    return re.search(r'name="results" value="([^"]+)"', html).group(1)


@pytest.mark.django_db
def test_the_form_takes_several_files(client):
    html = client.get(CHECK_URL).content.decode()
    assert re.search(r'<input type="file"[^>]*\bmultiple\b', html)
    assert "ZIP" in html


@pytest.mark.django_db
def test_two_years_of_one_agency_are_checked_together(client):
    response = post_files(client, {"2024.txt": HONGZE_2024, "2023.txt": HONGZE_2023})
    html = response.content.decode()
    assert response.status_code == 200
    first, second = response.context["checked"]
    assert (first.name, second.name) == ("2024.txt", "2023.txt")
    assert first.result.previous == "2023.txt"  # cross-year rules ran
    assert "已与上一年度报告（2023.txt）对照" in html
    assert second.findings.error_count == 2 and first.findings.error_count == 0
    assert html.count('class="gk-annual-report"') == 2
    assert 'id="report-1"' in html and 'id="report-2"' in html


@pytest.mark.django_db
def test_the_cell_of_a_finding_is_highlighted_and_linked(client):
    response = post_files(client, {"2023.txt": HONGZE_2023, "2024.txt": HONGZE_2024})
    html = response.content.decode()
    cell = re.search(
        r'<td class="gk-ar-figure gk-flag gk-flag-error"[^>]*data-key="appeals.reconsideration.total"[^>]*>', html
    )
    assert cell, "the wrong total of table 四 is highlighted"
    cell_id = re.search(r'id="([^"]+)"', cell.group(0)).group(1)
    assert f'href="#{cell_id}"' in html
    assert 'data-rules="T4.group_sum"' in cell.group(0)
    # Only the cells a finding names are highlighted: two wrong totals in 2023, none in 2024.
    assert html.count("gk-flag-error") - html.count(".gk-flag-error") == 2


@pytest.mark.django_db
def test_a_row_finding_highlights_the_whole_row(client, reference_bytes):
    report = parse_bytes(reference_bytes, "r.txt")
    key = "requests.new.total"
    wrong = report.with_cells({key: report.value(key) + 1})
    response = post_files(client, {"wrong.json": render(wrong, "json")})
    html = response.content.decode()
    flagged = set(re.findall(r'gk-flag gk-flag-error"[^>]*data-key="([^"]+)"', html))
    assert key in flagged
    rule_keys = {f.rule for f in response.context["findings"].problems}
    assert "T3.column_sum" in rule_keys


@pytest.mark.django_db
def test_a_zip_of_reports_with_junk_inside(client):
    archive = zip_of(
        {
            "洪泽/2023.txt": HONGZE_2023,
            "洪泽/2024.txt": HONGZE_2024,
            "说明.txt": "这是一份说明，不是年度报告。".encode(),
            "picture.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        }
    )
    response = post_files(client, {"region.zip": archive})
    html = response.content.decode()
    assert response.status_code == 200
    checked = response.context["checked"]
    assert [c.name for c in checked] == [
        "region.zip!洪泽/2023.txt",
        "region.zip!洪泽/2024.txt",
        "region.zip!说明.txt",
        "region.zip!picture.png",
    ]
    assert [c.readable for c in checked] == [True, True, False, False]
    assert 'role="alert"' in html
    assert "无法读取这份年度报告" in html and "不支持的文件类型" in html


@pytest.mark.django_db
def test_a_zip_bomb_is_a_message_not_a_500(client):
    bomb = zip_of({"zeros.txt": b"0" * (8 * 1024 * 1024), "report.txt": HONGZE_2024})
    response = post_files(client, {"bomb.zip": bomb})
    html = response.content.decode()
    assert response.status_code == 200
    assert "压缩炸弹" in html
    assert [c.readable for c in response.context["checked"]] == [False, True]


@pytest.mark.django_db
def test_a_zip_of_nothing_readable_is_a_400_with_reasons(client):
    response = post_files(client, {"x.zip": zip_of({"a.txt": b"\x00\x01" * 50, "b.html": b"<html><p>hi</p></html>"})})
    assert response.status_code == 400
    assert response.content.decode().count("<strong>x.zip!") == 2


@pytest.mark.django_db
def test_an_empty_file_among_good_ones(client):
    response = post_files(client, {"empty.txt": b"", "2024.txt": HONGZE_2024})
    html = response.content.decode()
    assert response.status_code == 200
    assert "empty.txt" in html and "空" in html


@pytest.mark.django_db
def test_too_many_bytes_together_are_refused(client, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 30_000  # each file is below it, the four together are not
    files = {f"{name}.txt": HONGZE_2024 for name in "abcd"}
    response = post_files(client, files)
    assert response.status_code == 400
    assert response.context.get("checked") is None
    assert "文件过大" in response.content.decode()


@pytest.mark.django_db
def test_downloads_from_the_signed_results(client):
    response = post_files(client, {"2023.txt": HONGZE_2023, "junk.txt": b"\x00" * 10})
    token = token_of(response.content.decode())

    xlsx = client.post(CHECK_URL, {"results": token, "download": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = list(book["报告汇总"].values)
    assert [row[0] for row in summary[1:]] == ["2023.txt", "junk.txt"]
    findings = list(book["问题明细"].values)
    assert sum(1 for row in findings if row[3] == "T4.group_sum") == 2

    summary_csv = client.post(CHECK_URL, {"results": token, "download": "summary_csv"})
    rows = list(csv.reader(io.StringIO(summary_csv.content.decode("utf-8-sig"))))
    assert rows[0][0] == "文件" and [r[1] for r in rows[1:]] == ["有错误", "无法读取"]
    findings_csv = client.post(CHECK_URL, {"results": token, "download": "findings_csv"})
    assert "T4.group_sum" in findings_csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_tampered_token_is_refused(client):
    response = post_files(client, {"2023.txt": HONGZE_2023})
    token = token_of(response.content.decode())
    bad = client.post(CHECK_URL, {"results": token[:-2] + "xx", "download": "xlsx"})
    assert bad.status_code == 400
    assert "已过期或无效" in bad.content.decode()
    assert client.post(CHECK_URL, {"results": token, "download": "exe"}).status_code == 404


@pytest.mark.django_db
def test_nothing_is_kept_on_the_server(client):
    from django.contrib.sessions.models import Session
    from django.core.files.storage import default_storage

    def stored(path=""):
        directories, files = default_storage.listdir(path)
        return {f"{path}/{f}" for f in files} | {x for d in directories for x in stored(f"{path}/{d}".lstrip("/"))}

    before = stored()
    post_files(client, {"2023.txt": HONGZE_2023, "2024.txt": HONGZE_2024})
    assert stored() == before
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_labels_on_the_page_come_from_the_format(client):
    response = post_files(client, {"2023.txt": HONGZE_2023})
    html = response.content.decode()
    group = CURRENT.table("appeals").row("reconsideration")
    assert group.full_label in html or group.label in html
