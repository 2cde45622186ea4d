"""Two people acting on one application at once: exactly one wins, the other gets a clear
Chinese ApplicationError (row lock on PostgreSQL, IMMEDIATE transaction on SQLite)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from gongkai.applications import services as s
from gongkai.applications.models import Application, Step
from gongkai.core.errors import ApplicationError

from .conftest import FAR_FUTURE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*actions):
    """Run the actions in threads started together; return their results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_replies_at_once_exactly_one_wins(register, clerk, head):
    app = register(date(2025, 1, 24))
    results = race(
        lambda: s.application_reply(
            actor=clerk, application=app, outcome="granted", replied_on=date(2025, 2, 3), as_of=FAR_FUTURE
        ),
        lambda: s.application_reply(
            actor=head, application=app, outcome="unavailable.not_held", replied_on=date(2025, 2, 3), as_of=FAR_FUTURE
        ),
    )
    wins = [r for r in results if isinstance(r, Application)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ApplicationError), repr(losses[0])
    assert "已办结" in losses[0].message
    app.refresh_from_db()
    assert app.outcome == wins[0].outcome
    assert Step.objects.filter(application=app, kind="replied").count() == 1


def test_reply_and_withdrawal_at_once_exactly_one_wins(register, clerk):
    app = register(date(2025, 1, 24))
    results = race(
        lambda: s.application_withdraw(actor=clerk, application=app, withdrawn_on=date(2025, 2, 3), as_of=FAR_FUTURE),
        lambda: s.application_reply(
            actor=clerk, application=app, outcome="granted", replied_on=date(2025, 2, 3), as_of=FAR_FUTURE
        ),
    )
    assert sum(isinstance(r, Application) for r in results) == 1, results
    assert sum(isinstance(r, ApplicationError) for r in results) == 1, results
    assert Step.objects.filter(application=app).count() == 2


def test_tracking_numbers_stay_unique_under_concurrent_submissions(agency):
    from .conftest import person

    results = race(
        *[
            (lambda i=i: s.application_submit_online(agency=agency, idempotency_key=f"race-{i:02d}" * 4, **person()))
            for i in range(4)
        ]
    )
    assert all(isinstance(r, s.SubmitResult) for r in results), results
    numbers = sorted(r.application.tracking_number for r in results)
    assert len(set(numbers)) == 4


def test_the_same_form_submitted_twice_at_once_creates_one_application(agency):
    from .conftest import person

    key = "same-form-key-0123456789"
    results = race(*[(lambda: s.application_submit_online(agency=agency, idempotency_key=key, **person()))] * 2)
    assert all(isinstance(r, s.SubmitResult) for r in results), results
    assert Application.objects.count() == 1
    assert sorted(r.created for r in results) == [False, True]
