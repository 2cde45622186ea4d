"""The check page in a browser with a report whose table 三 rows are printed as glued digits:
the counts by how figures were read, the marked cells with their legend and tooltips, the rows
to check (ambiguous ones with their candidates), at desktop and phone width; axe-core on the page.

The report is a real one (沭阳县发展和改革局 2023, tests/data/corpus) with three rows glued, as
crawled pages print them: one that only one split explains, one with two splits, one too short.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHUYANG = Path(__file__).resolve().parents[1] / "data" / "corpus" / "shuyang-fgj-2023.txt"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
GLUED = {"一、本年新收": "260000026", "（一）予以公开": "101000011", "（七）总计": "2626"}


@pytest.fixture
def glued_report(tmp_path) -> Path:
    lines = SHUYANG.read_text(encoding="utf-8").splitlines()
    for label, digits in GLUED.items():
        number = next(i for i, line in enumerate(lines) if label in line)
        cells = [c.strip() for c in lines[number].strip().strip("|").split("|")]
        lines[number] = "| " + " | ".join(c for c in cells if c and not c.isdigit()) + f" | {digits} |"
    path = tmp_path / "沭阳县发改局-2023-连排.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def check(page, url: str, path: Path) -> None:
    page.goto(url + "/check/")
    page.get_by_label("年度报告文件").set_input_files(str(path))
    page.get_by_role("button", name="检查", exact=True).click()
    page.wait_for_selector(".readings")


def axe_serious(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_glued_rows_are_counted_marked_and_explained(live_server, page, artifacts, glued_report):
    check(page, live_server.url, glued_report)
    readings = page.locator("#report-1 .readings").inner_text()
    assert "原样读取 179 个、按合计关系拆分 7 个、无法确定 7 个、未读到 7 个" in readings

    decoded = page.locator("#report-1 td.gk-read-decoded")
    assert decoded.count() == 7
    first = page.locator('#report-1 td[data-key="requests.new.natural_person"]')
    assert first.inner_text().startswith("26") and "拆" in first.inner_text()
    assert "第56行“260000026”" in first.get_attribute("title")
    assert "T3.column_sum" in first.get_attribute("title")
    # The mark is not colour alone: a printed character, and words for screen readers.
    assert first.locator(".gk-read-sr").text_content() == "（按合计关系拆分）"
    assert page.locator("#report-1 td.gk-read-ambiguous").count() == 7
    assert page.locator("#report-1 td.gk-read-missing").count() == 7

    legend = page.get_by_role("list", name="表中记号的含义")
    assert legend.locator("li").count() == 3
    ambiguous = page.locator("#report-1 .readings-rows li.gk-read-ambiguous")
    assert "[1, 0, 10, 0, 0, 0, 11]" in ambiguous.inner_text()
    assert "[10, 1, 0, 0, 0, 0, 11]" in ambiguous.inner_text()
    ambiguous.get_by_role("link", name="在表中查看").click()
    target = page.locator("td.gk-read:target")
    target.wait_for()
    assert target.get_attribute("data-key") == "requests.granted.natural_person"

    page.locator("#report-1 .readings-legend").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "e2e-check-readings.png"))
    page.locator("#report-1 table.gk-ar-matrix").screenshot(path=str(artifacts / "e2e-check-readings-table.png"))
    assert axe_serious(page) == []


def test_the_marks_on_a_phone(live_server, phone, artifacts, glued_report):
    check(phone, live_server.url, glued_report)
    # the page itself does not scroll sideways; the wide table scrolls inside its box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert phone.locator("#report-1 .readings-rows li").count() == 3
    phone.locator("#report-1 .readings-legend").scroll_into_view_if_needed()
    phone.screenshot(path=str(artifacts / "e2e-check-readings-phone.png"))
    cell = phone.locator('#report-1 td[data-key="requests.new.natural_person"]')
    cell.scroll_into_view_if_needed()
    phone.screenshot(path=str(artifacts / "e2e-check-readings-phone-table.png"))
    assert axe_serious(phone) == []
