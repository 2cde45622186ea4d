"""The demo agency's 2023 requests reproduce table 三 of its published 2023 report exactly."""

from __future__ import annotations

import pytest

from gongkai.annual_report.format import cell_key
from gongkai.applications.demo import load_demo_records
from gongkai.applications.models import Application, Step
from gongkai.applications.selectors import requests_table_counts

pytestmark = pytest.mark.django_db


def _expected_table(reference_expected) -> dict[str, int]:
    return {
        cell_key("requests", row, column): int(value)
        for row, columns in reference_expected["requests"].items()
        for column, value in columns.items()
    }


def test_demo_records_reproduce_table_three(agency, reference_expected):
    load_demo_records(agency)
    assert requests_table_counts(agency, 2023) == _expected_table(reference_expected)


def test_demo_records_are_concluded_within_their_deadlines(agency):
    load_demo_records(agency)
    apps = list(Application.objects.filter(agency=agency))
    assert len(apps) == 2
    for app in apps:
        assert app.concluded_on is not None and app.concluded_on.year == 2023
        assert app.due_on is not None and app.concluded_on <= app.due_on
        assert not app.due_provisional
        assert app.state == "delivered"
    assert {a.channel for a in apps} == {"in_person", "online"}


def test_demo_records_are_idempotent(agency):
    first = load_demo_records(agency)
    steps = Step.objects.count()
    second = load_demo_records(agency)
    assert len(first.created) == 2 and second.created == []
    assert sorted(second.existing) == sorted(first.created)
    assert Application.objects.count() == 2 and Step.objects.count() == steps
