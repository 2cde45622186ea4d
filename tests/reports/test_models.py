import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.reports.models import PublishedReport


@pytest.mark.django_db
def test_one_report_per_agency_and_year(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedReport.objects.create(
            agency=published.agency,
            year=2023,
            format_code="2021",
            content=published.content,
            original="x.txt",
            original_sha256="0" * 64,
            source_kind="text",
            imported_at=timezone.now(),
        )


@pytest.mark.django_db
def test_the_stored_json_reads_back_as_the_same_report(published, reference_bytes):
    from gongkai.annual_report import parse_bytes

    parsed = parse_bytes(reference_bytes, "r.txt")
    assert dict(published.report.table_values("requests")) == dict(parsed.table_values("requests"))
    assert published.report.year == 2023
    assert published.file_stem == "jiyuan-hrss-2023"
    assert str(published) == "济源示范区人力资源和社会保障局 2023"
