import hashlib
import json

import pytest
from django.core.files.storage import default_storage

from gongkai.annual_report import parse_bytes
from gongkai.annual_report.render.json import report_to_dict
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.reports.models import PublishedReport
from gongkai.reports.services import ReportExists, report_import

TABLES = ("proactive", "requests", "appeals")


def as_json(data: bytes, **changes) -> bytes:
    content = report_to_dict(parse_bytes(data, "r.txt"))
    content.update(changes)
    return json.dumps(content, ensure_ascii=False).encode("utf-8")


@pytest.mark.django_db
def test_import_stores_the_figures_the_original_and_an_audit_event(agency, clerk, reference_bytes, reference_expected):
    published = report_import(actor=clerk, agency=agency, year=2023, data=reference_bytes, filename="报告.txt")
    published.refresh_from_db()
    for table in TABLES:
        assert published.content[table] == reference_expected[table]
    assert published.format_code == "2021"
    assert published.source_kind == "text"
    assert published.imported_by == clerk
    assert published.original_sha256 == hashlib.sha256(reference_bytes).hexdigest()
    assert published.original_size == len(reference_bytes)
    with published.original.open("rb") as handle:
        assert handle.read() == reference_bytes
    event = AuditEvent.objects.get(code="report.imported", target_id=str(published.pk))
    assert event.actor == clerk
    assert event.agency == agency
    assert event.data["sha256"] == published.original_sha256
    assert event.data["previous"] is None


@pytest.mark.django_db
def test_the_year_in_the_file_must_match(agency, clerk, reference_bytes):
    with pytest.raises(ApplicationError, match="2023 年，与所选的 2022 年不一致") as caught:
        report_import(actor=clerk, agency=agency, year=2022, data=reference_bytes, filename="r.txt")
    assert caught.value.code == "year_mismatch"
    assert not PublishedReport.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="report.").exists()


@pytest.mark.django_db
def test_a_file_without_a_year_takes_the_chosen_year(agency, clerk, reference_bytes):
    data = as_json(reference_bytes, year=None)
    published = report_import(actor=clerk, agency=agency, year=2023, data=data, filename="r.json")
    assert published.content["year"] == 2023
    assert published.source_kind == "json"


@pytest.mark.django_db
def test_the_agency_in_the_file_must_match(agency, clerk, reference_bytes):
    data = as_json(reference_bytes, agency="淮安市人民政府")
    with pytest.raises(ApplicationError, match="淮安市人民政府") as caught:
        report_import(actor=clerk, agency=agency, year=2023, data=data, filename="r.json")
    assert caught.value.code == "agency_mismatch"


@pytest.mark.django_db
def test_agency_wall_staff_of_another_agency_cannot_import(agency, other_clerk, reference_bytes):
    with pytest.raises(PermissionDenied, match="不是“济源示范区人力资源和社会保障局”的工作人员"):
        report_import(actor=other_clerk, agency=agency, year=2023, data=reference_bytes, filename="r.txt")
    assert not PublishedReport.objects.exists()


@pytest.mark.django_db
def test_a_superuser_may_import_for_any_agency(agency, superuser, reference_bytes):
    published = report_import(actor=superuser, agency=agency, year=2023, data=reference_bytes, filename="r.txt")
    assert published.imported_by == superuser


@pytest.mark.django_db
def test_reimport_needs_confirmation_and_replacing_is_audited(
    published, clerk, reference_bytes, django_capture_on_commit_callbacks
):
    old_file = published.original.name
    with pytest.raises(ReportExists, match="如要替换"):
        report_import(actor=clerk, agency=published.agency, year=2023, data=reference_bytes, filename="r.txt")
    data = as_json(reference_bytes)
    with django_capture_on_commit_callbacks(execute=True):
        replaced = report_import(
            actor=clerk, agency=published.agency, year=2023, data=data, filename="r.json", replace=True
        )
    assert replaced.pk == published.pk
    assert PublishedReport.objects.count() == 1
    assert replaced.source_kind == "json"
    event = AuditEvent.objects.get(code="report.replaced")
    assert event.data["previous"]["sha256"] == hashlib.sha256(reference_bytes).hexdigest()
    assert event.data["sha256"] == hashlib.sha256(data).hexdigest()
    assert not default_storage.exists(old_file)
    assert default_storage.exists(replaced.original.name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (bytes(range(256)) * 64, "unsupported"),
        (b"%PDF-1.7\nnot really a pdf", "corrupt"),
        (b"PK\x03\x04broken zip", "corrupt"),
        ("这不是年度报告，只是一段话。".encode(), "unreadable"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_message(agency, clerk, data, code):
    with pytest.raises(ApplicationError) as caught:
        report_import(actor=clerk, agency=agency, year=2023, data=data, filename="r.pdf")
    assert caught.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)
    assert not PublishedReport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1999, 2101, True])
def test_the_year_must_be_plausible(agency, clerk, reference_bytes, year):
    with pytest.raises(ApplicationError, match="年度应为"):
        report_import(actor=clerk, agency=agency, year=year, data=reference_bytes, filename="r.txt")
