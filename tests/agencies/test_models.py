import pytest
from django.db import IntegrityError

from gongkai.agencies.models import Agency


@pytest.mark.django_db
def test_agency_code_is_unique(agency):
    with pytest.raises(IntegrityError):
        Agency.objects.create(code=agency.code, name="另一个")


@pytest.mark.django_db
def test_display_name_prefers_the_short_name(agency):
    assert agency.display_name == agency.name
    agency.short_name = "济源人社局"
    assert agency.display_name == "济源人社局"
    assert str(agency) == agency.name
