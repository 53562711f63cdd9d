from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngopi.core.text import CleanCharField
from ngopi.core.widgets import DateInput


class TokenForm(forms.Form):
    name = CleanCharField(label=_("What is it for?"), max_length=100)
    expires_on = forms.DateField(label=_("Valid until (optional)"), required=False, widget=DateInput())

    def clean_expires_on(self):
        value = self.cleaned_data["expires_on"]
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."), code="past")
        return value
