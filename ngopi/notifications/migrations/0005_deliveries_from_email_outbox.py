"""The e-mail outbox moves off the notification: every notification whose e-mail was pending,
being sent, sent or failed gets an e-mail ``Delivery`` row with its state (one being sent goes
back to pending: its worker's lease is gone with the fields). Skipped ones get none."""

from django.db import migrations

BATCH = 2000


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Delivery = apps.get_model("notifications", "Delivery")
    rows = (
        Notification.objects.exclude(email_status="skipped")
        .exclude(recipient__email="")
        .values_list(
            "pk",
            "recipient__email",
            "urgent",
            "email_status",
            "email_attempts",
            "next_attempt_at",
            "email_sent_at",
            "last_error",
            "created_at",
        )
        .order_by("pk")
    )
    batch = []
    for pk, email, urgent, status, attempts, next_at, sent_at, error, created in rows.iterator(chunk_size=BATCH):
        batch.append(
            Delivery(
                notification_id=pk,
                channel="email",
                address=email,
                key=f"notification:{pk}",
                urgent=urgent,
                status="pending" if status == "sending" else status,
                attempts=attempts,
                next_attempt_at=next_at,
                sent_at=sent_at,
                failed_at=next_at if status == "failed" else None,
                last_error=error,
                created_at=created,
                provider_message_id=f"<notification-{pk}@migrated>" if status == "sent" else "",
            )
        )
        if len(batch) >= BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)


def backwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Delivery = apps.get_model("notifications", "Delivery")
    for delivery in Delivery.objects.filter(channel="email", notification__isnull=False).iterator():
        Notification.objects.filter(pk=delivery.notification_id).update(
            email_status="pending" if delivery.status == "sending" else (
                "sent" if delivery.status in {"sent", "delivered", "read"} else delivery.status
            ),
            email_attempts=delivery.attempts,
            email_sent_at=delivery.sent_at,
            last_error=delivery.last_error,
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_delivery_per_channel")]

    operations = [migrations.RunPython(forwards, backwards)]
