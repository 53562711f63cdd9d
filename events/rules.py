"""Who may do what with sessions, batches and operations: the named predicates that views,
templates (through ``workflow.allowed_actions`` and the ``event_rules`` filters), services and
the API ask. Roles are never compared anywhere else in this app.

Whether the session's state allows an action is ``workflow``'s business; these say only
whether the user's role and jurisdiction do. Callers reach a session through
``Session.objects.visible_to(user)`` first, so these never widen what a user sees.
"""

from ngopi.accounts import permissions

from .enums import OfficerRole


def can_schedule(user, unit=None) -> bool:
    """Plan sessions, serentak batches and operations: for ``unit`` when given, else anywhere
    in the user's jurisdiction (to be offered the forms at all)."""
    if unit is None:
        return permissions.is_scheduling_staff(user)
    return permissions.schedules_for(user, unit)


def can_edit_operation(user, operation) -> bool:
    """Rename an operation, extend or shorten its period: scheduling staff over its owning unit
    (those below it see it and plan under it, but do not change it)."""
    return can_schedule(user, operation.unit)


def can_edit(user, session) -> bool:
    """Change, reschedule, postpone or cancel the session: scheduling staff over its Polsek."""
    return can_schedule(user, session.unit)


def is_lead(user, session) -> bool:
    """The user leads the session (the assignments are read from the prefetch when there is one)."""
    if not permissions.is_signed_in(user):
        return False
    return any(a.role == OfficerRole.LEAD and a.officer_id == user.pk for a in session.assignments.all())


def can_report(user, session) -> bool:
    """Mark the session held, file, or correct its report: its lead, or scheduling staff over it."""
    return is_lead(user, session) or can_edit(user, session)


def can_stop_batch(user, batch) -> bool:
    """Postpone or cancel a whole serentak batch: scheduling staff over the unit that owns it."""
    return can_schedule(user, batch.unit)


# --- the dialogue loop: agenda, commitments, himbauan -----------------------------------------


def can_record_agenda(user, session) -> bool:
    """Tick what was discussed and note the answers, record commitments: whoever may report."""
    return can_report(user, session)


def can_close_commitment(user, commitment) -> bool:
    """Close a commitment with its outcome: the officer responsible for it, the commanders of its
    unit and of the units above it, and administrators."""
    if not permissions.is_signed_in(user):
        return False
    if commitment.responsible_id == user.pk:
        return True
    return permissions.commands_unit(user, commitment.unit)


def can_manage_himbauan(user, unit=None) -> bool:
    """Publish and edit himbauan: Binmas staff and commanders (and administrators) for ``unit``
    when given, else anywhere in their jurisdiction (to be offered the forms at all)."""
    return can_schedule(user, unit)


def can_edit_himbauan(user, himbauan) -> bool:
    return can_manage_himbauan(user, himbauan.unit)
