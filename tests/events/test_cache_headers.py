"""Calendar feeds: the public one may be cached anywhere, an officer's own one only privately."""

import pytest

from events.models import CalendarFeed


@pytest.fixture
def session(make_session):
    return make_session()


def test_officer_feed_is_cached_privately_only(client, session, bhabin):
    client.force_login(bhabin)
    client.post("/staf/kegiatan/saya/kalender/")
    token = CalendarFeed.objects.get(user=bhabin).token
    client.logout()  # a calendar app fetches the feed without signing in
    response = client.get(f"/kegiatan/kalender/{token}.ics")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_public_feed_may_be_cached_by_anyone(client, session):
    response = client.get("/kegiatan/kalender.ics")
    assert response.status_code == 200
    assert "private" not in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
