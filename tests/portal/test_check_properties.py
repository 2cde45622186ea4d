"""Whatever bytes arrive at /check/, the answer is a page, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.uploads import Upload, UploadError, sniff

PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"{", b"<html>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "二、".encode()]


@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048))
@settings(max_examples=200, deadline=None)
def test_sniff_answers_an_upload_or_a_clear_error(prefix, body):
    try:
        upload = sniff(prefix + body, "x", max_bytes=1 << 20)
    except UploadError as error:
        assert error.message and any("\u4e00" <= ch <= "\u9fff" for ch in error.message)
    else:
        assert isinstance(upload, Upload)


@pytest.mark.django_db
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=4096))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_check_page_never_fails(client, prefix, body):
    upload = SimpleUploadedFile("report.bin", prefix + body)
    response = client.post("/check/", {"file": upload})
    assert response.status_code in (200, 400)
    assert "Traceback" not in response.content.decode()
