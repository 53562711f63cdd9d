from celery import shared_task

from . import services


@shared_task(name="wilayah.sweep_followers")
def sweep():
    """Every minute (beat): confirmations, announcements two days before, summaries once a
    report is filed. Idempotent: each mail is claimed before it is sent."""
    return services.sweep_followers()
