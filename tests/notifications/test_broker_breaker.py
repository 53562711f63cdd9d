"""With the broker down, a request pays for one failed publish, not one per notification: the
process leaves the broker alone for NGOPI_CACHE_RETRY_SECONDS and the sweeper delivers."""

import logging
import socket

import pytest

from ngopi.celery import app
from ngopi.core import queue
from ngopi.notifications.services import kick_delivery


def reset_pools():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def dead_broker():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    original = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    reset_pools()
    yield
    app.conf.broker_url = original
    reset_pools()


def warnings(caplog):
    return [r for r in caplog.records if "not queued" in r.getMessage()]


def test_dead_broker_is_tried_once_then_left_alone_for_the_retry_window(dead_broker, settings, caplog):
    settings.NGOPI_CACHE_RETRY_SECONDS = 60
    with caplog.at_level(logging.WARNING, logger="ngopi.notifications.services"):
        for _ in range(5):
            kick_delivery()
    assert len(warnings(caplog)) == 1


def test_dead_broker_is_tried_again_after_the_retry_window(dead_broker, settings, caplog):
    settings.NGOPI_CACHE_RETRY_SECONDS = 0
    with caplog.at_level(logging.WARNING, logger="ngopi.notifications.services"):
        kick_delivery()
        kick_delivery()
    assert len(warnings(caplog)) == 2
    assert queue._down_until > 0  # the failure was remembered, for no time at all
