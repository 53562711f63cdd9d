"""Celery application: JSON only, time limits, beat schedule in code (settings CELERY_*)."""

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab
from celery.signals import setup_logging, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngopi.settings")

app = Celery("ngopi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs):
    """Workers and beat log like the web (settings.LOGGING: one line per event, redacted) and
    each record of a task carries its task id; Celery's own log set-up is skipped."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@worker_init.connect
def refuse_without_identity_keys(**kwargs):
    """A worker opens and seals reporter identities (retention, e-mails): never without a key."""
    from django.conf import settings

    from ngopi.core.keys import require_identity_keys

    require_identity_keys(settings.NGOPI_IDENTITY_KEYS)


# The embedded filesystem broker needs its folders before the first message.
for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
    folder = (app.conf.broker_transport_options or {}).get(key)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)

app.conf.beat_schedule = {
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    "accounts-password-resets": {"task": "accounts.sweep_password_resets", "schedule": 60.0},
    "aspirations-announce": {"task": "aspirations.announce_new", "schedule": 20.0},
    # Followers of an RW: confirmations, the next session two days before, summaries of reports.
    "wilayah-followers": {"task": "wilayah.sweep_followers", "schedule": 60.0},
    # Residents' chat: unfinished reports forgotten a day after the last message.
    "aspirations-chat-expire": {"task": "aspirations.chat_expire", "schedule": 3600.0},
    "dashboard-rollup": {"task": "dashboard.refresh_rollup", "schedule": 600.0},
    # The monthly figures of months before last month, rebuilt once a night (01:45 WIB).
    "dashboard-rollup-full": {
        "task": "dashboard.refresh_rollup_full",
        "schedule": crontab(hour=1, minute=45),
    },
    # Export jobs: expired files deleted, jobs whose worker died taken up again.
    "dashboard-exports": {"task": "dashboard.sweep_exports", "schedule": 300.0},
    # CELERY_TIMEZONE is Asia/Jakarta: 07:00 WIB.
    "aspirations-daily-digest": {"task": "aspirations.daily_digest", "schedule": crontab(hour=7, minute=0)},
    # Retention (UU PDP): personal data of aspirations finished NGOPI_RETENTION_DAYS ago removed.
    "aspirations-anonymise-finished": {
        "task": "aspirations.anonymise_finished",
        "schedule": crontab(hour=2, minute=30),
    },
    "clear-expired-sessions": {
        "task": "ngopi.accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}
