from django import forms
from django.utils.translation import gettext_lazy as _


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send you a link to confirm. Then you get the next session's announcement two days "
            "before and its summary after it. Every e-mail has a link to stop."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address, for example nama@contoh.id.")},
    )
