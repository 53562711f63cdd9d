"""The project's Redis cache: one client per process, and a counted hit in one round trip."""

import pytest
from django.core.cache import cache, caches

from ngopi.core.cache import RedisCache

pytestmark = pytest.mark.skipif(not isinstance(caches["default"], RedisCache), reason="needs REDIS_URL")


def redis_client():
    return cache._cache.get_client(write=True)


def test_the_client_is_built_once_and_reused():
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_a_hit_counts_from_one_and_expires_from_the_first_hit():
    assert cache.hit("hits", 100) == 1
    key = cache.make_key("hits")
    redis_client().expire(key, 50)  # as if 50 of the 100 seconds had passed
    assert cache.hit("hits", 100) == 2
    assert 0 < redis_client().ttl(key) <= 50  # a later hit does not extend the window
    assert cache.get("hits") == 2  # readable as an ordinary cached integer


def test_other_cache_operations_still_work():
    cache.set("a", {"x": 1}, 30)
    assert cache.get("a") == {"x": 1}
    assert cache.add("a", 2) is False
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2
    assert cache.get_many(["a", "n"]) == {"a": {"x": 1}, "n": 2}
