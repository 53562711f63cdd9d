import io
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from ngopi.core.http import client_ip

from . import services, throttle, twofactor
from .forms import SecondFactorForm, SetupCodeForm, SignInForm


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


# --- Two-factor sign-in -----------------------------------------------------------------------


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _may_change_second_factor(request) -> bool:
    """Setting up, replacing or removing the second factor needs it given first, if there is one."""
    return twofactor.is_verified(request) or not twofactor.has_second_factor(request.user)


class TwoFactorView(LoginRequiredMixin, TemplateView):
    """The user's two-factor page: on or off, recovery codes left, what he may do."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs):
        from django_otp.plugins.otp_static.models import StaticToken

        user = self.request.user
        return super().get_context_data(
            enabled=twofactor.has_second_factor(user),
            required=twofactor.required_for(user),
            codes_left=StaticToken.objects.filter(device__user=user).count(),
            **kwargs,
        )


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Add an authenticator app: scan the QR code or type the key, confirm with a code, get the
    recovery codes (shown once, on the answer to that confirmation)."""

    template_name = "accounts/two_factor_setup.html"
    form_class = SetupCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_change_second_factor(request):
            return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = services.start_totp_setup(user=self.request.user)
        secret = b32encode(device.bin_key).decode()
        return super().get_context_data(
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            required=twofactor.required_for(self.request.user),
            next=self.request.GET.get("next", ""),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        try:
            codes = services.confirm_totp_setup(user=user, token=form.cleaned_data["token"])
        except services.SecondFactorThrottled as wait:
            form.add_error("token", _throttled(wait.seconds))
            return self.form_invalid(form)
        if codes is None:
            form.add_error(
                "token", _("That code is not right. Check the time on your phone and try the new code.")
            )
            return self.form_invalid(form)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        django_otp.login(self.request, TOTPDevice.objects.get(user=user, confirmed=True))
        self.request.session.pop(twofactor.SESSION_PENDING, None)
        return render(
            self.request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next_url(self.request)}
        )


@never_cache
@login_required
def two_factor_qr(request):
    """The QR code of the key being set up, as an SVG image (made here, no outside service)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not _may_change_second_factor(request):
        raise Http404
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise Http404
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def _throttled(seconds: int) -> str:
    return ngettext(
        "Too soon after a wrong code: wait %(seconds)d second, then enter the code again.",
        "Too soon after a wrong code: wait %(seconds)d seconds, then enter the code again.",
        seconds,
    ) % {"seconds": seconds}


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """The second step of sign-in: a code from the app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = SecondFactorForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)

    def form_valid(self, form):
        from django_otp.plugins.otp_static.models import StaticDevice

        try:
            device = services.verify_second_factor(user=self.request.user, token=form.cleaned_data["token"])
        except services.SecondFactorThrottled as wait:
            form.add_error("token", _throttled(wait.seconds))
            return self.form_invalid(form)
        if device is None:
            form.add_error("token", _("That code is not right, or was used already. Try the new code."))
            return self.form_invalid(form)
        django_otp.login(self.request, device)
        self.request.session.pop(twofactor.SESSION_PENDING, None)
        if isinstance(device, StaticDevice):
            left = device.token_set.count()
            messages.warning(
                self.request,
                gettext(
                    "You signed in with a recovery code; %(left)s left. "
                    "Make new ones on your two-factor page."
                )
                % {"left": left},
            )
        return HttpResponseRedirect(_next_url(self.request))


@require_POST
@login_required
def two_factor_recovery_codes(request):
    if not twofactor.is_verified(request):
        return redirect("two_factor_verify")
    codes = services.regenerate_recovery_codes(user=request.user)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("two_factor")})


@require_POST
@login_required
def two_factor_disable(request):
    if not twofactor.is_verified(request):
        return redirect("two_factor_verify")
    if twofactor.required_for(request.user):
        messages.error(
            request, gettext("Two-factor sign-in is required for your role and cannot be turned off.")
        )
        return redirect("two_factor")
    services.disable_two_factor(user=request.user)
    messages.success(request, gettext("Two-factor sign-in is off."))
    return redirect("two_factor")
