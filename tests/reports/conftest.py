"""Fixtures of the annual report made in Gongkai: the demo agency's records, and its staff in each role."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_agency(db):
    from gongkai.agencies.models import Agency
    from gongkai.reports.demo import load_demo

    load_demo()
    return Agency.objects.get(code="jiyuan-hrss")


@pytest.fixture
def drafter(demo_agency, make_staff):
    return make_staff(demo_agency, "drafter", role="clerk")


@pytest.fixture
def reviewer(demo_agency, make_staff):
    return make_staff(demo_agency, "reviewer", role="reviewer")


@pytest.fixture
def head(demo_agency, make_staff):
    return make_staff(demo_agency, "head", role="head")


@pytest.fixture
def outsider(make_agency, make_staff):
    other = make_agency(code="huaian-gov", name="淮安市人民政府", level="government", region="淮安市")
    return make_staff(other, "outsider", role="head")


@pytest.fixture
def filled_narrative():
    """Text for every narrative part, with no placeholder left."""

    def fill(report):
        from gongkai.annual_report.format import get_format
        from gongkai.reports.services import narrative_parts

        narrative = dict(report.narrative)
        for key, _heading in narrative_parts(get_format(report.format_code)):
            if "（待填写）" in narrative.get(key, "") or not narrative.get(key):
                narrative[key] = "本机关按照条例要求认真做好相关工作，制度健全，运行平稳。"
        return narrative

    return fill


@pytest.fixture
def ready_draft(demo_agency, drafter, filled_narrative):
    """The 2023 draft, its narrative filled in and every warning acknowledged: ready to submit."""
    from gongkai.reports import services as s

    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    report = s.annual_report_narrative_save(actor=drafter, report=report, narrative=filled_narrative(report))
    for finding in s.annual_report_findings(report):
        if finding.severity == "warning":
            s.annual_report_acknowledge_warning(
                actor=drafter, report=report, fingerprint=s.warning_fingerprint(finding), reason="已核实"
            )
    report.refresh_from_db()
    return report
