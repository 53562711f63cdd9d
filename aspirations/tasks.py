from celery import shared_task
from django.db import transaction
from django.utils import timezone

from ngopi.notifications.services import notify

from . import services
from .digest import digest_messages
from .services import privacy


@shared_task(name="aspirations.daily_digest", ignore_result=True)
def daily_digest() -> int:
    """07:00 WIB (beat): one digest per commander with something to report; idempotent per day."""
    with transaction.atomic():
        return notify(digest_messages(timezone.now()))


@shared_task(name="aspirations.announce_new", ignore_result=True)
def announce_new() -> int:
    """Every 20 seconds (beat): tell assignees about the aspirations that came in meanwhile."""
    return services.announce_new_aspirations()


@shared_task(name="aspirations.anonymise_finished", ignore_result=True)
def anonymise_finished() -> int:
    """02:30 WIB (beat): remove the personal data of aspirations past the retention period."""
    return privacy.anonymise_finished_aspirations()


@shared_task(name="aspirations.chat_expire", ignore_result=True)
def chat_expire() -> int:
    """Hourly (beat): unfinished chat reports older than a day are forgotten, photos included."""
    from .chat.engine import expire_conversations

    return expire_conversations()
