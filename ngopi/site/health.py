"""Health checks used by ``/healthz``."""

from django.conf import settings
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, connection.vendor
    except Exception as exc:  # any failure means unhealthy; the class name says which
        return False, type(exc).__name__


def check_broker() -> tuple[bool, str]:
    from ngopi.celery import app

    timeout = settings.HEALTHZ_BROKER_TIMEOUT
    try:
        with app.connection_for_write(connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            return True, conn.transport.driver_type
    except Exception as exc:
        return False, type(exc).__name__
