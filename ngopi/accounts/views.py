from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ngopi.core.http import client_ip

from . import services, throttle
from .forms import SignInForm


class LoginView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Queues the e-mail (``services.request_password_reset``) and answers the same for every
    address; requests are throttled per client address and per e-mail address."""

    throttled_message = _("Too many password reset requests. Please try again in an hour.")

    def post(self, request, *args, **kwargs):
        if throttle.over_limit(
            "reset-client",
            client_ip(request),
            limit=settings.NGOPI_PASSWORD_RESET_PER_CLIENT,
            window=settings.NGOPI_PASSWORD_RESET_WINDOW,
        ):
            return self.throttled(self.get_form())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if throttle.over_limit(
            "reset-email",
            email.strip().lower(),
            limit=settings.NGOPI_PASSWORD_RESET_PER_EMAIL,
            window=settings.NGOPI_PASSWORD_RESET_WINDOW,
        ):
            return self.throttled(form)
        services.request_password_reset(email=email, language=get_language())
        return HttpResponseRedirect(self.get_success_url())

    def throttled(self, form):
        form.add_error(None, self.throttled_message)
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(settings.NGOPI_PASSWORD_RESET_WINDOW)
        return response


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer to a sign-in of a locked account (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
