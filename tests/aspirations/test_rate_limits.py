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
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path / "cache"),
            }
        }
        return lambda seconds: None
    if not django_settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI is set but REDIS_URL is not")
        pytest.skip("needs REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "ngopi.core.cache.RedisCache",
            "LOCATION": django_settings.REDIS_URL,
            "KEY_PREFIX": "ratelimit-test",
        }
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
