from celery import shared_task
from django.core.management import call_command

from . import services


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Housekeeping: drop expired sign-in sessions (idempotent)."""
    call_command("clearsessions")


@shared_task(name="accounts.send_password_resets", acks_late=True, ignore_result=True)
def send_password_resets() -> int:
    return services.send_password_resets()


@shared_task(name="accounts.sweep_password_resets", ignore_result=True)
def sweep_password_resets() -> int:
    """Every minute (beat): send the reset e-mails whose task message was lost or that wait
    for a retry."""
    done = 0
    while batch := services.send_password_resets():
        done += batch
    return done
