from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Housekeeping: drop expired sign-in sessions (idempotent)."""
    call_command("clearsessions")
