"""What the residents' and the staff forms share: phone numbers, date inputs, RW labels."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .. import routing

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{5,20}$", _("Enter a phone number with digits only, e.g. 0812 3456 7890.")
)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


rw_label = routing.rw_label
