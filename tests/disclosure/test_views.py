"""Office pages: the agency wall on every view, and the workflow through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from tests.conftest import PASSWORD  # noqa: F401 - the fixtures' password

from gongkai.disclosure import services
from gongkai.disclosure.models import (
    LICENSING,
    PROACTIVE,
    AdministrativeDecision,
    Document,
    DocumentStatus,
    FeeIncome,
    NewMediaAccount,
    NormativeDocument,
)
from gongkai.disclosure.urls_office import urlpatterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(agency, make_staff):
    return make_staff(agency, "reviewer", role="reviewer")


@pytest.fixture
def document(agency, clerk):
    columns = {c.code: c for c in services.catalogue_ensure_defaults(actor=clerk, agency=agency)}
    return services.document_create(
        actor=clerk, agency=agency, column=columns["policies"], title="养老保险通知", written_on=dt.date(2024, 3, 1)
    )


@pytest.fixture
def normative(agency, clerk):
    return services.normative_register(
        actor=clerk, agency=agency, kind="normative_documents", title="规定", issued_on=dt.date(2020, 1, 1)
    )


def all_urls(agency, document, normative):
    urls = []
    for pattern in urlpatterns:
        kwargs = {"agency_code": agency.code}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = normative.pk if "normative" in pattern.name else document.pk
        urls.append((pattern.name, reverse(f"disclosure_office:{pattern.name}", kwargs=kwargs)))
    return urls


def test_every_office_view_is_behind_the_agency_wall(client, agency, document, normative, other_clerk):
    urls = all_urls(agency, document, normative)
    assert len(urls) == len(urlpatterns) >= 17
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/office/login/" in response["Location"], name
    client.force_login(other_clerk)
    for name, url in urls:
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"title": "x", "reason": "x"}).status_code == 403, name
    assert Document.objects.count() == 1 and Document.objects.get().title == "养老保险通知"


def test_unknown_agency_or_document_is_404(clerk_client, agency, document):
    assert clerk_client.get("/office/disclosure/no-such-agency/").status_code == 404
    url = reverse("disclosure_office:document_detail", kwargs={"agency_code": agency.code, "pk": 999999})
    assert clerk_client.get(url).status_code == 404


def test_every_page_renders_for_staff(clerk_client, agency, document, normative):
    for name, url in all_urls(agency, document, normative):
        response = clerk_client.get(url)
        if name in (
            "document_submit",
            "document_review",
            "document_publish",
            "document_withdraw",
            "attachment_upload",
            "normative_repeal",
        ):
            assert response.status_code == 405, name
        elif name == "document_correct":
            assert response.status_code == 200, name
        else:
            assert response.status_code == 200, name
            assert "主动公开" in response.content.decode()


def test_draft_review_publish_through_the_pages(client, agency, clerk, reviewer):
    client.force_login(clerk)
    services.catalogue_ensure_defaults(actor=clerk, agency=agency)
    column = agency.catalogue_columns.get(code="policies")
    response = client.post(
        reverse("disclosure_office:document_create", args=[agency.code]),
        {
            "column": column.pk,
            "title": "关于做好就业见习工作的通知",
            "body": '<p onclick="x()">就业<script>alert(1)</script></p>',
            "written_on": "2024-03-01",
            "validity": "valid",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.body == "<p>就业</p>"
    detail = reverse("disclosure_office:document_detail", args=[agency.code, document.pk])
    assert client.post(reverse("disclosure_office:document_submit", args=[agency.code, document.pk])).status_code == 302
    # The clerk may not review.
    response = client.post(
        reverse("disclosure_office:document_review", args=[agency.code, document.pk]),
        {"conclusion": "approved", "reviewed_on": "2024-03-04"},
    )
    assert response.status_code == 403
    client.force_login(reviewer)
    page = client.get(detail).content.decode()
    assert "保密审查" in page and "<script>alert" not in page
    response = client.post(
        reverse("disclosure_office:document_review", args=[agency.code, document.pk]),
        {"conclusion": "approved", "reviewed_on": "2024-03-04"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("disclosure_office:document_publish", args=[agency.code, document.pk]), {"published_on": "2024-03-05"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED and document.index_number.endswith("/2024-00001")
    page = client.get(detail).content.decode()
    assert "按期" in page  # published within 20 working days of 2024-03-01
    response = client.post(
        reverse("disclosure_office:document_withdraw", args=[agency.code, document.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("disclosure_office:document_withdraw", args=[agency.code, document.pk]), {"reason": "已失效"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN


def test_import_page_shows_the_rejected_rows(clerk_client, agency):
    label = PROACTIVE.row(LICENSING).label
    data = (
        "类别,决定文书号,决定日期,相对人\n"
        f"{label},A-1,2023-01-05,甲公司\n"
        f"{label},A-2,2023-02-30,乙公司\n"
        f"{label},A-1,2023-01-07,丙公司\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("disclosure_office:decision_import", args=[agency.code])
    response = clerk_client.post(url, {"file": SimpleUploadedFile("d.csv", data, "text/csv")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是有效日期" in page and "与第 2 行重复" in page and "未导入任何记录" in page
    assert not AdministrativeDecision.objects.exists()
    good = "\n".join(data.decode().splitlines()[:2]).encode()
    response = clerk_client.post(url, {"file": SimpleUploadedFile("d.csv", good, "text/csv")})
    assert response.status_code == 302
    assert AdministrativeDecision.objects.count() == 1


def test_registers_fees_and_channels_pages_write_through_services(clerk_client, agency, normative):
    base = {"agency_code": agency.code}
    response = clerk_client.post(
        reverse("disclosure_office:normative_repeal", kwargs={**base, "pk": normative.pk}),
        {"repealed_on": "2023-05-01"},
    )
    assert response.status_code == 302
    assert NormativeDocument.objects.get().repealed_on == dt.date(2023, 5, 1)
    response = clerk_client.post(
        reverse("disclosure_office:decision_list", kwargs=base),
        {
            "kind": LICENSING,
            "decision_number": "B-1",
            "decided_on": "2023-04-01",
            "subject": "李四",
            "subject_is_person": "on",
        },
    )
    assert response.status_code == 302
    page = clerk_client.get(reverse("disclosure_office:decision_list", kwargs=base)).content.decode()
    assert "李*" in page
    response = clerk_client.post(
        reverse("disclosure_office:fee_list", kwargs=base),
        {"received_on": "2023-04-01", "amount": "1252600.00", "item": "考务费"},
    )
    assert response.status_code == 302
    assert FeeIncome.objects.get().amount == 1252600
    page = clerk_client.get(reverse("disclosure_office:fee_list", kwargs=base) + "?year=2023").content.decode()
    assert "125.26" in page
    channels = reverse("disclosure_office:channels", kwargs=base)
    assert (
        clerk_client.post(
            channels, {"form": "account", "account-platform": "weibo", "account-name": "人社"}
        ).status_code
        == 302
    )
    account = NewMediaAccount.objects.get()
    response = clerk_client.post(
        channels,
        {"form": "year", "year-account": account.pk, "year-year": 2023, "year-posts": 210, "year-followers": 3393},
    )
    assert response.status_code == 302
    response = clerk_client.post(channels, {"form": "opening", "opening-year": 2023, "opening-visits": 1000000})
    assert response.status_code == 302
    page = clerk_client.get(reverse("disclosure_office:home", kwargs=base) + "?year=2023").content.decode()
    assert "3393" in page and "1000000" in page and "125.26" in page


def test_a_body_stored_behind_the_services_back_is_cleaned_when_shown(clerk_client, agency, document):
    Document.objects.filter(pk=document.pk).update(body='<p onclick="x()">正文</p><script>alert(1)</script>')
    page = clerk_client.get(
        reverse("disclosure_office:document_detail", args=[agency.code, document.pk])
    ).content.decode()
    assert "正文" in page and "<script>alert(1)" not in page and "onclick" not in page
