from celery import shared_task
from django.db import transaction
from django.utils import timezone

from ngopi.notifications.services import notify

from .digest import digest_messages


@shared_task(name="aspirations.daily_digest", ignore_result=True)
def daily_digest() -> int:
    """07:00 WIB (beat): one digest per commander with something to report; idempotent per day."""
    with transaction.atomic():
        return notify(digest_messages(timezone.now()))
