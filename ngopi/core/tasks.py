from celery import shared_task


@shared_task(name="core.ping", ignore_result=True)
def ping() -> str:
    """Does nothing: a liveness probe for workers, and the baseline of the delivery benchmark."""
    return "pong"
