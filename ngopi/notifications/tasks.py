"""Thin tasks: they take no payload but ids, claim rows before acting, and may run twice."""

from celery import shared_task

from . import services


@shared_task(name="notifications.deliver_pending", acks_late=True, ignore_result=True)
def deliver_pending() -> int:
    return services.deliver_pending()


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep() -> dict:
    """Every minute (beat): create the reminders and escalations that are due, then deliver
    every e-mail still pending — including those whose task message was lost."""
    created = services.run_reminder_rules()
    delivered = 0
    while True:
        batch = services.deliver_pending()
        delivered += batch
        if batch == 0:
            break
    return {"created": created, "delivered": delivered}
