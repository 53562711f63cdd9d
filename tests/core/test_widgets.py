"""The shared HTML5 date and time inputs (``ngopi.core.widgets``): ISO values in every language."""

from datetime import UTC, date, datetime, time

import time_machine
from django import forms
from django.utils import timezone, translation

from ngopi.core.widgets import DATETIME_LOCAL, DateInput, DateTimeLocalInput, TimeInput


class When(forms.Form):
    day = forms.DateField(widget=DateInput())
    at = forms.DateTimeField(input_formats=[DATETIME_LOCAL], widget=DateTimeLocalInput())
    start = forms.TimeField(widget=TimeInput())


def test_widgets_render_iso_values_in_indonesian_and_english():
    moment = datetime(2025, 1, 31, 17, 30, tzinfo=UTC)  # 00:30 WIB on 1 February
    for language in ("id", "en"):
        with translation.override(language):
            html = str(When(initial={"day": date(2025, 1, 31), "at": moment, "start": time(19, 30)}))
        assert 'type="date"' in html and 'value="2025-01-31"' in html
        assert 'type="datetime-local"' in html and 'value="2025-02-01T00:30"' in html
        assert 'type="time"' in html and 'value="19:30"' in html


def test_datetime_local_input_reads_the_browser_value_as_wib():
    with time_machine.travel(datetime(2025, 6, 15, 3, tzinfo=UTC), tick=False):
        form = When(data={"day": "2025-02-28", "at": "2025-02-28T23:45", "start": "07:05"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2025, 2, 28)
    assert timezone.localtime(form.cleaned_data["at"]).strftime("%d-%m-%Y %H:%M") == "28-02-2025 23:45"
    assert form.cleaned_data["at"] == datetime(2025, 2, 28, 16, 45, tzinfo=UTC)
    assert form.cleaned_data["start"] == time(7, 5)
