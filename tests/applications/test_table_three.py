"""Table 三 from records: random sequences of steps over several agencies and years always give a
table that balances and equals an independent recount from the raw Step rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.format import CURRENT, cell_key, outcome_choices
from gongkai.applications import services as s
from gongkai.applications.models import Application, Step, applicant_type_choices
from gongkai.applications.selectors import requests_table_counts
from gongkai.core.errors import ApplicationError

from .conftest import FAR_FUTURE, at, organisation, person

pytestmark = pytest.mark.django_db

TABLE = CURRENT.table("requests")
COLUMNS = [code for code, _label in applicant_type_choices()]
OUTCOMES = [code for code, _label in outcome_choices()]
YEARS = range(2022, 2027)
CHANNELS = ["in_person", "mail_signed", "online", "fax", "email", "mail_unsigned"]
ACTIONS = [
    "supplement",
    "supplement_received",
    "no_supplement",
    "consult",
    "consult_end",
    "consult_lapse",
    "extend",
    "fee",
    "pay",
    "fee_lapse",
    "reply",
    "reply",
    "withdraw",
    "deliver",
    "override",
]
CONCLUDING = {"replied": None, "concluded_no_supplement": "other.no_supplement",
              "concluded_fee_unpaid": "other.fee_unpaid", "withdrawn": "other.other"}  # fmt: skip


# --- the independent recount --------------------------------------------------------------------------------


def recount(agency, year: int) -> dict[str, int]:
    """Table 三 recounted from the raw Step rows alone (not the cached fields)."""
    counts = {key: 0 for key in TABLE.cell_keys()}

    def bump(row: str, column: str) -> None:
        counts[cell_key("requests", row, column)] += 1
        counts[cell_key("requests", row, "total")] += 1

    for app in Application.objects.filter(agency=agency):
        received = concluded = outcome = None
        for step in Step.objects.filter(application=app).order_by("id"):
            if step.kind in ("registered", "submitted") and step.data.get("received_on"):
                received = date.fromisoformat(step.data["received_on"])
            elif step.kind == "receipt_confirmed":
                received = step.occurred_on
            elif step.kind in CONCLUDING and concluded is None:
                concluded = step.occurred_on
                outcome = CONCLUDING[step.kind] or step.data["outcome"]
        if received is None or received.year > year or (concluded is not None and concluded.year < year):
            continue
        bump("new" if received.year == year else "carried_in", app.applicant_type)
        if concluded is not None and concluded.year == year:
            bump(outcome, app.applicant_type)
            bump("concluded_total", app.applicant_type)
        else:
            bump("carried_out", app.applicant_type)
    return counts


def assert_balanced(counts: dict[str, int]) -> None:
    def v(row, column):
        return counts[cell_key("requests", row, column)]

    for column in [*COLUMNS, "total"]:
        assert v("new", column) + v("carried_in", column) == v("concluded_total", column) + v("carried_out", column)
        assert v("concluded_total", column) == sum(v(code, column) for code in OUTCOMES)
    for row in TABLE.rows:
        assert v(row.code, "total") == sum(v(row.code, c) for c in COLUMNS)
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())


# --- driving random histories ---------------------------------------------------------------------------------

plans = st.lists(
    st.fixed_dictionaries(
        {
            "agency": st.integers(0, 1),
            "column": st.sampled_from(COLUMNS),
            "channel": st.sampled_from(CHANNELS),
            "received": st.dates(date(2022, 1, 1), date(2026, 12, 31)),
            "carried_over": st.booleans(),
            "confirm_after": st.one_of(st.none(), st.integers(0, 3)),
            "actions": st.lists(
                st.tuples(st.sampled_from(ACTIONS), st.integers(0, 60), st.sampled_from(OUTCOMES)), max_size=7
            ),
        }
    ),
    min_size=1,
    max_size=7,
)


def _applicant(column: str) -> dict:
    return person() if column == "natural_person" else organisation(applicant_type=column)


def _drive(plan, agency, clerk, head) -> None:
    received = plan["received"]
    try:
        app = s.application_register(
            actor=clerk,
            agency=agency,
            channel=plan["channel"],
            arrived_at=at(received),
            carried_over=plan["carried_over"],
            received_on=received if plan["carried_over"] else None,
            as_of=FAR_FUTURE,
            **_applicant(plan["column"]),
        ).application
    except ApplicationError:
        return
    day = received
    if app.received_on is None:
        if plan["confirm_after"] is None:
            return
        day = received + timedelta(days=plan["confirm_after"])
        app = s.application_confirm_receipt(actor=clerk, application=app, confirmed_on=day, as_of=FAR_FUTURE)
    for action, gap, outcome in plan["actions"]:
        day += timedelta(days=gap)
        k = {"actor": clerk, "application": app, "as_of": FAR_FUTURE}
        try:
            if action == "supplement":
                app = s.application_request_supplement(
                    **k, sent_on=day, items="补正事项", reply_by=day + timedelta(days=15), late_reason="测试"
                )
            elif action == "supplement_received":
                app = s.application_record_supplement(**k, received_on=day, reason="测试")
            elif action == "no_supplement":
                app = s.application_conclude_no_supplement(**k, concluded_on=day)
            elif action == "consult":
                app = s.application_consultation_start(**k, party="third_party", consultee="第三方", sent_on=day)
            elif action == "consult_end":
                app = s.application_consultation_end(**k, ended_on=day)
            elif action == "consult_lapse":
                app = s.application_consultation_end(**k, ended_on=day, replied=False)
            elif action == "extend":
                app = s.application_extend(**k, approved_by=head, approved_on=day, notified_on=day, reason="测试")
            elif action == "fee":
                app = s.application_issue_fee_notice(**k, notified_on=day, method="per_page", pages=50)
            elif action == "pay":
                app = s.application_record_payment(**k, paid_on=day)
            elif action == "fee_lapse":
                app = s.application_conclude_unpaid_fee(**k, concluded_on=day)
            elif action == "reply":
                app = s.application_reply(**k, outcome=outcome, replied_on=day)
            elif action == "withdraw":
                app = s.application_withdraw(**k, withdrawn_on=day)
            elif action == "deliver":
                app = s.application_deliver(**k, delivered_on=day, method="email")
            elif action == "override":
                app = s.application_override_deadline(
                    **{**k, "actor": head}, due=day + timedelta(days=90), reason="测试", notified_on=day
                )
        except ApplicationError:
            day -= timedelta(days=gap)  # refused: nothing was written


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=plans)
def test_table_three_always_balances_and_equals_a_recount(plans, agency, other_agency, clerk, make_staff):
    with transaction.atomic():
        staff = {
            0: (agency, clerk, make_staff(agency, "h-head", role="head")),
            1: (other_agency, make_staff(other_agency, "o-clerk"), make_staff(other_agency, "o-head", role="head")),
        }
        for plan in plans:
            who = staff[plan["agency"]]
            _drive(plan, *who)
        for state in Application.objects.values_list("state", flat=True):
            event(f"state {state}")
        for who_agency, _clerk, _head in staff.values():
            previous = None
            for year in YEARS:
                counts = requests_table_counts(who_agency, year)
                assert_balanced(counts)
                assert counts == recount(who_agency, year)
                if previous is not None:  # X-CARRY: last year's carried_out is this year's carried_in
                    for column in [*COLUMNS, "total"]:
                        assert (
                            counts[cell_key("requests", "carried_in", column)]
                            == previous[cell_key("requests", "carried_out", column)]
                        )
                previous = counts
        transaction.set_rollback(True)


def test_a_request_open_at_the_year_end_is_carried_over(register, clerk, agency):
    app = register(date(2024, 12, 20))
    s.application_reply(actor=clerk, application=app, outcome="granted", replied_on=date(2025, 1, 6), as_of=FAR_FUTURE)
    c2024, c2025 = requests_table_counts(agency, 2024), requests_table_counts(agency, 2025)
    assert c2024["requests.new.natural_person"] == c2024["requests.carried_out.natural_person"] == 1
    assert c2025["requests.carried_in.total"] == c2025["requests.granted.total"] == 1
    assert c2025["requests.new.total"] == 0 and c2025["requests.carried_out.total"] == 0
    assert_balanced(c2024)
    assert_balanced(c2025)


def test_unconfirmed_requests_are_not_counted(register, agency):
    register(date(2025, 3, 3), channel="online")
    assert set(requests_table_counts(agency, 2025).values()) == {0}
