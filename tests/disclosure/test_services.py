"""Services of proactive disclosure: the document workflow, registers, channels and visits."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.disclosure import services
from gongkai.disclosure.models import (
    COERCION,
    LICENSING,
    NORMATIVE_DOCUMENTS,
    PENALTY,
    PROACTIVE,
    REGULATIONS,
    Document,
    DocumentRevision,
    DocumentStatus,
    PageView,
    Platform,
    ReviewConclusion,
    RevisionAction,
)
from gongkai.disclosure.selectors import narrative_figure_values, proactive_table_values
from gongkai.disclosure.visits import record_visit
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_5 = D(2024, 3, 5)


@pytest.fixture
def reviewer(agency, make_staff):
    return make_staff(agency, "reviewer", role="reviewer")


@pytest.fixture
def head(agency, make_staff):
    return make_staff(agency, "head", role="head")


@pytest.fixture
def columns(agency, clerk):
    return {c.code: c for c in services.catalogue_ensure_defaults(actor=clerk, agency=agency)}


def draft(clerk, agency, columns, **fields):
    fields.setdefault("title", "关于做好2024年养老保险待遇调整工作的通知")
    fields.setdefault("body", "<p>社保<script>alert(1)</script></p>")
    fields.setdefault("written_on", D(2024, 3, 1))
    return services.document_create(actor=clerk, agency=agency, column=columns["policies"], **fields)


def publish(document, clerk, reviewer, day=MARCH_5):
    services.document_submit(actor=clerk, document=document)
    services.document_review(actor=reviewer, document=document, conclusion=ReviewConclusion.APPROVED, reviewed_on=day)
    return services.document_publish(actor=reviewer, document=document, published_on=day)


def test_default_catalogue_takes_table_labels_from_the_format(agency, clerk, columns):
    assert columns["licensing"].name == PROACTIVE.row(LICENSING).label
    assert columns["penalties"].name == PROACTIVE.row(PENALTY).label
    assert columns["normative-documents"].name == PROACTIVE.row(NORMATIVE_DOCUMENTS).label
    assert len(columns) == 12
    # A second call creates nothing.
    assert len(services.catalogue_ensure_defaults(actor=clerk, agency=agency)) == 12


def test_body_is_cleaned_before_it_is_stored(agency, clerk, columns):
    document = draft(clerk, agency, columns)
    assert Document.objects.get(pk=document.pk).body == "<p>社保</p>"


def test_publication_needs_an_approved_review_by_someone_else(agency, clerk, reviewer, columns):
    document = draft(clerk, agency, columns)
    with pytest.raises(ApplicationError):
        services.document_publish(actor=reviewer, document=document)  # still a draft
    services.document_submit(actor=clerk, document=document)
    with pytest.raises(PermissionDenied):
        services.document_review(actor=clerk, document=document, conclusion=ReviewConclusion.APPROVED)  # a clerk
    with pytest.raises(ApplicationError, match="保密审查"):
        services.document_publish(actor=reviewer, document=document)  # not reviewed yet
    services.document_review(
        actor=reviewer, document=document, conclusion=ReviewConclusion.APPROVED, reviewed_on=D(2024, 3, 4)
    )
    published = services.document_publish(actor=reviewer, document=document, published_on=D(2024, 3, 5))
    assert published.status == DocumentStatus.PUBLISHED
    assert published.index_number == "jiyuan-hrss/2024-00001"
    assert AuditEvent.objects.filter(code="document.published", target_id=str(document.pk)).exists()


def test_the_author_may_not_review_their_own_document(agency, head, columns):
    document = draft(head, agency, columns)
    services.document_submit(actor=head, document=document)
    with pytest.raises(PermissionDenied, match="起草人以外"):
        services.document_review(actor=head, document=document, conclusion=ReviewConclusion.APPROVED)


def test_a_rejected_review_returns_the_document_to_draft(agency, clerk, reviewer, columns):
    document = draft(clerk, agency, columns)
    services.document_submit(actor=clerk, document=document)
    services.document_review(actor=reviewer, document=document, conclusion=ReviewConclusion.REJECTED, note="含敏感信息")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    services.document_submit(actor=clerk, document=document)
    with pytest.raises(ApplicationError):
        services.document_publish(actor=reviewer, document=document)


def test_index_numbers_run_per_agency_and_year_with_the_org_code(
    agency, other_agency, clerk, reviewer, columns, make_staff
):
    services.disclosure_profile_set(actor=clerk, agency=agency, org_code="014314799")
    numbers = []
    for day in (D(2024, 3, 5), D(2024, 3, 6), D(2025, 1, 6)):
        numbers.append(publish(draft(clerk, agency, columns), clerk, reviewer, day).index_number)
    assert numbers == ["014314799/2024-00001", "014314799/2024-00002", "014314799/2025-00001"]
    other_clerk = make_staff(other_agency, "oc")
    other_reviewer = make_staff(other_agency, "or", role="reviewer")
    other_columns = {c.code: c for c in services.catalogue_ensure_defaults(actor=other_clerk, agency=other_agency)}
    other = publish(draft(other_clerk, other_agency, other_columns), other_clerk, other_reviewer)
    assert other.index_number == "huaian-gov/2024-00001"


def test_withdraw_and_correct_keep_the_history(agency, clerk, reviewer, columns):
    document = publish(draft(clerk, agency, columns), clerk, reviewer)
    assert SearchEntry.objects.filter(document_id=document.pk).exists()  # published → searchable
    with pytest.raises(PermissionDenied):
        services.document_correct(actor=clerk, document=document, reason="错字", title="新标题")
    services.document_correct(
        actor=reviewer, document=document, reason="更正错字", title="关于做好养老保险待遇调整工作的通知"
    )
    services.document_withdraw(actor=reviewer, document=document, reason="政策已调整")
    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN
    assert not SearchEntry.objects.filter(document_id=document.pk).exists()  # withdrawn → not found
    revisions = list(document.revisions.order_by("number"))
    assert [r.action for r in revisions] == [
        RevisionAction.CREATED,
        RevisionAction.SUBMITTED,
        RevisionAction.REVIEWED,
        RevisionAction.PUBLISHED,
        RevisionAction.CORRECTED,
        RevisionAction.WITHDRAWN,
    ]
    assert revisions[3].snapshot["title"] == "关于做好2024年养老保险待遇调整工作的通知"
    assert revisions[4].snapshot["title"] == "关于做好养老保险待遇调整工作的通知"
    with pytest.raises(ValidationError):
        revisions[0].save()
    with pytest.raises(ValidationError):
        revisions[0].delete()
    assert DocumentRevision.objects.filter(document=document).count() == 6
    with pytest.raises(ApplicationError):
        services.document_update(actor=clerk, document=document, title="x")


def test_an_interpretation_points_at_a_published_policy(agency, clerk, reviewer, columns):
    policy = draft(clerk, agency, columns)
    interpretation = services.document_create(
        actor=clerk, agency=agency, column=columns["interpretations"], title="政策解读", interprets=policy
    )
    services.document_submit(actor=clerk, document=interpretation)
    services.document_review(actor=reviewer, document=interpretation, conclusion=ReviewConclusion.APPROVED)
    with pytest.raises(ApplicationError, match="尚未发布"):
        services.document_publish(actor=reviewer, document=interpretation)
    publish(policy, clerk, reviewer, day=dt.date.today())
    services.document_publish(actor=reviewer, document=interpretation)
    assert list(policy.interpretations.all()) == [interpretation]


def test_attachments_are_checked_by_content_and_hashed(agency, clerk, columns):
    from docx import Document as WordDocument

    document = draft(clerk, agency, columns)
    buffer = io.BytesIO()
    WordDocument().save(buffer)
    attachment = services.attachment_add(actor=clerk, document=document, data=buffer.getvalue(), filename="表.docx")
    assert attachment.media_type.endswith("wordprocessingml.document")
    import hashlib

    assert attachment.sha256 == hashlib.sha256(buffer.getvalue()).hexdigest()
    assert attachment.file.read() == buffer.getvalue()
    with pytest.raises(ApplicationError):
        services.attachment_add(actor=clerk, document=document, data=b"<html><body>x</body></html>", filename="a.html")
    with pytest.raises(ApplicationError):
        services.attachment_add(
            actor=clerk, document=document, data=b"\x89PNG\r\n\x1a\n" + b"0" * 100, filename="a.docx"
        )


def test_staff_of_another_agency_may_do_nothing(agency, clerk, other_clerk, columns):
    with pytest.raises(PermissionDenied):
        draft(other_clerk, agency, columns)
    with pytest.raises(PermissionDenied):
        services.decision_register(
            actor=other_clerk, agency=agency, kind=LICENSING, decision_number="1", decided_on=D(2024, 1, 1), subject="x"
        )
    with pytest.raises(PermissionDenied):
        services.fee_income_record(actor=other_clerk, agency=agency, received_on=D(2024, 1, 1), amount="1", item="x")


def test_table_two_counts_the_registers(agency, clerk):
    nd = NORMATIVE_DOCUMENTS
    old = services.normative_register(actor=clerk, agency=agency, kind=nd, title="旧", issued_on=D(2020, 5, 1))
    services.normative_register(actor=clerk, agency=agency, kind=nd, title="仍有效", issued_on=D(2021, 5, 1))
    new = services.normative_register(actor=clerk, agency=agency, kind=nd, title="新", issued_on=D(2023, 2, 1))
    services.normative_register(actor=clerk, agency=agency, kind=nd, title="明年", issued_on=D(2024, 2, 1))
    services.normative_register(actor=clerk, agency=agency, kind=REGULATIONS, title="规章", issued_on=D(2023, 7, 1))
    services.normative_amend(actor=clerk, normative=old, amended_on=D(2022, 1, 1))
    services.normative_repeal(actor=clerk, normative=old, repealed_on=D(2023, 2, 1), repealed_by=new)
    with pytest.raises(ApplicationError):
        services.normative_repeal(actor=clerk, normative=old, repealed_on=D(2023, 3, 1))
    for k, (kind, day) in enumerate(
        [(LICENSING, D(2023, 1, 1)), (LICENSING, D(2023, 12, 31)), (LICENSING, D(2024, 1, 1)), (PENALTY, D(2023, 6, 1))]
    ):
        services.decision_register(
            actor=clerk, agency=agency, kind=kind, decision_number=f"N{k}", decided_on=day, subject="某公司"
        )
    with pytest.raises(ApplicationError, match="已经登记过"):
        services.decision_register(
            actor=clerk, agency=agency, kind=PENALTY, decision_number="N0", decided_on=D(2023, 1, 1), subject="x"
        )
    services.fee_income_record(
        actor=clerk, agency=agency, received_on=D(2023, 1, 5), amount="1252599.99", item="考务费"
    )
    services.fee_income_record(
        actor=clerk, agency=agency, received_on=D(2023, 12, 31), amount=Decimal("0.01"), item="考务费"
    )
    services.fee_income_record(actor=clerk, agency=agency, received_on=D(2024, 1, 1), amount="99", item="考务费")
    with pytest.raises(ApplicationError):
        services.fee_income_record(actor=clerk, agency=agency, received_on=D(2023, 1, 5), amount="1.234", item="x")
    values = proactive_table_values(agency, 2023)
    assert values["proactive.normative_documents.issued"] == 1
    assert values["proactive.normative_documents.repealed"] == 1
    assert values["proactive.normative_documents.in_force"] == 2
    assert values["proactive.regulations.issued"] == 1
    assert values["proactive.regulations.in_force"] == 1
    assert values["proactive.licensing.decisions"] == 2
    assert values["proactive.penalty.decisions"] == 1
    assert values[f"proactive.{COERCION}.decisions"] == 0
    assert values["proactive.fees.amount_wan_yuan"] == Decimal("125.26")
    assert str(values["proactive.fees.amount_wan_yuan"]) == "125.26"


def test_channels_and_opening_totals_feed_the_narrative_figures(agency, clerk):
    weibo = services.new_media_account_save(actor=clerk, agency=agency, platform=Platform.WEIBO, name="人社微博")
    wechat = services.new_media_account_save(actor=clerk, agency=agency, platform=Platform.WECHAT, name="人社")
    services.channel_year_record(actor=clerk, account=weibo, year=2023, posts=210, followers=3393)
    services.channel_year_record(actor=clerk, account=wechat, year=2023, posts=100, followers=23777)
    services.channel_year_record(actor=clerk, account=wechat, year=2023, posts=210, followers=23777)  # corrected
    services.website_opening_record(actor=clerk, agency=agency, year=2023, visits=1000)
    PageView.objects.create(date=D(2023, 12, 1), agency=agency, path_group="documents", views=5, unique_visitors=2)
    figures = narrative_figure_values(agency, 2023)
    assert figures["new_media_accounts"] == 2
    assert figures["weibo_posts"] == 210
    assert figures["weibo_followers"] == 3393
    assert figures["wechat_posts"] == 210
    assert figures["wechat_subscribers"] == 23777
    assert figures["website_visits"] == 1005
    with pytest.raises(ApplicationError):
        services.new_media_account_save(actor=clerk, agency=agency, platform=Platform.WEIBO, name="人社微博")


def test_visits_are_counted_without_personal_data(agency):
    factory = RequestFactory()
    ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"

    def visit(ip, agent=ua):
        request = factory.get("/documents/1/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
        return record_visit(request, agency=agency, group="document", day=D(2024, 5, 6))

    assert visit("10.0.0.1")
    assert visit("10.0.0.1")
    assert visit("10.0.0.2")
    assert not visit("10.0.0.3", agent="Googlebot/2.1")
    row = PageView.objects.get(agency=agency, path_group="document", date=D(2024, 5, 6))
    assert (row.views, row.unique_visitors) == (3, 2)
    stored = " ".join(str(v) for v in PageView.objects.values_list())
    assert "10.0.0" not in stored and "Mozilla" not in stored
