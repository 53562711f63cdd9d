"""The public form, receipt and tracking with Redis (cache and broker) killed.

The test starts its own Redis on a free port, points the cache and the Celery broker at it,
and stops only that Redis, by pid.
"""

import logging

import pytest

from aspirations.enums import Status
from aspirations.models import Aspiration
from ngopi.celery import app
from tests.notifications.test_worker import REDIS, RedisServer, free_port, reset_pools

pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server not installed")

URL = "/aspirasi/kirim/"


@pytest.fixture
def own_redis(settings):
    server = RedisServer(free_port())
    server.start()
    settings.CACHES = {
        "default": {"BACKEND": "ngopi.core.cache.RedisCache", "LOCATION": server.url},
        "fragments": settings.FRAGMENTS_CACHE,
    }
    settings.NGOPI_CACHE_RETRY_SECONDS = 0.5
    original = app.conf.broker_url
    app.conf.broker_url = server.url
    reset_pools()
    yield server
    app.conf.broker_url = original
    reset_pools()
    server.stop()


def test_public_pages_keep_working_with_redis_killed(
    client, own_redis, reference_data, form_data, world, bhabin, kapolsek, settings, caplog
):
    settings.ASPIRATION_SUBMIT_LIMIT = 1000
    assert client.post(URL, form_data).status_code == 302  # Redis up: counted in Redis
    own_redis.stop()

    caplog.set_level(logging.WARNING)
    statuses = []
    codes = []
    for i in range(12):
        data = {**form_data, "description": f"Laporan warga nomor {i} saat Redis mati."}
        if i % 4 == 0:
            data["urgent"] = "on"  # alerts the officers: queued to the dead broker after commit
        statuses.append(client.get(URL).status_code)
        statuses.append(client.get("/aspirasi/wilayah/", {"induk": world.pekayon.pk}).status_code)
        response = client.post(URL, data)
        statuses.append(response.status_code)
        receipt = client.get(response["Location"])
        statuses.append(receipt.status_code)
        codes.append(receipt.context["aspiration"].code)
    # The public RW page (its rendered part cached per process) and following the RW by e-mail.
    statuses.append(client.get(f"/wilayah/{world.rw18.pk}/").status_code)
    statuses.append(client.get(f"/wilayah/{world.pekayon.pk}/").status_code)
    statuses.append(client.post(f"/wilayah/{world.rw18.pk}/ikuti/", {"email": "warga@contoh.id"}).status_code)
    for code in codes[:3]:
        statuses.append(client.get(f"/aspirasi/lacak/{code}/").status_code)
        statuses.append(client.post("/aspirasi/lacak/", {"code": code}).status_code)
        statuses.append(
            client.post(
                f"/aspirasi/lacak/{code}/balas/", {"text": "Tambahan: ada sepuluh orang."}
            ).status_code
        )
    assert all(200 <= status < 400 for status in statuses), statuses
    assert Aspiration.objects.count() == 13  # every submission saved
    assert Aspiration.objects.filter(code__in=codes, status=Status.NEW).count() == 12
    assert "rate limits are counted per process" in caplog.text
    # The warning is logged when the cache fails, not on every request.
    assert caplog.text.count("rate limits are counted per process") < 5


def test_rate_limit_still_refuses_with_redis_killed(client, own_redis, form_data, settings):
    settings.ASPIRATION_SUBMIT_LIMIT = 2
    own_redis.stop()
    assert client.post(URL, form_data).status_code == 302
    assert client.post(URL, form_data).status_code == 302
    refused = client.post(URL, form_data)
    assert refused.status_code == 429
    assert "Terlalu banyak" in refused.content.decode()
    assert Aspiration.objects.count() == 2


def test_redis_back_is_used_again(client, own_redis, form_data, settings):
    import time

    settings.ASPIRATION_SUBMIT_LIMIT = 1000
    own_redis.stop()
    assert client.post(URL, form_data).status_code == 302  # counted in this process
    own_redis.start()
    time.sleep(0.6)  # NGOPI_CACHE_RETRY_SECONDS
    assert client.post(URL, form_data).status_code == 302
    from django.core.cache import cache

    assert cache._cache.get_client().keys("*aspirations:rate:SUBMIT:*")
