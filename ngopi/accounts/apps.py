from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


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
