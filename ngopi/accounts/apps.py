from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _announce_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    from .services import notify_account_locked

    if username:
        notify_account_locked(username=username, ip_address=ip_address or "")


def _remember_second_factor(sender, request=None, user=None, **kwargs):
    from .twofactor import remember_at_sign_in

    if request is not None and user is not None:
        remember_at_sign_in(request, user)


def _sync_role_groups(sender, **kwargs):
    from .services import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "ngopi.accounts"
    label = "accounts"
    verbose_name = _("People and police units")

    def ready(self):
        # Permissions exist only after each app migrates; the sync is idempotent, so it runs after every app.
        post_migrate.connect(_sync_role_groups, dispatch_uid="ngopi_role_groups")

        from axes.signals import user_locked_out

        from ngopi.core import logging as private_logs
        from ngopi.notifications import kinds

        from .services import LOCKED_KIND

        # A password-reset link holds the account's id and a one-time token: never in a log.
        private_logs.private_pattern(r"(?<=/accounts/reset/)[^\s\"'<>?]+?(?=/?(?:[\s\"'<>?]|$))")

        kinds.register(LOCKED_KIND, _("My account locked after failed sign-ins"), urgent=True)
        user_locked_out.connect(_announce_lockout, dispatch_uid="ngopi_lockout_notice")

        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_remember_second_factor, dispatch_uid="ngopi_second_factor")
