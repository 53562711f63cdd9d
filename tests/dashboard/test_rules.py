"""Who may use the dashboard (``rules.can_see_dashboard``): the rule, the pages and the navigation
bar agree for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ngopi.accounts.enums import Role
from ngopi.dashboard.rules import can_see_dashboard
from tests.factories import UserFactory

ROLES = [
    ("administrator", True),
    ("dirbinmas", True),
    ("kapolres", True),
    ("kapolsek", True),
    ("binmas", True),
    ("bhabin", False),
    ("other_bhabin", False),
]


@pytest.mark.parametrize(("persona", "allowed"), ROLES)
def test_can_see_dashboard_for_each_role(request, persona, allowed):
    assert can_see_dashboard(request.getfixturevalue(persona)) is allowed


def test_can_see_dashboard_for_an_administrator_by_role_alone(world):
    """The administrator role grants it without the superuser flag."""
    admin = UserFactory(username="admin-role", role=Role.ADMINISTRATOR, unit=None, is_superuser=False)
    assert can_see_dashboard(admin)


def test_can_see_dashboard_refuses_a_visitor():
    assert not can_see_dashboard(AnonymousUser())


@pytest.mark.parametrize(("persona", "allowed"), ROLES)
def test_dashboard_pages_and_navigation_follow_the_rule(request, login, persona, allowed):
    client = login(request.getfixturevalue(persona))
    expected = 200 if allowed else 403
    assert client.get("/dasbor/").status_code == expected
    for response in (client.get("/dasbor/ekspor.csv"), client.post("/dasbor/ekspor.xlsx")):
        assert response.status_code == expected
        if allowed:  # the file is there, read to the end as a browser would
            assert b"".join(response.streaming_content)
    assert ('href="/dasbor/"' in client.get("/staf/kegiatan/").content.decode()) is allowed


def test_navigation_of_a_visitor_has_no_dashboard(client, world):
    assert 'href="/dasbor/"' not in client.get("/").content.decode()
