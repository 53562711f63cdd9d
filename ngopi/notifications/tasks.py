"""Thin tasks: they take no payload but ids, claim rows before acting, and may run twice."""

from celery import shared_task

from . import receiving, services


@shared_task(name="notifications.deliver_pending", acks_late=True, ignore_result=True)
def deliver_pending() -> int:
    return services.deliver_pending()


@shared_task(name="notifications.process_inbound", acks_late=True, ignore_result=True)
def process_inbound() -> int:
    return receiving.process_inbound()


@shared_task(name="notifications.sweep", ignore_result=True)
def sweep() -> dict:
    """Every minute (beat): create the reminders and escalations that are due, process the chat
    messages still waiting, then deliver every message still pending on every channel —
    including those whose task message was lost."""
    created = services.run_reminder_rules()
    received = 0
    while batch := receiving.process_inbound():
        received += batch
    delivered = 0
    while True:
        batch = services.deliver_pending()
        delivered += batch
        if batch == 0:
            break
    return {"created": created, "received": received, "delivered": delivered}
