"""The rules of booking a post and officers for a time: conflicts, operations, one lead.

The one overlap rule (everywhere: a single session, a serentak batch, an edit): a post holds one
session at a time, and an officer is in one place at a time, except inside one serentak batch,
whose sessions at the posts he covers he leads all at once (the preview warns of it). So a single
session never overlaps another of its officers' sessions; a batch leaves out the posts whose
officer is busy with anything outside the batch; and editing a batch session never clashes with
itself or its own batch siblings (``batch``), whatever is changed.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ngopi.accounts.models import PoliceUnit, User
from ngopi.areas.models import Post
from ngopi.core.dates import format_date, format_span

from ..enums import OfficerRole
from ..models import Operation, Session, SessionOfficer
from .common import OfficerSlot, SchedulingError


def responsible_polsek(post: Post) -> PoliceUnit | None:
    return post.rw.parent.polsek if post.rw.parent_id else None


def find_conflicts(
    *,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    officers: Iterable[User] = (),
    operation: Operation | None = None,
    exclude: Session | None = None,
) -> list[str]:
    """Every reason the session cannot be booked as asked, in words (empty when it can).
    ``exclude`` is the session being edited: neither it nor its batch siblings clash with the
    officers it keeps (the batch allowed them)."""
    problems: list[str] = []
    if ends_at <= starts_at:
        problems.append(_("The session must end after it starts."))
        return problems
    if operation is not None:
        start_day, end_day = timezone.localdate(starts_at), timezone.localdate(ends_at)
        if start_day < operation.starts_on or end_day > operation.ends_on:
            problems.append(
                _("The session falls outside the period of %(operation)s (%(start)s to %(end)s).")
                % {
                    "operation": operation.name,
                    "start": format_date(operation.starts_on),
                    "end": format_date(operation.ends_on),
                }
            )
    busy = Session.objects.booked().overlapping(starts_at, ends_at)
    if exclude is not None:
        busy = busy.exclude(pk=exclude.pk)
    for other in busy.filter(post=post).only("title", "starts_at", "ends_at")[:3]:
        problems.append(
            _("%(post)s is already booked for %(title)s (%(time)s WIB).")
            % {"post": post.name, "title": other.title, "time": format_span(other.starts_at, other.ends_at)}
        )
    officer_ids = [o.pk for o in officers]
    if officer_ids:
        elsewhere = busy
        if exclude is not None and exclude.batch_id is not None:
            elsewhere = busy.exclude(batch_id=exclude.batch_id)
        clashes = (
            SessionOfficer.objects.filter(session__in=elsewhere, officer_id__in=officer_ids)
            .select_related("officer", "session")
            .order_by("officer_id")
        )
        for clash in clashes[:10]:
            problems.append(
                _("%(officer)s is already assigned to %(title)s (%(time)s WIB).")
                % {
                    "officer": clash.officer,
                    "title": clash.session.title,
                    "time": format_span(clash.session.starts_at, clash.session.ends_at),
                }
            )
    return list(dict.fromkeys(problems))  # a batch's sessions at one time are one clash, said once


def check_officers(officers: Sequence[OfficerSlot]) -> list[str]:
    problems = []
    leads = [slot for slot in officers if slot.role == OfficerRole.LEAD]
    if len(leads) > 1:
        problems.append(_("A session has one lead officer; %(count)d were chosen.") % {"count": len(leads)})
    ids = [slot.officer.pk for slot in officers]
    if len(ids) != len(set(ids)):
        problems.append(_("An officer is listed twice."))
    return problems


def lock_operation(operation: Operation | None) -> Operation | None:
    """Hold the operation's period still until the booking commits, and read it as it is now:
    a change of the period (``update_operation``, which takes the row FOR UPDATE) waits for the
    booking and then sees its session, or the booking waits for the change and is checked
    against the new period. The booking's lock is FOR SHARE (which Django's ``select_for_update``
    does not offer), so bookings under one operation, serentak batches across a Polda included,
    do not wait for each other. SQLite has one writer at a time and no row locks."""
    if operation is None:
        return None
    if connection.vendor != "postgresql":
        fresh = Operation.objects.only("name", "starts_on", "ends_on").filter(pk=operation.pk).first()
        return fresh or operation
    sql = 'SELECT "id", "name", "starts_on", "ends_on" FROM "events_operation" WHERE "id" = %s FOR SHARE'
    return next(iter(Operation.objects.raw(sql, [operation.pk])), operation)


def check_booking(
    *,
    post: Post,
    starts_at: datetime,
    ends_at: datetime,
    officers: Sequence[OfficerSlot],
    operation: Operation | None,
    exclude: Session | None = None,
) -> PoliceUnit:
    """Lock the post (bookings of one post are serialised) and the operation's period, check
    every rule, and return the Polsek responsible for it; raise ``SchedulingError`` with every
    problem in words."""
    Post.objects.select_for_update().filter(pk=post.pk).first()
    operation = lock_operation(operation)
    problems = check_officers(officers)
    polsek = responsible_polsek(post)
    if polsek is None:
        problems.append(
            _("The kelurahan of %(post)s is not mapped to a Polsek yet; ask an administrator.")
            % {"post": post.name}
        )
    problems += find_conflicts(
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        officers=[s.officer for s in officers],
        operation=operation,
        exclude=exclude,
    )
    if problems:
        raise SchedulingError(problems)
    return polsek
