"""The demo records reproduce table 二 and the section 一 figures of the reference report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.annual_report.format import CURRENT, cell_key
from gongkai.disclosure.demo import load_demo_records
from gongkai.disclosure.models import AdministrativeDecision, Document, NormativeDocument
from gongkai.disclosure.selectors import NARRATIVE_CODES, narrative_figure_values, proactive_table_values

pytestmark = pytest.mark.django_db

# The reference says “网站访问总量突破 100 万人次”: a lower bound, not an exact count.
LOWER_BOUNDS = {"website_visits"}


@pytest.fixture
def demo(agency):
    load_demo_records(agency)
    return agency


def test_table_two_equals_the_reference(demo, reference_expected):
    values = proactive_table_values(demo, 2023)
    table = CURRENT.table("proactive")
    assert set(values) == set(table.cell_keys())
    for row_code, columns in reference_expected["proactive"].items():
        for column_code, expected in columns.items():
            got = values[cell_key(table.code, row_code, column_code)]
            if isinstance(got, Decimal):
                assert got == Decimal(expected)
                assert str(got) == expected  # 125.26, not 125.2600
            else:
                assert got == expected, (row_code, column_code)


def test_narrative_figures_equal_the_reference(demo, reference_expected):
    values = narrative_figure_values(demo, 2023)
    assert set(values) == set(NARRATIVE_CODES)
    for code, expected in reference_expected["narrative_figures"].items():
        if code not in values:
            continue  # request figures come from the request workflow
        if code in LOWER_BOUNDS:
            assert values[code] >= expected
        else:
            assert values[code] == expected, code


def test_loading_twice_changes_nothing(demo):
    counts = (Document.objects.count(), NormativeDocument.objects.count(), AdministrativeDecision.objects.count())
    loaded = load_demo_records(demo)
    assert not any(loaded.values())
    assert counts == (
        Document.objects.count(),
        NormativeDocument.objects.count(),
        AdministrativeDecision.objects.count(),
    )
    assert proactive_table_values(demo, 2023) == proactive_table_values(demo, 2023)


def test_demo_has_an_interpretation_and_an_attachment(demo):
    interpretation = Document.objects.get(agency=demo, interprets__isnull=False)
    assert interpretation.interprets.attachments.count() == 1
    assert interpretation.published_on >= interpretation.interprets.published_on
    bodies = " ".join(Document.objects.filter(agency=demo).values_list("body", flat=True)[:400])
    for word in ("社保", "养老保险", "就业", "人社"):
        assert word in bodies
    numbers = list(Document.objects.filter(agency=demo).values_list("index_number", flat=True))
    assert len(set(numbers)) == len(numbers) == 1240
    assert all(n.startswith("41900100X/2023-") for n in numbers)
