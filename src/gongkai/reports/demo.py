"""The demo data: one real agency, its staff, and its real 2023 report.

Used by ``manage.py load_demo``; idempotent (running it twice changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import AgencyLevel, StaffRole
from gongkai.agencies.services import agency_ensure, staff_ensure
from gongkai.applications.demo import load_demo_records as load_application_records
from gongkai.disclosure.demo import load_demo_records as load_disclosure_records

from .models import PublishedReport
from .services import report_import

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEMO_AGENCY = {
    "code": "jiyuan-hrss",
    "name": "济源示范区人力资源和社会保障局",
    "short_name": "济源示范区人社局",
    "level": AgencyLevel.DEPARTMENT,
    "region": "济源示范区",
}
DEMO_REPORT_YEAR = 2023
DEMO_REPORT_FILE = FIXTURES / "jiyuan-hrss-2023.txt"
DEMO_STAFF = ("clerk", "gongkai-clerk-2024")
DEMO_REVIEWER = ("demo-reviewer", "gongkai-reviewer-2024")
DEMO_ADMIN = ("admin", "gongkai-admin-2024")


@dataclass
class DemoResult:
    agency_created: bool
    report_imported: bool
    staff: tuple[str, str]
    reviewer: tuple[str, str]
    admin: tuple[str, str]
    agency_code: str
    report_year: int


def load_demo() -> DemoResult:
    with transaction.atomic():
        agency, agency_created = agency_ensure(actor=None, **DEMO_AGENCY)
        staff_ensure(
            actor=None,
            agency=agency,
            username=DEMO_STAFF[0],
            password=DEMO_STAFF[1],
            role=StaffRole.CLERK,
            first_name="经办人",
            is_staff=False,
        )
        admin_model = get_user_model()
        admin, _ = admin_model.objects.get_or_create(username=DEMO_ADMIN[0])
        admin.is_staff = True
        admin.is_superuser = True
        admin.is_active = True
        admin.set_password(DEMO_ADMIN[1])
        admin.save()

        data = DEMO_REPORT_FILE.read_bytes()
        existing = PublishedReport.objects.filter(agency=agency, year=DEMO_REPORT_YEAR).first()
        imported = False
        if existing is None:
            report_import(actor=None, agency=agency, year=DEMO_REPORT_YEAR, data=data, filename=DEMO_REPORT_FILE.name)
            imported = True

        # The records of the year's work, from which the same report is computed
        # (`gongkai report build --agency jiyuan-hrss --year 2023`).
        load_disclosure_records(agency)
        load_application_records(agency)
        staff_ensure(
            actor=None,
            agency=agency,
            username=DEMO_REVIEWER[0],
            password=DEMO_REVIEWER[1],
            role=StaffRole.REVIEWER,
            first_name="审核人",
            is_staff=False,
        )
    return DemoResult(agency_created, imported, DEMO_STAFF, DEMO_REVIEWER, DEMO_ADMIN, agency.code, DEMO_REPORT_YEAR)
