"""The default templates: built by the committed script, and laid out like an official letter."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pdfplumber
import pytest

from gongkai.letters.build_templates import build
from gongkai.letters.context import clean_context, sample_context, template_context
from gongkai.letters.kinds import LetterKind, template_filename
from gongkai.letters.render import TEMPLATES_DIR, default_template_bytes, render_docx

MEMBERS = ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/fontTable.xml")


def test_committed_templates_are_what_the_script_builds(tmp_path):
    build(tmp_path)
    for kind in LetterKind.values:
        name = template_filename(kind)
        with zipfile.ZipFile(TEMPLATES_DIR / name) as committed, zipfile.ZipFile(tmp_path / name) as fresh:
            for member in MEMBERS:
                assert committed.read(member) == fresh.read(member), (
                    f"{name}:{member} differs: run python -m gongkai.letters.build_templates"
                )


def test_templates_declare_the_official_fonts():
    with zipfile.ZipFile(io.BytesIO(default_template_bytes(LetterKind.REPLY))) as archive:
        document = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="方正小标宋简体"' in document  # the title
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="仿宋_GB2312"' in document
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:val="仿宋"' in fonts  # fallback where it is missing


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_reply_letter_converts_to_an_a4_pdf(tmp_path):
    kind = LetterKind.REPLY
    clean = clean_context(kind, sample_context(kind, "refused.third_party_rights"))
    ctx = template_context(
        kind,
        clean,
        agency_name="济源示范区人力资源和社会保障局",
        letter_number="济人社公开〔2023〕第3号",
        letter_date=date(2023, 10, 9),
    )
    source = tmp_path / "reply.docx"
    source.write_bytes(render_docx(default_template_bytes(kind), ctx))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with pdfplumber.open(tmp_path / "reply.pdf") as pdf:
        assert 1 <= len(pdf.pages) <= 2
        first = pdf.pages[0]
        assert (round(first.width / 72 * 25.4), round(first.height / 72 * 25.4)) == (210, 297)
        text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "").replace(" ", "")
        words = first.extract_words()
    assert "政府信息公开申请答复告知书" in text and "济人社公开〔2023〕第3号" in text
    assert "60日内" in text and "6个月内" in text and "第十五条" in text
    left = min(w["x0"] for w in words) / 72 * 25.4
    top = min(w["top"] for w in words) / 72 * 25.4
    assert 27 <= left <= 30  # the 28 mm left margin
    assert 36 <= top <= 42  # the 37 mm top margin (plus the title's line height)
