"""The Debian packages some tests need, detected in one place.

`make test` must pass on a fresh machine that lacks them: a test that needs one
is skipped with the package to install (``.ci/run`` installs them all, so CI
runs every test). Use the markers, never a check of your own::

    from tests.system_packages import needs_cjk_font

    @needs_cjk_font
    def test_…
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NOTO_SERIF_CJK = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
FONT_SUFFIXES = (".otf", ".ttf", ".ttc", ".woff", ".woff2")


@functools.cache
def cjk_font() -> bool:
    """A font with Chinese glyphs that the PDF renderer (WeasyPrint, through fontconfig) finds.

    Without one, a rendered PDF has no Chinese text to extract or read back.
    ``GONGKAI_FONTS_DIR`` with a font in it counts, as it does for the renderer.
    """
    fonts_dir = os.environ.get("GONGKAI_FONTS_DIR")
    if fonts_dir and any(p.suffix.lower() in FONT_SUFFIXES for p in Path(fonts_dir).glob("*")):
        return True
    if shutil.which("fc-list") is None:  # no fontconfig tools: the Debian font's file is the best guess
        return NOTO_SERIF_CJK.exists()
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return NOTO_SERIF_CJK.exists()
    return bool(listed.stdout.strip())


def pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def libreoffice() -> bool:
    return shutil.which("soffice") is not None


@functools.cache
def tesseract_chi_sim() -> str | None:
    """Why OCR cannot run here (the product's own check), or None when Tesseract and chi_sim are installed."""
    from gongkai.annual_report.parse.ocr import unavailable

    return unavailable()


needs_cjk_font = pytest.mark.skipif(
    not cjk_font(), reason="no CJK font for rendering PDFs: apt-get install fonts-noto-cjk (or set GONGKAI_FONTS_DIR)"
)
needs_noto_serif_cjk = pytest.mark.skipif(
    not NOTO_SERIF_CJK.exists(), reason=f"{NOTO_SERIF_CJK} is not there: apt-get install fonts-noto-cjk"
)
needs_pdftotext = pytest.mark.skipif(
    not pdftotext(), reason="pdftotext is not installed: apt-get install poppler-utils"
)
needs_libreoffice = pytest.mark.skipif(
    not libreoffice(), reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
)
needs_tesseract = pytest.mark.skipif(
    tesseract_chi_sim() is not None,
    reason=f"OCR is not available: {tesseract_chi_sim()} (apt-get install tesseract-ocr tesseract-ocr-chi-sim)",
)
