"""Numbering, issuing and the templates an agency uploads (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from docx import Document

from gongkai.agencies.models import Agency
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.letters.context import sample_context
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import AppendOnlyError, IssuedLetter, LetterSequence, LetterTemplate
from gongkai.letters.render import default_template_bytes, docx_text
from gongkai.letters.selectors import letter_number_prefix, letter_template_for, letter_templates_of, letters_of
from gongkai.letters.services import (
    letter_issue,
    letter_number_next,
    letter_settings_update,
    letter_template_deactivate,
    letter_template_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(agency, make_staff):
    return make_staff(agency, "head", role="head")


def _edited(kind: str, old: str, new: str) -> bytes:
    """The default template of ``kind`` with ``old`` replaced by ``new`` — an agency's edit in Word."""
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


def _issue(agency, kind=LetterKind.REPLY, outcome="granted", actor=None, **changes):
    context = {**sample_context(kind, outcome), **changes}
    return letter_issue(actor=actor, agency=agency, kind=kind, context=context, reference="A-1")


# -- numbering ---------------------------------------------------------------------------------------


def test_numbers_run_per_agency_year_and_kind(agency, other_agency):
    letter_settings_update(actor=None, agency=agency, number_prefix="济人社公开")
    texts = [letter_number_next(agency=agency, year=2023, kind=LetterKind.REPLY).text for _ in range(3)]
    assert texts == ["济人社公开〔2023〕第1号", "济人社公开〔2023〕第2号", "济人社公开〔2023〕第3号"]
    assert letter_number_next(agency=agency, year=2023, kind=LetterKind.SUPPLEMENT).text == "济人社公开补〔2023〕第1号"
    assert letter_number_next(agency=agency, year=2024, kind=LetterKind.REPLY).text == "济人社公开〔2024〕第1号"
    assert letter_number_next(agency=other_agency, year=2023, kind=LetterKind.REPLY).sequence_number == 1


def test_default_prefix_comes_from_the_short_name(make_agency):
    short = make_agency(code="jy-hrss", name="济源示范区人力资源和社会保障局", short_name="济源人社局")
    assert letter_number_prefix(short) == "济源人社局公开"


def test_a_bad_context_takes_no_number(agency):
    with pytest.raises(ApplicationError, match="理由"):
        _issue(agency, outcome="refused.state_secret", reasons="")
    assert not LetterSequence.objects.filter(agency=agency).exists()
    _issue(agency)
    assert IssuedLetter.objects.get().sequence_number == 1


def test_a_rolled_back_letter_gives_its_number_back(agency):
    with pytest.raises(RuntimeError), transaction.atomic():
        _issue(agency)
        raise RuntimeError("the caller's step failed after the letter")
    assert _issue(agency).sequence_number == 1


def _thread_database(tmp_path):
    """The settings the threads connect with.

    PostgreSQL: the test database itself. SQLite: the test database is in memory with a shared
    cache, where a second writer gets "database table is locked" at once instead of waiting; the
    threads use a file database with the project's SQLite options (WAL, busy timeout, IMMEDIATE
    transactions), as a deployment does, migrated here.
    """
    if connection.vendor != "sqlite":
        return None
    return {**connection.settings_dict, "NAME": str(tmp_path / "threads.sqlite3")}


def _in_thread(settings_dict, work):
    """Run ``work()`` in a new thread with its own connection; return its result or raise its error."""
    box: dict[str, object] = {}

    def run():
        try:
            if settings_dict is not None:
                from django.db.backends.sqlite3.base import DatabaseWrapper

                connections["default"] = DatabaseWrapper(dict(settings_dict), "default")
            box["result"] = work()
        except BaseException as error:
            box["error"] = error
        finally:
            connections["default"].close()

    thread = threading.Thread(target=run)
    return thread, box


