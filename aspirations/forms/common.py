"""What the residents' and the staff forms share: phone numbers, RW labels (the date inputs are
``ngopi.core.widgets``)."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .. import routing

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{5,20}$", _("Enter a phone number with digits only, e.g. 0812 3456 7890.")
)
rw_label = routing.rw_label
