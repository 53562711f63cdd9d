"""Database constraints as messages, not 500s.

The invariants live in the database (``Meta.constraints``); a service that writes a row from a
form checks them first with Django's ``Model.validate_constraints`` (each constraint's
``violation_error_message`` says what is wrong in words) and, should a concurrent request insert
the same row between the check and the insert, turns the ``IntegrityError`` into the same
``ValidationError``.
"""

from django.db import IntegrityError, transaction


def save_checked(instance, **save_kwargs) -> None:
    """Save ``instance`` or raise ``django.core.exceptions.ValidationError`` saying which
    constraint it would break."""
    instance.validate_constraints()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            instance.save(**save_kwargs)
    except IntegrityError:
        instance.validate_constraints()  # now sees the row that won the race
        raise  # something no constraint explains (a deleted foreign row): a real error