@pytest.mark.django_db(transaction=True)
def test_numbers_are_gap_free_under_two_threads(agency, tmp_path):
    settings_dict = _thread_database(tmp_path)
    if settings_dict is not None:

        def prepare():
            call_command("migrate", verbosity=0)
            return Agency.objects.create(code=agency.code, name=agency.name)

        thread, box = _in_thread(settings_dict, prepare)
        thread.start()
        thread.join()
        assert "error" not in box, box
        target = box["result"]
    else:
        target = agency
    per_thread = 8
    barrier = threading.Barrier(2)

    def issue_many():
        barrier.wait()
        return [_issue(target).sequence_number for _ in range(per_thread)]

    workers = [_in_thread(settings_dict, issue_many) for _ in range(2)]
    for thread, _box in workers:
        thread.start()
    for thread, _box in workers:
        thread.join()
    errors = [box["error"] for _thread, box in workers if "error" in box]
    assert not errors, errors
    got = sorted(n for _thread, box in workers for n in box["result"])
    assert got == list(range(1, 2 * per_thread + 1))

    def stored():
        return list(IssuedLetter.objects.filter(agency=target).values_list("sequence_number", "number"))

    thread, box = _in_thread(settings_dict, stored)
    thread.start()
    thread.join()
    rows = box["result"]
    assert sorted(n for n, _number in rows) == got and len({number for _n, number in rows}) == len(got)


# -- issuing -----------------------------------------------------------------------------------------


def test_issue_stores_the_letter_its_hash_and_an_audit_event(agency, clerk):
    letter = _issue(agency, actor=clerk, outcome="refused.third_party_rights")
    data = letter.file.read()
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    text = docx_text(data)
    assert letter.number in text and "第十五条" in text and "60日内" in text
    assert letter.issued_by == clerk and letter.outcome == "refused.third_party_rights"
    assert letter.context["received_date"] == "2023-09-28" and letter.letter_date == date(2023, 10, 9)
    event = AuditEvent.objects.get(code="letter.issued")
    assert event.data["number"] == letter.number and event.target_id == str(letter.pk)
    assert "张三" not in event.summary  # the applicant's name stays out of the audit trail
    assert list(letters_of(agency, kind=LetterKind.REPLY, reference="A-1")) == [letter]


def test_issued_letters_are_append_only(agency):
    letter = _issue(agency)
    with pytest.raises(AppendOnlyError):
        letter.save()
    with pytest.raises(AppendOnlyError):
        letter.delete()
    with pytest.raises(AppendOnlyError):
        IssuedLetter.objects.filter(pk=letter.pk).update(reference="x")


def test_staff_of_another_agency_cannot_issue(agency, other_clerk):
    with pytest.raises(PermissionDenied):
        _issue(agency, actor=other_clerk)


# -- templates ---------------------------------------------------------------------------------------


def test_an_agency_template_overrides_the_default_for_that_agency_only(agency, other_agency, head):
    edited = _edited(LetterKind.REPLY, "特此告知。", "特此告知，感谢您对本机关工作的关注。")
    template = letter_template_upload(
        actor=head, agency=agency, kind=LetterKind.REPLY, data=edited, filename="答复.docx"
    )
    assert letter_template_for(agency, LetterKind.REPLY, "granted") == template
    assert letter_template_for(other_agency, LetterKind.REPLY, "granted") is None
    ours = docx_text(_issue(agency).file.read())
    theirs = docx_text(_issue(other_agency).file.read())
    assert "感谢您对本机关工作的关注" in ours and "感谢您对本机关工作的关注" not in theirs
    assert IssuedLetter.objects.get(agency=agency).template == template
    assert AuditEvent.objects.filter(code="letter_template.uploaded", agency=agency).count() == 1

    letter_template_deactivate(actor=head, template=template)
    assert letter_template_for(agency, LetterKind.REPLY, "granted") is None


def test_an_outcome_template_wins_over_the_general_one(agency, head):
    general = letter_template_upload(
        actor=head, agency=agency, kind=LetterKind.REPLY, data=_edited(LetterKind.REPLY, "特此告知。", "特此告知！")
    )
    special = letter_template_upload(
        actor=head,
        agency=agency,
        kind=LetterKind.REPLY,
        outcome="granted",
        data=_edited(LetterKind.REPLY, "经审查，现答复如下：", "经审查，同意公开，答复如下："),
    )
    assert letter_template_for(agency, LetterKind.REPLY, "granted") == special
    assert letter_template_for(agency, LetterKind.REPLY, "unavailable.not_held") == general


