"""Fixtures shared by the Django apps' tests.

Imports of Django models stay inside the fixtures: tests/annual_report runs
with no Django at all (``pytest -p no:django``) and must not import them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "src" / "gongkai" / "reports" / "fixtures"
REFERENCE_TEXT = FIXTURES / "jiyuan-hrss-2023.txt"
REFERENCE_EXPECTED = FIXTURES / "jiyuan-hrss-2023.expected.json"
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def reference_bytes() -> bytes:
    return REFERENCE_TEXT.read_bytes()


@pytest.fixture
def reference_expected() -> dict:
    return json.loads(REFERENCE_EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture
def make_agency(db):
    from gongkai.agencies.services import agency_ensure

    def make(code: str = "jiyuan-hrss", name: str = "济源示范区人力资源和社会保障局", **kwargs):
        kwargs.setdefault("region", "济源示范区")
        agency, _ = agency_ensure(actor=None, code=code, name=name, **kwargs)
        return agency

    return make


@pytest.fixture
def agency(make_agency):
    return make_agency()


@pytest.fixture
def other_agency(make_agency):
    return make_agency(code="huaian-gov", name="淮安市人民政府", level="government", region="淮安市")


@pytest.fixture
def make_staff(db):
    from gongkai.agencies.services import staff_ensure

    def make(agency, username: str = "clerk", role: str = "clerk"):
        user, _ = staff_ensure(actor=None, agency=agency, username=username, password=PASSWORD, role=role)
        return user

    return make


@pytest.fixture
def clerk(agency, make_staff):
    return make_staff(agency, "clerk")


@pytest.fixture
def other_clerk(other_agency, make_staff):
    return make_staff(other_agency, "other-clerk")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def published(agency, clerk, reference_bytes):
    from gongkai.reports.services import report_import

    return report_import(actor=clerk, agency=agency, year=2023, data=reference_bytes, filename="jiyuan-hrss-2023.txt")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client
