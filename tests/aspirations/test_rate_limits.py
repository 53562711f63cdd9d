"""Rate limits of the public pages: the same windows on Redis and the file cache."""

import os
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache

from aspirations.models import Aspiration

URL = "/aspirasi/kirim/"
# Ten seconds before a whole hour of the epoch: a window aligned to the clock would end here.
START = datetime(2024, 11, 23, 3, 59, 50, tzinfo=UTC)


@pytest.fixture(params=["file", "redis"])
def shared_cache(request, settings, tmp_path):
    """Point the cache at the embedded default's file cache or at Redis; returns what moves the
    cache's own clock along with time-machine's (Redis keeps time itself: its TTLs are shortened)."""
    if request.param == "file":
        settings.CACHES = {
            "fragments": settings.FRAGMENTS_CACHE,
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            },
        }
        return lambda seconds: None
    if not django_settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI is set but REDIS_URL is not")
        pytest.skip("needs REDIS_URL")
    settings.CACHES = {
        "fragments": settings.FRAGMENTS_CACHE,
        "default": {
            "BACKEND": "ngopi.core.cache.RedisCache",
            "LOCATION": django_settings.REDIS_URL,
            "KEY_PREFIX": "ratelimit-test",
        },
    }
    cache.clear()
    client = cache._cache.get_client(write=True)

    def expire(seconds):
        for key in client.scan_iter(match="ratelimit-test:*"):
            left = client.ttl(key)
            if left > 0:
                if left - seconds > 0:
                    client.expire(key, left - seconds)
                else:
                    client.delete(key)

    return expire


def test_submission_window_runs_from_the_first_hit_on_file_cache_and_redis(
    client, form_data, settings, shared_cache
):
    settings.ASPIRATION_SUBMIT_LIMIT = 2
    settings.ASPIRATION_SUBMIT_WINDOW = 3600
    with time_machine.travel(START, tick=False) as clock:

        def wait(seconds):
            clock.shift(seconds)
            shared_cache(seconds)

        client.get(URL)  # the form page: the browser has its CSRF cookie from here on
        assert client.post(URL, form_data).status_code == 302
        assert client.post(URL, form_data).status_code == 302
        # Quiet for longer than the file cache's default timeout, across a whole hour of the
        # clock: still the same window.
        wait(400)
        refused = client.post(URL, form_data)
        assert refused.status_code == 429
        assert "Terlalu banyak" in refused.content.decode()
        assert 3190 <= int(refused["Retry-After"]) <= 3200
        wait(3190)  # 3,590 s after the first hit; refusals did not extend the window
        assert client.post(URL, form_data).status_code == 429
        wait(15)  # the window has ended: a new one starts
        assert client.post(URL, form_data).status_code == 302
    assert Aspiration.objects.count() == 3


def page_token(response) -> str:
    return response.content.decode().split('name="pow_token" value="', 1)[1].split('"', 1)[0]


def test_forty_residents_behind_one_address_each_submit_within_ten_minutes(form_data, settings):
    """A session at the post: everyone on its Wi-Fi, one address, each with his own phone."""
    from django.test import Client

    with time_machine.travel(START, tick=False) as clock:
        for resident in range(40):
            phone = Client(REMOTE_ADDR="203.0.113.7")
            assert phone.get(URL).status_code == 200  # the form page sets the browser's CSRF cookie
            data = {**form_data, "description": f"Aspirasi warga ke-{resident + 1} di pos RW 18."}
            response = phone.post(URL, data)
            assert response.status_code == 302, resident
            assert phone.get(response["Location"]).status_code == 200  # the receipt with the code
            clock.shift(14)  # 40 residents in 9 min 20 s
    assert Aspiration.objects.count() == 40


def test_one_browser_sending_again_and_again_is_refused_after_ten(form_data):
    from django.test import Client

    phone = Client(REMOTE_ADDR="203.0.113.7")
    phone.get(URL)
    for _ in range(10):
        assert phone.post(URL, form_data).status_code == 302
    refused = phone.post(URL, form_data)
    assert refused.status_code == 429
    assert "Terlalu banyak aspirasi" in refused.content.decode()
    assert int(refused["Retry-After"]) > 3000
    # Nothing is sent, but what he typed comes back in the form, to send later or copy.
    page = refused.content.decode()
    assert 'name="description"' in page and form_data["description"] in page
    assert "Yang Anda ketik tetap ada di bawah" in page
    assert Aspiration.objects.count() == 10
    # Another resident on the same Wi-Fi is not held up by him.
    neighbour = Client(REMOTE_ADDR="203.0.113.7")
    neighbour.get(URL)
    assert neighbour.post(URL, form_data).status_code == 302
    assert Aspiration.objects.count() == 11


def test_one_address_flooding_with_fresh_cookies_must_solve_the_check_then_is_refused(form_data, settings):
    from django.test import Client

    from aspirations import challenge

    settings.ASPIRATION_SUBMIT_ADDRESS_LIMIT = 5
    settings.ASPIRATION_SUBMIT_ADDRESS_MAX = 8
    settings.ASPIRATION_CHALLENGE_BITS = 8

    def fresh_browser():
        browser = Client(REMOTE_ADDR="203.0.113.7")
        return browser, page_token(browser.get(URL))

    for _ in range(5):  # as many as the address may send with no check at all
        browser, _token = fresh_browser()
        assert browser.post(URL, form_data).status_code == 302

    browser, token = fresh_browser()
    challenged = browser.post(URL, form_data)  # no JavaScript: the check was not solved
    assert challenged.status_code == 429
    html = challenged.content.decode()
    assert "pemeriksaan otomatis singkat" in html
    assert form_data["description"] in html  # what was typed is kept
    assert Aspiration.objects.count() == 5

    solution = challenge.solve(token)
    solved = {**form_data, "pow_token": token, "pow_solution": solution}
    assert browser.post(URL, solved).status_code == 302  # the form's script solved it
    replay, _token = fresh_browser()
    assert replay.post(URL, solved).status_code == 429  # a solution is good once
    assert Aspiration.objects.count() == 6

    browser, token = fresh_browser()
    refused = browser.post(URL, {**form_data, "pow_token": token, "pow_solution": challenge.solve(token)})
    assert refused.status_code == 429  # past the address's ceiling, solved or not
    assert "Terlalu banyak aspirasi" in refused.content.decode()
    assert Aspiration.objects.count() == 6


def test_check_with_a_wrong_or_forged_solution_is_not_accepted(world, settings):
    from aspirations import challenge

    settings.ASPIRATION_CHALLENGE_BITS = 12
    token = challenge.issue()
    right = challenge.solve(token)
    assert not challenge.solved(token, str(int(right) + 1)) or int(right) + 1 == int(challenge.solve(token))
    assert not challenge.solved("12.forged:1:abc", "0")
    assert not challenge.solved(token, "x")
    assert challenge.solved(token, right)
    assert not challenge.solved(token, right)
