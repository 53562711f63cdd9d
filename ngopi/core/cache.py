"""Django's Redis cache, with two savings that matter on the public form's hot path.

- One redis-py client per connection pool, kept for the life of the process. Django builds a
  new client for every cache call, and building one registers its ~170 reply callbacks: a
  ``cache.get`` took 0.2 ms of CPU here, 0.09 ms with the client kept.
- ``hit(key, timeout)``: count one hit of a key that expires ``timeout`` seconds after its
  first hit, in one round trip (INCR and EXPIRE NX pipelined). Django's ``incr`` needs two
  (EXISTS, then INCR) and a separate ``add`` for the first hit of a window. ``hit_many`` does
  it for several keys at once and also returns the seconds each window has left (TTL), still
  in one round trip (``ngopi.core.counters`` uses it for the rate limits).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # redis-py clients are thread-safe: they take a connection per command
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def hit_many(self, keys) -> list[tuple[int, int]]:
        with self.get_client(write=True).pipeline(transaction=False) as pipe:
            for key, timeout in keys:
                pipe.incr(key)
                pipe.expire(key, timeout, nx=True)
                pipe.ttl(key)
            replies = pipe.execute()
        return [
            (count, ttl if ttl > 0 else timeout)
            for (_key, timeout), count, ttl in zip(keys, replies[0::3], replies[2::3], strict=True)
        ]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def hit(self, key, timeout: int, version=None) -> int:
        """Add one to ``key`` (created at 1) and return the count; the key expires ``timeout``
        seconds after the hit that created it."""
        return self.hit_many([(key, timeout)], version=version)[0][0]

    def hit_many(self, keys, version=None) -> list[tuple[int, int]]:
        """``hit`` for each ``(key, timeout)`` in one round trip: (count, seconds left) each."""
        keys = [(self.make_and_validate_key(key, version=version), timeout) for key, timeout in keys]
        return self._cache.hit_many(keys)
