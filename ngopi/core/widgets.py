"""The HTML5 date and time inputs every form uses.

Browsers send and expect these values in ISO form whatever the page's language, so each widget
renders its value in that form (Django would otherwise use the active locale's first input format,
which a ``type="date"`` input does not understand). Fields using ``DateTimeLocalInput`` list
``DATETIME_LOCAL`` in their ``input_formats``.

A utility: it imports no app.
"""

from django import forms

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
