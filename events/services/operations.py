"""Operations (created, renamed, their period changed) and officers' private calendar feeds."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import ngettext

from ngopi.accounts.models import PoliceUnit, User
from ngopi.core.constraints import save_checked
from ngopi.core.dates import day_end, day_start, format_date

from .. import rules
from ..enums import SessionStatus
from ..models import CalendarFeed, Operation, Session, new_feed_token
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


# Sessions that belong to an operation's period: on the calendar, or held under it. A postponed
# session waits for a new date (booking checks the period again then); a cancelled one is gone.
KEPT_STATUSES = (SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.REPORTED)


@transaction.atomic
def update_operation(
    *, actor: User, operation: Operation, name: str, starts_on, ends_on, description: str = ""
) -> Operation:
    """Rename the operation, or extend or shorten its period (an operation "diperpanjang"); its
    owning unit stays. A period that would leave out a session planned, held or reported under
    the operation is refused in words, with the first such session's day: move or cancel those
    sessions first. Run under the operation's row lock, so a session booked meanwhile is seen."""
    locked = Operation.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=operation.pk)
    operation = locked.select_related("unit").first()
    if operation is None:
        raise Http404
    if not rules.can_edit_operation(actor, operation):
        raise PermissionDenied
    operation.name, operation.description = name, description
    operation.starts_on, operation.ends_on = starts_on, ends_on
    if problems := _sessions_outside(operation):
        raise SchedulingError(problems)
    try:
        save_checked(operation)
    except ValidationError as error:
        raise SchedulingError(error.messages) from None
    return operation


def _sessions_outside(operation: Operation) -> list[str]:
    """The refusals when sessions of the operation fall outside its (new) period, else nothing:
    planned ones can be moved or cancelled first; held or reported ones are its history, so the
    period must take them in. Days are WIB days, as booking reads them. One query."""
    if operation.ends_on < operation.starts_on:
        return []  # the period itself is refused (the constraint's message)
    outside = Session.objects.filter(operation=operation, status__in=KEPT_STATUSES).filter(
        Q(starts_at__lt=day_start(operation.starts_on)) | Q(ends_at__gte=day_end(operation.ends_on))
    )
    planned, held = Q(status=SessionStatus.PLANNED), ~Q(status=SessionStatus.PLANNED)
    found = outside.aggregate(
        planned=Count("id", filter=planned),
        planned_first=Min("starts_at", filter=planned),
        held=Count("id", filter=held),
        held_first=Min("starts_at", filter=held),
    )
    problems = []
    if found["held"]:
        problems.append(
            ngettext(
                "%(count)d session already held under this operation falls outside the new period "
                "(on %(day)s): the period must include it.",
                "%(count)d sessions already held under this operation fall outside the new period "
                "(the first on %(day)s): the period must include them.",
                found["held"],
            )
            % {"count": found["held"], "day": format_date(timezone.localdate(found["held_first"]))}
        )
    if found["planned"]:
        problems.append(
            ngettext(
                "%(count)d planned session of this operation falls outside the new period (on "
                "%(day)s): move it or cancel it first.",
                "%(count)d planned sessions of this operation fall outside the new period (the "
                "first on %(day)s): move them or cancel them first.",
                found["planned"],
            )
            % {"count": found["planned"], "day": format_date(timezone.localdate(found["planned_first"]))}
        )
    return problems


@transaction.atomic
def renew_calendar_feed(*, user: User) -> CalendarFeed:
    """Create the officer's private feed or give it a new token (the old URL stops working)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
