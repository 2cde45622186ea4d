import pytest

from gongkai.reports.selectors import published_report_get, published_report_years, published_reports_for


@pytest.mark.django_db
def test_selectors_find_the_published_report(published, other_agency):
    assert published_report_get(agency_code="jiyuan-hrss", year=2023) == published
    assert published_report_get(agency_code="jiyuan-hrss", year=2022) is None
    assert published_report_get(agency_code="nobody", year=2023) is None
    assert published_report_years(published.agency) == [2023]
    assert published_report_years(other_agency) == []
    assert list(published_reports_for(published.agency)) == [published]
