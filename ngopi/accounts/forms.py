from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. After %(limit)s failed attempts the account is "
            "locked for %(minutes)s minutes."
        ),
    }

    def get_invalid_login_error(self):
        from django.conf import settings
        from django.core.exceptions import ValidationError

        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


class ResetLinkMailer(PasswordResetForm):
    """Django's reset e-mail, sent by the worker: in the account's language, and a failed send
    raises (Django's own form logs and forgets it) so the request is tried again."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from django.core.mail import EmailMessage
        from django.template import loader
        from django.utils import translation

        with translation.override(context["user"].language or None):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        EmailMessage(subject, body, from_email, [to_email]).send()


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "none"}
        ),
        help_text=_("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )


class SetupCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code the app shows after you add the account."),
    )
