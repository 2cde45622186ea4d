"""The house rules that keep the architecture honest (docs/where-things-go.md).

1. The pure cores import nothing from Django: the import-linter contracts in
   pyproject.toml pass.
2. No label of the national format is spelled outside
   ``src/gongkai/annual_report/format/``: everything else reads it from the data.
3. ``gongkai.annual_report`` and ``gongkai.workdays`` import in a fresh Python
   without pulling Django in.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gongkai.annual_report.format import FORMATS

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FORMAT_DIR = SRC / "gongkai" / "annual_report" / "format"
SCANNED_SUFFIXES = {".py", ".html", ".txt"}
EXCLUDED_DIRS = {"fixtures", "__pycache__"}
MIN_LABEL_LENGTH = 4  # shorter labels (规章, 总计, 其他) are everyday words
# A label's core without its numbering (予以公开 of （一）予以公开) is often also a
# word of the regulation's own prose (应当予以公开), so cores count only when long.
MIN_CORE_LENGTH = 6

# A printed label often starts with its number — 一、 （一） (二) 1. — and may end
# with a note in brackets; the words between are the label's core, which code
# might also be tempted to type.
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])\s*")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def _label_forms(label: str) -> set[str]:
    """The label as printed, and its core without numbering or trailing note when that is long enough."""
    printed = label.strip()
    forms = {printed} if len(printed) >= MIN_LABEL_LENGTH else set()
    core = _NUMBERING.sub("", printed).strip()
    for form in (core, _TRAILING_NOTE.sub("", core).strip()):
        if len(form) >= MIN_CORE_LENGTH:
            forms.add(form)
    return forms


def format_labels() -> dict[str, str]:
    """Every label of every format, at least MIN_LABEL_LENGTH long → where it comes from."""
    found: dict[str, str] = {}

    def add(text: str, origin: str) -> None:
        for form in _label_forms(text):
            found.setdefault(form, origin)

    for fmt in FORMATS.values():
        for section in fmt.sections:
            for text in (section.title, *section.variants):
                add(text, f"{fmt.code} section {section.code}")
        for table in fmt.tables:
            for text in (table.note, table.column_group, table.heading_column):
                if text:
                    add(text, f"{fmt.code} table {table.code}")
            for row in table.rows:
                for text in (*row.path, *row.variants):
                    add(text, f"{fmt.code} {table.code}.{row.code}")
                for column in row.columns:
                    for text in (*column.path, *column.variants):
                        add(text, f"{fmt.code} {table.code}.{row.code}.{column.code}")
        for figure in fmt.narrative_figures:
            add(figure.label, f"{fmt.code} narrative figure {figure.code}")
    return found


def scanned_files() -> list[Path]:
    files = []
    for path in sorted(SRC.rglob("*")):
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
            continue
        relative = path.relative_to(SRC)
        if path.is_relative_to(FORMAT_DIR) or EXCLUDED_DIRS & set(relative.parts[:-1]):
            continue
        if any(part.endswith(".egg-info") for part in relative.parts):
            continue
        files.append(path)
    return files


def test_the_label_list_is_real():
    labels = format_labels()
    # A few labels every newcomer recognises, to prove the walk found the data.
    assert any(label.endswith("予以公开") for label in labels)
    assert len(labels) > 60


def test_import_contracts_pass():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    command = [str(lint_imports)] if lint_imports.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"import-linter contracts broken:\n{result.stdout}\n{result.stderr}"


def test_no_format_label_is_spelled_outside_the_format_package():
    labels = format_labels()
    # Longest first, so that a long label is reported rather than its core.
    ordered = sorted(labels, key=len, reverse=True)
    offences = []
    for path in scanned_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for label in ordered:
                if label in line:
                    offences.append(
                        f"{path.relative_to(ROOT)}:{number}: “{label}” ({labels[label]}) — read it from "
                        f"gongkai.annual_report.format instead"
                    )
                    break
    assert not offences, "format labels spelled outside annual_report/format/:\n" + "\n".join(offences)


PURE_CORES = ["gongkai.annual_report", "gongkai.workdays"]


@pytest.mark.parametrize("package", PURE_CORES)
def test_pure_core_imports_without_django(package):
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"{package} does not exist yet")
    program = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        package = importlib.import_module({package!r})
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
        leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
        print("\\n".join(leaked))
        sys.exit(1 if leaked else 0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(SRC)},
    )
    assert result.returncode == 0, f"{package} pulled in Django or failed to import:\n{result.stdout}\n{result.stderr}"


def test_the_glossary_tables_are_current():
    """docs/glossary.md pastes the output of docs/glossary_tables.py; regenerate it when the format changes."""
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    start = glossary.index("-->", glossary.index("<!-- GENERATED")) + len("-->")
    pasted = glossary[start : glossary.index("<!-- /GENERATED -->")].strip()
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "glossary_tables.py")], capture_output=True, text=True, check=True
    )
    assert pasted == result.stdout.strip(), "docs/glossary.md is out of date: run docs/glossary_tables.py and paste"
