import pytest

from gongkai.agencies.selectors import (
    agencies_user_may_act_for,
    agency_get,
    agency_list_with_reports,
    membership_of,
    user_may_act_for,
)


@pytest.mark.django_db
def test_agency_get(agency):
    assert agency_get("jiyuan-hrss") == agency
    assert agency_get("nobody") is None


@pytest.mark.django_db
def test_staff_act_for_their_own_agency_only(agency, other_agency, clerk, other_clerk, superuser):
    assert user_may_act_for(clerk, agency)
    assert not user_may_act_for(clerk, other_agency)
    assert not user_may_act_for(other_clerk, agency)
    assert list(agencies_user_may_act_for(clerk)) == [agency]
    assert user_may_act_for(superuser, other_agency)
    assert set(agencies_user_may_act_for(superuser)) == {agency, other_agency}
    assert membership_of(clerk).agency == agency
    assert membership_of(superuser) is None


@pytest.mark.django_db
def test_inactive_and_anonymous_users_act_for_nobody(agency, clerk):
    from django.contrib.auth.models import AnonymousUser

    clerk.is_active = False
    clerk.save()
    assert not user_may_act_for(clerk, agency)
    assert not user_may_act_for(AnonymousUser(), agency)
    assert not user_may_act_for(None, agency)
    assert list(agencies_user_may_act_for(AnonymousUser())) == []


@pytest.mark.django_db
def test_agency_list_with_reports_prefetches(published, other_agency, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows = {a.code: [r.year for r in a.reports] for a in agency_list_with_reports()}
    assert rows == {"jiyuan-hrss": [2023], "huaian-gov": []}