def test_a_new_upload_replaces_the_active_one(agency, head):
    first = letter_template_upload(
        actor=head, agency=agency, kind=LetterKind.FEE, data=_edited(LetterKind.FEE, "特此通知。", "此致。")
    )
    second = letter_template_upload(
        actor=head, agency=agency, kind=LetterKind.FEE, data=_edited(LetterKind.FEE, "特此通知。", "特此通知！")
    )
    first.refresh_from_db()
    assert not first.active and second.active
    assert list(letter_templates_of(agency)) == [second]


def test_a_system_default_uploaded_by_an_administrator_applies_to_every_agency(agency, other_agency, superuser):
    default = letter_template_upload(
        actor=superuser,
        agency=None,
        kind=LetterKind.RECEIPT,
        data=_edited(LetterKind.RECEIPT, "特此回执。", "特此回执，请妥善保管。"),
    )
    assert letter_template_for(agency, LetterKind.RECEIPT) == default == letter_template_for(other_agency, "receipt")


def test_a_file_that_is_not_a_docx_is_refused(agency, head):
    with pytest.raises(ApplicationError, match=r"必须是 Word（\.docx）文件"):
        letter_template_upload(
            actor=head, agency=agency, kind=LetterKind.REPLY, data="不是模板".encode(), filename="a.docx"
        )
    with pytest.raises(ApplicationError, match=r"必须是 Word（\.docx）文件"):
        letter_template_upload(
            actor=head, agency=agency, kind=LetterKind.REPLY, data=b"%PDF-1.4 broken", filename="a.pdf"
        )
    assert not LetterTemplate.objects.exists()


def test_a_template_with_an_unknown_variable_is_refused_naming_it(agency, head):
    bad = _edited(LetterKind.REPLY, "{{ applicant_name }}：", "{{ applicant_name }}（{{ applicant_id_number }}）：")
    with pytest.raises(ApplicationError, match="未定义的变量“applicant_id_number”"):
        letter_template_upload(actor=head, agency=agency, kind=LetterKind.REPLY, data=bad)
    assert not LetterTemplate.objects.exists()


def test_a_template_with_a_syntax_error_is_refused(agency, head):
    bad = _edited(LetterKind.RECEIPT, "特此回执。", "特此回执{% if %}。")
    with pytest.raises(ApplicationError, match="语法错误"):
        letter_template_upload(actor=head, agency=agency, kind=LetterKind.RECEIPT, data=bad)


def test_a_reply_template_without_the_remedy_is_refused(agency, head):
    bad = _edited(LetterKind.REPLY, "{{ remedy }}", "如有疑问请来电。")
    with pytest.raises(ApplicationError, match="申请复议、提起诉讼"):
        letter_template_upload(actor=head, agency=agency, kind=LetterKind.REPLY, data=bad)


def test_a_template_without_the_letter_number_is_refused(agency, head):
    bad = _edited(LetterKind.EXTENSION, "{{ letter_number }}", "")
    with pytest.raises(ApplicationError, match="文号"):
        letter_template_upload(actor=head, agency=agency, kind=LetterKind.EXTENSION, data=bad)


def test_clerks_and_other_agencies_may_not_change_templates(agency, other_agency, clerk, head, make_staff):
    data = default_template_bytes(LetterKind.REPLY)
    with pytest.raises(PermissionDenied, match="审核人或负责人"):
        letter_template_upload(actor=clerk, agency=agency, kind=LetterKind.REPLY, data=data)
    with pytest.raises(PermissionDenied):
        letter_template_upload(actor=head, agency=other_agency, kind=LetterKind.REPLY, data=data)
    with pytest.raises(PermissionDenied, match="系统管理员"):
        letter_template_upload(actor=head, agency=None, kind=LetterKind.REPLY, data=data)
    with pytest.raises(PermissionDenied):
        letter_settings_update(actor=clerk, agency=agency, number_prefix="济人社公开")


def test_outcome_templates_only_for_replies(agency, head):
    with pytest.raises(ApplicationError, match="办理结果"):
        letter_template_upload(
            actor=head, agency=agency, kind=LetterKind.FEE, outcome="granted", data=default_template_bytes("fee")
        )


@pytest.mark.parametrize("prefix", ["", "济人社公开〔2023〕", "济人社公开第1号"])
def test_bad_prefixes_are_refused(agency, prefix):
    with pytest.raises(ApplicationError, match="文号前缀"):
        letter_settings_update(actor=None, agency=agency, number_prefix=prefix)
