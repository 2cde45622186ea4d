"""The check page says how each figure was read: counts per report, marked cells, rows to check.

The report is a real one (沭阳县发展和改革局 2023, tests/data/corpus) with table 三 rows printed as
one digit string each, as crawled pages print them: 一、本年新收 (one split adds up: decoded),
三（一）予以公开 (two splits add up: ambiguous), （七）总计 (too few digits: unread).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.annual_report import CURRENT, parse_bytes, render

CHECK_URL = "/check/"
CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
SHUYANG = CORPUS / "shuyang-fgj-2023.txt"
GLUED = {"一、本年新收": "260000026", "（一）予以公开": "101000011", "（七）总计": "2626"}
CELLS = len(CURRENT.cell_keys())


def glued(rows: dict[str, str]) -> bytes:
    """The Shuyang report with the figures of the row holding each label replaced by one digit string."""
    lines = SHUYANG.read_text(encoding="utf-8").splitlines()
    for label, digits in rows.items():
        number = next(i for i, line in enumerate(lines) if label in line)
        cells = [c.strip() for c in lines[number].strip().strip("|").split("|")]
        lines[number] = "| " + " | ".join(c for c in cells if c and not c.isdigit()) + f" | {digits} |"
    return "\n".join(lines).encode("utf-8")


def post(client, name: str, data: bytes):
    return client.post(CHECK_URL, {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")})


def marked(html: str, reading: str) -> list[str]:
    """The keys of the figure cells marked with a reading, in page order."""
    cells = re.findall(r'<td class="gk-ar-figure[^"]*\bgk-read-' + reading + r'\b[^"]*"[^>]*>', html)
    return [re.search(r'data-key="([^"]+)"', cell).group(1) for cell in cells]


def cell_tag(html: str, key: str) -> str:
    pattern = r'<td class="gk-ar-figure[^>]*data-key="' + re.escape(key) + r'"[^>]*>.*?</td>'
    return re.search(pattern, html, re.S).group(0)


@pytest.fixture
def glued_page(client):
    response = post(client, "沭阳-连排.txt", glued(GLUED))
    assert response.status_code == 200
    return response


def row_keys(row: str) -> list[str]:
    return [f"requests.{row}.{c.code}" for c in CURRENT.table("requests").row(row).columns]


@pytest.mark.django_db
def test_the_counts_by_how_figures_were_read(glued_page):
    (item,) = glued_page.context["checked"]
    counts = {c.reading: c.count for c in item.readings.counts}
    assert counts == {"exact": CELLS - 21, "decoded": 7, "ambiguous": 7, "missing": 7}
    html = glued_page.content.decode()
    assert f"读取方式：原样读取 {CELLS - 21} 个、按合计关系拆分 7 个、无法确定 7 个、未读到 7 个。" in html
    assert "文字识别" not in html.split('class="readings"')[1].split("</p>")[0]  # no OCR here: not counted


@pytest.mark.django_db
def test_decoded_ambiguous_and_missing_cells_are_marked(glued_page):
    html = glued_page.content.decode()
    assert marked(html, "decoded") == row_keys("new")
    assert marked(html, "ambiguous") == row_keys("granted")
    assert marked(html, "missing") == row_keys("concluded_total")
    assert marked(html, "ocr") == [] and marked(html, "inferred") == []
    # every other figure is left as printed
    assert html.count('data-reading="') == 21


@pytest.mark.django_db
def test_a_marked_cell_has_a_printed_mark_words_for_screen_readers_and_a_tooltip(glued_page):
    cell = cell_tag(glued_page.content.decode(), "requests.new.total")
    assert '<sup class="gk-read-mark" aria-hidden="true">拆</sup>' in cell
    assert '<span class="gk-read-sr">（按合计关系拆分）</span>' in cell
    title = re.search(r'title="([^"]*)"', cell).group(1)
    assert title.startswith("按合计关系拆分。读自：第56行“260000026”拆分第7个")
    assert "依据：T3.column_sum" in title
    assert re.search(r">26<sup", cell)  # the figure itself is still shown as read


@pytest.mark.django_db
def test_the_legend_explains_only_the_marks_used(glued_page):
    html = glued_page.content.decode()
    legend = re.search(r'<ul class="readings-legend" aria-label="表中记号的含义">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'<li class="gk-read-(\w+)">', legend) == ["decoded", "ambiguous", "missing"]
    assert "按表中的合计关系拆到各格" in legend


@pytest.mark.django_db
def test_the_rows_to_check_list_the_candidates_and_link_to_their_cells(glued_page):
    (item,) = glued_page.context["checked"]
    rows = {row.reading: row for row in item.readings.rows}
    assert set(rows) == {"decoded", "ambiguous", "missing"}
    decoded = rows["decoded"]
    assert (decoded.table, decoded.row) == ("表三", CURRENT.table("requests").row("new").full_label)
    assert decoded.source == "第56行“260000026”" and decoded.basis == "T3.column_sum"
    assert decoded.columns == ""  # the whole row
    ambiguous = rows["ambiguous"]
    assert "[1, 0, 10, 0, 0, 0, 11]" in ambiguous.reason and "[10, 1, 0, 0, 0, 0, 11]" in ambiguous.reason
    html = glued_page.content.decode()
    for row in rows.values():
        assert f'href="#{row.cell_id}"' in html
        assert f'id="{row.cell_id}"' in html
    # The ambiguous cells are also a finding's: the row links to the id the finding gave the cell.
    assert 'data-rules="value.missing"' in cell_tag(html, "requests.granted.natural_person")
    assert ambiguous.cell_id == "report-1-requests-granted-natural_person"


@pytest.mark.django_db
def test_how_figures_were_read_travels_in_the_json(client):
    """The canonical JSON of the glued report, checked instead of the text: the same marks."""
    report = parse_bytes(glued(GLUED), "沭阳-连排.txt")
    response = post(client, "沭阳-连排.json", render(report, "json"))
    html = response.content.decode()
    (item,) = response.context["checked"]
    assert {c.reading: c.count for c in item.readings.counts} == {
        "exact": CELLS - 21,
        "decoded": 7,
        "ambiguous": 7,
        "missing": 7,
    }
    assert marked(html, "decoded") == row_keys("new")
    assert "读自：第56行“260000026”拆分第1个" in cell_tag(html, "requests.new.natural_person")


@pytest.mark.django_db
def test_a_report_read_as_printed_has_no_marks(client):
    response = post(client, "shuyang.txt", SHUYANG.read_bytes())
    html = response.content.decode()
    assert f"读取方式：原样读取 {CELLS} 个。" in html
    assert "data-reading=" not in html
    assert "readings-legend" not in html.split("</style>")[1]
    assert "处数字不是原样读取" not in html


@pytest.mark.django_db
def test_ocr_and_inferred_figures_are_marked_too(client):
    """A scan read by OCR and a group printed as one row of zeros, as their JSON says."""
    data = json.loads((CORPUS / "reference-jiyuan-hrss-2023.expected.json").read_text(encoding="utf-8"))
    data["cells"] = {
        "requests.new.natural_person": {"confidence": "ocr", "source": "第3页第12行"},
        **{
            key: {"confidence": "inferred", "source": "第14行 （六）其他处理印为一行（均为 0）"}
            for key in row_keys("other.fee_unpaid")
        },
    }
    response = post(client, "scan.json", json.dumps(data, ensure_ascii=False).encode("utf-8"))
    html = response.content.decode()
    assert marked(html, "ocr") == ["requests.new.natural_person"]
    assert marked(html, "inferred") == row_keys("other.fee_unpaid")
    assert f"读取方式：原样读取 {CELLS - 8} 个、文字识别 1 个、推定 7 个。" in html
    cell = cell_tag(html, "requests.new.natural_person")
    assert "识</sup>" in cell and "读自：第3页第12行" in cell


@pytest.mark.django_db
def test_the_summary_of_several_reports_says_how_many_figures_were_not_read_as_printed(client):
    response = client.post(
        CHECK_URL,
        {
            "file": [
                SimpleUploadedFile("glued.txt", glued(GLUED)),
                SimpleUploadedFile("plain.txt", SHUYANG.read_bytes()),
            ]
        },
    )
    html = response.content.decode()
    summary = re.search(r'<table class="findings-table check-summary">(.*?)</table>', html, re.S).group(1)
    assert '<th scope="col">不是原样读取</th>' in summary
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", summary, re.S)
    assert [re.findall(r'<td class="num">(\d*)</td>', row)[-1] for row in rows] == ["21", "0"]
