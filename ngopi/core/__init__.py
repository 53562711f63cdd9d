"""Utilities any app may use: trees, keyset pagination, photos, text, the client address, the
Redis cache and rate-limit counters, constraint errors, logging and request ids.

They import Django, libraries and each other, never an app of ours (``tests/core/test_layers.py``
checks it). The site's pages live in ``ngopi.site``, the demo and load data in ``ngopi.seeding``.
"""
