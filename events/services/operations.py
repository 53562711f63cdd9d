"""Operations and officers' private calendar feeds."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ngopi.accounts.models import PoliceUnit, User
from ngopi.core.constraints import save_checked

from .. import rules
from ..models import CalendarFeed, Operation, new_feed_token
from .common import SchedulingError


@transaction.atomic
def create_operation(
    *, actor: User, name: str, unit: PoliceUnit, starts_on, ends_on, description: str = ""
) -> Operation:
    """A new operation of ``unit``, which the actor must schedule for (scheduling staff over
    it); a period ending before it starts or a name the unit already uses is refused in words
    (the model's constraints, checked before the insert and after a lost race)."""
    if not rules.can_schedule(actor, unit):
        raise PermissionDenied
    operation = Operation(name=name, unit=unit, starts_on=starts_on, ends_on=ends_on, description=description)
    try:
        save_checked(operation)
    except ValidationError as error:
        raise SchedulingError(error.messages) from None
    return operation


@transaction.atomic
def renew_calendar_feed(*, user: User) -> CalendarFeed:
    """Create the officer's private feed or give it a new token (the old URL stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
