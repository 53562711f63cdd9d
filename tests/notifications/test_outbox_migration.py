"""Migration 0005: the e-mail outbox moves off the notification into e-mail deliveries, and a
pending e-mail written before the upgrade is delivered after it, once."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ngopi.notifications.enums import DeliveryStatus
from ngopi.notifications.models import Delivery
from ngopi.notifications.services import deliver_pending


@pytest.mark.django_db(transaction=True)
def test_pending_emails_of_the_old_outbox_become_deliveries_and_go_out_once(bhabin, kapolsek):
    before = [("notifications", "0004_delivery_per_channel")]
    executor = MigrationExecutor(connection)
    # Every app's latest state, not only this app's: going back to 0004 also unapplies the
    # other apps' migrations that depend on a later one, and the tests after this one need them.
    after = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("notifications", "Notification")
    common = {"kind": "session.changed", "title": "Dibatalkan", "body": "Hujan"}
    pending = old.objects.create(recipient_id=bhabin.pk, key="a", email_status="pending", **common)
    sending = old.objects.create(recipient_id=kapolsek.pk, key="b", email_status="sending", **common)
    old.objects.create(recipient_id=bhabin.pk, key="c", email_status="sent", email_attempts=1, **common)
    failed = old.objects.create(
        recipient_id=bhabin.pk, key="d", email_status="failed", email_attempts=6, last_error="SMTP", **common
    )
    old.objects.create(recipient_id=bhabin.pk, key="e", email_status="skipped", **common)
    MigrationExecutor(connection).migrate(after)

    rows = {d.notification_id: d for d in Delivery.objects.all()}
    assert len(rows) == 4  # the skipped one has none
    assert rows[pending.pk].status == rows[sending.pk].status == DeliveryStatus.PENDING
    gone = rows[failed.pk]
    assert (gone.status, gone.attempts, gone.last_error) == ("failed", 6, "SMTP")
    assert rows[pending.pk].address == bhabin.email and rows[pending.pk].channel == "email"
    assert deliver_pending() == 2
    assert deliver_pending() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([bhabin.email, kapolsek.email])
