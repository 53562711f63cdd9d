"""The HTML5 date and time inputs every form uses, and ``MenuChoiceField`` for the model menus
of the filter forms shown on every view of a list.

Browsers send and expect these values in ISO form whatever the page's language, so each widget
renders its value in that form (Django would otherwise use the active locale's first input format,
which a ``type="date"`` input does not understand). Fields using ``DateTimeLocalInput`` list
``DATETIME_LOCAL`` in their ``input_formats``.

A utility: it imports no app.
"""

from django import forms
from django.forms.models import ModelChoiceIterator

DATE_ISO = "%Y-%m-%d"
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
TIME_ISO = "%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_ISO, **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format=TIME_ISO, **kwargs)


class _MenuRows(ModelChoiceIterator):
    """A menu's rows read by one plain query. Django reads them with ``iterator()``, which on
    PostgreSQL is a server-side cursor (DECLARE, FETCH, CLOSE; declared WITH HOLD, so the result
    is materialised, outside a transaction): three round trips for a few dozen rows, per menu and
    per page view."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class MenuChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose menu is read by one plain query (``_MenuRows``)."""

    iterator = _MenuRows
