"""Who must give a second factor, and whether this session has.

Sign-in is two steps when two-factor is on for the user: the password (Django's login), then a
code from the authenticator app or a recovery code (``views.TwoFactorVerifyView``), which marks
the session verified (django-otp). Until then ``middleware.TwoFactorMiddleware`` lets the user
reach only the second step, the set-up page, and sign-out.
"""

from django.conf import settings

SESSION_PENDING = "ngopi_2fa_pending"


def required_for(user) -> bool:
    """Commanders and administrators must use two-factor sign-in when NGOPI_REQUIRE_2FA is on."""
    return bool(
        settings.NGOPI_REQUIRE_2FA and user.is_authenticated and (user.is_commander or user.is_administrator)
    )


def has_second_factor(user) -> bool:
    """The user has a confirmed authenticator app (recovery codes alone do not count)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return user.is_authenticated and TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def remember_at_sign_in(request, user) -> None:
    """At password sign-in: note in the session whether a second step is owed, so pages need not
    ask the database for users who have none."""
    if has_second_factor(user):
        request.session[SESSION_PENDING] = True
    else:
        request.session.pop(SESSION_PENDING, None)


def is_verified(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def owes_second_factor(request) -> bool:
    """Signed in with the password, and a second factor is due but not given yet."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return False
    return required_for(user) or bool(request.session.get(SESSION_PENDING))
