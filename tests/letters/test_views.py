"""The office pages where an agency edits its letter templates (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gongkai.audit.models import AuditEvent
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import LetterTemplate
from gongkai.letters.render import default_template_bytes, docx_text
from gongkai.letters.selectors import letter_template_for
from gongkai.letters.services import letter_template_upload

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def head(agency, make_staff):
    return make_staff(agency, "head", role="head")


@pytest.fixture
def reviewer(agency, make_staff):
    return make_staff(agency, "reviewer", role="reviewer")


def _login(client, user):
    client.force_login(user)
    return client


def _edited(kind: str, old: str, new: str) -> bytes:
    document = Document(io.BytesIO(default_template_bytes(kind)))
    found = False
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if old in run.text:
                run.text = run.text.replace(old, new)
                found = True
    assert found, old
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _file(data: bytes, name: str = "模板.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=DOCX)


def _urls(agency_code: str) -> list[tuple[str, str]]:
    return [
        ("get", reverse("letters:templates", args=[agency_code])),
        ("post", reverse("letters:upload", args=[agency_code])),
        ("post", reverse("letters:revert", args=[agency_code])),
        ("get", reverse("letters:download_in_use", args=[agency_code, "reply"])),
        ("get", reverse("letters:download_default", args=[agency_code, "reply"])),
    ]


# -- the agency wall -----------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(5))
def test_anonymous_users_are_sent_to_login(client, agency, index):
    method, url = _urls(agency.code)[index]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("index", range(5))
def test_staff_of_another_agency_get_403(client, agency, other_agency, make_staff, index):
    _login(client, make_staff(other_agency, "other-head", role="head"))
    method, url = _urls(agency.code)[index]
    data = {"kind": "reply"} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(code__startswith="letter_template.").exists()


@pytest.mark.parametrize("index", range(5))
def test_an_unknown_agency_is_404(client, head, index):
    _login(client, head)
    method, url = _urls("no-such-agency")[index]
    assert getattr(client, method)(url).status_code == 404


# -- the list ------------------------------------------------------------------------------------------


def test_the_list_shows_every_kind_with_the_system_default(client, agency, head):
    response = _login(client, head).get(reverse("letters:templates", args=[agency.code]))
    assert response.status_code == 200
    page = response.content.decode()
    for kind in LetterKind:
        assert f'id="row-{kind.value}"' in page and str(kind.label) in page
    assert "本机关模板" not in page.split("<tbody>")[1].split("</tbody>")[0]
    assert 'id="upload-form"' in page


def test_a_clerk_sees_the_list_but_no_upload_form(client, agency, clerk):
    page = _login(client, clerk).get(reverse("letters:templates", args=[agency.code])).content.decode()
    assert 'id="row-reply"' in page
    assert 'id="upload-form"' not in page and "恢复系统默认模板</button>" not in page


def test_the_list_names_the_agency_template_and_an_outcome_row(client, agency, head):
    letter_template_upload(
        actor=head,
        agency=agency,
        kind=LetterKind.REPLY,
        outcome="unavailable.not_held",
        data=_edited(LetterKind.REPLY, "特此告知。", "特此告知！"),
        filename="不掌握.docx",
    )
    page = _login(client, head).get(reverse("letters:templates", args=[agency.code])).content.decode()
    row = page.split('id="row-reply-unavailablenot_held"')[1].split("</tr>")[0]
    assert "本机关模板" in row and "head" in row and "不掌握.docx" in row
    assert "恢复系统默认模板" in row
    general = page.split('id="row-reply"')[1].split("</tr>")[0]
    assert "系统内置" in general and "恢复系统默认模板" not in general


# -- upload --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["head", "reviewer"])
def test_a_head_or_reviewer_uploads_a_template(client, agency, make_staff, role):
    user = make_staff(agency, role, role=role)
    data = _edited(LetterKind.FEE, "特此通知。", "特此通知，请按时缴费。")
    response = _login(client, user).post(
        reverse("letters:upload", args=[agency.code]), {"kind": "fee", "outcome": "", "file": _file(data)}
    )
    assert response.status_code == 302
    template = letter_template_for(agency, LetterKind.FEE)
    assert template is not None and template.agency == agency and template.uploaded_by == user
    assert AuditEvent.objects.filter(code="letter_template.uploaded", agency=agency).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "已启用新模板" in page
    assert "本机关模板" in page.split('id="row-fee"')[1].split("</tr>")[0]


def test_a_reply_template_for_one_outcome(client, agency, head):
    data = _edited(LetterKind.REPLY, "特此告知。", "特此告知！")
    response = _login(client, head).post(
        reverse("letters:upload", args=[agency.code]),
        {"kind": "reply", "outcome": "granted", "file": _file(data)},
    )
    assert response.status_code == 302
    assert letter_template_for(agency, LetterKind.REPLY, "granted").outcome == "granted"
    assert letter_template_for(agency, LetterKind.REPLY, "unavailable.not_held") is None


def test_a_clerk_may_not_upload(client, agency, clerk):
    response = _login(client, clerk).post(
        reverse("letters:upload", args=[agency.code]),
        {"kind": "reply", "file": _file(default_template_bytes("reply"))},
    )
    assert response.status_code == 403
    assert not LetterTemplate.objects.exists()


def _errors(response) -> str:
    page = response.content.decode()
    return page.split('id="id_file-errors"')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("不是模板".encode(), "必须是 Word（.docx）文件"),
        (b"%PDF-1.4 broken", "必须是 Word（.docx）文件"),
        (
            _edited(LetterKind.REPLY, "{{ applicant_name }}：", "{{ applicant_name }}（{{ applicant_id_number }}）："),
            "未定义的变量“applicant_id_number”",
        ),
        (_edited(LetterKind.REPLY, "{{ remedy }}", "如有疑问请来电。"), "申请复议、提起诉讼"),
        (_edited(LetterKind.REPLY, "{{ letter_number }}", ""), "文号"),
    ],
    ids=["text", "pdf", "unknown-variable", "no-remedy", "no-number"],
)
def test_an_unusable_file_is_refused_beside_the_field(client, agency, head, data, expected):
    response = _login(client, head).post(
        reverse("letters:upload", args=[agency.code]), {"kind": "reply", "file": _file(data)}
    )
    assert response.status_code == 400
    assert expected in _errors(response)
    assert not LetterTemplate.objects.exists()
    assert not AuditEvent.objects.filter(code__startswith="letter_template.").exists()


def test_an_outcome_for_another_kind_is_refused_beside_the_field(client, agency, head):
    response = _login(client, head).post(
        reverse("letters:upload", args=[agency.code]),
        {"kind": "fee", "outcome": "granted", "file": _file(default_template_bytes("fee"))},
    )
    assert response.status_code == 400
    assert "只有答复告知书" in response.content.decode().split('id="id_outcome-errors"')[1]
    assert not LetterTemplate.objects.exists()


def test_a_missing_file_is_refused(client, agency, head):
    response = _login(client, head).post(reverse("letters:upload", args=[agency.code]), {"kind": "reply"})
    assert response.status_code == 400
    assert not LetterTemplate.objects.exists()


# -- revert --------------------------------------------------------------------------------------------


def test_revert_goes_back_to_the_system_default_and_is_audited(client, agency, head):
    own = letter_template_upload(
        actor=head, agency=agency, kind=LetterKind.REPLY, data=_edited(LetterKind.REPLY, "特此告知。", "特此告知！")
    )
    response = _login(client, head).post(
        reverse("letters:revert", args=[agency.code]), {"kind": "reply", "outcome": ""}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert not own.active
    assert letter_template_for(agency, LetterKind.REPLY, "granted") is None
    event = AuditEvent.objects.get(code="letter_template.deactivated", agency=agency)
    assert event.data["revert"] is True and event.data["kind"] == "reply"
    assert "已恢复系统默认模板" in client.get(response["Location"]).content.decode()


def test_revert_of_one_outcome_keeps_the_general_template(client, agency, reviewer):
    general = letter_template_upload(
        actor=reviewer, agency=agency, kind="reply", data=_edited("reply", "特此告知。", "特此告知！")
    )
    letter_template_upload(
        actor=reviewer,
        agency=agency,
        kind="reply",
        outcome="granted",
        data=_edited("reply", "特此告知。", "特此告知。。"),
    )
    _login(client, reviewer).post(
        reverse("letters:revert", args=[agency.code]), {"kind": "reply", "outcome": "granted"}
    )
    assert letter_template_for(agency, "reply", "granted") == general


def test_revert_with_nothing_to_revert_says_so(client, agency, head):
    response = _login(client, head).post(reverse("letters:revert", args=[agency.code]), {"kind": "fee"}, follow=True)
    assert response.status_code == 200
    assert "已在使用系统默认模板" in response.content.decode()
    assert not AuditEvent.objects.filter(code__startswith="letter_template.").exists()


def test_a_clerk_may_not_revert(client, agency, head, clerk):
    own = letter_template_upload(actor=head, agency=agency, kind="fee", data=_edited("fee", "特此通知。", "特此通知！"))
    response = _login(client, clerk).post(reverse("letters:revert", args=[agency.code]), {"kind": "fee"})
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.active


# -- downloads -----------------------------------------------------------------------------------------


def _filename(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment;")
    return unquote(header.split("filename*=utf-8''")[1]) if "filename*=" in header else header.split('"')[1]


def test_downloads_of_the_default_are_docx(client, agency, clerk):
    _login(client, clerk)
    for name in ("letters:download_in_use", "letters:download_default"):
        response = client.get(reverse(name, args=[agency.code, "receipt"]))
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        assert _filename(response) == "登记回执-系统默认模板.docx"
        assert response.content == default_template_bytes("receipt")


def test_the_in_use_download_is_the_agency_template(client, agency, head, clerk):
    data = _edited(LetterKind.REPLY, "特此告知。", "特此告知，谢谢。")
    letter_template_upload(actor=head, agency=agency, kind="reply", outcome="granted", data=data)
    _login(client, clerk)
    url = reverse("letters:download_in_use", args=[agency.code, "reply"]) + "?outcome=granted"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert _filename(response) == "答复告知书-granted-本机关模板.docx"
    assert "特此告知，谢谢。" in docx_text(response.content)
    default = client.get(reverse("letters:download_default", args=[agency.code, "reply"]) + "?outcome=granted")
    assert default.content == default_template_bytes("reply")
    assert _filename(default) == "答复告知书-granted-系统默认模板.docx"


def test_the_default_download_is_the_administrator_upload(client, agency, superuser, clerk):
    data = _edited(LetterKind.RECEIPT, "特此回执。", "特此回执，请妥善保管。")
    letter_template_upload(actor=superuser, agency=None, kind="receipt", data=data)
    _login(client, clerk)
    response = client.get(reverse("letters:download_default", args=[agency.code, "receipt"]))
    assert "请妥善保管" in docx_text(response.content)


@pytest.mark.parametrize(
    "suffix", ["nonsense/default.docx", "fee/default.docx?outcome=granted", "reply/in-use.docx?outcome=x"]
)
def test_unknown_kinds_and_outcomes_are_404(client, agency, clerk, suffix):
    _login(client, clerk)
    assert client.get(f"/office/letters/{agency.code}/{suffix}").status_code == 404


def test_an_administrator_may_upload_for_any_agency(client, agency, superuser):
    data = _edited(LetterKind.EXTENSION, "特此告知。", "特此告知！")
    response = _login(client, superuser).post(
        reverse("letters:upload", args=[agency.code]), {"kind": "extension", "file": _file(data)}
    )
    assert response.status_code == 302
    assert letter_template_for(agency, LetterKind.EXTENSION).agency == agency
