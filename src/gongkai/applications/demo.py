"""Demo records: the demo agency's 2023 requests, so that table 三 counted from them equals the
one in its published 2023 report (src/gongkai/reports/fixtures/jiyuan-hrss-2023.expected.json):
two requests from natural persons, one written (handed in) and granted, one filed online and
refused to protect a third party's rights after consulting it; both concluded within the deadline.

The people are fictional (``测试``/``示例`` names, made-up numbers with valid check characters).
``load_demo_records(agency)`` is idempotent: running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from gongkai.agencies.models import StaffRole
from gongkai.agencies.services import staff_ensure

from .models import NATURAL_PERSON, Application, Channel, Delivery, FormWanted
from .services import (
    application_confirm_receipt,
    application_consultation_end,
    application_consultation_start,
    application_deliver,
    application_register,
    application_reply,
    application_submit_online,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
GRANTED = "granted"
REFUSED_THIRD_PARTY = "refused.third_party_rights"

WRITTEN = {
    "applicant_type": NATURAL_PERSON,
    "applicant_name": "张测试",
    "id_type": "resident_id",
    "id_number": "419001198805126012",
    "contact_phone": "13900000001",
    "contact_address": "河南省济源市示例路1号（演示地址）",
    "postal_code": "459000",
    "description": "2022年度本市城乡居民基本养老保险基础养老金调整的文件",
    "document_number": "",
    "form_wanted": FormWanted.PAPER,
    "delivery": Delivery.PICKUP,
}
ONLINE = {
    "applicant_type": NATURAL_PERSON,
    "applicant_name": "李示例",
    "id_type": "resident_id",
    "id_number": "419001199203030026",
    "contact_phone": "13900000002",
    "contact_email": "li.shili@example.org",
    "description": "某企业2023年申报稳岗返还时提交的职工花名册",
    "form_wanted": FormWanted.ELECTRONIC,
    "delivery": Delivery.EMAIL,
}


@dataclass
class DemoRecords:
    created: list[str]
    existing: list[str]


def _demo_clerk(agency):
    user, _ = staff_ensure(
        actor=None, agency=agency, username=f"{agency.code}-demo-records", password=None, role=StaffRole.CLERK
    )
    return user


def _online_key(agency) -> str:
    return f"demo-{agency.code}-2023-online"[:64]


def load_demo_records(agency) -> DemoRecords:
    """The demo agency's 2023 applications (idempotent)."""
    created: list[str] = []
    existing: list[str] = []
    with transaction.atomic():
        clerk = _demo_clerk(agency)
        written = Application.objects.filter(
            agency=agency, applicant_name=WRITTEN["applicant_name"], received_on=date(2023, 3, 6)
        ).first()
        if written is None:
            result = application_register(
                actor=clerk,
                agency=agency,
                channel=Channel.IN_PERSON,
                arrived_at=datetime(2023, 3, 6, 9, 30, tzinfo=SHANGHAI),
                **WRITTEN,
            )
            app = result.application
            application_reply(actor=clerk, application=app, outcome=GRANTED, replied_on=date(2023, 3, 20))
            application_deliver(actor=clerk, application=app, delivered_on=date(2023, 3, 20), method=Delivery.PICKUP)
            created.append(app.tracking_number)
        else:
            existing.append(written.tracking_number)

        online = Application.objects.filter(idempotency_key=_online_key(agency)).first()
        if online is None:
            result = application_submit_online(
                agency=agency,
                idempotency_key=_online_key(agency),
                arrived_at=datetime(2023, 9, 18, 20, 15, tzinfo=SHANGHAI),
                **ONLINE,
            )
            app = result.application
            application_confirm_receipt(actor=clerk, application=app, confirmed_on=date(2023, 9, 19))
            application_consultation_start(
                actor=clerk,
                application=app,
                party="third_party",
                consultee="示例科技有限公司（演示）",
                sent_on=date(2023, 9, 22),
                delivered_on=date(2023, 9, 25),
            )
            application_consultation_end(
                actor=clerk,
                application=app,
                ended_on=date(2023, 10, 11),
                replied=True,
                reason="第三方书面回复不同意公开：花名册含职工个人信息",
            )
            application_reply(
                actor=clerk,
                application=app,
                outcome=REFUSED_THIRD_PARTY,
                replied_on=date(2023, 10, 20),
                reason="条例第十五条、第三十二条",
            )
            application_deliver(actor=clerk, application=app, delivered_on=date(2023, 10, 20), method=Delivery.EMAIL)
            created.append(app.tracking_number)
        else:
            existing.append(online.tracking_number)
    return DemoRecords(created, existing)
